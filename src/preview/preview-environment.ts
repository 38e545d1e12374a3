import { ApiObject, Chart } from 'cdk8s';
import { PreviewPostgres } from './preview-postgres';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { EnvironmentClass } from '../core/environment-class';
import { PlatformApp } from '../core/platform-app';
import { PlatformStack } from '../core/platform-stack';
import { StateBackend } from '../core/state-backend';
import { PostgresDatabase } from '../database/postgres-database';
import { PostgresEngineVersion } from '../database/postgres-engine-version';
import type { ServiceApp } from '../platform/service-app';
import { addConnectionExternalSecret } from '../private/connection-secret';
import {
  BRANCH_KEY, COMMIT_LABEL, DEFAULT_RUN_AS_USER, ENVIRONMENT_LABEL, INSTANCE_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL,
  PREVIEW_EXPIRY_LABEL, PREVIEW_LABEL, PREVIEW_TTL_MAX_HOURS, previewNamespacePrefix, PRIORITY_CLASS, PULL_REQUEST_LABEL, SECRET_STORE_NAME, TAG,
  TEAM_LABEL, teamGroup,
} from '../private/contract';
import { propError, reportAs } from '../private/errors';
import { dnsEgressRule, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../private/k8s-policy';
import { ENVIRONMENT_NAME_MAX, shorten } from '../private/naming';
import { CLUSTER, checkProps, propTypes, required, T } from '../private/prop-types';
import { validateImage } from '../private/quantities';
import { IN_CLUSTER_DATABASE_OPTIONS, SEED_JOB_OPTIONS, SNAPSHOT_DATABASE_OPTIONS } from '../private/shared-prop-types';
import { requireDnsLabel, requireIntegerInRange } from '../private/validate';
import { TeamNamespace } from '../team/team-namespace';

const KIND = 'PreviewEnvironment';
const PREVIEW_ENVIRONMENT = Symbol.for('cdk-paved-road.PreviewEnvironment');

/** Options for `PreviewDatabase.inCluster()`. */
export interface InClusterDatabaseOptions {
  /**
   * PostgreSQL image, pinned.
   * @default 'postgres:17.6-alpine'
   */
  readonly image?: string;
  /**
   * Data space in MiB.
   * @default 1024
   */
  readonly storageMib?: number;
}

/** Options for `PreviewDatabase.fromSnapshot()`. */
export interface SnapshotDatabaseOptions {
  /** The DB snapshot (identifier or ARN) to restore, e.g. a nightly sanitized copy of production. */
  readonly snapshotIdentifier: string;
  /** The cluster the preview runs on: its database subnets hold the instance. */
  readonly cluster: IPlatformCluster;
  /**
   * Instance class.
   * @default 'db.t4g.medium'
   */
  readonly instanceClass?: string;
  /**
   * The PostgreSQL version of the snapshot's database: the instance and its parameter group must
   * be of the snapshot's major version (a restore does not upgrade).
   * @default PostgresEngineVersion.VER_17
   */
  readonly engineVersion?: PostgresEngineVersion;
  /**
   * Storage in GiB, at least the snapshot's.
   * @default - the snapshot's
   */
  readonly allocatedStorageGib?: number;
}

/**
 * The database a preview gets: none, in the cluster, or restored from a snapshot.
 */
export class PreviewDatabase {
  /** No database. */
  public static none(): PreviewDatabase {
    return new PreviewDatabase(undefined, undefined);
  }

  /** A disposable PostgreSQL in the preview's namespace: no cloud resources, gone with the namespace. */
  public static inCluster(options: InClusterDatabaseOptions = {}): PreviewDatabase {
    checkProps('PreviewDatabase.inCluster', 'PreviewDatabase', options, IN_CLUSTER_DATABASE_OPTIONS, 'options');
    return new PreviewDatabase(options, undefined);
  }

  /** An RDS PostgreSQL restored from a snapshot, without deletion protection or final snapshot. */
  public static fromSnapshot(options: SnapshotDatabaseOptions): PreviewDatabase {
    checkProps('PreviewDatabase.fromSnapshot', 'PreviewDatabase', options, SNAPSHOT_DATABASE_OPTIONS, 'options');
    return new PreviewDatabase(undefined, options);
  }

  /**
   * Options of an in-cluster database; set only by `inCluster()`.
   * @internal
   */
  public readonly _inCluster?: InClusterDatabaseOptions;
  /**
   * Options of a restored database; set only by `fromSnapshot()`.
   * @internal
   */
  public readonly _snapshot?: SnapshotDatabaseOptions;

  private constructor(inCluster: InClusterDatabaseOptions | undefined, snapshot: SnapshotDatabaseOptions | undefined) {
    this._inCluster = inCluster;
    this._snapshot = snapshot;
  }
}

/** A Job run once after the preview is deployed, e.g. to load seed data. */
export interface SeedJobOptions {
  /** Image, pinned to a tag or digest. */
  readonly image: string;
  /** Command and arguments. */
  readonly command: string[];
}

/**
 * Properties for `PreviewEnvironment`.
 */
export interface PreviewEnvironmentProps {
  /** Short name of the platform, e.g. `acme`. */
  readonly platformName: string;
  /** The environment whose cluster runs the preview, whose repositories hold its images and whose secrets it reads, e.g. `dev`. */
  readonly hostEnvironmentName: string;
  /** The AWS account ID of the host environment. */
  readonly account: string;
  /** The AWS region of the host environment. */
  readonly region: string;
  /**
   * Domain under which previews get hostnames (`<service>-pr-<n>.<domain>`). Use the host
   * environment's domain (e.g. `dev.acme.example.com`): its platform creates that zone, where
   * ExternalDNS writes the preview records, and the wildcard certificate `*.<domain>` that covers
   * them. Another domain needs its own zone and certificate.
   */
  readonly domain: string;
  /** The pull request number: a positive integer. */
  readonly pullRequest: number;
  /** The pull request's branch (kept in an annotation, and as a label value once sanitized). */
  readonly branch: string;
  /** The commit deployed: 7 to 40 hexadecimal digits. */
  readonly commit: string;
  /** The owning team: quota, RBAC and cost allocation. */
  readonly team: string;
  /**
   * When the preview was (re)deployed, ISO 8601 with a zone, e.g. CI's event time. The expiry is
   * `createdAt + ttlHours`. A prop rather than the clock, so the same input gives the same output.
   */
  readonly createdAt: string;
  /**
   * Hours the preview lives after `createdAt` (1 to 720); every push renews it.
   * @default 72
   */
  readonly ttlHours?: number;
  /**
   * The environment class. Production is refused: a preview is disposable by definition.
   * @default EnvironmentClass.PREVIEW
   */
  readonly environmentClass?: EnvironmentClass;
  /**
   * The preview's database.
   * @default PreviewDatabase.none()
   */
  readonly database?: PreviewDatabase;
  /**
   * A Job run once after deploy (named after the commit, so each push seeds again).
   * @default - none
   */
  readonly seed?: SeedJobOptions;
  /**
   * Keep the services' HorizontalPodAutoscalers and PodDisruptionBudgets.
   * @default false: one replica each, no HPA, no PDB
   */
  readonly autoscaling?: boolean;
  /**
   * CPU cores the preview may request (the cost cap).
   * @default - by environment class (`EnvironmentDefaults.quotaCpuCores`): 4 preview, 10 development, 20 staging
   */
  readonly quotaCpuCores?: number;
  /**
   * Memory the preview may request, in GiB.
   * @default - by environment class (`EnvironmentDefaults.quotaMemoryGib`): 8 preview, 20 development, 40 staging
   */
  readonly quotaMemoryGib?: number;
  /**
   * Pods the preview may run.
   * @default - by environment class (`EnvironmentDefaults.quotaPods`): 30 preview, 60 development, 100 staging
   */
  readonly quotaPods?: number;
  /**
   * Where Terraform keeps the preview's state; with S3 the key holds the preview's environment
   * name (`<host>-pr-<n>`), so destroying one preview touches nothing else.
   * @default StateBackend.local()
   */
  readonly stateBackend?: StateBackend;
  /**
   * Kubernetes group of the team, bound to the developer role in the preview namespace.
   * @default 'team:<team>'
   */
  readonly teamGroup?: string;
  /**
   * The host environment's cluster: the default `cluster` of the preview's services, so that an
   * exposed service's NetworkPolicy admits the load balancer from the cluster's subnets.
   * @default - none: an exposed service of the preview must be given `cluster` itself
   */
  readonly cluster?: IPlatformCluster;
}

/** Runtime types of `PreviewEnvironmentProps` (src/private/prop-types.ts). */
const PREVIEW_ENVIRONMENT_PROPS = propTypes('PreviewEnvironmentProps', {
  platformName: required(T.string),
  hostEnvironmentName: required(T.string),
  account: required(T.string),
  region: required(T.string),
  domain: required(T.string),
  pullRequest: required(T.number),
  branch: required(T.string),
  commit: required(T.string),
  team: required(T.string),
  createdAt: required(T.string),
  ttlHours: T.number,
  environmentClass: T.oneOf('EnvironmentClass', EnvironmentClass),
  database: T.shape('a PreviewDatabase', 'PreviewDatabase.inCluster() or PreviewDatabase.none()'),
  seed: T.struct(SEED_JOB_OPTIONS),
  autoscaling: T.boolean,
  quotaCpuCores: T.number,
  quotaMemoryGib: T.number,
  quotaPods: T.number,
  stateBackend: T.shape('a StateBackend', 'StateBackend.s3({ ... })'),
  teamGroup: T.string,
  cluster: CLUSTER,
});

/**
 * An isolated, short-lived copy of a team's services for one pull request: a Terraform stack of
 * its own (state key per pull request, nothing deletion-protected, every resource tagged with
 * the pull request and the expiry) and a namespace `preview-<team>-pr-<n>` labelled with pull
 * request, branch, commit, team and expiry, with a quota and limits sized for previews and a
 * default-deny NetworkPolicy, so previews reach neither each other nor production.
 *
 * ServiceApps created in it run in that namespace with the images of the host environment's
 * repositories at the pull request's tag, one replica each, on hosts `<service>-pr-<n>.<domain>`.
 * A `PreviewJanitor` in the cluster (`PlatformCluster` prop `previewJanitor`) deletes expired
 * previews even when CI never runs destroy.
 *
 * @example
 * const preview = new PreviewEnvironment(app, 'shop-pr-123', { platformName: 'acme', hostEnvironmentName: 'dev', ... });
 * const orders = new ServiceApp(preview, 'orders', { team: 'shop', imageTag: 'pr-123-4f2a9c1' });
 * preview.connectDatabase(orders);
 */
export class PreviewEnvironment extends PlatformStack {
  /** True when `x` is a PreviewEnvironment. */
  public static isPreviewEnvironment(x: unknown): x is PreviewEnvironment {
    return typeof x === 'object' && x !== null && PREVIEW_ENVIRONMENT in x;
  }

  /** The pull request number. */
  public readonly pullRequest: number;
  /** The preview's namespace. */
  public readonly namespace: string;
  /** The owning team. */
  public readonly team: string;
  /** Expiry, ISO 8601 UTC. */
  public readonly expiresAt: string;
  /** Expiry in seconds since the epoch (the janitor's label). */
  public readonly expiresAtEpochSeconds: number;
  /** Keep HPAs and PDBs. */
  public readonly autoscaling: boolean;
  /** The chart with the namespace, its guards, the database and the seed Job. */
  public readonly chart: Chart;
  /** Labels of the preview (pull request, commit, team, preview marker). */
  public readonly previewLabels: { [key: string]: string };
  /** The restored RDS database, when `PreviewDatabase.fromSnapshot()` is used. */
  public readonly rdsDatabase?: PostgresDatabase;
  /** The in-cluster database, when `PreviewDatabase.inCluster()` is used. */
  public readonly inClusterDatabase?: PreviewPostgres;
  /** The Secret with the PG* variables of the preview's database, when it has one. */
  public readonly databaseSecretName?: string;
  /** The host environment's cluster, when given. */
  public readonly cluster?: IPlatformCluster;
  /** The services `connectDatabase()` was called for. */
  private readonly databaseConnected = new Set<ServiceApp>();

  public constructor(app: PlatformApp, id: string, props: PreviewEnvironmentProps) {
    // Before super (the stack's own checks read props): the error names the stack by its id, its path.
    checkProps(id, KIND, props, PREVIEW_ENVIRONMENT_PROPS);
    const pr = props.pullRequest;
    const prOk = Number.isSafeInteger(pr) && pr > 0;
    const environmentName = shorten(`${props.hostEnvironmentName}-pr-${prOk ? pr : 0}`, ENVIRONMENT_NAME_MAX);
    const ttl = props.ttlHours ?? 72;
    const created = parseTimestamp(props.createdAt);
    const expires = created === undefined || !Number.isFinite(ttl) ? 0 : created + ttl * 3600 * 1000;
    super(app, id, {
      platformName: props.platformName,
      environmentName,
      hostEnvironmentName: props.hostEnvironmentName,
      environmentClass: props.environmentClass ?? EnvironmentClass.PREVIEW,
      account: props.account,
      region: props.region,
      domain: props.domain,
      stateBackend: props.stateBackend,
      extraTags: {
        [TAG.PULL_REQUEST]: String(pr),
        [TAG.EXPIRES_AT]: new Date(expires).toISOString(),
        [TAG.TEAM]: props.team,
      },
    });
    Object.defineProperty(this, PREVIEW_ENVIRONMENT, { value: true });

    // Checks (after super: an error must name the construct path).
    if (!prOk) {
      throw propError(this, KIND, 'pullRequest', pr, 'is not a positive integer', 'pass the pull request number, e.g. 123 (GitHub: github.event.number)');
    }
    if (props.environmentClass === EnvironmentClass.PRODUCTION) {
      throw propError(this, KIND, 'environmentClass', props.environmentClass, 'is production, and a preview is disposable by definition',
        'use EnvironmentClass.PREVIEW (the default), or a PlatformStack for a production environment');
    }
    if (created === undefined) {
      throw propError(this, KIND, 'createdAt', props.createdAt, 'is not an ISO 8601 time with a zone', 'pass e.g. "2026-11-21T09:30:00Z" (GitHub: github.event.pull_request.updated_at)');
    }
    requireIntegerInRange(this, KIND, 'ttlHours', ttl, 1, PREVIEW_TTL_MAX_HOURS);
    if (!/^[0-9a-f]{7,40}$/.test(props.commit)) {
      throw propError(this, KIND, 'commit', props.commit, 'is not a commit hash', 'pass 7 to 40 lower-case hexadecimal digits (GitHub: github.event.pull_request.head.sha)');
    }
    if (!props.branch || props.branch.length > 255) {
      throw propError(this, KIND, 'branch', props.branch, 'is empty or longer than 255 characters', 'pass the pull request\'s head branch name');
    }
    this.team = requireDnsLabel(this, KIND, 'team', props.team);
    this.pullRequest = pr;
    this.cluster = props.cluster;
    this.autoscaling = props.autoscaling ?? false;
    this.expiresAt = new Date(expires).toISOString();
    this.expiresAtEpochSeconds = Math.floor(expires / 1000);
    this.namespace = shorten(`${previewNamespacePrefix(this.team)}${pr}`, 63);

    this.previewLabels = {
      [PREVIEW_LABEL]: 'true',
      [PULL_REQUEST_LABEL]: String(pr),
      [COMMIT_LABEL]: props.commit,
      [TEAM_LABEL]: this.team,
    };
    this.chart = this.addChart('preview', { namespace: this.namespace });
    reportAs(this, KIND, { quotaCpuCores: 'quotaCpuCores', quotaMemoryGib: 'quotaMemoryGib', quotaPods: 'quotaPods', group: 'teamGroup' },
      () => new TeamNamespace(this.chart, 'Namespace', {
        name: this.namespace,
        team: this.team,
        group: props.teamGroup ?? teamGroup(this.team),
        defaults: this.context.defaults,
        quotaCpuCores: props.quotaCpuCores,
        quotaMemoryGib: props.quotaMemoryGib,
        quotaPods: props.quotaPods,
        labels: {
          ...this.previewLabels,
          [BRANCH_KEY]: labelValue(props.branch),
          [PREVIEW_EXPIRY_LABEL]: String(this.expiresAtEpochSeconds),
          // The platform's ClusterSecretStore serves the namespaces of the host environment.
          [ENVIRONMENT_LABEL]: this.context.hostEnvironmentName,
        },
        annotations: { [BRANCH_KEY]: props.branch, [PREVIEW_EXPIRY_LABEL]: this.expiresAt },
      }), this.chart);

    const database = props.database ?? PreviewDatabase.none();
    const labels = { ...this.previewLabels, [MANAGED_BY_LABEL]: MANAGED_BY };
    if (database._inCluster) {
      const opts = database._inCluster;
      this.inClusterDatabase = reportAs(this, KIND, { image: 'database.image', storageMib: 'database.storageMib' }, () => new PreviewPostgres(this.chart, 'Postgres', {
        namespace: this.namespace,
        image: opts.image,
        storageMib: opts.storageMib,
        labels: this.previewLabels,
        priorityClassName: this.priorityClassNameFor('postgres'),
      }), this.chart);
      this.databaseSecretName = this.inClusterDatabase.secretName;
    } else if (database._snapshot) {
      const opts = database._snapshot;
      if (!opts.snapshotIdentifier) {
        throw propError(this, KIND, 'database.snapshotIdentifier', opts.snapshotIdentifier, 'is empty', 'name the DB snapshot to restore');
      }
      this.rdsDatabase = reportAs(this, KIND, {
        instanceClass: 'database.instanceClass',
        cluster: 'database.cluster',
        snapshotIdentifier: 'database.snapshotIdentifier',
        engineVersion: 'database.engineVersion',
        allocatedStorageGib: 'database.allocatedStorageGib',
      },
      () => new PostgresDatabase(this, 'Database', {
        databaseName: 'app',
        team: this.team,
        cluster: opts.cluster,
        snapshotIdentifier: opts.snapshotIdentifier,
        instanceClass: opts.instanceClass,
        engineVersion: opts.engineVersion,
        allocatedStorageGib: opts.allocatedStorageGib,
        multiAz: false,
        deletionProtection: false,
        finalSnapshot: false,
        backupRetentionDays: 1,
      }));
      this.databaseSecretName = 'preview-database';
      addConnectionExternalSecret(this.chart, 'DatabaseConnection', {
        name: this.databaseSecretName,
        namespace: this.namespace,
        labels,
        secretStoreName: SECRET_STORE_NAME,
        database: this.rdsDatabase,
        envPrefix: 'PG',
      });
    }

    if (props.seed) {
      this.addSeedJob(props.seed, props.commit, labels);
    }
  }

  /** Every service of a preview runs in the preview's namespace, whatever it asks for. */
  public override namespaceFor(_team: string, _namespace?: string): string {
    return this.namespace;
  }

  /** The cluster a service names, else the host environment's cluster given to the preview (`cluster`). */
  public override clusterFor(cluster?: IPlatformCluster): IPlatformCluster | undefined {
    return cluster ?? this.cluster;
  }

  /** The hostname of a service in this preview: `<service>-pr-<n>.<domain>` (label hash-shortened to 63). */
  public override hostnameFor(service: string): string {
    return `${shorten(`${service}-pr-${this.pullRequest}`, 63)}.${this.context.domain}`;
  }

  /** One replica unless the workload asks for more, or the preview keeps autoscaling (`autoscaling: true`). */
  public override replicasFor(replicas?: number): number | undefined {
    return this.autoscaling ? replicas : replicas ?? 1;
  }

  /** `preview-low`: a preview's pods are evicted first and never preempt others. */
  public override priorityClassNameFor(_workload: string): string {
    return PRIORITY_CLASS.PREVIEW_LOW;
  }

  /** The environment's labels and the pull request's number. */
  public override labelsFor(team: string): { [key: string]: string } {
    return { ...super.labelsFor(team), [PULL_REQUEST_LABEL]: String(this.pullRequest) };
  }

  /**
   * Gives a service of this preview the preview's database: `PGHOST`, `PGPORT`, `PGDATABASE`,
   * `PGUSER` and `PGPASSWORD` from the database Secret, and NetworkPolicy egress to it.
   */
  public connectDatabase(app: ServiceApp): void {
    if (!this.databaseSecretName) {
      throw propError(this, KIND, 'database', 'none', 'is not set, so there is nothing to connect', 'set database: PreviewDatabase.inCluster() or PreviewDatabase.fromSnapshot({...})');
    }
    if (PlatformStack.containing(app) !== this) {
      throw propError(this, KIND, 'app', app.node.path, 'is not a service of this preview', 'create the ServiceApp inside this PreviewEnvironment');
    }
    if (this.databaseConnected.has(app)) {
      throw propError(this, KIND, 'app', app.node.path, 'is connected to the database already', 'connect each service once');
    }
    app._workload.addEnvFromSecret(this.databaseSecretName); // first: it may refuse a Secret added already
    this.databaseConnected.add(app);
    if (this.inClusterDatabase) {
      app._workload.allowEgressToPods(this.inClusterDatabase.selector, this.inClusterDatabase.port);
    }
    for (const cidr of this.rdsDatabase?.subnetCidrs ?? []) {
      app._workload.allowEgressTo(cidr, this.rdsDatabase!.port);
    }
  }

  private addSeedJob(seed: SeedJobOptions, commit: string, labels: { [key: string]: string }): void {
    validateImage(this, KIND, 'seed.image', seed.image);
    if (!seed.command || seed.command.length === 0) {
      throw propError(this, KIND, 'seed.command', seed.command, 'is empty', 'give the command that loads the seed data, e.g. ["./seed.sh"]');
    }
    const name = `seed-${commit.slice(0, 7)}`;
    const seedLabels = { ...labels, [NAME_LABEL]: 'seed', [INSTANCE_LABEL]: name };
    new ApiObject(this.chart, 'Seed', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: this.namespace, labels: seedLabels },
      spec: {
        backoffLimit: 6, // retries until the database is ready
        activeDeadlineSeconds: 900,
        template: {
          metadata: { labels: seedLabels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            priorityClassName: this.priorityClassNameFor(name),
            securityContext: restrictedPodSecurityContext(DEFAULT_RUN_AS_USER),
            containers: [{
              name: 'seed',
              image: seed.image,
              imagePullPolicy: 'Always',
              command: seed.command,
              envFrom: this.databaseSecretName ? [{ secretRef: { name: this.databaseSecretName } }] : undefined,
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
          },
        },
      },
    });
    // Its own policy, as every workload has: nothing in; out DNS and the preview's database only.
    const egress: any[] = [dnsEgressRule()];
    if (this.inClusterDatabase) {
      egress.push({ to: [{ podSelector: { matchLabels: this.inClusterDatabase.selector } }], ports: [{ protocol: 'TCP', port: this.inClusterDatabase.port }] });
    }
    if (this.rdsDatabase && this.rdsDatabase.subnetCidrs.length > 0) {
      egress.push({ to: this.rdsDatabase.subnetCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: this.rdsDatabase.port }] });
    }
    new ApiObject(this.chart, 'SeedNetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: this.namespace, labels: seedLabels },
      spec: {
        podSelector: { matchLabels: { [INSTANCE_LABEL]: name } },
        policyTypes: ['Ingress', 'Egress'],
        egress,
      },
    });
  }
}

/** A Kubernetes label value for any string: invalid characters become `-`, hash-shortened to 63. */
function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return shorten(cleaned, 63) || 'none';
}

/** Milliseconds since the epoch of an ISO 8601 time with a zone, or undefined. */
function parseTimestamp(value: string): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
