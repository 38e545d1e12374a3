import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { PostgresAlarms, PostgresAlarmsProps } from '../../src';
import { resources, tfSynth } from '../util';

const ORDER = ['cpu', 'freestorage', 'connections', 'readlatency', 'writelatency'];
const order = (name: string) => ORDER.indexOf(name.replace('acme-prod-orders-', ''));
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop';

function alarms(props: Partial<PostgresAlarmsProps> = {}) {
  const stack = new TerraformStack(new App(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const construct = new PostgresAlarms(stack, 'Alarms', {
    identifier: 'acme-prod-orders', topicArn: TOPIC, instanceClass: 'db.m7g.large', allocatedStorageGib: 20, ...props,
  });
  return { stack, construct };
}

describe('PostgresAlarms', () => {
  test('GIVEN no storage size (an instance restored from a snapshot) THEN no free-storage alarm, the four others', () => {
    const { stack } = alarms({ allocatedStorageGib: undefined });
    expect(resources(tfSynth(stack), 'aws_cloudwatch_metric_alarm').map((a) => a.metric_name).sort())
      .toEqual(['CPUUtilization', 'DatabaseConnections', 'ReadLatency', 'WriteLatency']);
  });

  test('GIVEN an instance THEN five alarms on its metrics notify the topic when they fire and when they clear', () => {
    const { stack } = alarms();
    const list = resources(tfSynth(stack), 'aws_cloudwatch_metric_alarm');
    expect(list.map((a) => [a.alarm_name, a.metric_name, a.comparison_operator, a.threshold]).sort((x, y) => order(x[0]) - order(y[0]))).toEqual([
      ['acme-prod-orders-cpu', 'CPUUtilization', 'GreaterThanThreshold', 80],
      ['acme-prod-orders-freestorage', 'FreeStorageSpace', 'LessThanThreshold', 2147483648], // 10 % of 20 GiB, in bytes
      ['acme-prod-orders-connections', 'DatabaseConnections', 'GreaterThanThreshold', 720], // 80 % of 8 GiB / 9531392
      ['acme-prod-orders-readlatency', 'ReadLatency', 'GreaterThanThreshold', 0.02],
      ['acme-prod-orders-writelatency', 'WriteLatency', 'GreaterThanThreshold', 0.02],
    ]);
    for (const a of list) {
      expect(a).toMatchObject({
        namespace: 'AWS/RDS',
        dimensions: { DBInstanceIdentifier: 'acme-prod-orders' },
        period: 300,
        evaluation_periods: 3,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      });
    }
  });

  test.each([
    ['db.t4g.medium', 360], // 4 GiB
    ['db.r7g.xlarge', 2883], // 32 GiB
    ['db.m7g.16xlarge', 4000], // 256 GiB: max_connections is capped at 5000
  ])('GIVEN class %s THEN the connections threshold is 80 %% of its max_connections (%d)', (instanceClass, expected) => {
    expect(alarms({ instanceClass }).construct.connectionsThreshold).toBe(expected);
  });

  test('GIVEN a threshold THEN it is used, for any class', () => {
    const { stack, construct } = alarms({ instanceClass: 'db.x2g.large', connectionsThreshold: 150 });
    expect(construct.connectionsThreshold).toBe(150);
    expect(resources(tfSynth(stack), 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === 'DatabaseConnections').threshold).toBe(150);
  });

  test('GIVEN a class of unknown memory and no threshold THEN it fails naming the fix', () => {
    expect(() => alarms({ instanceClass: 'db.x2g.large' }))
      .toThrow(/PostgresAlarms 'test\/Alarms': 'instanceClass' \('db.x2g.large'\) has a memory size not known here, so the connections threshold cannot be derived; give connectionsThreshold/);
    expect(() => alarms({ connectionsThreshold: 0 })).toThrow(/'connectionsThreshold' \(0\) must be a whole number from 1 to 5000/);
  });
});
