import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { PlatformStack } from '../core/platform-stack';
import { PLATFORM_PARAMETER } from '../private/contract';
import { CLUSTER, checkProps, propTypes, required, T } from '../private/prop-types';

/**
 * Properties for `PlatformParameters`.
 */
export interface PlatformParametersProps {
  /** The cluster whose attributes are published. */
  readonly cluster: IPlatformCluster;
  /** The EKS API endpoint. */
  readonly clusterEndpoint: string;
  /** The cluster's OIDC issuer URL (IRSA). */
  readonly oidcIssuerUrl: string;
}

/** Runtime types of `PlatformParametersProps` (src/private/prop-types.ts). */
const PLATFORM_PARAMETERS_PROPS = propTypes('PlatformParametersProps', {
  cluster: required(CLUSTER),
  clusterEndpoint: required(T.string),
  oidcIssuerUrl: required(T.string),
});

/**
 * The platform side of the platform-to-app contract: what an app repository needs from its
 * platform (cluster name, network, database subnets, security group, node role, OIDC issuer),
 * published as SSM parameters under `/<platform>/<environment>/...`, where
 * `PlatformCluster.fromLookup()` reads them back in the app's own stack, so app teams copy no
 * IDs by hand. `PlatformCluster` creates one; the parameters are plain `String`/`StringList`
 * parameters (no secret is published), lists joined with commas as SSM does.
 */
export class PlatformParameters extends Construct {
  /** The name of every published parameter, by its key (e.g. `network/vpc-id`). */
  public readonly parameterNames: { [key: string]: string } = {};

  public constructor(scope: Construct, id: string, props: PlatformParametersProps) {
    super(scope, id);
    checkProps(this, 'PlatformParameters', props, PLATFORM_PARAMETERS_PROPS);
    const ctx = PlatformStack.containing(this).context;
    const { cluster } = props;
    const values: Array<[string, string, string | string[], string]> = [
      ['ClusterName', PLATFORM_PARAMETER.CLUSTER_NAME, cluster.clusterName, 'EKS cluster name'],
      ['ClusterEndpoint', PLATFORM_PARAMETER.CLUSTER_ENDPOINT, props.clusterEndpoint, 'EKS API endpoint'],
      ['OidcIssuer', PLATFORM_PARAMETER.OIDC_ISSUER, props.oidcIssuerUrl, 'OIDC issuer URL of the cluster (IRSA)'],
      ['ClusterSecurityGroupId', PLATFORM_PARAMETER.CLUSTER_SECURITY_GROUP_ID, cluster.clusterSecurityGroupId, 'EKS cluster security group ID'],
      ['NodeRoleArn', PLATFORM_PARAMETER.NODE_ROLE_ARN, cluster.nodeRoleArn, 'IAM role ARN of the nodes'],
      ['VpcId', PLATFORM_PARAMETER.VPC_ID, cluster.vpcId, 'VPC ID'],
      ['VpcCidr', PLATFORM_PARAMETER.VPC_CIDR, cluster.vpcCidr, 'VPC IPv4 CIDR block'],
      ['PrivateSubnetIds', PLATFORM_PARAMETER.PRIVATE_SUBNET_IDS, cluster.privateSubnetIds, 'Private subnet IDs (nodes and pods)'],
      ['PublicSubnetCidrs', PLATFORM_PARAMETER.PUBLIC_SUBNET_CIDRS, cluster.publicSubnetCidrs, 'CIDR blocks of the public subnets (internet-facing load balancers)'],
      ['PrivateSubnetCidrs', PLATFORM_PARAMETER.PRIVATE_SUBNET_CIDRS, cluster.privateSubnetCidrs, 'CIDR blocks of the private subnets (nodes, pods, internal load balancers)'],
      ['DatabaseSubnetIds', PLATFORM_PARAMETER.DATABASE_SUBNET_IDS, cluster.databaseSubnetIds, 'Isolated database subnet IDs'],
      ['DatabaseSubnetCidrs', PLATFORM_PARAMETER.DATABASE_SUBNET_CIDRS, cluster.databaseSubnetCidrs, 'CIDR blocks of the database subnets'],
    ];
    for (const [parameterId, key, value, description] of values) {
      const name = ctx.parameterName(key);
      const list = Array.isArray(value);
      new SsmParameter(this, parameterId, {
        name,
        description: `${description}, published by cdk-paved-road for app repositories (PlatformCluster.fromLookup)`,
        type: list ? 'StringList' : 'String',
        // Not secret: insecure_value keeps the IDs readable in plans.
        insecureValue: list ? joinList(value) : value,
      });
      this.parameterNames[key] = name;
    }
  }
}

/** A list as one comma-separated string: joined here, or by Terraform when the list is a token. */
function joinList(values: string[]): string {
  return Token.isUnresolved(values) ? Fn.join(',', values) : values.join(',');
}
