// An app team's main.ts: two services of the "shop" team on the production platform.
// In your own repository, import from 'cdk-paved-road' instead of '../../src'.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, PostgresDatabase, ServiceApp, SloWindow } from '../../src';

const app = new PlatformApp();
const prod = new PlatformStack(app, 'shop-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
});

// The platform team's cluster, read at plan time from the SSM parameters its PlatformCluster
// publishes under /acme/prod/ (no ID copied by hand). Its VPC is the default 10.0.0.0/16 in three
// zones; if yours differs, pass { vpcCidr, availabilityZoneCount }: a plan fails on a mismatch.
const cluster = PlatformCluster.fromLookup(prod, 'platform');

const ordersDb = new PostgresDatabase(prod, 'orders-db', { databaseName: 'orders', team: 'shop', cluster });

const orders = new ServiceApp(prod, 'orders', {
  team: 'shop',
  imageTag: process.env.IMAGE_TAG ?? '2.3.0', // CI sets IMAGE_TAG to the commit: examples/platform/workflows/acme-shop
  cluster,
});
orders.connectDatabase(ordersDb);

const checkout = new ServiceApp(prod, 'checkout', {
  team: 'shop',
  imageTag: process.env.IMAGE_TAG ?? '1.4.2',
  cluster,
  exposure: {},
  cpu: Cpu.millis(300),
  memory: Size.mebibytes(512),
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  secrets: [{ name: 'STRIPE_API_KEY', property: 'stripeApiKey' }],
  spot: true, // stateless: runs on the platform's spot pool when it has room
  // Alerts page the shop team when 99.95 % of requests do not succeed, or p99 is over 300 ms, over 28 days.
  slo: { availability: 99.95, latency: { threshold: Duration.millis(300), percentile: 99 }, window: SloWindow.DAYS_28 },
  runbookUrl: 'https://runbooks.acme.example.com/shop/checkout',
});
checkout.connect(orders);
checkout.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:acme-prod-orders');

app.synth();
