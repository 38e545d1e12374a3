export { PostgresDatabase } from './postgres-database';
export type { IPostgresDatabase, PostgresDatabaseAttributes, PostgresDatabaseProps } from './postgres-database';
