/**
 * What every delivery workflow (`AppDeliveryWorkflow`, `PlatformDeliveryWorkflow`) is given
 * besides its stages: where its YAML goes, which branch it follows, and what its file is called.
 */
export interface DeliveryWorkflowOptions {
  /** The GitOps repository Argo CD syncs from, `owner/name`. */
  readonly gitopsRepository: string;
  /**
   * The GitOps repository's branch Argo CD follows.
   * @default 'main'
   */
  readonly gitopsBranch?: string;
  /**
   * The repository's main branch: pushes to it are delivered (and, for the platform, pull
   * requests against it are planned).
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * Directory of the cdk-paved-road program (`main.ts`, `cdktf.json`, `cdk8s.yaml`) in the repository.
   * @default '.'
   */
  readonly workingDirectory?: string;
  /**
   * Name of the workflow (and of its file, `.github/workflows/<name>.yml`): lower-case letters,
   * digits and `-`.
   * @default - 'deliver' for `AppDeliveryWorkflow`, 'platform' for `PlatformDeliveryWorkflow`
   */
  readonly workflowName?: string;
}
