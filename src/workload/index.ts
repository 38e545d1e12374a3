export type { AutoscalingOptions, EnvironmentVariable, ExposureOptions, HealthCheckOptions, MetricsOptions, SecretEnvironmentVariable, WorkloadOptions } from './options';
export { Workload } from './workload';
export type { WorkloadProps } from './workload';
