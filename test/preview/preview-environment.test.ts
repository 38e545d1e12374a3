import * as fs from 'fs';
import * as path from 'path';
import {
  CiIdentity, EnvironmentClass, PlatformCluster, PlatformStack, PostgresEngineVersion, PreviewDatabase, PreviewEnvironment, PreviewEnvironmentProps,
  ServiceApp, StateBackend,
} from '../../src';
import { workflowSchemaErrors } from '../delivery/workflow-schema';
import { schemaErrors } from '../k8s-schema';
import { find, resources, synthAll, tempApp } from '../util';

const BASE: PreviewEnvironmentProps = {
  platformName: 'acme',
  hostEnvironmentName: 'dev',
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'preview.acme.example.com',
  pullRequest: 123,
  branch: 'feature/Faster checkout!',
  commit: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  team: 'shop',
  createdAt: '2026-11-21T09:00:00Z',
};

const CLUSTER = PlatformCluster.fromAttributes({
  clusterName: 'acme-dev',
  vpcId: 'vpc-1',
  vpcCidr: '10.0.0.0/16',
  databaseSubnetIds: ['subnet-d1', 'subnet-d2'],
  databaseSubnetCidrs: ['10.0.192.0/21', '10.0.200.0/21'],
  clusterSecurityGroupId: 'sg-cluster',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
});

function preview(props: Partial<PreviewEnvironmentProps> = {}, id = 'shop-pr-123') {
  const { app, dir } = tempApp();
  const env = new PreviewEnvironment(app, id, { ...BASE, ...props });
  return { app, env, dir };
}

describe('PreviewEnvironment', () => {
  test('names: environment <host>-pr-<n>, namespace preview-<team>-pr-<n>, hosts <service>-pr-<n>.<domain>, state key per pull request', () => {
    const { app, env } = preview({ stateBackend: StateBackend.s3({ bucket: 'state', keyPrefix: 'previews' }), cluster: CLUSTER });
    const web = new ServiceApp(env, 'web', { team: 'shop', imageTag: 'pr-123-4f2a9c1', exposure: {} });
    const { tf, k8s } = synthAll(app);
    // The preview's URL can be reached: the load balancer (public subnets of the host cluster) is admitted on the port.
    expect(find(k8s, 'NetworkPolicy', 'web').spec.ingress).toContainEqual({ from: [{ ipBlock: { cidr: '10.0.192.0/19' } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(env.context.environmentName).toBe('dev-pr-123');
    expect(env.namespace).toBe('preview-shop-pr-123');
    expect(web.namespace).toBe('preview-shop-pr-123');
    expect(find(k8s, 'Ingress').spec.rules[0].host).toBe('web-pr-123.preview.acme.example.com');
    expect(find(k8s, 'Ingress').spec.tls).toEqual([{ hosts: ['web-pr-123.preview.acme.example.com'] }]);
    expect(find(k8s, 'Ingress').metadata.annotations['alb.ingress.kubernetes.io/group.name']).toBe('acme-dev'); // the host's ALB
    expect(tf['shop-pr-123'].terraform.backend.s3.key).toBe('previews/acme/dev-pr-123/shop-pr-123.tfstate');
    // The image comes from the host environment's repository; the preview creates none.
    expect(find(k8s, 'Deployment').spec.template.spec.containers[0].image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/dev/web:pr-123-4f2a9c1');
    expect(resources(tf['shop-pr-123'], 'aws_ecr_repository')).toEqual([]);
    expect(web.repository).toBeUndefined();
  });

  test('a service deploying an image from another registry runs that image in the preview too', () => {
    const { app, env } = preview();
    const image = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/search:pr-123-4f2a9c1';
    new ServiceApp(env, 'search', { team: 'shop', image });
    const { tf, k8s } = synthAll(app);
    expect(find(k8s, 'Deployment').spec.template.spec.containers[0].image).toBe(image);
    expect(resources(tf['shop-pr-123'], 'aws_ecr_repository')).toEqual([]);
  });

  test('long names are shortened deterministically with a hash, within Kubernetes and AWS limits', () => {
    const a = preview({ hostEnvironmentName: 'development-eu', pullRequest: 9876543, team: 'a-very-long-team-name-for-the-checkout-experience-group' }, 'x');
    const b = preview({ hostEnvironmentName: 'development-eu', pullRequest: 9876543, team: 'a-very-long-team-name-for-the-checkout-experience-group' }, 'x');
    expect(a.env.context.environmentName.length).toBeLessThanOrEqual(20);
    expect(a.env.context.environmentName).toMatch(/^development-[0-9a-f]{8}$/);
    expect(a.env.namespace.length).toBeLessThanOrEqual(63);
    expect(a.env.namespace).toMatch(/-[0-9a-f]{8}$/);
    expect(a.env.namespace).toBe(b.env.namespace);
    expect(a.env.context.environmentName).toBe(b.env.context.environmentName);
    const service = 'checkout-experience-frontend-gateway-v2';
    const host = a.env.hostnameFor(service).split('.')[0];
    expect(host.length).toBeLessThanOrEqual(63);
    const svc = new ServiceApp(a.env, service, { team: 'shop', imageTag: '1' });
    svc.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:q');
    expect(svc.roleName.length).toBeLessThanOrEqual(64);
  });

  test('the namespace carries pull request, branch, commit, team and expiry; quota and limits are sized for previews', () => {
    const { app } = preview({ ttlHours: 48 });
    const { k8s } = synthAll(app);
    const ns = find(k8s, 'Namespace', 'preview-shop-pr-123');
    expect(ns.metadata.labels).toMatchObject({
      'paved-road.dev/preview': 'true',
      'paved-road.dev/pull-request': '123',
      'paved-road.dev/commit': '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
      'paved-road.dev/team': 'shop',
      'paved-road.dev/branch': 'feature-Faster-checkout',
      'paved-road.dev/expires-at': String(Date.parse('2026-11-23T09:00:00Z') / 1000),
      'paved-road.dev/environment': 'dev',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(ns.metadata.annotations).toEqual({ 'paved-road.dev/branch': 'feature/Faster checkout!', 'paved-road.dev/expires-at': '2026-11-23T09:00:00.000Z' });
    expect(find(k8s, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '4', 'requests.memory': '8Gi', 'pods': '30' });
    // The LimitRange is the preview class's (EnvironmentDefaults), not one size for every class.
    expect(find(k8s, 'LimitRange').spec.limits[0]).toEqual({
      type: 'Container', defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { cpu: '250m', memory: '256Mi' }, max: { cpu: '1', memory: '2Gi' },
    });
    expect(schemaErrors(k8s)).toEqual([]);
  });

  test('a preview of another class gets that class\'s quota, as its props document', () => {
    const { app } = preview({ environmentClass: EnvironmentClass.DEVELOPMENT });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '10', 'requests.memory': '20Gi', 'pods': '60' });
  });

  test('quotaCpuCores, quotaMemoryGib and quotaPods size the preview namespace\'s quota', () => {
    const { app } = preview({ quotaCpuCores: 3, quotaMemoryGib: 5, quotaPods: 12 });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '3', 'requests.memory': '5Gi', 'pods': '12' });
  });

  test('every pod of a preview runs at preview-low: services, the in-cluster database and the seed Job', () => {
    const { app, env } = preview({ database: PreviewDatabase.inCluster(), seed: { image: 'acme/seed:1.0.0', command: ['./seed'] } });
    const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1', namespace: 'ignored' });
    env.connectDatabase(orders);
    const { k8s } = synthAll(app);
    const pods = k8s.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
    expect(pods.map((o) => `${o.kind} ${o.spec.template.spec.priorityClassName}`).sort())
      .toEqual(['Deployment preview-low', 'Job preview-low', 'StatefulSet preview-low']);
    expect(orders.namespace).toBe('preview-shop-pr-123'); // the preview's answer, whatever the service asks
    expect(find(k8s, 'Deployment', 'orders').metadata.labels['paved-road.dev/pull-request']).toBe('123');
  });

  test('services get one replica, small resources, and no HPA or PDB unless autoscaling is asked for', () => {
    const { app, env } = preview();
    new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1', autoscaling: { minReplicas: 3, maxReplicas: 9 } });
    const { k8s } = synthAll(app);
    const dep = find(k8s, 'Deployment', 'orders');
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(k8s.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'PodDisruptionBudget')).toEqual([]);

    const asked = preview({ autoscaling: true });
    new ServiceApp(asked.env, 'orders', { team: 'shop', imageTag: '1', autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    const out = synthAll(asked.app).k8s;
    expect(find(out, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(2);
    expect(find(out, 'PodDisruptionBudget')).toBeDefined();
  });

  test('isolation: default deny for the namespace; services allow only named peers of the same preview', () => {
    const { app, env } = preview();
    const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
    const checkout = new ServiceApp(env, 'checkout', { team: 'shop', imageTag: '1' });
    checkout.connect(orders);
    const { k8s } = synthAll(app);
    const deny = find(k8s, 'NetworkPolicy', 'default-deny');
    expect(deny.metadata.namespace).toBe('preview-shop-pr-123');
    expect(deny.spec.podSelector).toEqual({});
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // Nothing from other namespaces: every peer the policies name is in this preview's namespace.
    const peers = k8s.filter((o) => o.kind === 'NetworkPolicy')
      .flatMap((p) => [...(p.spec.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(p.spec.egress ?? []).flatMap((r: any) => r.to ?? [])])
      .map((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'])
      .filter((ns: string | undefined) => ns !== undefined);
    expect(new Set(peers)).toEqual(new Set(['preview-shop-pr-123', 'kube-system']));
    const ordersIngress = find(k8s, 'NetworkPolicy', 'orders').spec.ingress;
    expect(ordersIngress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'preview-shop-pr-123' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'checkout' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('destroyable: every cloud resource tagged with pull request and expiry, nothing deletion-protected, no final snapshot', () => {
    const { app, env } = preview({ database: PreviewDatabase.fromSnapshot({ snapshotIdentifier: 'orders-sanitized-2026-11-20', cluster: CLUSTER }) });
    const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
    orders.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:q');
    env.connectDatabase(orders);
    const { tf, k8s } = synthAll(app);
    const stack = tf['shop-pr-123'];
    expect(stack.provider.aws[0].default_tags[0].tags).toMatchObject({
      'paved-road:pull-request': '123', 'paved-road:expires-at': '2026-11-24T09:00:00.000Z', 'paved-road:team': 'shop', 'paved-road:environment-class': 'preview',
    });
    const db = resources(stack, 'aws_db_instance')[0];
    expect(db).toMatchObject({ snapshot_identifier: 'orders-sanitized-2026-11-20', deletion_protection: false, skip_final_snapshot: true, multi_az: false, delete_automated_backups: true });
    expect(db.db_name).toBeUndefined();
    expect(db.username).toBeUndefined();
    expect(JSON.stringify(stack)).not.toMatch(/"deletion_protection":\s*true|"prevent_destroy":\s*true/);
    expect(resources(stack, 'aws_secretsmanager_secret')[0]).toMatchObject({ name: 'acme/dev-pr-123/app/connection', recovery_window_in_days: 0 });
    expect(resources(stack, 'aws_kms_key')[0].deletion_window_in_days).toBe(7);
    // The pods get the restored database's connection and may reach its subnets.
    expect(find(k8s, 'ExternalSecret', 'preview-database').spec.dataFrom[0].find.tags).toEqual({ 'aws:rds:primaryDBInstanceArn': 'arn:aws:rds:eu-west-1:123456789012:db:acme-dev-pr-123-app' });
    expect(find(k8s, 'Deployment', 'orders').spec.template.spec.containers[0].envFrom).toContainEqual({ secretRef: { name: 'preview-database' } });
    expect(find(k8s, 'NetworkPolicy', 'orders').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.192.0/21' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(resources(stack, 'aws_eks_pod_identity_association')[0]).toMatchObject({ cluster_name: 'acme-dev', namespace: 'preview-shop-pr-123' });
  });

  test('a restored database keeps its snapshot\'s key and storage (so no later apply replaces it), and is of the snapshot\'s major version', () => {
    // GIVEN a preview restored from a PostgreSQL 16 snapshot
    const { app } = preview({ database: PreviewDatabase.fromSnapshot({ snapshotIdentifier: 'orders-sanitized', cluster: CLUSTER, engineVersion: PostgresEngineVersion.VER_16 }) });
    const stack = synthAll(app).tf['shop-pr-123'];
    const db = resources(stack, 'aws_db_instance')[0];
    // THEN RDS keeps the snapshot's KMS key (kms_key_id would force a new instance at every apply) and size
    expect(db.kms_key_id).toBeUndefined();
    expect(db.storage_encrypted).toBe(true);
    expect(db.allocated_storage).toBeUndefined();
    expect(db.max_allocated_storage).toBeUndefined();
    // AND the instance and its parameter group are of the snapshot's major version
    expect(db.engine_version).toBe('16');
    expect(resources(stack, 'aws_db_parameter_group')[0].family).toBe('postgres16');
    // AND the preview's key still encrypts the managed master password
    expect(db.master_user_secret_kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    // AND no free-storage alarm: the size is the snapshot's, not known here
    expect(resources(stack, 'aws_cloudwatch_metric_alarm').map((a) => a.metric_name).sort()).toEqual(['CPUUtilization', 'DatabaseConnections', 'ReadLatency', 'WriteLatency']);

    // WHEN the storage is given, THEN it is set (at least the snapshot's), with autoscaling above it
    const sized = preview({ database: PreviewDatabase.fromSnapshot({ snapshotIdentifier: 'orders-sanitized', cluster: CLUSTER, allocatedStorageGib: 200 }) });
    const sizedStack = synthAll(sized.app).tf['shop-pr-123'];
    expect(resources(sizedStack, 'aws_db_instance')[0]).toMatchObject({ allocated_storage: 200, max_allocated_storage: 1000 });
    expect(resources(sizedStack, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === 'FreeStorageSpace').threshold).toBe(Math.round(200 * 1024 ** 3 * 0.1));
  });

  test('an in-cluster database: StatefulSet on emptyDir, generated password, reachable only from the namespace; seed Job per commit', () => {
    const { app, env } = preview({ database: PreviewDatabase.inCluster(), seed: { image: 'acme/seed:1.0.0', command: ['./seed'] } });
    const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
    env.connectDatabase(orders);
    const { tf, k8s } = synthAll(app);
    expect(resources(tf['shop-pr-123'], 'aws_db_instance')).toEqual([]);
    const sts = find(k8s, 'StatefulSet', 'postgres');
    expect(sts.spec.template.spec.volumes.find((v: any) => v.name === 'data')).toEqual({ name: 'data', emptyDir: { sizeLimit: '1024Mi' } });
    expect(sts.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(sts.spec.template.spec.containers[0].env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'PGPASSWORD' } } });
    const es = find(k8s, 'ExternalSecret', 'postgres-credentials');
    expect(es.spec.refreshInterval).toBe('0');
    expect(es.spec.dataFrom[0].sourceRef.generatorRef).toEqual({ apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'postgres-password' });
    expect(find(k8s, 'NetworkPolicy', 'postgres').spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    expect(find(k8s, 'NetworkPolicy', 'orders').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'postgres' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    });
    // The seed Job has a policy of its own: nothing in, out DNS and the database only.
    const seedPolicy = find(k8s, 'NetworkPolicy', 'seed-4f2a9c1').spec;
    expect(seedPolicy.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'seed-4f2a9c1' } });
    expect(seedPolicy.ingress).toBeUndefined();
    expect(seedPolicy.egress.slice(1)).toEqual([{
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'postgres' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
    const seed = find(k8s, 'Job', 'seed-4f2a9c1');
    expect(seed.spec.template.spec.containers[0]).toMatchObject({ image: 'acme/seed:1.0.0', command: ['./seed'], envFrom: [{ secretRef: { name: 'postgres-credentials' } }] });
    expect(JSON.stringify(k8s)).not.toMatch(/PGPASSWORD":"[^{]/);
    expect(schemaErrors(k8s)).toEqual([]);
  });

  describe('bad input', () => {
    test.each([
      ['pullRequest', { pullRequest: 0 }, /PreviewEnvironment 'shop-pr-123': 'pullRequest' \(0\) is not a positive integer; pass the pull request number/],
      ['pullRequest', { pullRequest: 1.5 }, /'pullRequest' \(1.5\) is not a positive integer/],
      ['ttlHours', { ttlHours: 0 }, /'ttlHours' \(0\) must be a whole number from 1 to 720/],
      ['ttlHours', { ttlHours: 721 }, /'ttlHours' \(721\) must be a whole number from 1 to 720/],
      ['environmentClass', { environmentClass: EnvironmentClass.PRODUCTION }, /'environmentClass' \('production'\) is production, and a preview is disposable by definition; use EnvironmentClass.PREVIEW/],
      ['createdAt', { createdAt: 'yesterday' }, /'createdAt' \('yesterday'\) is not an ISO 8601 time with a zone/],
      ['createdAt', { createdAt: '2026-11-21T09:00:00' }, /'createdAt' \('2026-11-21T09:00:00'\) is not an ISO 8601 time with a zone/],
      ['commit', { commit: 'HEAD' }, /'commit' \('HEAD'\) is not a commit hash/],
      ['branch', { branch: '' }, /'branch' \(''\) is empty/],
      ['team', { team: 'Shop' }, /'team' \('Shop'\)/],
      ['seed.image', { seed: { image: 'seed:latest', command: ['x'] } }, /'seed.image' \('seed:latest'\) uses the tag 'latest'/],
      ['seed.command', { seed: { image: 'seed:1', command: [] } }, /'seed.command' \(\[\]\) is empty/],
      // The namespace's and the database's errors name the preview and its prop (not 'shop-pr-123-preview/Namespace')
      ['quotaCpuCores', { quotaCpuCores: 0 }, /^PreviewEnvironment 'shop-pr-123': 'quotaCpuCores' \(0\) must be a whole number from 1 to 100000/],
      ['teamGroup', { teamGroup: 'team shop' }, /^PreviewEnvironment 'shop-pr-123': 'teamGroup' \('team shop'\) is not a Kubernetes group name/],
      ['database.storageMib', { database: PreviewDatabase.inCluster({ storageMib: 10 }) }, /^PreviewEnvironment 'shop-pr-123': 'database.storageMib' \(10\) must be a whole number from 64 to 102400/],
      ['database.instanceClass', { database: PreviewDatabase.fromSnapshot({ snapshotIdentifier: 'snap', cluster: CLUSTER, instanceClass: 't4g.micro' }) },
        /^PreviewEnvironment 'shop-pr-123': 'database.instanceClass' \('t4g.micro'\) is not an RDS instance class/],
    ])('%s is checked', (_prop, props, message) => {
      expect(() => preview(props as Partial<PreviewEnvironmentProps>)).toThrow(message);
    });

    test('connecting a database that is not there, or a service of another environment, fails', () => {
      const { env } = preview();
      const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
      expect(() => env.connectDatabase(orders)).toThrow(/'database' \('none'\) is not set, so there is nothing to connect; set database: PreviewDatabase.inCluster\(\)/);
      const withDb = preview({ database: PreviewDatabase.inCluster() }, 'other');
      expect(() => withDb.env.connectDatabase(orders)).toThrow(/PreviewEnvironment 'other': 'app' \('shop-pr-123\/orders'\) is not a service of this preview; create the ServiceApp inside this PreviewEnvironment/);
    });

    test('a connection refused by the workload (its Secret added by hand) is not counted as made', () => {
      const { env } = preview({ database: PreviewDatabase.inCluster() });
      const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
      orders.workload.addEnvFromSecret(env.databaseSecretName!);
      const refused = /^Workload 'shop-pr-123-orders\/Workload': 'secretName' \('[a-z0-9-]+'\) is added twice by addEnvFromSecret\(\)/;
      expect(() => env.connectDatabase(orders)).toThrow(refused);
      expect(() => env.connectDatabase(orders)).toThrow(refused); // the same reason, not "connected already"
    });

    test('connecting a service twice fails at the second call', () => {
      const { env } = preview({ database: PreviewDatabase.inCluster() });
      const orders = new ServiceApp(env, 'orders', { team: 'shop', imageTag: '1' });
      env.connectDatabase(orders);
      expect(() => env.connectDatabase(orders)).toThrow(/^PreviewEnvironment 'shop-pr-123': 'app' \('shop-pr-123\/orders'\) is connected to the database already; connect each service once/);
    });
  });
});

describe('PreviewEnvironment and the hosting cluster\'s admission policy for preview deployers', () => {
  test('the namespace and every object a preview writes are what the policy lets the team\'s preview role write', () => {
    // GIVEN the dev cluster that lets team shop's preview role in
    const host = tempApp();
    const dev = new PlatformStack(host.app, 'dev', {
      platformName: 'acme', environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT, account: '123456789012', region: 'eu-west-1', domain: 'dev.acme.example.com',
    });
    new PlatformCluster(dev, 'cluster', { previewJanitor: true }).addTeam('shop', { previewDeployerArns: ['arn:aws:iam::123456789012:role/acme-dev-gha-preview-shop'] });
    const policy = find(synthAll(host.app).k8s, 'ValidatingAdmissionPolicy', 'paved-road-previews-shop');
    // AND a preview of team shop with a database and a service
    const { app, env } = preview({ database: PreviewDatabase.inCluster() });
    env.connectDatabase(new ServiceApp(env, 'orders', { team: 'shop', imageTag: 'pr-123-4f2a9c1' }));
    const { k8s } = synthAll(app);

    // THEN every object is in a namespace the first validation admits (its pattern, as written)
    const pattern = new RegExp(/\.matches\('([^']+)'\)/.exec(policy.spec.validations[0].expression)![1]);
    expect(k8s.filter((o) => !pattern.test(o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace)).map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
    // AND the namespace carries every label the second one requires, with its value
    const labels = find(k8s, 'Namespace').metadata.labels;
    const expression: string = policy.spec.validations[1].expression;
    const equal = [...expression.matchAll(/object\.metadata\.labels\['([^']+)'\] == '([^']*)'/g)].map((m) => [m[1], m[2]]);
    const present = [...expression.matchAll(/'([^']+)' in object\.metadata\.labels/g)].map((m) => m[1]);
    expect(equal.length).toBeGreaterThanOrEqual(5);
    for (const [key, value] of equal) {
      expect({ key, value: labels[key] }).toEqual({ key, value });
    }
    for (const key of present) {
      expect({ key, present: key in labels }).toEqual({ key, present: true });
    }
  });
});

describe('the preview CI workflow (examples/preview/github-workflow.yml)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml');
  const dir = path.join(__dirname, '..', '..', 'examples', 'preview');
  const workflow = yaml.parse(fs.readFileSync(path.join(dir, 'github-workflow.yml'), 'utf-8'));
  const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf-8');

  test('deploys on open and push, destroys on close, one run per pull request at a time', () => {
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(workflow.jobs.deploy.if).toBe("github.event.action != 'closed'");
    expect(workflow.jobs.destroy.if).toBe("github.event.action == 'closed'");
    expect(workflow.concurrency).toEqual({ 'group': 'preview-${{ github.event.number }}', 'cancel-in-progress': false });
    const run = (job: string) => workflow.jobs[job].steps.map((s: any) => s.run ?? '').join('\n');
    expect(run('deploy')).toContain('npx cdktf deploy --auto-approve "$STACK"');
    expect(run('deploy')).toContain('kubectl apply -f "dist/${STACK}-preview.k8s.yaml"');
    expect(run('destroy')).toContain('npx cdktf destroy --auto-approve "$STACK"');
    expect(run('destroy')).toContain('kubectl delete namespace "$NAMESPACE"');
    expect(workflow.jobs.deploy.steps.some((s: any) => s.uses?.startsWith('actions/github-script'))).toBe(true);
  });

  test('assumes the role CiIdentity.addPreviewRepository() creates for the shop repository on the dev platform, in the environment it trusts; actions pinned to commits', () => {
    // GIVEN the role examples/platform creates for the shop repository's previews
    const dev = new PlatformStack(tempApp().app, 'platform-dev', {
      platformName: 'acme', environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT, account: '210987654321', region: 'eu-west-1', domain: 'dev.acme.example.com',
    });
    const access = new CiIdentity(dev, 'ci').addPreviewRepository('shop', {
      repository: 'acme/shop', team: 'shop', services: ['orders', 'checkout'], deployPolicyArns: ['arn:aws:iam::210987654321:policy/acme-app-deployer'],
    });
    // THEN both jobs run in that GitHub environment and assume that role
    for (const job of ['deploy', 'destroy']) {
      expect(workflow.jobs[job].environment).toBe(access.githubEnvironment);
      const credentials = workflow.jobs[job].steps.find((s: any) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(credentials.with['role-to-assume']).toBe(access.roleArn);
    }
    // AND the previews' state is where the role may write it
    expect(main).toContain(`keyPrefix: '${access.stateKeyPrefix}'`);
    // AND it is a valid workflow (SchemaStore's schema), every action pinned to a commit
    expect(workflowSchemaErrors(fs.readFileSync(path.join(dir, 'github-workflow.yml'), 'utf-8'))).toEqual([]);
    const uses = Object.values<any>(workflow.jobs).flatMap((j) => j.steps).map((s: any) => s.uses).filter(Boolean);
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.filter((u: string) => !/@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });

  test('passes every variable main.ts reads, and names the stack and namespace main.ts creates', () => {
    for (const name of [...main.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1])) {
      expect(Object.keys(workflow.env)).toContain(name);
    }
    expect(main).toContain('`shop-pr-${pr}`');
    expect(workflow.env.STACK).toBe('shop-pr-${{ github.event.number }}');
    expect(workflow.env.NAMESPACE).toBe('preview-shop-pr-${{ github.event.number }}');
  });
});
