import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EncryptionKey } from '../../src';
import { resources, tfSynth } from '../util';

describe('EncryptionKey', () => {
  function key(configure: (k: EncryptionKey) => void = () => undefined) {
    const stack = new TerraformStack(Testing.app(), 'keys');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const k = new EncryptionKey(stack, 'key', { alias: 'acme-prod/db', purpose: 'RDS storage', account: '123456789012' });
    configure(k);
    const json = tfSynth(stack);
    return { json, kms: resources(json, 'aws_kms_key')[0], policy: JSON.parse(resources(json, 'aws_kms_key')[0].policy) };
  }

  test('rotation on, 30-day deletion window, an alias, and a key policy in which only the account administers the key', () => {
    const { json, kms, policy } = key();
    expect(kms).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, description: 'acme-prod/db: RDS storage' });
    expect(resources(json, 'aws_kms_alias')[0].name).toBe('alias/acme-prod/db');
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toEqual([{
      Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['kms:*'], Resource: '*',
    }]);
  });

  test('services are let in one by one, with cryptographic actions only; log groups by ARN pattern', () => {
    const { policy } = key((k) => {
      k.allowService('rds.amazonaws.com');
      k.allowLogGroups('eu-west-1', 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/*');
    });
    const [, rds, logs] = policy.Statement;
    expect(rds.Principal).toEqual({ Service: 'rds.amazonaws.com' });
    expect(rds.Condition).toBeUndefined();
    expect(logs.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(logs.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/*' } });
    for (const s of [rds, logs]) {
      expect(s.Action.some((a: string) => a.includes('*') || /^kms:(Create|Delete|Disable|Put|Schedule|Update)/.test(a))).toBe(false);
    }
    expect(new Set(policy.Statement.map((s: any) => s.Sid)).size).toBe(3);
  });
});
