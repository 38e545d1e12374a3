/** Name of every catalog file, as Backstage's discovery expects. */
export const CATALOG_FILE = 'catalog-info.yaml';
/** Name of each environment's diagram, next to its catalog file. */
export const DIAGRAM_FILE = 'diagram.md';
/** Default folder of the developer-portal files, beside the Kubernetes output folder. */
export const DEFAULT_CATALOG_FOLDER = 'catalog';

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
