import * as path from 'path';
import { EnvironmentClass, PlatformCluster } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find, prodStack, resources, synthAll } from '../util';

const REPO = 'https://github.com/acme/gitops.git';
const IDC = 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6';

function cluster(overrides: any = {}, gitops: any = { repoUrl: REPO }) {
  const { app, stack } = prodStack(overrides);
  const c = new PlatformCluster(stack, 'cluster', { gitops });
  c.addTeam('shop');
  c.addTeam('payments');
  return { app, cluster: c };
}

describe('PlatformGitOps (through PlatformCluster gitops)', () => {
  test('production: the root Application, an AppProject per team and the ApplicationSet, synced by hand', () => {
    const { app } = cluster();
    const { k8s, tf, result } = synthAll(app);
    expect(result.findings.filter((f) => f.severity === 'error' && !f.suppressed)).toEqual([]);
    expect(schemaErrors(k8s)).toEqual([]);
    const ns = find(k8s, 'Namespace', 'argocd');
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'paved-road.dev/environment': 'prod' });
    expect(find(k8s, 'NetworkPolicy', 'argocd').metadata.namespace).toBe('argocd');
    const root = find(k8s, 'Application', 'platform');
    expect(root.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'prod/platform' });
    expect(root.spec.project).toBe('platform-root');
    expect(root.spec.syncPolicy.automated).toBeUndefined();
    const rootProject = find(k8s, 'AppProject', 'platform-root');
    expect(rootProject.spec.sourceRepos).toEqual([REPO, 'https://argoproj.github.io/argo-helm']);
    for (const team of ['shop', 'payments']) {
      const project = find(k8s, 'AppProject', team);
      expect(project.spec.destinations).toEqual([{ name: 'in-cluster', namespace: team }]);
      expect(project.spec.clusterResourceWhitelist).toEqual([]);
    }
    const set = find(k8s, 'ApplicationSet', 'prod');
    expect(set.spec.generators[0].git.directories).toEqual([{ path: 'prod/payments' }, { path: 'prod/shop' }]);
    expect(set.spec.template.spec.syncPolicy.automated).toBeUndefined();
    // Self-managed: no capability, no cluster Secret; Argo CD's own pinned chart as an Application of the root project.
    expect(resources(tf.prod, 'aws_eks_capability')).toHaveLength(0);
    expect(k8s.filter((o) => o.kind === 'Secret' && o.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster')).toHaveLength(0);
    const argocd = find(k8s, 'Application', 'argocd');
    expect(argocd.spec.project).toBe('platform-root');
    expect(argocd.spec.source).toMatchObject({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', targetRevision: '10.1.1' });
    expect(argocd.spec.source.helm.releaseName).toBe('argocd');
    expect(argocd.spec.destination).toEqual({ name: 'in-cluster', namespace: 'argocd' });
  });

  test.each([
    ['self-managed', {}],
    ['the EKS capability', { identityCenter: { instanceArn: IDC } }],
  ])('%s: every Application and ApplicationSet template comes from a repository its AppProject allows, to a destination it allows', (_, gitops) => {
    // Argo CD refuses to sync an Application whose source or destination its project does not permit.
    const { app } = cluster({}, { repoUrl: REPO, ...gitops });
    const { k8s } = synthAll(app);
    const apps = [
      ...k8s.filter((o) => o.kind === 'Application').map((o) => ({ name: o.metadata.name, spec: o.spec })),
      // An ApplicationSet's Application per folder its Git generator finds: the template filled in.
      ...k8s.filter((o) => o.kind === 'ApplicationSet').flatMap((o) => o.spec.generators[0].git.directories.map((d: { path: string }) => ({
        name: `${o.metadata.name}: ${d.path}`,
        spec: JSON.parse(JSON.stringify(o.spec.template.spec).replace(/\{\{\.path\.basename\}\}/g, path.basename(d.path)).replace(/\{\{\.path\.path\}\}/g, d.path)),
      }))),
    ];
    expect(apps.length).toBeGreaterThan(3);
    for (const { name, spec } of apps) {
      const project = find(k8s, 'AppProject', spec.project);
      const repos = spec.sources ? spec.sources.map((s: any) => s.repoURL) : [spec.source.repoURL];
      for (const repo of repos) {
        expect({ name, repo, allowed: project.spec.sourceRepos.includes(repo) || project.spec.sourceRepos.includes('*') }).toEqual({ name, repo, allowed: true });
      }
      const destinations = project.spec.destinations as Array<{ name: string; namespace: string }>;
      const ns = spec.destination.namespace;
      const allowed = destinations.some((d) => d.name === spec.destination.name && (d.namespace === '*' || d.namespace === ns));
      expect({ name, destination: spec.destination, allowed }).toEqual({ name, destination: spec.destination, allowed: true });
    }
  });

  test('development: automatic sync with prune and self-heal, for the root and the teams', () => {
    const { app } = cluster({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'Application', 'platform').spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(find(k8s, 'ApplicationSet', 'dev').spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('autoSync overrides the class', () => {
    const { app } = cluster({}, { repoUrl: REPO, autoSync: true, revision: 'prod' });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'ApplicationSet', 'prod').spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(find(k8s, 'Application', 'platform').spec.source.targetRevision).toBe('prod');
  });

  test('with Identity Center: the EKS capability and the Secret that registers its own cluster by ARN as in-cluster', () => {
    const { app, cluster: c } = cluster({}, { repoUrl: REPO, identityCenter: { instanceArn: IDC } });
    const { k8s, tf, result } = synthAll(app);
    expect(result.findings.filter((f) => f.severity === 'error' && !f.suppressed)).toEqual([]);
    const [capability] = resources(tf.prod, 'aws_eks_capability');
    expect(capability.cluster_name).toMatch(/^\$\{aws_eks_cluster\./);
    expect(capability.configuration[0].argo_cd[0].aws_idc).toEqual([{ idc_instance_arn: IDC, idc_region: 'eu-west-1' }]);
    expect(resources(tf.prod, 'aws_iam_role').find((r) => r.name === 'acme-prod-argocd-capability')).toBeDefined();
    const secret = find(k8s, 'Secret', 'in-cluster');
    expect(secret.metadata.namespace).toBe('argocd');
    expect(secret.metadata.labels['argocd.argoproj.io/secret-type']).toBe('cluster');
    expect(secret.stringData).toEqual({ name: 'in-cluster', server: 'arn:aws:eks:eu-west-1:123456789012:cluster/acme-prod' });
    expect(c.gitops?.capability).toBeDefined();
    expect(k8s.find((o) => o.kind === 'Application' && o.metadata.name === 'argocd')).toBeUndefined();
    // Add-ons name the cluster as the capability registers it: no kubernetes.default.svc anywhere.
    expect(JSON.stringify(k8s)).not.toContain('kubernetes.default.svc');
  });

  test('a public repository: no credentials; privateRepository: an empty secret in the environment\'s names and the ExternalSecret that writes Argo CD\'s repository Secret from it', () => {
    const open = synthAll(cluster().app);
    expect(open.k8s.filter((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === 'argocd')).toEqual([]);
    const { app, cluster: c } = cluster({}, { repoUrl: REPO, privateRepository: true });
    const { k8s, tf } = synthAll(app);
    expect(c.gitops!.repositoryCredentialsSecretName).toBe('acme/prod/gitops/repository');
    const [secret] = resources(tf.prod, 'aws_secretsmanager_secret').filter((x) => x.name === 'acme/prod/gitops/repository');
    expect(secret.recovery_window_in_days).toBe(7); // the production class's secret recovery window
    // Values are set out of band: Terraform holds no version (and so no credential) of it.
    expect(resources(tf.prod, 'aws_secretsmanager_secret_version').filter((v) => String(v.secret_id).includes('RepositoryCredentials'))).toEqual([]);
    const es = find(k8s, 'ExternalSecret', 'gitops-repository');
    expect(es.metadata.namespace).toBe('argocd');
    expect(es.spec.dataFrom).toEqual([{ extract: { key: 'acme/prod/gitops/repository' } }]);
    expect(es.spec.target.template.metadata.labels['argocd.argoproj.io/secret-type']).toBe('repository');
    expect(es.spec.target.template.data).toEqual({
      type: 'git',
      url: REPO,
      githubAppID: '{{ .githubAppID }}',
      githubAppInstallationID: '{{ .githubAppInstallationID }}',
      githubAppPrivateKey: '{{ .githubAppPrivateKey }}',
    });
    // The External Secrets Operator may read it: its policy covers the environment's own secrets.
    const eso = resources(tf.prod, 'aws_iam_role_policy').map((p) => JSON.parse(p.policy)).find((p) => p.Statement.some((st: any) => st.Sid === 'ReadEnvironmentSecrets'));
    const read = eso.Statement.find((st: any) => st.Sid === 'ReadEnvironmentSecrets').Resource as string[];
    expect(read.some((r) => new RegExp(`^${r.replace(/[.*+?^${}()|[\]\\]/g, (ch) => (ch === '*' ? '.*' : `\\${ch}`))}$`).test('arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/gitops/repository-AbCdEf'))).toBe(true);
  });

  test('a team named platform fails: it is the platform\'s own folder', () => {
    const { stack } = prodStack();
    const c = new PlatformCluster(stack, 'cluster', { gitops: { repoUrl: REPO } });
    expect(() => c.addTeam('platform')).toThrow(/'addTeam team' \('platform'\) names the platform's own folder/);
  });

  test('a bad repository URL fails', () => {
    const { stack } = prodStack();
    expect(() => new PlatformCluster(stack, 'cluster', { gitops: { repoUrl: 'github.com/acme/gitops' } }))
      .toThrow(/PlatformGitOps 'prod\/cluster\/GitOps': 'repoUrl' \('github.com\/acme\/gitops'\) is not a Git repository URL/);
  });

  test('a team added twice to PlatformGitOps directly fails', () => {
    const { cluster: c } = cluster();
    expect(() => c.gitops!.addTeam('shop')).toThrow(/PlatformGitOps 'prod\/cluster\/GitOps': team 'shop' is added twice/);
  });
});
