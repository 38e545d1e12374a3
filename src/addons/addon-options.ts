/**
 * What every platform add-on installed as a Helm chart (`ExternalSecretsOperator`,
 * `AwsLoadBalancerController`, `Karpenter`) takes besides its own settings.
 */
export interface AddonOptions {
  /**
   * Labels on the add-on's namespace and its NetworkPolicy.
   * @default - `app.kubernetes.io/managed-by: cdk-paved-road`
   */
  readonly labels?: { [key: string]: string };
  /**
   * PriorityClass of the add-on's pods (every component the chart runs).
   * @default 'platform-critical'
   */
  readonly priorityClassName?: string;
}
