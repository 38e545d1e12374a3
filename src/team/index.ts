export { TeamNamespace } from './team-namespace';
export type { TeamNamespaceProps } from './team-namespace';
