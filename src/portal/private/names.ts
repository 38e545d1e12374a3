/** The `apiVersion` of every Backstage catalog entity written. */
export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';
/** The Backstage namespace of the teams' `Group`s (shared by every environment). */
export const CATALOG_GROUP_NAMESPACE = 'default';
/** Group that owns the platform's own entities (System, cluster) unless `CatalogProps.platformTeam` says otherwise. */
export const DEFAULT_PLATFORM_TEAM = 'platform';
/** Name of every catalog file, as Backstage's discovery expects. */
export const CATALOG_FILE = 'catalog-info.yaml';
/** Name of each environment's diagram, next to its catalog file. */
export const DIAGRAM_FILE = 'diagram.md';
/** Default folder of the developer-portal files, beside the Kubernetes output folder. */
export const DEFAULT_CATALOG_FOLDER = 'catalog';
/** Longest Backstage entity name or namespace. */
const ENTITY_NAME_MAX = 63;
/**
 * Backstage entity names: strings of `[a-zA-Z0-9]` separated by one of `-_.`, at most 63 characters.
 * @see https://backstage.io/docs/features/software-catalog/descriptor-format#name-required
 */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** True when `name` is a valid Backstage entity name (or namespace). */
export function isCatalogEntityName(name: string): boolean {
  return name.length <= ENTITY_NAME_MAX && ENTITY_NAME.test(name);
}
