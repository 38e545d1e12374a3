import { Chart, Testing } from 'cdk8s';
import { EnvironmentClass, EnvironmentDefaults, TeamNamespace, TeamNamespaceProps } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find } from '../util';

/** A TeamNamespace alone in a plain cdk8s Chart. */
function synth(props: Partial<TeamNamespaceProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new TeamNamespace(chart, 'Team', { name: 'payments', group: 'team:payments', ...props });
  return Testing.synth(chart);
}

describe('TeamNamespace', () => {
  test('alone in a Chart: restricted Pod Security, quota, LimitRange, default deny, developer role; valid Kubernetes', () => {
    const objects = synth();
    expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy', 'Role', 'RoleBinding']);
    expect(find(objects, 'Namespace', 'payments').metadata.labels).toEqual({
      'paved-road.dev/team': 'payments',
      'app.kubernetes.io/managed-by': 'cdk-paved-road',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(find(objects, 'RoleBinding', 'team-developer').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team:payments' }]);
    const verbs = find(objects, 'Role', 'team-developer').rules.flatMap((r: any) => r.resources);
    expect(verbs).not.toContain('pods/exec');
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('default deny is deny: nothing in, only DNS out, for every pod of the namespace', () => {
    const deny = find(synth(), 'NetworkPolicy', 'default-deny').spec;
    expect(deny.podSelector).toEqual({});
    expect(deny.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.ingress).toBeUndefined();
    expect(deny.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('without defaults, sized as development: quota 10 cores / 20Gi / 60 pods, LimitRange 100m/128Mi to 500m/256Mi, max 2 / 4Gi', () => {
    const objects = synth();
    expect(find(objects, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '10', 'limits.cpu': '20', 'requests.memory': '20Gi', 'limits.memory': '40Gi', 'pods': '60' });
    expect(find(objects, 'LimitRange').spec.limits).toEqual([{
      type: 'Container',
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '256Mi' },
      max: { cpu: '2', memory: '4Gi' },
    }]);
  });

  test.each([
    [EnvironmentClass.PRODUCTION, { cpu: '250m', memory: '512Mi' }, { cpu: '1', memory: '1Gi' }, { cpu: '4', memory: '8Gi' }, '40'],
    [EnvironmentClass.STAGING, { cpu: '100m', memory: '256Mi' }, { cpu: '500m', memory: '512Mi' }, { cpu: '4', memory: '8Gi' }, '20'],
    [EnvironmentClass.PREVIEW, { cpu: '50m', memory: '64Mi' }, { cpu: '250m', memory: '256Mi' }, { cpu: '1', memory: '2Gi' }, '4'],
  ])('sized by the %s class', (environmentClass, defaultRequest, limit, max, cpuQuota) => {
    const objects = synth({ defaults: EnvironmentDefaults.of(environmentClass) });
    expect(find(objects, 'LimitRange').spec.limits[0]).toEqual({ type: 'Container', defaultRequest, default: limit, max });
    expect(find(objects, 'ResourceQuota').spec.hard['requests.cpu']).toBe(cpuQuota);
  });

  test('a quota prop wins over the class', () => {
    const objects = synth({ defaults: EnvironmentDefaults.of(EnvironmentClass.PREVIEW), quotaCpuCores: 6, quotaMemoryGib: 12, quotaPods: 40 });
    expect(find(objects, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '6', 'requests.memory': '12Gi', 'pods': '40' });
  });

  test('the team label may differ from the namespace name (a preview namespace)', () => {
    const objects = synth({ name: 'preview-shop-pr-1', team: 'shop', labels: { extra: 'x' }, annotations: { note: 'y' } });
    const ns = find(objects, 'Namespace', 'preview-shop-pr-1');
    expect(ns.metadata.labels).toMatchObject({ 'paved-road.dev/team': 'shop', 'extra': 'x' });
    expect(ns.metadata.annotations).toEqual({ note: 'y' });
  });

  describe('bad input', () => {
    test.each([
      [{ name: 'Payments' }, /TeamNamespace 'test\/Team': 'name' \('Payments'\) is not a DNS-1123 label/],
      [{ group: 'team payments' }, /TeamNamespace 'test\/Team': 'group' \('team payments'\) is not a Kubernetes group name; use a name without spaces/],
      [{ group: '' }, /'group' \(''\) is not a Kubernetes group name/],
      [{ quotaCpuCores: 0 }, /'quotaCpuCores' \(0\) must be a whole number from 1 to 100000/],
      [{ quotaMemoryGib: 1.5 }, /'quotaMemoryGib' \(1.5\) must be a whole number from 1 to 1000000/],
      [{ quotaPods: -1 }, /'quotaPods' \(-1\) must be a whole number from 1 to 100000/],
      [{ team: 'Shop' }, /'team' \('Shop'\) is not a DNS-1123 label/],
      [{ name: 'kube-system' }, /^TeamNamespace 'test\/Team': 'name' \('kube-system'\) is reserved for Kubernetes or the platform's add-ons/],
      [{ name: 'external-secrets' }, /'name' \('external-secrets'\) is reserved/],
    ])('%j fails', (bad, message) => {
      expect(() => synth(bad)).toThrow(message);
    });
  });
});
