/**
 * Which add-ons `PlatformCluster` installs. Every add-on is on by default; turn one off when you
 * run it yourself (the YAML that needs it still expects it: see each field).
 */
export interface PlatformAddons {
  /**
   * The External Secrets Operator (Helm chart through Argo CD). Every `ExternalSecret`, the
   * `ClusterSecretStore` and the preview databases' `Password` generator need it. Off, the IAM
   * role and Pod Identity association stay: install the operator in namespace `external-secrets`
   * with service account `external-secrets` to use them.
   * @default true
   */
  readonly externalSecrets?: boolean;
  /**
   * The `alb` IngressClass that exposed services use: on managed node groups the AWS Load Balancer
   * Controller (Helm chart through Argo CD, IAM role through Pod Identity); under Auto Mode an
   * `IngressClass` and `IngressClassParams` for Auto Mode's built-in load balancing.
   * @default true
   */
  readonly loadBalancerController?: boolean;
  /**
   * ExternalDNS (the EKS community add-on), writing the records of exposed services' hosts into
   * the environment's hosted zone, and only there.
   * @default true
   */
  readonly externalDns?: boolean;
  /**
   * Karpenter, the node autoscaler of managed-node-group clusters (Helm chart through Argo CD, its
   * AWS side in Terraform): an on-demand `general` NodePool and, with `spotPool`, a `spot` one.
   * Not with `autoMode`, where AWS runs Karpenter itself.
   * @default - true without autoMode; with autoMode not installed (true fails)
   */
  readonly karpenter?: boolean;
}
