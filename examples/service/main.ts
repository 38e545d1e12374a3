// An app team's main.ts: two services of the "shop" team, in production and in development.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { EnvironmentClass, IPlatformCluster, PlatformApp, PlatformCluster, PlatformStack, PostgresDatabase, ServiceApp, ServiceAppProps, SloWindow, StateBackend } from 'cdk-paved-road';

const app = new PlatformApp();

/**
 * The shop team's services in one environment: the same code for every environment, whose class
 * (production, development) sets replicas, sizes, backups and the rest.
 */
function shop(stack: PlatformStack, cluster: IPlatformCluster, slo?: ServiceAppProps['slo']): void {
  const ordersDb = new PostgresDatabase(stack, 'orders-db', { databaseName: 'orders', team: 'shop', cluster });

  const orders = new ServiceApp(stack, 'orders', {
    team: 'shop',
    imageTag: process.env.IMAGE_TAG ?? '2.3.0', // CI sets IMAGE_TAG to the commit: examples/platform/workflows/acme-shop
    cluster,
  });
  orders.connectDatabase(ordersDb);

  const checkout = new ServiceApp(stack, 'checkout', {
    team: 'shop',
    imageTag: process.env.IMAGE_TAG ?? '1.4.2',
    cluster,
    exposure: {},
    cpu: Cpu.millis(300),
    memory: Size.mebibytes(512),
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    secrets: [{ name: 'STRIPE_API_KEY', property: 'stripeApiKey' }],
    spot: true, // stateless: runs on the platform's spot pool when it has room
    slo,
    runbookUrl: 'https://runbooks.acme.example.com/shop/checkout',
  });
  checkout.connect(orders);
  checkout.grantSqsSend(`arn:aws:sqs:eu-west-1:${stack.context.account}:acme-${stack.context.environmentName}-orders`);
}

const prod = new PlatformStack(app, 'shop-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
  // CI applies this Terraform (examples/platform/workflows/acme-shop), so its state lives in S3.
  stateBackend: StateBackend.s3({ bucket: 'acme-terraform-state', keyPrefix: 'apps' }),
});
// The platform team's cluster, read at plan time from the SSM parameters its PlatformCluster
// publishes under /acme/prod/ (no ID copied by hand). Its VPC is the default 10.0.0.0/16 in three
// zones; if yours differs, pass { vpcCidr, availabilityZoneCount }: a plan fails on a mismatch.
// Alerts page the shop team when 99.95 % of checkout's requests do not succeed, or p99 is over
// 300 ms, over 28 days.
shop(prod, PlatformCluster.fromLookup(prod, 'platform'),
  { availability: 99.95, latency: { threshold: Duration.millis(300), percentile: 99 }, window: SloWindow.DAYS_28 });

// The development environment (examples/dev-platform's cluster, in the development account): the
// previews of examples/preview read its services' secrets. Its YAML files are dist/shop-dev-*:
// CI delivers them to dev/shop/ of the GitOps repository, and shop-prod-* to prod/shop/.
const dev = new PlatformStack(app, 'shop-dev', {
  platformName: 'acme',
  environmentName: 'dev',
  environmentClass: EnvironmentClass.DEVELOPMENT,
  account: '210987654321',
  region: 'eu-west-1',
  domain: 'dev.acme.example.com',
  stateBackend: StateBackend.s3({ bucket: 'acme-dev-terraform-state', keyPrefix: 'apps' }),
});
shop(dev, PlatformCluster.fromLookup(dev, 'platform', { vpcCidr: '10.20.0.0/16' }));

app.synth();
