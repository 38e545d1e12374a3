import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Chart } from 'cdk8s';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { EnvironmentClass } from './environment-class';
import { PlatformApp } from './platform-app';
import { PlatformContext } from './platform-context';
import { StateBackend } from './state-backend';
import type { IPlatformCluster } from '../cluster/platform-cluster-attributes';
import { Catalog, ICatalogSource } from '../portal/catalog';
import { ENVIRONMENT_LABEL, PRIORITY_CLASS } from '../private/contract';
import { constructError, propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { isDnsLabel } from '../private/validate';

const PLATFORM_STACK = Symbol.for('cdk-paved-road.PlatformStack');

/**
 * Properties for `PlatformStack`.
 */
export interface PlatformStackProps {
  /** Short name of the platform, a DNS label of at most 20 characters (e.g. `acme`). */
  readonly platformName: string;
  /**
   * Name of the environment, a DNS label of at most 20 characters.
   * @default - the stack's id
   */
  readonly environmentName?: string;
  /** The environment class, which sets the defaults that differ between environments. */
  readonly environmentClass: EnvironmentClass;
  /** The 12-digit AWS account ID; the AWS provider refuses to act on any other. */
  readonly account: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The base domain under which services get hostnames, e.g. `prod.example.com`. */
  readonly domain: string;
  /**
   * Where Terraform keeps this stack's state.
   * @default - StateBackend.local(): synthesis and tests need nothing; use StateBackend.s3() for shared environments
   */
  readonly stateBackend?: StateBackend;
  /**
   * The environment whose cluster, image registry and service secrets this one uses.
   * @default - this environment itself
   */
  readonly hostEnvironmentName?: string;
  /**
   * Tags added to every cloud resource of the stack (through the provider's default tags).
   * @default - none besides the standard platform, environment and class tags
   */
  readonly extraTags?: { [key: string]: string };
}

/**
 * Options for `PlatformStack.addChart()`.
 */
export interface PlatformChartOptions {
  /**
   * Namespace given to every namespaced object of the chart that does not set its own.
   * @default - none: objects set their own namespace
   */
  readonly namespace?: string;
}

/** Runtime types of `PlatformStackProps` (src/private/prop-types.ts). */
const PLATFORM_STACK_PROPS = propTypes('PlatformStackProps', {
  platformName: required(T.string),
  environmentName: T.string,
  environmentClass: required(T.oneOf('EnvironmentClass', EnvironmentClass)),
  account: required(T.string),
  region: required(T.string),
  domain: required(T.string),
  stateBackend: T.shape('a StateBackend', 'StateBackend.s3({ bucket: "..." })'),
  hostEnvironmentName: T.string,
  extraTags: T.stringMap,
});

/** Runtime types of `PlatformChartOptions` (`PlatformStack.addChart()`). */
const PLATFORM_CHART_OPTIONS = propTypes('PlatformChartOptions', {
  namespace: T.string,
});

/**
 * One environment of the platform in one AWS account and region: a Terraform stack that carries
 * the `PlatformContext` (the contract between the two outputs) and creates the charts that hold
 * its Kubernetes objects.
 *
 * Composite constructs (`PlatformCluster`, `ServiceApp`, `PreviewEnvironment`) are created inside
 * a `PlatformStack` the usual way, `new X(stack, id, props)`, and place their Terraform resources
 * in the stack and their Kubernetes objects in charts of the same `PlatformApp`.
 *
 * The stack is also the policy of its environment: a workload asks it for its namespace, cluster,
 * hostname, replica count, priority class and extra labels (`namespaceFor()`, `clusterFor()`,
 * `hostnameFor()`, `replicasFor()`, `priorityClassNameFor()`, `labelsFor()`), and a kind of environment with other
 * answers (a pull-request preview) is a subclass that overrides them.
 */
export class PlatformStack extends TerraformStack implements ICatalogSource {
  /** True when `x` is a `PlatformStack`. */
  public static isPlatformStack(x: unknown): x is PlatformStack {
    return typeof x === 'object' && x !== null && PLATFORM_STACK in x;
  }

  /**
   * The closest PlatformStack enclosing a construct, or undefined when there is none
   * (for constructs that also work in a plain TerraformStack).
   */
  public static find(scope: IConstruct): PlatformStack | undefined {
    return scope.node.scopes.slice().reverse().find((c): c is PlatformStack => PlatformStack.isPlatformStack(c));
  }

  /**
   * The `PlatformStack` that `scope` lives in.
   * @throws when `scope` is not inside a `PlatformStack`
   */
  public static containing(scope: IConstruct): PlatformStack {
    const stack = PlatformStack.find(scope);
    if (stack) {
      return stack;
    }
    throw constructError(scope, 'PlatformStack.of', 'this construct is not inside a PlatformStack',
      'create it inside one: new PlatformStack(app, id, props), then new X(stack, id, props)');
  }

  /** The contract between the two outputs: names, account, region, domain and environment defaults. */
  public readonly context: PlatformContext;
  /** The app whose Kubernetes tree holds this stack's charts. */
  public readonly platformApp: PlatformApp;
  /** The AWS provider of this stack. */
  public readonly provider: AwsProvider;
  private readonly charts = new Map<string, Chart>();

  public constructor(app: PlatformApp, id: string, props: PlatformStackProps) {
    super(app.terraform, id);
    checkProps(this, 'PlatformStack', props, PLATFORM_STACK_PROPS);
    Object.defineProperty(this, PLATFORM_STACK, { value: true });
    if (!isDnsLabel(id, 40)) {
      throw propError(this, 'PlatformStack', 'id', id, 'is not a DNS label of at most 40 characters (it names the state key and the chart files)', 'use lower-case letters, digits and "-", e.g. "prod"');
    }
    this.platformApp = app;
    this.context = new PlatformContext(this, {
      platformName: props.platformName,
      environmentName: props.environmentName ?? id,
      environmentClass: props.environmentClass,
      account: props.account,
      region: props.region,
      domain: props.domain,
      hostEnvironmentName: props.hostEnvironmentName,
      extraTags: props.extraTags,
    });
    app._recordEnvironmentClass(this, this.context.environmentClass);
    this.provider = new AwsProvider(this, 'aws', {
      region: this.context.region,
      allowedAccountIds: [this.context.account],
      defaultTags: [{ tags: this.context.tags }],
    });
    (props.stateBackend ?? StateBackend.local())._bind(this, this.context.region, this.context.platformName, this.context.environmentName);
  }

  /** Adds the environment to the developer portal's catalog: its `System`, named `<platform>-<environment>`. */
  public addToCatalog(catalog: Catalog): void {
    const ctx = this.context;
    catalog.addEnvironment(this, {
      platformName: ctx.platformName,
      environmentName: ctx.environmentName,
      lifecycle: ctx.defaults.catalogLifecycle,
      account: ctx.account,
      region: ctx.region,
    });
  }

  /**
   * The namespace a team's workload runs in here: the one it asks for, else the team's.
   *
   * @param team the owning team
   * @param namespace the namespace the workload asks for, if any
   */
  public namespaceFor(team: string, namespace?: string): string {
    return namespace ?? team;
  }

  /**
   * The cluster a workload runs on here: the one it names; this stack knows no default.
   *
   * @param cluster the cluster the workload names, if any
   */
  public clusterFor(cluster?: IPlatformCluster): IPlatformCluster | undefined {
    return cluster;
  }

  /** The public hostname of a service here: `<service>.<domain>`. */
  public hostnameFor(service: string): string {
    return this.context.hostname(service);
  }

  /**
   * The fixed replica count of a workload here, or undefined for an autoscaled one: here, what
   * the workload asks for (undefined when it asks for autoscaling).
   *
   * @param replicas the fixed count the workload asks for, if any
   */
  public replicasFor(replicas?: number): number | undefined {
    return replicas;
  }

  /**
   * The PriorityClass of a workload's pods here: `workload-default`, which the platform baseline
   * defines (and makes the cluster's global default).
   *
   * @param _workload name of the workload that asks
   */
  public priorityClassNameFor(_workload: string): string {
    return PRIORITY_CLASS.WORKLOAD_DEFAULT;
  }

  /**
   * Labels a team's workloads carry here, besides their own: the environment (the platform's
   * `ClusterSecretStore` serves only namespaces and workloads of its environment).
   *
   * @param _team the owning team
   */
  public labelsFor(_team: string): { [key: string]: string } {
    return { [ENVIRONMENT_LABEL]: this.context.environmentName };
  }

  /**
   * Creates a chart for this environment in the app's Kubernetes tree. Its file is named
   * `<stack id>-<id>.k8s.yaml`.
   *
   * @throws when a chart with this id exists already in this stack
   */
  public addChart(id: string, options: PlatformChartOptions = {}): Chart {
    checkProps(this, 'PlatformStack', options, PLATFORM_CHART_OPTIONS, 'options');
    const chartId = `${this.node.id}-${id}`;
    if (this.charts.has(chartId)) {
      throw propError(this, 'PlatformStack', 'id', id, 'names a chart that this stack has already', 'give each chart of a stack its own id');
    }
    const chart = new Chart(this.platformApp.kubernetes, chartId, {
      namespace: options.namespace,
      disableResourceNameHashes: true,
    });
    this.platformApp._recordEnvironmentClass(chart, this.context.environmentClass);
    this.charts.set(chartId, chart);
    return chart;
  }
}
