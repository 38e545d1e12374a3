/** The keys every PlatformCluster publishes and PlatformCluster.fromLookup() reads, as the tests expect them (not imported from src: the test pins the contract). */
export const PUBLISHED = [
  'cluster/name', 'cluster/endpoint', 'cluster/oidc-issuer', 'cluster/security-group-id', 'cluster/node-role-arn',
  'network/vpc-id', 'network/vpc-cidr', 'network/private-subnet-ids', 'network/public-subnet-cidrs', 'network/private-subnet-cidrs', 'network/database-subnet-ids', 'network/database-subnet-cidrs',
];
