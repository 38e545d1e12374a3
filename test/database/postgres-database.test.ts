import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { EnvironmentClass, PlatformCluster, PostgresDatabase, PostgresDatabaseProps, PostgresEngineVersion, ServiceApp } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find, prodStack, resources, synthAll, tfSynth } from '../util';

const CLUSTER = PlatformCluster.fromAttributes({
  clusterName: 'acme-prod',
  vpcId: 'vpc-1',
  vpcCidr: '10.0.0.0/16',
  databaseSubnetIds: ['subnet-d1', 'subnet-d2', 'subnet-d3'],
  databaseSubnetCidrs: ['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21'],
  clusterSecurityGroupId: 'sg-cluster',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
});

function prodDatabase(props: Partial<PostgresDatabaseProps> = {}) {
  const { app, stack, dir } = prodStack();
  const db = new PostgresDatabase(stack, 'orders-db', { databaseName: 'orders', cluster: CLUSTER, ...props });
  return { app, stack, db, dir };
}

describe('PostgresDatabase', () => {
  test('production defaults: private, encrypted, managed password, 30-day backups, Multi-AZ, protected, final snapshot', () => {
    const { app, db } = prodDatabase();
    const { tf } = synthAll(app);
    const instance = resources(tf.prod, 'aws_db_instance')[0];
    const keyRef = '${aws_kms_key.orders-db_Key_D3080DBE.arn}';
    expect(instance).toMatchObject({
      identifier: 'acme-prod-orders',
      engine: 'postgres',
      engine_version: '17',
      instance_class: 'db.m7g.large',
      db_name: 'orders',
      publicly_accessible: false,
      storage_encrypted: true,
      storage_type: 'gp3',
      kms_key_id: keyRef,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: keyRef,
      backup_retention_period: 30,
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'acme-prod-orders-final',
      performance_insights_enabled: true,
      performance_insights_kms_key_id: keyRef,
      monitoring_interval: 60,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
    });
    expect(instance.password).toBeUndefined();
    expect(JSON.stringify(tf.prod)).not.toMatch(/"password"/);
    expect(db.instanceArn).toBe('arn:aws:rds:eu-west-1:123456789012:db:acme-prod-orders');
    expect(resources(tf.prod, 'aws_kms_key')[0]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resources(tf.prod, 'aws_db_subnet_group')[0].subnet_ids).toEqual(['subnet-d1', 'subnet-d2', 'subnet-d3']);
    const params = resources(tf.prod, 'aws_db_parameter_group')[0];
    expect(params.family).toBe('postgres17');
    expect(params.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
  });

  test('a team-owned database carries the team tag on the instance and what comes with it; a shared one none', () => {
    const { app } = prodDatabase({ team: 'shop' });
    const { tf } = synthAll(app);
    for (const type of ['aws_db_instance', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_security_group', 'aws_secretsmanager_secret']) {
      expect(resources(tf.prod, type)[0].tags).toMatchObject({ 'paved-road:team': 'shop', 'paved-road:database': 'orders' });
    }
    const shared = synthAll(prodDatabase().app).tf;
    expect(resources(shared.prod, 'aws_db_instance')[0].tags['paved-road:team']).toBeUndefined();
    expect(() => prodDatabase({ team: 'Shop' })).toThrow(/PostgresDatabase 'prod\/orders-db': 'team' \('Shop'\) is not a DNS-1123 label/);
  });

  test('the security group admits 5432 only from the cluster security group and has no egress', () => {
    const { app } = prodDatabase();
    const { tf } = synthAll(app);
    const sg = resources(tf.prod, 'aws_security_group')[0];
    expect(sg.vpc_id).toBe('vpc-1');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(sg.description).toMatch(/5432/);
    const rules = resources(tf.prod, 'aws_vpc_security_group_ingress_rule');
    expect(rules).toEqual([expect.objectContaining({ referenced_security_group_id: 'sg-cluster', from_port: 5432, to_port: 5432, ip_protocol: 'tcp' })]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
    expect(resources(tf.prod, 'aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  test('enhanced monitoring gets a role trusted only by RDS monitoring, with the AWS managed policy', () => {
    const { app } = prodDatabase();
    const { tf } = synthAll(app);
    const role = resources(tf.prod, 'aws_iam_role')[0];
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: ['sts:AssumeRole'] },
    ]);
    expect(resources(tf.prod, 'aws_iam_role_policy_attachment')[0].policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
  });

  test('monitoringIntervalSeconds 0 turns enhanced monitoring and its role off', () => {
    const { app } = prodDatabase({ monitoringIntervalSeconds: 0 });
    const { tf } = synthAll(app);
    expect(resources(tf.prod, 'aws_db_instance')[0].monitoring_interval).toBe(0);
    expect(resources(tf.prod, 'aws_iam_role')).toEqual([]);
  });

  test('the connection secret holds host, port and dbname, encrypted with the database key', () => {
    const { app, db } = prodDatabase();
    const { tf } = synthAll(app);
    expect(db.connectionSecretName).toBe('acme/prod/orders/connection');
    expect(resources(tf.prod, 'aws_secretsmanager_secret')[0]).toMatchObject({ name: 'acme/prod/orders/connection', recovery_window_in_days: 7 });
    expect(JSON.parse(resources(tf.prod, 'aws_secretsmanager_secret_version')[0].secret_string)).toEqual({
      host: '${aws_db_instance.orders-db_Instance_525B4338.address}', port: '5432', dbname: 'orders',
    });
  });

  test.each([
    [EnvironmentClass.STAGING, 7, true, true, false],
    [EnvironmentClass.DEVELOPMENT, 7, false, false, true],
    [EnvironmentClass.PREVIEW, 1, false, false, true],
  ])('%s defaults: %d-day backups, Multi-AZ %s, deletion protection %s, skip final snapshot %s', (cls, days, multiAz, protection, skip) => {
    const { stack } = prodStack({ environmentClass: cls });
    new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster: CLUSTER });
    const instance = resources(tfSynth(stack), 'aws_db_instance')[0];
    expect(instance).toMatchObject({ backup_retention_period: days, multi_az: multiAz, deletion_protection: protection, skip_final_snapshot: skip });
    expect(instance.instance_class).toBe('db.t4g.medium');
  });

  test('every default is overridable by a prop', () => {
    const { stack } = prodStack();
    new PostgresDatabase(stack, 'db', {
      databaseName: 'ledger-main',
      cluster: CLUSTER,
      multiAz: false,
      deletionProtection: false,
      finalSnapshot: false,
      backupRetentionDays: 14,
      instanceClass: 'db.r7g.xlarge',
      engineVersion: PostgresEngineVersion.of('16.4'),
      allocatedStorageGib: 100,
      maxAllocatedStorageGib: 200,
    });
    const json = tfSynth(stack);
    expect(resources(json, 'aws_db_instance')[0]).toMatchObject({
      db_name: 'ledger_main',
      multi_az: false,
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 14,
      instance_class: 'db.r7g.xlarge',
      engine_version: '16.4',
      allocated_storage: 100,
      max_allocated_storage: 200,
    });
    expect(resources(json, 'aws_db_instance')[0].final_snapshot_identifier).toBeUndefined();
    expect(resources(json, 'aws_db_parameter_group')[0].family).toBe('postgres16');
  });

  test('is usable alone in a plain TerraformStack with explicit placement', () => {
    const stack = new TerraformStack(new App(), 'plain');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const db = new PostgresDatabase(stack, 'db', {
      databaseName: 'reports',
      identifier: 'reports-db',
      account: '210987654321',
      region: 'us-east-1',
      vpcId: 'vpc-9',
      subnetIds: ['subnet-a', 'subnet-b'],
      allowedSecurityGroupIds: ['sg-app'],
      subnetCidrs: ['10.9.0.0/24'],
    });
    const json = tfSynth(stack);
    expect(resources(json, 'aws_db_instance')[0]).toMatchObject({ identifier: 'reports-db', multi_az: true, deletion_protection: true });
    expect(resources(json, 'aws_secretsmanager_secret')[0].name).toBe('reports-db/connection');
    expect(db.instanceArn).toBe('arn:aws:rds:us-east-1:210987654321:db:reports-db');
  });

  test('alarms notify the owning team\'s alert topic on the environment\'s cluster, the platform\'s without a team', () => {
    const { app, stack } = prodDatabase({ team: 'shop' });
    new PostgresDatabase(stack, 'shared-db', { databaseName: 'shared', cluster: CLUSTER });
    new PostgresDatabase(stack, 'quiet-db', { databaseName: 'quiet', cluster: CLUSTER, alarms: false });
    const alarms = resources(synthAll(app).tf.prod, 'aws_cloudwatch_metric_alarm');
    const actions = (identifier: string) => [
      ...new Set(alarms.filter((a) => a.dimensions.DBInstanceIdentifier === identifier).flatMap((a) => a.alarm_actions)),
    ];
    expect(actions('acme-prod-orders')).toEqual(['arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop']);
    expect(actions('acme-prod-shared')).toEqual(['arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts']);
    expect(actions('acme-prod-quiet')).toEqual([]);
    expect(alarms.filter((a) => a.dimensions.DBInstanceIdentifier === 'acme-prod-orders')).toHaveLength(5);
  });

  test('outside a PlatformStack alarms need a topic: none without one, a clear error when asked for', () => {
    const placement = { vpcId: 'vpc-1', subnetIds: ['s-1', 's-2'], allowedSecurityGroupIds: ['sg-1'], account: '123456789012', region: 'eu-west-1' };
    const stack = new TerraformStack(new App(), 'plain');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new PostgresDatabase(stack, 'a', { databaseName: 'a', identifier: 'a', ...placement });
    new PostgresDatabase(stack, 'b', { databaseName: 'b', identifier: 'b', ...placement, alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:dba' });
    const alarms = resources(tfSynth(stack), 'aws_cloudwatch_metric_alarm');
    expect(alarms.map((a) => a.dimensions.DBInstanceIdentifier)).toEqual(['b', 'b', 'b', 'b', 'b']);
    expect(() => new PostgresDatabase(stack, 'c', { databaseName: 'c', identifier: 'c', ...placement, alarms: true }))
      .toThrow(/PostgresDatabase 'plain\/c': 'alarmTopicArn' \(undefined\) is required for alarms outside a PlatformStack; give alarmTopicArn/);
  });

  describe('bad input', () => {
    test('a cluster with no database subnets fails and names the fix', () => {
      const { stack } = prodStack();
      const noDb = PlatformCluster.fromAttributes({ clusterName: 'acme-prod', vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::1:role/n' });
      expect(() => new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster: noDb }))
        .toThrow(/PostgresDatabase 'prod\/db': 'cluster' \('acme-prod'\) has no database subnets; use a PlatformCluster .* or give databaseSubnetIds/);
    });

    test('an alarm topic that is not an ARN fails', () => {
      const { stack } = prodStack();
      expect(() => new PostgresDatabase(stack, 'db', { databaseName: 'orders', alarmTopicArn: 'alerts', vpcId: 'v', subnetIds: ['a', 'b'], allowedSecurityGroupIds: ['sg'] }))
        .toThrow(/^PostgresDatabase 'prod\/db': 'alarmTopicArn' \('alerts'\) is not a resource ARN/);
    });

    test('subnet CIDRs that are not CIDR blocks fail (they become the clients\' NetworkPolicy egress)', () => {
      const { stack } = prodStack();
      expect(() => new PostgresDatabase(stack, 'db', { databaseName: 'orders', vpcId: 'v', subnetIds: ['a', 'b'], allowedSecurityGroupIds: ['sg'], subnetCidrs: ['10.0.64.1/20'] }))
        .toThrow(/^PostgresDatabase 'prod\/db': 'subnetCidrs\[0\]' \('10.0.64.1\/20'\) is not a valid IPv4 CIDR block with its network address/);
    });

    test('an instance class not shaped db.<family>.<size> fails', () => {
      const { stack } = prodStack();
      expect(() => new PostgresDatabase(stack, 'db', { databaseName: 'orders', instanceClass: 'm7g.large', vpcId: 'v', subnetIds: ['a', 'b'], allowedSecurityGroupIds: ['sg'] }))
        .toThrow(/^PostgresDatabase 'prod\/db': 'instanceClass' \('m7g.large'\) is not an RDS instance class; use db.<family>.<size>/);
    });

    test('placement must be given without a cluster', () => {
      const { stack } = prodStack();
      expect(() => new PostgresDatabase(stack, 'a', { databaseName: 'orders' })).toThrow(/'vpcId' \(undefined\) is missing; give cluster/);
      expect(() => new PostgresDatabase(stack, 'b', { databaseName: 'orders', vpcId: 'vpc-1', subnetIds: ['subnet-1'], allowedSecurityGroupIds: ['sg-1'] }))
        .toThrow(/'subnetIds' \(\["subnet-1"\]\) must list at least two subnets/);
      expect(() => new PostgresDatabase(stack, 'c', { databaseName: 'orders', vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], allowedSecurityGroupIds: [] }))
        .toThrow(/'allowedSecurityGroupIds' \(\[\]\) is empty: nothing could connect; give the security group/);
    });

    test('outside a PlatformStack account, region and identifier are required', () => {
      const stack = new TerraformStack(new App(), 'plain');
      const placement = { vpcId: 'vpc-1', subnetIds: ['s-1', 's-2'], allowedSecurityGroupIds: ['sg-1'] };
      expect(() => new PostgresDatabase(stack, 'a', { databaseName: 'x', ...placement, region: 'eu-west-1', identifier: 'x' }))
        .toThrow(/'account' \(undefined\) is required outside a PlatformStack; give the AWS account ID/);
      expect(() => new PostgresDatabase(stack, 'b', { databaseName: 'x', ...placement, account: '123456789012', identifier: 'x' }))
        .toThrow(/'region' \(undefined\) is required outside a PlatformStack/);
      expect(() => new PostgresDatabase(stack, 'c', { databaseName: 'x', ...placement, account: '123456789012', region: 'eu-west-1' }))
        .toThrow(/'identifier' \(undefined\) is required outside a PlatformStack/);
    });

    test.each([
      ['databaseName', { databaseName: 'Orders_DB' }, /'databaseName' \('Orders_DB'\)/],
      ['identifier', { identifier: 'ends-' }, /'identifier' \('ends-'\) is not a valid DB instance identifier/],
      ['engineVersion', { engineVersion: PostgresEngineVersion.of('12') }, /'engineVersion' \('12'\) is not a PostgreSQL version this library is tested with \(majors 15, 16, 17\); use a major such as PostgresEngineVersion.VER_17/],
      ['engineVersion', { engineVersion: PostgresEngineVersion.of('latest') }, /'engineVersion' \('latest'\)/],
      ['monitoringIntervalSeconds', { monitoringIntervalSeconds: 7 }, /'monitoringIntervalSeconds' \(7\) is not an interval RDS offers; use one of 0, 1, 5, 10, 15, 30, 60/],
      ['masterUsername', { masterUsername: 'postgres' }, /'masterUsername' \('postgres'\) is not a usable PostgreSQL master user name/],
      ['allocatedStorageGib', { allocatedStorageGib: 10 }, /'allocatedStorageGib' \(10\) must be a whole number from 20 to 65536/],
      ['maxAllocatedStorageGib', { allocatedStorageGib: 50, maxAllocatedStorageGib: 40 }, /'maxAllocatedStorageGib' \(40\) must be a whole number from 50 to 65536/],
      ['backupRetentionDays', { backupRetentionDays: 0 }, /'backupRetentionDays' \(0\) must be a whole number from 1 to 35/],
    ])('%s is checked', (_prop, props, message) => {
      const { stack } = prodStack();
      expect(() => new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster: CLUSTER, ...props })).toThrow(message);
    });
  });
});

describe('ServiceApp.connectDatabase', () => {
  test('an ExternalSecret assembles PG* variables from the connection and RDS master secrets; egress to the database subnets', () => {
    const { app, stack, db } = prodDatabase();
    const svc = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.3.0', cluster: CLUSTER });
    svc.connectDatabase(db);
    const { k8s } = synthAll(app);
    const es = find(k8s, 'ExternalSecret', 'orders-db-orders');
    expect(es.metadata.namespace).toBe('shop');
    expect(es.spec.data).toEqual(['host', 'port', 'dbname'].map((key) => ({ secretKey: key, remoteRef: { key: 'acme/prod/orders/connection', property: key } })));
    expect(es.spec.dataFrom).toEqual([{
      find: { tags: { 'aws:rds:primaryDBInstanceArn': 'arn:aws:rds:eu-west-1:123456789012:db:acme-prod-orders' } },
      rewrite: [{ regexp: { source: '^.*$', target: 'master' } }],
    }]);
    expect(es.spec.target.template.data).toEqual({
      PGHOST: '{{ .host }}',
      PGPORT: '{{ .port }}',
      PGDATABASE: '{{ .dbname }}',
      PGUSER: '{{ (.master | fromJson).username }}',
      PGPASSWORD: '{{ (.master | fromJson).password }}',
    });
    const pod = find(k8s, 'Deployment', 'orders').spec.template.spec;
    const container = pod.containers[0];
    expect(container.envFrom).toContainEqual({ secretRef: { name: 'orders-db-orders' } });
    // A rotated password reaches the pods: the ExternalSecret refreshes every 5 minutes, and the
    // Secret is also mounted as files (updated by the kubelet) in the directory PGCONNECTION_DIR names.
    expect(es.spec.refreshInterval).toBe('5m');
    expect(pod.volumes).toContainEqual({ name: 'secret-orders-db-orders', secret: { secretName: 'orders-db-orders', defaultMode: 0o440 } });
    expect(container.volumeMounts).toContainEqual({ name: 'secret-orders-db-orders', mountPath: '/var/run/secrets/paved-road/orders-db-orders', readOnly: true });
    expect(container.env).toContainEqual({ name: 'PGCONNECTION_DIR', value: '/var/run/secrets/paved-road/orders-db-orders' });
    const egress = find(k8s, 'NetworkPolicy', 'orders').spec.egress;
    for (const cidr of CLUSTER.databaseSubnetCidrs) {
      expect(egress).toContainEqual({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    }
    expect(schemaErrors(k8s)).toEqual([]);
    expect(JSON.stringify(k8s)).not.toMatch(/password"\s*:\s*"[^{]/i);
  });

  test('a shared database serves two services; a prefix names the variables', () => {
    const { app, stack, db } = prodDatabase();
    new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1', cluster: CLUSTER }).connectDatabase(db);
    new ServiceApp(stack, 'reports', { team: 'shop', imageTag: '1', cluster: CLUSTER }).connectDatabase(db, 'ORDERS_DB_');
    const { k8s } = synthAll(app);
    expect(Object.keys(find(k8s, 'ExternalSecret', 'reports-db-orders').spec.target.template.data)).toContain('ORDERS_DB_PASSWORD');
    expect(find(k8s, 'ExternalSecret', 'orders-db-orders')).toBeDefined();
  });

  describe('bad input', () => {
    test('a bad prefix, a database without known subnets and a second connection fail', () => {
      const { stack, db } = prodDatabase();
      const svc = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1' });
      expect(() => svc.connectDatabase(db, 'pg-')).toThrow(/ServiceApp 'prod\/orders': 'envPrefix' \('pg-'\) is not an environment variable prefix/);
      const blind = new PostgresDatabase(stack, 'blind', { databaseName: 'blind', vpcId: 'vpc-1', subnetIds: ['s-1', 's-2'], allowedSecurityGroupIds: ['sg-1'] });
      expect(() => svc.connectDatabase(blind)).toThrow(/'database' \('prod\/blind'\) has no known subnet CIDRs.*; create the database with cluster/);
      svc.connectDatabase(db);
      expect(() => svc.connectDatabase(db)).toThrow(/'database' \('prod\/orders-db'\) is already connected to this service/);
    });

    test('a prefix whose variable the service has already fails, naming the ServiceApp, and changes nothing: another prefix then works', () => {
      // GIVEN a service whose env has the variable the default prefix makes
      const { app, stack, db } = prodDatabase();
      const svc = new ServiceApp(stack, 'billing', { team: 'shop', imageTag: '1', cluster: CLUSTER, env: [{ name: 'PGCONNECTION_DIR', value: '/data' }] });
      // WHEN connected with it, THEN it fails with the fix
      expect(() => svc.connectDatabase(db)).toThrow(/^ServiceApp 'prod\/billing': 'envPrefix' \('PG'\) makes the variable PGCONNECTION_DIR, which the service has already; give another prefix, e.g. "ORDERS_DB_"/);
      // AND nothing was added: connecting with another prefix gives exactly one connection
      svc.connectDatabase(db, 'ORDERS_DB_');
      const { k8s } = synthAll(app);
      expect(k8s.filter((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'billing-db-orders')).toHaveLength(1);
      const container = find(k8s, 'Deployment', 'billing').spec.template.spec.containers[0];
      expect(container.envFrom.filter((e: any) => e.secretRef?.name === 'billing-db-orders')).toHaveLength(1);
      expect(container.env.filter((e: any) => e.name.endsWith('CONNECTION_DIR')).map((e: any) => e.name)).toEqual(['ORDERS_DB_CONNECTION_DIR']);
      expect(container.volumeMounts.filter((m: any) => m.mountPath.endsWith('/billing-db-orders'))).toHaveLength(1);
    });

    test('a database whose Secret the service has added by hand fails, and changes nothing', () => {
      const { stack, db } = prodDatabase();
      const svc = new ServiceApp(stack, 'billing', { team: 'shop', imageTag: '1', cluster: CLUSTER });
      svc.workload.addEnvFromSecret('billing-db-orders');
      expect(() => svc.connectDatabase(db)).toThrow(/^ServiceApp 'prod\/billing': 'database' \('prod\/orders-db'\) needs the Secret 'billing-db-orders', which the service has added already; connect the database instead/);
      expect(svc.chart.node.tryFindChild('Database-orders')).toBeUndefined();
    });
  });
});

describe('PostgresDatabase.fromAttributes', () => {
  const ATTRS = {
    databaseName: 'orders',
    instanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:acme-prod-orders',
    connectionSecretName: 'acme/prod/orders/connection',
    subnetCidrs: ['10.0.192.0/21'],
  };

  test('a database made elsewhere connects like one made here, and creates no resource', () => {
    // GIVEN a database known only by its attributes (another stack or repository made it)
    const { app, stack } = prodStack();
    const db = PostgresDatabase.fromAttributes(stack, 'OrdersDb', ATTRS);
    const svc = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1' });
    // WHEN
    svc.connectDatabase(db);
    const { tf, k8s } = synthAll(app);
    // THEN
    expect(db.port).toBe(5432);
    expect(resources(tf.prod, 'aws_db_instance')).toEqual([]);
    const es = find(k8s, 'ExternalSecret', 'orders-db-orders');
    expect(es.spec.data[0].remoteRef.key).toBe('acme/prod/orders/connection');
    expect(es.spec.dataFrom[0].find.tags).toEqual({ 'aws:rds:primaryDBInstanceArn': ATTRS.instanceArn });
    expect(find(k8s, 'NetworkPolicy', 'orders').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.192.0/21' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });

  test('a port of its own is used for egress', () => {
    const { app, stack } = prodStack();
    const svc = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1' });
    svc.connectDatabase(PostgresDatabase.fromAttributes(stack, 'OrdersDb', { ...ATTRS, port: 6432 }));
    const { k8s } = synthAll(app);
    expect(find(k8s, 'NetworkPolicy', 'orders').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.192.0/21' } }], ports: [{ protocol: 'TCP', port: 6432 }] });
  });

  describe('bad input', () => {
    test.each([
      [{ databaseName: 'Orders_DB' }, /PostgresDatabase 'prod\/Db': 'databaseName' \('Orders_DB'\) is not a DNS-1123 label/],
      [{ instanceArn: 'orders' }, /PostgresDatabase 'prod\/Db': 'instanceArn' \('orders'\) is not the ARN of an RDS DB instance; give arn:<partition>:rds/],
      [{ connectionSecretName: '' }, /PostgresDatabase 'prod\/Db': 'connectionSecretName' \(''\) is empty; name the Secrets Manager secret/],
      [{ port: 70000 }, /PostgresDatabase 'prod\/Db': 'port' \(70000\) must be a whole number from 1 to 65535/],
      // The CIDRs become a connected service's NetworkPolicy egress.
      [{ subnetCidrs: ['10.0.192.0/21', 'not-a-cidr'] }, /^PostgresDatabase 'prod\/Db': 'subnetCidrs\[1\]' \('not-a-cidr'\) is not a valid IPv4 CIDR block with its network address; use a block such as "10.0.0.0\/16"/],
    ])('%j fails with the fix', (bad, message) => {
      const { stack } = prodStack();
      expect(() => PostgresDatabase.fromAttributes(stack, 'Db', { ...ATTRS, ...bad })).toThrow(message);
    });
  });
});

describe('PostgresDatabase class defaults come from EnvironmentDefaults', () => {
  test.each([
    [EnvironmentClass.PRODUCTION, 'db.m7g.large', 30, 7, false, false],
    [EnvironmentClass.STAGING, 'db.t4g.medium', 30, 7, false, false],
    [EnvironmentClass.DEVELOPMENT, 'db.t4g.medium', 7, 0, true, true],
    [EnvironmentClass.PREVIEW, 'db.t4g.medium', 7, 0, true, true],
  ])('%s: instance %s, key deletion %d days, secret recovery %d days, backups deleted %s', (environmentClass, instanceClass, keyDays, recoveryDays, deleteBackups, skipFinal) => {
    const { stack } = prodStack({ environmentClass });
    new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster: CLUSTER });
    const json = tfSynth(stack);
    const instance = resources(json, 'aws_db_instance')[0];
    expect(instance.instance_class).toBe(instanceClass);
    expect(instance.delete_automated_backups).toBe(deleteBackups);
    expect(instance.skip_final_snapshot).toBe(skipFinal);
    expect(resources(json, 'aws_kms_key')[0].deletion_window_in_days).toBe(keyDays);
    expect(resources(json, 'aws_secretsmanager_secret')[0].recovery_window_in_days).toBe(recoveryDays);
  });
});

describe('PlatformCluster external-secrets role', () => {
  test('may read only this environment\'s RDS master secrets, found by tag, decrypting through Secrets Manager', () => {
    const { stack } = prodStack();
    new PlatformCluster(stack, 'cluster', {});
    const json = tfSynth(stack);
    const policy = resources(json, 'aws_iam_role_policy').find((p: any) => p.name === 'read-environment-secrets');
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.find((s: any) => s.Sid === 'ReadEnvironmentDatabaseMasterSecrets')).toEqual({
      Sid: 'ReadEnvironmentDatabaseMasterSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!*'],
      Condition: { StringLike: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': 'arn:aws:rds:eu-west-1:123456789012:db:acme-prod-*' } },
    });
    expect(statements.find((s: any) => s.Sid === 'DecryptSecretsThroughSecretsManager').Condition)
      .toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
    // Finding by tag: External Secrets lists the secrets and reads the matches in one batch call.
    expect(statements.find((s: any) => s.Sid === 'FindSecretsByTag')).toEqual({
      Sid: 'FindSecretsByTag', Effect: 'Allow', Action: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], Resource: '*',
    });
    expect(statements.flatMap((s: any) => s.Action).filter((a: string) => a.includes('*'))).toEqual([]);
  });
});
