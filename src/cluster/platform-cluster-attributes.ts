/**
 * What ServiceApp and PreviewEnvironment need to know of a platform cluster. Implemented by
 * `PlatformCluster`, and by `PlatformCluster.fromAttributes()` for a service repository that
 * did not create the cluster.
 */
export interface IPlatformCluster {
  /** The EKS cluster name. */
  readonly clusterName: string;
  /** The VPC ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR block (known at synth time: it is allowed in NetworkPolicies). */
  readonly vpcCidr: string;
  /** Private subnets (nodes and pods). */
  readonly privateSubnetIds: string[];
  /** Isolated subnets for databases; empty when the network has none. */
  readonly databaseSubnetIds: string[];
  /** CIDR blocks of the isolated database subnets (known at synth time), for NetworkPolicy egress. */
  readonly databaseSubnetCidrs: string[];
  /**
   * CIDR blocks of the public subnets (known at synth time). An internet-facing ALB (target type
   * `ip`) reaches pods from addresses in these subnets, so an exposed service's NetworkPolicy admits them.
   */
  readonly publicSubnetCidrs: string[];
  /**
   * CIDR blocks of the private subnets (known at synth time): nodes, pods and internal ALBs.
   */
  readonly privateSubnetCidrs: string[];
  /** The security group EKS attaches to nodes and pods (the cluster security group). */
  readonly clusterSecurityGroupId: string;
  /** ARN of the IAM role of the managed nodes (they pull images from ECR). */
  readonly nodeRoleArn: string;
}

/**
 * Plain attributes of an existing platform cluster, for `PlatformCluster.fromAttributes()`.
 */
export interface PlatformClusterAttributes {
  /** The EKS cluster name. */
  readonly clusterName: string;
  /** The VPC ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR block. */
  readonly vpcCidr: string;
  /**
   * Private subnet IDs.
   * @default - none
   */
  readonly privateSubnetIds?: string[];
  /**
   * Isolated database subnet IDs.
   * @default - none: the cluster cannot host databases
   */
  readonly databaseSubnetIds?: string[];
  /**
   * CIDR blocks of the database subnets.
   * @default - none
   */
  readonly databaseSubnetCidrs?: string[];
  /**
   * CIDR blocks of the public subnets, where internet-facing load balancers run.
   * @default - the public block of the PlatformNetwork subnet plan of `vpcCidr` (its seventh eighth)
   */
  readonly publicSubnetCidrs?: string[];
  /**
   * CIDR blocks of the private subnets, where nodes, pods and internal load balancers run.
   * @default - the private blocks of the PlatformNetwork subnet plan of `vpcCidr` (its first six eighths)
   */
  readonly privateSubnetCidrs?: string[];
  /** The cluster security group ID. */
  readonly clusterSecurityGroupId: string;
  /** ARN of the node IAM role. */
  readonly nodeRoleArn: string;
}
