import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireIntegerInRange } from '../private/validate';

const KIND = 'PostgresAlarms';
/** Seconds of one evaluation period. */
const PERIOD_SECONDS = 300;
/** Periods in a row before an alarm fires: 15 minutes. */
const EVALUATION_PERIODS = 3;
/** CPU use, in percent, above which the instance is saturated. */
const CPU_PERCENT = 80;
/** Share of `max_connections` above which new connections are about to be refused. */
const CONNECTIONS_SHARE = 0.8;
/** Average I/O latency, in seconds, above which gp3 storage is the bottleneck (it serves single-digit milliseconds). */
const LATENCY_SECONDS = 0.02;
/** Share of the allocated storage under which RDS storage autoscaling acts; still below it 15 minutes later, it did not. */
const FREE_STORAGE_SHARE = 0.1;
/** RDS for PostgreSQL's default `max_connections`: LEAST(DBInstanceClassMemory / 9531392, 5000). */
const BYTES_PER_CONNECTION = 9531392;
const MAX_CONNECTIONS = 5000;
const GIB = 1024 * 1024 * 1024;

/**
 * Properties for `PostgresAlarms`.
 */
export interface PostgresAlarmsProps {
  /** The DB instance identifier (the `DBInstanceIdentifier` dimension). */
  readonly identifier: string;
  /** ARN of the SNS topic the alarms (and their recovery) notify: the owning team's alert topic. */
  readonly topicArn: string;
  /** The instance class, e.g. `db.m7g.large`: sizes the connections threshold. */
  readonly instanceClass: string;
  /**
   * Allocated storage in GiB: sizes the free-storage threshold.
   * @default - no free-storage alarm (the size is not known here, e.g. an instance restored from a snapshot)
   */
  readonly allocatedStorageGib?: number;
  /**
   * Connections above which the connections alarm fires.
   * @default - 80 % of the default `max_connections` of the instance class (memory / 9531392 bytes);
   *   required for a class whose memory is not known here (not an m, r or t class)
   */
  readonly connectionsThreshold?: number;
}

/** Runtime types of `PostgresAlarmsProps` (src/private/prop-types.ts). */
const POSTGRES_ALARMS_PROPS = propTypes('PostgresAlarmsProps', {
  identifier: required(T.string),
  topicArn: required(T.string),
  instanceClass: required(T.string),
  allocatedStorageGib: T.number,
  connectionsThreshold: T.number,
});

/**
 * CloudWatch alarms of one RDS for PostgreSQL instance, each notifying an SNS topic when it fires
 * and when it clears, after 15 minutes over its threshold: CPU over 80 %, free storage under
 * 10 % of the allocated storage (storage autoscaling did not relieve it), connections over 80 % of
 * `max_connections`, and read and write latency over 20 ms. No replica-lag alarm: a Multi-AZ DB
 * instance's standby is synchronous and reports no `ReplicaLag`; read replicas are not made here.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
 */
export class PostgresAlarms extends Construct {
  /** The alarms, in the order CPU, free storage, connections, read latency, write latency. */
  public readonly alarms: CloudwatchMetricAlarm[];
  /** The connections threshold in use. */
  public readonly connectionsThreshold: number;

  public constructor(scope: Construct, id: string, props: PostgresAlarmsProps) {
    super(scope, id);
    checkProps(this, KIND, props, POSTGRES_ALARMS_PROPS);
    const memoryGib = instanceMemoryGib(props.instanceClass);
    if (props.connectionsThreshold === undefined && memoryGib === undefined) {
      throw propError(this, KIND, 'instanceClass', props.instanceClass, 'has a memory size not known here, so the connections threshold cannot be derived',
        'give connectionsThreshold (80 % of the max_connections of that class)');
    }
    this.connectionsThreshold = props.connectionsThreshold !== undefined
      ? requireIntegerInRange(this, KIND, 'connectionsThreshold', props.connectionsThreshold, 1, MAX_CONNECTIONS)
      : Math.floor(Math.min(memoryGib! * GIB / BYTES_PER_CONNECTION, MAX_CONNECTIONS) * CONNECTIONS_SHARE);
    const alarm = (name: string, metricName: string, comparisonOperator: string, threshold: number, what: string) =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: `${props.identifier}-${name.toLowerCase()}`,
        alarmDescription: `RDS ${props.identifier}: ${what} for 15 minutes`,
        namespace: 'AWS/RDS',
        metricName,
        dimensions: { DBInstanceIdentifier: props.identifier },
        statistic: 'Average',
        period: PERIOD_SECONDS,
        evaluationPeriods: EVALUATION_PERIODS,
        comparisonOperator,
        threshold,
        treatMissingData: 'missing',
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      });
    this.alarms = [
      alarm('Cpu', 'CPUUtilization', 'GreaterThanThreshold', CPU_PERCENT, `CPU over ${CPU_PERCENT} %`),
      ...(props.allocatedStorageGib === undefined ? [] : [alarm('FreeStorage', 'FreeStorageSpace', 'LessThanThreshold',
        Math.round(props.allocatedStorageGib * GIB * FREE_STORAGE_SHARE), `free storage under ${FREE_STORAGE_SHARE * 100} % of ${props.allocatedStorageGib} GiB`)]),
      alarm('Connections', 'DatabaseConnections', 'GreaterThanThreshold', this.connectionsThreshold, `over ${this.connectionsThreshold} connections`),
      alarm('ReadLatency', 'ReadLatency', 'GreaterThanThreshold', LATENCY_SECONDS, `read latency over ${LATENCY_SECONDS * 1000} ms`),
      alarm('WriteLatency', 'WriteLatency', 'GreaterThanThreshold', LATENCY_SECONDS, `write latency over ${LATENCY_SECONDS * 1000} ms`),
    ];
  }
}

/**
 * Memory of an RDS instance class in GiB, for the general-purpose (m: 4 GiB per vCPU), memory-optimized
 * (r: 8 GiB per vCPU) and burstable (t) classes; undefined for others.
 */
function instanceMemoryGib(instanceClass: string): number | undefined {
  const match = /^db\.([mrt])\d+[a-z]*\.(micro|small|medium|large|xlarge|(\d+)xlarge)$/.exec(instanceClass);
  if (!match) {
    return undefined;
  }
  const [, family, size, multiple] = match;
  if (family === 't') {
    return multiple ? 16 * Number(multiple) : { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16 }[size];
  }
  const vcpus = size === 'large' ? 2 : size === 'xlarge' ? 4 : multiple ? 4 * Number(multiple) : undefined;
  return vcpus === undefined ? undefined : vcpus * (family === 'm' ? 4 : 8);
}
