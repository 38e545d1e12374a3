import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster, EksClusterConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { KubernetesVersion } from './kubernetes-version';
import { DEFAULT_SERVICE_CIDR, overlaps, parseCidr } from '../private/cidr';
import { propError } from '../private/errors';
import { managedPolicyArn, policyDocument, serviceTrust } from '../private/iam';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import {
  requireLogRetentionDays, requireNotWholeInternet, requirePrincipalArn, requirePrivateCidr, requireRegion,
} from '../private/validate';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'EksControlPlane';
/** The five control-plane log types. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
/** Managed policies the cluster role needs for EKS Auto Mode, besides AmazonEKSClusterPolicy. */
const AUTO_MODE_CLUSTER_POLICIES = ['AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'];
/** Managed policies of the EKS Auto Mode node role. */
const AUTO_MODE_NODE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];
/** The built-in node pools of EKS Auto Mode. */
const AUTO_MODE_NODE_POOLS = ['general-purpose', 'system'];
/** Days the control-plane log group keeps logs when none is given. */
const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * Properties for `EksControlPlane`.
 */
export interface EksControlPlaneProps {
  /** Cluster name. */
  readonly clusterName: string;
  /** Subnets of the control-plane network interfaces (the private subnets). */
  readonly subnetIds: string[];
  /** The AWS account ID. */
  readonly account: string;
  /** The AWS region. */
  readonly region: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * Kubernetes version; one the library is tested with.
   * @default KubernetesVersion.V1_34
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * CIDR blocks allowed to reach the public API endpoint. Empty keeps the endpoint private.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: string[];
  /**
   * IAM principals (role or user ARNs) given cluster-admin through EKS access entries.
   * @default - none: the cluster creator gets no implicit admin access either
   */
  readonly adminPrincipalArns?: string[];
  /**
   * Retention of the control-plane log group in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * CIDR of Kubernetes Services; must not overlap the VPC.
   * @default '172.20.0.0/16'
   */
  readonly serviceCidr?: string;
  /**
   * The VPC CIDR, to check that the service CIDR does not overlap it.
   * @default - not checked
   */
  readonly vpcCidr?: string;
  /**
   * EKS Auto Mode: AWS runs the nodes (its built-in `general-purpose` and `system` node pools,
   * scaled to the pods' requests), the VPC CNI, kube-proxy, CoreDNS, the EBS CSI driver, the Pod
   * Identity agent and the load balancer controller. The cluster role gets the four Auto Mode
   * policies, a node role of its own is created (minimal worker and ECR pull-only policies; EKS maps
   * it to the nodes through an access entry of its own), and self-managed add-ons are not
   * bootstrapped.
   *
   * Turning it on for a running cluster changes the cluster in place; turning it off again needs
   * an apply with compute, storage and load balancing disabled first (an EKS API limitation).
   * @default false
   */
  readonly autoMode?: boolean;
}

/** Runtime types of `EksControlPlaneProps` (src/private/prop-types.ts). */
const EKS_CONTROL_PLANE_PROPS = propTypes('EksControlPlaneProps', {
  clusterName: required(T.string),
  subnetIds: required(T.strings),
  account: required(T.string),
  region: required(T.string),
  partition: T.string,
  kubernetesVersion: T.shape('a KubernetesVersion', 'KubernetesVersion.V1_34', ['version']),
  publicAccessCidrs: T.strings,
  adminPrincipalArns: T.strings,
  logRetentionDays: T.number,
  serviceCidr: T.string,
  vpcCidr: T.string,
  autoMode: T.boolean,
});

/**
 * An EKS control plane: private endpoint, all five log types to an encrypted log group, envelope
 * encryption of Secrets with a rotated KMS key, access entries (API authentication mode, no
 * aws-auth ConfigMap, no implicit creator admin) and an OIDC provider for IRSA; optionally EKS
 * Auto Mode (`autoMode`), in which AWS runs the nodes and their networking, storage and DNS.
 * Usable alone in any `TerraformStack`.
 */
export class EksControlPlane extends Construct {
  /** The cluster. */
  public readonly cluster: EksCluster;
  /** Cluster name (known at synth time). */
  public readonly clusterName: string;
  /** The Kubernetes version. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** API endpoint. */
  public readonly endpoint: string;
  /** OIDC issuer URL. */
  public readonly oidcIssuerUrl: string;
  /** The cluster security group EKS creates (nodes and pods use it). */
  public readonly clusterSecurityGroupId: string;
  /** The IAM OIDC provider for IRSA. */
  public readonly oidcProvider: IamOpenidConnectProvider;
  /** The key that encrypts Kubernetes Secrets. */
  public readonly secretsKey: EncryptionKey;
  /** Whether EKS Auto Mode runs the nodes. */
  public readonly autoMode: boolean;
  /** ARN of the role of the nodes EKS Auto Mode launches; undefined without Auto Mode. */
  public readonly autoModeNodeRoleArn?: string;

  public constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    checkProps(this, KIND, props, EKS_CONTROL_PLANE_PROPS);
    const partition = props.partition ?? 'aws';
    this.kubernetesVersion = props.kubernetesVersion ?? KubernetesVersion.V1_34;
    if (!KubernetesVersion.supported().includes(this.kubernetesVersion)) {
      throw propError(this, KIND, 'kubernetesVersion', this.kubernetesVersion.version, 'is not a version this library is tested with',
        `use one of ${KubernetesVersion.supported().map((v) => v.version).join(', ')}`);
    }
    const serviceCidr = props.serviceCidr ?? DEFAULT_SERVICE_CIDR;
    const parsedService = parseCidr(serviceCidr);
    if (!parsedService) {
      throw propError(this, KIND, 'serviceCidr', serviceCidr, 'is not a valid IPv4 CIDR block with its network address', 'use a block such as "172.20.0.0/16"');
    }
    requirePrivateCidr(this, KIND, 'serviceCidr', serviceCidr);
    const parsedVpc = props.vpcCidr ? parseCidr(props.vpcCidr) : undefined;
    if (parsedVpc && overlaps(parsedService, parsedVpc)) {
      throw propError(this, KIND, 'serviceCidr', serviceCidr, `overlaps the VPC CIDR ${props.vpcCidr}`, 'choose a service CIDR outside the VPC, e.g. "172.20.0.0/16" for a 10.x VPC');
    }
    for (const cidr of props.publicAccessCidrs ?? []) {
      const parsed = parseCidr(cidr);
      if (!parsed || parsed.prefix === 0) {
        throw propError(this, KIND, 'publicAccessCidrs', cidr, parsed ? 'opens the API to the whole internet' : 'is not a valid IPv4 CIDR block',
          'list the office or CI egress ranges that need the API, or leave the endpoint private');
      }
    }
    requireNotWholeInternet(this, KIND, 'publicAccessCidrs', props.publicAccessCidrs ?? []);
    requireRegion(this, KIND, 'region', props.region);
    requireLogRetentionDays(this, KIND, 'logRetentionDays', props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS);
    (props.adminPrincipalArns ?? []).forEach((arn, i) => requirePrincipalArn(this, KIND, `adminPrincipalArns[${i}]`, arn));
    this.clusterName = props.clusterName;

    const role = new IamRole(this, 'Role', {
      name: `${props.clusterName}-cluster`,
      assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]),
    });
    const attachment = new IamRolePolicyAttachment(this, 'ClusterPolicy', { role: role.name, policyArn: managedPolicyArn(partition, 'AmazonEKSClusterPolicy') });
    this.autoMode = props.autoMode ?? false;
    // The cluster waits for every policy of both roles: EKS checks them when it creates the cluster and launches nodes.
    const rolePolicies = [attachment];
    // Auto Mode's three capabilities go together (EKS refuses one without the others).
    let autoModeConfig: Pick<EksClusterConfig, 'computeConfig' | 'storageConfig' | 'bootstrapSelfManagedAddons'> = {};
    if (this.autoMode) {
      for (const policy of AUTO_MODE_CLUSTER_POLICIES) {
        rolePolicies.push(new IamRolePolicyAttachment(this, `Cluster-${policy}`, { role: role.name, policyArn: managedPolicyArn(partition, policy) }));
      }
      // Its own role: EKS refuses the cluster role for nodes.
      const nodeRole = new IamRole(this, 'AutoModeNodeRole', { name: `${props.clusterName}-auto-node`, assumeRolePolicy: serviceTrust('ec2.amazonaws.com') });
      for (const policy of AUTO_MODE_NODE_POLICIES) {
        rolePolicies.push(new IamRolePolicyAttachment(this, `AutoModeNode-${policy}`, { role: nodeRole.name, policyArn: managedPolicyArn(partition, policy) }));
      }
      this.autoModeNodeRoleArn = nodeRole.arn;
      autoModeConfig = {
        computeConfig: { enabled: true, nodePools: AUTO_MODE_NODE_POOLS, nodeRoleArn: nodeRole.arn },
        storageConfig: { blockStorage: { enabled: true } },
        bootstrapSelfManagedAddons: false,
      };
    }

    const logGroupName = `/aws/eks/${props.clusterName}/cluster`;
    const logKey = new EncryptionKey(this, 'LogKey', { alias: `${props.clusterName}/eks-logs`, purpose: 'EKS control-plane logs', account: props.account, partition });
    logKey.allowLogGroups(props.region, `arn:${partition}:logs:${props.region}:${props.account}:log-group:${logGroupName}`);
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', { name: logGroupName, retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, kmsKeyId: logKey.keyArn });

    this.secretsKey = new EncryptionKey(this, 'SecretsKey', { alias: `${props.clusterName}/eks-secrets`, purpose: 'EKS Secrets envelope encryption', account: props.account, partition });
    const publicCidrs = props.publicAccessCidrs ?? [];

    this.cluster = new EksCluster(this, 'Cluster', {
      name: props.clusterName,
      version: this.kubernetesVersion.version,
      roleArn: role.arn,
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      kubernetesNetworkConfig: {
        serviceIpv4Cidr: serviceCidr,
        ipFamily: 'ipv4',
        elasticLoadBalancing: this.autoMode ? { enabled: true } : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.keyArn } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: 'STANDARD' },
      ...autoModeConfig,
      dependsOn: [...rolePolicies, logGroup],
    });
    this.endpoint = this.cluster.endpoint;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', { url: this.oidcIssuerUrl, clientIdList: ['sts.amazonaws.com'] });

    (props.adminPrincipalArns ?? []).forEach((arn, i) => {
      const entry = new EksAccessEntry(this, `Admin${i}`, { clusterName: this.cluster.name, principalArn: arn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `Admin${i}Policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      });
    });
  }
}
