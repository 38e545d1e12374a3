import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct, IConstruct } from 'constructs';
import { PostgresAlarms } from './postgres-alarms';
import { PostgresEngineVersion } from './postgres-engine-version';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { EnvironmentClass } from '../core/environment-class';
import { EnvironmentDefaults } from '../core/environment-defaults';
import { PlatformStack } from '../core/platform-stack';
import { Catalog, ICatalogSource } from '../portal/catalog';
import { ConsoleLinks } from '../portal/private/console-links';
import { TAG } from '../private/contract';
import { propError } from '../private/errors';
import { managedPolicyArn, serviceTrust } from '../private/iam';
import { shorten } from '../private/naming';
import { CLUSTER, checkProps, propTypes, required, T } from '../private/prop-types';
import { isUnresolved, requireCidr, requireDatabaseInstanceClass, requireDnsLabel, requireIntegerInRange, requireResourceArn } from '../private/validate';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'PostgresDatabase';
/** PostgreSQL major versions this library is tested with. */
const SUPPORTED_MAJORS = [15, 16, 17];
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
/** The PostgreSQL port. */
const POSTGRES_PORT = 5432;

/**
 * A PostgreSQL database a service can be connected to (`ServiceApp.connectDatabase()`): where its
 * connection secret is, which instance's RDS-managed master secret holds the credentials, and the
 * network it lives in. Implemented by `PostgresDatabase`, and by `PostgresDatabase.fromAttributes()`
 * for a database created elsewhere (another stack or repository).
 */
export interface IPostgresDatabase extends IConstruct {
  /** The database name (a DNS label); names the Kubernetes Secret a connected service gets. */
  readonly databaseName: string;
  /** ARN of the DB instance, known at synth time (RDS tags its master secret with it). */
  readonly instanceArn: string;
  /** Name of the Secrets Manager secret with `host`, `port` and `dbname`. */
  readonly connectionSecretName: string;
  /** The port clients connect to. */
  readonly port: number;
  /** CIDR blocks the instance lives in, known at synth time (clients' NetworkPolicies allow egress to them). */
  readonly subnetCidrs: string[];
}

/**
 * Plain attributes of an existing PostgreSQL database, for `PostgresDatabase.fromAttributes()`.
 */
export interface PostgresDatabaseAttributes {
  /** The database name (a DNS label of at most 30 characters). */
  readonly databaseName: string;
  /** ARN of the DB instance, e.g. `arn:aws:rds:eu-west-1:123456789012:db:acme-prod-orders`. */
  readonly instanceArn: string;
  /** Name of the Secrets Manager secret with `host`, `port` and `dbname`. */
  readonly connectionSecretName: string;
  /** CIDR blocks the instance lives in (its subnets), for clients' NetworkPolicy egress. */
  readonly subnetCidrs: string[];
  /**
   * The port.
   * @default 5432
   */
  readonly port?: number;
}

/**
 * Properties for `PostgresDatabase`.
 *
 * Give `cluster` to place the database in a platform cluster's isolated subnets, reachable from
 * its pods; or `vpcId`, `subnetIds` and `allowedSecurityGroupIds` to use it in any VPC.
 */
export interface PostgresDatabaseProps {
  /**
   * Name of the database: a DNS label of at most 30 characters. The initial database inside
   * the instance is this name with `-` replaced by `_`.
   */
  readonly databaseName: string;
  /**
   * The team that owns the database, for its cost-allocation tag (`paved-road:team`) on the
   * instance and everything created with it.
   * @default - no team tag: a database shared by several teams is the platform's
   */
  readonly team?: string;
  /**
   * The platform cluster whose isolated database subnets hold the instance and whose pods
   * (the cluster security group) may connect.
   * @default - none: give `vpcId`, `subnetIds` and `allowedSecurityGroupIds`
   */
  readonly cluster?: IPlatformCluster;
  /**
   * VPC of the instance, when no `cluster` is given.
   * @default - the cluster's VPC
   */
  readonly vpcId?: string;
  /**
   * Subnets of the instance (at least two, in different availability zones), when no `cluster` is given.
   * @default - the cluster's database subnets
   */
  readonly subnetIds?: string[];
  /**
   * Security groups allowed to connect on 5432, when no `cluster` is given.
   * @default - the cluster security group
   */
  readonly allowedSecurityGroupIds?: string[];
  /**
   * CIDR blocks the database lives in, known at synth time; clients' NetworkPolicies allow egress to them.
   * @default - the cluster's database subnet CIDRs
   */
  readonly subnetCidrs?: string[];
  /**
   * DB instance identifier.
   * @default - `<platform>-<environment>-<databaseName>` inside a PlatformStack; required elsewhere
   */
  readonly identifier?: string;
  /**
   * Environment class, for the defaults that differ (backups, Multi-AZ, deletion protection, size).
   * @default - the PlatformStack's class; production outside one
   */
  readonly environmentClass?: EnvironmentClass;
  /**
   * AWS account ID (for the key policy and the instance ARN).
   * @default - the PlatformStack's account; required elsewhere
   */
  readonly account?: string;
  /**
   * AWS region.
   * @default - the PlatformStack's region; required elsewhere
   */
  readonly region?: string;
  /**
   * AWS partition.
   * @default - the PlatformStack's partition, or 'aws'
   */
  readonly partition?: string;
  /**
   * PostgreSQL version: a major (`PostgresEngineVersion.VER_17`, minor upgrades applied
   * automatically) or `PostgresEngineVersion.of('16.4')`.
   * @default PostgresEngineVersion.VER_17
   */
  readonly engineVersion?: PostgresEngineVersion;
  /**
   * Instance class.
   * @default - 'db.m7g.large' in production, 'db.t4g.medium' elsewhere
   */
  readonly instanceClass?: string;
  /**
   * Allocated gp3 storage in GiB (20 to 65536).
   * @default 20
   */
  readonly allocatedStorageGib?: number;
  /**
   * Upper limit for storage autoscaling in GiB; at least `allocatedStorageGib`.
   * @default - 5 times allocatedStorageGib
   */
  readonly maxAllocatedStorageGib?: number;
  /**
   * Days of automated backups (1 to 35).
   * @default - 30 in production, 7 in staging and development, 1 in previews
   */
  readonly backupRetentionDays?: number;
  /**
   * A standby in a second availability zone.
   * @default - true in production and staging
   */
  readonly multiAz?: boolean;
  /**
   * Refuse deletion of the instance.
   * @default - true in production and staging
   */
  readonly deletionProtection?: boolean;
  /**
   * Take a final snapshot when the instance is deleted.
   * @default - true in production and staging
   */
  readonly finalSnapshot?: boolean;
  /**
   * Seconds between enhanced-monitoring samples: 0 (off), 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Name of the master user (its password is generated and kept by Secrets Manager).
   * @default 'app_owner'
   */
  readonly masterUsername?: string;
  /**
   * KMS key for storage, Performance Insights, the master secret and the connection secret.
   * @default - a new key with rotation
   */
  readonly encryptionKey?: EncryptionKey;
  /**
   * Name of the Secrets Manager secret holding `host`, `port` and `dbname`.
   * @default - `<platform>/<environment>/<databaseName>/connection` inside a PlatformStack, `<identifier>/connection` elsewhere
   */
  readonly connectionSecretName?: string;
  /**
   * Restore the instance from this DB snapshot (identifier or ARN), e.g. a sanitized copy of
   * production for a preview. The database name and master user come from the snapshot, and so do
   * the storage encryption key (the snapshot must be encrypted; in another account, its key must
   * let this account use it) and, unless `allocatedStorageGib` is given, the storage size. Give the
   * snapshot's major `engineVersion`.
   * @default - a new, empty database
   */
  readonly snapshotIdentifier?: string;
  /**
   * CloudWatch alarms of the instance (`PostgresAlarms`: CPU, free storage, connections, read and
   * write latency), notifying `alarmTopicArn` when they fire and when they clear.
   * @default - true inside a PlatformStack; outside one, only when `alarmTopicArn` is given
   */
  readonly alarms?: boolean;
  /**
   * SNS topic the alarms notify.
   * @default - the owning team's alert topic on the environment's cluster
   *   (`<platform>-<host environment>-alerts-<team>`, made by `PlatformCluster.addTeam()`), or the
   *   platform's (`<platform>-<host environment>-alerts`) without `team`; required outside a PlatformStack
   */
  readonly alarmTopicArn?: string;
  /**
   * Connections above which the connections alarm fires.
   * @default - 80 % of the instance class's default `max_connections`
   */
  readonly alarmConnectionsThreshold?: number;
}

/** Runtime types of `PostgresDatabaseProps` (src/private/prop-types.ts). */
const POSTGRES_DATABASE_PROPS = propTypes('PostgresDatabaseProps', {
  databaseName: required(T.string),
  team: T.string,
  cluster: CLUSTER,
  vpcId: T.string,
  subnetIds: T.strings,
  allowedSecurityGroupIds: T.strings,
  subnetCidrs: T.strings,
  identifier: T.string,
  environmentClass: T.oneOf('EnvironmentClass', EnvironmentClass),
  account: T.string,
  region: T.string,
  partition: T.string,
  engineVersion: T.shape('a PostgresEngineVersion', 'PostgresEngineVersion.VER_17', ['version']),
  instanceClass: T.string,
  allocatedStorageGib: T.number,
  maxAllocatedStorageGib: T.number,
  backupRetentionDays: T.number,
  multiAz: T.boolean,
  deletionProtection: T.boolean,
  finalSnapshot: T.boolean,
  monitoringIntervalSeconds: T.number,
  masterUsername: T.string,
  encryptionKey: T.shape('an EncryptionKey', 'an EncryptionKey construct', ['keyArn']),
  connectionSecretName: T.string,
  snapshotIdentifier: T.string,
  alarms: T.boolean,
  alarmTopicArn: T.string,
  alarmConnectionsThreshold: T.number,
});

/**
 * An RDS for PostgreSQL instance in isolated subnets, secure and recoverable by default:
 * storage, Performance Insights and secrets encrypted with a customer-managed KMS key; never
 * public; the master password generated and rotated by Secrets Manager (never in Terraform state
 * or YAML); TLS enforced; automated backups, Multi-AZ, deletion protection and a final snapshot
 * per environment class; enhanced monitoring; log exports; IAM authentication; automatic minor
 * upgrades; tags copied to snapshots; a security group that admits 5432 only from the allowed
 * security groups and has no egress.
 *
 * Usable on its own in any `TerraformStack`, and shareable: `ServiceApp.connectDatabase()` hands
 * its connection to a service's pods.
 *
 * @example
 * const orders = new PostgresDatabase(prod, 'OrdersDb', { databaseName: 'orders', cluster });
 * app.connectDatabase(orders);
 */
export class PostgresDatabase extends Construct implements IPostgresDatabase, ICatalogSource {
  /**
   * A database created elsewhere (another stack or repository), from plain attributes, to hand
   * to `ServiceApp.connectDatabase()`. Creates no resource.
   *
   * @example
   * const orders = PostgresDatabase.fromAttributes(stack, 'OrdersDb', {
   *   databaseName: 'orders', instanceArn, connectionSecretName: 'acme/prod/orders/connection', subnetCidrs: ['10.0.64.0/20'],
   * });
   */
  public static fromAttributes(scope: Construct, id: string, attrs: PostgresDatabaseAttributes): IPostgresDatabase {
    return new ImportedPostgresDatabase(scope, id, attrs);
  }

  /** The database name given (a DNS label). */
  public readonly databaseName: string;
  /** The owning team, when one owns it. */
  public readonly team?: string;
  /** Name of the initial database inside the instance, as PostgreSQL sees it: `databaseName` with `-` replaced by `_`. */
  public readonly sqlDatabaseName: string;
  /** The DB instance identifier. */
  public readonly identifier: string;
  /** ARN of the instance, known at synth time (RDS tags its master secret with it). */
  public readonly instanceArn: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** Name of the Secrets Manager secret with `host`, `port` and `dbname`. */
  public readonly connectionSecretName: string;
  /** CIDR blocks the instance lives in (empty when unknown). */
  public readonly subnetCidrs: string[];
  /** The instance. */
  public readonly instance: DbInstance;
  /** Its security group. */
  public readonly securityGroup: SecurityGroup;
  /** The key encrypting storage, Performance Insights and secrets. */
  public readonly encryptionKey: EncryptionKey;
  /** The instance's CloudWatch alarms, unless `alarms` is off. */
  public readonly alarms?: PostgresAlarms;

  public constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    checkProps(this, KIND, props, POSTGRES_DATABASE_PROPS);
    const stack = PlatformStack.find(this);
    const ctx = stack?.context;
    this.databaseName = requireDnsLabel(this, KIND, 'databaseName', props.databaseName, 30);
    this.team = props.team === undefined ? undefined : requireDnsLabel(this, KIND, 'team', props.team);
    this.sqlDatabaseName = this.databaseName.replace(/-/g, '_');
    // Every class-dependent default comes from the stack's resolved EnvironmentDefaults (or the class given).
    const defaults = props.environmentClass !== undefined ? EnvironmentDefaults.of(props.environmentClass)
      : ctx?.defaults ?? EnvironmentDefaults.of(EnvironmentClass.PRODUCTION);
    const account = props.account ?? ctx?.account ?? this.missing('account', 'the AWS account ID, e.g. "123456789012"');
    const region = props.region ?? ctx?.region ?? this.missing('region', 'the AWS region, e.g. "eu-west-1"');
    const partition = props.partition ?? ctx?.partition ?? 'aws';
    this.identifier = props.identifier ?? (ctx ? shorten(`${ctx.prefix}-${this.databaseName}`, 63) : this.missing('identifier', 'a DB instance identifier, e.g. "acme-prod-orders"'));
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(this.identifier) || /--|-$/.test(this.identifier)) {
      throw propError(this, KIND, 'identifier', this.identifier, 'is not a valid DB instance identifier',
        'use 1 to 63 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen');
    }
    this.instanceArn = `arn:${partition}:rds:${region}:${account}:db:${this.identifier}`;
    this.port = POSTGRES_PORT;

    // Placement.
    let vpcId = props.vpcId;
    let subnetIds = props.subnetIds;
    let allowed = props.allowedSecurityGroupIds;
    let cidrs = props.subnetCidrs;
    if (props.cluster) {
      if (props.cluster.databaseSubnetIds.length === 0) {
        throw propError(this, KIND, 'cluster', props.cluster.clusterName, 'has no database subnets',
          'use a PlatformCluster (it creates isolated database subnets) or give databaseSubnetIds and databaseSubnetCidrs to PlatformCluster.fromAttributes()');
      }
      vpcId = vpcId ?? props.cluster.vpcId;
      subnetIds = subnetIds ?? props.cluster.databaseSubnetIds;
      allowed = allowed ?? [props.cluster.clusterSecurityGroupId];
      cidrs = cidrs ?? props.cluster.databaseSubnetCidrs;
    }
    if (!vpcId) {
      throw propError(this, KIND, 'vpcId', vpcId, 'is missing', 'give cluster (a PlatformCluster) or vpcId, subnetIds and allowedSecurityGroupIds');
    }
    if (!subnetIds || (subnetIds.length < 2 && !isUnresolved(subnetIds))) {
      throw propError(this, KIND, 'subnetIds', subnetIds, 'must list at least two subnets in different availability zones',
        'give the isolated database subnets, one per availability zone (RDS needs two for Multi-AZ and for a subnet group)');
    }
    if (!allowed || allowed.length === 0) {
      throw propError(this, KIND, 'allowedSecurityGroupIds', allowed, 'is empty: nothing could connect',
        'give the security group of the clients, e.g. the EKS cluster security group');
    }
    this.subnetCidrs = (cidrs ?? []).map((cidr, i) => requireCidr(this, KIND, `subnetCidrs[${i}]`, cidr));

    // Engine and size.
    const engineVersion = (props.engineVersion ?? PostgresEngineVersion.VER_17).version;
    const match = /^(\d+)(\.\d+)?$/.exec(engineVersion);
    if (!match || !SUPPORTED_MAJORS.includes(Number(match[1]))) {
      throw propError(this, KIND, 'engineVersion', engineVersion, `is not a PostgreSQL version this library is tested with (majors ${SUPPORTED_MAJORS.join(', ')})`,
        `use a major such as PostgresEngineVersion.VER_${SUPPORTED_MAJORS[SUPPORTED_MAJORS.length - 1]} (minor upgrades are automatic) or PostgresEngineVersion.of('major.minor')`);
    }
    const major = match[1];
    const allocated = requireIntegerInRange(this, KIND, 'allocatedStorageGib', props.allocatedStorageGib ?? 20, 20, 65536);
    const maxAllocated = requireIntegerInRange(this, KIND, 'maxAllocatedStorageGib', props.maxAllocatedStorageGib ?? Math.min(allocated * 5, 65536), allocated, 65536);
    const backupDays = requireIntegerInRange(this, KIND, 'backupRetentionDays', props.backupRetentionDays ?? defaults.backupRetentionDays, 1, 35);
    const monitoring = props.monitoringIntervalSeconds ?? 60;
    if (!MONITORING_INTERVALS.includes(monitoring)) {
      throw propError(this, KIND, 'monitoringIntervalSeconds', monitoring, 'is not an interval RDS offers', `use one of ${MONITORING_INTERVALS.join(', ')}`);
    }
    const masterUsername = props.masterUsername ?? 'app_owner';
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(masterUsername) || ['postgres', 'rdsadmin', 'admin'].includes(masterUsername)) {
      throw propError(this, KIND, 'masterUsername', masterUsername, 'is not a usable PostgreSQL master user name',
        "use lowercase letters, digits and '_', starting with a letter, and not a reserved name (postgres, rdsadmin, admin)");
    }
    const tags = { [TAG.DATABASE]: this.databaseName, ...(this.team ? { [TAG.TEAM]: this.team } : {}) };

    this.encryptionKey = props.encryptionKey ?? new EncryptionKey(this, 'Key', {
      alias: `${this.identifier}/rds`,
      purpose: `RDS PostgreSQL ${this.identifier}: storage, Performance Insights and secrets`,
      account,
      partition,
      deletionWindowDays: defaults.keyDeletionWindowDays,
    });

    const subnetGroup = new DbSubnetGroup(this, 'SubnetGroup', {
      name: this.identifier,
      description: `Isolated subnets of ${this.identifier}`,
      subnetIds,
      tags,
    });
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${this.identifier}-postgres`,
      description: `PostgreSQL ${this.identifier}: ${POSTGRES_PORT} from the allowed clients only, no egress`,
      vpcId,
      revokeRulesOnDelete: true,
      tags,
    });
    allowed.forEach((sg, i) => new VpcSecurityGroupIngressRule(this, `Ingress${i}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: sg,
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      description: 'PostgreSQL from an allowed client security group',
    }));

    const parameters = new DbParameterGroup(this, 'Parameters', {
      name: `${this.identifier}-pg${major}`,
      family: `postgres${major}`,
      description: `PostgreSQL ${major} parameters of ${this.identifier}: TLS required, slow statements logged`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: '1000' },
      ],
      tags,
      lifecycle: { createBeforeDestroy: true },
    });

    let monitoringRoleArn: string | undefined;
    if (monitoring > 0) {
      const role = new IamRole(this, 'MonitoringRole', {
        name: shorten(`${this.identifier}-rds-monitoring`, 64),
        assumeRolePolicy: serviceTrust('monitoring.rds.amazonaws.com'),
        tags,
      });
      new IamRolePolicyAttachment(this, 'MonitoringPolicy', {
        role: role.name,
        policyArn: managedPolicyArn(partition, 'service-role/AmazonRDSEnhancedMonitoringRole'),
      });
      monitoringRoleArn = role.arn;
    }

    const alarmTopicArn = props.alarmTopicArn === undefined ? ctx?.alertTopicArn(this.team) : requireResourceArn(this, KIND, 'alarmTopicArn', props.alarmTopicArn);
    if (props.alarms === true && alarmTopicArn === undefined) {
      throw propError(this, KIND, 'alarmTopicArn', undefined, 'is required for alarms outside a PlatformStack',
        'give alarmTopicArn (the ARN of the SNS topic to notify), or leave alarms unset');
    }
    const instanceClass = requireDatabaseInstanceClass(this, KIND, 'instanceClass', props.instanceClass ?? defaults.databaseInstanceClass);
    const finalSnapshot = props.finalSnapshot ?? defaults.deletionProtection;
    // A restored instance keeps its snapshot's KMS key (RDS cannot change it on restore; a key
    // given here would differ from the one Terraform reads back, and kms_key_id forces a new
    // instance on every later apply) and at least its snapshot's storage (RDS cannot shrink it),
    // so both are left to the snapshot unless the storage is given.
    // https://github.com/hashicorp/terraform-provider-aws/issues/15390
    const restoring = props.snapshotIdentifier !== undefined;
    const storageFromSnapshot = restoring && props.allocatedStorageGib === undefined;
    this.instance = new DbInstance(this, 'Instance', {
      identifier: this.identifier,
      engine: 'postgres',
      engineVersion,
      instanceClass,
      // Restored instances take the database and the master user from the snapshot.
      snapshotIdentifier: props.snapshotIdentifier,
      dbName: props.snapshotIdentifier ? undefined : this.sqlDatabaseName,
      port: POSTGRES_PORT,
      username: props.snapshotIdentifier ? undefined : masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      allocatedStorage: storageFromSnapshot ? undefined : allocated,
      maxAllocatedStorage: storageFromSnapshot && props.maxAllocatedStorageGib === undefined ? undefined : maxAllocated,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: restoring ? undefined : this.encryptionKey.keyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      multiAz: props.multiAz ?? defaults.multiAz,
      deletionProtection: props.deletionProtection ?? defaults.deletionProtection,
      skipFinalSnapshot: !finalSnapshot,
      finalSnapshotIdentifier: finalSnapshot ? `${this.identifier}-final` : undefined,
      backupRetentionPeriod: backupDays,
      backupWindow: '02:00-03:00',
      maintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: defaults.deleteAutomatedBackups,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: monitoring,
      monitoringRoleArn,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      tags,
    });
    if ((props.alarms ?? true) && alarmTopicArn !== undefined) {
      this.alarms = new PostgresAlarms(this, 'Alarms', {
        identifier: this.identifier,
        topicArn: alarmTopicArn,
        instanceClass,
        // A size left to the snapshot is not known here: no free-storage threshold can be set.
        allocatedStorageGib: storageFromSnapshot ? undefined : allocated,
        connectionsThreshold: props.alarmConnectionsThreshold,
      });
    }

    this.connectionSecretName = props.connectionSecretName
      ?? (ctx ? ctx.ownSecretName(this.databaseName, 'connection') : `${this.identifier}/connection`);
    const secret = new SecretsmanagerSecret(this, 'ConnectionSecret', {
      name: this.connectionSecretName,
      description: `Where to reach ${this.identifier} (host, port, dbname); the credentials are in the RDS-managed master secret`,
      kmsKeyId: this.encryptionKey.keyArn,
      recoveryWindowInDays: defaults.secretRecoveryWindowDays,
      tags,
    });
    new SecretsmanagerSecretVersion(this, 'ConnectionSecretValue', {
      secretId: secret.id,
      secretString: JSON.stringify({
        host: this.instance.address,
        port: String(POSTGRES_PORT),
        dbname: props.snapshotIdentifier ? this.instance.dbName : this.sqlDatabaseName,
      }),
    });
  }

  /**
   * Adds the database to the catalog: a `Resource` of type `database` named `<databaseName>-postgres`,
   * owned by the team of the services that connect to it (the platform team when there are several).
   */
  public addToCatalog(catalog: Catalog): void {
    catalog.addResource(this, {
      name: `${this.databaseName}-postgres`,
      type: 'database',
      description: `PostgreSQL database '${this.sqlDatabaseName}' on RDS instance '${this.identifier}'`,
      links: ConsoleLinks.of(catalog.environmentOf(this)).rdsInstance(this.identifier),
    });
  }

  private missing(prop: string, what: string): never {
    throw propError(this, KIND, prop, undefined, 'is required outside a PlatformStack', `give ${what}, or create the database inside a PlatformStack`);
  }
}

/** A database made elsewhere, known by its attributes. */
class ImportedPostgresDatabase extends Construct implements IPostgresDatabase {
  public readonly databaseName: string;
  public readonly instanceArn: string;
  public readonly connectionSecretName: string;
  public readonly port: number;
  public readonly subnetCidrs: string[];

  public constructor(scope: Construct, id: string, attrs: PostgresDatabaseAttributes) {
    super(scope, id);
    this.databaseName = requireDnsLabel(this, KIND, 'databaseName', attrs.databaseName, 30);
    if (!isUnresolved(attrs.instanceArn) && !/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:[a-z][a-z0-9-]*$/.test(attrs.instanceArn)) {
      throw propError(this, KIND, 'instanceArn', attrs.instanceArn, 'is not the ARN of an RDS DB instance',
        'give arn:<partition>:rds:<region>:<account>:db:<identifier>, e.g. from the database stack\'s outputs');
    }
    this.instanceArn = attrs.instanceArn;
    if (!attrs.connectionSecretName) {
      throw propError(this, KIND, 'connectionSecretName', attrs.connectionSecretName, 'is empty', 'name the Secrets Manager secret with host, port and dbname');
    }
    this.connectionSecretName = attrs.connectionSecretName;
    this.port = requireIntegerInRange(this, KIND, 'port', attrs.port ?? POSTGRES_PORT, 1, 65535);
    this.subnetCidrs = attrs.subnetCidrs.map((cidr, i) => requireCidr(this, KIND, `subnetCidrs[${i}]`, cidr));
  }
}
