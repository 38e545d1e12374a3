import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { PlatformNetwork, PlatformNetworkProps } from '../../src';
import { resources, tfSynth } from '../util';

function network(props: Partial<PlatformNetworkProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'net');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new PlatformNetwork(stack, 'net', {
    name: 'acme-prod', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], account: '123456789012', region: 'eu-west-1', ...props,
  });
  return tfSynth(stack);
}

describe('PlatformNetwork, alone in a plain TerraformStack', () => {
  test('always an S3 gateway endpoint on the private route tables; no interface endpoints by default', () => {
    const json = network();
    const endpoints = resources(json, 'aws_vpc_endpoint');
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway' });
    const privateTables = Object.entries<any>(json.resource.aws_route_table).filter(([name]) => name.includes('PrivateRoutes'));
    expect(privateTables).toHaveLength(3);
    expect(endpoints[0].route_table_ids).toEqual(privateTables.map(([name]) => `\${aws_route_table.${name}.id}`));
  });

  test('interfaceEndpoints: ECR api and dkr, STS and Logs in the private subnets, private DNS, HTTPS from the VPC only', () => {
    const json = network({ interfaceEndpoints: true });
    const endpoints = resources(json, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'sts'].map((s) => `com.amazonaws.eu-west-1.${s}`));
    const privateSubnets = Object.keys(json.resource.aws_subnet).filter((name) => name.includes('Private')).map((name) => `\${aws_subnet.${name}.id}`);
    expect(privateSubnets).toHaveLength(3);
    for (const e of endpoints) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.subnet_ids).toEqual(privateSubnets);
      expect(e.security_group_ids).toHaveLength(1);
    }
    const sg = resources(json, 'aws_security_group').find((g) => g.name === 'acme-prod-vpc-endpoints');
    expect(sg.ingress).toEqual([expect.objectContaining({ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] })]);
    expect(sg.egress ?? []).toEqual([]);
  });

  test('flow logs: every accepted and rejected packet to a KMS-encrypted log group the key policy scopes to it', () => {
    const json = network();
    expect(resources(json, 'aws_flow_log')[0]).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    const group = resources(json, 'aws_cloudwatch_log_group')[0];
    expect(group).toMatchObject({ name: '/aws/vpc/acme-prod/flow-logs', retention_in_days: 365 });
    const policy = JSON.parse(resources(json, 'aws_kms_key')[0].policy);
    const logs = policy.Statement.find((s: any) => s.Principal?.Service === 'logs.eu-west-1.amazonaws.com');
    expect(logs.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/acme-prod/flow-logs' } });
    // The role trusts only this account's flow logs (AWS's confused-deputy conditions)
    const role = resources(json, 'aws_iam_role').find((r) => r.name === 'acme-prod-flow-logs');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*' },
    });
    const actions = JSON.parse(resources(json, 'aws_iam_role_policy')[0].policy).Statement.flatMap((st: any) => st.Action);
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups']);
    expect(network({ flowLogs: false }).resource.aws_flow_log).toBeUndefined();
  });

  describe('bad input', () => {
    test.each([
      [{ vpcCidr: '52.0.0.0/16' }, "'vpcCidr' ('52.0.0.0/16') is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)"],
      [{ availabilityZones: ['eu-west-1a', 'eu-central-1b'] }, "'availabilityZones' ('eu-central-1b') is not an availability zone of the region 'eu-west-1'"],
      [{ availabilityZones: ['a', 'b'] }, "'availabilityZones' ('a') is not an availability zone of the region 'eu-west-1'"],
      [{ region: 'EU-WEST-1' }, "'region' ('EU-WEST-1') is not an AWS region name"],
      [{ flowLogRetentionDays: 10 }, "'flowLogRetentionDays' (10) is not a retention period CloudWatch Logs accepts"],
    ])('%j fails naming the prop', (props, message) => {
      expect(() => network(props)).toThrow(`PlatformNetwork 'net/net': ${message}`);
    });

    test('the shared address space 100.64.0.0/10 is a private range too', () => {
      expect(resources(network({ vpcCidr: '100.64.0.0/16' }), 'aws_vpc')[0].cidr_block).toBe('100.64.0.0/16');
    });
  });
});
