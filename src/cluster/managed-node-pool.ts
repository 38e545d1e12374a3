import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import { TaintEffect } from './taint-effect';
import { PlatformStack } from '../core/platform-stack';
import { POOL_LABEL } from '../private/contract';
import { propError } from '../private/errors';
import { managedPolicyArn, serviceTrust } from '../private/iam';
import { kubernetesTaintEffect } from '../private/nodes';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { NODE_POOL_OPTIONS } from '../private/shared-prop-types';
import { requireInstanceType, requireIntegerInRange } from '../private/validate';

const KIND = 'ManagedNodePool';

/** How the nodes of a pool are bought. */
export enum CapacityType {
  /** On-demand instances. */
  ON_DEMAND = 'ON_DEMAND',
  /** Spot instances: cheaper, reclaimed at two minutes' notice. */
  SPOT = 'SPOT',
}

/** A Kubernetes taint on every node of a pool. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. */
  readonly value: string;
  /** What the taint does to pods that do not tolerate it. */
  readonly effect: TaintEffect;
}

/**
 * Options of a node pool, shared by `ManagedNodePoolProps` and `PlatformCluster`.
 */
export interface NodePoolOptions {
  /**
   * EC2 instance types, tried in order.
   * @default ['m7i.large', 'm6i.large']
   */
  readonly instanceTypes?: string[];
  /**
   * Fewest nodes.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Most nodes.
   * @default 6
   */
  readonly maxSize?: number;
  /**
   * Nodes at creation; afterwards the autoscaler owns the count (Terraform ignores changes to it).
   * @default - minSize
   */
  readonly desiredSize?: number;
  /**
   * Root volume size in GiB (gp3, encrypted).
   * @default 50
   */
  readonly diskSizeGib?: number;
  /**
   * Kubernetes labels on every node, besides `paved-road.dev/pool=<pool name>` (which they cannot override).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Kubernetes taints on every node.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * Only for a pool of an EKS Auto Mode cluster (`PlatformCluster` `spotPool` with `autoMode`):
   * the most vCPUs of its nodes together. A managed node group is bounded by `maxSize` instead.
   * @default - 64 under Auto Mode
   */
  readonly maxVcpus?: number;
}

/**
 * Properties for `ManagedNodePool`.
 */
export interface ManagedNodePoolProps extends NodePoolOptions {
  /** The EKS cluster name. */
  readonly clusterName: string;
  /** Name of the pool, e.g. `system`. */
  readonly poolName: string;
  /** Private subnets for the nodes. */
  readonly subnetIds: string[];
  /**
   * On-demand or spot.
   * @default CapacityType.ON_DEMAND
   */
  readonly capacityType?: CapacityType;
  /**
   * ARN of the node IAM role to use.
   * @default - a role of its own with the EKS worker, ECR pull-only and VPC CNI policies
   */
  readonly nodeRoleArn?: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * KMS key ARN for the root volumes.
   * @default - the account's default EBS key (aws/ebs)
   */
  readonly volumeEncryptionKeyArn?: string;
  /**
   * Cost-allocation tags of the nodes' EC2 instances, volumes and network interfaces (provider
   * default tags do not reach what a launch template launches).
   * @default - the tags of the enclosing PlatformStack's environment (platform, environment, class), when there is one
   */
  readonly tags?: { [key: string]: string };
}

/** Runtime types of `ManagedNodePoolProps`. */
const MANAGED_NODE_POOL_PROPS = propTypes('ManagedNodePoolProps', {
  ...NODE_POOL_OPTIONS.props,
  clusterName: required(T.string),
  poolName: required(T.string),
  subnetIds: required(T.strings),
  capacityType: T.oneOf('CapacityType', CapacityType),
  nodeRoleArn: T.string,
  partition: T.string,
  volumeEncryptionKeyArn: T.string,
  tags: T.stringMap,
});

/**
 * An EKS managed node group on Amazon Linux 2023: IMDSv2 required with a hop limit of 1 (pods get
 * AWS credentials from Pod Identity, never from the node), encrypted gp3 root volumes, no SSH.
 * Usable alone in any `TerraformStack`.
 */
export class ManagedNodePool extends Construct {
  /** The node group. */
  public readonly nodeGroup: EksNodeGroup;
  /** ARN of the node IAM role. */
  public readonly nodeRoleArn: string;
  /** Fewest nodes. */
  public readonly minSize: number;
  /** Most nodes. */
  public readonly maxSize: number;

  public constructor(scope: Construct, id: string, props: ManagedNodePoolProps) {
    super(scope, id);
    checkProps(this, KIND, props, MANAGED_NODE_POOL_PROPS);
    const partition = props.partition ?? 'aws';
    this.minSize = requireIntegerInRange(this, KIND, 'minSize', props.minSize ?? 2, 0, 1000);
    this.maxSize = requireIntegerInRange(this, KIND, 'maxSize', props.maxSize ?? Math.max(6, this.minSize), 1, 1000);
    if (this.minSize > this.maxSize) {
      throw propError(this, KIND, 'minSize', this.minSize, `must be <= 'maxSize' (${this.maxSize})`, 'raise maxSize or lower minSize');
    }
    if (props.maxVcpus !== undefined) {
      throw propError(this, KIND, 'maxVcpus', props.maxVcpus, 'bounds a node pool of EKS Auto Mode, and a managed node group is bounded by its node count',
        'set maxSize instead');
    }
    const desired = requireIntegerInRange(this, KIND, 'desiredSize', props.desiredSize ?? this.minSize, this.minSize, this.maxSize);
    const disk = requireIntegerInRange(this, KIND, 'diskSizeGib', props.diskSizeGib ?? 50, 20, 16384);
    for (const t of props.taints ?? []) {
      kubernetesTaintEffect(this, KIND, t.effect);
    }
    if (props.instanceTypes !== undefined && props.instanceTypes.length === 0) {
      throw propError(this, KIND, 'instanceTypes', props.instanceTypes, 'allows no instance type', 'name at least one type, or leave instanceTypes unset for m7i.large and m6i.large');
    }
    (props.instanceTypes ?? []).forEach((t, i) => requireInstanceType(this, KIND, `instanceTypes[${i}]`, t));

    if (props.nodeRoleArn) {
      this.nodeRoleArn = props.nodeRoleArn;
    } else {
      const role = new IamRole(this, 'NodeRole', { name: `${props.clusterName}-${props.poolName}-node`, assumeRolePolicy: serviceTrust('ec2.amazonaws.com') });
      for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy']) {
        new IamRolePolicyAttachment(this, policy, { role: role.name, policyArn: managedPolicyArn(partition, policy) });
      }
      this.nodeRoleArn = role.arn;
    }

    const nodeTags = { ...PlatformStack.find(this)?.context.tags, ...props.tags, Name: `${props.clusterName}-${props.poolName}` };
    const template = new LaunchTemplate(this, 'LaunchTemplate', {
      namePrefix: `${props.clusterName}-${props.poolName}-`,
      description: `Nodes of ${props.clusterName}/${props.poolName}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: { volumeSize: disk, volumeType: 'gp3', encrypted: 'true', kmsKeyId: props.volumeEncryptionKeyArn, deleteOnTermination: 'true' },
      }],
      // Provider default tags reach the launch template, not what EC2 launches from it: the
      // instances, their volumes and network interfaces carry the environment's cost tags only
      // when they are listed here.
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: nodeTags })),
    });

    this.nodeGroup = new EksNodeGroup(this, 'NodeGroup', {
      clusterName: props.clusterName,
      nodeGroupName: props.poolName,
      nodeRoleArn: this.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: props.capacityType ?? CapacityType.ON_DEMAND,
      instanceTypes: props.instanceTypes ?? ['m7i.large', 'm6i.large'],
      scalingConfig: { minSize: this.minSize, maxSize: this.maxSize, desiredSize: desired },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      labels: { ...props.labels, [POOL_LABEL]: props.poolName },
      taint: props.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });
  }
}
