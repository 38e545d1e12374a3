import * as fs from 'fs';
import * as path from 'path';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { ApiObject } from 'cdk8s';
import {
  EnvironmentClass, GuardrailPacks, GuardrailSeverity, GuardrailSubject, GuardrailTarget, Guardrails, IGuardrailRule, PlatformApp, ServiceApp,
} from '../../src';
import { filesUnder, prodStack, tempApp } from '../util';

// ------------------------------------------------------------------ one passing and one failing case per rule

const goodContainer = {
  name: 'app',
  image: 'registry.example.com/app:1.2.3',
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
  ports: [{ containerPort: 8080 }],
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
};
const deployment = (container: any = {}, pod: any = {}, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ ...goodContainer, ...container }], ...pod },
    },
  },
});
const k8s = (values: any): GuardrailSubject => ({ target: GuardrailTarget.KUBERNETES, type: values.kind, address: `${values.kind} x`, constructPath: 'c/x', values });
const tf = (type: string, values: any, environmentClass?: EnvironmentClass, name = 'main'): GuardrailSubject =>
  ({ target: GuardrailTarget.TERRAFORM, type, address: `${type}.${name}`, constructPath: `s/${name}`, values, environmentClass });
const policy = (statement: any) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

interface Case { pass: GuardrailSubject; fail: GuardrailSubject; context?: GuardrailSubject[] }
const CASES: Record<string, Case> = {
  'PR-K8S-001': { pass: k8s(deployment()), fail: k8s(deployment({ securityContext: { ...goodContainer.securityContext, runAsNonRoot: false } })) },
  'PR-K8S-002': { pass: k8s(deployment()), fail: k8s(deployment({ securityContext: { ...goodContainer.securityContext, allowPrivilegeEscalation: true } })) },
  'PR-K8S-003': { pass: k8s(deployment()), fail: k8s(deployment({ securityContext: { ...goodContainer.securityContext, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } })) },
  'PR-K8S-004': { pass: k8s(deployment()), fail: k8s(deployment({ securityContext: { ...goodContainer.securityContext, readOnlyRootFilesystem: false } })) },
  'PR-K8S-005': { pass: k8s(deployment()), fail: k8s(deployment({}, { securityContext: {} })) },
  'PR-K8S-006': { pass: k8s(deployment()), fail: k8s(deployment({ resources: { requests: { cpu: '100m' } } })) },
  'PR-K8S-007': { pass: k8s(deployment()), fail: k8s(deployment({ readinessProbe: undefined })) },
  'PR-K8S-008': { pass: k8s(deployment({ image: `app@sha256:${'a'.repeat(64)}` })), fail: k8s(deployment({ image: 'registry.example.com:5000/app' })) },
  'PR-K8S-009': { pass: k8s(deployment()), fail: k8s(deployment({}, { hostPID: true })) },
  'PR-K8S-010': { pass: k8s(deployment({}, { volumes: [{ name: 'tmp', emptyDir: {} }] })), fail: k8s(deployment({}, { volumes: [{ name: 'h', hostPath: { path: '/var' } }] })) },
  'PR-K8S-011': { pass: k8s(deployment()), fail: k8s(deployment({ ports: [{ containerPort: 8080, hostPort: 8080 }] })) },
  'PR-K8S-012': {
    pass: k8s(deployment({}, {}, 3)),
    fail: k8s((() => { const d: any = deployment({}, {}, 3); d.metadata.name = 'api'; d.spec.template.metadata.labels = { app: 'api' }; return d; })()),
    context: [k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web', tier: 'x' } } } }),
      k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web2', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } } } })],
  },
  'PR-K8S-013': {
    pass: k8s({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }),
    fail: k8s({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lonely' } }),
    context: [k8s({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {} } })],
  },
  'PR-K8S-014': {
    pass: k8s({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { LOG_LEVEL: 'info' } }),
    fail: k8s(deployment({ env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] })),
  },
  'PR-K8S-015': {
    pass: k8s({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', roleRef: { kind: 'Role', name: 'team-developer' } }),
    fail: k8s({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } }),
  },
  'PR-K8S-016': {
    pass: k8s({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', rules: [{ resources: ['pods', 'pods/log'], verbs: ['get'] }] }),
    fail: k8s({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', rules: [{ resources: ['pods/exec'], verbs: ['create'] }] }),
  },
  'PR-AWS-EKS-001': {
    pass: tf('aws_eks_cluster', { vpc_config: { endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] } }),
    fail: tf('aws_eks_cluster', { vpc_config: { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] } }),
  },
  'PR-AWS-EKS-002': {
    pass: tf('aws_eks_cluster', { enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] }),
    fail: tf('aws_eks_cluster', { enabled_cluster_log_types: ['api', 'audit'] }),
  },
  'PR-AWS-EKS-003': {
    pass: tf('aws_eks_cluster', { encryption_config: { resources: ['secrets'], provider: { key_arn: 'arn:aws:kms:x' } } }),
    fail: tf('aws_eks_cluster', {}),
  },
  'PR-AWS-EKS-004': {
    pass: tf('aws_eks_addon', { addon_name: 'vpc-cni', configuration_values: '{"enableNetworkPolicy":"true"}' }),
    fail: tf('aws_eks_addon', { addon_name: 'vpc-cni' }),
  },
  'PR-AWS-RDS-001': { pass: tf('aws_db_instance', { storage_encrypted: true }), fail: tf('aws_db_instance', { storage_encrypted: false }) },
  'PR-AWS-RDS-002': { pass: tf('aws_db_instance', { publicly_accessible: false }), fail: tf('aws_db_instance', { publicly_accessible: true }) },
  'PR-AWS-RDS-003': {
    pass: tf('aws_db_instance', { backup_retention_period: 1 }, EnvironmentClass.PREVIEW),
    fail: tf('aws_db_instance', { backup_retention_period: 3 }, EnvironmentClass.PRODUCTION),
  },
  'PR-AWS-RDS-004': { pass: tf('aws_db_instance', { iam_database_authentication_enabled: true }), fail: tf('aws_db_instance', {}) },
  'PR-AWS-RDS-005': {
    pass: tf('aws_db_instance', { performance_insights_enabled: true, performance_insights_kms_key_id: 'arn:aws:kms:x' }),
    fail: tf('aws_db_instance', { performance_insights_enabled: true }),
  },
  'PR-AWS-RDS-006': {
    pass: tf('aws_db_instance', { deletion_protection: false }, EnvironmentClass.PREVIEW),
    fail: tf('aws_db_instance', { deletion_protection: false }, EnvironmentClass.PRODUCTION),
  },
  'PR-AWS-RDS-007': {
    pass: tf('aws_db_instance', { multi_az: false }, EnvironmentClass.PREVIEW),
    fail: tf('aws_db_instance', { multi_az: false }),
  },
  'PR-AWS-ECR-001': { pass: tf('aws_ecr_repository', { image_scanning_configuration: { scan_on_push: true } }), fail: tf('aws_ecr_repository', {}) },
  'PR-AWS-ECR-002': { pass: tf('aws_ecr_repository', { image_tag_mutability: 'IMMUTABLE' }), fail: tf('aws_ecr_repository', { image_tag_mutability: 'MUTABLE' }) },
  'PR-AWS-ECR-003': { pass: tf('aws_ecr_repository', { encryption_configuration: [{ encryption_type: 'KMS' }] }), fail: tf('aws_ecr_repository', {}) },
  'PR-AWS-VPC-001': {
    pass: tf('aws_vpc', {}, undefined, 'a'),
    fail: tf('aws_vpc', {}, undefined, 'b'),
    context: [tf('aws_flow_log', { vpc_id: '${aws_vpc.a.id}' }, undefined, 'log')],
  },
  'PR-AWS-VPC-002': {
    pass: tf('aws_vpc', {}, undefined, 'a'),
    fail: tf('aws_vpc', {}, undefined, 'b'),
    context: [tf('aws_default_security_group', { vpc_id: '${aws_vpc.a.id}' }, undefined, 'd'),
      tf('aws_default_security_group', { vpc_id: '${aws_vpc.b.id}', ingress: [{ from_port: 0 }] }, undefined, 'e')],
  },
  'PR-AWS-VPC-003': { pass: tf('aws_subnet', { map_public_ip_on_launch: false }), fail: tf('aws_subnet', { map_public_ip_on_launch: true }) },
  'PR-AWS-KMS-001': { pass: tf('aws_kms_key', { enable_key_rotation: true }), fail: tf('aws_kms_key', {}) },
  'PR-AWS-IAM-001': {
    pass: tf('aws_iam_role_policy', { policy: policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }) }),
    fail: tf('aws_iam_role_policy', { policy: policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b' }) }),
  },
  'PR-AWS-IAM-002': {
    pass: tf('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }),
    fail: tf('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  },
  'PR-AWS-IAM-003': {
    pass: tf('aws_iam_role', { assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }) }),
    fail: tf('aws_iam_role', { assume_role_policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }) }),
  },
  'PR-AWS-SG-001': {
    pass: tf('aws_vpc_security_group_ingress_rule', { cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 }),
    fail: tf('aws_security_group', { ingress: [{ cidr_blocks: ['0.0.0.0/0'], protocol: 'tcp', from_port: 0, to_port: 65535 }] }),
  },
  'PR-AWS-SG-002': {
    pass: tf('aws_security_group', { description: 'PostgreSQL from the cluster' }),
    fail: tf('aws_vpc_security_group_ingress_rule', { description: '' }),
  },
};

describe('guardrail rules: each has a passing and a failing case', () => {
  const rules = GuardrailPacks.all();

  test('every rule has an ID, a severity, a fix, a link, and a case here', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.fix.length).toBeGreaterThan(10);
      expect(r.link).toMatch(/^https:\/\//);
      expect(Object.values(GuardrailSeverity)).toContain(r.severity);
    }
    expect(Object.keys(CASES).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  test.each(Object.entries(CASES))('%s', (id, c) => {
    const rule = rules.find((r) => r.id === id)!;
    const only = (subject: GuardrailSubject) => Guardrails.evaluate([rule], [subject, ...(c.context ?? [])], [])
      .filter((f) => f.address === subject.address);
    expect(only(c.pass)).toEqual([]);
    expect(only(c.fail)).toEqual([expect.objectContaining({ ruleId: id, address: c.fail.address, suppressed: false })]);
  });

  test('PR-K8S-012 finds budgets and autoscalers by index: namespace, labels and target must match', () => {
    const rule = rules.find((r) => r.id === 'PR-K8S-012')!;
    const web = (ns: string) => { const d: any = deployment({}, {}, 3); d.metadata.namespace = ns; return d; };
    const pdb = (ns: string, matchLabels: any) => k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: ns }, spec: { selector: { matchLabels } } });
    const hpa = (ns: string, name: string, minReplicas: number) => k8s({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: ns }, spec: { scaleTargetRef: { kind: 'Deployment', name }, minReplicas },
    });
    const findings = (...context: GuardrailSubject[]) => Guardrails.evaluate([rule], [k8s(web('shop')), ...context], []).length;
    const labels = web('shop').spec.template.metadata.labels;
    expect(findings(pdb('shop', labels))).toBe(0);
    expect(findings(pdb('other', labels))).toBe(1); // another namespace's budget does not count
    expect(findings(pdb('shop', {}))).toBe(0); // empty matchLabels select every pod
    expect(findings(pdb('shop', { ...labels, zzz: 'not-on-the-pods' }))).toBe(1);
    expect(findings(hpa('shop', web('shop').metadata.name, 1))).toBe(0); // the autoscaler's minimum decides
    expect(findings(hpa('other', web('shop').metadata.name, 1))).toBe(1);
  });
});

// ------------------------------------------------------------------ behaviour at synth

describe('guardrails at synth', () => {
  test('errors stop synthesis, list every finding with address and construct path, and write nothing', () => {
    const { app, stack, dir } = prodStack();
    new EcrRepository(stack, 'Raw', { name: 'acme/prod/raw' });
    const chart = stack.addChart('raw');
    new ApiObject(chart, 'Admin', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'oops' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [],
    });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/guardrail PR-AWS-ECR-001 on aws_ecr_repository\.Raw \(construct 'prod\/Raw'\)/);
    expect(message).toMatch(/guardrail PR-AWS-ECR-002 on aws_ecr_repository\.Raw/);
    expect(message).toMatch(/guardrail PR-K8S-015 on ClusterRoleBinding oops \(construct 'prod-raw\/Admin'\): Nothing may be bound to cluster-admin\. Fix: .* See https:/);
    expect(filesUnder(dir)).toEqual([]);
  });

  test('escape hatches are checked: an override that turns protection off in production fails', () => {
    const { app, stack } = prodStack();
    const db = new DbInstance(stack, 'Db', {
      instanceClass: 'db.t4g.micro',
      engine: 'postgres',
      storageEncrypted: true,
      multiAz: true,
      deletionProtection: true,
      backupRetentionPeriod: 7,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: 'k',
    });
    db.addOverride('deletion_protection', false);
    expect(() => app.synth()).toThrow(/PR-AWS-RDS-006 on aws_db_instance\.Db/);
  });

  test('the environment class sets the bar: a preview database may skip Multi-AZ and deletion protection', () => {
    const { app, stack } = prodStack({ environmentClass: EnvironmentClass.PREVIEW });
    new DbInstance(stack, 'Db', {
      instanceClass: 'db.t4g.micro',
      engine: 'postgres',
      storageEncrypted: true,
      backupRetentionPeriod: 1,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: 'k',
    });
    expect(app.synth().findings).toEqual([]);
  });

  test('a suppression names rule, construct and reason; it is listed in the report next to the outputs', () => {
    const { app, stack } = prodStack();
    const repo = new EcrRepository(stack, 'Mirror', {
      name: 'acme/prod/mirror', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: [{ encryptionType: 'KMS' }],
    });
    Guardrails.suppress(repo, 'PR-AWS-ECR-002', 'a pull-through mirror re-tags upstream images');
    const result = app.synth();
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'PR-AWS-ECR-002', suppressed: true, reason: 'a pull-through mirror re-tags upstream images', constructPath: 'prod/Mirror' })]);
    const report = JSON.parse(fs.readFileSync(result.guardrailReport!, 'utf-8'));
    expect(path.basename(result.guardrailReport!)).toBe('guardrails.json');
    expect(path.dirname(result.guardrailReport!)).toBe(result.terraformOutdir);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 1 });
    expect(report.suppressions).toEqual([{ ruleId: 'PR-AWS-ECR-002', constructPath: 'prod/Mirror', reason: 'a pull-through mirror re-tags upstream images' }]);
  });

  test('a suppression on a composite covers what it contains, and nothing else', () => {
    const { app, stack } = prodStack();
    const svc = new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0' });
    // A user's escape hatch inside the service's chart: a second container without limits.
    const chart = svc.chart;
    new ApiObject(chart, 'Debug', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'debug', namespace: 'shop' }, data: { API_TOKEN: 'abc' } });
    expect(() => app.synth()).toThrow(/PR-K8S-014 on ConfigMap shop\/debug/);
    Guardrails.suppress(chart, 'PR-K8S-014', 'test fixture token for the local mock, not a credential');
    expect(app.synth().findings.filter((f) => f.suppressed)).toHaveLength(1);
  });

  test('warnings print and a summary line ends every synth, on stdout (the cdktf CLI shows stderr as [ERROR]); they do not fail', () => {
    const { dir } = tempApp();
    const app = new PlatformApp({ terraformOutdir: path.join(dir, 'tf'), kubernetesOutdir: path.join(dir, 'k8s') });
    const { PlatformStack } = jest.requireActual('../../src');
    const stack = new PlatformStack(app, 'prod', { platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'acme.example.com' });
    new EcrRepository(stack, 'Repo', { name: 'acme/prod/x', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    const { stdout, stderr } = captureOutput(() => {
      const result = app.synth();
      expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['PR-AWS-ECR-003', 'warning']]);
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/warning PR-AWS-ECR-003 aws_ecr_repository\.Repo \[prod\/Repo\]/);
    expect(stdout.trim().split('\n').pop()).toMatch(/^cdk-paved-road guardrails: 0 error\(s\), 1 warning\(s\), 0 suppressed \(\d+ rules\)$/);
  });

  test('when a guardrail stops synthesis, the summary goes to stderr, with the error', () => {
    const { dir } = tempApp();
    const app = new PlatformApp({ terraformOutdir: path.join(dir, 'tf'), kubernetesOutdir: path.join(dir, 'k8s') });
    const { PlatformStack } = jest.requireActual('../../src');
    const stack = new PlatformStack(app, 'prod', { platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'acme.example.com' });
    new EcrRepository(stack, 'Repo', { name: 'acme/prod/x' }); // mutable tags, no scan on push: two errors
    const { stdout, stderr } = captureOutput(() => {
      expect(() => app.synth()).toThrow(/guardrail PR-AWS-ECR-001 on aws_ecr_repository\.Repo/);
    });
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').pop()).toMatch(/^cdk-paved-road guardrails: 2 error\(s\), \d+ warning\(s\), 0 suppressed \(\d+ rules\)$/);
  });

  test('users choose packs and add their own rules', () => {
    const { dir } = tempApp();
    const app = new PlatformApp({ terraformOutdir: path.join(dir, 'tf'), kubernetesOutdir: path.join(dir, 'k8s'), quiet: true, guardrailRules: GuardrailPacks.kubernetes() });
    const { PlatformStack } = jest.requireActual('../../src');
    const stack = new PlatformStack(app, 'prod', { platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'acme.example.com' });
    new EcrRepository(stack, 'Repo', { name: 'acme/prod/x' }); // the AWS pack is not chosen
    const ownerTag: IGuardrailRule = {
      id: 'ACME-001',
      severity: GuardrailSeverity.ERROR,
      target: GuardrailTarget.TERRAFORM,
      types: ['aws_ecr_repository'],
      description: 'Repositories carry an owner tag.',
      fix: 'set tags.owner',
      link: 'https://wiki.acme.example.com/tags',
      check: (s) => s.values.tags?.owner !== undefined,
    };
    app.addGuardrailRule(ownerTag);
    expect(() => app.addGuardrailRule(ownerTag)).toThrow(/guardrail rule 'ACME-001' exists already/);
    expect(() => app.synth()).toThrow(/guardrail ACME-001 on aws_ecr_repository\.Repo/);
  });

  describe('bad suppressions', () => {
    test('a suppression needs a rule ID and a reason', () => {
      const { stack } = prodStack();
      expect(() => Guardrails.suppress(stack, 'ecr', 'because reasons')).toThrow(/Guardrails.suppress 'prod': rule ID 'ecr' is not a rule ID; name a rule such as "PR-K8S-004"/);
      expect(() => Guardrails.suppress(stack, 'PR-AWS-ECR-002', 'ok')).toThrow(/the suppression of 'PR-AWS-ECR-002' has no reason \('ok'\); say why the rule does not apply/);
    });
  });
});

test('the README rule table lists every built-in rule with its severity', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  for (const r of GuardrailPacks.all()) {
    expect(readme).toContain(`| \`${r.id}\` | ${r.severity} |`);
  }
});

/** What `fn` writes to stdout and stderr. */
function captureOutput(fn: () => void): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => { out.push(String(chunk)); return true; });
  const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { err.push(String(chunk)); return true; });
  try {
    fn();
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join('') };
}
