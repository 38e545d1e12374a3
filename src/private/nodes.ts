import { IConstruct } from 'constructs';
import { propError } from './errors';

/**
 * The platform's spot capacity, as both sides see it: every spot pool (a managed node group, or an
 * Auto Mode NodePool) is named `spot`, its nodes carry the label `paved-road.dev/pool=spot` and the
 * taint below, and a workload with `spot: true` tolerates the taint and prefers the label.
 *
 * @internal
 */
export const SPOT_TAINT = { key: 'paved-road.dev/spot', value: 'true', effect: 'NO_SCHEDULE' };
/** @internal */
export const POOL_LABEL = 'paved-road.dev/pool';
/** @internal */
export const SPOT_POOL = 'spot';

/** The EKS API's taint effects (`NodeTaint.effect`) in Kubernetes' spelling. */
const TAINT_EFFECTS: { [effect: string]: string } = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/**
 * A node pool's taint effect in Kubernetes' spelling (`NoSchedule`), or a synth-time error naming
 * the pool and the effects there are.
 *
 * @internal
 */
export function kubernetesTaintEffect(scope: IConstruct, kind: string, effect: string): string {
  const spelled = TAINT_EFFECTS[effect];
  if (!spelled) {
    throw propError(scope, kind, 'taints.effect', effect, 'is not a taint effect', 'use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE');
  }
  return spelled;
}
