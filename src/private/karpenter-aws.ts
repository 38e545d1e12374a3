import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { addonIdentity } from './addon-identity';
import { KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT } from './contract';
import { managedPolicyArn, policyDocument, serviceTrust } from './iam';
import { PlatformContext } from '../core/platform-context';

/**
 * The EventBridge rules that feed Karpenter's interruption queue, from the upstream CloudFormation
 * (aws/karpenter-provider-aws@v1.14.1 website/.../getting-started-with-karpenter/cloudformation.yaml).
 */
const INTERRUPTION_EVENTS: Array<[string, string, string, string]> = [
  ['ScheduledChangeRule', 'health', 'aws.health', 'AWS Health Event'],
  ['SpotInterruptionRule', 'spot', 'aws.ec2', 'EC2 Spot Instance Interruption Warning'],
  ['RebalanceRule', 'rebalance', 'aws.ec2', 'EC2 Instance Rebalance Recommendation'],
  ['InstanceStateChangeRule', 'state', 'aws.ec2', 'EC2 Instance State-change Notification'],
  ['CapacityReservationInterruptionRule', 'reservation', 'aws.ec2', 'EC2 Capacity Reservation Instance Interruption Warning'],
];
/** Karpenter reads interruption messages within seconds; older ones are stale (upstream: 300 s). */
const QUEUE_RETENTION_SECONDS = 300;

/** Options of `KarpenterAws`. @internal */
export interface KarpenterAwsOptions {
  readonly context: PlatformContext;
  /** The EKS cluster (a token, so that entries and associations wait for it). */
  readonly clusterToken: string;
}

/**
 * Karpenter's AWS side on a managed-node-group cluster: the node role and its EC2_LINUX access
 * entry, the interruption queue (SSE, TLS only) and its EventBridge rules, and the controller's IAM
 * role (the upstream CloudFormation policies, scoped to this cluster) bound through Pod Identity.
 * @internal
 */
export class KarpenterAws extends Construct {
  /** Name of the nodes' IAM role (the EC2NodeClass names it). */
  public readonly nodeRoleName: string;
  /** Name of the interruption queue (the chart's `settings.interruptionQueue`). */
  public readonly queueName: string;

  public constructor(scope: Construct, id: string, options: KarpenterAwsOptions) {
    super(scope, id);
    const ctx = options.context;
    const cluster = ctx.clusterName;
    const { partition, region, account } = ctx;
    this.nodeRoleName = `${cluster}-karpenter-node`;
    this.queueName = `${cluster}-karpenter`;

    const nodeRole = new IamRole(this, 'NodeRole', { name: this.nodeRoleName, assumeRolePolicy: serviceTrust('ec2.amazonaws.com') });
    // The managed node groups' policies (upstream adds AmazonSSMManagedInstanceCore: a remote shell, left out as on every node here).
    for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy']) {
      new IamRolePolicyAttachment(this, `Node-${policy}`, { role: nodeRole.name, policyArn: managedPolicyArn(partition, policy) });
    }
    new EksAccessEntry(this, 'NodeAccess', { clusterName: options.clusterToken, principalArn: nodeRole.arn, type: 'EC2_LINUX' });

    const queue = new SqsQueue(this, 'InterruptionQueue', {
      name: this.queueName,
      messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    new SqsQueuePolicy(this, 'InterruptionQueuePolicy', {
      queueUrl: queue.url,
      policy: policyDocument([
        { Sid: 'EventBridgeSends', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: ['sqs:SendMessage'], Resource: queue.arn },
        { Sid: 'DenyHTTP', Effect: 'Deny', Principal: '*', Action: ['sqs:*'], Resource: queue.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]),
    });
    for (const [name, short, source, detailType] of INTERRUPTION_EVENTS) {
      const rule = new CloudwatchEventRule(this, name, {
        name: `${cluster}-karpenter-${short}`,
        eventPattern: JSON.stringify({ 'source': [source], 'detail-type': [detailType] }),
      });
      new CloudwatchEventTarget(this, `${name}Target`, { rule: rule.name, targetId: 'KarpenterInterruptionQueueTarget', arn: queue.arn });
    }

    const ec2 = (type: string) => `arn:${partition}:ec2:${region}:*:${type}/*`;
    const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${cluster}`]: 'owned' };
    const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${cluster}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': cluster };
    const launched = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map(ec2);
    const instanceProfile = `arn:${partition}:iam::${account}:instance-profile/*`;
    const clusterArn = `arn:${partition}:eks:${region}:${account}:cluster/${cluster}`;
    // Statements of the upstream policies (NodeLifecycle, IAMIntegration, EKSIntegration, Interruption,
    // ZonalShift, ResourceDiscovery), same Sids and conditions, with this cluster's names.
    addonIdentity(this, 'Controller', {
      clusterName: options.clusterToken,
      roleName: `${ctx.prefix}-karpenter`,
      policyName: 'karpenter-controller',
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
      policy: policyDocument([
        {
          Sid: 'AllowScopedEC2InstanceAccessActions',
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
          Resource: [`arn:${partition}:ec2:${region}::image/*`, `arn:${partition}:ec2:${region}::snapshot/*`,
            ec2('security-group'), ec2('subnet'), ec2('capacity-reservation'), ec2('placement-group')],
        },
        {
          Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
          Resource: ec2('launch-template'),
          Condition: { StringEquals: owned, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
        },
        {
          Sid: 'AllowScopedEC2InstanceActionsWithTags',
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
          Resource: launched,
          Condition: { StringEquals: requestOwned, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } },
        },
        {
          Sid: 'AllowScopedResourceCreationTagging',
          Effect: 'Allow',
          Action: ['ec2:CreateTags'],
          Resource: launched,
          Condition: {
            StringEquals: { ...requestOwned, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
            StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
          },
        },
        {
          Sid: 'AllowScopedResourceTagging',
          Effect: 'Allow',
          Action: ['ec2:CreateTags'],
          Resource: ec2('instance'),
          Condition: {
            'StringEquals': owned,
            'StringLike': { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
            'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': cluster },
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
          },
        },
        {
          Sid: 'AllowScopedDeletion',
          Effect: 'Allow',
          Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
          Resource: [ec2('instance'), ec2('launch-template')],
          Condition: { StringEquals: owned, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
        },
        {
          Sid: 'AllowPassingInstanceRole',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: nodeRole.arn,
          Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
        },
        {
          Sid: 'AllowScopedInstanceProfileCreationActions',
          Effect: 'Allow',
          Action: ['iam:CreateInstanceProfile'],
          Resource: instanceProfile,
          Condition: {
            StringEquals: { ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': region },
            StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
          },
        },
        {
          Sid: 'AllowScopedInstanceProfileTagActions',
          Effect: 'Allow',
          Action: ['iam:TagInstanceProfile'],
          Resource: instanceProfile,
          Condition: {
            StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': region, ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': region },
            StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
          },
        },
        {
          Sid: 'AllowScopedInstanceProfileActions',
          Effect: 'Allow',
          Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
          Resource: instanceProfile,
          Condition: {
            StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': region },
            StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
          },
        },
        { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: clusterArn },
        { Sid: 'AllowInterruptionQueueActions', Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], Resource: queue.arn },
        {
          Sid: 'AllowZonalShiftStatusReadOnly',
          Effect: 'Allow',
          Action: ['arc-zonal-shift:GetManagedResource'],
          Resource: '*',
          Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } },
        },
        {
          Sid: 'AllowRegionalReadActions',
          Effect: 'Allow',
          Action: ['ec2:DescribeCapacityReservations', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus',
            'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplates', 'ec2:DescribePlacementGroups',
            'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': region } },
        },
        { Sid: 'AllowSSMReadActions', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: `arn:${partition}:ssm:${region}::parameter/aws/service/*` },
        { Sid: 'AllowPricingReadActions', Effect: 'Allow', Action: ['pricing:GetProducts'], Resource: '*' },
        { Sid: 'AllowUnscopedInstanceProfileListAction', Effect: 'Allow', Action: ['iam:ListInstanceProfiles'], Resource: '*' },
        { Sid: 'AllowInstanceProfileReadActions', Effect: 'Allow', Action: ['iam:GetInstanceProfile'], Resource: instanceProfile },
      ]),
    });
  }
}
