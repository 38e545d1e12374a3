/**
 * What a node taint does to pods that do not tolerate it, in the EKS API's spelling (Kubernetes
 * spells them `NoSchedule`, `NoExecute` and `PreferNoSchedule`).
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export enum TaintEffect {
  /** No new pod is scheduled on the node unless it tolerates the taint. */
  NO_SCHEDULE = 'NO_SCHEDULE',
  /** Pods that do not tolerate the taint are evicted, and none is scheduled. */
  NO_EXECUTE = 'NO_EXECUTE',
  /** The scheduler avoids the node for pods that do not tolerate the taint, if it can. */
  PREFER_NO_SCHEDULE = 'PREFER_NO_SCHEDULE',
}
