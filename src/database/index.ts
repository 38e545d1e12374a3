export { PostgresDatabase } from './postgres-database';
export type { PostgresDatabaseProps } from './postgres-database';
