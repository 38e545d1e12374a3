// An app team's main.ts: two services of the "shop" team on the production platform.
// In your own repository, import from 'cdk-paved-road' instead of '../../src'.
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { EnvironmentClass, PlatformApp, PlatformStack, ServiceApp } from '../../src';

const app = new PlatformApp();
const prod = new PlatformStack(app, 'shop-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
});

const orders = new ServiceApp(prod, 'orders', {
  team: 'shop',
  imageTag: process.env.ORDERS_TAG ?? '2.3.0',
});

const checkout = new ServiceApp(prod, 'checkout', {
  team: 'shop',
  imageTag: process.env.CHECKOUT_TAG ?? '1.4.2',
  exposure: {},
  cpu: Cpu.millis(300),
  memory: Size.mebibytes(512),
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  secrets: [{ name: 'STRIPE_API_KEY', property: 'stripeApiKey' }],
});
checkout.connect(orders);
checkout.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:acme-prod-orders');

app.synth();
