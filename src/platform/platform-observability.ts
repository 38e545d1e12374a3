import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { GrafanaRoleAssociation } from '@cdktf/provider-aws/lib/grafana-role-association';
import { GrafanaWorkspace } from '@cdktf/provider-aws/lib/grafana-workspace';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PrometheusScraper } from '@cdktf/provider-aws/lib/prometheus-scraper';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from '../core/platform-stack';
import { AlertProtocol, AlertRouting, AlertSubscription } from '../observability/alert-routing';
import { ContainerInsightsLogGroups } from '../observability/container-insights-log-groups';
import { PrometheusWorkspace } from '../observability/prometheus-workspace';
import { addonIdentity } from '../private/addon-identity';
import {
  GRAFANA_NAMESPACE, GRAFANA_SERVICE_ACCOUNT, KUBE_STATE_METRICS_NAMESPACE, METRIC_LABEL_SERVICE, NAME_LABEL, NODE_EXPORTER_NAMESPACE,
  PROMETHEUS_QUERY_SECRET_KEY, prometheusWorkspaceParameter,
} from '../private/contract';
import { stringifyYaml } from '../private/engine/yaml';
import { propError } from '../private/errors';
import { policyDocument, Statement } from '../private/iam';
import { requireAlertSubscriptions, requireRetentionDays } from '../private/observability-checks';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { PLATFORM_OBSERVABILITY_OPTIONS } from '../private/shared-prop-types';
import { EKS_COMMUNITY_ADDONS } from '../private/versions';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'PlatformObservability';
/** The managed collector's shortest scrape interval (AMP user guide, "Scraper configuration"). */
const SCRAPE_INTERVAL = '30s';
/** Where the managed collector finds the service account token it authenticates with (the only file it accepts). */
const TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * An Amazon Managed Grafana workspace over the Prometheus workspace, with IAM Identity Center login.
 */
export interface ManagedGrafanaOptions {
  /**
   * IAM Identity Center group IDs whose members are Grafana admins.
   * @default - none
   */
  readonly adminGroupIds?: string[];
  /**
   * IAM Identity Center group IDs whose members may view dashboards.
   * @default - none
   */
  readonly viewerGroupIds?: string[];
}

/**
 * Options for the observability of a `PlatformCluster` (its `observability` prop).
 */
export interface PlatformObservabilityOptions {
  /**
   * Install the observability backend at all. Turn it off only when metrics and alerts are run
   * elsewhere: `ServiceApp`s then need `monitoring: false`, since their rules have no workspace.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Subscribers of the platform's own alert topic (`<platform>-<environment>-alerts`), which gets
   * alerts of no registered team. Teams' subscribers come with `addTeam()` (`alertSubscriptions`).
   * @default - none
   */
  readonly subscriptions?: AlertSubscription[];
  /**
   * Run the Amazon Managed Service for Prometheus managed collector (agentless, outside the
   * cluster) that scrapes the cluster into the workspace.
   * @default true
   */
  readonly scraper?: boolean;
  /**
   * Install kube-state-metrics and prometheus-node-exporter as EKS community add-ons: the
   * object-state and node metrics the services' baseline alerts and dashboards read.
   * @default true
   */
  readonly clusterMetrics?: boolean;
  /**
   * Days the Container Insights log groups keep logs.
   * @default - the cluster's log retention (by environment class: 365 production, 90 staging, 30 development, 7 preview)
   */
  readonly logRetentionDays?: number;
  /**
   * An Amazon Managed Grafana workspace (IAM Identity Center login, the Prometheus workspace as its
   * data source through a role that may only query it). IAM Identity Center must be enabled in the account.
   * @default - none
   */
  readonly grafana?: ManagedGrafanaOptions;
  /**
   * Run Grafana in the cluster (`InClusterGrafana`, in the platform YAML), which loads the
   * dashboard every `ServiceApp` writes and queries the Prometheus workspace. Here: the IAM role it
   * queries the workspace with (bound through EKS Pod Identity) and the Secrets Manager secret
   * holding the workspace's query URL. Turn it off when dashboards live elsewhere (with `grafana`,
   * import the services' dashboard JSON from their ConfigMaps).
   * @default true
   */
  readonly inClusterGrafana?: boolean;
}

/**
 * Properties for `PlatformObservability`.
 */
export interface PlatformObservabilityProps extends PlatformObservabilityOptions {
  /** Name of the EKS cluster (a Terraform token, so the resources follow the cluster). */
  readonly clusterName: string;
  /** ARN of the EKS cluster (the collector's source). */
  readonly clusterArn: string;
  /** Private subnets, in at least two zones, the collector's network interfaces go in. */
  readonly subnetIds: string[];
  /** The cluster security group: the collector's interfaces reach nodes and pods through it. */
  readonly clusterSecurityGroupId: string;
  /** Days the Container Insights log groups keep logs, when `logRetentionDays` is not given. */
  readonly defaultLogRetentionDays: number;
  /**
   * What add-ons with pods wait for (the system node group).
   * @default - nothing
   */
  readonly nodesReady?: ITerraformDependable[];
}

/** Runtime types of `PlatformObservabilityProps` (src/private/prop-types.ts). */
const PLATFORM_OBSERVABILITY_PROPS = propTypes('PlatformObservabilityProps', {
  ...PLATFORM_OBSERVABILITY_OPTIONS.props,
  clusterName: required(T.string),
  clusterArn: required(T.string),
  subnetIds: required(T.strings),
  clusterSecurityGroupId: required(T.string),
  defaultLogRetentionDays: required(T.number),
  nodesReady: T.list('a list of ITerraformDependable', 'a list of Terraform resources, e.g. [nodeGroup]'),
});

/**
 * The platform half of observability, for one cluster: an Amazon Managed Service for Prometheus
 * workspace encrypted with the environment's observability key (its ID in SSM, where every
 * `ServiceApp` finds it for its rule group namespace); the managed collector scraping the
 * cluster into it; kube-state-metrics and node-exporter; the alert manager with an SNS topic per
 * team; and the Container Insights log groups with the class's retention and the same key.
 *
 * The workspace uses a customer-managed key, so the collector writes to it through a role pair
 * (`role_configuration`): the AMP user guide, "Creating scraper for workspaces enabled with
 * customer managed keys", asks for a source and a target role in the same account. Its EKS access
 * entry is created by AMP itself, since the cluster authenticates with access entries (`API`).
 *
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html
 */
export class PlatformObservability extends Construct {
  /** The key of the workspace, the alert topics and the log groups. */
  public readonly encryptionKey: EncryptionKey;
  /** The Prometheus workspace. */
  public readonly workspace: PrometheusWorkspace;
  /** Alert routing: the alert manager definition and the topics. */
  public readonly alertRouting: AlertRouting;
  /** The Container Insights log groups. */
  public readonly logGroups: ContainerInsightsLogGroups;
  /** The managed collector, unless `scraper` is false. */
  public readonly scraper?: PrometheusScraper;
  /** The scrape configuration the collector runs (Prometheus YAML), unless `scraper` is false. */
  public readonly scrapeConfiguration?: string;
  /** The Managed Grafana workspace, with `grafana`. */
  public readonly grafana?: GrafanaWorkspace;
  /**
   * Name of the Secrets Manager secret with the workspace's query URL (`{"queryUrl": ...}`), which
   * the in-cluster Grafana reads; unless `inClusterGrafana` is false.
   */
  public readonly prometheusQuerySecretName?: string;

  public constructor(scope: Construct, id: string, props: PlatformObservabilityProps) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_OBSERVABILITY_PROPS);
    const ctx = PlatformStack.containing(this).context;
    if (props.subnetIds.length < 2) {
      throw propError(this, KIND, 'subnetIds', props.subnetIds.length, 'gives the managed collector fewer than two subnets',
        'give private subnets in at least two availability zones');
    }
    const retentionDays = requireRetentionDays(this, KIND, 'logRetentionDays', props.logRetentionDays ?? props.defaultLogRetentionDays);
    requireAlertSubscriptions(this, KIND, 'subscriptions', props.subscriptions ?? [], Object.values(AlertProtocol));
    this.encryptionKey = new EncryptionKey(this, 'Key', {
      alias: `${ctx.prefix}/observability`,
      purpose: 'Prometheus workspace, alert topics and Container Insights logs',
      account: ctx.account,
      partition: ctx.partition,
    });
    this.workspace = new PrometheusWorkspace(this, 'Workspace', {
      alias: ctx.prefix,
      account: ctx.account,
      partition: ctx.partition,
      encryptionKey: this.encryptionKey,
      idParameterName: prometheusWorkspaceParameter(ctx.platformName, ctx.environmentName),
    });
    this.alertRouting = new AlertRouting(this, 'Alerts', {
      workspaceId: this.workspace.workspaceId,
      workspaceArn: this.workspace.workspaceArn,
      topicPrefix: ctx.prefix,
      account: ctx.account,
      region: ctx.region,
      partition: ctx.partition,
      encryptionKey: this.encryptionKey,
      subscriptions: props.subscriptions,
    });
    this.logGroups = new ContainerInsightsLogGroups(this, 'ContainerInsights', {
      clusterName: ctx.clusterName,
      logRetentionDays: retentionDays,
      encryptionKey: this.encryptionKey,
      account: ctx.account,
      region: ctx.region,
      partition: ctx.partition,
    });

    if (props.clusterMetrics ?? true) {
      for (const [addonName, addonVersion] of [
        [KUBE_STATE_METRICS_NAMESPACE, EKS_COMMUNITY_ADDONS.kubeStateMetrics],
        [NODE_EXPORTER_NAMESPACE, EKS_COMMUNITY_ADDONS.nodeExporter],
      ] as Array<[string, string | undefined]>) {
        new EksAddon(this, `Addon-${addonName}`, {
          clusterName: props.clusterName,
          addonName,
          addonVersion,
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          dependsOn: props.nodesReady && props.nodesReady.length > 0 ? props.nodesReady : undefined,
        });
      }
    }

    if (props.scraper ?? true) {
      this.scrapeConfiguration = scrapeConfiguration(ctx.clusterName);
      const scraperArns = `arn:${ctx.partition}:aps:${ctx.region}:${ctx.account}:scraper/*`;
      // The roles are made before the scraper, so they name this account's scrapers, not the one scraper.
      const source = new IamRole(this, 'ScraperSourceRole', {
        name: `${ctx.prefix}-amp-scraper-source`,
        assumeRolePolicy: policyDocument([{
          Effect: 'Allow',
          Principal: { Service: 'scraper.aps.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: { ArnLike: { 'aws:SourceArn': scraperArns }, StringEquals: { 'aws:SourceAccount': ctx.account } },
        }]),
      });
      const target = new IamRole(this, 'ScraperTargetRole', {
        name: `${ctx.prefix}-amp-scraper-target`,
        assumeRolePolicy: policyDocument([{
          Effect: 'Allow',
          Principal: { AWS: source.arn },
          Action: ['sts:AssumeRole'],
          Condition: { StringLike: { 'sts:ExternalId': scraperArns } },
        }]),
      });
      new IamRolePolicy(this, 'ScraperSourcePolicy', {
        role: source.name,
        policy: policyDocument([{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: target.arn }]),
      });
      // AmazonPrometheusRemoteWriteAccess's one action, on this workspace only.
      new IamRolePolicy(this, 'ScraperTargetPolicy', {
        role: target.name,
        policy: policyDocument([{ Effect: 'Allow', Action: ['aps:RemoteWrite'], Resource: this.workspace.workspaceArn }]),
      });
      this.scraper = new PrometheusScraper(this, 'Scraper', {
        alias: ctx.clusterName,
        scrapeConfiguration: this.scrapeConfiguration,
        source: [{ eks: [{ clusterArn: props.clusterArn, subnetIds: props.subnetIds, securityGroupIds: [props.clusterSecurityGroupId] }] }],
        destination: [{ amp: [{ workspaceArn: this.workspace.workspaceArn }] }],
        roleConfiguration: [{ sourceRoleArn: source.arn, targetRoleArn: target.arn }],
      });
    }

    if (props.grafana) {
      this.grafana = this.addGrafana(ctx.prefix, ctx.account, ctx.region, props.grafana);
    }
    if (props.inClusterGrafana ?? true) {
      this.prometheusQuerySecretName = this.addInClusterGrafanaAccess(props.clusterName);
    }
  }

  /**
   * Adds a team's alert topic and route: alerts labelled `team=<team>` reach its subscribers.
   */
  public addTeam(team: string, subscriptions: AlertSubscription[] = []): void {
    requireAlertSubscriptions(this, KIND, 'alertSubscriptions', subscriptions, Object.values(AlertProtocol));
    this.alertRouting.addTeam(team, subscriptions);
  }

  /** AWS's AmazonPrometheusQueryAccess actions, on this workspace only. */
  private queryStatement(): Statement {
    return {
      Effect: 'Allow',
      Action: ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'],
      Resource: this.workspace.workspaceArn,
    };
  }

  /**
   * What the in-cluster Grafana needs from AWS: an IAM role that may query this workspace, bound to
   * its service account through EKS Pod Identity, and a Secrets Manager secret (the observability
   * key, under the environment's own names, which the External Secrets Operator may read) holding
   * the workspace's query URL, known only after apply. Returns the secret's name.
   */
  private addInClusterGrafanaAccess(clusterName: string): string {
    const ctx = PlatformStack.containing(this).context;
    addonIdentity(this, 'InClusterGrafana', {
      clusterName,
      roleName: `${ctx.prefix}-grafana-in-cluster`,
      policyName: 'query-prometheus-workspace',
      namespace: GRAFANA_NAMESPACE,
      serviceAccount: GRAFANA_SERVICE_ACCOUNT,
      policy: policyDocument([this.queryStatement()]),
    });
    const name = ctx.ownSecretName('observability', PROMETHEUS_QUERY_SECRET_KEY);
    const secret = new SecretsmanagerSecret(this, 'PrometheusQuerySecret', {
      name,
      description: `Query URL of the Prometheus workspace ${ctx.prefix}, for the in-cluster Grafana's data source`,
      kmsKeyId: this.encryptionKey.keyArn,
      recoveryWindowInDays: ctx.defaults.secretRecoveryWindowDays,
    });
    new SecretsmanagerSecretVersion(this, 'PrometheusQuerySecretValue', {
      secretId: secret.id,
      secretString: JSON.stringify({ queryUrl: this.workspace.endpoint }),
    });
    return name;
  }

  /**
   * The Managed Grafana workspace and its role: the query actions of AWS's AmazonPrometheusQueryAccess
   * on this workspace only, plus the workspace listing Grafana's AWS data source configuration uses.
   *
   * @see https://docs.aws.amazon.com/grafana/latest/userguide/AMG-manage-permissions.html
   */
  private addGrafana(prefix: string, account: string, region: string, options: ManagedGrafanaOptions): GrafanaWorkspace {
    const role = new IamRole(this, 'GrafanaRole', {
      name: `${prefix}-grafana`,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'grafana.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      }]),
    });
    new IamRolePolicy(this, 'GrafanaPolicy', {
      role: role.name,
      policy: policyDocument([
        this.queryStatement(),
        // ListWorkspaces has no resource-level permission.
        { Effect: 'Allow', Action: ['aps:ListWorkspaces'], Resource: '*' },
      ]),
    });
    const workspace = new GrafanaWorkspace(this, 'Grafana', {
      name: prefix,
      description: `Dashboards of ${prefix} (Prometheus workspace ${prefix}, ${region})`,
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: ['AWS_SSO'],
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: role.arn,
      dataSources: ['PROMETHEUS'],
    });
    for (const [role_, groupIds] of [['ADMIN', options.adminGroupIds], ['VIEWER', options.viewerGroupIds]] as Array<[string, string[] | undefined]>) {
      if (groupIds && groupIds.length > 0) {
        new GrafanaRoleAssociation(this, `Grafana${role_}`, { workspaceId: workspace.id, role: role_, groupIds });
      }
    }
    return workspace;
  }
}

/**
 * The collector's jobs: the API server, the kubelets' cAdvisor (container CPU and memory) through
 * the API server proxy, kube-state-metrics and node-exporter by their add-ons' namespaces, and every
 * pod with `prometheus.io/scrape: "true"` (what `Workload` writes), each sample labelled with its
 * `namespace`, `pod` and `service` (the pod's `app.kubernetes.io/name`), which the rules select by.
 * Only `kubernetes_sd_configs` and the one token file are allowed in a managed collector's configuration.
 */
function scrapeConfiguration(clusterName: string): string {
  // A new object per job: a shared one would be written as a YAML anchor and alias.
  const bearer = () => ({ scheme: 'https', authorization: { type: 'Bearer', credentials_file: TOKEN_FILE } });
  const byNamespace = (namespace: string) => [
    { source_labels: ['__meta_kubernetes_namespace'], regex: namespace, action: 'keep' },
    { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
  ];
  const label = (name: string) => `__meta_kubernetes_pod_label_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return stringifyYaml([{
    global: { scrape_interval: SCRAPE_INTERVAL, external_labels: { cluster: clusterName } },
    scrape_configs: [
      {
        job_name: 'kubernetes-apiservers',
        ...bearer(),
        kubernetes_sd_configs: [{ role: 'endpoints' }],
        relabel_configs: [{
          source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'],
          regex: 'default;kubernetes;https',
          action: 'keep',
        }],
      },
      {
        job_name: 'kubelet-cadvisor',
        ...bearer(),
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: [
          { target_label: '__address__', replacement: 'kubernetes.default.svc:443' },
          { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: '/api/v1/nodes/$1/proxy/metrics/cadvisor' },
          { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
        ],
      },
      // Its series describe other objects: their namespace and pod labels win over the target's.
      { job_name: 'kube-state-metrics', honor_labels: true, kubernetes_sd_configs: [{ role: 'endpoints' }], relabel_configs: byNamespace(KUBE_STATE_METRICS_NAMESPACE) },
      { job_name: 'node-exporter', kubernetes_sd_configs: [{ role: 'endpoints' }], relabel_configs: byNamespace(NODE_EXPORTER_NAMESPACE) },
      {
        job_name: 'pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' },
          { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], regex: '(.+)', target_label: '__metrics_path__' },
          { source_labels: ['__meta_kubernetes_pod_ip', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '(.+);(\\d+)', replacement: '$1:$2', target_label: '__address__' },
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
          { source_labels: [label(NAME_LABEL)], target_label: METRIC_LABEL_SERVICE },
        ],
      },
    ],
  }]);
}
