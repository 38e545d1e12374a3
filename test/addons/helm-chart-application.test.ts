import { Chart, Testing } from 'cdk8s';
import { HelmChartApplication } from '../../src';
import { find, k8sSynth } from '../util';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('HelmChartApplication', () => {
  test('GIVEN a pinned chart WHEN synthesized THEN one Argo CD Application in argocd, project platform, version and values inline', () => {
    const c = chart();
    new HelmChartApplication(c, 'Eso', {
      repoUrl: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
      namespace: 'external-secrets',
      values: { installCRDs: true },
    });
    const app = find(k8sSynth(c), 'Application', 'external-secrets');
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.metadata.finalizers).toBeUndefined(); // removing the Application does not delete CRDs
    expect(app.spec.project).toBe('platform');
    expect(app.spec.source).toEqual({
      repoURL: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      targetRevision: '2.9.0',
      helm: { releaseName: 'external-secrets', valuesObject: { installCRDs: true } },
    });
    expect(app.spec.destination).toEqual({ name: 'in-cluster', namespace: 'external-secrets' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.syncPolicy.retry.limit).toBeGreaterThan(0);
  });

  test('GIVEN no values, a release name, a project and an OCI repository THEN they are used and no valuesObject is written', () => {
    const c = chart();
    new HelmChartApplication(c, 'K', {
      repoUrl: 'public.ecr.aws/karpenter',
      chart: 'karpenter',
      version: '1.8.1',
      namespace: 'karpenter',
      releaseName: 'node-autoscaler',
      project: 'infra',
      argoCdNamespace: 'gitops',
    });
    const app = find(k8sSynth(c), 'Application', 'node-autoscaler');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.spec.project).toBe('infra');
    expect(app.spec.source.helm).toEqual({ releaseName: 'node-autoscaler' });
  });

  test.each(['^1.2.0', '1.x', 'latest', '*', '>=1.0.0', ''])('GIVEN version %p THEN it is refused as not pinned', (version) => {
    expect(() => new HelmChartApplication(chart(), 'A', { repoUrl: 'https://charts.example.com', chart: 'a', version, namespace: 'a' }))
      .toThrow(/HelmChartApplication 'test\/A': 'version' .* is not an exact chart version; pin one release/);
  });

  test('GIVEN a repository that is neither https nor an OCI path THEN it is refused', () => {
    expect(() => new HelmChartApplication(chart(), 'A', { repoUrl: 'http://charts.example.com', chart: 'a', version: '1.0.0', namespace: 'a' }))
      .toThrow(/'repoUrl' \('http:\/\/charts.example.com'\) is neither an https:\/\/ chart repository nor an OCI registry path/);
  });

  test('GIVEN a namespace that is not a DNS label THEN it is refused', () => {
    expect(() => new HelmChartApplication(chart(), 'A', { repoUrl: 'https://charts.example.com', chart: 'a', version: '1.0.0', namespace: 'Kube_System' }))
      .toThrow(/'namespace' \('Kube_System'\) is not a DNS-1123 label/);
  });
  test('GIVEN ignoreDifferences THEN Argo CD ignores those fields and does not re-apply them; none by default', () => {
    const c = chart();
    const base = { repoUrl: 'https://charts.example.com', chart: 'x', version: '1.0.0', namespace: 'x' };
    new HelmChartApplication(c, 'Plain', { ...base, releaseName: 'plain' });
    new HelmChartApplication(c, 'Kept', {
      ...base,
      releaseName: 'kept',
      ignoreDifferences: [
        { kind: 'Secret', name: 'x-tls', jsonPointers: ['/data'] },
        { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', name: 'x-webhook', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      ],
    });
    const objects = k8sSynth(c);
    const plain = find(objects, 'Application', 'plain');
    expect(plain.spec.ignoreDifferences).toBeUndefined();
    expect(plain.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    const kept = find(objects, 'Application', 'kept');
    expect(kept.spec.ignoreDifferences).toEqual([
      { group: '', kind: 'Secret', name: 'x-tls', jsonPointers: ['/data'] },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', name: 'x-webhook', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    ]);
    expect(kept.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'RespectIgnoreDifferences=true']);
  });

  test('GIVEN an ignored difference that names no field THEN it throws naming it', () => {
    expect(() => new HelmChartApplication(chart(), 'H', {
      repoUrl: 'https://charts.example.com', chart: 'x', version: '1.0.0', namespace: 'x', ignoreDifferences: [{ kind: 'Secret', name: 'x-tls' }],
    })).toThrow(/HelmChartApplication 'test\/H': 'ignoreDifferences\[0\]' \('Secret'\) names no field \(neither jsonPointers nor jqPathExpressions\); give the fields/);
  });
});
