export { Catalog } from './catalog';
export type { CatalogComponentOptions, CatalogEnvironment, CatalogEnvironmentOptions, CatalogGroupOptions, CatalogLink, CatalogProps, CatalogResourceOptions, ICatalogSource } from './catalog';
export type { PortalOptions } from './portal-options';
