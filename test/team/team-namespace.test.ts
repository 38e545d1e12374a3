import { Testing } from 'cdk8s';
import { TeamNamespace } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find } from '../util';

describe('TeamNamespace', () => {
  test('default deny is deny: nothing in, only DNS out, for every pod of the namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    new TeamNamespace(chart, 'shop', { name: 'shop', group: 'team:shop' });

    // WHEN
    const objects = Testing.synth(chart);

    // THEN no allowance within the namespace, from the VPC or on any port
    const deny = find(objects, 'NetworkPolicy', 'default-deny').spec;
    expect(deny.podSelector).toEqual({});
    expect(deny.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.ingress).toBeUndefined();
    expect(deny.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test.each([
    [{ name: 'Shop' }, /TeamNamespace 'test\/t': 'name' \('Shop'\) is not a DNS-1123 label/],
    [{ group: 'team shop' }, /'group' \('team shop'\) is not a Kubernetes group name/],
    [{ cpuCores: 0 }, /'cpuCores' \(0\) must be a whole number from 1/],
  ])('%j fails', (props, message) => {
    expect(() => new TeamNamespace(Testing.chart(), 't', { name: 'shop', group: 'team:shop', ...props })).toThrow(message);
  });
});
