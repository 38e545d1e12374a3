import { EnvironmentClass } from './environment-class';

/**
 * The defaults an environment class sets: the one place where a decision depends on the class.
 * A `PlatformStack` resolves them once (`stack.context.defaults`) and hands them down; constructs
 * used alone take them as a prop (or `EnvironmentDefaults.of(environmentClass)`), and never keep a
 * table of their own. A prop always wins over them. The README's class table is checked against
 * this class by a test.
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
          systemPool: [3, 3, 6],
          minReplicas: 3,
          maxReplicas: 10,
          quotaCpuCores: 40,
          quotaMemoryGib: 80,
          quotaPods: 200,
          containerCpuMillis: 250,
          containerMemoryMib: 512,
          containerCpuLimitMillis: 1000,
          containerMemoryLimitMib: 1024,
          containerMaxCpuMillis: 4000,
          containerMaxMemoryMib: 8192,
          databaseInstanceClass: 'db.m7g.large',
          keyDeletionWindowDays: 30,
          secretRecoveryWindowDays: 7,
          deleteAutomatedBackups: false,
          gitopsAutoSync: false,
          promoteByPullRequest: true,
          customerManagedKeys: true,
          allowsZeroReplicas: false,
        });
      case EnvironmentClass.STAGING:
        return new EnvironmentDefaults({
          catalogLifecycle: 'staging',
          natGatewayPerAz: false,
          logRetentionDays: 90,
          deletionProtection: true,
          backupRetentionDays: 7,
          multiAz: true,
          systemPool: [2, 2, 4],
          minReplicas: 2,
          maxReplicas: 6,
          quotaCpuCores: 20,
          quotaMemoryGib: 40,
          quotaPods: 100,
          containerCpuMillis: 100,
          containerMemoryMib: 256,
          containerCpuLimitMillis: 500,
          containerMemoryLimitMib: 512,
          containerMaxCpuMillis: 4000,
          containerMaxMemoryMib: 8192,
          databaseInstanceClass: 'db.t4g.medium',
          keyDeletionWindowDays: 30,
          secretRecoveryWindowDays: 7,
          deleteAutomatedBackups: false,
          gitopsAutoSync: true,
          promoteByPullRequest: true,
          customerManagedKeys: true,
          allowsZeroReplicas: true,
        });
      case EnvironmentClass.DEVELOPMENT:
        return new EnvironmentDefaults({
          catalogLifecycle: 'development',
          natGatewayPerAz: false,
          logRetentionDays: 30,
          deletionProtection: false,
          backupRetentionDays: 7,
          multiAz: false,
          systemPool: [2, 2, 3],
          minReplicas: 2,
          maxReplicas: 4,
          quotaCpuCores: 10,
          quotaMemoryGib: 20,
          quotaPods: 60,
          containerCpuMillis: 100,
          containerMemoryMib: 128,
          containerCpuLimitMillis: 500,
          containerMemoryLimitMib: 256,
          containerMaxCpuMillis: 2000,
          containerMaxMemoryMib: 4096,
          databaseInstanceClass: 'db.t4g.medium',
          keyDeletionWindowDays: 7,
          secretRecoveryWindowDays: 0,
          deleteAutomatedBackups: true,
          gitopsAutoSync: true,
          promoteByPullRequest: false,
          customerManagedKeys: false,
          allowsZeroReplicas: true,
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
          systemPool: [1, 1, 2],
          minReplicas: 1,
          maxReplicas: 1,
          quotaCpuCores: 4,
          quotaMemoryGib: 8,
          quotaPods: 30,
          containerCpuMillis: 50,
          containerMemoryMib: 64,
          containerCpuLimitMillis: 250,
          containerMemoryLimitMib: 256,
          containerMaxCpuMillis: 1000,
          containerMaxMemoryMib: 2048,
          databaseInstanceClass: 'db.t4g.medium',
          keyDeletionWindowDays: 7,
          secretRecoveryWindowDays: 0,
          deleteAutomatedBackups: true,
          gitopsAutoSync: true,
          promoteByPullRequest: false,
          customerManagedKeys: false,
          allowsZeroReplicas: true,
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
  public readonly systemPoolMinSize: number;
  /** Desired nodes of the system node pool at creation. */
  public readonly systemPoolDesiredSize: number;
  /** Maximum nodes of the system node pool. */
  public readonly systemPoolMaxSize: number;
  /** Minimum replicas of a service. */
  public readonly minReplicas: number;
  /** Maximum replicas of an autoscaled service. */
  public readonly maxReplicas: number;
  /** CPU cores a team namespace may request in total. */
  public readonly quotaCpuCores: number;
  /** Memory a team namespace may request in total, in GiB. */
  public readonly quotaMemoryGib: number;
  /** Pods a team namespace may run. */
  public readonly quotaPods: number;
  /** CPU request of a container, in millicores. */
  public readonly containerCpuMillis: number;
  /** Memory request of a container, in MiB. */
  public readonly containerMemoryMib: number;
  /** CPU limit of a container, in millicores. */
  public readonly containerCpuLimitMillis: number;
  /** Memory limit of a container, in MiB. */
  public readonly containerMemoryLimitMib: number;
  /** Largest CPU limit of one container in a team namespace (the LimitRange's max), in millicores. */
  public readonly containerMaxCpuMillis: number;
  /** Largest memory limit of one container in a team namespace (the LimitRange's max), in MiB. */
  public readonly containerMaxMemoryMib: number;
  /** RDS instance class of a database. */
  public readonly databaseInstanceClass: string;
  /** Days a deleted KMS key of a database waits before it is gone (7 to 30). */
  public readonly keyDeletionWindowDays: number;
  /** Days a deleted Secrets Manager secret can be recovered (0: deleted at once). */
  public readonly secretRecoveryWindowDays: number;
  /** A deleted database's automated backups are deleted with it. */
  public readonly deleteAutomatedBackups: boolean;
  /** Argo CD syncs the environment's GitOps folder on its own, with prune and self-heal (false: a person syncs). */
  public readonly gitopsAutoSync: boolean;
  /** A release reaches the environment's GitOps folder by a reviewed pull request (false: CI commits it). */
  public readonly promoteByPullRequest: boolean;
  /**
   * Data at rest the platform encrypts (service images) uses the environment's customer-managed KMS
   * key, which the account controls, audits and can revoke, rather than an AWS-managed key.
   */
  public readonly customerManagedKeys: boolean;
  /**
   * A workload may be scaled to zero by a fixed `replicas: 0` (false: refused at synth, so that a
   * production service is never switched off by a prop).
   */
  public readonly allowsZeroReplicas: boolean;

  private constructor(d: {
    catalogLifecycle: string;
    natGatewayPerAz: boolean;
    logRetentionDays: number;
    deletionProtection: boolean;
    backupRetentionDays: number;
    multiAz: boolean;
    systemPool: number[];
    minReplicas: number;
    maxReplicas: number;
    quotaCpuCores: number;
    quotaMemoryGib: number;
    quotaPods: number;
    containerCpuMillis: number;
    containerMemoryMib: number;
    containerCpuLimitMillis: number;
    containerMemoryLimitMib: number;
    containerMaxCpuMillis: number;
    containerMaxMemoryMib: number;
    databaseInstanceClass: string;
    keyDeletionWindowDays: number;
    secretRecoveryWindowDays: number;
    deleteAutomatedBackups: boolean;
    gitopsAutoSync: boolean;
    promoteByPullRequest: boolean;
    customerManagedKeys: boolean;
    allowsZeroReplicas: boolean;
  }) {
    this.catalogLifecycle = d.catalogLifecycle;
    this.natGatewayPerAz = d.natGatewayPerAz;
    this.logRetentionDays = d.logRetentionDays;
    this.deletionProtection = d.deletionProtection;
    this.backupRetentionDays = d.backupRetentionDays;
    this.multiAz = d.multiAz;
    [this.systemPoolMinSize, this.systemPoolDesiredSize, this.systemPoolMaxSize] = d.systemPool;
    this.minReplicas = d.minReplicas;
    this.maxReplicas = d.maxReplicas;
    this.quotaCpuCores = d.quotaCpuCores;
    this.quotaMemoryGib = d.quotaMemoryGib;
    this.quotaPods = d.quotaPods;
    this.containerCpuMillis = d.containerCpuMillis;
    this.containerMemoryMib = d.containerMemoryMib;
    this.containerCpuLimitMillis = d.containerCpuLimitMillis;
    this.containerMemoryLimitMib = d.containerMemoryLimitMib;
    this.containerMaxCpuMillis = d.containerMaxCpuMillis;
    this.containerMaxMemoryMib = d.containerMaxMemoryMib;
    this.databaseInstanceClass = d.databaseInstanceClass;
    this.keyDeletionWindowDays = d.keyDeletionWindowDays;
    this.secretRecoveryWindowDays = d.secretRecoveryWindowDays;
    this.deleteAutomatedBackups = d.deleteAutomatedBackups;
    this.gitopsAutoSync = d.gitopsAutoSync;
    this.promoteByPullRequest = d.promoteByPullRequest;
    this.customerManagedKeys = d.customerManagedKeys;
    this.allowsZeroReplicas = d.allowsZeroReplicas;
  }
}
