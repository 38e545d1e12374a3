import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceApp } from './service-app';
import { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { PlatformStack } from '../core/platform-stack';
import { PostgresDatabase } from '../database/postgres-database';
import { requireEnvPrefix } from '../private/connection-secret';
import { FILES_CHECKSUM_ANNOTATION } from '../private/contract';
import { constructError } from '../private/errors';
import { checksum, shorten } from '../private/naming';
import { CLUSTER, checkProps, propTypes, required, T } from '../private/prop-types';
import { validateImage } from '../private/quantities';
import { WORKLOAD_OPTIONS } from '../private/shared-prop-types';
import { jsonPath, JsonSchemaValidator, PathPart } from '../score/private/json-schema';
import { SCORE_V1B1_SCHEMA } from '../score/private/score-v1b1-schema';
import { parseYamlDocuments } from '../score/private/yaml-documents';
import { AutoscalingOptions, ExposureOptions, HealthCheckOptions, MetricsOptions, SecretEnvironmentVariable } from '../workload/options';

const KIND = 'ScoreWorkload';
/** Resource types a Score file may ask for, and what each becomes. */
const SUPPORTED_TYPES = ['postgres', 'dns', 'route'];
/** The outputs of a `postgres` resource, and the suffix of the connection variable that holds each. */
const POSTGRES_OUTPUTS: { [output: string]: string } = {
  host: 'HOST', port: 'PORT', name: 'DATABASE', database: 'DATABASE', username: 'USER', user: 'USER', password: 'PASSWORD',
};
/** Longest database name `PostgresDatabase` accepts. */
const DATABASE_NAME_MAX = 30;
const MEBIBYTE = 1024 * 1024;
const GIBIBYTE = 1024 * MEBIBYTE;
const MEMORY_UNITS: { [unit: string]: number } = {
  '': 1,
  'K': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': MEBIBYTE,
  'Gi': GIBIBYTE,
  'Ti': 1024 * GIBIBYTE,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};
const validator = new JsonSchemaValidator(SCORE_V1B1_SCHEMA);

/**
 * A database for a Score `postgres` resource, instead of the one `ScoreWorkload` would create.
 */
export interface ScoreDatabaseBinding {
  /** Name of the resource in the Score file (the key under `resources`). */
  readonly resource: string;
  /** The database to connect. */
  readonly database: PostgresDatabase;
  /**
   * Prefix of the connection variables (`<prefix>HOST`, `PORT`, `DATABASE`, `USER`, `PASSWORD`).
   * @default - the resource name in upper case with `_` for `-`, and a trailing `_` (`db` gives `DB_`)
   */
  readonly envPrefix?: string;
}

/**
 * Properties for `ScoreWorkload`: the Score file, and what Score leaves to the platform.
 */
export interface ScoreWorkloadProps {
  /** Path of the Score file (`score.dev/v1b1` YAML), relative to the working directory or absolute. */
  readonly file: string;
  /** The team that owns the workload. */
  readonly team: string;
  /**
   * Image tag (or `sha256:<digest>`) in the service's own ECR repository, for a container whose
   * `image` is `.` (Score's "the image built from this repository").
   * @default - none: every container names a full image reference
   */
  readonly imageTag?: string;
  /**
   * The cluster the workload runs on: its VPC CIDR, and the subnets of the databases created for
   * `postgres` resources.
   * @default - as `ServiceAppProps.cluster`
   */
  readonly cluster?: IPlatformCluster;
  /**
   * Databases for `postgres` resources. A `postgres` resource without a binding gets a
   * `PostgresDatabase` of its own (shared by the workloads of the stack that give the same resource `id`).
   * @default - none
   */
  readonly databases?: ScoreDatabaseBinding[];
  /**
   * Namespace.
   * @default - the team's namespace
   */
  readonly namespace?: string;
  /**
   * Names of other ServiceApps of the environment this workload calls.
   * @default - none
   */
  readonly dependencies?: string[];
  /**
   * Name of the larger application (`app.kubernetes.io/part-of`).
   * @default - the team name
   */
  readonly partOf?: string;
  /**
   * Fixed replica count; turns autoscaling off.
   * @default - autoscaled
   */
  readonly replicas?: number;
  /**
   * Autoscaling limits and targets.
   * @default - the environment class's
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Health-check paths for probes the Score file does not describe.
   * @default - `/healthz` and `/readyz`, as for a ServiceApp
   */
  readonly healthChecks?: HealthCheckOptions;
  /**
   * Secrets from the service's Secrets Manager secret, as environment variables.
   * @default - none
   */
  readonly secrets?: SecretEnvironmentVariable[];
  /**
   * Exposure settings (certificate, internal or internet-facing, group) applied when the Score file
   * asks for a `dns` or `route` resource; a route's `host` wins over `exposure.host`.
   * @default - as `ServiceAppProps.exposure`
   */
  readonly exposure?: ExposureOptions;
  /**
   * Prometheus metrics.
   * @default - as `ServiceAppProps.metrics`
   */
  readonly metrics?: MetricsOptions;
  /**
   * Run on spot capacity.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * Images the service's ECR repository keeps.
   * @default 30
   */
  readonly imagesKept?: number;
}

/** Runtime types of `ScoreWorkloadProps` (src/private/prop-types.ts). */
const SCORE_WORKLOAD_PROPS = propTypes('ScoreWorkloadProps', {
  file: required(T.string),
  team: required(T.string),
  imageTag: T.string,
  cluster: CLUSTER,
  databases: T.list('a list of ScoreDatabaseBinding', 'a list such as [{ resource: "db", database }]'),
  namespace: T.string,
  dependencies: T.strings,
  partOf: T.string,
  replicas: T.number,
  autoscaling: WORKLOAD_OPTIONS.props.autoscaling,
  healthChecks: WORKLOAD_OPTIONS.props.healthChecks,
  secrets: WORKLOAD_OPTIONS.props.secrets,
  exposure: WORKLOAD_OPTIONS.props.exposure,
  metrics: WORKLOAD_OPTIONS.props.metrics,
  spot: T.boolean,
  imagesKept: T.number,
});

/**
 * A `ServiceApp` from a Score workload file (`score.dev/v1b1`, https://score.dev): the same
 * workload a `ServiceApp` gives (it is one), with the container, service port and resources the
 * file describes. The file is checked against the Score JSON schema first; every error names the
 * file and the JSON path.
 *
 * What maps to what:
 * - `metadata.name` names the service; `metadata.annotations` annotate its Deployment.
 * - One container: `image` (`.` means `imageTag` in the service's own ECR repository), `command`,
 *   `args`, `variables` (plain ones in the ConfigMap, ones with placeholders as container
 *   variables), `files` (a ConfigMap mounted file by file), `resources` (requests and limits) and
 *   `livenessProbe`/`readinessProbe` (HTTP or exec). `volumes` and `before` are refused.
 * - `service.ports`: one port; `targetPort` (or `port`) is the container port, `port` the Service's.
 * - `resources`: `postgres` connects a database (`databases` or one created for it); `dns` and
 *   `route` expose the service (an ALB Ingress at the host); any other type is refused, naming it.
 * - Placeholders: `${metadata.name}`, `${resources.<db>.host|port|name|database|username|password}`
 *   (from the connection secret, as `$(VAR)` references Kubernetes expands), `${resources.<dns>.host}`.
 *
 * @example
 * new ScoreWorkload(prod, 'orders', { file: path.join(__dirname, 'score.yaml'), team: 'shop', imageTag: '2.3.0', cluster });
 */
export class ScoreWorkload extends ServiceApp {
  /** The Score file read. */
  public readonly file: string;
  /** Name of the Score container the workload runs. */
  public readonly containerName: string;
  /** The databases connected for the file's `postgres` resources, by resource name. */
  public readonly databases: { [resource: string]: PostgresDatabase };

  public constructor(scope: Construct, id: string, props: ScoreWorkloadProps) {
    const where = `${scope.node.path ? `${scope.node.path}/` : ''}${id}`;
    checkProps(where, KIND, props, SCORE_WORKLOAD_PROPS);
    const score = readScore(where, props.file);
    const fail = (at: PathPart[], problem: string, fix: string) => scoreError(where, props.file, at, problem, fix);
    const [containerName, container] = Object.entries<any>(score.containers)[0];
    const c: PathPart[] = ['containers', containerName];
    for (const unsupported of ['volumes', 'before']) {
      if (container[unsupported] !== undefined) {
        throw fail([...c, unsupported], 'is not supported: a ServiceApp runs one container with a read-only root file system and no volumes of its own',
          `remove '${unsupported}' (use files for configuration, a database or a bucket for data)`);
      }
    }
    const resources: { [name: string]: any } = score.resources ?? {};
    for (const [name, r] of Object.entries<any>(resources)) {
      if (!SUPPORTED_TYPES.includes(r.type)) {
        throw fail(['resources', name, 'type'], `is '${r.type}', a resource type ScoreWorkload does not provision (it supports ${SUPPORTED_TYPES.join(', ')})`,
          'remove the resource, or provision it outside the Score file and pass its values as variables');
      }
    }
    const image = imageOf(fail, where, props.file, [...c, 'image'], container.image, props.imageTag);
    const { port, servicePort } = portsOf(fail, score.service?.ports ?? {});
    const exposure = exposureOf(fail, resources, servicePort, props.exposure);
    const stack = PlatformStack.containing(scope);
    const defaults = stack.context.defaults;
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    const cpuOf = (q?: string) => (q === undefined ? undefined : cpuMillis(q));
    const memOf = (q?: string) => (q === undefined ? undefined : memoryBytes(q));
    const cpuLimit = cpuOf(limits.cpu);
    const memLimit = memOf(limits.memory);
    // A limit alone: the request is the class default, or the limit when that is lower.
    const cpuRequest = cpuOf(requests.cpu) ?? (cpuLimit === undefined ? undefined : Math.min(defaults.containerCpuMillis, cpuLimit));
    const memDefault = defaults.containerMemoryMib * MEBIBYTE;
    const memRequest = memOf(requests.memory) ?? (memLimit === undefined ? undefined : Math.min(memDefault, memLimit));
    const literalVariables = Object.entries<string>(container.variables ?? {}).filter(([, v]) => !hasPlaceholder(v));

    super(scope, id, {
      team: props.team,
      serviceName: score.metadata.name,
      imageTag: image.imageTag,
      image: image.image,
      imagesKept: props.imagesKept,
      cluster: props.cluster,
      namespace: props.namespace,
      dependencies: props.dependencies,
      partOf: props.partOf,
      port,
      replicas: props.replicas,
      autoscaling: props.autoscaling,
      cpu: cpuRequest === undefined ? undefined : kplus.Cpu.millis(cpuRequest),
      cpuLimit: cpuLimit === undefined ? undefined : kplus.Cpu.millis(cpuLimit),
      memory: memRequest === undefined ? undefined : sizeOf(memRequest),
      memoryLimit: memLimit === undefined ? undefined : sizeOf(memLimit),
      healthChecks: {
        ...props.healthChecks,
        livenessPath: container.livenessProbe?.httpGet?.path ?? props.healthChecks?.livenessPath,
        readinessPath: container.readinessProbe?.httpGet?.path ?? props.healthChecks?.readinessPath,
      },
      env: literalVariables.map(([name, value]) => ({ name, value: unescape(value) })),
      secrets: props.secrets,
      exposure,
      metrics: props.metrics,
      spot: props.spot,
    });
    this.file = props.file;
    this.containerName = containerName;

    // Databases first: placeholders refer to their connection variables.
    const databases: { [resource: string]: PostgresDatabase } = {};
    const prefixes: { [resource: string]: string } = {};
    for (const binding of props.databases ?? []) {
      if (resources[binding.resource]?.type !== 'postgres') {
        throw constructError(this, KIND, `'databases' binds '${binding.resource}', which is no postgres resource of ${props.file}`,
          `bind one of: ${Object.keys(resources).filter((r) => resources[r].type === 'postgres').join(', ') || '(none)'}`);
      }
    }
    for (const [name, r] of Object.entries<any>(resources).filter(([, res]) => res.type === 'postgres')) {
      const binding = props.databases?.find((b) => b.resource === name);
      const database = binding?.database ?? this.createDatabase(stack, name, r, props.cluster);
      const prefix = requireEnvPrefix(this, KIND, binding?.envPrefix ?? `${name.toUpperCase().replace(/-/g, '_')}_`);
      this._connectDatabase(database, prefix, true);
      databases[name] = database;
      prefixes[name] = prefix;
    }
    this.databases = databases;

    const resolve = (value: string, at: PathPart[], inPod: boolean) => resolvePlaceholders(value, {
      metadata: score.metadata,
      resources,
      databases,
      prefixes,
      host: this.publicHostname,
      inPod,
      fail: (problem: string, fix: string) => fail(at, problem, fix),
    });
    const deployment = this.workload.deployment;
    const pod = ApiObject.of(deployment);
    const containerPath = '/spec/template/spec/containers/0';
    for (const [name, value] of Object.entries<string>(container.variables ?? {}).filter(([, v]) => hasPlaceholder(v))) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw fail([...c, 'variables', name], 'is not a valid environment variable name', 'use letters, digits and "_", not starting with a digit');
      }
      deployment.containers[0].env.addVariable(name, kplus.EnvValue.fromValue(resolve(value, [...c, 'variables', name], true)));
    }
    for (const field of ['command', 'args'] as const) {
      if (container[field] !== undefined) {
        const values = (container[field] as string[]).map((v, i) => resolve(v, [...c, field, i], true));
        pod.addJsonPatch(JsonPatch.add(`${containerPath}/${field}`, values));
      }
    }
    this.addProbes(container, this.workload.port, containerPath);
    this.addFiles(container.files, c, props.file, resolve);
    for (const [key, value] of Object.entries<string>(score.metadata.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      pod.metadata.addAnnotation(key, value);
    }
    if (servicePort !== 80) {
      ApiObject.of(this.workload.service).addJsonPatch(JsonPatch.replace('/spec/ports/0/port', servicePort));
    }
  }

  private createDatabase(stack: PlatformStack, resource: string, r: any, cluster?: IPlatformCluster): PostgresDatabase {
    if (r.id !== undefined) {
      // Score: resources of one type and id are the same resource across workloads.
      const shared = `ScorePostgres-${r.id}`;
      const existing = stack.node.tryFindChild(shared) as PostgresDatabase | undefined;
      return existing ?? new PostgresDatabase(stack, shared, { databaseName: databaseNameOf(r.id), cluster });
    }
    // The workload's own database is its team's: tagged so, and its alarms go to the team's topic.
    return new PostgresDatabase(this, `Database-${resource}`, { databaseName: databaseNameOf(`${this.serviceName}-${resource}`), team: this.team, cluster });
  }

  private addProbes(container: any, port: number, containerPath: string): void {
    const pod = ApiObject.of(this.workload.deployment);
    for (const [field, probes] of [['livenessProbe', ['livenessProbe', 'startupProbe']], ['readinessProbe', ['readinessProbe']]] as const) {
      const probe = container[field];
      if (probe === undefined) {
        continue;
      }
      for (const target of probes) {
        if (probe.exec !== undefined && probe.httpGet === undefined) {
          pod.addJsonPatch(JsonPatch.remove(`${containerPath}/${target}/httpGet`));
          pod.addJsonPatch(JsonPatch.add(`${containerPath}/${target}/exec`, { command: probe.exec.command }));
        } else if (probe.httpGet !== undefined) {
          const h = probe.httpGet;
          if (h.port !== port || h.scheme !== undefined || h.host !== undefined || h.httpHeaders !== undefined) {
            pod.addJsonPatch(JsonPatch.replace(`${containerPath}/${target}/httpGet`, {
              path: h.path, port: h.port, host: h.host, scheme: h.scheme, httpHeaders: h.httpHeaders,
            }));
          }
        }
      }
    }
  }

  private addFiles(files: any, c: PathPart[], file: string, resolve: (value: string, at: PathPart[], inPod: boolean) => string): void {
    if (files === undefined) {
      return;
    }
    const entries: Array<[string, any, PathPart[]]> = Array.isArray(files)
      ? files.map((f: any, i: number) => [f.target, f, [...c, 'files', i]])
      : Object.entries<any>(files).map(([target, f]) => [target, f, [...c, 'files', target]]);
    if (entries.length === 0) {
      return;
    }
    const configMap = new kplus.ConfigMap(this.chart, 'ScoreFiles', {
      metadata: { name: `${this.serviceName}-files`, namespace: this.namespace, labels: this.workload.labels },
    });
    const items: { [key: string]: kplus.PathMapping } = {};
    const contents: string[][] = [];
    entries.forEach(([target, f, at], i) => {
      const key = `file-${i}`;
      if (!target || !target.startsWith('/')) {
        throw scoreError(this.node.path, file, at, `has the target '${target}', not an absolute path`, 'give the path in the container, e.g. /etc/app/config.yaml');
      }
      const mode = f.mode !== undefined ? parseInt(f.mode, 8) : undefined;
      items[key] = { path: key, mode };
      if (f.binaryContent !== undefined) {
        configMap.addBinaryData(key, f.binaryContent);
        contents.push([target, f.mode ?? '', 'binary', f.binaryContent]);
        return;
      }
      let content: string = f.content;
      if (f.source !== undefined) {
        const source = path.resolve(path.dirname(file), f.source);
        if (!fs.existsSync(source)) {
          throw scoreError(this.node.path, file, [...at, 'source'], `names '${f.source}', and no file '${source}' exists`, 'give a path relative to the Score file');
        }
        content = fs.readFileSync(source, 'utf-8');
      }
      const data = f.noExpand ? content : resolve(content, [...at, f.source !== undefined ? 'source' : 'content'], false);
      configMap.addData(key, data);
      contents.push([target, f.mode ?? '', 'text', data]);
    });
    const volume = kplus.Volume.fromConfigMap(this.chart, 'ScoreFilesVolume', configMap, { name: 'score-files', items });
    const container = this.workload.deployment.containers[0];
    entries.forEach(([target], i) => container.mount(target, volume, { subPath: `file-${i}`, readOnly: true }));
    // Files mounted by subPath never change in a running pod: a changed file must roll the pods.
    this.workload.deployment.podMetadata.addAnnotation(FILES_CHECKSUM_ANNOTATION, checksum(contents));
  }
}

/** A Score workload, once it has passed the schema (its parts are read as the schema describes them). */
interface ScoreDocument {
  readonly apiVersion: string;
  readonly metadata: { readonly name: string; readonly annotations?: { [key: string]: string }; readonly [key: string]: unknown };
  readonly containers: { [name: string]: any };
  readonly service?: { readonly ports?: { [name: string]: any } };
  readonly resources?: { [name: string]: any };
}

/** Reads, parses and validates a Score file. */
function readScore(where: string, file: string): ScoreDocument {
  if (!fs.existsSync(file)) {
    throw constructError(where, KIND, `the Score file '${file}' does not exist (working directory ${process.cwd()})`,
      "give its path, e.g. path.join(__dirname, 'score.yaml')");
  }
  const { documents: docs, error } = parseYamlDocuments(fs.readFileSync(file, 'utf-8'));
  if (error !== undefined) {
    throw constructError(where, KIND, `the Score file '${file}' is not valid YAML: ${error}`, 'fix the YAML syntax');
  }
  if (docs.length !== 1) {
    throw constructError(where, KIND, `the Score file '${file}' holds ${docs.length} documents`, 'give one workload per file');
  }
  const problems = validator.validate(docs[0]);
  const workload = docs[0] as ScoreDocument;
  if (problems.length > 0) {
    const list = problems.map((p) => `'${jsonPath(p.path)}' ${p.message}`);
    throw constructError(where, KIND, `the Score file '${file}' does not match the Score schema (score.dev/v1b1): ${list.join('; ')}`,
      'correct the file (https://docs.score.dev/docs/score-specification/score-spec-reference/)');
  }
  const containers = Object.keys(workload.containers);
  if (containers.length > 1) {
    throw scoreError(where, file, ['containers'], `has ${containers.length} containers (${containers.join(', ')}); a ServiceApp runs one`,
      'keep one container per Score file (a sidecar belongs to the platform, not the workload)');
  }
  return workload;
}

function scoreError(where: string, file: string, at: PathPart[], problem: string, fix: string): Error {
  return constructError(where, KIND, `'${file}: ${jsonPath(at)}' ${problem}`, fix);
}

type Fail = (at: PathPart[], problem: string, fix: string) => Error;

function imageOf(fail: Fail, where: string, file: string, at: PathPart[], image: string, imageTag?: string): { image?: string; imageTag?: string } {
  if (image === '.') {
    if (imageTag === undefined) {
      throw fail(at, "is '.', the image built from this repository, and no imageTag is given", "give imageTag, the tag CI pushed to the service's ECR repository");
    }
    return { imageTag };
  }
  if (imageTag !== undefined) {
    throw fail(at, `names the image '${image}', and imageTag '${imageTag}' is given too`, "set image to '.' to deploy imageTag from the service's own repository, or leave imageTag out");
  }
  validateImage(where, KIND, `${file}: ${jsonPath(at)}`, image);
  return { image };
}

function portsOf(fail: Fail, ports: { [name: string]: any }): { port?: number; servicePort: number } {
  const entries = Object.entries(ports);
  if (entries.length > 1) {
    throw fail(['service', 'ports'], `has ${entries.length} ports (${entries.map(([n]) => n).join(', ')}); a ServiceApp serves one`, 'keep one port');
  }
  if (entries.length === 0) {
    return { servicePort: 80 };
  }
  const [name, p] = entries[0];
  if (p.protocol === 'UDP') {
    throw fail(['service', 'ports', name, 'protocol'], "is 'UDP'; a ServiceApp serves TCP (HTTP) only", 'use TCP');
  }
  return { port: p.targetPort ?? p.port, servicePort: p.port };
}

function exposureOf(fail: Fail, resources: { [name: string]: any }, servicePort: number, options?: ExposureOptions): ExposureOptions | undefined {
  const exposing = Object.entries(resources).filter(([, r]) => r.type === 'dns' || r.type === 'route');
  if (exposing.length === 0) {
    return undefined;
  }
  let host = options?.host;
  for (const [name, r] of exposing.filter(([, res]) => res.type === 'route')) {
    const params = r.params ?? {};
    const at = ['resources', name, 'params'];
    if (typeof params.host !== 'string') {
      throw fail([...at, 'host'], 'is missing; a route needs the host it serves', "give the host, or '${resources.<dns>.host}'");
    }
    if (!/^\$\{resources\.[a-z0-9-]+\.host\}$/.test(params.host)) {
      if (hasPlaceholder(params.host)) {
        throw fail([...at, 'host'], `(${params.host}) is a placeholder other than a dns resource's host`, 'give a host name or a dns resource\'s host');
      }
      host = params.host;
    }
    if (params.path !== undefined && params.path !== '/') {
      throw fail([...at, 'path'], `is '${params.path}'; the service is exposed at '/' only (one Ingress rule per host)`, "use '/' or leave it out");
    }
    if (params.port !== undefined && params.port !== servicePort) {
      throw fail([...at, 'port'], `is ${params.port}, not the service port ${servicePort}`, 'route to the port under service.ports');
    }
  }
  return { ...options, host };
}

function hasPlaceholder(value: string): boolean {
  return /\$\{/.test(value.replace(/\$\$/g, ''));
}

/** `$$` is a literal `$` in Score. */
function unescape(value: string): string {
  return value.replace(/\$\$/g, '$');
}

interface ResolveContext {
  readonly metadata: { [key: string]: any };
  readonly resources: { [name: string]: any };
  readonly databases: { [name: string]: PostgresDatabase };
  readonly prefixes: { [name: string]: string };
  readonly host?: string;
  /** The value goes into the pod spec (a variable, command, args), where Kubernetes expands `$(VAR)`. */
  readonly inPod: boolean;
  /** The placeholder is in the user part of a URL (after `://`, before `@`). */
  readonly inUrlUserInfo?: boolean;
  readonly fail: (problem: string, fix: string) => Error;
}

/**
 * Resolves Score placeholders. In the pod spec a literal `$(` is escaped as `$$(` so that Kubernetes
 * leaves it alone, and connection values become `$(VAR)` references to the connection variables.
 */
function resolvePlaceholders(value: string, ctx: ResolveContext): string {
  let out = '';
  let literal = '';
  const flush = () => {
    out += ctx.inPod ? literal.replace(/\$\(/g, '$$$$(') : literal;
    literal = '';
  };
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$$', i)) {
      literal += '$';
      i += 2;
    } else if (value.startsWith('${', i)) {
      const end = value.indexOf('}', i);
      if (end < 0) {
        throw ctx.fail(`has an unterminated placeholder '${value.slice(i)}'`, "close it with '}', or write '$${' for a literal '${'");
      }
      const resolved = resolveOne(value.slice(i + 2, end), { ...ctx, inUrlUserInfo: /:\/\/[^@/\s]*$/.test(value.slice(0, i)) });
      if (resolved.reference) {
        flush();
        out += resolved.text;
      } else {
        literal += resolved.text;
      }
      i = end + 1;
    } else {
      literal += value[i];
      i++;
    }
  }
  flush();
  return out;
}

/** A placeholder's value: literal text, or a `$(VAR)` reference Kubernetes expands. */
function resolveOne(ref: string, ctx: ResolveContext): { text: string; reference: boolean } {
  const parts = ref.split('.');
  if (parts[0] === 'metadata' && parts.length === 2 && typeof ctx.metadata[parts[1]] === 'string') {
    return { text: ctx.metadata[parts[1]], reference: false };
  }
  if (parts[0] === 'metadata' && parts.length === 3 && parts[1] === 'annotations' && typeof ctx.metadata.annotations?.[parts[2]] === 'string') {
    return { text: ctx.metadata.annotations[parts[2]], reference: false };
  }
  if (parts[0] === 'resources' && parts.length === 3 && ctx.resources[parts[1]] !== undefined) {
    const [, name, output] = parts;
    const type = ctx.resources[name].type;
    if (type === 'postgres' && POSTGRES_OUTPUTS[output] !== undefined) {
      const database = ctx.databases[name];
      if (output === 'port') {
        return { text: String(database.port), reference: false };
      }
      if (output === 'name' || output === 'database') {
        return { text: database.sqlDatabaseName, reference: false };
      }
      if (!ctx.inPod) {
        throw ctx.fail(`uses '\${${ref}}', which is known only in the pod (from the database's connection secret)`,
          'use it in a variable, command or args, not in a file');
      }
      // In a URL's user part (postgres://user:password@host) the password is the escaped one.
      const suffix = output === 'password' && ctx.inUrlUserInfo ? 'PASSWORD_URLENCODED' : POSTGRES_OUTPUTS[output];
      return { text: `$(${ctx.prefixes[name]}${suffix})`, reference: true };
    }
    if (type === 'dns' && output === 'host' && ctx.host !== undefined) {
      return { text: ctx.host, reference: false };
    }
    throw ctx.fail(`uses '\${${ref}}', an output a '${type}' resource does not have`,
      type === 'postgres' ? `use one of ${Object.keys(POSTGRES_OUTPUTS).join(', ')}` : type === 'dns' ? 'use host' : 'a route has no outputs');
  }
  throw ctx.fail(`uses '\${${ref}}', which names nothing in the Score file`, 'use ${metadata.name}, ${metadata.annotations.<key>} or ${resources.<name>.<output>}');
}

function cpuMillis(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

function memoryBytes(quantity: string): number {
  const match = /^([0-9.]+)([A-Za-z]*)$/.exec(quantity)!;
  return Math.ceil(Number(match[1]) * MEMORY_UNITS[match[2]]);
}

/** Whole GiB when exact, else MiB rounded up (cdk8s-plus renders memory in whole MiB). */
function sizeOf(bytes: number): Size {
  return bytes % GIBIBYTE === 0 ? Size.gibibytes(bytes / GIBIBYTE) : Size.mebibytes(Math.ceil(bytes / MEBIBYTE));
}

function databaseNameOf(name: string): string {
  return shorten(name, DATABASE_NAME_MAX);
}
