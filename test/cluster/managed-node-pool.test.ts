import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { CapacityType, ManagedNodePool, ManagedNodePoolProps, TaintEffect } from '../../src';
import { resources, tfSynth } from '../util';

/** A ManagedNodePool alone in a plain TerraformStack. */
function pool(props: Partial<ManagedNodePoolProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'nodes');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const p = new ManagedNodePool(stack, 'Pool', { clusterName: 'acme-prod', poolName: 'system', subnetIds: ['subnet-a', 'subnet-b'], ...props });
  return { pool: p, json: tfSynth(stack) };
}

describe('ManagedNodePool, alone in a plain TerraformStack', () => {
  test('defaults: AL2023, on demand, 2 to 6 nodes, IMDSv2 with hop limit 1, encrypted gp3 root volume, the pool label', () => {
    const { pool: p, json } = pool();
    const group = resources(json, 'aws_eks_node_group')[0];
    expect(group).toMatchObject({
      cluster_name: 'acme-prod',
      node_group_name: 'system',
      ami_type: 'AL2023_x86_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      instance_types: ['m7i.large', 'm6i.large'],
      scaling_config: { min_size: 2, max_size: 6, desired_size: 2 },
      labels: { 'paved-road.dev/pool': 'system' },
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
    });
    expect(p.minSize).toBe(2);
    expect(p.maxSize).toBe(6);
    const template = resources(json, 'aws_launch_template')[0];
    expect(template.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
    expect(template.block_device_mappings[0].ebs).toMatchObject({ volume_size: 50, volume_type: 'gp3', encrypted: 'true' });
  });

  test('a node role of its own with the worker, pull-only ECR and CNI policies, trusted by EC2; none when one is given', () => {
    const { json } = pool();
    expect(resources(json, 'aws_iam_role')[0].name).toBe('acme-prod-system-node');
    expect(JSON.parse(resources(json, 'aws_iam_role')[0].assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(resources(json, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
    const given = pool({ nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes' });
    expect(resources(given.json, 'aws_iam_role')).toEqual([]);
    expect(resources(given.json, 'aws_eks_node_group')[0].node_role_arn).toBe('arn:aws:iam::123456789012:role/nodes');
  });

  test('spot capacity, sizes, labels and taints are passed on; user labels do not override the pool label', () => {
    const { json } = pool({
      poolName: 'spot',
      capacityType: CapacityType.SPOT,
      minSize: 0,
      maxSize: 4,
      desiredSize: 1,
      diskSizeGib: 80,
      instanceTypes: ['c7i.large'],
      labels: { 'paved-road.dev/pool': 'other', 'tier': 'batch' },
      taints: [{ key: 'paved-road.dev/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
    const group = resources(json, 'aws_eks_node_group')[0];
    expect(group).toMatchObject({
      capacity_type: 'SPOT',
      instance_types: ['c7i.large'],
      scaling_config: { min_size: 0, max_size: 4, desired_size: 1 },
      labels: { 'paved-road.dev/pool': 'spot', 'tier': 'batch' },
      taint: [{ key: 'paved-road.dev/spot', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(resources(json, 'aws_launch_template')[0].block_device_mappings[0].ebs.volume_size).toBe(80);
  });

  describe('bad input', () => {
    test.each([
      [{ minSize: 5, maxSize: 3 }, /ManagedNodePool 'nodes\/Pool': 'minSize' \(5\) must be <= 'maxSize' \(3\); raise maxSize or lower minSize/],
      [{ minSize: -1 }, /'minSize' \(-1\) must be a whole number from 0 to 1000/],
      [{ maxSize: 0 }, /'maxSize' \(0\) must be a whole number from 1 to 1000/],
      [{ desiredSize: 9 }, /'desiredSize' \(9\) must be a whole number from 2 to 6/],
      [{ diskSizeGib: 10 }, /'diskSizeGib' \(10\) must be a whole number from 20 to 16384/],
      [{ maxVcpus: 32 }, /'maxVcpus' \(32\) bounds a node pool of EKS Auto Mode, and a managed node group is bounded by its node count; set maxSize instead/],
      [{ taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' as unknown as TaintEffect }] }, /'taints.effect' \('NoSchedule'\) is not a taint effect; use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE/],
      [{ instanceTypes: ['m7i.large', 'm7i large'] }, /^ManagedNodePool 'nodes\/Pool': 'instanceTypes\[1\]' \('m7i large'\) is not an EC2 instance type; use <family>.<size>/],
      [{ instanceTypes: [] }, /'instanceTypes' \(\[\]\) allows no instance type/],
    ])('%j fails with the fix', (bad, message) => {
      expect(() => pool(bad as Partial<ManagedNodePoolProps>)).toThrow(message);
    });
  });
});
