// An app team's main.ts: a service described in Score (score.yaml, next to this file) and one
// written as a ServiceApp, on the production platform. The Score workload becomes the same kind of
// ServiceApp: ECR repository, Deployment, Service, HPA, PDB, NetworkPolicy, an Ingress for its
// route, and an RDS PostgreSQL database for its `postgres` resource.
import * as path from 'path';
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, ScoreWorkload, ServiceApp, StateBackend } from 'cdk-paved-road';

const app = new PlatformApp();
// This repository's own stack: its name keys its Terraform state and its image key's alias, so
// it differs from the stacks of the team's other repositories (examples/service is 'shop-prod').
const prod = new PlatformStack(app, 'shop-catalog-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
  stateBackend: StateBackend.s3({ bucket: 'acme-terraform-state', keyPrefix: 'apps' }),
});

// The platform team's cluster (examples/platform), read back from what it published: no IDs copied.
const cluster = PlatformCluster.fromLookup(prod, 'platform');

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
