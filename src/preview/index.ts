export { PreviewDatabase, PreviewEnvironment } from './preview-environment';
export type { InClusterDatabaseOptions, PreviewEnvironmentProps, SeedJobOptions, SnapshotDatabaseOptions } from './preview-environment';
export { PreviewPostgres } from './preview-postgres';
export type { PreviewPostgresProps } from './preview-postgres';
