// A pull request's preview of the "shop" team's services, as CI synthesizes it on every push.
// CI passes the pull request through the environment (see github-workflow.yml next to this file);
// without it, this example synthesizes pull request 123.
import { PlatformApp, PlatformCluster, PreviewDatabase, PreviewEnvironment, ServiceApp, StateBackend } from 'cdk-paved-road';

const pr = Number(process.env.PR_NUMBER ?? '123');
const commit = process.env.PR_COMMIT ?? '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const tag = `pr-${pr}-${commit.slice(0, 7)}`; // the tag CI pushed the images with

// The dev cluster that hosts the previews, by its attributes: its subnets are where the load
// balancer reaches an exposed service from.
const cluster = PlatformCluster.fromAttributes({
  clusterName: 'acme-dev',
  vpcId: 'vpc-0d1e2f3a4b5c6d7e8',
  vpcCidr: '10.20.0.0/16',
  clusterSecurityGroupId: 'sg-0d0d0d0d0d0d0d0d0',
  nodeRoleArn: 'arn:aws:iam::210987654321:role/acme-dev-nodes',
});

const app = new PlatformApp();
const preview = new PreviewEnvironment(app, `shop-pr-${pr}`, {
  platformName: 'acme',
  hostEnvironmentName: 'dev',
  account: '210987654321',
  region: 'eu-west-1',
  domain: 'dev.acme.example.com',
  pullRequest: pr,
  branch: process.env.PR_BRANCH ?? 'feature/faster-checkout',
  commit,
  team: 'shop',
  createdAt: process.env.PR_UPDATED_AT ?? '2026-11-21T09:00:00Z',
  ttlHours: 72,
  database: PreviewDatabase.inCluster(),
  seed: { image: `210987654321.dkr.ecr.eu-west-1.amazonaws.com/acme/dev/orders:${tag}`, command: ['./bin/seed', '--fixtures', 'demo'] },
  // The prefix CiIdentity.addPreviewRepository() gives the team's preview role (examples/platform).
  stateBackend: StateBackend.s3({ bucket: 'acme-dev-terraform-state', keyPrefix: 'previews/shop' }),
  cluster,
});

const orders = new ServiceApp(preview, 'orders', { team: 'shop', imageTag: tag });
preview.connectDatabase(orders);

const checkout = new ServiceApp(preview, 'checkout', {
  team: 'shop',
  imageTag: tag,
  exposure: {},
  env: [{ name: 'LOG_LEVEL', value: 'debug' }],
  secrets: [{ name: 'STRIPE_API_KEY', property: 'stripeApiKey' }], // the dev environment's test key
});
checkout.connect(orders);
checkout.grantSqsSend('arn:aws:sqs:eu-west-1:210987654321:acme-dev-orders');

app.synth();
