/**
 * The platform contract: every name that crosses between the platform's outputs (its Terraform,
 * its baseline YAML, its add-ons) and the workloads' outputs, or between two constructs. Both
 * sides import the constant from here, so a name is spelled once: the `ClusterSecretStore` the
 * platform creates is the store every ExternalSecret names, the PriorityClasses the baseline
 * defines are the ones pods ask for, the labels one construct writes are the labels another
 * selects by.
 *
 * Rule (docs/ARCHITECTURE.md): a new crossing name (namespace, service account, label or
 * annotation key, SSM path, topic name, IP address, port, user ID) gets a constant here. Names
 * derived from the environment (cluster, role, secret, repository names) are methods of
 * `PlatformContext` instead.
 *
 * Internal: not exported from the package root.
 */

import { TaintEffect } from '../cluster/taint-effect';

// ---------------------------------------------------------------------------------------------
// Labels and annotations (Kubernetes) and tags (AWS)
// ---------------------------------------------------------------------------------------------

/** Kubernetes recommended label naming the tool that manages an object. @internal */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Value of `MANAGED_BY_LABEL` (and of the `managed-by` tag) on everything this library makes. @internal */
export const MANAGED_BY = 'cdk-paved-road';
/** The `{ app.kubernetes.io/managed-by: cdk-paved-road }` label, as an object to spread. @internal */
export const MANAGED_BY_LABELS: { readonly [key: string]: string } = Object.freeze({ [MANAGED_BY_LABEL]: MANAGED_BY });

/** Recommended label: the application's name. @internal */
export const NAME_LABEL = 'app.kubernetes.io/name';
/** Recommended label: the instance (equal to the object name here). @internal */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** Recommended label: the version (the image tag). @internal */
export const VERSION_LABEL = 'app.kubernetes.io/version';
/** Recommended label: the larger application a service is part of. @internal */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** Label of the owning team, on namespaces and workloads. @internal */
export const TEAM_LABEL = 'paved-road.dev/team';
/**
 * Label of the environment a namespace or workload belongs to. The platform's `ClusterSecretStore`
 * serves only namespaces whose label equals its environment's name. @internal
 */
export const ENVIRONMENT_LABEL = 'paved-road.dev/environment';
/** Label of a preview's pull request number. @internal */
export const PULL_REQUEST_LABEL = 'paved-road.dev/pull-request';
/** Label of a preview's commit. @internal */
export const COMMIT_LABEL = 'paved-road.dev/commit';
/** Label (sanitized) and annotation (verbatim) of a preview's branch. @internal */
export const BRANCH_KEY = 'paved-road.dev/branch';
/** Label every preview namespace carries with the value `"true"`; the janitor selects by it. @internal */
export const PREVIEW_LABEL = 'paved-road.dev/preview';
/**
 * Label with a preview's expiry in seconds since the epoch (label values cannot hold an ISO time),
 * read by the janitor; as an annotation it holds the ISO time. @internal
 */
export const PREVIEW_EXPIRY_LABEL = 'paved-road.dev/expires-at';

/** Namespace name label Kubernetes sets on every namespace (NetworkPolicy selectors use it). @internal */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Node label naming the platform node pool a node belongs to. @internal */
export const POOL_LABEL = 'paved-road.dev/pool';
/** Name of every spot pool, and the `POOL_LABEL` value of its nodes. @internal */
export const SPOT_POOL = 'spot';
/**
 * The taint of spot nodes, as the EKS API spells it; a workload with `spot: true` tolerates it.
 * @internal
 */
export const SPOT_TAINT = { key: 'paved-road.dev/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE };

/** AWS tag keys every construct uses for cost allocation and ownership. @internal */
export const TAG = {
  PLATFORM: 'paved-road:platform',
  ENVIRONMENT: 'paved-road:environment',
  ENVIRONMENT_CLASS: 'paved-road:environment-class',
  MANAGED_BY: 'managed-by',
  TEAM: 'paved-road:team',
  SERVICE: 'paved-road:service',
  DATABASE: 'paved-road:database',
  PULL_REQUEST: 'paved-road:pull-request',
  EXPIRES_AT: 'paved-road:expires-at',
} as const;

// ---------------------------------------------------------------------------------------------
// Pod Security
// ---------------------------------------------------------------------------------------------

/** Pod Security Admission label keys. @see https://kubernetes.io/docs/concepts/security/pod-security-admission/ @internal */
export const POD_SECURITY = {
  ENFORCE: 'pod-security.kubernetes.io/enforce',
  ENFORCE_VERSION: 'pod-security.kubernetes.io/enforce-version',
  AUDIT: 'pod-security.kubernetes.io/audit',
  WARN: 'pod-security.kubernetes.io/warn',
} as const;
/** The Pod Security level every namespace of the platform enforces. @internal */
export const POD_SECURITY_LEVEL = 'restricted';

/**
 * The Pod Security labels of every namespace the library writes (team, preview, add-on, Argo CD,
 * janitor): `restricted` enforced against the latest policy version, and audited and warned at the
 * same level, so `kubectl apply` and the audit log name a violation even where a controller creates
 * the pods. One set: a namespace's admission rules do not depend on who made it.
 * @internal
 */
export function podSecurityLabels(): { [key: string]: string } {
  return {
    [POD_SECURITY.ENFORCE]: POD_SECURITY_LEVEL,
    [POD_SECURITY.ENFORCE_VERSION]: 'latest',
    [POD_SECURITY.AUDIT]: POD_SECURITY_LEVEL,
    [POD_SECURITY.WARN]: POD_SECURITY_LEVEL,
  };
}

/** UID and GID a workload's container runs as when none is given (any non-zero, non-system ID). @internal */
export const DEFAULT_RUN_AS_USER = 10001;

// ---------------------------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------------------------

/** The PriorityClasses the platform baseline defines, and pods name. @internal */
export const PRIORITY_CLASS = {
  /** Platform components: evicted last. */
  PLATFORM_CRITICAL: 'platform-critical',
  /** Customer-facing workloads that must stay up under pressure. */
  WORKLOAD_HIGH: 'workload-high',
  /** Ordinary workloads (the cluster's global default). */
  WORKLOAD_DEFAULT: 'workload-default',
  /** Preview environments: evicted first, never preempt. */
  PREVIEW_LOW: 'preview-low',
} as const;

// ---------------------------------------------------------------------------------------------
// Secrets (External Secrets Operator)
// ---------------------------------------------------------------------------------------------

/** Name of the platform's External Secrets `ClusterSecretStore` for AWS Secrets Manager. @internal */
export const SECRET_STORE_NAME = 'aws-secrets-manager';
/** Namespace of the External Secrets Operator. @internal */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
/** Service account of the External Secrets Operator's controller (bound to its IAM role by Pod Identity). @internal */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';
/** The External Secrets Operator's Helm chart, and its release: the release name prefixes the operator's objects. @internal */
export const EXTERNAL_SECRETS_CHART = 'external-secrets';

// ---------------------------------------------------------------------------------------------
// Node-local agents and cluster services
// ---------------------------------------------------------------------------------------------

/**
 * Address and port of the EKS Pod Identity agent on every node (a link-local IPv4 address):
 * pods that use IAM need NetworkPolicy egress to it.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
 * @internal
 */
export const POD_IDENTITY_AGENT = { ip: '169.254.170.23', port: 80 } as const;

/** NetworkPolicy egress rule to the EKS Pod Identity agent. @internal */
export function podIdentityAgentEgressRule(): any {
  return { to: [{ ipBlock: { cidr: `${POD_IDENTITY_AGENT.ip}/32` } }], ports: [{ protocol: 'TCP', port: POD_IDENTITY_AGENT.port }] };
}

/** Namespace of the CloudWatch Observability add-on (its agent runs on the host network, so NetworkPolicies cannot select it by namespace). @internal */
export const CLOUDWATCH_NAMESPACE = 'amazon-cloudwatch';
/** Service account of the CloudWatch agent (bound to its IAM role by Pod Identity). @internal */
export const CLOUDWATCH_SERVICE_ACCOUNT = 'cloudwatch-agent';
/** Service account of the EBS CSI controller (bound to its IAM role by Pod Identity). @internal */
export const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';
/**
 * Pod-template annotation with the SHA-256 of a workload's ConfigMap data: a changed `env` value
 * changes the pod template, so the Deployment rolls its pods. @internal
 */
export const CONFIG_CHECKSUM_ANNOTATION = 'paved-road.dev/config-checksum';
/**
 * Pod-template annotation with the SHA-256 of the files a `ScoreWorkload` mounts from its files
 * ConfigMap (files mounted by subPath are never updated in a running pod: a change must roll it). @internal
 */
export const FILES_CHECKSUM_ANNOTATION = 'paved-road.dev/files-checksum';
/** Directory under which a workload's connection Secrets are mounted as files, one folder per Secret. @internal */
export const SECRET_FILES_DIR = '/var/run/secrets/paved-road';

/**
 * Tag prefix of pull-request preview images (`pr-<n>-<sha>`): CI pushes them with it, previews
 * deploy them, and the repository's lifecycle policy expires them by it, apart from release images. @internal
 */
export const PREVIEW_IMAGE_TAG_PREFIX = 'pr-';
/** Longest life of a preview, in hours (30 days): a preview image older than that serves no preview. @internal */
export const PREVIEW_TTL_MAX_HOURS = 720;

/** IngressClass of the AWS Load Balancer Controller (and of EKS Auto Mode's). @internal */
export const INGRESS_CLASS = 'alb';

// ---------------------------------------------------------------------------------------------
// Teams and previews
// ---------------------------------------------------------------------------------------------

/** Kubernetes group a team's members are mapped to by EKS access entries, bound in its namespace. @internal */
export function teamGroup(team: string): string {
  return `team:${team}`;
}

/** Namespace the preview janitor runs in by default. @internal */
export const PREVIEW_SYSTEM_NAMESPACE = 'preview-system';

/** The start of every preview namespace of a team, `preview-<team>-pr-` (PreviewEnvironment adds the number). @internal */
export function previewNamespacePrefix(team: string): string {
  return `preview-${team}-pr-`;
}

/**
 * Kubernetes group the roles that deploy a team's previews are mapped to by EKS access entries; the
 * cluster lets it change only that team's preview namespaces. @internal
 */
export function previewDeployerGroup(team: string): string {
  return `previews:${team}`;
}

/** The ClusterRole every team's preview deployers are bound to (the rest of what a preview holds). @internal */
export const PREVIEW_DEPLOYER_CLUSTER_ROLE = 'paved-road:preview-deployer';

// ---------------------------------------------------------------------------------------------
// Delivery (GitHub Actions identity, GitOps)
// ---------------------------------------------------------------------------------------------

/**
 * Host of GitHub Actions' OIDC issuer: the IAM OIDC provider's URL and the prefix of the
 * condition keys deploy roles trust (`<host>:aud`, `<host>:sub`). @internal
 */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/**
 * Audience of the tokens GitHub Actions presents to AWS: the default of
 * `aws-actions/configure-aws-credentials`, and the IAM OIDC provider's client ID. @internal
 */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The folder of a GitOps repository that holds one team's YAML for one environment:
 * `<environment>/<team>` (the platform's own YAML is the team `platform`). CI writes there, and
 * the environment's ApplicationSet makes one Argo CD Application per folder. @internal
 */
export function gitopsFolder(environment: string, team: string): string {
  return `${environment}/${team}`;
}

/** The GitOps folder (in place of a team's) that holds the platform's own YAML. @internal */
export const PLATFORM_TEAM_FOLDER = 'platform';

// ---------------------------------------------------------------------------------------------
// Add-ons (delivered by Argo CD; see docs/ARCHITECTURE.md, "Add-ons")
// ---------------------------------------------------------------------------------------------

/** Namespace Argo CD runs in, and holds its Applications and AppProjects. @internal */
export const ARGOCD_NAMESPACE = 'argocd';
/** Argo CD AppProject of the platform's add-ons. @internal */
export const PLATFORM_PROJECT = 'platform';

/**
 * Argo CD sync option on a custom resource whose CRD an add-on of the same sync installs: Argo CD
 * skips its dry run while the CRD is missing and applies it once the CRD exists. @internal
 */
export const SKIP_DRY_RUN_ON_MISSING_CRD: { readonly [key: string]: string } = Object.freeze({
  'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
});
/**
 * Argo CD's name for the cluster it runs in. Destinations name it rather than give the server
 * `https://kubernetes.default.svc`, which the EKS Argo CD capability does not support (it
 * registers the local cluster by ARN, under this name). @internal
 */
export const IN_CLUSTER_NAME = 'in-cluster';
/** The AppProject of the platform's own folder (`<environment>/platform`): the platform team's. @internal */
export const PLATFORM_ROOT_PROJECT = 'platform-root';
/** Label Argo CD reads on a Secret that registers a cluster. @internal */
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

// ---------------------------------------------------------------------------------------------
// Platform-to-app parameters (SSM)
// ---------------------------------------------------------------------------------------------

/**
 * Keys of the SSM parameters a `PlatformCluster` publishes (through `PlatformParameters`) and
 * `PlatformCluster.fromLookup()` reads, each under `PlatformContext.parameterName()`:
 * `/<platform>/<environment>/<key>`. Lists are `StringList` parameters (comma-separated).
 * @internal
 */
export const PLATFORM_PARAMETER = {
  CLUSTER_NAME: 'cluster/name',
  CLUSTER_ENDPOINT: 'cluster/endpoint',
  OIDC_ISSUER: 'cluster/oidc-issuer',
  CLUSTER_SECURITY_GROUP_ID: 'cluster/security-group-id',
  NODE_ROLE_ARN: 'cluster/node-role-arn',
  VPC_ID: 'network/vpc-id',
  VPC_CIDR: 'network/vpc-cidr',
  PRIVATE_SUBNET_IDS: 'network/private-subnet-ids',
  PUBLIC_SUBNET_CIDRS: 'network/public-subnet-cidrs',
  PRIVATE_SUBNET_CIDRS: 'network/private-subnet-cidrs',
  DATABASE_SUBNET_IDS: 'network/database-subnet-ids',
  DATABASE_SUBNET_CIDRS: 'network/database-subnet-cidrs',
} as const;

// ---------------------------------------------------------------------------------------------
// Observability (alerts, metrics labels, dashboards)
// ---------------------------------------------------------------------------------------------

/** Alert label naming the owning team; the platform's alert manager routes on it. @internal */
export const ALERT_LABEL_TEAM = 'team';
/** Alert label naming the service. @internal */
export const ALERT_LABEL_SERVICE = 'service';
/** Alert label naming the environment. @internal */
export const ALERT_LABEL_ENVIRONMENT = 'environment';
/** Alert label saying who acts: `page` (someone now) or `ticket` (someone this week). @internal */
export const ALERT_LABEL_SEVERITY = 'severity';
/** Severity of alerts that page. @internal */
export const SEVERITY_PAGE = 'page';
/** Severity of alerts that open a ticket. @internal */
export const SEVERITY_TICKET = 'ticket';

/**
 * Label the managed scraper gives every sample of a pod: the pod's `app.kubernetes.io/name`
 * (the service name); the rules select a service's metrics by it and by `namespace`.
 * @internal
 */
export const METRIC_LABEL_SERVICE = 'service';

/** Recording rule of the error ratio of an SLI over a window, suffixed by the window (Sloth's name); rules write it, dashboards read it. @internal */
export const SLI_ERROR_RATIO = 'slo:sli_error:ratio_rate';
/** Recording rule of the error budget left over the objective's window (1 = untouched, < 0 = spent). @internal */
export const BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';

/**
 * Grafana's data source type for Amazon Managed Service for Prometheus: the provisioned data source
 * is of it and the dashboards select data sources of it. Grafana 13 moves SigV4 data sources of the
 * core \`prometheus\` type to it at start-up, and Amazon Managed Grafana 12 on did so already.
 * https://grafana.com/docs/grafana/latest/datasources/prometheus/configure/aws-authentication/
 * @internal
 */
export const AMP_DATASOURCE_TYPE = 'grafana-amazonprometheus-datasource';

/** Label of ConfigMaps that hold a Grafana dashboard (the Grafana Helm chart's sidecar default). @internal */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';

/**
 * Name of the SNS topic alerts of a team go to, in the environment of the cluster:
 * `<platform>-<environment>-alerts-<team>`; the platform's own topic has no team suffix.
 * @internal
 */
export function alertTopicName(prefix: string, team?: string): string {
  return team ? `${prefix}-alerts-${team}` : `${prefix}-alerts`;
}

/** ARN of an alert topic, known at synth time. @internal */
export function alertTopicArn(partition: string, region: string, account: string, topicName: string): string {
  return `arn:${partition}:sns:${region}:${account}:${topicName}`;
}

/**
 * SSM parameter holding the ID of the cluster's Amazon Managed Service for Prometheus workspace
 * (AWS generates the ID, so it cannot be derived): the platform writes it, app stacks read it.
 * @internal
 */
export function prometheusWorkspaceParameter(platformName: string, clusterEnvironment: string): string {
  return `/${platformName}/${clusterEnvironment}/observability/prometheus-workspace-id`;
}

/**
 * Namespaces the EKS community add-ons kube-state-metrics and prometheus-node-exporter install into
 * (EKS user guide, "Community add-ons"); the managed scraper's jobs select their endpoints by them.
 * @internal
 */
export const KUBE_STATE_METRICS_NAMESPACE = 'kube-state-metrics';
/** @internal */
export const NODE_EXPORTER_NAMESPACE = 'prometheus-node-exporter';

// ---------------------------------------------------------------------------------------------
// Add-on namespaces and service accounts (phase 2)
// ---------------------------------------------------------------------------------------------

/** Namespace of the AWS Load Balancer Controller (managed node groups). @internal */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'aws-load-balancer-controller';
/** Service account of the AWS Load Balancer Controller (its Pod Identity association names it). @internal */
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** Namespace of ExternalDNS (fixed by the EKS community add-on). @internal */
export const EXTERNAL_DNS_NAMESPACE = 'external-dns';
/** Service account of ExternalDNS (fixed by the EKS community add-on). @internal */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = 'external-dns';

/** Namespace of the in-cluster Grafana (`InClusterGrafana`). @internal */
export const GRAFANA_NAMESPACE = 'grafana';
/** Service account of the in-cluster Grafana (its Pod Identity association names it). @internal */
export const GRAFANA_SERVICE_ACCOUNT = 'grafana';
/**
 * Key of the Secrets Manager secret, under the environment's own names
 * (`<platform>/<environment>/observability/<key>`), that holds the Prometheus workspace's query
 * endpoint as `{"queryUrl": ...}`: AWS generates the workspace ID, so the in-cluster Grafana reads
 * the URL through an ExternalSecret instead of the YAML naming it.
 * @internal
 */
export const PROMETHEUS_QUERY_SECRET_KEY = 'prometheus-query';

/** Namespace of Karpenter (managed node groups). @internal */
export const KARPENTER_NAMESPACE = 'karpenter';
/** Service account of the Karpenter controller (its Pod Identity association names it). @internal */
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';
/** Karpenter's EC2NodeClass for the platform's NodePools. @internal */
export const KARPENTER_NODE_CLASS = 'default';

/** The VPC's Name tag (`<platform>-<environment>-vpc`), by which controllers that cannot reach IMDS find it. @internal */
export function vpcNameTag(prefix: string): string {
  return `${prefix}-vpc`;
}

// ---------------------------------------------------------------------------------------------
// Reserved namespaces
// ---------------------------------------------------------------------------------------------

/**
 * Namespaces no team, service or workload may take: Kubernetes' own (`kube-system`, `kube-public`,
 * `kube-node-lease`, `default`) and the platform's add-on namespaces. A workload there would run
 * outside its team's quota, LimitRange and default-deny policy, next to the platform's controllers.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 * @internal
 */
export const RESERVED_NAMESPACES: ReadonlyArray<string> = Object.freeze([
  'kube-system', 'kube-public', 'kube-node-lease', 'default',
  EXTERNAL_SECRETS_NAMESPACE, CLOUDWATCH_NAMESPACE, PREVIEW_SYSTEM_NAMESPACE, ARGOCD_NAMESPACE, KUBE_STATE_METRICS_NAMESPACE,
  NODE_EXPORTER_NAMESPACE, LOAD_BALANCER_CONTROLLER_NAMESPACE, EXTERNAL_DNS_NAMESPACE, GRAFANA_NAMESPACE, KARPENTER_NAMESPACE,
]);
