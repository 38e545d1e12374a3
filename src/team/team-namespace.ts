import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentClass } from '../core/environment-class';
import { EnvironmentDefaults } from '../core/environment-defaults';
import { MANAGED_BY, MANAGED_BY_LABEL, podSecurityLabels, TEAM_LABEL } from '../private/contract';
import { propError } from '../private/errors';
import { dnsEgressRule } from '../private/k8s-policy';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel, requireIntegerInRange, requireUnreservedNamespace } from '../private/validate';

const KIND = 'TeamNamespace';

/**
 * Properties for `TeamNamespace`.
 */
export interface TeamNamespaceProps {
  /** Team name: a DNS label; names the namespace. */
  readonly name: string;
  /** Kubernetes group the team's members are mapped to (by EKS access entries); bound to the team's roles. */
  readonly group: string;
  /**
   * The environment class's defaults, which size the quota and the LimitRange (a PlatformStack's
   * `context.defaults`).
   * @default EnvironmentDefaults.of(EnvironmentClass.DEVELOPMENT)
   */
  readonly defaults?: EnvironmentDefaults;
  /**
   * CPU cores the namespace may request in total.
   * @default - by environment class (`defaults.quotaCpuCores`): 40 production, 20 staging, 10 development, 4 preview
   */
  readonly quotaCpuCores?: number;
  /**
   * Memory the namespace may request in total, in GiB.
   * @default - by environment class (`defaults.quotaMemoryGib`): 80 production, 40 staging, 20 development, 8 preview
   */
  readonly quotaMemoryGib?: number;
  /**
   * Pods the namespace may run.
   * @default - by environment class (`defaults.quotaPods`): 200 production, 100 staging, 60 development, 30 preview
   */
  readonly quotaPods?: number;
  /**
   * Extra labels on the namespace.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations on the namespace.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * The owning team, for the `paved-road.dev/team` label (a preview's namespace is not named after its team).
   * @default - the namespace name
   */
  readonly team?: string;
}

/** Runtime types of `TeamNamespaceProps` (src/private/prop-types.ts). */
const TEAM_NAMESPACE_PROPS = propTypes('TeamNamespaceProps', {
  name: required(T.string),
  group: required(T.string),
  defaults: T.shape('an EnvironmentDefaults', 'EnvironmentDefaults.of(EnvironmentClass.PRODUCTION)', ['quotaCpuCores', 'containerMaxCpuMillis']),
  quotaCpuCores: T.number,
  quotaMemoryGib: T.number,
  quotaPods: T.number,
  labels: T.stringMap,
  annotations: T.stringMap,
  team: T.string,
});

/**
 * A team's namespace: Pod Security Admission `restricted`, a ResourceQuota and a LimitRange sized
 * by environment class (a container that sets no resources gets the class's container request and
 * limit; none may exceed the class's maximum), a default-deny NetworkPolicy (nothing in, only DNS
 * out: pods of one namespace do not reach each other unless their own policies say so), and RoleBindings
 * of the team's group to a developer Role (no exec, attach or port-forward).
 * Usable alone in any cdk8s `Chart`.
 */
export class TeamNamespace extends Construct {
  /** Namespace name. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    checkProps(this, KIND, props, TEAM_NAMESPACE_PROPS);
    this.namespace = requireUnreservedNamespace(this, KIND, 'name', requireDnsLabel(this, KIND, 'name', props.name));
    if (!props.group || /\s/.test(props.group)) {
      throw propError(this, KIND, 'group', props.group, 'is not a Kubernetes group name', 'use a name without spaces, e.g. "team:payments"');
    }
    const d = props.defaults ?? EnvironmentDefaults.of(EnvironmentClass.DEVELOPMENT);
    const cpu = requireIntegerInRange(this, KIND, 'quotaCpuCores', props.quotaCpuCores ?? d.quotaCpuCores, 1, 100000);
    const memory = requireIntegerInRange(this, KIND, 'quotaMemoryGib', props.quotaMemoryGib ?? d.quotaMemoryGib, 1, 1000000);
    const pods = requireIntegerInRange(this, KIND, 'quotaPods', props.quotaPods ?? d.quotaPods, 1, 100000);
    const ns = this.namespace;
    const team = requireDnsLabel(this, KIND, 'team', props.team ?? ns);
    const labels = { [TEAM_LABEL]: team, [MANAGED_BY_LABEL]: MANAGED_BY };

    new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        annotations: props.annotations,
        labels: {
          ...props.labels,
          ...labels,
          ...podSecurityLabels(),
        },
      },
    });
    new ApiObject(this, 'Quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: ns, labels },
      spec: {
        hard: {
          'requests.cpu': String(cpu),
          'limits.cpu': String(cpu * 2),
          'requests.memory': `${memory}Gi`,
          'limits.memory': `${memory * 2}Gi`,
          'pods': String(pods),
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
      },
    });
    new ApiObject(this, 'Limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'team-limits', namespace: ns, labels },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: cpuQuantity(d.containerCpuMillis), memory: memoryQuantity(d.containerMemoryMib) },
          default: { cpu: cpuQuantity(d.containerCpuLimitMillis), memory: memoryQuantity(d.containerMemoryLimitMib) },
          max: { cpu: cpuQuantity(d.containerMaxCpuMillis), memory: memoryQuantity(d.containerMaxMemoryMib) },
        }],
      },
    });
    new ApiObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: ns, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        // Deny is deny: nothing in, and out only DNS. NetworkPolicies add up, so an allowance here
        // would hold for every pod of the namespace; each workload's own policy opens its paths
        // (the load balancer to an exposed service's port, `connect()` between two services).
        egress: [dnsEgressRule()],
      },
    });
    new ApiObject(this, 'DeveloperRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'team-developer', namespace: ns, labels },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'services', 'persistentvolumeclaims', 'serviceaccounts'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'endpoints'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      ],
    });
    new ApiObject(this, 'DeveloperBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-developer', namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-developer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.group }],
    });
  }
}

/** A CPU quantity from millicores: whole cores as `4`, else `250m`. */
function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** A memory quantity from MiB: whole GiB as `8Gi`, else `512Mi`. */
function memoryQuantity(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}
