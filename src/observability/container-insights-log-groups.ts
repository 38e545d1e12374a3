import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { requireRetentionDays } from '../private/observability-checks';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'ContainerInsightsLogGroups';
/** The log groups Container Insights writes to, under `/aws/containerinsights/<cluster>/`. */
const KINDS = ['application', 'dataplane', 'host', 'performance'];

/**
 * Properties for `ContainerInsightsLogGroups`.
 */
export interface ContainerInsightsLogGroupsProps {
  /** The EKS cluster whose logs they hold. */
  readonly clusterName: string;
  /** Days the logs are kept; a period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...). */
  readonly logRetentionDays: number;
  /** Key that encrypts them; CloudWatch Logs is allowed to use it for these groups. */
  readonly encryptionKey: EncryptionKey;
  /** The AWS account. */
  readonly account: string;
  /** The AWS region. */
  readonly region: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
}

/** Runtime types of `ContainerInsightsLogGroupsProps` (src/private/prop-types.ts). */
const CONTAINER_INSIGHTS_LOG_GROUPS_PROPS = propTypes('ContainerInsightsLogGroupsProps', {
  clusterName: required(T.string),
  logRetentionDays: required(T.number),
  encryptionKey: required(T.shape('an EncryptionKey', 'an EncryptionKey construct', ['keyArn'])),
  account: required(T.string),
  region: required(T.string),
  partition: T.string,
});

/**
 * The four log groups of Container Insights (`application`, `dataplane`, `host`, `performance`),
 * created with a retention and a customer-managed key before the CloudWatch Observability add-on
 * starts: left to the agent, they are created unencrypted and kept forever.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-logs-FluentBit.html
 */
export class ContainerInsightsLogGroups extends Construct {
  /** The log groups, in the order application, dataplane, host, performance. */
  public readonly logGroups: CloudwatchLogGroup[];

  public constructor(scope: Construct, id: string, props: ContainerInsightsLogGroupsProps) {
    super(scope, id);
    checkProps(this, KIND, props, CONTAINER_INSIGHTS_LOG_GROUPS_PROPS);
    requireRetentionDays(this, KIND, 'logRetentionDays', props.logRetentionDays);
    const partition = props.partition ?? 'aws';
    const prefix = `/aws/containerinsights/${props.clusterName}`;
    props.encryptionKey.allowLogGroups(props.region, `arn:${partition}:logs:${props.region}:${props.account}:log-group:${prefix}/*`);
    this.logGroups = KINDS.map((kind) => new CloudwatchLogGroup(this, kind, {
      name: `${prefix}/${kind}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyArn,
    }));
  }
}

