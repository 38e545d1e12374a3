export { PlatformNetwork } from './platform-network';
export type { PlatformNetworkProps } from './platform-network';
