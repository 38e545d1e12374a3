import { IConstruct } from 'constructs';
import { propError } from './errors';

// The platform's spot capacity, as both sides see it (every spot pool is named SPOT_POOL, its nodes
// carry POOL_LABEL and SPOT_TAINT, and a workload with `spot: true` tolerates the taint and prefers
// the label), is part of the platform contract: see contract.ts.

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
