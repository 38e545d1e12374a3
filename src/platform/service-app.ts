import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Chart } from 'cdk8s';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { PlatformStack } from '../core/platform-stack';
import { IPostgresDatabase } from '../database/postgres-database';
import { PrometheusWorkspace } from '../observability/prometheus-workspace';
import { ServiceAlertRules } from '../observability/service-alert-rules';
import { ServiceDashboard } from '../observability/service-dashboard';
import { ServiceLevelObjective } from '../observability/service-level-objective';
import { Catalog, ICatalogSource } from '../portal/catalog';
import { kubernetesAnnotations } from '../portal/private/annotations';
import { addConnectionExternalSecret, requireEnvPrefix } from '../private/connection-secret';
import { PART_OF_LABEL, TAG, TEAM_LABEL, prometheusWorkspaceParameter } from '../private/contract';
import { withDeferredBuild } from '../private/engine/deferred';
import { asOuterError, constructError, propError, reportAs } from '../private/errors';
import { podIdentityTrust, policyDocument, Statement } from '../private/iam';
import { CLUSTER, checkProps, propTypes, required, T } from '../private/prop-types';
import { validateImage } from '../private/quantities';
import { WORKLOAD_OPTIONS } from '../private/shared-prop-types';
import {
  claimName, requireDnsLabel, requireIamActions, requireKmsKeyArn, requireLabelValue, requireResourceArn, requireUnreservedNamespace,
} from '../private/validate';
import { ServiceRepository } from '../registry/service-repository';
import { EncryptionKey } from '../security/encryption-key';
import { Grant } from '../security/grant';
import { WorkloadOptions } from '../workload/options';
import { Workload } from '../workload/workload';

const KIND = 'ServiceApp';
/** Days a deleted app secret can be restored: the most Secrets Manager allows where deletion is protected, the least elsewhere. */
const SECRET_RECOVERY_DAYS_PROTECTED = 30;
const SECRET_RECOVERY_DAYS = 7;
/** The ServiceApps of each stack by service name (for `dependencies` and unique names). */
const SERVICES = new WeakMap<PlatformStack, Map<string, ServiceApp>>();
/** Per stack, the services that named a service in `dependencies` before it was created, by that name. */
const WAITING = new WeakMap<PlatformStack, Map<string, ServiceApp[]>>();
/** Construct ID of the environment's image key in its stack (a Terraform address: never rename). */
const IMAGE_KEY_ID = 'ImageKey';

/**
 * Properties for `ServiceApp`.
 */
export interface ServiceAppProps extends WorkloadOptions {
  /** The team that owns the service; its namespace, its cost-allocation tag and its label. */
  readonly team: string;
  /**
   * Image tag (or `sha256:<digest>`) to deploy from the service's own ECR repository, which the
   * ServiceApp creates. `latest` is refused. Give this or `image`, not both.
   * @default - none: `image` must be given
   */
  readonly imageTag?: string;
  /**
   * Full image reference from a registry the service does not own in this environment, pinned by
   * tag or digest: a shared-services account's ECR (one build promoted through every environment),
   * or a vendor's image. No ECR repository is created for the service. The cluster's nodes must be
   * allowed to pull it: for another account's ECR, its repository policy must grant the node role
   * `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer`. Give this or `imageTag`, not both.
   * @default - none: the image is `imageTag` from the service's own repository
   */
  readonly image?: string;
  /**
   * Name of the service: a DNS label of at most 40 characters.
   * @default - the construct id
   */
  readonly serviceName?: string;
  /**
   * Namespace the service runs in. The stack decides (`PlatformStack.namespaceFor()`): a preview
   * runs every service in its own namespace, whatever is given here.
   * @default - the team's namespace (the team name)
   */
  readonly namespace?: string;
  /**
   * The cluster the service runs on, for its subnets' CIDRs (the load balancer's source when
   * exposed, the database subnets) and its name. Required with `exposure` (in a preview, the
   * preview's `cluster` is the default).
   * @default - the cluster named after the environment (`<platform>-<environment>`), with no subnets known
   */
  readonly cluster?: IPlatformCluster;
  /**
   * Names of other ServiceApps of this environment that this service calls, in either order of
   * creation: each is connected (as `connect(other)`) as soon as both exist; a name no ServiceApp of
   * the environment takes fails at synth. Prefer `connect(other)` when you hold the other service.
   * @default - none
   */
  readonly dependencies?: string[];
  /**
   * Name of the larger application this service is part of (`app.kubernetes.io/part-of`).
   * @default - the team name
   */
  readonly partOf?: string;
  /**
   * Images the service's ECR repository keeps (not with `image`: then there is no repository).
   * @default 30
   */
  readonly imagesKept?: number;
  /**
   * Alerts (SLO burn-rate and baseline, in the cluster's Prometheus workspace, routed to the
   * team's topic) and a Grafana dashboard for the service.
   * @default true
   */
  readonly monitoring?: boolean;
  /**
   * The service-level objective its burn-rate alerts and dashboard measure.
   * @default - 99.9 % availability over 30 days, from `http_requests_total`
   */
  readonly slo?: ServiceLevelObjective;
  /**
   * Runbook the service's alerts link to.
   * @default - no runbook link
   */
  readonly runbookUrl?: string;
  /**
   * KMS key of the service's own Secrets Manager secret (created when `secrets` are declared).
   * @default - the account's AWS managed key for Secrets Manager (`aws/secretsmanager`)
   */
  readonly secretEncryptionKey?: EncryptionKey;
  /**
   * ARN of the customer-managed KMS key the service's ECR repository encrypts images with (not
   * with `image`: then there is no repository).
   * @default - in production and staging, the environment's image key (one `EncryptionKey` per
   * stack, alias `<platform>-<environment>/ecr`); in other classes the AWS-managed `aws/ecr` key
   */
  readonly imageEncryptionKeyArn?: string;
}

/** Runtime types of `ServiceAppProps` (src/private/prop-types.ts). */
const SERVICE_APP_PROPS = propTypes('ServiceAppProps', {
  ...WORKLOAD_OPTIONS.props,
  team: required(T.string),
  imageTag: T.string,
  image: T.string,
  serviceName: T.string,
  namespace: T.string,
  cluster: CLUSTER,
  dependencies: T.strings,
  partOf: T.string,
  imagesKept: T.number,
  monitoring: T.boolean,
  slo: T.shape('a ServiceLevelObjective', 'an object such as { availability: 99.9 }'),
  runbookUrl: T.string,
  secretEncryptionKey: T.shape('an EncryptionKey', 'an EncryptionKey construct', ['keyArn']),
  imageEncryptionKeyArn: T.string,
});

/**
 * A production-ready service on the platform from one construct: an ECR repository (unless
 * `image` names another registry's image), an IAM role bound to the pods through EKS Pod Identity
 * (created on the first grant), and a Workload (Deployment, Service, HPA, PDB, NetworkPolicy,
 * ServiceAccount, ConfigMap, ExternalSecret and an optional Ingress) in a chart of its own,
 * `<stack>-<service>.k8s.yaml`.
 *
 * @example
 * const checkout = new ServiceApp(prod, 'checkout', { team: 'payments', imageTag: '1.4.2', exposure: {} });
 * checkout.connect(orders);
 * // An image built once in a shared-services account and promoted through the environments:
 * new ServiceApp(prod, 'search', { team: 'shop', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/search:2.0.1' });
 */
export class ServiceApp extends Construct implements ICatalogSource {
  /** The service name. */
  public readonly serviceName: string;
  /** The namespace it runs in. */
  public readonly namespace: string;
  /** The owning team. */
  public readonly team: string;
  /**
   * The service's image repository; none in a preview, which pulls from its host environment's,
   * and none when `image` names another registry's image.
   */
  public readonly repository?: ServiceRepository;
  /** The full image reference deployed, known at synth time. */
  public readonly image: string;
  /** Name of the IAM role the pods assume (created on the first grant). */
  public readonly roleName: string;
  /** ARN of that role, known at synth time. */
  public readonly roleArn: string;
  /** Name of the service's Secrets Manager secret. */
  public readonly secretName: string;
  /** The public hostname, when the service is exposed. */
  public readonly publicHostname?: string;
  /**
   * The service's Secrets Manager secret `<platform>/<environment>/<service>/app`, which its
   * ExternalSecret reads: created when `secrets` are declared (not in a preview, which reads its
   * host environment's). Terraform holds no value: set it out of band
   * (`aws secretsmanager put-secret-value`), as JSON with one property per declared secret.
   */
  public readonly secret?: SecretsmanagerSecret;
  /** The EKS cluster the pod identity association targets. */
  public readonly clusterName: string;
  /** Its Prometheus rules (SLO and baseline alerts), unless `monitoring` is off. */
  public readonly alertRules?: ServiceAlertRules;
  /** Its Grafana dashboard, unless `monitoring` is off. */
  public readonly dashboard?: ServiceDashboard;
  private readonly stack: PlatformStack;
  private readonly statements: Statement[] = [];
  private role?: IamRole;
  /** What the service uses, for the catalog's `dependsOn`: services it calls, its databases. */
  private readonly uses: Construct[] = [];
  private readonly internetFacing?: boolean;
  /** The chart, whose workload builds its objects only when they are rendered or read. */
  private readonly ownChart: Chart;
  private readonly ownWorkload: Workload;

  public constructor(scope: Construct, id: string, props: ServiceAppProps) {
    super(scope, id);
    checkProps(this, KIND, props, SERVICE_APP_PROPS);
    this.stack = PlatformStack.containing(this);
    const ctx = this.stack.context;
    this.serviceName = requireDnsLabel(this, KIND, 'serviceName', props.serviceName ?? id, 40);
    this.team = requireDnsLabel(this, KIND, 'team', props.team);
    // Where the service runs, how many replicas, at which priority and under which host is the
    // stack's policy (a preview answers: its namespace, one replica, preview-low, a preview host).
    this.namespace = requireUnreservedNamespace(this, KIND, props.namespace === undefined ? 'team' : 'namespace',
      requireDnsLabel(this, KIND, 'namespace', this.stack.namespaceFor(this.team, props.namespace)));
    const partOf = requireLabelValue(this, KIND, 'partOf', props.partOf ?? this.team);
    if (props.image !== undefined && props.imageTag !== undefined) {
      throw propError(this, KIND, 'image', props.image, `is given together with imageTag '${props.imageTag}'`,
        "give one: imageTag to deploy from the service's own ECR repository, or image for a full reference from another registry");
    }
    if (props.image !== undefined) {
      validateImage(this, KIND, 'image', props.image);
      for (const [prop, value] of [['imagesKept', props.imagesKept], ['imageEncryptionKeyArn', props.imageEncryptionKeyArn]] as const) {
        if (value !== undefined) {
          throw propError(this, KIND, prop, value, 'is given, but image names another registry, so the service has no repository',
            "set it where the image's repository is defined, or deploy with imageTag from the service's own repository");
        }
      }
    } else if (!props.imageTag || props.imageTag === 'latest') {
      throw propError(this, KIND, 'imageTag', props.imageTag, props.imageTag === 'latest'
        ? "is 'latest', which names a different image over time" : 'is empty and no image is given',
      'pin an explicit version tag such as "1.4.2" or a digest "sha256:...", or give image (a full reference from another registry)');
    }
    const cluster = this.stack.clusterFor(props.cluster);
    if (props.exposure && !cluster) {
      throw propError(this, KIND, 'cluster', undefined, 'is required with exposure: the NetworkPolicy admits the load balancer from the subnets it runs in, and only the cluster knows them',
        'pass cluster (a PlatformCluster, or PlatformCluster.fromAttributes(...) from another repository)');
    }
    registerService(this.stack, this);
    // Two stacks of one platform and environment with the same service would make its repository,
    // role and secret twice, in two states.
    claimName(this, KIND, `service:${ctx.platformName}/${ctx.environmentName}/${this.serviceName}`,
      `service '${this.serviceName}' of environment '${ctx.environmentName}'`);
    if ((props.dependencies ?? []).includes(this.serviceName)) {
      throw propError(this, KIND, 'dependencies', this.serviceName, 'names the service itself', 'list only the other services it calls');
    }

    const tags = { [TAG.TEAM]: this.team, [TAG.SERVICE]: this.serviceName };
    // An environment hosted by another (a preview) pulls from the host's repository; an image from
    // another registry needs none.
    if (!ctx.isHosted && props.image === undefined) {
      // reportAs() inlined: each cdktf token the repository makes records the stack it was made on,
      // and the callback's two frames would be in every one of them (#22: time and memory per service).
      const encryptionKeyArn = props.imageEncryptionKeyArn === undefined
        ? (ctx.defaults.customerManagedKeys ? imageKeyOf(this.stack).keyArn : undefined)
        : requireKmsKeyArn(this, KIND, 'imageEncryptionKeyArn', props.imageEncryptionKeyArn);
      try {
        this.repository = new ServiceRepository(this, 'Repository', {
          repositoryName: ctx.repositoryName(this.serviceName), imagesKept: props.imagesKept, encryptionKeyArn,
        });
      } catch (e) {
        throw asOuterError(e, this, KIND, { imagesKept: 'imagesKept', encryptionKeyArn: 'imageEncryptionKeyArn' });
      }
      this.repository.repository.tags = tags;
    }
    const imageTag = props.imageTag ?? '';
    this.image = props.image ?? (imageTag.startsWith('sha256:')
      ? `${ctx.repositoryUrl(this.serviceName)}@${imageTag}`
      : `${ctx.repositoryUrl(this.serviceName)}:${imageTag}`);
    this.roleName = ctx.workloadRoleName(this.serviceName);
    this.roleArn = ctx.roleArn(this.roleName);
    this.secretName = ctx.secretName(this.serviceName, 'app');
    if ((props.secrets ?? []).length > 0 && !ctx.isHosted) {
      this.secret = new SecretsmanagerSecret(this, 'AppSecret', {
        name: this.secretName,
        description: `Secret environment variables of ${this.serviceName} (${props.secrets!.map((e) => e.property).join(', ')}); values set out of band`,
        kmsKeyId: props.secretEncryptionKey?.keyArn,
        recoveryWindowInDays: ctx.defaults.deletionProtection ? SECRET_RECOVERY_DAYS_PROTECTED : SECRET_RECOVERY_DAYS,
        tags,
      });
    }

    const defaultHost = this.stack.hostnameFor(this.serviceName);
    this.publicHostname = props.exposure ? props.exposure.host ?? defaultHost : undefined;
    this.internetFacing = props.exposure?.internetFacing;
    this.ownChart = this.stack.addChart(this.serviceName, { namespace: this.namespace });
    const replicas = this.stack.replicasFor(props.replicas);
    // Workload's errors about what the user gave name this ServiceApp and its props.
    const workloadProps: { [prop: string]: string } = {
      name: 'serviceName',
      namespace: 'namespace',
      image: props.image === undefined ? 'imageTag' : 'image',
      ingressFromCidrs: 'cluster',
      defaultHost: 'exposure.host',
      defaultIngressGroup: 'exposure.groupName',
      labels: 'partOf',
    };
    for (const prop of Object.keys(WORKLOAD_OPTIONS.props)) {
      workloadProps[prop] = prop;
    }
    // The workload's objects are built when the chart is rendered and let go after (#22: memory
    // per service), unless read through `chart` or `workload` first, or the app says otherwise.
    const defer = this.stack.platformApp.deferServiceObjects;
    this.ownWorkload = reportAs(this, KIND, workloadProps, () => withDeferredBuild(defer ? this.ownChart : undefined, () => new Workload(this.ownChart, 'Workload', {
      name: this.serviceName,
      namespace: this.namespace,
      image: this.image,
      environmentClass: ctx.environmentClass,
      port: props.port,
      replicas,
      autoscaling: props.autoscaling,
      cpu: props.cpu,
      cpuLimit: props.cpuLimit,
      memory: props.memory,
      memoryLimit: props.memoryLimit,
      healthChecks: props.healthChecks,
      env: props.env,
      secrets: props.secrets,
      secretName: this.secretName,
      exposure: props.exposure,
      defaultHost,
      defaultIngressGroup: ctx.clusterName, // previews join their host's load balancer
      // ALB target type ip: an internet-facing ALB reaches the pods from the public subnets, an internal one from the private ones.
      ingressFromCidrs: !props.exposure || !cluster ? undefined
        : props.exposure.internetFacing ?? true ? cluster.publicSubnetCidrs : cluster.privateSubnetCidrs,
      // The scrapers (the AMP collector's interfaces, the host-network CloudWatch agent) live in the private subnets.
      metrics: { ...props.metrics, scraperCidrs: props.metrics?.scraperCidrs ?? cluster?.privateSubnetCidrs },
      spot: props.spot,
      priorityClassName: this.stack.priorityClassNameFor(this.serviceName),
      labels: {
        [PART_OF_LABEL]: partOf,
        [TEAM_LABEL]: this.team,
        ...this.stack.labelsFor(this.team),
      },
    })), this.ownChart);

    // Dependencies by name are wired as soon as both services exist: here when the other one was
    // created first, else when it is (registerService). The validation only reports names no
    // ServiceApp of the environment took; it changes nothing.
    for (const name of props.dependencies ?? []) {
      dependOn(this.stack, this, name);
      this.node.addValidation({
        validate: () => (servicesOf(this.stack).has(name) ? [] : [propError(this, KIND, 'dependencies', name,
          `names no ServiceApp in environment '${ctx.environmentName}'`,
          `create ServiceApp '${name}' in this environment or remove it from dependencies`).message]),
      });
    }
    connectWaiting(this.stack, this);
    this.clusterName = cluster?.clusterName ?? ctx.clusterName;

    if (props.monitoring ?? true) {
      this.alertRules = new ServiceAlertRules(this, 'AlertRules', {
        workspaceId: PrometheusWorkspace.idFromParameter(this, prometheusWorkspaceParameter(ctx.platformName, ctx.hostEnvironmentName)),
        serviceName: this.serviceName,
        namespace: this.namespace,
        team: this.team,
        environmentName: ctx.environmentName,
        slo: props.slo,
        runbookUrl: props.runbookUrl,
        autoscaled: this.ownWorkload.autoscaled,
      });
      this.dashboard = new ServiceDashboard(this.ownChart, 'Dashboard', {
        serviceName: this.serviceName,
        namespace: this.namespace,
        labels: this.ownWorkload.labels,
        requestsMetric: props.slo?.requestsMetric,
        errorMatcher: props.slo?.errorMatcher,
        durationHistogram: props.slo?.durationHistogram,
      });
    }
  }

  /**
   * The chart holding its Kubernetes objects (file `<stack>-<service>.k8s.yaml`). Reading it builds
   * the workload's objects for good; unread, they are built only while the chart is rendered (a
   * program of many services then holds their inputs, not their objects), unless the app's
   * `deferServiceObjects` is false.
   */
  public get chart(): Chart {
    this.builtWorkload();
    return this.ownChart;
  }

  /**
   * The Kubernetes workload. Reading it builds its objects for good, as `chart` does.
   */
  public get workload(): Workload {
    return this.builtWorkload();
  }

  /**
   * The workload without building its objects, for the library's own constructs (a preview's
   * database wiring). @internal
   */
  public get _workload(): Workload {
    return this.ownWorkload;
  }

  /**
   * Lets this service call `other`: NetworkPolicy egress from this service and ingress to `other`.
   */
  public connect(other: ServiceApp): void {
    if (other === this) {
      throw propError(this, KIND, 'connect', other.node.path, 'connects the service to itself', 'connect it to the other services it calls');
    }
    const mine = this.stack.context;
    const theirs = other.stack.context;
    if (mine.platformName !== theirs.platformName || mine.environmentName !== theirs.environmentName) {
      throw propError(this, KIND, 'connect', other.node.path,
        `is a service of environment '${theirs.platformName}/${theirs.environmentName}', and this one runs in '${mine.platformName}/${mine.environmentName}'`,
        'connect services of one environment; reach another environment through its public endpoint');
    }
    this.uses.push(other);
    this.ownWorkload.connectTo(other.ownWorkload);
  }

  /**
   * Hands a PostgreSQL database to the service's pods: an ExternalSecret (External Secrets
   * Operator) assembles `<prefix>HOST`, `PORT`, `DATABASE`, `USER` and `PASSWORD` from the
   * database's connection secret and its RDS-managed master secret, found by the instance ARN tag;
   * the container gets them as environment variables, and as files under
   * `/var/run/secrets/paved-road/<service>-db-<database>/`, the directory `<prefix>CONNECTION_DIR`
   * names; the NetworkPolicy allows egress to the database subnets on its port. No
   * credential appears in Terraform or YAML.
   *
   * Rotation: the ExternalSecret re-reads the secrets every 5 minutes, and the kubelet updates the
   * mounted files; environment variables keep the value the pod started with. Read the password
   * from `$<prefix>CONNECTION_DIR/<prefix>PASSWORD` for each new connection, or restart the pods after a rotation
   * (`kubectl rollout restart deployment/<service>`): the platform installs no reloader.
   *
   * @param database the database (it may be shared by several services); `PostgresDatabase.fromAttributes()` for one made elsewhere
   * @param envPrefix prefix of the variable names; `PG` gives the libpq names PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD
   */
  public connectDatabase(database: IPostgresDatabase, envPrefix: string = 'PG'): void {
    this._connectDatabase(database, envPrefix, false);
  }

  /**
   * `connectDatabase()`, and with `urlEncodedPassword` also `<prefix>PASSWORD_URLENCODED`, the
   * password escaped for a URL (`ScoreWorkload` builds connection URLs from placeholders).
   * @internal
   */
  public _connectDatabase(database: IPostgresDatabase, envPrefix: string, urlEncodedPassword: boolean): void {
    requireEnvPrefix(this, KIND, envPrefix);
    if (database.subnetCidrs.length === 0) {
      throw propError(this, KIND, 'database', database.node.path, 'has no known subnet CIDRs, so no NetworkPolicy could let the pods reach it',
        'create the database with cluster (a PlatformCluster with database subnets) or give it subnetCidrs');
    }
    const targetName = `${this.serviceName}-db-${database.databaseName}`;
    if (this.ownChart.node.tryFindChild(`Database-${database.databaseName}`)) {
      throw propError(this, KIND, 'database', database.node.path, 'is already connected to this service', 'connect each database once');
    }
    // Everything that could clash is checked before anything is added: a call that fails changes nothing.
    const dirVariable = `${envPrefix}CONNECTION_DIR`;
    if (this.ownWorkload._hasEnv(dirVariable)) {
      throw propError(this, KIND, 'envPrefix', envPrefix, `makes the variable ${dirVariable}, which the service has already`,
        'give another prefix, e.g. "ORDERS_DB_"');
    }
    if (this.ownWorkload._hasSecret(targetName)) {
      throw propError(this, KIND, 'database', database.node.path, `needs the Secret '${targetName}', which the service has added already`,
        'connect the database instead of adding its Secret by hand');
    }
    addConnectionExternalSecret(this.ownChart, `Database-${database.databaseName}`, {
      name: targetName,
      namespace: this.namespace,
      labels: this.ownWorkload.labels,
      secretStoreName: this.ownWorkload.secretStoreName,
      database,
      envPrefix,
      urlEncodedPassword,
    });
    this.ownWorkload.addEnvFromSecret(targetName);
    this.uses.push(database);
    // `<prefix>PASSWORD` is read once, at start; RDS rotates the managed master password (every 7
    // days by default). The Secret is refreshed every few minutes and also mounted as files, which
    // the kubelet updates: a client that reads `<prefix>CONNECTION_DIR/<prefix>PASSWORD` per new
    // connection keeps working. (The variable's name holds no "password": scanners flag those.)
    this.ownWorkload.addEnvVariable(dirVariable, this.ownWorkload.addSecretFiles(targetName));
    for (const cidr of database.subnetCidrs) {
      this.ownWorkload.allowEgressTo(cidr, database.port);
    }
  }

  /**
   * Lets the service read objects of an S3 bucket.
   *
   * @returns what was granted, to the service's role
   */
  public grantS3Read(bucketArn: string): Grant {
    return this.grant('S3Read', ['s3:GetObject', 's3:ListBucket'], [bucketArn, `${bucketArn}/*`]);
  }

  /**
   * Lets the service read and write objects of an S3 bucket.
   *
   * @returns what was granted, to the service's role
   */
  public grantS3ReadWrite(bucketArn: string): Grant {
    return this.grant('S3ReadWrite', ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject'], [bucketArn, `${bucketArn}/*`]);
  }

  /**
   * Lets the service send messages to an SQS queue.
   *
   * @returns what was granted, to the service's role
   */
  public grantSqsSend(queueArn: string): Grant {
    return this.grant('SqsSend', ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], [queueArn]);
  }

  /**
   * Lets the service receive and delete messages of an SQS queue.
   *
   * @returns what was granted, to the service's role
   */
  public grantSqsConsume(queueArn: string): Grant {
    return this.grant('SqsConsume', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], [queueArn]);
  }

  /**
   * Lets the service read and write items of a DynamoDB table (and its indexes).
   *
   * @returns what was granted, to the service's role
   */
  public grantDynamoDbReadWrite(tableArn: string): Grant {
    return this.grant('DynamoDbReadWrite', ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan',
      'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
    [tableArn, `${tableArn}/index/*`]);
  }

  /**
   * Adds a least-privilege statement to the service's IAM role, creating the role, its EKS Pod
   * Identity association and the pod's AWS access on the first call.
   *
   * @param sid statement ID, letters and digits
   * @param actions IAM actions; wildcards are refused
   * @param resourceArns resources the actions apply to
   * @returns what was granted: the service's role (`roleArn`), the actions and the resources
   */
  public grant(sid: string, actions: string[], resourceArns: string[]): Grant {
    requireIamActions(this, KIND, 'actions', actions);
    if (resourceArns.length === 0) {
      throw propError(this, KIND, 'resourceArns', resourceArns, 'is empty', 'name the resources the actions apply to');
    }
    resourceArns.forEach((arn, i) => requireResourceArn(this, KIND, `resourceArns[${i}]`, arn));
    this.ensureRole();
    this.statements.push({ Sid: `${sid}${this.statements.length}`.replace(/[^A-Za-z0-9]/g, ''), Effect: 'Allow', Action: actions, Resource: resourceArns });
    return { principalArn: this.roleArn, actions: [...actions], resourceArns: [...resourceArns] };
  }

  /**
   * Adds the service to the catalog: a `Component` of type `service` owned by its team, depending
   * on the services it calls, its databases and its image repository, with the annotations the
   * Backstage Kubernetes plugin reads.
   */
  public addToCatalog(catalog: Catalog): void {
    catalog.addComponent(this, {
      name: this.serviceName,
      team: this.team,
      description: `Service '${this.serviceName}' of team '${this.team}', image ${this.image}`,
      dependsOn: [...this.uses, ...(this.repository ? [this.repository] : [])],
      publicHostname: this.publicHostname,
      internetFacing: this.internetFacing,
      annotations: kubernetesAnnotations(this.serviceName, this.namespace, this.ownWorkload.instanceSelector),
    });
  }

  /** The workload, its objects built for good (reading them builds them). */
  private builtWorkload(): Workload {
    void this.ownWorkload.deployment;
    return this.ownWorkload;
  }

  private ensureRole(): IamRole {
    if (this.role) {
      return this.role;
    }
    this.role = new IamRole(this, 'Role', {
      name: this.roleName,
      assumeRolePolicy: podIdentityTrust(),
      tags: { [TAG.TEAM]: this.team, [TAG.SERVICE]: this.serviceName },
    });
    new IamRolePolicy(this, 'RolePolicy', {
      role: this.role.name,
      name: 'least-privilege',
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    new EksPodIdentityAssociation(this, 'PodIdentity', {
      clusterName: this.clusterName,
      namespace: this.namespace,
      serviceAccount: this.serviceName,
      roleArn: this.role.arn,
    });
    this.ownWorkload._useIamIdentity();
    return this.role;
  }

}

/**
 * The environment's customer-managed key for service images: one per stack, created by the first
 * ServiceApp that needs it (same construct ID, so the same Terraform address, every time).
 */
function imageKeyOf(stack: PlatformStack): EncryptionKey {
  const existing = stack.node.tryFindChild(IMAGE_KEY_ID);
  if (existing instanceof EncryptionKey) {
    return existing;
  }
  const ctx = stack.context;
  // The stack's name is in the alias: an environment's account holds the stacks of every team
  // repository (as it holds their state keys), and an alias is unique per account and region.
  return new EncryptionKey(stack, IMAGE_KEY_ID, { alias: `${ctx.prefix}/${stack.node.id}/ecr`, purpose: 'ECR images of the services', account: ctx.account, partition: ctx.partition });
}

function servicesOf(stack: PlatformStack): Map<string, ServiceApp> {
  let services = SERVICES.get(stack);
  if (!services) {
    services = new Map<string, ServiceApp>();
    SERVICES.set(stack, services);
  }
  return services;
}

function registerService(stack: PlatformStack, app: ServiceApp): void {
  const services = servicesOf(stack);
  const existing = services.get(app.serviceName);
  if (existing) {
    throw constructError(app, KIND, `service name '${app.serviceName}' is taken in environment '${stack.context.environmentName}' by '${existing.node.path}'`,
      'give each service of an environment its own name');
  }
  services.set(app.serviceName, app);
}

/**
 * `dependent` calls the service `name` of its stack: connected now when that service exists, else
 * when it is created (`connectWaiting`).
 */
function dependOn(stack: PlatformStack, dependent: ServiceApp, name: string): void {
  const other = servicesOf(stack).get(name);
  if (other) {
    dependent.connect(other);
    return;
  }
  let waiting = WAITING.get(stack);
  if (!waiting) {
    waiting = new Map<string, ServiceApp[]>();
    WAITING.set(stack, waiting);
  }
  waiting.set(name, [...(waiting.get(name) ?? []), dependent]);
}

/** Connects the services that named `app` in `dependencies` before it existed. */
function connectWaiting(stack: PlatformStack, app: ServiceApp): void {
  const waiting = WAITING.get(stack);
  for (const dependent of waiting?.get(app.serviceName) ?? []) {
    dependent.connect(app);
  }
  waiting?.delete(app.serviceName);
}
