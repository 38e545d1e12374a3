import { EnvironmentClass, PlatformContext, PlatformStack, StateBackend } from '../../src';
import { PROD_PROPS, prodStack, synthAll, tempApp } from '../util';

describe('PlatformContext and PlatformStack', () => {
  test('derives every name that crosses from Terraform to YAML', () => {
    const { stack } = prodStack();
    const ctx = stack.context;
    expect(ctx.repositoryUrl('checkout')).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/checkout');
    expect(ctx.roleArn(ctx.workloadRoleName('checkout'))).toBe('arn:aws:iam::123456789012:role/acme-prod-checkout');
    expect(ctx.secretName('checkout', 'app')).toBe('acme/prod/checkout/app');
    expect(ctx.hostname('checkout')).toBe('checkout.prod.acme.example.com');
    expect(ctx.clusterName).toBe('acme-prod');
    // Alert topics are the cluster's: a team's, or the platform's without a team.
    expect(ctx.alertTopicArn('shop')).toBe('arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop');
    expect(ctx.alertTopicArn()).toBe('arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts');
  });

  test('a hosted environment (a preview) alerts to its host cluster\'s topics', () => {
    const { stack } = prodStack({ environmentName: 'pr-42', hostEnvironmentName: 'dev', environmentClass: EnvironmentClass.PREVIEW }, 'pr-42');
    expect(stack.context.alertTopicArn('shop')).toBe('arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts-shop');
  });

  test('long role names are shortened deterministically with a hash', () => {
    const { stack } = prodStack();
    const name = stack.context.workloadRoleName('a-very-long-service-name-that-goes-on-and-on-x');
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toBe(stack.context.workloadRoleName('a-very-long-service-name-that-goes-on-and-on-x'));
    expect(name).not.toBe(stack.context.workloadRoleName('a-very-long-service-name-that-goes-on-and-on-y'));
  });

  test('the partition follows the region', () => {
    expect(prodStack({ region: 'cn-north-1' }).stack.context.roleArn('r')).toBe('arn:aws-cn:iam::123456789012:role/r');
    expect(prodStack({ region: 'us-gov-west-1' }).stack.context.partition).toBe('aws-us-gov');
  });

  test('the AWS provider is pinned to the account and tags everything', () => {
    const { app } = prodStack();
    const { tf } = synthAll(app);
    expect(tf.prod.provider.aws[0]).toMatchObject({ allowed_account_ids: ['123456789012'], default_tags: [{ tags: { 'paved-road:environment': 'prod', 'managed-by': 'cdk-paved-road' } }] });
    expect(tf.prod.terraform.backend.local.path).toBe('terraform.prod.tfstate');
  });

  test('S3 state: encrypted, locked, one key per platform, environment and stack', () => {
    const { app } = tempApp();
    new PlatformStack(app, 'prod', { ...PROD_PROPS, stateBackend: StateBackend.s3({ bucket: 'state', keyPrefix: 'platform/' }) });
    const { tf } = synthAll(app);
    expect(tf.prod.terraform.backend.s3).toEqual({ bucket: 'state', key: 'platform/acme/prod/prod.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true });
  });

  test.each([
    [{ platformName: 'Acme' }, /PlatformContext 'prod': 'platformName' \('Acme'\) is not a DNS label of at most 20/],
    [{ environmentName: 'x'.repeat(21) }, /'environmentName' \('x{21}'\) is not a DNS label of at most 20/],
    [{ account: '1234' }, /'account' \('1234'\) is not a 12-digit AWS account ID/],
    [{ region: 'europe' }, /'region' \('europe'\) is not an AWS region name/],
    [{ domain: 'localhost' }, /'domain' \('localhost'\) is not a valid DNS domain/],
    [{ environmentClass: 'qa' as EnvironmentClass }, /^PlatformStack 'prod': 'environmentClass' \('qa'\) is a string, not an EnvironmentClass; pass one of EnvironmentClass.PRODUCTION/],
  ])('%j fails with a clear error', (override, message) => {
    expect(() => prodStack(override)).toThrow(message);
  });

  test('a PlatformContext made directly checks its class too', () => {
    const { stack } = prodStack();
    expect(() => new PlatformContext(stack, { ...PROD_PROPS, environmentName: 'prod', environmentClass: 'qa' as EnvironmentClass }))
      .toThrow(/^PlatformContext 'prod': 'environmentClass' \('qa'\) is a string, not an EnvironmentClass; pass one of EnvironmentClass.PRODUCTION/);
  });

  test('a stack id must be a DNS label, and chart ids unique', () => {
    expect(() => prodStack({}, 'Prod_1')).toThrow(/PlatformStack 'Prod_1': 'id' \('Prod_1'\) is not a DNS label/);
    const { stack } = prodStack();
    stack.addChart('a');
    expect(() => stack.addChart('a')).toThrow(/'id' \('a'\) names a chart that this stack has already/);
  });
});
