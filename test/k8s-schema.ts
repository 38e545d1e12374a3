import * as path from 'path';

/**
 * Validates objects against the official Kubernetes OpenAPI schema (kubernetes-models).
 * Returns one message per invalid object; custom resources (ExternalSecret, ServiceMonitor,
 * ClusterSecretStore) have no schema there and are skipped.
 */
export function schemaErrors(objects: any[]): string[] {
  const errors: string[] = [];
  for (const obj of objects) {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['v1', undefined];
    const modulePath = version ? path.join('kubernetes-models', group, version, obj.kind) : path.join('kubernetes-models', 'v1', obj.kind);
    let Model: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Model = require(modulePath)[obj.kind];
    } catch {
      if (/\.k8s\.io$|^v1$|^apps$|^batch$|^policy$|^autoscaling$/.test(group) && !/external-secrets|monitoring\.coreos/.test(group)) {
        errors.push(`${obj.apiVersion} ${obj.kind}: no schema (unknown or removed API)`);
      }
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e: any) {
      errors.push(`${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}: ${e.message}`);
    }
  }
  return errors;
}
