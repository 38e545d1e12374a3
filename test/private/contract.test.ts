import * as fs from 'fs';
import * as path from 'path';
import { PlatformCluster, ServiceApp } from '../../src';
import {
  DEFAULT_RUN_AS_USER, EXTERNAL_SECRETS_NAMESPACE, MANAGED_BY, MANAGED_BY_LABEL, POD_IDENTITY_AGENT,
  podSecurityLabels, PRIORITY_CLASS, SECRET_STORE_NAME, teamGroup,
} from '../../src/private/contract';
import { find, prodStack, resources, synthAll } from '../util';

const SRC = path.resolve(__dirname, '..', '..', 'src');

describe('the platform contract (src/private/contract.ts)', () => {
  // GIVEN a platform and a service that reads a secret and calls AWS, in one environment
  const { app, stack } = prodStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  cluster.addTeam('shop', { principalArns: ['arn:aws:iam::123456789012:role/shop-developers'] });
  const checkout = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.0.0', secrets: [{ name: 'API_KEY', property: 'apiKey' }], cluster });
  checkout.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:orders');
  // WHEN both outputs are synthesized
  const { tf, k8s } = synthAll(app);

  test('the store every ExternalSecret names is the ClusterSecretStore the platform creates (one fed only by a generator names none)', () => {
    const store = find(k8s, 'ClusterSecretStore', SECRET_STORE_NAME);
    expect(store.metadata.name).toBe(SECRET_STORE_NAME);
    const generated = (es: any) => !es.spec.data && (es.spec.dataFrom ?? []).every((d: any) => d.sourceRef?.generatorRef);
    const externalSecrets = k8s.filter((o) => o.kind === 'ExternalSecret' && !generated(o));
    expect(externalSecrets.length).toBeGreaterThan(0);
    for (const es of externalSecrets) {
      expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: SECRET_STORE_NAME });
    }
    // Grafana's admin password is the generator-fed one here.
    expect(k8s.filter((o) => o.kind === 'ExternalSecret' && generated(o)).map((o) => o.metadata.name)).toEqual(['grafana-admin']);
  });

  test('the priority class pods ask for is one the platform defines, and the default one is the global default', () => {
    const defined = k8s.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name).sort();
    expect(defined).toEqual(Object.values(PRIORITY_CLASS).sort());
    expect(find(k8s, 'PriorityClass', PRIORITY_CLASS.WORKLOAD_DEFAULT).globalDefault).toBe(true);
    expect(find(k8s, 'Deployment', 'checkout').spec.template.spec.priorityClassName).toBe(PRIORITY_CLASS.WORKLOAD_DEFAULT);
  });

  test('the External Secrets role is bound to the operator namespace the platform creates', () => {
    const association = resources(tf.prod, 'aws_eks_pod_identity_association').find((a) => a.namespace === EXTERNAL_SECRETS_NAMESPACE);
    expect(association).toBeDefined();
    expect(find(k8s, 'Namespace', EXTERNAL_SECRETS_NAMESPACE).metadata.labels).toMatchObject(podSecurityLabels());
  });

  test('pods that use IAM and the operator reach the Pod Identity agent at one address', () => {
    const agent = { to: [{ ipBlock: { cidr: `${POD_IDENTITY_AGENT.ip}/32` } }], ports: [{ protocol: 'TCP', port: POD_IDENTITY_AGENT.port }] };
    expect(find(k8s, 'NetworkPolicy', 'checkout').spec.egress).toContainEqual(agent);
    expect(find(k8s, 'NetworkPolicy', EXTERNAL_SECRETS_NAMESPACE).spec.egress).toContainEqual(agent);
  });

  test('the team group of the access entries is the group bound in the team namespace', () => {
    const entries = resources(tf.prod, 'aws_eks_access_entry');
    const binding = k8s.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'shop');
    expect(binding.subjects[0].name).toBe(teamGroup('shop'));
    const teamEntries = entries.filter((x) => x.principal_arn.endsWith('/shop-developers'));
    expect(teamEntries).toHaveLength(1);
    expect(teamEntries[0].kubernetes_groups).toEqual([teamGroup('shop')]);
  });

  test('every object carries the managed-by label, and the workload runs as the contract UID', () => {
    const unlabelled = k8s.filter((o) => o.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY).map((o) => `${o.kind} ${o.metadata.name}`);
    expect(unlabelled).toEqual([]);
    expect(find(k8s, 'Deployment', 'checkout').spec.template.spec.securityContext.runAsUser).toBe(DEFAULT_RUN_AS_USER);
  });

  test('every namespace the library writes carries the one Pod Security label set: restricted, enforced, audited, warned', () => {
    const namespaces = k8s.filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((ns) => ns.metadata.name)).toEqual(expect.arrayContaining(['shop', EXTERNAL_SECRETS_NAMESPACE]));
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toMatchObject(podSecurityLabels());
    }
    expect(podSecurityLabels()).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
});

describe('contract names are spelled once', () => {
  // Literals that belong to the contract module; anywhere else in src/ they are a second spelling.
  const LITERALS = [
    "'aws-secrets-manager'", "'workload-default'", "'preview-low'", "'workload-high'", "'platform-critical'",
    '169.254.170.23', "'cdk-paved-road'", "'paved-road.dev/", "'pod-security.kubernetes.io/", "'app.kubernetes.io/",
    "'external-secrets'", 'runAsUser: 10001', 'SecurityContext(10001', "'paved-road:",
  ];

  function codeLines(file: string): Array<[number, string]> {
    return fs.readFileSync(file, 'utf-8').split('\n').map((line, i) => [i + 1, line] as [number, string])
      .filter(([, line]) => !/^\s*(\*|\/\/|\/\*)/.test(line));
  }

  test('no contract literal outside src/private/contract.ts', () => {
    const files = fs.readdirSync(SRC, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.join(e.parentPath ?? (e as any).path, e.name))
      .filter((f) => path.relative(SRC, f) !== path.join('private', 'contract.ts'));
    const offenders: string[] = [];
    for (const file of files) {
      for (const [n, line] of codeLines(file)) {
        for (const literal of LITERALS.filter((l) => line.includes(l))) {
          offenders.push(`${path.relative(SRC, file)}:${n}: ${literal}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
