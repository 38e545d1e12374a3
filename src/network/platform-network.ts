import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultNetworkAcl } from '@cdktf/provider-aws/lib/default-network-acl';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import {
  Cidr, DEFAULT_VPC_CIDR, formatCidr, LARGEST_VPC_PREFIX, MAX_AZS, overlaps, parseCidr, SMALLEST_VPC_PREFIX, subnetPlan,
} from '../private/cidr';
import { vpcNameTag } from '../private/contract';
import { propError } from '../private/errors';
import { policyDocument } from '../private/iam';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireLogRetentionDays, requirePrivateCidr, requireRegion, requireZonesOfRegion } from '../private/validate';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'PlatformNetwork';
/** Days the flow-log group keeps logs when none is given. */
const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;

/**
 * Properties for `PlatformNetwork`.
 */
export interface PlatformNetworkProps {
  /** Name prefix of every resource, e.g. `acme-prod`. */
  readonly name: string;
  /** The availability zones to span, at least 2 and at most 6, e.g. `['eu-west-1a', 'eu-west-1b', 'eu-west-1c']`. */
  readonly availabilityZones: string[];
  /** The AWS account ID (for the flow-log key policy). */
  readonly account: string;
  /** The AWS region (for the flow-log key policy and VPC endpoint service names). */
  readonly region: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * IPv4 CIDR of the VPC, from /16 to /22. Each AZ gets a private subnet of 1/8 of it (nodes and
   * pods), and a public and an isolated database subnet of 1/64 of it.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * CIDR blocks this VPC must not overlap (peered VPCs, on-premises networks, the Kubernetes service range).
   * @default - none
   */
  readonly avoidCidrs?: string[];
  /**
   * One NAT gateway per AZ (no cross-AZ dependency) instead of a single one.
   * @default true
   */
  readonly natGatewayPerAz?: boolean;
  /**
   * VPC flow logs (all traffic) to a KMS-encrypted CloudWatch log group.
   * @default true
   */
  readonly flowLogs?: boolean;
  /**
   * Retention of the flow-log group in days.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Interface endpoints for ECR (api, dkr), STS and CloudWatch Logs, so nodes reach them without NAT.
   * The S3 gateway endpoint is always created: it is free.
   * @default false
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * Name of the EKS cluster, for the subnet tags the AWS Load Balancer Controller and node autoscalers discover subnets by.
   * @default - the name
   */
  readonly clusterName?: string;
}

/** Runtime types of `PlatformNetworkProps` (src/private/prop-types.ts). */
const PLATFORM_NETWORK_PROPS = propTypes('PlatformNetworkProps', {
  name: required(T.string),
  availabilityZones: required(T.strings),
  account: required(T.string),
  region: required(T.string),
  partition: T.string,
  vpcCidr: T.string,
  avoidCidrs: T.strings,
  natGatewayPerAz: T.boolean,
  flowLogs: T.boolean,
  flowLogRetentionDays: T.number,
  interfaceEndpoints: T.boolean,
  clusterName: T.string,
});

/**
 * A VPC over 2 to 6 availability zones with public, private (nodes and pods) and isolated
 * database subnets, NAT, flow logs, a closed default security group and NACL, and subnet tags for
 * the AWS Load Balancer Controller and Karpenter. Usable alone in any `TerraformStack`.
 */
export class PlatformNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** VPC ID. */
  public readonly vpcId: string;
  /** VPC CIDR (known at synth time). */
  public readonly vpcCidr: string;
  /** Public subnets, one per AZ (load balancers, NAT gateways). */
  public readonly publicSubnets: Subnet[] = [];
  /** Private subnets, one per AZ (nodes and pods). */
  public readonly privateSubnets: Subnet[] = [];
  /** Isolated subnets without internet routes, one per AZ (databases). */
  public readonly databaseSubnets: Subnet[] = [];
  /** CIDRs of the database subnets (known at synth time). */
  public readonly databaseSubnetCidrs: string[] = [];
  /**
   * CIDRs of the public subnets (known at synth time): internet-facing load balancers reach pods
   * from these addresses (ALB target type `ip`), so NetworkPolicies admit them.
   */
  public readonly publicSubnetCidrs: string[] = [];
  /**
   * CIDRs of the private subnets (known at synth time): nodes, pods and internal load balancers.
   */
  public readonly privateSubnetCidrs: string[] = [];
  /** Number of NAT gateways. */
  public readonly natGatewayCount: number;

  public constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_NETWORK_PROPS);
    const azs = props.availabilityZones;
    if (azs.length < 2 || azs.length > MAX_AZS) {
      throw propError(this, KIND, 'availabilityZones', azs, `must name 2 to ${MAX_AZS} availability zones`, 'span at least two zones so the platform survives the loss of one');
    }
    if (new Set(azs).size !== azs.length) {
      throw propError(this, KIND, 'availabilityZones', azs, 'names a zone twice', 'list each zone once');
    }
    requireRegion(this, KIND, 'region', props.region);
    requireZonesOfRegion(this, KIND, 'availabilityZones', azs, props.region);
    this.vpcCidr = props.vpcCidr ?? DEFAULT_VPC_CIDR;
    const vpcBlock = parseCidr(this.vpcCidr);
    if (!vpcBlock) {
      throw propError(this, KIND, 'vpcCidr', this.vpcCidr, 'is not a valid IPv4 CIDR block with its network address', 'use a block such as "10.0.0.0/16"');
    }
    if (vpcBlock.prefix > SMALLEST_VPC_PREFIX || vpcBlock.prefix < LARGEST_VPC_PREFIX) {
      throw propError(this, KIND, 'vpcCidr', this.vpcCidr, `is ${vpcBlock.prefix > SMALLEST_VPC_PREFIX ? 'too small for the subnets' : 'larger than AWS allows'}: VPCs here are /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
        'use a /16 to /22 block; /16 leaves room for pods with the VPC CNI');
    }
    requirePrivateCidr(this, KIND, 'vpcCidr', this.vpcCidr);
    const flowLogRetentionDays = requireLogRetentionDays(this, KIND, 'flowLogRetentionDays', props.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS);
    for (const other of props.avoidCidrs ?? []) {
      const parsed = parseCidr(other);
      if (!parsed) {
        throw propError(this, KIND, 'avoidCidrs', other, 'is not a valid IPv4 CIDR block with its network address', 'use a block such as "172.20.0.0/16"');
      }
      if (overlaps(vpcBlock, parsed)) {
        throw propError(this, KIND, 'vpcCidr', this.vpcCidr, `overlaps ${other}`, 'choose a VPC CIDR that shares no address with the networks it must reach');
      }
    }
    const partition = props.partition ?? 'aws';
    const clusterName = props.clusterName ?? props.name;
    const tag = (name: string, extra: Record<string, string> = {}) => ({ Name: `${props.name}-${name}`, ...extra });

    this.vpc = new Vpc(this, 'Vpc', { cidrBlock: this.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: vpcNameTag(props.name) } });
    this.vpcId = this.vpc.id;

    // Close the defaults: no rule in the default security group; the default NACL denies all and
    // no subnet uses it (each tier has its own NACL below).
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: this.vpc.id, tags: tag('default-closed') });
    new DefaultNetworkAcl(this, 'DefaultNetworkAcl', { defaultNetworkAclId: this.vpc.defaultNetworkAclId, tags: tag('default-closed') });

    // Layout (src/private/cidr.ts subnetPlan): private subnets take 1/8 of the VPC each, public
    // and database subnets 1/64 each inside blocks 6 and 7.
    const plan = subnetPlan(vpcBlock);

    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: tag('igw') });
    const publicRoutes = new RouteTable(this, 'PublicRoutes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: tag('public'),
    });
    const databaseRoutes = new RouteTable(this, 'DatabaseRoutes', { vpcId: this.vpc.id, tags: tag('database') });

    const natPerAz = props.natGatewayPerAz ?? true;
    this.natGatewayCount = natPerAz ? azs.length : 1;
    const nats: NatGateway[] = [];
    azs.forEach((az, i) => {
      this.publicSubnetCidrs.push(formatCidr(plan.publicSubnet(i)));
      const pub = this.addSubnet(`Public${i}`, az, plan.publicSubnet(i), tag(`public-${az}`, { 'kubernetes.io/role/elb': '1' }), publicRoutes);
      this.publicSubnets.push(pub);
      if (i < this.natGatewayCount) {
        const eip = new Eip(this, `NatIp${i}`, { domain: 'vpc', tags: tag(`nat-${az}`) });
        nats.push(new NatGateway(this, `Nat${i}`, { allocationId: eip.id, subnetId: pub.id, tags: tag(`nat-${az}`), dependsOn: [igw] }));
      }
    });
    azs.forEach((az, i) => {
      const routes = new RouteTable(this, `PrivateRoutes${i}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nats[natPerAz ? i : 0].id }],
        tags: tag(`private-${az}`),
      });
      this.privateSubnetCidrs.push(formatCidr(plan.privateSubnet(i)));
      this.privateSubnets.push(this.addSubnet(`Private${i}`, az, plan.privateSubnet(i), tag(`private-${az}`, {
        'kubernetes.io/role/internal-elb': '1',
        'karpenter.sh/discovery': clusterName,
      }), routes));
      const dbCidr = plan.databaseSubnet(i);
      this.databaseSubnetCidrs.push(formatCidr(dbCidr));
      this.databaseSubnets.push(this.addSubnet(`Database${i}`, az, dbCidr, tag(`database-${az}`), databaseRoutes));
    });

    // NACLs per tier: public and private subnets pass traffic (security groups filter it);
    // database subnets talk only inside the VPC.
    new NetworkAcl(this, 'SubnetsAcl', {
      vpcId: this.vpc.id,
      subnetIds: [...this.publicSubnets, ...this.privateSubnets].map((s) => s.id),
      ingress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 }],
      egress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 }],
      tags: tag('subnets'),
    });
    new NetworkAcl(this, 'DatabaseAcl', {
      vpcId: this.vpc.id,
      subnetIds: this.databaseSubnets.map((s) => s.id),
      ingress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: this.vpcCidr, fromPort: 0, toPort: 0 }],
      egress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: this.vpcCidr, fromPort: 0, toPort: 0 }],
      tags: tag('database'),
    });

    new VpcEndpoint(this, 'S3Endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: this.node.children.filter((c): c is RouteTable => c instanceof RouteTable && c.node.id.startsWith('PrivateRoutes')).map((r) => r.id),
      tags: tag('s3'),
    });
    if (props.interfaceEndpoints) {
      const sg = new SecurityGroup(this, 'EndpointSecurityGroup', {
        name: `${props.name}-vpc-endpoints`,
        description: 'HTTPS from inside the VPC to the interface endpoints',
        vpcId: this.vpc.id,
        ingress: [{ description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [this.vpcCidr] }],
        tags: tag('vpc-endpoints'),
      });
      for (const service of ['ecr.api', 'ecr.dkr', 'sts', 'logs']) {
        new VpcEndpoint(this, `Endpoint-${service.replace('.', '-')}`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnets.map((s) => s.id),
          securityGroupIds: [sg.id],
          tags: tag(service),
        });
      }
    }

    if (props.flowLogs ?? true) {
      const logGroupName = `/aws/vpc/${props.name}/flow-logs`;
      const key = new EncryptionKey(this, 'FlowLogKey', { alias: `${props.name}/flow-logs`, purpose: 'VPC flow logs', account: props.account, partition });
      key.allowLogGroups(props.region, `arn:${partition}:logs:${props.region}:${props.account}:log-group:${logGroupName}`);
      const group = new CloudwatchLogGroup(this, 'FlowLogGroup', {
        name: logGroupName,
        retentionInDays: flowLogRetentionDays,
        kmsKeyId: key.keyArn,
      });
      // The role and policy of AWS's flow-log guide, the trust limited to this account's flow logs
      // (the guide's confused-deputy conditions), the writes to this log group.
      // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
      const role = new IamRole(this, 'FlowLogRole', {
        name: `${props.name}-flow-logs`,
        assumeRolePolicy: policyDocument([{
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.account },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:${props.account}:vpc-flow-log/*` },
          },
        }]),
      });
      new IamRolePolicy(this, 'FlowLogPolicy', {
        role: role.name,
        name: 'write-flow-logs',
        policy: policyDocument([{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [group.arn, `${group.arn}:*`],
        }, {
          Effect: 'Allow',
          Action: ['logs:DescribeLogGroups'],
          Resource: [`arn:${partition}:logs:${props.region}:${props.account}:log-group:*`],
        }]),
      });
      new FlowLog(this, 'FlowLog', {
        vpcId: this.vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: group.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: tag('flow-logs'),
      });
    }
  }

  private addSubnet(id: string, az: string, cidr: Cidr, tags: Record<string, string>, routes: RouteTable): Subnet {
    const s = new Subnet(this, id, {
      vpcId: this.vpc.id,
      availabilityZone: az,
      cidrBlock: formatCidr(cidr),
      mapPublicIpOnLaunch: false,
      tags,
    });
    new RouteTableAssociation(this, `${id}Routes`, { subnetId: s.id, routeTableId: routes.id });
    return s;
  }
}
