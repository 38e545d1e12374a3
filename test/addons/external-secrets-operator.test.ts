import { Chart, Testing } from 'cdk8s';
import { ExternalSecretsOperator } from '../../src';
import { find, k8sSynth } from '../util';

describe('ExternalSecretsOperator', () => {
  test('GIVEN the operator alone in a chart THEN its namespace, NetworkPolicy and pinned chart (CRDs, service account, priority class)', () => {
    const c = new Chart(Testing.app(), 'test');
    new ExternalSecretsOperator(c, 'Eso');
    const objects = k8sSynth(c);
    expect(find(objects, 'Namespace', 'external-secrets').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const policy = find(objects, 'NetworkPolicy', 'external-secrets');
    expect(policy.metadata.namespace).toBe('external-secrets');
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 10250 }] }]);
    expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ protocol: 'TCP', port: 80 }] });
    const app = find(objects, 'Application', 'external-secrets');
    expect(app.spec.source.targetRevision).toBe('2.9.0');
    const values = app.spec.source.helm.valuesObject;
    expect(values.installCRDs).toBe(true);
    expect(values.serviceAccount.name).toBe('external-secrets');
    expect([values.priorityClassName, values.webhook.priorityClassName, values.certController.priorityClassName])
      .toEqual(['platform-critical', 'platform-critical', 'platform-critical']);
    expect(values.webhook.port).toBe(10250); // the port the NetworkPolicy admits
  });
});
