/**
 * Options of the developer-portal output of `PlatformApp.synth()`: a Backstage catalog and a
 * diagram per environment, in a folder of their own (never in the Kubernetes YAML).
 */
export interface PortalOptions {
  /**
   * Write the catalog and the diagrams.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Folder of the catalog: `catalog-info.yaml` (the teams' `Group`s and a `Location` of the
   * environments) and `<platform>-<environment>/catalog-info.yaml` and `diagram.md` per environment.
   * @default - `catalog`, beside the Kubernetes output folder
   */
  readonly outdir?: string;
  /**
   * The team (a Backstage `Group`) that owns the platform's own entities.
   * @default 'platform'
   */
  readonly platformTeam?: string;
}
