export * from './core';
export * from './network';
export * from './cluster';
export * from './security';
export * from './registry';
export * from './workload';
export * from './team';
export * from './platform';
