import { CLUSTER, CPU, DURATION, propTypes, required, SIZE, T } from './prop-types';

// Runtime types (src/private/prop-types.ts) of the option structs several constructs' props share.

/** Runtime types of `AutoscalingOptions` (src/private/prop-types.ts). @internal */
export const AUTOSCALING_OPTIONS = propTypes('AutoscalingOptions', {
  minReplicas: T.number, maxReplicas: T.number, cpuUtilization: T.number, memoryUtilization: T.number,
});
/** Runtime types of `HealthCheckOptions`. @internal */
export const HEALTH_CHECK_OPTIONS = propTypes('HealthCheckOptions', {
  livenessPath: T.string, readinessPath: T.string, startupPath: T.string, startupTimeout: DURATION,
});
/** Runtime types of `ExposureOptions`. @internal */
export const EXPOSURE_OPTIONS = propTypes('ExposureOptions', {
  host: T.string, certificateArn: T.string, internetFacing: T.boolean, groupName: T.string,
});
/** Runtime types of `MetricsOptions`. @internal */
export const METRICS_OPTIONS = propTypes('MetricsOptions', {
  port: T.number, path: T.string, serviceMonitor: T.boolean, scraperNamespace: T.string, scraperCidrs: T.strings,
});
/** Runtime types of `WorkloadOptions`, shared by `WorkloadProps` and `ServiceAppProps`. @internal */
export const WORKLOAD_OPTIONS = propTypes('WorkloadOptions', {
  port: T.number,
  replicas: T.number,
  autoscaling: T.struct(AUTOSCALING_OPTIONS),
  cpu: CPU,
  cpuLimit: CPU,
  memory: SIZE,
  memoryLimit: SIZE,
  healthChecks: T.struct(HEALTH_CHECK_OPTIONS),
  env: T.list('a list of EnvironmentVariable', 'a list such as [{ name: "LOG_LEVEL", value: "info" }]'),
  secrets: T.list('a list of SecretEnvironmentVariable', 'a list such as [{ name: "API_KEY", property: "apiKey" }]'),
  exposure: T.struct(EXPOSURE_OPTIONS),
  metrics: T.struct(METRICS_OPTIONS),
  spot: T.boolean,
});

/** Runtime types of `AddonOptions`, spread into each add-on's props (Karpenter, ExternalSecretsOperator, ...). @internal */
export const ADDON_OPTIONS = propTypes('AddonOptions', {
  labels: T.stringMap,
  priorityClassName: T.string,
});

/** Runtime type of a node pool's `taints`. @internal */
export const NODE_TAINTS = T.list('a list of NodeTaint', 'a list such as [{ key: "k", value: "v", effect: TaintEffect.NO_SCHEDULE }]');

/** Runtime types of `NodePoolOptions` (src/private/prop-types.ts). @internal */
export const NODE_POOL_OPTIONS = propTypes('NodePoolOptions', {
  instanceTypes: T.strings,
  minSize: T.number,
  maxSize: T.number,
  desiredSize: T.number,
  diskSizeGib: T.number,
  labels: T.stringMap,
  taints: NODE_TAINTS,
  maxVcpus: T.number,
});

/** Runtime types of `ArgoCdIdentityCenterOptions` (GitOpsOptions' `identityCenter`). @internal */
export const ARGOCD_IDENTITY_CENTER_OPTIONS = propTypes('ArgoCdIdentityCenterOptions', {
  instanceArn: required(T.string),
  region: T.string,
  adminGroupIds: T.strings,
  editorGroupIds: T.strings,
  viewerGroupIds: T.strings,
});

/** Runtime types of `GitOpsOptions` (PlatformCluster's `gitops`). @internal */
export const GITOPS_OPTIONS = propTypes('GitOpsOptions', {
  repoUrl: required(T.string),
  revision: T.string,
  identityCenter: T.struct(ARGOCD_IDENTITY_CENTER_OPTIONS),
  autoSync: T.boolean,
  privateRepository: T.boolean,
});

/** Runtime types of `ManagedGrafanaOptions` (PlatformObservabilityOptions' `grafana`). @internal */
export const MANAGED_GRAFANA_OPTIONS = propTypes('ManagedGrafanaOptions', {
  adminGroupIds: T.strings,
  viewerGroupIds: T.strings,
});

/** Runtime types of `PlatformObservabilityOptions` (PlatformCluster's `observability`). @internal */
export const PLATFORM_OBSERVABILITY_OPTIONS = propTypes('PlatformObservabilityOptions', {
  enabled: T.boolean,
  subscriptions: T.list('a list of AlertSubscription', 'a list such as [{ protocol: AlertProtocol.EMAIL, endpoint: "oncall@example.com" }]'),
  scraper: T.boolean,
  clusterMetrics: T.boolean,
  logRetentionDays: T.number,
  grafana: T.struct(MANAGED_GRAFANA_OPTIONS),
  inClusterGrafana: T.boolean,
});

/** Runtime types of `SeedJobOptions` (PreviewEnvironment's `seed`). @internal */
export const SEED_JOB_OPTIONS = propTypes('SeedJobOptions', {
  image: required(T.string),
  command: required(T.strings),
});

/** Runtime types of `InClusterDatabaseOptions` (`PreviewDatabase.inCluster()`). @internal */
export const IN_CLUSTER_DATABASE_OPTIONS = propTypes('InClusterDatabaseOptions', {
  image: T.string,
  storageMib: T.number,
});

/** Runtime types of `SnapshotDatabaseOptions` (`PreviewDatabase.fromSnapshot()`). @internal */
export const SNAPSHOT_DATABASE_OPTIONS = propTypes('SnapshotDatabaseOptions', {
  snapshotIdentifier: required(T.string),
  cluster: required(CLUSTER),
  instanceClass: T.string,
  engineVersion: T.shape('a PostgresEngineVersion', 'PostgresEngineVersion.VER_16', ['version']),
  allocatedStorageGib: T.number,
});
