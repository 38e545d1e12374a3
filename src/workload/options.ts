import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';

/** A plain configuration value, delivered to the container through a ConfigMap. */
export interface EnvironmentVariable {
  /** Variable name, e.g. `LOG_LEVEL`. */
  readonly name: string;
  /** Its value. Never put a secret here: use `secrets`. */
  readonly value: string;
}

/** A secret environment variable, read from AWS Secrets Manager through an External Secrets `ExternalSecret`. */
export interface SecretEnvironmentVariable {
  /** Variable name, e.g. `STRIPE_API_KEY`. */
  readonly name: string;
  /**
   * Property of the service's JSON secret in Secrets Manager
   * (the secret `<platform>/<environment>/<service>/app`).
   */
  readonly property: string;
}

/** Autoscaling of a workload by a HorizontalPodAutoscaler (autoscaling/v2). */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   * @default - the environment class's minimum (3 in production, 2 in staging and development, 1 in previews)
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default - the environment class's maximum (10 in production)
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilization, in percent of the request.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, in percent of the request.
   * @default 80
   */
  readonly memoryUtilization?: number;
}

/** Health-check paths and timing. */
export interface HealthCheckOptions {
  /**
   * HTTP path of the liveness probe (a failing pod is restarted).
   * @default '/healthz'
   */
  readonly livenessPath?: string;
  /**
   * HTTP path of the readiness probe (a failing pod gets no traffic).
   * @default '/readyz'
   */
  readonly readinessPath?: string;
  /**
   * HTTP path of the startup probe (liveness waits until it passes).
   * @default - the liveness path
   */
  readonly startupPath?: string;
  /**
   * Longest time the container may take to start before it is restarted.
   * @default Duration.seconds(60)
   */
  readonly startupTimeout?: Duration;
}

/** Public exposure through an AWS Load Balancer Controller Ingress. */
export interface ExposureOptions {
  /**
   * Hostname of the service.
   * @default - `<service>.<domain>`
   */
  readonly host?: string;
  /**
   * ARN of the ACM certificate for the host.
   * @default - the AWS Load Balancer Controller discovers a matching ACM certificate by host name
   */
  readonly certificateArn?: string;
  /**
   * The load balancer is reachable from the internet (`internet-facing`) rather than only from the VPC.
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * Ingress group the ALB belongs to, so several services share one load balancer.
   * @default - `<platform>-<environment>`: one ALB per environment
   */
  readonly groupName?: string;
}

/** Prometheus metrics of a workload. */
export interface MetricsOptions {
  /**
   * Port that serves metrics.
   * @default - the container port
   */
  readonly port?: number;
  /**
   * HTTP path of the metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Emit a prometheus-operator `ServiceMonitor` (its CRDs must be installed) instead of
   * `prometheus.io/*` scrape annotations.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Namespace of an in-cluster metrics scraper on the pod network (e.g. a self-managed
   * Prometheus), allowed in by the NetworkPolicy on the metrics port.
   * @default - none: the platform's scrapers are not pods on the pod network (see `scraperCidrs`)
   */
  readonly scraperNamespace?: string;
  /**
   * CIDR blocks the metrics scrapers connect from, allowed in by the NetworkPolicy on the metrics
   * port: the Amazon Managed Service for Prometheus collector's network interfaces in the
   * cluster's subnets, and the CloudWatch agent, which runs on the nodes' host network (a
   * namespace selector matches neither).
   * @default - none; a ServiceApp with `cluster` lets in the cluster's private subnets, where the nodes and the collector's interfaces are
   */
  readonly scraperCidrs?: string[];
}

/**
 * Options of a workload's shape, shared by `WorkloadProps` and `ServiceAppProps`.
 */
export interface WorkloadOptions {
  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Fixed replica count; turns autoscaling off.
   * @default - autoscaled by a HorizontalPodAutoscaler
   */
  readonly replicas?: number;
  /**
   * Autoscaling limits and targets.
   * @default - the environment class's min and max, 70 % CPU, 80 % memory
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * CPU request.
   * @default - by environment class (250m in production)
   */
  readonly cpu?: Cpu;
  /**
   * CPU limit.
   * @default - by environment class (1 core in production)
   */
  readonly cpuLimit?: Cpu;
  /**
   * Memory request.
   * @default - by environment class (512Mi in production)
   */
  readonly memory?: Size;
  /**
   * Memory limit.
   * @default - by environment class (1Gi in production)
   */
  readonly memoryLimit?: Size;
  /**
   * Health-check paths.
   * @default - `/healthz` for liveness and startup, `/readyz` for readiness
   */
  readonly healthChecks?: HealthCheckOptions;
  /**
   * Plain configuration as environment variables (a ConfigMap).
   * @default - none
   */
  readonly env?: EnvironmentVariable[];
  /**
   * Secrets as environment variables, from the Secrets Manager secret `<platform>/<environment>/<service>/app`.
   * @default - none
   */
  readonly secrets?: SecretEnvironmentVariable[];
  /**
   * Expose the service publicly through an ALB Ingress with TLS at `<service>.<domain>`.
   * @default - not exposed: reachable only inside the cluster
   */
  readonly exposure?: ExposureOptions;
  /**
   * Prometheus metrics.
   * @default - scrape annotations for `/metrics` on the container port
   */
  readonly metrics?: MetricsOptions;
  /**
   * Run on the platform's spot capacity (`PlatformCluster` `spotPool`): the pods tolerate the
   * spot pool's taint (`paved-road.dev/spot=true:NoSchedule`) and prefer its nodes
   * (`paved-road.dev/pool=spot`), and run on on-demand nodes when no spot node fits. For
   * stateless services that lose a pod to a two-minute spot reclaim without harm: two or more
   * replicas, spread over zones and nodes, with a PodDisruptionBudget (the defaults from two replicas).
   * @default false - on-demand nodes only
   */
  readonly spot?: boolean;
}
