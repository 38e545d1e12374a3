import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MANAGED_BY_LABELS, POOL_LABEL } from './contract';
import { propError } from './errors';
import { kubernetesTaintEffect } from './nodes';
import { requireDnsLabel, requireInstanceType, requireIntegerInRange } from './validate';

/** What a Karpenter NodePool is made of (the fields of `AutoModeNodePoolProps`). @internal */
export interface NodePoolSpec {
  readonly poolName: string;
  /** `ON_DEMAND` (the default) or `SPOT`. */
  readonly capacityType?: string;
  readonly instanceTypes?: string[];
  readonly maxVcpus?: number;
  readonly labels?: { [key: string]: string };
  readonly taints?: Array<{ key: string; value: string; effect: string }>;
}

/** How a NodePool names its NodeClass and the instance labels of its provider. @internal */
export interface NodePoolFlavour {
  readonly nodeClassRef: { group: string; kind: string; name: string };
  /** Domain of the instance-category and instance-generation labels: `eks.amazonaws.com` or `karpenter.k8s.aws`. */
  readonly labelDomain: string;
  /** Annotations of the NodePool. */
  readonly annotations?: { [key: string]: string };
}

/**
 * A Karpenter `NodePool` (`karpenter.sh/v1`) as `Resource` in `scope`: capacity type, instance
 * types (or current c/m/r on amd64), vCPU limit, pool label, taints, bounded consolidation and a
 * 14-day expiry. Shared by Auto Mode's and self-managed Karpenter's pools.
 * @internal
 */
export function renderNodePool(scope: Construct, kind: string, props: NodePoolSpec, flavour: NodePoolFlavour):
{ poolName: string; maxVcpus: number } {
  const poolName = requireDnsLabel(scope, kind, 'poolName', props.poolName);
  const maxVcpus = requireIntegerInRange(scope, kind, 'maxVcpus', props.maxVcpus ?? 64, 1, 100000);
  const taints = (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: kubernetesTaintEffect(scope, kind, t.effect) }));
  if (props.instanceTypes !== undefined && props.instanceTypes.length === 0) {
    throw propError(scope, kind, 'instanceTypes', props.instanceTypes, 'allows no instance type', 'name at least one type, or leave instanceTypes unset for the default families');
  }
  (props.instanceTypes ?? []).forEach((t, i) => requireInstanceType(scope, kind, `instanceTypes[${i}]`, t));
  const capacity = props.capacityType === 'SPOT' ? 'spot' : 'on-demand';
  const instances = props.instanceTypes
    ? [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: props.instanceTypes }]
    : [
      { key: `${flavour.labelDomain}/instance-category`, operator: 'In', values: ['c', 'm', 'r'] },
      { key: `${flavour.labelDomain}/instance-generation`, operator: 'Gt', values: ['5'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    ];
  new ApiObject(scope, 'Resource', {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: poolName, labels: { ...MANAGED_BY_LABELS }, annotations: flavour.annotations },
    spec: {
      template: {
        metadata: { labels: { ...props.labels, [POOL_LABEL]: poolName } },
        spec: {
          nodeClassRef: flavour.nodeClassRef,
          requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: [capacity] }, ...instances],
          taints: taints.length > 0 ? taints : undefined,
          expireAfter: '336h',
        },
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
      limits: { cpu: String(maxVcpus) },
    },
  });
  return { poolName, maxVcpus };
}
