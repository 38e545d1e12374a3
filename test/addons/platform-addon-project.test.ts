import { Chart, Testing } from 'cdk8s';
import { PlatformAddonProject } from '../../src';
import { find, k8sSynth } from '../util';

describe('PlatformAddonProject', () => {
  test('GIVEN add-on namespaces and repositories THEN the AppProject allows only those sources and destinations', () => {
    const c = new Chart(Testing.app(), 'test');
    new PlatformAddonProject(c, 'P', { sourceRepos: ['https://b.example.com', 'https://a.example.com', 'https://a.example.com'], namespaces: ['karpenter', 'external-secrets'] });
    const project = find(k8sSynth(c), 'AppProject', 'platform');
    expect(project.metadata.namespace).toBe('argocd');
    expect(project.spec.sourceRepos).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(project.spec.destinations).toEqual([
      { name: 'in-cluster', namespace: 'external-secrets' },
      { name: 'in-cluster', namespace: 'karpenter' },
    ]);
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '*', kind: '*' }]);
  });

  test('GIVEN no namespaces THEN it throws', () => {
    expect(() => new PlatformAddonProject(new Chart(Testing.app(), 'test'), 'P', { sourceRepos: [], namespaces: [] }))
      .toThrow(/PlatformAddonProject 'test\/P': 'namespaces' \(\[\]\) is empty, so no Application of the project could sync; name the namespaces/);
  });
});
