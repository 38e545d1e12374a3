export * from './environment-class';
export * from './environment-defaults';
export * from './platform-app';
export * from './platform-context';
export * from './platform-stack';
export * from './state-backend';
