// The package root: the jsii API, by name. Helpers and contract constants stay in private/ and are not exported.
export { EnvironmentClass, EnvironmentDefaults, PlatformApp, PlatformContext, PlatformStack, StateBackend } from './core';
export type { PlatformAppProps, PlatformChartOptions, PlatformContextProps, PlatformStackProps, S3StateBackendOptions, SynthesisResult, SynthesizedChart, SynthesizedStack } from './core';
export { PlatformNetwork } from './network';
export type { PlatformNetworkProps } from './network';
export { AutoModeNodePool, CapacityType, EksControlPlane, KubernetesVersion, ManagedNodePool, PreviewJanitor, TaintEffect } from './cluster';
export type { AddonVersions, AutoModeNodePoolProps, EksControlPlaneProps, IPlatformCluster, ManagedNodePoolProps, NodePoolOptions, NodeTaint, PlatformClusterAttributes, PreviewJanitorProps } from './cluster';
export { EncryptionKey } from './security';
export type { EncryptionKeyProps, Grant } from './security';
export { AutoModeIngressClass, AwsLoadBalancerController, ExternalSecretsOperator, HelmChartApplication, InClusterGrafana, Karpenter, KarpenterNodePool, PlatformAddonProject } from './addons';
export type {
  AddonOptions, AutoModeIngressClassProps, AwsLoadBalancerControllerProps, ExternalSecretsOperatorProps, HelmChartApplicationProps, IgnoredDifference,
  InClusterGrafanaProps,
  KarpenterNodePoolProps,
  KarpenterProps,
  PlatformAddonProjectProps, PlatformAddons,
} from './addons';
export { EnvironmentDns } from './dns';
export type { EnvironmentDnsProps } from './dns';
export { ServiceRepository } from './registry';
export type { ServiceRepositoryProps } from './registry';
export { PostgresAlarms, PostgresDatabase, PostgresEngineVersion } from './database';
export type { IPostgresDatabase, PostgresAlarmsProps, PostgresDatabaseAttributes, PostgresDatabaseProps } from './database';
export { Workload } from './workload';
export type { AutoscalingOptions, EnvironmentVariable, ExposureOptions, HealthCheckOptions, MetricsOptions, SecretEnvironmentVariable, WorkloadOptions, WorkloadProps } from './workload';
export { AlertProtocol, AlertRouting, ContainerInsightsLogGroups, PrometheusWorkspace, ServiceAlertRules, ServiceDashboard, SloWindow } from './observability';
export type { AlertRoutingProps, AlertSubscription, ContainerInsightsLogGroupsProps, LatencyObjective, PrometheusRule, PrometheusRuleGroup, PrometheusWorkspaceProps, ServiceAlertRulesProps, ServiceDashboardProps, ServiceLevelObjective } from './observability';
export { TeamNamespace } from './team';
export type { TeamNamespaceProps } from './team';
export { PlatformCluster, PlatformClusterLookup, PlatformObservability, PlatformParameters, ScoreWorkload, ServiceApp } from './platform';
export type { ManagedGrafanaOptions, PlatformClusterLookupProps, PlatformClusterProps, PlatformObservabilityOptions, PlatformObservabilityProps, PlatformParametersProps, ScoreDatabaseBinding, ScoreWorkloadProps, ServiceAppProps, TeamOptions } from './platform';
export { PreviewDatabase, PreviewEnvironment, PreviewPostgres } from './preview';
export type { InClusterDatabaseOptions, PreviewEnvironmentProps, PreviewPostgresProps, SeedJobOptions, SnapshotDatabaseOptions } from './preview';
export { GuardrailPacks, GuardrailSeverity, GuardrailTarget, Guardrails } from './guardrails';
export type { GuardrailContext, GuardrailFinding, GuardrailSubject, GuardrailSuppression, IGuardrailRule } from './guardrails';
export {
  AppDeliveryWorkflow, ArgoCdCapability, CiIdentity, EnvironmentApplicationSet, GithubDeployRole, GithubOidcProvider, GithubSubject,
  PlatformDeliveryWorkflow, PlatformGitOps, Promotion, TeamProject,
} from './delivery';
export type {
  AppDeliveryStage, AppDeliveryWorkflowProps, AppRepositoryAccess, AppRepositoryOptions, ArgoCdCapabilityProps, ArgoCdIdentityCenterOptions,
  CiIdentityProps, DeliveryWorkflowOptions, EnvironmentApplicationSetProps, GithubDeployRoleProps, GithubOidcProviderProps, GitOpsOptions,
  IGithubOidcProvider,
  PlatformDeliveryStage, PlatformDeliveryWorkflowProps, PlatformGitOpsProps, PlatformRepositoryAccess, PlatformRepositoryOptions,
  PreviewRepositoryAccess, PreviewRepositoryOptions, TeamProjectProps,
} from './delivery';
export { Catalog } from './portal';
export type { CatalogComponentOptions, CatalogEnvironment, CatalogEnvironmentOptions, CatalogGroupOptions, CatalogLink, CatalogProps, CatalogResourceOptions, ICatalogSource, PortalOptions } from './portal';
