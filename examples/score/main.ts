// An app team's main.ts: a service described in Score (score.yaml, next to this file) and one
// written as a ServiceApp, on the production platform. The Score workload becomes the same kind of
// ServiceApp: ECR repository, Deployment, Service, HPA, PDB, NetworkPolicy, an Ingress for its
// route, and an RDS PostgreSQL database for its `postgres` resource.
import * as path from 'path';
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, ScoreWorkload, ServiceApp } from 'cdk-paved-road';

const app = new PlatformApp();
const prod = new PlatformStack(app, 'shop-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
});

// The platform team's cluster, by its attributes (this repository did not create it).
const cluster = PlatformCluster.fromAttributes({
  clusterName: 'acme-prod',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  vpcCidr: '10.0.0.0/16',
  databaseSubnetIds: ['subnet-0aa0000000000d001', 'subnet-0aa0000000000d002', 'subnet-0aa0000000000d003'],
  databaseSubnetCidrs: ['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21'],
  clusterSecurityGroupId: 'sg-0c0c0c0c0c0c0c0c0',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/acme-prod-nodes',
});

const search = new ServiceApp(prod, 'search', {
  team: 'shop',
  imageTag: process.env.SEARCH_TAG ?? '3.1.0',
  cluster,
});

const catalog = new ScoreWorkload(prod, 'catalog', {
  file: path.join(__dirname, 'score.yaml'),
  team: 'shop',
  imageTag: process.env.CATALOG_TAG ?? '1.0.0',
  cluster,
});
catalog.connect(search);

app.synth();
