import { ApiObject, Chart, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ExposureOptions, MetricsOptions, WorkloadOptions } from './options';
import { EnvironmentClass } from '../core/environment-class';
import { EnvironmentDefaults } from '../core/environment-defaults';
import {
  CONFIG_CHECKSUM_ANNOTATION, DEFAULT_RUN_AS_USER, INGRESS_CLASS, INSTANCE_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL,
  NAMESPACE_NAME_LABEL,
  podIdentityAgentEgressRule, POOL_LABEL, PRIORITY_CLASS, SECRET_FILES_DIR, SECRET_STORE_NAME, SPOT_POOL, SPOT_TAINT, VERSION_LABEL,
} from '../private/contract';
import { deferBuild, deferredBuildAllowed, deferredBuildsSuspended, validationProblems } from '../private/engine/deferred';
import { propError } from '../private/errors';
import { dnsEgressRule } from '../private/k8s-policy';
import { checksum, shorten } from '../private/naming';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { validateImage, cpuMillis, memoryBytes } from '../private/quantities';
import { WORKLOAD_OPTIONS } from '../private/shared-prop-types';
import {
  ENV_NAME, requireAlbGroupName, requireCertificateArn, requireCidr, requireDnsLabel, requireEnvironmentVariables, requireHostname, requireHttpPath,
  requireIntegerInRange, requireLabelValue, requirePrincipalArn, requireUnreservedNamespace,
} from '../private/validate';

const KIND = 'Workload';
/** Container port when none is given. */
const DEFAULT_CONTAINER_PORT = 8080;
/** Seconds a pod waits in preStop before shutdown, so load balancers stop sending it traffic first. */
const PRE_STOP_SECONDS = 10;
/** The Service's port (`http`), to the container port. */
const SERVICE_PORT = 80;
/** Name of the container and Service port of metrics served on a port of their own. */
const METRICS_PORT_NAME = 'metrics';
const GRACE_SECONDS = 45;
/** The DNS rule every workload's NetworkPolicy starts with: one object for all (each rendering copies it). */
const DNS_EGRESS = dnsEgressRule();

/**
 * Properties for `Workload`.
 */
export interface WorkloadProps extends WorkloadOptions {
  /** Name of the workload: a DNS-1123 label of at most 50 characters; names every object. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /**
   * Full image reference with an explicit tag or digest, e.g.
   * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/checkout:1.4.2`. `latest` is refused.
   */
  readonly image: string;
  /**
   * Environment class, for the defaults of resources and replicas.
   * @default EnvironmentClass.PRODUCTION
   */
  readonly environmentClass?: EnvironmentClass;
  /**
   * Name of the Secrets Manager secret that `secrets` read their properties from.
   * @default - none; required when `secrets` is not empty
   */
  readonly secretName?: string;
  /**
   * Name of the External Secrets `ClusterSecretStore` for AWS Secrets Manager.
   * @default 'aws-secrets-manager' (created by PlatformCluster)
   */
  readonly secretStoreName?: string;
  /**
   * The pod calls AWS APIs with an IAM role (EKS Pod Identity or IRSA). Only then is a
   * service-account token (projected, with an AWS-only audience) mounted and HTTPS egress to AWS allowed.
   * @default false
   */
  readonly usesIam?: boolean;
  /**
   * IAM role ARN for IRSA (`eks.amazonaws.com/role-arn` annotation). Leave empty for EKS Pod Identity.
   * @default - no annotation (EKS Pod Identity, associated on the Terraform side)
   */
  readonly irsaRoleArn?: string;
  /**
   * Default hostname when `exposure.host` is not set.
   * @default - none; required when exposed without `exposure.host`
   */
  readonly defaultHost?: string;
  /**
   * Ingress group name when `exposure.groupName` is not set.
   * @default - the namespace
   */
  readonly defaultIngressGroup?: string;
  /**
   * CIDR blocks the load balancer reaches pods from (ALB target type `ip`: the subnets the ALB runs
   * in, the public subnets for an internet-facing one), admitted by the NetworkPolicy on the
   * container port. Required with `exposure`: without it no load balancer could reach the pods.
   * @default - none; required when exposed
   */
  readonly ingressFromCidrs?: string[];
  /**
   * Extra labels on every object (team, environment, part-of, ...).
   * @default - only the app.kubernetes.io labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * Version label (`app.kubernetes.io/version`).
   * @default - the image tag
   */
  readonly version?: string;
  /**
   * Priority class of the pods.
   * @default 'workload-default'
   */
  readonly priorityClassName?: string;
  /**
   * UID and GID the container runs as.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * Emit a PodDisruptionBudget.
   * @default - when the workload runs 2 replicas or more
   */
  readonly podDisruptionBudget?: boolean;
}

/** Runtime types of `WorkloadProps` (src/private/prop-types.ts). */
const WORKLOAD_PROPS = propTypes('WorkloadProps', {
  ...WORKLOAD_OPTIONS.props,
  name: required(T.string),
  namespace: required(T.string),
  image: required(T.string),
  environmentClass: T.oneOf('EnvironmentClass', EnvironmentClass),
  secretName: T.string,
  secretStoreName: T.string,
  usesIam: T.boolean,
  irsaRoleArn: T.string,
  defaultHost: T.string,
  defaultIngressGroup: T.string,
  ingressFromCidrs: T.strings,
  labels: T.stringMap,
  version: T.string,
  priorityClassName: T.string,
  runAsUser: T.number,
  podDisruptionBudget: T.boolean,
});

/** Replica policy after defaults: fixed (`replicas`) or autoscaled between `min` and `max`. */
interface ReplicaRange {
  readonly autoscaled: boolean;
  readonly min: number;
  readonly max: number;
}

/** Requests and limits after defaults, checked (requests <= limits). */
interface ContainerResources {
  readonly cpu: kplus.Cpu;
  readonly cpuLimit: kplus.Cpu;
  readonly memory: Size;
  readonly memoryLimit: Size;
}

/** What the configuration and secrets hand to the pod template. */
interface PodConfiguration {
  readonly envFrom: kplus.EnvFrom[];
  readonly envVariables: { [key: string]: kplus.EnvValue };
  readonly podAnnotations: { [key: string]: string };
}

/** Metrics options after defaults. */
interface MetricsEndpoint {
  readonly port: number;
  readonly path: string;
  readonly options: MetricsOptions;
}

/** The probes' HTTP paths after defaults, and how long the startup probe waits. */
interface ProbePaths {
  readonly liveness: string;
  readonly readiness: string;
  readonly startup: string;
  readonly startupSeconds: number;
}

/** Where an exposed workload is reached, after defaults. */
interface Exposure {
  readonly host: string;
  readonly groupName: string;
  readonly options: ExposureOptions;
}

/** Everything the constructor resolved and checked, from which the objects are built. */
interface WorkloadPlan {
  readonly props: WorkloadProps;
  readonly runAsUser: number;
  readonly replicas: ReplicaRange;
  readonly resources: ContainerResources;
  readonly metrics: MetricsEndpoint;
  readonly probes: ProbePaths;
  /** Target CPU and memory utilization, when autoscaled. */
  readonly utilization?: { readonly cpu: number; readonly memory: number };
  readonly exposure?: Exposure;
}

/** The objects the accessors return. */
interface WorkloadObjects {
  readonly serviceAccount: kplus.ServiceAccount;
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly networkPolicy: ApiObject;
}

/** How a workload whose objects are built late stands (a ServiceApp's). */
interface Deferral {
  /** The changes made after construction, made again on each build. */
  readonly changes: Array<() => void>;
  /** Built for good: its objects were read. */
  pinned: boolean;
}

/**
 * A production-shaped workload in one namespace: Deployment, Service, ServiceAccount, ConfigMap,
 * ExternalSecret, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy and an optional
 * Ingress. Usable alone in any cdk8s `Chart`; every value in it must be known at synth time.
 */
export class Workload extends Construct {
  /** Name of the workload and of its objects. */
  public readonly name: string;
  /** Namespace of its objects. */
  public readonly namespace: string;
  /** The pod labels that select this workload. */
  public readonly selectorLabels: { [key: string]: string };
  /** The one label a NetworkPolicy selects the pods by. */
  public readonly instanceSelector: { [key: string]: string };
  /** The container port. */
  public readonly port: number;
  /** Fewest replicas (the fixed count when not autoscaled). */
  public readonly minReplicas: number;
  /** Most replicas. */
  public readonly maxReplicas: number;
  /** Labels every object of the workload carries (standard `app.kubernetes.io` labels plus the given ones). */
  public readonly labels: { [key: string]: string };
  /** The ClusterSecretStore its ExternalSecrets read from. */
  public readonly secretStoreName: string;
  /** True when it runs a HorizontalPodAutoscaler (no fixed `replicas`). */
  public readonly autoscaled: boolean;
  private readonly ingressRules: any[] = [];
  private readonly envNames: Set<string>;
  /** Egress the NetworkPolicy allows: DNS first, then what is added. */
  private readonly egressRules: any[] = [DNS_EGRESS];
  private iamEnabled = false;
  private readonly irsaRoleArn?: string;
  private readonly plan: WorkloadPlan;
  /** The Secrets added after construction (addEnvFromSecret, addSecretFiles), by method. */
  private readonly addedSecrets = new Set<string>();
  /** Set when the objects are built late (see `deferral`). */
  private readonly deferral?: Deferral;
  private made?: WorkloadObjects;

  public constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    checkProps(this, KIND, props, WORKLOAD_PROPS);
    const defaults = EnvironmentDefaults.of(props.environmentClass ?? EnvironmentClass.PRODUCTION);
    this.name = requireDnsLabel(this, KIND, 'name', props.name, 50);
    this.namespace = requireUnreservedNamespace(this, KIND, 'namespace', requireDnsLabel(this, KIND, 'namespace', props.namespace));
    const tag = validateImage(this, KIND, 'image', props.image);
    this.port = requireIntegerInRange(this, KIND, 'port', props.port ?? DEFAULT_CONTAINER_PORT, 1, 65535);
    const runAsUser = requireIntegerInRange(this, KIND, 'runAsUser', props.runAsUser ?? DEFAULT_RUN_AS_USER, 1, 2147483647);
    const replicas = this.resolveReplicas(props, defaults);
    this.minReplicas = replicas.min;
    this.maxReplicas = replicas.max;
    this.autoscaled = replicas.autoscaled;
    const resources = this.resolveResources(props, defaults);

    // The instance label equals the object name (as Polaris and the recommended labels expect);
    // within a namespace it alone identifies the workload's pods.
    this.selectorLabels = {
      [NAME_LABEL]: this.name,
      [INSTANCE_LABEL]: this.name,
    };
    this.instanceSelector = { [INSTANCE_LABEL]: this.name };
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      requireLabelValue(this, KIND, `labels.${key}`, value);
    }
    this.labels = {
      ...props.labels,
      ...this.selectorLabels,
      [VERSION_LABEL]: props.version ?? tag,
      [MANAGED_BY_LABEL]: MANAGED_BY,
    };
    this.irsaRoleArn = props.irsaRoleArn === undefined ? undefined : requirePrincipalArn(this, KIND, 'irsaRoleArn', props.irsaRoleArn);
    this.secretStoreName = requireDnsLabel(this, KIND, 'secretStoreName', props.secretStoreName ?? SECRET_STORE_NAME);

    // Every prop is checked here, before any object is built: build() throws nothing about the props.
    this.envNames = requireEnvironmentVariables(this, KIND, props.env, props.secrets);
    if (props.secrets && props.secrets.length > 0 && !props.secretName) {
      throw propError(this, KIND, 'secretName', props.secretName, 'is required when secrets are given', 'name the Secrets Manager secret that holds the properties');
    }
    const metrics = this.resolveMetrics(props);
    const probes = this.resolveProbes(props);
    const utilization = replicas.autoscaled ? {
      cpu: requireIntegerInRange(this, KIND, 'autoscaling.cpuUtilization', props.autoscaling?.cpuUtilization ?? 70, 1, 100),
      memory: requireIntegerInRange(this, KIND, 'autoscaling.memoryUtilization', props.autoscaling?.memoryUtilization ?? 80, 1, 100),
    } : undefined;
    const exposure = props.exposure ? this.resolveExposure(props, props.exposure) : undefined;
    this.allowScrapers(metrics);
    this.plan = { props, runAsUser, replicas, resources, metrics, probes, utilization, exposure };

    if (deferredBuildAllowed(scope)) {
      this.deferral = { changes: [], pinned: false };
      deferBuild(Chart.of(this), {
        scope: this,
        buildForRender: () => {
          if (this.made) {
            return false;
          }
          this.build();
          return true;
        },
        release: () => this.release(),
      });
      // cdk8s's own synthesis (App.synth(), Chart.toJson(), Testing.synth()) validates the app
      // before it renders: the objects are built then, for good, and checked here (cdk8s listed
      // the constructs to validate before they existed).
      this.node.addValidation({
        validate: () => {
          if (deferredBuildsSuspended() || (this.made && this.deferral?.pinned)) {
            return [];
          }
          this.objects();
          return validationProblems(this, false);
        },
      });
    } else {
      this.build();
    }
    if (props.usesIam) {
      this._useIamIdentity();
    }
  }

  /** The Deployment. Reading it builds a `ServiceApp`'s objects for good (see `ServiceApp.chart`). */
  public get deployment(): kplus.Deployment {
    return this.objects().deployment;
  }

  /** The ClusterIP Service, port 80 to the container port. Reading it builds a `ServiceApp`'s objects for good (see `ServiceApp.chart`). */
  public get service(): kplus.Service {
    return this.objects().service;
  }

  /** The ServiceAccount. Reading it builds a `ServiceApp`'s objects for good (see `ServiceApp.chart`). */
  public get serviceAccount(): kplus.ServiceAccount {
    return this.objects().serviceAccount;
  }

  /** The NetworkPolicy that denies all traffic not allowed explicitly. Reading it builds a `ServiceApp`'s objects for good (see `ServiceApp.chart`). */
  public get networkPolicy(): ApiObject {
    return this.objects().networkPolicy;
  }

  /**
   * Gives the pods an AWS identity: mounts a projected service-account token whose audience is
   * AWS only (`pods.eks.amazonaws.com`, or `sts.amazonaws.com` with IRSA; the Kubernetes API token
   * stays unmounted) and allows egress to the EKS Pod Identity agent and to AWS APIs over HTTPS.
   * Called by `ServiceApp` on its first grant; a `Workload` used alone says so with `usesIam`.
   *
   * @internal
   */
  public _useIamIdentity(): void {
    if (this.iamEnabled) {
      return;
    }
    this.iamEnabled = true;
    // Not the Kubernetes API token: a projected, audience-bound token that only AWS accepts, under the
    // volume name and path the EKS webhook would inject (it then leaves the volume as it is).
    const irsa = this.irsaRoleArn !== undefined;
    const token = irsa
      ? { volume: 'aws-iam-token', dir: '/var/run/secrets/eks.amazonaws.com/serviceaccount', file: 'token', audience: 'sts.amazonaws.com' }
      : { volume: 'eks-pod-identity-token', dir: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount', file: 'eks-pod-identity-token', audience: 'pods.eks.amazonaws.com' };
    this.change((objects) => {
      const pod = ApiObject.of(objects.deployment);
      pod.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', {
        name: token.volume,
        projected: { sources: [{ serviceAccountToken: { audience: token.audience, expirationSeconds: 86400, path: token.file } }] },
      }));
      pod.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: token.volume, mountPath: token.dir, readOnly: true }));
    });
    // EKS Pod Identity agent on the node, then HTTPS to AWS APIs (through NAT or VPC endpoints).
    this.egressRules.push(podIdentityAgentEgressRule());
    this.egressRules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  }

  /**
   * Allows another workload to call this one on its container port (the NetworkPolicy's ingress side;
   * the caller's egress side is added by `connectTo`).
   */
  public allowFrom(peer: Workload): void {
    this.ingressRules.push({
      from: [{
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } },
        podSelector: { matchLabels: peer.instanceSelector },
      }],
      ports: [{ protocol: 'TCP', port: this.port }],
    });
  }

  /**
   * Lets this workload call `peer`: egress from this workload and ingress to `peer`, both on `peer`'s port.
   */
  public connectTo(peer: Workload): void {
    this.egressRules.push({
      to: [{
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } },
        podSelector: { matchLabels: peer.instanceSelector },
      }],
      ports: [{ protocol: 'TCP', port: peer.port }],
    });
    peer.allowFrom(this);
  }

  /**
   * Adds every key of a Kubernetes Secret (e.g. one an ExternalSecret writes) to the container's
   * environment.
   *
   * @param secretName name of the Secret in the workload's namespace
   */
  public addEnvFromSecret(secretName: string): void {
    requireDnsLabel(this, KIND, 'secretName', secretName, 253);
    this.addSecretOnce('addEnvFromSecret', secretName);
    this.change((objects) => {
      const secret = kplus.Secret.fromSecretName(this, `EnvFrom-${secretName}`, secretName);
      objects.deployment.containers[0].env.copyFrom(kplus.Env.fromSecret(secret));
    });
  }

  /**
   * Mounts a Kubernetes Secret read-only as files, one per key, under
   * `/var/run/secrets/paved-road/<secretName>/`. Unlike environment variables, the kubelet updates
   * mounted files when the Secret changes (e.g. after an ExternalSecret refresh picked up a rotated
   * password), so a process that reads the file for each new connection sees the new value without
   * a restart.
   *
   * @param secretName name of the Secret in the workload's namespace
   * @returns the directory the Secret's keys are files in
   */
  public addSecretFiles(secretName: string): string {
    requireDnsLabel(this, KIND, 'secretName', secretName, 253);
    this.addSecretOnce('addSecretFiles', secretName);
    const dir = `${SECRET_FILES_DIR}/${secretName}`;
    this.change((objects) => {
      const volume = kplus.Volume.fromSecret(this, `Files-${secretName}`, kplus.Secret.fromSecretName(this, `FilesRef-${secretName}`, secretName), {
        name: shorten(`secret-${secretName}`, 63),
        defaultMode: 0o440,
      });
      objects.deployment.containers[0].mount(dir, volume, { readOnly: true });
    });
    return dir;
  }

  /**
   * Adds a plain environment variable to the container (for values known at synth time that are
   * not configuration, e.g. the path of a mounted file).
   */
  public addEnvVariable(name: string, value: string): void {
    if (!ENV_NAME.test(name)) {
      throw propError(this, KIND, 'env', name, 'is not a valid environment variable name', 'use letters, digits and "_", not starting with a digit');
    }
    if (this.envNames.has(name)) {
      throw propError(this, KIND, 'env', name, 'is set twice', 'give each environment variable one value');
    }
    this.envNames.add(name);
    this.change((objects) => objects.deployment.containers[0].env.addVariable(name, kplus.EnvValue.fromValue(value)));
  }

  /**
   * Allows egress to pods of the workload's own namespace selected by labels, on one TCP port
   * (e.g. an in-namespace database).
   */
  public allowEgressToPods(matchLabels: { [key: string]: string }, port: number): void {
    requireIntegerInRange(this, KIND, 'port', port, 1, 65535);
    this.egressRules.push({ to: [{ podSelector: { matchLabels } }], ports: [{ protocol: 'TCP', port }] });
  }

  /**
   * Allows egress to a CIDR block on one TCP port, e.g. a database's subnets on 5432.
   */
  public allowEgressTo(cidr: string, port: number): void {
    requireCidr(this, KIND, 'cidr', cidr);
    requireIntegerInRange(this, KIND, 'port', port, 1, 65535);
    this.egressRules.push({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port }] });
  }

  /** The objects, built for good (they are read). */
  private objects(): WorkloadObjects {
    const objects = this.made ?? this.build();
    if (this.deferral && !this.deferral.pinned) {
      this.deferral.pinned = true;
      this.deferral.changes.length = 0;
    }
    return objects;
  }

  /**
   * A change to the objects after construction: made now when they are built, and kept while they
   * may be built again (a deferred workload's objects are rebuilt for each synthesis).
   */
  private change(make: (objects: WorkloadObjects) => void): void {
    if (this.deferral && !this.deferral.pinned) {
      this.deferral.changes.push(() => make(this.made!));
    }
    if (this.made) {
      make(this.made);
    }
  }

  /** Whether the container has an environment variable of this name (env, secrets, addEnvVariable). @internal */
  public _hasEnv(name: string): boolean {
    return this.envNames.has(name);
  }

  /** Whether a Secret of this name was added, by addEnvFromSecret() or addSecretFiles(). @internal */
  public _hasSecret(secretName: string): boolean {
    return this.addedSecrets.has(`addEnvFromSecret:${secretName}`) || this.addedSecrets.has(`addSecretFiles:${secretName}`);
  }

  /**
   * Refuses a Secret added twice by one method: its objects would be made twice (checked here, as
   * the changes of a workload built late are made only when it is built).
   */
  private addSecretOnce(method: string, secretName: string): void {
    const key = `${method}:${secretName}`;
    if (this.addedSecrets.has(key)) {
      throw propError(this, KIND, 'secretName', secretName, `is added twice by ${method}()`, 'add each Secret once');
    }
    this.addedSecrets.add(key);
  }

  /** Builds the objects (all or none: a build that throws removes what it made). */
  private build(): WorkloadObjects {
    try {
      return this.buildObjects();
    } catch (e) {
      this.dropObjects();
      throw e;
    }
  }

  /** Builds the objects from the plan, then makes the changes recorded since. */
  private buildObjects(): WorkloadObjects {
    const { props, metrics } = this.plan;
    const configuration = this.addConfiguration(props);
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: {
        ...this.metadata(this.name),
        annotations: props.irsaRoleArn ? { 'eks.amazonaws.com/role-arn': props.irsaRoleArn } : undefined,
      },
      automountToken: false,
    });
    const deployment = this.addDeployment(serviceAccount, configuration);
    const service = this.addService(metrics);
    this.addScaling(deployment);
    if (this.plan.exposure) {
      this.addIngress(this.plan.exposure);
    }
    this.addServiceMonitor(metrics);
    const networkPolicy = this.addNetworkPolicy();
    this.made = { serviceAccount, deployment, service, networkPolicy };
    for (const change of this.deferral?.changes ?? []) {
      change();
    }
    return this.made;
  }

  /** Lets go of objects built for a rendering (not of objects that were read). */
  private release(): void {
    if (this.made && !this.deferral?.pinned) {
      this.dropObjects();
    }
  }

  /** Removes every object built (all of the workload's children are) from the tree. */
  private dropObjects(): void {
    this.made = undefined;
    for (const child of [...this.node.children]) {
      this.node.tryRemoveChild(child.node.id);
    }
  }

  /** Labels and namespace every object of the workload carries, under `name`. */
  private metadata(name: string) {
    return { name, namespace: this.namespace, labels: this.labels };
  }

  /** Replicas: fixed when `replicas` is set, else autoscaled between min and max. */
  private resolveReplicas(props: WorkloadProps, defaults: EnvironmentDefaults): ReplicaRange {
    if (props.replicas !== undefined) {
      const fixed = requireIntegerInRange(this, KIND, 'replicas', props.replicas, 0, 1000);
      if (fixed === 0 && !defaults.allowsZeroReplicas) {
        throw propError(this, KIND, 'replicas', fixed, 'switches the workload off, which this environment class does not allow (production)',
          'run at least one replica, or remove the workload from the environment');
      }
      return { autoscaled: false, min: fixed, max: fixed };
    }
    const min = requireIntegerInRange(this, KIND, 'autoscaling.minReplicas', props.autoscaling?.minReplicas ?? defaults.minReplicas, 1, 1000);
    const max = requireIntegerInRange(this, KIND, 'autoscaling.maxReplicas', props.autoscaling?.maxReplicas ?? Math.max(defaults.maxReplicas, min), 1, 1000);
    if (min > max) {
      throw propError(this, KIND, 'autoscaling.minReplicas', min, `must be <= 'autoscaling.maxReplicas' (${max})`, 'raise maxReplicas or lower minReplicas');
    }
    return { autoscaled: true, min, max };
  }

  /** Resources: requests <= limits, both valid Kubernetes quantities. */
  private resolveResources(props: WorkloadProps, defaults: EnvironmentDefaults): ContainerResources {
    const cpu = props.cpu ?? kplus.Cpu.millis(defaults.containerCpuMillis);
    const cpuLimit = props.cpuLimit ?? kplus.Cpu.millis(Math.max(defaults.containerCpuLimitMillis, cpuMillis(this, KIND, 'cpu', cpu)));
    const memory = props.memory ?? Size.mebibytes(defaults.containerMemoryMib);
    const memoryLimit = props.memoryLimit ?? Size.mebibytes(Math.max(defaults.containerMemoryLimitMib, Math.ceil(memoryBytes(this, KIND, 'memory', memory) / 1048576)));
    if (cpuMillis(this, KIND, 'cpuLimit', cpuLimit) < cpuMillis(this, KIND, 'cpu', cpu)) {
      throw propError(this, KIND, 'cpuLimit', cpuLimit.amount, `is below the request 'cpu' (${cpu.amount})`, 'raise cpuLimit or lower cpu');
    }
    if (memoryBytes(this, KIND, 'memoryLimit', memoryLimit) < memoryBytes(this, KIND, 'memory', memory)) {
      throw propError(this, KIND, 'memoryLimit', memoryLimit.asString(), `is below the request 'memory' (${memory.asString()})`, 'raise memoryLimit or lower memory');
    }
    // The team namespace's LimitRange refuses a container above the class's largest limit: the
    // pods would never be created, long after the apply succeeded.
    if (cpuMillis(this, KIND, 'cpuLimit', cpuLimit) > defaults.containerMaxCpuMillis) {
      throw propError(this, KIND, props.cpuLimit ? 'cpuLimit' : 'cpu', (props.cpuLimit ?? cpu).amount,
        `is above the largest CPU limit of a container in this environment class (${defaults.containerMaxCpuMillis}m, the namespace LimitRange's max)`,
        `use at most ${defaults.containerMaxCpuMillis}m, or run more replicas`);
    }
    if (memoryBytes(this, KIND, 'memoryLimit', memoryLimit) > defaults.containerMaxMemoryMib * 1048576) {
      throw propError(this, KIND, props.memoryLimit ? 'memoryLimit' : 'memory', (props.memoryLimit ?? memory).asString(),
        `is above the largest memory limit of a container in this environment class (${defaults.containerMaxMemoryMib}Mi, the namespace LimitRange's max)`,
        `use at most ${defaults.containerMaxMemoryMib}Mi, or run more replicas`);
    }
    return { cpu, cpuLimit, memory, memoryLimit };
  }

  /**
   * Configuration and secrets: `env` in a ConfigMap (its checksum on the pod template), `secrets`
   * through an ExternalSecret from `secretName`.
   */
  private addConfiguration(props: WorkloadProps): PodConfiguration {
    const envFrom: kplus.EnvFrom[] = [];
    const podAnnotations: { [key: string]: string } = {};
    if (props.env && props.env.length > 0) {
      const data: { [key: string]: string } = {};
      for (const v of props.env) {
        data[v.name] = v.value;
      }
      const configMap = new kplus.ConfigMap(this, 'Config', { metadata: this.metadata(`${this.name}-config`), data });
      envFrom.push(kplus.Env.fromConfigMap(configMap));
      // Pods read the ConfigMap once, at start: its checksum on the pod template makes a changed
      // value change the Deployment, which then rolls the pods.
      podAnnotations[CONFIG_CHECKSUM_ANNOTATION] = checksum(Object.keys(data).sort().map((k) => [k, data[k]]));
    }
    const envVariables: { [key: string]: kplus.EnvValue } = {};
    if (props.secrets && props.secrets.length > 0) {
      const targetName = `${this.name}-secrets`;
      new ApiObject(this, 'ExternalSecret', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: this.metadata(targetName),
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: this.secretStoreName },
          target: { name: targetName, creationPolicy: 'Owner' },
          data: props.secrets.map((s) => ({ secretKey: s.name, remoteRef: { key: props.secretName, property: s.property } })),
        },
      });
      const secret = kplus.Secret.fromSecretName(this, 'SecretRef', targetName);
      for (const s of props.secrets) {
        envVariables[s.name] = kplus.EnvValue.fromSecretValue({ secret, key: s.name });
      }
    }
    return { envFrom, envVariables, podAnnotations };
  }

  /** Where metrics are served: the container port unless `metrics.port` says otherwise. */
  private resolveMetrics(props: WorkloadProps): MetricsEndpoint {
    const options = props.metrics ?? {};
    const port = requireIntegerInRange(this, KIND, 'metrics.port', options.port ?? this.port, 1, 65535);
    if (port !== this.port && port === SERVICE_PORT) {
      throw propError(this, KIND, 'metrics.port', port, `is the Service's own port (${SERVICE_PORT}, to the container port ${this.port}), and a Service cannot list a port number twice`,
        'serve metrics on the container port (leave metrics.port out) or on another port, e.g. 9090');
    }
    return {
      port,
      path: requireHttpPath(this, KIND, 'metrics.path', options.path ?? '/metrics'),
      options,
    };
  }

  /** The probes' paths after defaults. */
  private resolveProbes(props: WorkloadProps): ProbePaths {
    const hc = props.healthChecks ?? {};
    const liveness = requireHttpPath(this, KIND, 'healthChecks.livenessPath', hc.livenessPath ?? '/healthz');
    return {
      liveness,
      readiness: requireHttpPath(this, KIND, 'healthChecks.readinessPath', hc.readinessPath ?? '/readyz'),
      startup: requireHttpPath(this, KIND, 'healthChecks.startupPath', hc.startupPath ?? liveness),
      startupSeconds: (hc.startupTimeout ?? Duration.seconds(60)).toSeconds(),
    };
  }

  /**
   * The pod spec: a Deployment with a restricted security context (non-root, read-only root
   * filesystem, no capabilities, RuntimeDefault seccomp), resources, probes, a preStop pause, spread
   * over zones and nodes, the priority class, and the spot pool's toleration when `spot`.
   */
  private addDeployment(serviceAccount: kplus.ServiceAccount, configuration: PodConfiguration): kplus.Deployment {
    const { props, runAsUser, resources, metrics, probes } = this.plan;
    const probePeriod = 10;
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(256) });
    const scrapeAnnotations = metrics.options.serviceMonitor ? undefined : {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(metrics.port),
      'prometheus.io/path': metrics.path,
    };

    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: this.metadata(this.name),
      podMetadata: { labels: this.labels, annotations: { ...scrapeAnnotations, ...configuration.podAnnotations } },
      replicas: this.plan.replicas.autoscaled ? undefined : this.plan.replicas.min,
      select: false,
      spread: false,
      serviceAccount,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(GRACE_SECONDS),
      securityContext: { ensureNonRoot: true, user: runAsUser, group: runAsUser, fsGroup: runAsUser },
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      volumes: [tmp],
      containers: [{
        name: this.name,
        image: props.image,
        // A metrics port of its own is named, so the Service and a ServiceMonitor can refer to it.
        ...(metrics.port === this.port ? { portNumber: this.port }
          : { ports: [{ number: this.port, name: 'http' }, { number: metrics.port, name: METRICS_PORT_NAME }] }),
        envFrom: configuration.envFrom,
        envVariables: configuration.envVariables,
        resources: {
          cpu: { request: resources.cpu, limit: resources.cpuLimit },
          memory: { request: resources.memory, limit: resources.memoryLimit },
        },
        securityContext: {
          ensureNonRoot: true,
          user: runAsUser,
          group: runAsUser,
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        },
        liveness: kplus.Probe.fromHttpGet(probes.liveness, { port: this.port, periodSeconds: Duration.seconds(probePeriod), failureThreshold: 3 }),
        readiness: kplus.Probe.fromHttpGet(probes.readiness, { port: this.port, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
        startup: kplus.Probe.fromHttpGet(probes.startup, {
          port: this.port,
          periodSeconds: Duration.seconds(probePeriod),
          failureThreshold: Math.max(1, Math.ceil(probes.startupSeconds / probePeriod)),
        }),
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', String(PRE_STOP_SECONDS)]) },
        volumeMounts: [{ path: '/tmp', volume: tmp }],
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (props.spot) {
      const taint = kplus.NodeTaintQuery.is(SPOT_TAINT.key, SPOT_TAINT.value, { effect: kplus.TaintEffect.NO_SCHEDULE });
      deployment.scheduling.tolerate(kplus.Node.tainted(taint));
      deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(POOL_LABEL, SPOT_POOL)), { weight: 100 });
    }
    const template = ApiObject.of(deployment);
    template.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    // cdk8s-plus-27 has no Capability.ALL: drop every capability with a patch.
    template.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    template.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName ?? PRIORITY_CLASS.WORKLOAD_DEFAULT));
    template.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
    ]));
    return deployment;
  }

  /** The ClusterIP Service: port 80 (`http`) to the container port, and the metrics port when it has its own. */
  private addService(metrics: MetricsEndpoint): kplus.Service {
    const service = new kplus.Service(this, 'Service', {
      metadata: this.metadata(this.name),
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        { name: 'http', port: SERVICE_PORT, targetPort: this.port, protocol: kplus.Protocol.TCP },
        ...(metrics.port === this.port ? []
          : [{ name: METRICS_PORT_NAME, port: metrics.port, targetPort: metrics.port, protocol: kplus.Protocol.TCP }]),
      ],
    });
    // Select by the stable app.kubernetes.io labels, not by cdk8s's construct-address label.
    for (const [key, value] of Object.entries(this.selectorLabels)) {
      service.selectLabel(key, value);
    }
    return service;
  }

  /** Autoscaling (a HorizontalPodAutoscaler on CPU and memory) and the PodDisruptionBudget. */
  private addScaling(deployment: kplus.Deployment): void {
    const { utilization } = this.plan;
    if (utilization) {
      new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: this.metadata(this.name),
        target: deployment,
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        metrics: [
          kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(utilization.cpu)),
          kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(utilization.memory)),
        ],
      });
    }

    if (this.plan.props.podDisruptionBudget ?? this.minReplicas >= 2) {
      new ApiObject(this, 'DisruptionBudget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: this.metadata(this.name),
        spec: {
          // One pod at a time may go during voluntary disruptions (drains, upgrades): never blocks a
          // drain, and with >= 2 replicas never takes the service down.
          maxUnavailable: 1,
          selector: { matchLabels: this.selectorLabels },
        },
      });
    }
  }

  /**
   * Exposure checked: the host, the ALB group, the certificate, and the NetworkPolicy rule that
   * admits the load balancer's subnets on the container port.
   */
  private resolveExposure(props: WorkloadProps, exposure: ExposureOptions): Exposure {
    const host = exposure.host ?? props.defaultHost;
    if (!host) {
      throw propError(this, KIND, 'exposure.host', host, 'is required when there is no default host', 'set exposure.host or defaultHost');
    }
    requireHostname(this, KIND, exposure.host === undefined ? 'defaultHost' : 'exposure.host', host);
    const groupName = requireAlbGroupName(this, KIND, exposure.groupName === undefined ? 'defaultIngressGroup' : 'exposure.groupName',
      exposure.groupName ?? props.defaultIngressGroup ?? this.namespace);
    if (exposure.certificateArn !== undefined) {
      requireCertificateArn(this, KIND, 'exposure.certificateArn', exposure.certificateArn);
    }
    const lbCidrs = props.ingressFromCidrs ?? [];
    if (lbCidrs.length === 0) {
      throw propError(this, KIND, 'ingressFromCidrs', lbCidrs, 'is empty, so no NetworkPolicy admits the load balancer of the exposure and the service cannot be reached',
        'give the CIDRs of the subnets the ALB runs in (the public subnets for an internet-facing one)');
    }
    // The load balancer, and only to an exposed workload's container port (the namespace denies everything else).
    this.ingressRules.push({
      from: lbCidrs.map((cidr, i) => ({ ipBlock: { cidr: requireCidr(this, KIND, `ingressFromCidrs[${i}]`, cidr) } })),
      ports: [{ protocol: 'TCP', port: this.port }],
    });
    return { host, groupName, options: exposure };
  }

  /** The ALB Ingress of an exposed workload: TLS, HTTP redirected, the host's DNS record by ExternalDNS. */
  private addIngress(exposure: Exposure): void {
    const { host, groupName, options } = exposure;
    const annotations: { [key: string]: string } = {
      'alb.ingress.kubernetes.io/scheme': options.internetFacing ?? true ? 'internet-facing' : 'internal',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/group.name': groupName,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/healthcheck-path': this.plan.probes.readiness,
      'external-dns.alpha.kubernetes.io/hostname': host,
    };
    if (options.certificateArn) {
      annotations['alb.ingress.kubernetes.io/certificate-arn'] = options.certificateArn;
    }
    new ApiObject(this, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...this.metadata(this.name), annotations },
      spec: {
        ingressClassName: INGRESS_CLASS,
        tls: [{ hosts: [host] }],
        rules: [{
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: this.name, port: { name: 'http' } } } }] },
        }],
      },
    });
  }

  /** The ServiceMonitor, when asked for. */
  private addServiceMonitor(metrics: MetricsEndpoint): void {
    if (metrics.options.serviceMonitor) {
      new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: this.metadata(this.name),
        spec: {
          selector: { matchLabels: this.selectorLabels },
          endpoints: [{ port: metrics.port === this.port ? 'http' : METRICS_PORT_NAME, path: metrics.path, interval: '30s' }],
        },
      });
    }
  }

  /** The NetworkPolicy rule that admits the metrics scrapers (checked CIDRs and namespace). */
  private allowScrapers(metrics: MetricsEndpoint): void {
    const scrapers = [
      ...(metrics.options.scraperCidrs ?? []).map((cidr, i) => ({ ipBlock: { cidr: requireCidr(this, KIND, `metrics.scraperCidrs[${i}]`, cidr) } })),
      ...(metrics.options.scraperNamespace === undefined ? []
        : [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: requireDnsLabel(this, KIND, 'metrics.scraperNamespace', metrics.options.scraperNamespace) } } }]),
    ];
    if (scrapers.length > 0) {
      this.ingressRules.push({ from: scrapers, ports: [{ protocol: 'TCP', port: metrics.port }] });
    }
  }

  /**
   * The NetworkPolicy: deny by default; DNS out; its rules (load balancer, scrapers, peers, AWS for
   * pods that use IAM) are read at synthesis, so later calls still add to it.
   */
  private addNetworkPolicy(): ApiObject {
    return new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: this.metadata(this.name),
      spec: {
        podSelector: { matchLabels: this.instanceSelector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: Lazy.any({ produce: () => (this.ingressRules.length > 0 ? this.ingressRules : undefined) }),
        egress: Lazy.any({ produce: () => this.egressRules }),
      },
    });
  }
}
