export * from './options';
export * from './workload';
