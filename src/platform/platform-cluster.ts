import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ApiObject, Chart } from 'cdk8s';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformClusterLookup, PlatformClusterLookupProps } from './platform-cluster-lookup';
import { PlatformObservability, PlatformObservabilityOptions } from './platform-observability';
import { PlatformParameters } from './platform-parameters';
import { AutoModeIngressClass } from '../addons/auto-mode-ingress-class';
import { AwsLoadBalancerController } from '../addons/aws-load-balancer-controller';
import { ExternalSecretsOperator } from '../addons/external-secrets-operator';
import { HelmChartApplication } from '../addons/helm-chart-application';
import { InClusterGrafana } from '../addons/in-cluster-grafana';
import { Karpenter } from '../addons/karpenter';
import { KarpenterNodePool } from '../addons/karpenter-node-pool';
import { PlatformAddonProject } from '../addons/platform-addon-project';
import { PlatformAddons } from '../addons/platform-addons';
import { AutoModeNodePool } from '../cluster/auto-mode-node-pool';
import { EksControlPlane } from '../cluster/eks-control-plane';
import { KubernetesVersion } from '../cluster/kubernetes-version';
import { CapacityType, ManagedNodePool, NodePoolOptions } from '../cluster/managed-node-pool';
import { IPlatformCluster, PlatformClusterAttributes } from '../cluster/platform-cluster-attributes';
import { PreviewJanitor } from '../cluster/preview-janitor';
import { PlatformStack } from '../core/platform-stack';
import { GitOpsOptions, PlatformGitOps } from '../delivery/platform-gitops';
import { EnvironmentDns } from '../dns/environment-dns';
import { PlatformNetwork } from '../network/platform-network';
import { AlertSubscription } from '../observability/alert-routing';
import { Catalog, ICatalogSource } from '../portal/catalog';
import { ConsoleLinks } from '../portal/private/console-links';
import { addExternalDns, addLoadBalancerControllerIam } from '../private/addon-aws';
import { addonNamespace, httpsEgressRule } from '../private/addon-namespace';
import { DEFAULT_SERVICE_CIDR, formatCidr, overlaps, parseCidr, subnetPlan } from '../private/cidr';
import {
  CLOUDWATCH_SERVICE_ACCOUNT, EBS_CSI_SERVICE_ACCOUNT, ENVIRONMENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL, PRIORITY_CLASS, SECRET_STORE_NAME,
  EXTERNAL_DNS_NAMESPACE, podIdentityAgentEgressRule, previewNamespacePrefix, SKIP_DRY_RUN_ON_MISSING_CRD, SPOT_POOL, SPOT_TAINT, teamGroup,
  vpcNameTag,
} from '../private/contract';
import { constructError, propError, reportAs } from '../private/errors';
import { addExternalSecretsIam } from '../private/external-secrets-iam';
import { managedPolicyArn, podIdentityTrust } from '../private/iam';
import { KarpenterAws } from '../private/karpenter-aws';
import { previewDeployerAccess, previewDeployerRbac } from '../private/preview-deployers';
import { checkProps, propTypes, T } from '../private/prop-types';
import { GITOPS_OPTIONS, NODE_POOL_OPTIONS, PLATFORM_OBSERVABILITY_OPTIONS } from '../private/shared-prop-types';
import { claimName, requireCidr, requireDnsLabel, requirePrincipalArn, requireUnreservedNamespace } from '../private/validate';
import { TeamNamespace } from '../team/team-namespace';

const KIND = 'PlatformCluster';
/** Kubernetes caps namespace names at 63 characters. */
const NAMESPACE_NAME_MAX = 63;
/** Digits a preview namespace keeps for its pull request number (`preview-<team>-pr-<n>`). */
const PREVIEW_NUMBER_DIGITS = 7;
/** vCPUs Karpenter's on-demand `general` pool may hold together (its NodePool's `limits.cpu`). */
const GENERAL_POOL_MAX_VCPUS = 64;

/** Which add-ons a `PlatformCluster` installs, resolved once from `addons` and `autoMode`. */
interface AddonChoice {
  readonly externalSecrets: boolean;
  readonly loadBalancerController: boolean;
  readonly externalDns: boolean;
  readonly karpenter: boolean;
}

/** How a node pool's errors name the `PlatformCluster` prop they came from (`systemPool` or `spotPool`). */
function poolProps(prop: string): { [innerProp: string]: string } {
  const map: { [innerProp: string]: string } = {};
  for (const p of ['instanceTypes', 'minSize', 'maxSize', 'desiredSize', 'diskSizeGib', 'labels', 'taints', 'maxVcpus']) {
    map[p] = `${prop}.${p}`;
  }
  return map;
}

/** The node pools a `PlatformCluster` makes, and the node role its nodes use. */
interface NodePools {
  readonly systemPool?: ManagedNodePool;
  readonly spotPool?: ManagedNodePool;
  readonly nodeRoleArn: string;
}

/**
 * Properties for `PlatformCluster`.
 */
export interface PlatformClusterProps {
  /**
   * Kubernetes version; one the library is tested with.
   * @default KubernetesVersion.V1_34
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * VPC CIDR, /16 to /22.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * Availability zones, 2 to 6.
   * @default - zones a, b and c of the stack's region
   */
  readonly availabilityZones?: string[];
  /**
   * One NAT gateway per AZ.
   * @default - per AZ in production, a single one in other environment classes
   */
  readonly natGatewayPerAz?: boolean;
  /**
   * Interface VPC endpoints for ECR, STS and CloudWatch Logs.
   * @default false
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * CIDR blocks allowed to reach the public API endpoint.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: string[];
  /**
   * IAM principal ARNs given cluster-admin through access entries.
   * @default - none
   */
  readonly adminPrincipalArns?: string[];
  /**
   * Retention of flow-log and control-plane log groups in days.
   * @default - by environment class: 365 production, 90 staging, 30 development, 7 preview
   */
  readonly logRetentionDays?: number;
  /**
   * EKS Auto Mode: AWS runs the nodes instead of managed node groups (its built-in
   * `general-purpose` and `system` node pools, sized to the pods' requests) and, with them, the
   * VPC CNI, kube-proxy, CoreDNS, EBS CSI driver and Pod Identity agent, which are then not
   * installed as add-ons (Metrics Server and CloudWatch Observability still are). The default
   * StorageClass uses Auto Mode's EBS provisioner. See `EksControlPlaneProps.autoMode`.
   * @default false - managed node groups (`systemPool`, `spotPool`) and pinned add-ons
   */
  readonly autoMode?: boolean;
  /**
   * The on-demand system pool. Not with `autoMode`.
   * @default - m7i.large/m6i.large; sizes by environment class (3-6 in production)
   */
  readonly systemPool?: NodePoolOptions;
  /**
   * An optional spot pool for workloads that tolerate interruption: its nodes are labelled
   * `paved-road.dev/pool=spot` and tainted `paved-road.dev/spot=true:NO_SCHEDULE`, and workloads
   * with `spot: true` run there. A managed node group (0 to 6 nodes by default); with `autoMode`
   * an Auto Mode NodePool (`AutoModeNodePool`, any current c/m/r type unless `instanceTypes`,
   * bounded by `maxVcpus`, 64 by default), where the node-count and disk options do not apply.
   * @default - no spot pool
   */
  readonly spotPool?: NodePoolOptions;
  /**
   * Run the `PreviewJanitor` CronJob, which deletes expired preview namespaces, on this cluster.
   * Turn it on for the cluster that hosts pull-request previews.
   * @default false
   */
  readonly previewJanitor?: boolean;
  /**
   * Add-ons to leave out because you run them yourself; each is installed unless set to false.
   * See `PlatformAddons`.
   * @default - every add-on installed
   */
  readonly addons?: PlatformAddons;
  /**
   * GitOps delivery: Argo CD (the EKS capability with `identityCenter`, else self-managed), an
   * AppProject per team and the environment's ApplicationSet over a GitOps repository (`PlatformGitOps`).
   * @default - none: nothing delivers YAML to the cluster
   */
  readonly gitops?: GitOpsOptions;
  /**
   * Use the environment domain's public hosted zone that exists already (looked up by name)
   * instead of creating it. Either way the wildcard certificate is validated in it, and ExternalDNS
   * writes only there.
   * @default false - the zone is created; delegate to it with the `hosted_zone_name_servers` output
   */
  readonly existingHostedZone?: boolean;
  /**
   * Metrics, alerts and logs (`PlatformObservability`): a Prometheus workspace with the managed
   * collector, kube-state-metrics and node-exporter, an alert topic per team, Container Insights log groups.
   * @default - all of it, with the cluster's log retention
   */
  readonly observability?: PlatformObservabilityOptions;
}

/**
 * Options for `PlatformCluster.addTeam()`.
 */
export interface TeamOptions {
  /**
   * Team name, a DNS label; names the namespace.
   * @default - the id
   */
  readonly name?: string;
  /**
   * IAM role ARNs of the team's members; each gets an EKS access entry mapped to the team's group.
   * @default - none
   */
  readonly principalArns?: string[];
  /**
   * CPU cores the team may request.
   * @default - by environment class: 40 production, 20 staging, 10 development, 4 preview
   */
  readonly quotaCpuCores?: number;
  /**
   * Memory the team may request, in GiB.
   * @default - by environment class: 80 production, 40 staging, 20 development, 8 preview
   */
  readonly quotaMemoryGib?: number;
  /**
   * Pods the team may run.
   * @default - by environment class: 200 production, 100 staging, 60 development, 30 preview
   */
  readonly quotaPods?: number;
  /**
   * Subscribers of the team's alert topic (`<platform>-<environment>-alerts-<team>`), where its
   * services' alerts and its databases' alarms go.
   * @default - none: the topic exists, subscribe to it later
   */
  readonly alertSubscriptions?: AlertSubscription[];
  /**
   * IAM roles that deploy the team's pull-request previews on this cluster, e.g. `roleArn` of
   * `CiIdentity.addPreviewRepository()`. Each gets an EKS access entry that lets it create, change
   * and delete the namespaces `preview-<team>-pr-<n>` and everything in them, and write nothing
   * elsewhere: EKS's `AmazonEKSAdminPolicy` scoped to those namespaces, RBAC for the namespace
   * itself, its quota and the custom resources a preview holds (which it may read in every
   * namespace), and a ValidatingAdmissionPolicy that refuses the role's writes anywhere else.
   * Only on the cluster that hosts previews (`previewJanitor`). The roles must exist when the
   * access entries are created: apply the stack with the `CiIdentity` first, or pass the role's
   * `roleArn` token from the same stack.
   * @default - none
   */
  readonly previewDeployerArns?: string[];
}

/** Runtime types of `PlatformClusterProps` (src/private/prop-types.ts). */
const PLATFORM_CLUSTER_PROPS = propTypes('PlatformClusterProps', {
  kubernetesVersion: T.shape('a KubernetesVersion', 'KubernetesVersion.V1_34', ['version']),
  vpcCidr: T.string,
  availabilityZones: T.strings,
  natGatewayPerAz: T.boolean,
  interfaceEndpoints: T.boolean,
  publicAccessCidrs: T.strings,
  adminPrincipalArns: T.strings,
  logRetentionDays: T.number,
  autoMode: T.boolean,
  systemPool: T.struct(NODE_POOL_OPTIONS),
  spotPool: T.struct(NODE_POOL_OPTIONS),
  previewJanitor: T.boolean,
  addons: T.shape('a PlatformAddons object', 'an object such as { karpenter: false }'),
  gitops: T.struct(GITOPS_OPTIONS),
  existingHostedZone: T.boolean,
  observability: T.struct(PLATFORM_OBSERVABILITY_OPTIONS),
});

/** Runtime types of `TeamOptions`. */
const TEAM_OPTIONS = propTypes('TeamOptions', {
  name: T.string,
  principalArns: T.strings,
  quotaCpuCores: T.number,
  quotaMemoryGib: T.number,
  quotaPods: T.number,
  alertSubscriptions: T.list('a list of AlertSubscription', 'a list such as [{ protocol: AlertProtocol.EMAIL, endpoint: "oncall@example.com" }]'),
  previewDeployerArns: T.strings,
});

/**
 * A production-grade EKS platform for one environment in one construct: network, control plane,
 * system (and optional spot) nodes, pinned managed add-ons, the IAM role of the External Secrets
 * Operator, Terraform outputs, and a baseline chart (encrypted gp3 default StorageClass,
 * PriorityClasses, the Secrets Manager `ClusterSecretStore`). Teams come with `addTeam()`.
 *
 * @example
 * const cluster = new PlatformCluster(prod, 'cluster', { adminPrincipalArns: [adminRole] });
 * cluster.addTeam('shop', { principalArns: [shopRole] });
 */
export class PlatformCluster extends Construct implements IPlatformCluster, ICatalogSource {
  /**
   * A cluster created elsewhere (another stack or repository), from plain attributes.
   */
  public static fromAttributes(attrs: PlatformClusterAttributes): IPlatformCluster {
    const plan = subnetPlan(parseCidr(requireCidr(`${KIND}.fromAttributes`, KIND, 'vpcCidr', attrs.vpcCidr))!);
    return {
      clusterName: attrs.clusterName,
      vpcId: attrs.vpcId,
      vpcCidr: attrs.vpcCidr,
      privateSubnetIds: attrs.privateSubnetIds ?? [],
      databaseSubnetIds: attrs.databaseSubnetIds ?? [],
      databaseSubnetCidrs: attrs.databaseSubnetCidrs ?? [],
      publicSubnetCidrs: attrs.publicSubnetCidrs ?? [formatCidr(plan.publicBlock)],
      privateSubnetCidrs: attrs.privateSubnetCidrs ?? [0, 1, 2, 3, 4, 5].map((i) => formatCidr(plan.privateSubnet(i))),
      clusterSecurityGroupId: attrs.clusterSecurityGroupId,
      nodeRoleArn: attrs.nodeRoleArn,
    };
  }

  /**
   * The cluster of this stack's environment, read back from the SSM parameters its
   * `PlatformCluster` published under `/<platform>/<environment>/...` (a preview reads its host
   * environment's), through Terraform data sources: an app repository copies no IDs.
   *
   * IDs (`vpcId`, subnet IDs, security group, node role) are Terraform tokens, for Terraform
   * resources only; what YAML needs (`clusterName`, `vpcCidr`, `databaseSubnetCidrs`) is known at
   * synth time, from the contract's names and from `props`, and checked at plan against the
   * published values. See `PlatformClusterLookup`.
   *
   * @example
   * const cluster = PlatformCluster.fromLookup(prod, 'platform');
   * new ServiceApp(prod, 'orders', { team: 'shop', imageTag: '1.0.0', cluster });
   */
  public static fromLookup(scope: Construct, id: string, props: PlatformClusterLookupProps = {}): PlatformClusterLookup {
    return new PlatformClusterLookup(scope, id, props);
  }

  public readonly clusterName: string;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly privateSubnetIds: string[];
  public readonly databaseSubnetIds: string[];
  public readonly databaseSubnetCidrs: string[];
  public readonly publicSubnetCidrs: string[];
  public readonly privateSubnetCidrs: string[];
  public readonly clusterSecurityGroupId: string;
  public readonly nodeRoleArn: string;
  /** The network. */
  public readonly network: PlatformNetwork;
  /** The control plane. */
  public readonly controlPlane: EksControlPlane;
  /** The on-demand system pool; undefined with `autoMode`, where AWS runs the nodes. */
  public readonly systemPool?: ManagedNodePool;
  /** Whether EKS Auto Mode runs the nodes. */
  public readonly autoMode: boolean;
  /** The spot pool (a managed node group), when asked for without `autoMode`. */
  public readonly spotPool?: ManagedNodePool;
  /** The spot pool (an Auto Mode NodePool in the platform chart), when asked for with `autoMode`. */
  public readonly autoModeSpotPool?: AutoModeNodePool;
  /** The chart with the platform's baseline objects and the team namespaces. */
  public readonly baseline: Chart;
  /** The Argo CD Applications of the add-ons installed from Helm charts. */
  public readonly addonApplications: HelmChartApplication[] = [];
  /** GitOps delivery, when the `gitops` prop is given. */
  public readonly gitops?: PlatformGitOps;
  /** The environment's hosted zone and wildcard certificate. */
  public readonly dns: EnvironmentDns;
  /** Karpenter (its chart, EC2NodeClass and NodePools), when installed (managed node groups only). */
  public readonly karpenter?: Karpenter;
  /** Metrics, alerts and logs, unless `observability.enabled` is false. */
  public readonly observability?: PlatformObservability;
  /** Which add-ons are installed. */
  private readonly addonChoice: AddonChoice;
  private karpenterAws?: KarpenterAws;
  private readonly stack: PlatformStack;
  private readonly teams = new Map<string, TeamNamespace>();
  /** Whether pull-request previews run here (`previewJanitor`). */
  private readonly hostsPreviews: boolean;

  public constructor(scope: Construct, id: string, props: PlatformClusterProps = {}) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_CLUSTER_PROPS);
    this.stack = PlatformStack.containing(this);
    const ctx = this.stack.context;
    const logRetentionDays = props.logRetentionDays ?? ctx.defaults.logRetentionDays;
    this.clusterName = ctx.clusterName;
    // Two stacks of one platform and environment that each made the cluster would make the same
    // EKS cluster, VPC and roles in two states.
    claimName(this, KIND, `cluster:${ctx.clusterName}`, `the cluster '${ctx.clusterName}' of environment '${ctx.environmentName}'`);

    this.network = this.addNetwork(props, logRetentionDays);
    const serviceBlock = parseCidr(DEFAULT_SERVICE_CIDR)!;
    if (overlaps(parseCidr(this.network.vpcCidr)!, serviceBlock)) {
      throw propError(this, KIND, 'vpcCidr', this.network.vpcCidr, `overlaps the Kubernetes service CIDR ${DEFAULT_SERVICE_CIDR} of the cluster`,
        `choose a VPC CIDR outside ${DEFAULT_SERVICE_CIDR}, e.g. "10.0.0.0/16"`);
    }
    this.vpcId = this.network.vpcId;
    this.vpcCidr = this.network.vpcCidr;
    this.privateSubnetIds = this.network.privateSubnets.map((s) => s.id);
    this.databaseSubnetIds = this.network.databaseSubnets.map((s) => s.id);
    this.databaseSubnetCidrs = this.network.databaseSubnetCidrs;
    this.publicSubnetCidrs = this.network.publicSubnetCidrs;
    this.privateSubnetCidrs = this.network.privateSubnetCidrs;

    this.autoMode = props.autoMode ?? false;
    this.addonChoice = this.resolveNodesAndAddons(props);
    this.controlPlane = this.addControlPlane(props, logRetentionDays);
    this.clusterSecurityGroupId = this.controlPlane.clusterSecurityGroupId;
    const clusterName = this.controlPlane.cluster.name; // a token: orders node groups and add-ons after the cluster

    const pools = this.addNodePools(props, clusterName);
    this.systemPool = pools.systemPool;
    this.spotPool = pools.spotPool;
    this.nodeRoleArn = pools.nodeRoleArn;

    this.observability = props.observability?.enabled === false ? undefined : new PlatformObservability(this, 'Observability', {
      ...props.observability,
      clusterName,
      clusterArn: this.controlPlane.cluster.arn,
      subnetIds: this.privateSubnetIds,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      defaultLogRetentionDays: logRetentionDays,
      nodesReady: this.systemPool && [this.systemPool.nodeGroup],
    });
    const nodesReady = this.addAddons(clusterName, this.observability?.logGroups.logGroups ?? []);
    addExternalSecretsIam(this, ctx, clusterName);
    this.dns = new EnvironmentDns(this, 'Dns', { domain: ctx.domain, existingHostedZone: props.existingHostedZone });
    this.addAddonsAws(clusterName, nodesReady);
    this.addOutputs();

    this.baseline = this.stack.addChart('platform');
    this.addBaseline();
    this.karpenter = this.addKubernetesAddons(props.spotPool);
    this.autoModeSpotPool = this.addAutoModeSpotPool(props.spotPool);
    this.hostsPreviews = props.previewJanitor ?? false;
    if (this.hostsPreviews) {
      new PreviewJanitor(this.baseline, 'PreviewJanitor');
    }
    this.gitops = props.gitops && new PlatformGitOps(this, 'GitOps', { ...props.gitops, clusterName, chart: this.baseline });
  }

  /**
   * Adds a team: on the Terraform side an EKS access entry per principal, mapped to the Kubernetes
   * group `team:<name>`; on the Kubernetes side a `TeamNamespace` (restricted Pod Security, quota,
   * limits, default-deny NetworkPolicy, RoleBindings) sized by the environment class.
   *
   * @throws when a team of that name exists already
   */
  public addTeam(id: string, options: TeamOptions = {}): TeamNamespace {
    checkProps(this, KIND, options, TEAM_OPTIONS, 'addTeam options');
    const name = requireUnreservedNamespace(this, KIND, 'addTeam name', requireDnsLabel(this, KIND, 'addTeam name', options.name ?? id));
    (options.principalArns ?? []).forEach((arn, i) => requirePrincipalArn(this, KIND, `addTeam principalArns[${i}]`, arn));
    const previewDeployers = options.previewDeployerArns ?? [];
    previewDeployers.forEach((arn, i) => requirePrincipalArn(this, KIND, `addTeam previewDeployerArns[${i}]`, arn));
    if (name.startsWith('preview-') || name.includes('-pr-')) {
      throw propError(this, KIND, 'addTeam name', name, 'starts with "preview-" or holds "-pr-", which name pull-request previews\' namespaces (preview-<team>-pr-<n>)',
        'give the team a name without them, so that no team\'s namespaces fall among another\'s previews');
    }
    if (previewDeployers.length > 0 && previewNamespacePrefix(name).length > NAMESPACE_NAME_MAX - PREVIEW_NUMBER_DIGITS) {
      throw propError(this, KIND, 'addTeam name', name, `is too long for preview namespaces ${previewNamespacePrefix(name)}<n> within 63 characters`,
        'give the team a name of at most 44 characters');
    }
    if (previewDeployers.length > 0 && !this.hostsPreviews) {
      throw propError(this, KIND, 'addTeam previewDeployerArns', options.previewDeployerArns, 'is given, but this cluster does not host previews',
        'set previewJanitor: true on the cluster that hosts pull-request previews (usually dev), and give the roles there');
    }
    if (this.teams.has(name)) {
      throw constructError(this, KIND, `team '${name}' is added twice`, 'give each team its own name');
    }
    const d = this.stack.context.defaults;
    const group = teamGroup(name);
    (options.principalArns ?? []).forEach((principalArn, i) => {
      new EksAccessEntry(this, `Team-${name}-${i}`, {
        clusterName: this.controlPlane.cluster.name,
        principalArn,
        type: 'STANDARD',
        kubernetesGroups: [group],
      });
    });
    if (previewDeployers.length > 0) {
      previewDeployerAccess(this, {
        clusterName: this.controlPlane.cluster.name,
        team: name,
        principalArns: previewDeployers,
        partition: this.stack.context.partition,
      });
      previewDeployerRbac(this.baseline, name, { [ENVIRONMENT_LABEL]: this.stack.context.environmentName });
    }
    const team = reportAs(this, KIND, { quotaCpuCores: 'addTeam quotaCpuCores', quotaMemoryGib: 'addTeam quotaMemoryGib', quotaPods: 'addTeam quotaPods' },
      () => new TeamNamespace(this.baseline, `Team-${name}`, {
        name,
        group,
        defaults: d,
        quotaCpuCores: options.quotaCpuCores ?? d.quotaCpuCores,
        quotaMemoryGib: options.quotaMemoryGib ?? d.quotaMemoryGib,
        quotaPods: options.quotaPods ?? d.quotaPods,
        labels: { [ENVIRONMENT_LABEL]: this.stack.context.environmentName },
      }), this.baseline);
    this.teams.set(name, team);
    this.gitops?.addTeam(name);
    this.observability?.addTeam(name, options.alertSubscriptions);
    return team;
  }

  /** Adds the cluster (a `Resource` of type `kubernetes-cluster`, owned by the platform team) and a `Group` per team to the catalog. */
  public addToCatalog(catalog: Catalog): void {
    catalog.addResource(this, {
      name: `${this.clusterName}-eks`,
      type: 'kubernetes-cluster',
      team: catalog.platformTeam,
      description: `EKS cluster '${this.clusterName}' (Kubernetes ${this.controlPlane.kubernetesVersion.version}${this.autoMode ? ', Auto Mode' : ''})`,
      links: ConsoleLinks.of(catalog.environmentOf(this)).eksCluster(this.clusterName),
    });
    for (const team of this.teams.keys()) {
      catalog.addGroup(team);
    }
  }

  /** The network: VPC, subnets in every zone, NAT, flow logs and the optional interface endpoints. */
  private addNetwork(props: PlatformClusterProps, logRetentionDays: number): PlatformNetwork {
    const ctx = this.stack.context;
    return reportAs(this, KIND, {
      vpcCidr: 'vpcCidr', availabilityZones: 'availabilityZones', flowLogRetentionDays: 'logRetentionDays',
    }, () => new PlatformNetwork(this, 'Network', {
      name: ctx.prefix,
      clusterName: this.clusterName,
      account: ctx.account,
      region: ctx.region,
      partition: ctx.partition,
      vpcCidr: props.vpcCidr,
      availabilityZones: props.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${ctx.region}${z}`),
      natGatewayPerAz: props.natGatewayPerAz ?? ctx.defaults.natGatewayPerAz,
      flowLogRetentionDays: logRetentionDays,
      interfaceEndpoints: props.interfaceEndpoints,
    }));
  }

  /**
   * Checks the node and add-on props against `autoMode` (under Auto Mode AWS runs the nodes and
   * Karpenter) and returns which add-ons are installed.
   */
  private resolveNodesAndAddons(props: PlatformClusterProps): AddonChoice {
    if (this.autoMode && props.systemPool) {
      throw propError(this, KIND, 'systemPool', JSON.stringify(props.systemPool), 'configures a managed node group, and with autoMode EKS Auto Mode runs the nodes',
        'leave systemPool unset (Auto Mode sizes its built-in node pools to the pods\' requests), or set autoMode: false');
    }
    if (this.autoMode && props.spotPool) {
      for (const prop of ['minSize', 'maxSize', 'desiredSize', 'diskSizeGib'] as const) {
        if (props.spotPool[prop] !== undefined) {
          throw propError(this, KIND, `spotPool.${prop}`, props.spotPool[prop], 'sizes a managed node group, and with autoMode the spot pool is an Auto Mode NodePool sized to the pods\' requests',
            prop === 'maxSize' ? 'bound the pool with spotPool.maxVcpus instead' : `leave spotPool.${prop} unset`);
        }
      }
    }
    const addons = props.addons ?? {};
    if (this.autoMode && addons.karpenter === true) {
      throw propError(this, KIND, 'addons.karpenter', true, 'installs Karpenter, and with autoMode AWS runs Karpenter itself',
        'leave addons.karpenter unset (Auto Mode NodePools come from spotPool or AutoModeNodePool), or set autoMode: false');
    }
    return {
      externalSecrets: addons.externalSecrets ?? true,
      loadBalancerController: addons.loadBalancerController ?? true,
      externalDns: addons.externalDns ?? true,
      karpenter: !this.autoMode && (addons.karpenter ?? true),
    };
  }

  /** The EKS control plane: cluster, its IAM, secrets key, logs and access entries. */
  private addControlPlane(props: PlatformClusterProps, logRetentionDays: number): EksControlPlane {
    const ctx = this.stack.context;
    return reportAs(this, KIND, {
      kubernetesVersion: 'kubernetesVersion', publicAccessCidrs: 'publicAccessCidrs', adminPrincipalArns: 'adminPrincipalArns', logRetentionDays: 'logRetentionDays',
    }, () => new EksControlPlane(this, 'ControlPlane', {
      clusterName: this.clusterName,
      subnetIds: this.privateSubnetIds,
      account: ctx.account,
      region: ctx.region,
      partition: ctx.partition,
      kubernetesVersion: props.kubernetesVersion,
      publicAccessCidrs: props.publicAccessCidrs,
      adminPrincipalArns: props.adminPrincipalArns,
      logRetentionDays,
      vpcCidr: this.vpcCidr,
      autoMode: this.autoMode,
    }));
  }

  /**
   * The managed node groups: the on-demand system pool (none under Auto Mode, whose node role is
   * the control plane's) and the optional spot pool.
   */
  private addNodePools(props: PlatformClusterProps, clusterName: string): NodePools {
    const ctx = this.stack.context;
    const d = ctx.defaults;
    if (this.autoMode) {
      return { nodeRoleArn: this.controlPlane.autoModeNodeRoleArn! };
    }
    const systemPool = reportAs(this, KIND, poolProps('systemPool'), () => new ManagedNodePool(this, 'SystemPool', {
      clusterName,
      poolName: 'system',
      subnetIds: this.privateSubnetIds,
      partition: ctx.partition,
      minSize: d.systemPoolMinSize,
      desiredSize: d.systemPoolDesiredSize,
      maxSize: d.systemPoolMaxSize,
      ...props.systemPool,
      capacityType: CapacityType.ON_DEMAND,
    }));
    const spotPool = props.spotPool && reportAs(this, KIND, poolProps('spotPool'), () => new ManagedNodePool(this, 'SpotPool', {
      clusterName,
      poolName: SPOT_POOL,
      subnetIds: this.privateSubnetIds,
      nodeRoleArn: systemPool.nodeRoleArn,
      minSize: 0,
      ...props.spotPool,
      // With Karpenter the pool's vCPU bound is its NodePool's; the node group stays at 0 nodes.
      maxVcpus: this.addonChoice.karpenter ? undefined : props.spotPool!.maxVcpus,
      taints: [SPOT_TAINT, ...(props.spotPool!.taints ?? [])],
      capacityType: CapacityType.SPOT,
    }));
    return { systemPool, spotPool, nodeRoleArn: systemPool.nodeRoleArn };
  }

  /**
   * What other stacks, CI and app repositories read: Terraform outputs with plain names
   * (`terraform output cluster_name`) and the SSM parameters `PlatformCluster.fromLookup()` reads.
   */
  private addOutputs(): void {
    for (const [name, value, description] of [
      ['cluster_name', this.clusterName, 'EKS cluster name'],
      ['cluster_endpoint', this.controlPlane.endpoint, 'EKS API endpoint'],
      ['oidc_issuer', this.controlPlane.oidcIssuerUrl, 'OIDC issuer URL (IRSA)'],
      ['vpc_id', this.vpcId, 'VPC ID'],
      ['private_subnet_ids', this.privateSubnetIds, 'Private subnet IDs (nodes and pods)'],
      ['database_subnet_ids', this.databaseSubnetIds, 'Isolated database subnet IDs'],
      ['vpc_cidr', this.vpcCidr, 'VPC IPv4 CIDR block'],
      ['database_subnet_cidrs', this.databaseSubnetCidrs, 'CIDR blocks of the database subnets'],
      ['node_role_arn', this.nodeRoleArn, 'Node IAM role ARN'],
      ['cluster_security_group_id', this.clusterSecurityGroupId, 'EKS cluster security group ID'],
      ['hosted_zone_id', this.dns.zoneId, 'Route 53 hosted zone of the environment domain'],
      ['hosted_zone_name_servers', this.dns.nameServers, 'Name servers of that zone, to delegate to from the parent zone'],
      ['certificate_arn', this.dns.certificateArn, 'Wildcard ACM certificate of the environment domain (issued)'],
    ] as Array<[string, string | string[], string]>) {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    }
    new PlatformParameters(this, 'Parameters', { cluster: this, clusterEndpoint: this.controlPlane.endpoint, oidcIssuerUrl: this.controlPlane.oidcIssuerUrl });
  }

  /** Under Auto Mode, the spot pool is an Auto Mode NodePool in the platform chart. */
  private addAutoModeSpotPool(spotPool?: NodePoolOptions): AutoModeNodePool | undefined {
    if (!spotPool || !this.autoMode) {
      return undefined;
    }
    return reportAs(this, KIND, poolProps('spotPool'), () => new AutoModeNodePool(this.baseline, 'SpotPool', {
      poolName: SPOT_POOL,
      capacityType: CapacityType.SPOT,
      instanceTypes: spotPool.instanceTypes,
      maxVcpus: spotPool.maxVcpus,
      labels: spotPool.labels,
      taints: [SPOT_TAINT, ...(spotPool.taints ?? [])],
    }), this.baseline);
  }

  /** The EKS add-ons; returns what add-ons with pods wait for (the system node group). */
  private addAddons(clusterName: string, logGroups: ITerraformDependable[]): ITerraformDependable[] {
    const ctx = this.stack.context;
    const versions = this.controlPlane.kubernetesVersion.addons;
    const addonRole = (name: string, policies: string[]) => {
      const role = new IamRole(this, `${name}Role`, { name: `${ctx.prefix}-${name}`, assumeRolePolicy: podIdentityTrust() });
      for (const p of policies) {
        new IamRolePolicyAttachment(this, `${name}-${p}`, { role: role.name, policyArn: managedPolicyArn(ctx.partition, p) });
      }
      return role;
    };
    const addons: Array<[string, string, Array<{ roleArn: string; serviceAccount: string }> | undefined]> = [];
    // Add-ons with pods wait for the nodes they run on; under Auto Mode, EKS launches nodes when pods ask for them.
    const waitFor: ITerraformDependable[] = [];
    if (this.systemPool) {
      // Auto Mode runs these itself; with managed node groups they are pinned add-ons.
      waitFor.push(new EksAddon(this, 'Addon-eks-pod-identity-agent', {
        clusterName,
        addonName: 'eks-pod-identity-agent',
        addonVersion: versions.podIdentityAgent,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      }), this.systemPool.nodeGroup);
      const ebsRole = addonRole('ebs-csi', ['service-role/AmazonEBSCSIDriverPolicy']);
      addons.push(
        ['vpc-cni', versions.vpcCni, undefined],
        ['coredns', versions.coredns, undefined],
        ['kube-proxy', versions.kubeProxy, undefined],
        ['aws-ebs-csi-driver', versions.ebsCsiDriver, [{ roleArn: ebsRole.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT }]],
      );
    }
    const cwRole = addonRole('cloudwatch', ['CloudWatchAgentServerPolicy']);
    addons.push(
      ['metrics-server', versions.metricsServer, undefined],
      ['amazon-cloudwatch-observability', versions.cloudwatchObservability, [{ roleArn: cwRole.arn, serviceAccount: CLOUDWATCH_SERVICE_ACCOUNT }]],
    );
    for (const [addonName, addonVersion, associations] of addons) {
      // The CloudWatch agent finds its log groups made (encrypted, with retention) instead of making them.
      const after = [...waitFor, ...(addonName === 'amazon-cloudwatch-observability' ? logGroups : [])];
      new EksAddon(this, `Addon-${addonName}`, {
        clusterName,
        addonName,
        addonVersion,
        // The VPC CNI enforces NetworkPolicies (every namespace's default deny) only when told to.
        configurationValues: addonName === 'vpc-cni' ? JSON.stringify({ enableNetworkPolicy: 'true' }) : undefined,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        podIdentityAssociation: associations,
        dependsOn: after.length > 0 ? after : undefined,
      });
    }
    return waitFor;
  }

  /** The baseline of the platform chart: the default StorageClass, the PriorityClasses, the ClusterSecretStore. */
  private addBaseline(): void {
    const ctx = this.stack.context;
    const labels = this.platformLabels();
    new ApiObject(this.baseline, 'StorageClass', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp3-encrypted', labels, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      // Auto Mode's built-in EBS driver has a provisioner name of its own.
      provisioner: this.autoMode ? 'ebs.csi.eks.amazonaws.com' : 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: ctx.defaults.deletionProtection ? 'Retain' : 'Delete',
    });
    for (const [name, value, description, globalDefault] of [
      [PRIORITY_CLASS.PLATFORM_CRITICAL, 1000000, 'Platform components: evicted last', false],
      [PRIORITY_CLASS.WORKLOAD_HIGH, 10000, 'Customer-facing workloads that must stay up under pressure', false],
      [PRIORITY_CLASS.WORKLOAD_DEFAULT, 1000, 'Ordinary workloads (the default)', true],
      [PRIORITY_CLASS.PREVIEW_LOW, 100, 'Preview environments: evicted first', false],
    ] as Array<[string, number, string, boolean]>) {
      new ApiObject(this.baseline, `Priority-${name}`, {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name, labels },
        value,
        globalDefault,
        preemptionPolicy: name === PRIORITY_CLASS.PREVIEW_LOW ? 'Never' : 'PreemptLowerPriority',
        description,
      });
    }
    if (this.autoMode) {
      // Auto Mode's network policy controller is off until this ConfigMap turns it on: without it,
      // NetworkPolicies (every namespace's default deny) are accepted but not enforced. With
      // managed node groups the vpc-cni add-on owns this ConfigMap (enableNetworkPolicy above).
      new ApiObject(this.baseline, 'NetworkPolicyController', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system', labels },
        data: { 'enable-network-policy-controller': 'true' },
      });
    }
    new ApiObject(this.baseline, 'SecretStore', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      // Synced with the operator that installs its CRD: Argo CD retries it once the CRD exists.
      metadata: { name: SECRET_STORE_NAME, labels, annotations: SKIP_DRY_RUN_ON_MISSING_CRD },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: ctx.region } },
        // Only namespaces of this platform may read through it.
        conditions: [{ namespaceSelector: { matchLabels: { [ENVIRONMENT_LABEL]: ctx.environmentName } } }],
      },
    });
  }

  /** The AWS side of the add-ons: IAM roles bound through Pod Identity, ExternalDNS, Karpenter's queue and node role. */
  private addAddonsAws(clusterName: string, nodesReady: ITerraformDependable[]): void {
    const ctx = this.stack.context;
    if (this.addonChoice.loadBalancerController && !this.autoMode) {
      addLoadBalancerControllerIam(this, ctx, clusterName);
    }
    if (this.addonChoice.externalDns) {
      addExternalDns(this, {
        context: ctx,
        clusterToken: clusterName,
        domain: this.dns.domain,
        zoneId: this.dns.zoneId,
        zoneArn: this.dns.zoneArn,
        dependsOn: nodesReady.length > 0 ? nodesReady : undefined,
      });
    }
    if (this.addonChoice.karpenter) {
      this.karpenterAws = new KarpenterAws(this, 'Karpenter', { context: ctx, clusterToken: clusterName });
    }
  }

  /**
   * The Kubernetes side of the add-ons, in the platform chart: pinned Helm charts as Argo CD
   * Applications in the `platform` AppProject (docs/ARCHITECTURE.md, "Add-ons"), the Auto Mode
   * IngressClass, ExternalDNS's namespace, Karpenter's EC2NodeClass and NodePools.
   */
  private addKubernetesAddons(spotPool?: NodePoolOptions): Karpenter | undefined {
    const ctx = this.stack.context;
    const labels = this.platformLabels();
    const namespaces: string[] = [];
    const add = (addon: { application: HelmChartApplication; namespace: string }) => {
      this.addonApplications.push(addon.application);
      namespaces.push(addon.namespace);
    };
    if (this.addonChoice.externalSecrets) {
      add(new ExternalSecretsOperator(this.baseline, 'ExternalSecretsOperator', { labels }));
    }
    if (this.addonChoice.loadBalancerController && this.autoMode) {
      new AutoModeIngressClass(this.baseline, 'IngressClass', { labels });
    } else if (this.addonChoice.loadBalancerController) {
      add(new AwsLoadBalancerController(this.baseline, 'LoadBalancerController', {
        clusterName: this.clusterName, region: ctx.region, vpcName: vpcNameTag(ctx.prefix), labels,
      }));
    }
    if (this.addonChoice.externalDns) {
      // The EKS add-on installs into this namespace; the platform YAML adds its Pod Security and NetworkPolicy.
      addonNamespace(this.baseline, 'ExternalDnsNamespace', 'ExternalDnsNetworkPolicy', {
        name: EXTERNAL_DNS_NAMESPACE, labels, ingress: [], egress: [podIdentityAgentEgressRule(), httpsEgressRule()],
      });
    }
    let karpenter: Karpenter | undefined;
    if (this.karpenterAws) {
      karpenter = new Karpenter(this.baseline, 'Karpenter', {
        clusterName: this.clusterName,
        region: ctx.region,
        interruptionQueueName: this.karpenterAws.queueName,
        nodeRoleName: this.karpenterAws.nodeRoleName,
        labels,
      });
      add(karpenter);
      new KarpenterNodePool(this.baseline, 'GeneralPool', { poolName: 'general', maxVcpus: GENERAL_POOL_MAX_VCPUS });
      if (spotPool) {
        new KarpenterNodePool(this.baseline, 'KarpenterSpotPool', {
          poolName: SPOT_POOL,
          capacityType: CapacityType.SPOT,
          instanceTypes: spotPool.instanceTypes,
          maxVcpus: spotPool.maxVcpus,
          labels: spotPool.labels,
          taints: [SPOT_TAINT, ...(spotPool.taints ?? [])],
        });
      }
    }
    if (this.observability?.prometheusQuerySecretName) {
      add(new InClusterGrafana(this.baseline, 'Grafana', {
        region: ctx.region, querySecretName: this.observability.prometheusQuerySecretName, labels,
      }));
    }
    if (this.addonApplications.length > 0) {
      new PlatformAddonProject(this.baseline, 'AddonProject', {
        sourceRepos: this.addonApplications.map((a) => a.repoUrl),
        namespaces,
      });
    }
    return karpenter;
  }

  private platformLabels(): { [key: string]: string } {
    return { [MANAGED_BY_LABEL]: MANAGED_BY, [ENVIRONMENT_LABEL]: this.stack.context.environmentName };
  }
}
