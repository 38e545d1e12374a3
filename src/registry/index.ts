export { ServiceRepository } from './service-repository';
export type { ServiceRepositoryProps } from './service-repository';
