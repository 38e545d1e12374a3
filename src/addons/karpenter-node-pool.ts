import { Construct } from 'constructs';
import { AutoModeNodePoolProps } from '../cluster/auto-mode-node-pool';
import { CapacityType } from '../cluster/managed-node-pool';
import { KARPENTER_NODE_CLASS, SKIP_DRY_RUN_ON_MISSING_CRD } from '../private/contract';
import { renderNodePool } from '../private/node-pool';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { NODE_TAINTS } from '../private/shared-prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'KarpenterNodePool';

/**
 * Properties for `KarpenterNodePool`.
 */
export interface KarpenterNodePoolProps extends AutoModeNodePoolProps {
  /**
   * The `EC2NodeClass` the pool's nodes are launched from.
   * @default 'default' - the one `Karpenter` creates
   */
  readonly nodeClassName?: string;
}

/** Runtime types of `KarpenterNodePoolProps` (src/private/prop-types.ts). */
const KARPENTER_NODE_POOL_PROPS = propTypes('KarpenterNodePoolProps', {
  nodeClassName: T.string,
  poolName: required(T.string),
  capacityType: T.oneOf('CapacityType', CapacityType),
  instanceTypes: T.strings,
  maxVcpus: T.number,
  labels: T.stringMap,
  taints: NODE_TAINTS,
});

/**
 * A Karpenter `NodePool` (`karpenter.sh/v1`) on a self-managed Karpenter's `EC2NodeClass`: the
 * same choices as `AutoModeNodePool` (capacity type, instance types or current c/m/r on amd64,
 * vCPU limit, labels, taints, bounded consolidation, 14-day expiry). `PlatformCluster` makes one
 * for `spotPool` and an on-demand `general` one when it installs Karpenter. Usable alone in a Chart.
 */
export class KarpenterNodePool extends Construct {
  /** The NodePool's name. */
  public readonly poolName: string;
  /** The most vCPUs of the pool's nodes together. */
  public readonly maxVcpus: number;

  public constructor(scope: Construct, id: string, props: KarpenterNodePoolProps) {
    super(scope, id);
    checkProps(this, KIND, props, KARPENTER_NODE_POOL_PROPS);
    const nodeClassName = requireDnsLabel(this, KIND, 'nodeClassName', props.nodeClassName ?? KARPENTER_NODE_CLASS);
    const pool = renderNodePool(this, KIND, props, {
      nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: nodeClassName },
      labelDomain: 'karpenter.k8s.aws',
      // Synced with the chart that installs its CRD: Argo CD retries it once the CRD exists.
      annotations: SKIP_DRY_RUN_ON_MISSING_CRD,
    });
    this.poolName = pool.poolName;
    this.maxVcpus = pool.maxVcpus;
  }
}
