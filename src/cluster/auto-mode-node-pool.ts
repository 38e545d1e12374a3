import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CapacityType, NodeTaint } from './managed-node-pool';
import { MANAGED_BY_LABELS, POOL_LABEL } from '../private/contract';
import { propError } from '../private/errors';
import { kubernetesTaintEffect } from '../private/nodes';
import { requireDnsLabel, requireIntegerInRange } from '../private/validate';

const KIND = 'AutoModeNodePool';

/**
 * Properties for `AutoModeNodePool`.
 */
export interface AutoModeNodePoolProps {
  /** Name of the NodePool, a DNS label; its nodes are labelled `paved-road.dev/pool=<poolName>`. */
  readonly poolName: string;
  /**
   * How the nodes are bought.
   * @default CapacityType.ON_DEMAND
   */
  readonly capacityType?: CapacityType;
  /**
   * EC2 instance types the pool may launch.
   * @default - any current-generation (6 or later) general-purpose, compute- or memory-optimized
   * type (`c`, `m`, `r`) on amd64: the wide choice spot capacity needs
   */
  readonly instanceTypes?: string[];
  /**
   * The most vCPUs the pool's nodes may have together (the NodePool's `limits.cpu`): Auto Mode
   * launches no node that would pass it.
   * @default 64
   */
  readonly maxVcpus?: number;
  /**
   * Kubernetes labels on every node, besides `paved-road.dev/pool`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Kubernetes taints on every node (effects as in `ManagedNodePool`: `NO_SCHEDULE`, ...).
   * @default - none
   */
  readonly taints?: NodeTaint[];
}

/**
 * A node pool of one's own on an EKS Auto Mode cluster: a Karpenter `NodePool` (`karpenter.sh/v1`)
 * on Auto Mode's built-in `default` NodeClass (its node role, subnets and security groups,
 * encrypted storage). Auto Mode launches nodes in it for pods that fit it, consolidates them when
 * they are empty or underused (at most 10 % of the pool at a time) and replaces each after 14 days.
 * A Kubernetes construct: add it to the cluster's platform chart, or to any `Chart` applied to an
 * Auto Mode cluster. `PlatformCluster` makes one for `spotNodes` with `autoMode`.
 *
 * @example
 * new AutoModeNodePool(chart, 'Spot', { poolName: 'spot', capacityType: CapacityType.SPOT, maxVcpus: 128,
 *   taints: [{ key: 'paved-road.dev/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }] });
 */
export class AutoModeNodePool extends Construct {
  /** The NodePool's name. */
  public readonly poolName: string;
  /** The most vCPUs of the pool's nodes together. */
  public readonly maxVcpus: number;

  public constructor(scope: Construct, id: string, props: AutoModeNodePoolProps) {
    super(scope, id);
    this.poolName = requireDnsLabel(this, KIND, 'poolName', props.poolName);
    this.maxVcpus = requireIntegerInRange(this, KIND, 'maxVcpus', props.maxVcpus ?? 64, 1, 100000);
    const taints = (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: kubernetesTaintEffect(this, KIND, t.effect) }));
    if (props.instanceTypes !== undefined && props.instanceTypes.length === 0) {
      throw propError(this, KIND, 'instanceTypes', props.instanceTypes, 'allows no instance type', 'name at least one type, or leave instanceTypes unset for the default families');
    }
    const capacity = (props.capacityType ?? CapacityType.ON_DEMAND) === CapacityType.SPOT ? 'spot' : 'on-demand';
    const instances = props.instanceTypes
      ? [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: props.instanceTypes }]
      : [
        { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
        { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['5'] },
        { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      ];
    new ApiObject(this, 'Resource', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: this.poolName, labels: { ...MANAGED_BY_LABELS } },
      spec: {
        template: {
          metadata: { labels: { ...props.labels, [POOL_LABEL]: this.poolName } },
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
            requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: [capacity] }, ...instances],
            taints: taints.length > 0 ? taints : undefined,
            expireAfter: '336h',
          },
        },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
        limits: { cpu: String(this.maxVcpus) },
      },
    });
  }
}
