export { PostgresAlarms } from './postgres-alarms';
export type { PostgresAlarmsProps } from './postgres-alarms';
export { PostgresDatabase } from './postgres-database';
export type { IPostgresDatabase, PostgresDatabaseAttributes, PostgresDatabaseProps } from './postgres-database';
export { PostgresEngineVersion } from './postgres-engine-version';
