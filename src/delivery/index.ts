export * from './github-subject';
export * from './github-oidc-provider';
export * from './github-deploy-role';
export * from './ci-identity';
export * from './app-delivery-workflow';
export * from './platform-delivery-workflow';
