/**
 * Which add-ons `PlatformCluster` installs. Every add-on is on by default; turn one off when you
 * run it yourself (then the YAML that needs it still expects it: see each field).
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
}
