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
