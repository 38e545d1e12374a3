import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import * as yaml from 'yaml';
import { AlertProtocol, AlertRouting, AlertRoutingProps, EncryptionKey } from '../../src';
import { resources } from '../util';

function routing(props: Partial<AlertRoutingProps> = {}): { stack: TerraformStack; routing: AlertRouting } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const encryptionKey = new EncryptionKey(stack, 'Key', { alias: 'acme-prod/observability', purpose: 'alerts', account: '123456789012' });
  const r = new AlertRouting(stack, 'Alerts', {
    workspaceId: 'ws-1',
    workspaceArn: 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-1',
    topicPrefix: 'acme-prod',
    account: '123456789012',
    region: 'eu-west-1',
    encryptionKey,
    ...props,
  });
  return { stack, routing: r };
}

describe('AlertRouting', () => {
  test('a KMS-encrypted topic per team that only the workspace and the account\'s alarms may publish to', () => {
    const { stack, routing: r } = routing();
    r.addTeam('shop', [{ protocol: AlertProtocol.EMAIL, endpoint: 'shop-oncall@acme.example.com' }]);
    const tf = JSON.parse(Testing.synth(stack));
    expect(resources(tf, 'aws_sns_topic').map((t) => t.name)).toEqual(['acme-prod-alerts', 'acme-prod-alerts-shop']);
    expect(resources(tf, 'aws_sns_topic').every((t) => /aws_kms_key\..*\.arn/.test(t.kms_master_key_id))).toBe(true);
    const policy = JSON.parse(resources(tf, 'aws_sns_topic_policy')[1].policy);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: 'aps.amazonaws.com' },
      Action: ['sns:Publish', 'sns:GetTopicAttributes'],
      Resource: 'arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop',
      Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-1' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
    expect(policy.Statement[1].Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(resources(tf, 'aws_sns_topic_subscription')[0]).toMatchObject({ protocol: 'email', endpoint: 'shop-oncall@acme.example.com' });
    const keyPolicy = JSON.parse(resources(tf, 'aws_kms_key')[0].policy);
    expect(keyPolicy.Statement.map((s: any) => s.Principal.Service).filter(Boolean)).toEqual(['aps.amazonaws.com', 'cloudwatch.amazonaws.com']);
    expect(r.topicArn('shop')).toBe('arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop');
  });

  test('the alert manager routes by the team label to the team\'s topic, the rest to the platform\'s; amtool accepts it', () => {
    const { stack, routing: r } = routing();
    r.addTeam('shop');
    r.addTeam('payments');
    const [definition] = resources(JSON.parse(Testing.synth(stack)), 'aws_prometheus_alert_manager_definition');
    expect(definition.workspace_id).toBe('ws-1');
    const config = yaml.parse(yaml.parse(definition.definition).alertmanager_config);
    expect(config.route.receiver).toBe('platform');
    expect(config.route.routes).toEqual([{ receiver: 'team-payments', matchers: ['team="payments"'] }, { receiver: 'team-shop', matchers: ['team="shop"'] }]);
    expect(config.receivers.find((x: any) => x.name === 'team-shop').sns_configs[0]).toMatchObject({
      topic_arn: 'arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop', sigv4: { region: 'eu-west-1' },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtool-'));
    fs.writeFileSync(path.join(dir, 'alertmanager.yaml'), r.renderAlertmanagerConfig());
    const run = spawnSync('amtool', ['check-config', 'alertmanager.yaml'], { cwd: dir, encoding: 'utf-8' });
    if (run.error) {
      // amtool (Debian 'prometheus-alertmanager') is optional: the structure is asserted above.
      return;
    }
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
  });

  test('bad input fails with the prop, the value and the fix', () => {
    const { routing: r } = routing();
    r.addTeam('shop');
    expect(() => r.addTeam('shop')).toThrow(/AlertRouting 'test\/Alerts': team 'shop' has a topic already; add each team once/);
    expect(() => r.addTeam('Shop')).toThrow(/'team' \('Shop'\) is not a DNS-1123 label/);
    expect(() => r.addTeam('web', [{ protocol: AlertProtocol.HTTPS, endpoint: 'http://pager.example.com' }]))
      .toThrow(/'subscriptions.endpoint' \('http:\/\/pager.example.com'\) is not a valid https endpoint/);
    expect(() => r.addTeam('ops', [{ protocol: 'sms' as AlertProtocol, endpoint: '+100' }])).toThrow(/'subscriptions.protocol' \('sms'\) is not one of email, https, sqs, lambda/);
  });
});
