import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { PlatformStack } from '../core/platform-stack';
import { DEFAULT_VPC_CIDR, LARGEST_VPC_PREFIX, MAX_AZS, parseCidr, SMALLEST_VPC_PREFIX, subnetCidrs } from '../private/cidr';
import { PLATFORM_PARAMETER } from '../private/contract';
import { propError } from '../private/errors';
import { checkProps, propTypes, T } from '../private/prop-types';
import { requireIntegerInRange } from '../private/validate';

const KIND = 'PlatformClusterLookup';
/** Availability zones of a `PlatformCluster` that names none (zones a, b and c). */
const DEFAULT_AZ_COUNT = 3;

/**
 * Properties for `PlatformClusterLookup` (and `PlatformCluster.fromLookup()`).
 */
export interface PlatformClusterLookupProps {
  /**
   * The platform's VPC CIDR, as its `PlatformCluster` was given it. The services' NetworkPolicies
   * (YAML) need it at synth time, when no Terraform value is known; `terraform plan` of the app
   * stack fails if the platform published another one, and says which.
   * @default '10.0.0.0/16' - PlatformCluster's default
   */
  readonly vpcCidr?: string;
  /**
   * How many availability zones the platform spans: with `vpcCidr` it gives the subnets' CIDR
   * blocks (the platform's subnet plan is fixed), which NetworkPolicies need at synth time (egress
   * to a database, ingress from a load balancer). Checked at plan against the published CIDRs, as
   * `vpcCidr` is.
   * @default 3 - PlatformCluster's default (zones a, b and c)
   */
  readonly availabilityZoneCount?: number;
}

/** Runtime types of `PlatformClusterLookupProps` (src/private/prop-types.ts). */
const PLATFORM_CLUSTER_LOOKUP_PROPS = propTypes('PlatformClusterLookupProps', {
  vpcCidr: T.string,
  availabilityZoneCount: T.number,
});

/**
 * The app side of the platform-to-app contract: a platform cluster read back in an app
 * repository's stack from the SSM parameters its `PlatformCluster` published under
 * `/<platform>/<environment>/...` (a preview reads its host environment's), through Terraform
 * data sources. Usually made with `PlatformCluster.fromLookup()`.
 *
 * Two kinds of attributes, because YAML may only hold values known at synth time:
 * - Terraform-only (tokens, resolved by `terraform plan`): `vpcId`, `privateSubnetIds`,
 *   `databaseSubnetIds`, `clusterSecurityGroupId`, `nodeRoleArn`, `clusterEndpoint`,
 *   `oidcIssuerUrl`. Use them in Terraform resources only; in YAML synthesis stops with an error.
 * - Synth-time (plain strings, safe in YAML): `clusterName` (the contract's name,
 *   `<platform>-<environment>`), `vpcCidr` and the subnets' CIDRs (from the props). Each is
 *   checked at plan against what the platform published: a lifecycle postcondition on its data
 *   source fails the plan on a mismatch, so a wrong value cannot reach a NetworkPolicy unnoticed.
 *
 * @example
 * const cluster = PlatformCluster.fromLookup(prod, 'platform');
 * const db = new PostgresDatabase(prod, 'orders-db', { databaseName: 'orders', cluster });
 * new ServiceApp(prod, 'orders', { team: 'shop', imageTag: '1.0.0', cluster }).connectDatabase(db);
 */
export class PlatformClusterLookup extends Construct implements IPlatformCluster {
  /** The EKS cluster name (synth time: `<platform>-<environment>`, checked at plan). */
  public readonly clusterName: string;
  /** The VPC ID (a Terraform token). */
  public readonly vpcId: string;
  /** The VPC CIDR (synth time, from the props; checked at plan). */
  public readonly vpcCidr: string;
  /** Private subnet IDs (a Terraform list token). */
  public readonly privateSubnetIds: string[];
  /** Database subnet IDs (a Terraform list token). */
  public readonly databaseSubnetIds: string[];
  /** Database subnet CIDRs (synth time, derived from the props; checked at plan). */
  public readonly databaseSubnetCidrs: string[];
  /** Public subnet CIDRs (synth time, derived from the props; checked at plan). */
  public readonly publicSubnetCidrs: string[];
  /** Private subnet CIDRs (synth time, derived from the props; checked at plan). */
  public readonly privateSubnetCidrs: string[];
  /** The cluster security group ID (a Terraform token). */
  public readonly clusterSecurityGroupId: string;
  /** The node role ARN (a Terraform token). */
  public readonly nodeRoleArn: string;
  /** The EKS API endpoint (a Terraform token). */
  public readonly clusterEndpoint: string;
  /** The cluster's OIDC issuer URL (a Terraform token). */
  public readonly oidcIssuerUrl: string;

  public constructor(scope: Construct, id: string, props: PlatformClusterLookupProps = {}) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_CLUSTER_LOOKUP_PROPS);
    const ctx = PlatformStack.containing(this).context;
    this.vpcCidr = props.vpcCidr ?? DEFAULT_VPC_CIDR;
    const vpc = parseCidr(this.vpcCidr);
    if (!vpc || vpc.prefix < LARGEST_VPC_PREFIX || vpc.prefix > SMALLEST_VPC_PREFIX) {
      throw propError(this, KIND, 'vpcCidr', this.vpcCidr, `is not a VPC CIDR a PlatformCluster can have (an IPv4 network address, /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX})`,
        'give the vpcCidr the platform\'s PlatformCluster was given, e.g. "10.0.0.0/16"; the platform publishes it as SSM parameter '
        + `'${ctx.parameterName(PLATFORM_PARAMETER.VPC_CIDR)}'`);
    }
    const zones = requireIntegerInRange(this, KIND, 'availabilityZoneCount', props.availabilityZoneCount ?? DEFAULT_AZ_COUNT, 2, MAX_AZS);
    const cidrs = subnetCidrs(vpc, zones);
    this.databaseSubnetCidrs = cidrs.database;
    this.publicSubnetCidrs = cidrs.public;
    this.privateSubnetCidrs = cidrs.private;
    this.clusterName = ctx.clusterName;

    const read = (paramId: string, key: string, expected?: string, fix?: string): string => {
      const name = ctx.parameterName(key);
      return new DataAwsSsmParameter(this, paramId, {
        name,
        lifecycle: expected === undefined ? undefined : {
          postcondition: [{
            condition: `\${self.insecure_value == ${JSON.stringify(expected)}}`,
            errorMessage: `SSM parameter ${name} holds \${self.insecure_value}, but this stack was synthesized for ${expected}: ${fix}, then synthesize again.`,
          }],
        },
      }).insecureValue;
    };
    const where = `PlatformCluster.fromLookup() at '${this.node.path}'`;
    read('ClusterName', PLATFORM_PARAMETER.CLUSTER_NAME, this.clusterName,
      `the platform's cluster is not named after this stack's platform and environment; check platformName and environmentName of the stack of ${where}`);
    read('VpcCidr', PLATFORM_PARAMETER.VPC_CIDR, this.vpcCidr, `give that CIDR as vpcCidr to ${where}`);
    const fix = `give the platform's vpcCidr and availabilityZoneCount to ${where}`;
    read('DatabaseSubnetCidrs', PLATFORM_PARAMETER.DATABASE_SUBNET_CIDRS, this.databaseSubnetCidrs.join(','), fix);
    read('PublicSubnetCidrs', PLATFORM_PARAMETER.PUBLIC_SUBNET_CIDRS, this.publicSubnetCidrs.join(','), fix);
    read('PrivateSubnetCidrs', PLATFORM_PARAMETER.PRIVATE_SUBNET_CIDRS, this.privateSubnetCidrs.join(','), fix);
    this.vpcId = read('VpcId', PLATFORM_PARAMETER.VPC_ID);
    this.privateSubnetIds = Fn.split(',', read('PrivateSubnetIds', PLATFORM_PARAMETER.PRIVATE_SUBNET_IDS));
    this.databaseSubnetIds = Fn.split(',', read('DatabaseSubnetIds', PLATFORM_PARAMETER.DATABASE_SUBNET_IDS));
    this.clusterSecurityGroupId = read('ClusterSecurityGroupId', PLATFORM_PARAMETER.CLUSTER_SECURITY_GROUP_ID);
    this.nodeRoleArn = read('NodeRoleArn', PLATFORM_PARAMETER.NODE_ROLE_ARN);
    this.clusterEndpoint = read('ClusterEndpoint', PLATFORM_PARAMETER.CLUSTER_ENDPOINT);
    this.oidcIssuerUrl = read('OidcIssuer', PLATFORM_PARAMETER.OIDC_ISSUER);
  }
}
