import { EnvironmentClass } from './environment-class';

/**
 * The defaults an environment class sets. Constructs read these once, through
 * `EnvironmentDefaults.of(environmentClass)`, and a prop always wins over them.
 */
export class EnvironmentDefaults {
  /** Defaults for an environment class. */
  public static of(environmentClass: EnvironmentClass): EnvironmentDefaults {
    switch (environmentClass) {
      case EnvironmentClass.PRODUCTION:
        return new EnvironmentDefaults({
          catalogLifecycle: 'production',
          natGatewayPerAz: true,
          logRetentionDays: 365,
          deletionProtection: true,
          backupRetentionDays: 30,
          multiAz: true,
          systemNodes: [3, 3, 6],
          minReplicas: 3,
          maxReplicas: 10,
          quotaCpuCores: 40,
          quotaMemoryGibibytes: 80,
          quotaPods: 200,
          containerCpuMillis: 250,
          containerMemoryMebibytes: 512,
          containerCpuLimitMillis: 1000,
          containerMemoryLimitMebibytes: 1024,
          gitopsAutoSync: false,
          promoteByPullRequest: true,
        });
      case EnvironmentClass.STAGING:
        return new EnvironmentDefaults({
          catalogLifecycle: 'staging',
          natGatewayPerAz: false,
          logRetentionDays: 90,
          deletionProtection: true,
          backupRetentionDays: 7,
          multiAz: true,
          systemNodes: [2, 2, 4],
          minReplicas: 2,
          maxReplicas: 6,
          quotaCpuCores: 20,
          quotaMemoryGibibytes: 40,
          quotaPods: 100,
          containerCpuMillis: 100,
          containerMemoryMebibytes: 256,
          containerCpuLimitMillis: 500,
          containerMemoryLimitMebibytes: 512,
          gitopsAutoSync: true,
          promoteByPullRequest: true,
        });
      case EnvironmentClass.DEVELOPMENT:
        return new EnvironmentDefaults({
          catalogLifecycle: 'development',
          natGatewayPerAz: false,
          logRetentionDays: 30,
          deletionProtection: false,
          backupRetentionDays: 7,
          multiAz: false,
          systemNodes: [2, 2, 3],
          minReplicas: 2,
          maxReplicas: 4,
          quotaCpuCores: 10,
          quotaMemoryGibibytes: 20,
          quotaPods: 60,
          containerCpuMillis: 100,
          containerMemoryMebibytes: 128,
          containerCpuLimitMillis: 500,
          containerMemoryLimitMebibytes: 256,
          gitopsAutoSync: true,
          promoteByPullRequest: false,
        });
      case EnvironmentClass.PREVIEW:
      default:
        return new EnvironmentDefaults({
          catalogLifecycle: 'experimental',
          natGatewayPerAz: false,
          logRetentionDays: 7,
          deletionProtection: false,
          backupRetentionDays: 1,
          multiAz: false,
          systemNodes: [1, 1, 2],
          minReplicas: 1,
          maxReplicas: 1,
          quotaCpuCores: 4,
          quotaMemoryGibibytes: 8,
          quotaPods: 30,
          containerCpuMillis: 50,
          containerMemoryMebibytes: 64,
          containerCpuLimitMillis: 250,
          containerMemoryLimitMebibytes: 256,
          gitopsAutoSync: true,
          promoteByPullRequest: false,
        });
    }
  }

  /**
   * Backstage lifecycle of the environment's catalog entities: `production`, `staging`,
   * `development`, or `experimental` for previews.
   * @see https://backstage.io/docs/features/software-catalog/descriptor-format#speclifecycle-required
   */
  public readonly catalogLifecycle: string;
  /** One NAT gateway per availability zone (true) or a single shared one (false). */
  public readonly natGatewayPerAz: boolean;
  /** Retention of CloudWatch log groups (flow logs, control plane), in days. */
  public readonly logRetentionDays: number;
  /** Deletion protection on databases and a final snapshot before deletion. */
  public readonly deletionProtection: boolean;
  /** Days of automated database backups. */
  public readonly backupRetentionDays: number;
  /** Databases span two availability zones. */
  public readonly multiAz: boolean;
  /** Minimum nodes of the system node pool. */
  public readonly systemNodesMin: number;
  /** Desired nodes of the system node pool at creation. */
  public readonly systemNodesDesired: number;
  /** Maximum nodes of the system node pool. */
  public readonly systemNodesMax: number;
  /** Minimum replicas of a service. */
  public readonly minReplicas: number;
  /** Maximum replicas of an autoscaled service. */
  public readonly maxReplicas: number;
  /** CPU cores a team namespace may request in total. */
  public readonly quotaCpuCores: number;
  /** Memory a team namespace may request in total, in GiB. */
  public readonly quotaMemoryGibibytes: number;
  /** Pods a team namespace may run. */
  public readonly quotaPods: number;
  /** CPU request of a container, in millicores. */
  public readonly containerCpuMillis: number;
  /** Memory request of a container, in MiB. */
  public readonly containerMemoryMebibytes: number;
  /** CPU limit of a container, in millicores. */
  public readonly containerCpuLimitMillis: number;
  /** Memory limit of a container, in MiB. */
  public readonly containerMemoryLimitMebibytes: number;
  /** Argo CD syncs the environment's GitOps folder on its own, with prune and self-heal (false: a person syncs). */
  public readonly gitopsAutoSync: boolean;
  /** A release reaches the environment's GitOps folder by a reviewed pull request (false: CI commits it). */
  public readonly promoteByPullRequest: boolean;

  private constructor(d: {
    catalogLifecycle: string;
    natGatewayPerAz: boolean;
    logRetentionDays: number;
    deletionProtection: boolean;
    backupRetentionDays: number;
    multiAz: boolean;
    systemNodes: number[];
    minReplicas: number;
    maxReplicas: number;
    quotaCpuCores: number;
    quotaMemoryGibibytes: number;
    quotaPods: number;
    containerCpuMillis: number;
    containerMemoryMebibytes: number;
    containerCpuLimitMillis: number;
    containerMemoryLimitMebibytes: number;
    gitopsAutoSync: boolean;
    promoteByPullRequest: boolean;
  }) {
    this.catalogLifecycle = d.catalogLifecycle;
    this.natGatewayPerAz = d.natGatewayPerAz;
    this.logRetentionDays = d.logRetentionDays;
    this.deletionProtection = d.deletionProtection;
    this.backupRetentionDays = d.backupRetentionDays;
    this.multiAz = d.multiAz;
    [this.systemNodesMin, this.systemNodesDesired, this.systemNodesMax] = d.systemNodes;
    this.minReplicas = d.minReplicas;
    this.maxReplicas = d.maxReplicas;
    this.quotaCpuCores = d.quotaCpuCores;
    this.quotaMemoryGibibytes = d.quotaMemoryGibibytes;
    this.quotaPods = d.quotaPods;
    this.containerCpuMillis = d.containerCpuMillis;
    this.containerMemoryMebibytes = d.containerMemoryMebibytes;
    this.containerCpuLimitMillis = d.containerCpuLimitMillis;
    this.containerMemoryLimitMebibytes = d.containerMemoryLimitMebibytes;
    this.gitopsAutoSync = d.gitopsAutoSync;
    this.promoteByPullRequest = d.promoteByPullRequest;
  }
}
