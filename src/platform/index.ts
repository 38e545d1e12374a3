export { PlatformCluster } from './platform-cluster';
export type { PlatformClusterProps, TeamOptions } from './platform-cluster';
export { ServiceApp } from './service-app';
export type { ServiceAppProps } from './service-app';
