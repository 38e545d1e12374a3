import { Construct } from 'constructs';
import { CapacityType, NodeTaint } from './managed-node-pool';
import { renderNodePool } from '../private/node-pool';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { NODE_TAINTS } from '../private/shared-prop-types';

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

/** Runtime types of `AutoModeNodePoolProps` (src/private/prop-types.ts). */
const AUTO_MODE_NODE_POOL_PROPS = propTypes('AutoModeNodePoolProps', {
  poolName: required(T.string),
  capacityType: T.oneOf('CapacityType', CapacityType),
  instanceTypes: T.strings,
  maxVcpus: T.number,
  labels: T.stringMap,
  taints: NODE_TAINTS,
});

/**
 * A node pool of one's own on an EKS Auto Mode cluster: a Karpenter `NodePool` (`karpenter.sh/v1`)
 * on Auto Mode's built-in `default` NodeClass (its node role, subnets and security groups,
 * encrypted storage). Auto Mode launches nodes in it for pods that fit it, consolidates them when
 * they are empty or underused (at most 10 % of the pool at a time) and replaces each after 14 days.
 * A Kubernetes construct: add it to the cluster's platform chart, or to any `Chart` applied to an
 * Auto Mode cluster. `PlatformCluster` makes one for `spotPool` with `autoMode`.
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
    checkProps(this, KIND, props, AUTO_MODE_NODE_POOL_PROPS);
    const pool = renderNodePool(this, KIND, props, {
      nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
      labelDomain: 'eks.amazonaws.com',
    });
    this.poolName = pool.poolName;
    this.maxVcpus = pool.maxVcpus;
  }
}
