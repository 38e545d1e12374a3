export * from './preview-environment';
export * from './preview-postgres';
export * from './preview-janitor';
