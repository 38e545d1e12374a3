import { Testing, TerraformStack } from 'cdktf';
import { ContainerInsightsLogGroups, EncryptionKey } from '../../src';
import { resources } from '../util';

function groups(retentionDays: number): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  const encryptionKey = new EncryptionKey(stack, 'Key', { alias: 'acme-prod/observability', purpose: 'logs', account: '123456789012' });
  new ContainerInsightsLogGroups(stack, 'Logs', { clusterName: 'acme-prod', logRetentionDays: retentionDays, encryptionKey, account: '123456789012', region: 'eu-west-1' });
  return stack;
}

describe('ContainerInsightsLogGroups', () => {
  test('the four Container Insights log groups exist with a retention and the customer key', () => {
    const tf = JSON.parse(Testing.synth(groups(365)));
    expect(resources(tf, 'aws_cloudwatch_log_group').map((g) => g.name)).toEqual(
      ['application', 'dataplane', 'host', 'performance'].map((k) => `/aws/containerinsights/acme-prod/${k}`));
    expect(resources(tf, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 365 && /aws_kms_key/.test(g.kms_key_id))).toBe(true);
    const statement = JSON.parse(resources(tf, 'aws_kms_key')[0].policy).Statement[1];
    expect(statement.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/containerinsights/acme-prod/*');
  });

  test('a retention CloudWatch Logs does not accept fails', () => {
    expect(() => groups(100)).toThrow(/ContainerInsightsLogGroups 'test\/Logs': 'logRetentionDays' \(100\) is not a retention period CloudWatch Logs accepts; use one of 1, 3/);
  });
});
