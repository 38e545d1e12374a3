import { EnvironmentClass, PlatformCluster, PostgresDatabase, ServiceApp } from '../../src';
import { find, prodStack, resources, synthAll } from '../util';
import { PUBLISHED } from './published-parameters';

describe('PlatformCluster.fromLookup', () => {
  test('reads the parameters through data sources; IDs stay in Terraform, the CIDRs in YAML are synth-time values', () => {
    // GIVEN an app repository's stack, with no ID copied from the platform
    const { app, stack } = prodStack({}, 'shop-prod');
    const cluster = PlatformCluster.fromLookup(stack, 'platform');
    const db = new PostgresDatabase(stack, 'orders-db', { databaseName: 'orders', cluster });
    const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1.0.0', cluster });

    // WHEN
    orders.connectDatabase(db);
    const { tf, k8s } = synthAll(app);

    // THEN the data sources read the names the platform writes
    const data = tf['shop-prod'].data.aws_ssm_parameter;
    // (and the service's alert rules read the Prometheus workspace ID the platform publishes)
    expect(Object.values<any>(data).map((d) => d.name).sort()).toEqual([...PUBLISHED, 'observability/prometheus-workspace-id'].map((k) => `/acme/prod/${k}`).sort());
    // the database lands in the platform's subnets and VPC, by reference
    const subnetGroup = resources(tf['shop-prod'], 'aws_db_subnet_group')[0];
    expect(subnetGroup.subnet_ids).toMatch(/^\$\{split\(",", data\.aws_ssm_parameter\.platform_DatabaseSubnetIds_\w+\.insecure_value\)\}$/);
    expect(resources(tf['shop-prod'], 'aws_security_group')[0].vpc_id).toMatch(/data\.aws_ssm_parameter\.platform_VpcId_\w+\.insecure_value/);
    // and the NetworkPolicy's egress to the database holds the layout's CIDRs, known at synth time
    const policy = find(k8s, 'NetworkPolicy', 'orders');
    const cidrs = policy.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.ipBlock?.cidr)).filter((c: any) => c);
    expect(cidrs).toEqual(expect.arrayContaining(['10.0.224.0/22', '10.0.228.0/22', '10.0.232.0/22']));
    expect(cluster.clusterName).toBe('acme-prod');
  });

  test('the synth-time values are checked at plan: a postcondition per value compares it with the published one', () => {
    const { app, stack } = prodStack({}, 'shop-prod');
    PlatformCluster.fromLookup(stack, 'platform', { vpcCidr: '10.8.0.0/20', availabilityZoneCount: 2 });
    const { tf } = synthAll(app);
    const data = Object.values<any>(tf['shop-prod'].data.aws_ssm_parameter);
    const conditions = Object.fromEntries(data.map((d) => [d.name, d.lifecycle?.postcondition?.[0]]));
    expect(conditions['/acme/prod/network/vpc-cidr'].condition).toBe('${self.insecure_value == "10.8.0.0/20"}');
    expect(conditions['/acme/prod/network/vpc-cidr'].error_message).toMatch(/holds \$\{self\.insecure_value\}, but this stack was synthesized for 10\.8\.0\.0\/20: give that CIDR as vpcCidr/);
    expect(conditions['/acme/prod/network/database-subnet-cidrs'].condition).toBe('${self.insecure_value == "10.8.14.0/26,10.8.14.64/26"}');
    expect(conditions['/acme/prod/cluster/name'].condition).toBe('${self.insecure_value == "acme-prod"}');
    expect(conditions['/acme/prod/network/vpc-id']).toBeUndefined();
  });

  test('derives the subnet CIDRs as the platform lays them out', () => {
    for (const [vpcCidr, zones] of [['10.0.0.0/16', 3], ['172.16.0.0/20', 2], ['10.40.0.0/22', 6]] as Array<[string, number]>) {
      const { stack } = prodStack();
      const platform = new PlatformCluster(stack, 'cluster', { vpcCidr, availabilityZones: ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, zones).map((z) => `eu-west-1${z}`) });
      const { stack: appStack } = prodStack({}, 'app');
      const lookup = PlatformCluster.fromLookup(appStack, 'platform', { vpcCidr, availabilityZoneCount: zones });
      expect(lookup.databaseSubnetCidrs).toEqual(platform.databaseSubnetCidrs);
      expect(lookup.publicSubnetCidrs).toEqual(platform.publicSubnetCidrs);
      expect(lookup.privateSubnetCidrs).toEqual(platform.privateSubnetCidrs);
      expect(lookup.vpcCidr).toBe(platform.vpcCidr);
    }
  });

  test('a preview reads its host environment\'s parameters', () => {
    const { app, stack } = prodStack({ environmentName: 'pr-42', hostEnvironmentName: 'dev', environmentClass: EnvironmentClass.PREVIEW }, 'preview');
    const cluster = PlatformCluster.fromLookup(stack, 'platform');
    const { tf } = synthAll(app);
    expect(Object.values<any>(tf.preview.data.aws_ssm_parameter).every((d) => d.name.startsWith('/acme/dev/'))).toBe(true);
    expect(cluster.clusterName).toBe('acme-dev');
  });

  test('a vpcCidr no PlatformCluster can have fails with the fix', () => {
    const { stack } = prodStack();
    expect(() => PlatformCluster.fromLookup(stack, 'platform', { vpcCidr: '10.0.0.0/24' }))
      .toThrow("PlatformClusterLookup 'prod/platform': 'vpcCidr' ('10.0.0.0/24') is not a VPC CIDR a PlatformCluster can have (an IPv4 network address, /16 to /22); give the vpcCidr the platform's PlatformCluster was given, e.g. \"10.0.0.0/16\"; the platform publishes it as SSM parameter '/acme/prod/network/vpc-cidr'");
    expect(() => PlatformCluster.fromLookup(stack, 'other', { vpcCidr: '10.0.0.1/16' })).toThrow(/'vpcCidr' \('10\.0\.0\.1\/16'\) is not a VPC CIDR/);
  });

  test('an availabilityZoneCount outside 2 to 6 fails', () => {
    const { stack } = prodStack();
    expect(() => PlatformCluster.fromLookup(stack, 'platform', { availabilityZoneCount: 1 }))
      .toThrow("PlatformClusterLookup 'prod/platform': 'availabilityZoneCount' (1) must be a whole number from 2 to 6");
  });
});
