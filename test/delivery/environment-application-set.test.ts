import { Chart, Testing } from 'cdk8s';
import { EnvironmentApplicationSet } from '../../src';
import { find, k8sSynth } from '../util';

const REPO = 'https://github.com/acme/gitops.git';

describe('EnvironmentApplicationSet (alone in a plain Chart)', () => {
  test('one Application per registered team folder <environment>/<team>, in the team\'s project and namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    const set = new EnvironmentApplicationSet(chart, 'dev', { environmentName: 'dev', repoUrl: REPO, teams: ['shop'], autoSync: true });
    set.addTeam('payments'); // after construction: still listed
    const obj = find(k8sSynth(chart), 'ApplicationSet', 'dev');
    expect(obj.metadata.namespace).toBe('argocd');
    expect(obj.spec.generators).toEqual([{ git: { repoURL: REPO, revision: 'main', directories: [{ path: 'dev/payments' }, { path: 'dev/shop' }] } }]);
    const app = obj.spec.template;
    expect(app.metadata.name).toBe('dev-{{.path.basename}}');
    expect(app.spec.project).toBe('{{.path.basename}}');
    expect(app.spec.destination).toEqual({ name: 'in-cluster', namespace: '{{.path.basename}}' });
    expect(app.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: '{{.path.path}}' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(obj.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(obj.spec.goTemplateOptions).toEqual(['missingkey=error']);
  });

  test('manual sync unless autoSync', () => {
    const chart = new Chart(Testing.app(), 'c');
    const set = new EnvironmentApplicationSet(chart, 'prod', { environmentName: 'prod', repoUrl: REPO, revision: 'release' });
    expect(set.autoSync).toBe(false);
    const obj = find(k8sSynth(chart), 'ApplicationSet');
    expect(obj.spec.template.spec.syncPolicy.automated).toBeUndefined();
    expect(obj.spec.generators[0].git.revision).toBe('release');
  });

  test.each([
    ['a team named platform', (s: EnvironmentApplicationSet) => s.addTeam('platform'),
      /EnvironmentApplicationSet 'c\/s': 'addTeam team' \('platform'\) names the platform's own folder \(<environment>\/platform\/\)/],
    ['a team twice', (s: EnvironmentApplicationSet) => {
      s.addTeam('shop'); s.addTeam('shop');
    }, /EnvironmentApplicationSet 'c\/s': team 'shop' is added twice; add each team once/],
    ['a bad team name', (s: EnvironmentApplicationSet) => s.addTeam('Shop'), /'addTeam team' \('Shop'\) is not a DNS-1123 label/],
  ])('fails on %s', (_name, act, message) => {
    const set = new EnvironmentApplicationSet(new Chart(Testing.app(), 'c'), 's', { environmentName: 'dev', repoUrl: REPO });
    expect(() => act(set)).toThrow(message);
  });

  test('a bad repository URL fails', () => {
    expect(() => new EnvironmentApplicationSet(new Chart(Testing.app(), 'c'), 's', { environmentName: 'dev', repoUrl: 'acme/gitops' }))
      .toThrow(/EnvironmentApplicationSet 'c\/s': 'repoUrl' \('acme\/gitops'\) is not a Git repository URL/);
  });

  test('a bad environment name fails', () => {
    expect(() => new EnvironmentApplicationSet(new Chart(Testing.app(), 'c'), 's', { environmentName: 'Prod', repoUrl: REPO }))
      .toThrow(/EnvironmentApplicationSet 'c\/s': 'environmentName' \('Prod'\) is not a DNS-1123 label/);
  });
});
