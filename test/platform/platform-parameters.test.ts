import { PlatformCluster } from '../../src';
import { prodStack, resources, synthAll } from '../util';
import { PUBLISHED } from './published-parameters';

describe('PlatformParameters', () => {
  test('a PlatformCluster publishes what an app repository needs as SSM parameters under /<platform>/<environment>/', () => {
    // GIVEN
    const { app, stack } = prodStack();
    const cluster = new PlatformCluster(stack, 'cluster', { vpcCidr: '10.20.0.0/16' });

    // WHEN
    const { tf } = synthAll(app);

    // THEN every key, plain String or StringList, with non-secret values readable in plans
    const params = resources(tf.prod, 'aws_ssm_parameter');
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    // The cluster's parameters, and the Prometheus workspace's ID its observability publishes (ServiceApps read it).
    expect(Object.keys(byName).sort()).toEqual([...PUBLISHED, 'observability/prometheus-workspace-id'].map((k) => `/acme/prod/${k}`).sort());
    expect(byName['/acme/prod/cluster/name']).toMatchObject({ type: 'String', insecure_value: 'acme-prod' });
    expect(byName['/acme/prod/network/vpc-cidr']).toMatchObject({ type: 'String', insecure_value: '10.20.0.0/16' });
    expect(byName['/acme/prod/network/database-subnet-cidrs']).toMatchObject({ type: 'StringList', insecure_value: cluster.databaseSubnetCidrs.join(',') });
    expect(byName['/acme/prod/network/vpc-id'].insecure_value).toMatch(/^\$\{aws_vpc\.cluster_Network_Vpc_\w+\.id\}$/);
    expect(byName['/acme/prod/network/private-subnet-ids']).toMatchObject({ type: 'StringList' });
    expect(byName['/acme/prod/network/private-subnet-ids'].insecure_value.match(/aws_subnet\.\w+\.id/g)).toHaveLength(3);
    expect(byName['/acme/prod/cluster/oidc-issuer'].insecure_value).toMatch(/aws_eks_cluster\.\w+\.identity\[0\]\.oidc\[0\]\.issuer/);
    expect(params.every((p) => p.value === undefined)).toBe(true);
  });

  test('the outputs include the VPC CIDR and the database subnet CIDRs', () => {
    const { app, stack } = prodStack();
    new PlatformCluster(stack, 'cluster');
    const { tf } = synthAll(app);
    expect(tf.prod.output.vpc_cidr.value).toBe('10.0.0.0/16');
    expect(tf.prod.output.database_subnet_cidrs.value).toEqual(['10.0.224.0/22', '10.0.228.0/22', '10.0.232.0/22']);
  });
});
