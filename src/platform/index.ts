export * from './platform-cluster-attributes';
export * from './service-app';
export * from './platform-cluster';
