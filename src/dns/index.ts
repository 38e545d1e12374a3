export { EnvironmentDns } from './environment-dns';
export type { EnvironmentDnsProps } from './environment-dns';
