export * from './service-repository';
