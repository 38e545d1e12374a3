import { Chart, Testing } from 'cdk8s';
import { TeamProject } from '../../src';
import { find, k8sSynth } from '../util';

const REPO = 'https://github.com/acme/gitops.git';

describe('TeamProject (alone in a plain Chart)', () => {
  test('the team\'s namespace of the local cluster only, no cluster-scoped kinds, no quota or limit range', () => {
    const chart = new Chart(Testing.app(), 'c');
    const project = new TeamProject(chart, 'shop', { team: 'shop', sourceRepos: [REPO] });
    const obj = find(k8sSynth(chart), 'AppProject', 'shop');
    expect(obj.metadata.namespace).toBe('argocd');
    expect(obj.spec.sourceRepos).toEqual([REPO]);
    expect(obj.spec.destinations).toEqual([{ name: 'in-cluster', namespace: 'shop' }]);
    expect(obj.spec.clusterResourceWhitelist).toEqual([]);
    expect(obj.spec.namespaceResourceBlacklist).toEqual([{ group: '', kind: 'LimitRange' }, { group: '', kind: 'ResourceQuota' }]);
    expect(project.namespaces).toEqual(['shop']);
  });

  test('more namespaces when asked', () => {
    const chart = new Chart(Testing.app(), 'c');
    new TeamProject(chart, 'shop', { team: 'shop', sourceRepos: [REPO], namespaces: ['shop-batch', 'shop'] });
    expect(find(k8sSynth(chart), 'AppProject').spec.destinations.map((d: any) => d.namespace)).toEqual(['shop', 'shop-batch']);
  });

  test.each([
    [{ team: 'Shop', sourceRepos: [REPO] }, /TeamProject 'c\/p': 'team' \('Shop'\) is not a DNS-1123 label/],
    [{ team: 'shop', sourceRepos: [] }, /'sourceRepos' \(\[\]\) is empty, so no Application of the team could sync/],
    [{ team: 'shop', sourceRepos: ['*'] }, /'sourceRepos' \('\*'\) is not one Git repository URL \(wildcards would let the team sync from anywhere\)/],
    [{ team: 'shop', sourceRepos: [REPO], namespaces: [] }, /'namespaces' \(\[\]\) is empty/],
  ])('%j fails', (props, message) => {
    expect(() => new TeamProject(new Chart(Testing.app(), 'c'), 'p', props)).toThrow(message);
  });
});
