export { PlatformCluster } from './platform-cluster';
export type { PlatformClusterProps, TeamOptions } from './platform-cluster';
export { ServiceApp } from './service-app';
export type { ServiceAppProps } from './service-app';
export { ScoreWorkload } from './score-workload';
export type { ScoreDatabaseBinding, ScoreWorkloadProps } from './score-workload';
