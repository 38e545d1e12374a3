import { PrometheusAlertManagerDefinition } from '@cdktf/provider-aws/lib/prometheus-alert-manager-definition';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { ALERT_LABEL_ENVIRONMENT, ALERT_LABEL_SERVICE, ALERT_LABEL_TEAM, TAG, alertTopicArn, alertTopicName } from '../private/contract';
import { stringifyYaml } from '../private/engine/yaml';
import { constructError } from '../private/errors';
import { policyDocument } from '../private/iam';
import { requireAlertSubscriptions } from '../private/observability-checks';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'AlertRouting';

/** How a subscriber receives the alerts of a topic. */
export enum AlertProtocol {
  /** An e-mail address (the owner confirms the subscription). */
  EMAIL = 'email',
  /** An HTTPS endpoint, e.g. a paging service's SNS integration URL. */
  HTTPS = 'https',
  /** An SQS queue ARN. */
  SQS = 'sqs',
  /** A Lambda function ARN (e.g. a chat notifier). */
  LAMBDA = 'lambda',
}

/** A subscriber of a team's alert topic. */
export interface AlertSubscription {
  /** How it receives alerts. */
  readonly protocol: AlertProtocol;
  /** The address, URL or ARN. */
  readonly endpoint: string;
}

/**
 * Properties for `AlertRouting`.
 */
export interface AlertRoutingProps {
  /** ID of the Amazon Managed Service for Prometheus workspace whose alert manager routes. */
  readonly workspaceId: string;
  /** ARN of that workspace: only it may publish to the topics. */
  readonly workspaceArn: string;
  /** Prefix of the topic names, `<platform>-<environment>` (topics `<prefix>-alerts[-<team>]`). */
  readonly topicPrefix: string;
  /** The AWS account. */
  readonly account: string;
  /** The AWS region (the alert manager signs its SNS calls for it). */
  readonly region: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /** Key that encrypts the topics; the alert manager and CloudWatch alarms are allowed to use it. */
  readonly encryptionKey: EncryptionKey;
  /**
   * Subscribers of the platform's own topic, which gets alerts of no known team.
   * @default - none
   */
  readonly subscriptions?: AlertSubscription[];
}

/** Runtime types of `AlertRoutingProps` (src/private/prop-types.ts). */
const ALERT_ROUTING_PROPS = propTypes('AlertRoutingProps', {
  workspaceId: required(T.string),
  workspaceArn: required(T.string),
  topicPrefix: required(T.string),
  account: required(T.string),
  region: required(T.string),
  partition: T.string,
  encryptionKey: required(T.shape('an EncryptionKey', 'an EncryptionKey construct', ['keyArn'])),
  subscriptions: T.list('a list of AlertSubscription', 'a list such as [{ protocol: AlertProtocol.EMAIL, endpoint: "oncall@example.com" }]'),
});

/**
 * Alert routing by team: an SNS topic per team (`<prefix>-alerts-<team>`) and one for the platform
 * (`<prefix>-alerts`), encrypted with a customer-managed key and publishable only by this
 * workspace's alert manager and the account's CloudWatch alarms; and the workspace's alert manager
 * definition, which sends every alert to the topic of its `team` label, grouped by alert, team,
 * service and environment. Topic ARNs follow from names, so other stacks (a database's alarms)
 * derive them without a reference.
 *
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-receiver.html
 */
export class AlertRouting extends Construct {
  /** The platform's topic (alerts of no known team). */
  public readonly platformTopic: SnsTopic;
  /** The alert manager definition. */
  public readonly definition: PrometheusAlertManagerDefinition;
  private readonly props: AlertRoutingProps;
  private readonly partition: string;
  private readonly teams = new Map<string, SnsTopic>();

  public constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    checkProps(this, KIND, props, ALERT_ROUTING_PROPS);
    this.props = props;
    this.partition = props.partition ?? 'aws';
    props.encryptionKey.allowService('aps.amazonaws.com');
    props.encryptionKey.allowService('cloudwatch.amazonaws.com');
    this.platformTopic = this.topic('Platform', undefined, props.subscriptions ?? []);
    this.definition = new PrometheusAlertManagerDefinition(this, 'Definition', {
      workspaceId: props.workspaceId,
      definition: Lazy.stringValue({ produce: () => this.renderDefinition() }),
    });
  }

  /**
   * Adds a team's topic and route: alerts labelled `team=<team>` go to it.
   *
   * @returns the team's topic
   */
  public addTeam(team: string, subscriptions: AlertSubscription[] = []): SnsTopic {
    requireDnsLabel(this, KIND, 'team', team);
    if (this.teams.has(team)) {
      throw constructError(this, KIND, `team '${team}' has a topic already`, 'add each team once');
    }
    const topic = this.topic(`Team-${team}`, team, subscriptions);
    this.teams.set(team, topic);
    return topic;
  }

  /** ARN of a team's topic (or the platform's, without a team), known at synth time. */
  public topicArn(team?: string): string {
    return alertTopicArn(this.partition, this.props.region, this.props.account, alertTopicName(this.props.topicPrefix, team));
  }

  /** The Alertmanager configuration, as the workspace's definition wraps it. */
  public renderAlertmanagerConfig(): string {
    const receiver = (name: string, team?: string) => ({
      name,
      sns_configs: [{ topic_arn: this.topicArn(team), sigv4: { region: this.props.region }, subject: `[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.${ALERT_LABEL_SERVICE} }} ({{ .CommonLabels.${ALERT_LABEL_ENVIRONMENT} }})` }],
    });
    const teams = [...this.teams.keys()].sort();
    return stringifyYaml([{
      route: {
        receiver: 'platform',
        group_by: ['alertname', ALERT_LABEL_TEAM, ALERT_LABEL_SERVICE, ALERT_LABEL_ENVIRONMENT],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: teams.map((t) => ({ receiver: `team-${t}`, matchers: [`${ALERT_LABEL_TEAM}="${t}"`] })),
      },
      receivers: [receiver('platform'), ...teams.map((t) => receiver(`team-${t}`, t))],
    }]);
  }

  private renderDefinition(): string {
    const config = this.renderAlertmanagerConfig().trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
    return `alertmanager_config: |\n${config}\n`;
  }

  private topic(id: string, team: string | undefined, subscriptions: AlertSubscription[]): SnsTopic {
    const name = alertTopicName(this.props.topicPrefix, team);
    const topic = new SnsTopic(this, id, {
      name,
      kmsMasterKeyId: this.props.encryptionKey.keyArn,
      tags: team ? { [TAG.TEAM]: team } : undefined,
    });
    const arn = this.topicArn(team);
    new SnsTopicPolicy(this, `${id}Policy`, {
      arn: topic.arn,
      policy: policyDocument([
        {
          // The workspace's alert manager, and no other workspace.
          Sid: 'AllowAlertManager',
          Effect: 'Allow',
          Principal: { Service: 'aps.amazonaws.com' },
          Action: ['sns:Publish', 'sns:GetTopicAttributes'],
          Resource: arn,
          Condition: { ArnEquals: { 'aws:SourceArn': this.props.workspaceArn }, StringEquals: { 'aws:SourceAccount': this.props.account } },
        },
        {
          // CloudWatch alarms of this account (databases' alarms in app stacks).
          Sid: 'AllowCloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['sns:Publish'],
          Resource: arn,
          Condition: { StringEquals: { 'aws:SourceAccount': this.props.account } },
        },
      ]),
    });
    requireAlertSubscriptions(this, KIND, 'subscriptions', subscriptions, Object.values(AlertProtocol));
    subscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `${id}Subscription${i}`, { topicArn: topic.arn, protocol: s.protocol, endpoint: s.endpoint });
    });
    return topic;
  }
}

