export * from './core';
export * from './registry';
export * from './workload';
export * from './platform';
