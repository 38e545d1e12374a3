import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EksControlPlane, EksControlPlaneProps } from '../../src';
import { resources, tfSynth } from '../util';

function controlPlane(props: Partial<EksControlPlaneProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'eks');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const plane = new EksControlPlane(stack, 'eks', {
    clusterName: 'acme-prod', subnetIds: ['subnet-a', 'subnet-b'], account: '123456789012', region: 'eu-west-1', ...props,
  });
  return { plane, json: tfSynth(stack) };
}

/** Managed policy names attached to the role whose construct id contains `role`. */
function policiesOf(json: any, role: string): string[] {
  return resources(json, 'aws_iam_role_policy_attachment')
    .filter((a) => new RegExp(`aws_iam_role\\.[^.]*${role}[^.]*\\.name`).test(a.role))
    .map((a) => a.policy_arn.replace(/^arn:aws:iam::aws:policy\//, ''))
    .sort();
}

describe('EksControlPlane, alone in a plain TerraformStack', () => {
  test('without Auto Mode: no compute, storage or load balancing config; self-managed add-ons as EKS bootstraps them', () => {
    const { plane, json } = controlPlane();
    const eks = resources(json, 'aws_eks_cluster')[0];
    expect(eks.compute_config).toBeUndefined();
    expect(eks.storage_config).toBeUndefined();
    expect(eks.kubernetes_network_config).toEqual({ service_ipv4_cidr: '172.20.0.0/16', ip_family: 'ipv4' });
    expect(eks.bootstrap_self_managed_addons).toBeUndefined();
    expect(policiesOf(json, 'Role')).toEqual(['AmazonEKSClusterPolicy']);
    expect(plane.autoMode).toBe(false);
    expect(plane.autoModeNodeRoleArn).toBeUndefined();
  });

  test('Auto Mode: compute with both built-in pools on a node role of its own, block storage, load balancing, no bootstrapped add-ons', () => {
    const { plane, json } = controlPlane({ autoMode: true });
    const eks = resources(json, 'aws_eks_cluster')[0];
    expect(eks.compute_config).toEqual({
      enabled: true,
      node_pools: ['general-purpose', 'system'],
      node_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.eks_AutoModeNodeRole_[A-F0-9]+\.arn\}$/),
    });
    expect(eks.storage_config).toEqual({ block_storage: { enabled: true } });
    expect(eks.kubernetes_network_config.elastic_load_balancing).toEqual({ enabled: true });
    expect(eks.bootstrap_self_managed_addons).toBe(false);
    expect(plane.autoMode).toBe(true);
    expect(plane.autoModeNodeRoleArn).toMatch(/^\$\{TfToken\[/);

    // The cluster role: the cluster policy and the four Auto Mode policies; the node role: minimal worker and pull-only ECR.
    expect(policiesOf(json, 'eks_Role')).toEqual([
      'AmazonEKSBlockStoragePolicy', 'AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy',
    ]);
    expect(policiesOf(json, 'AutoModeNodeRole')).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodeMinimalPolicy']);
    const nodeRole = resources(json, 'aws_iam_role').find((r) => r.name === 'acme-prod-auto-node');
    expect(JSON.parse(nodeRole.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }]);
    // The cluster is created only once every policy of both roles is attached.
    const attachments = Object.keys(json.resource.aws_iam_role_policy_attachment).map((name) => `aws_iam_role_policy_attachment.${name}`);
    expect(eks.depends_on).toEqual(expect.arrayContaining(attachments));
    expect(attachments).toHaveLength(7);
  });

  describe('bad input', () => {
    test.each([
      [{ publicAccessCidrs: ['0.0.0.0/0'] }, "'publicAccessCidrs' ('0.0.0.0/0') opens the API to the whole internet"],
      [{ publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }, "'publicAccessCidrs' ([\"0.0.0.0/1\",\"128.0.0.0/1\"]) together cover every IPv4 address, which opens the endpoint to the whole internet"],
      [{ serviceCidr: '20.0.0.0/16' }, "'serviceCidr' ('20.0.0.0/16') is not inside a private range"],
      [{ region: 'europe' }, "'region' ('europe') is not an AWS region name"],
      [{ logRetentionDays: 400.5 }, "'logRetentionDays' (400.5) is not a retention period CloudWatch Logs accepts"],
      [{ adminPrincipalArns: ['platform-admins'] }, "'adminPrincipalArns[0]' ('platform-admins') is not the ARN of an IAM role or user"],
      [{ kubernetesVersion: { version: '1.20' } }, "'kubernetesVersion' ('1.20') is not a version this library is tested with; use one of 1.33, 1.34"],
    ])('%j fails naming the prop', (props, message) => {
      expect(() => controlPlane(props as Partial<EksControlPlaneProps>)).toThrow(`EksControlPlane 'eks/eks': ${message}`);
    });

    test('an allow-list of a few ranges is accepted', () => {
      const { json } = controlPlane({ publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
      expect(resources(json, 'aws_eks_cluster')[0].vpc_config.public_access_cidrs).toEqual(['203.0.113.0/24', '198.51.100.7/32']);
    });
  });
});
