export * from './auto-mode-node-pool';
export * from './eks-control-plane';
export * from './kubernetes-version';
export * from './managed-node-pool';
