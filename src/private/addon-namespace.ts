import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MANAGED_BY_LABELS, podSecurityLabels, PRIORITY_CLASS } from './contract';
import { dnsEgressRule } from './k8s-policy';

/** Egress over HTTPS to anywhere: AWS APIs (no fixed addresses) and the Kubernetes API. @internal */
export function httpsEgressRule(): any {
  return { ports: [{ protocol: 'TCP', port: 443 }] };
}

/** Options of `addonNamespace()`. @internal */
export interface AddonNamespaceOptions {
  readonly name: string;
  readonly labels: { [key: string]: string };
  /** NetworkPolicy ingress rules; none admits nothing. */
  readonly ingress: any[];
  /** NetworkPolicy egress rules besides DNS. */
  readonly egress: any[];
}

/**
 * An add-on's own namespace (Pod Security `restricted` enforced) and the NetworkPolicy that covers
 * it: ingress only as listed, egress to DNS and as listed.
 * @internal
 */
export function addonNamespace(scope: Construct, namespaceId: string, policyId: string, options: AddonNamespaceOptions): void {
  new ApiObject(scope, namespaceId, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: options.name, labels: { ...options.labels, ...podSecurityLabels() } },
  });
  new ApiObject(scope, policyId, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: options.name, namespace: options.name, labels: options.labels },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      // No ingress rules: nothing may connect (an empty list would say the same, less plainly).
      ...(options.ingress.length > 0 ? { ingress: options.ingress } : {}),
      egress: [dnsEgressRule(), ...options.egress],
    },
  });
}

/** The options with their defaults filled in. @internal */
export function addonDefaults(options: { labels?: { [key: string]: string }; priorityClassName?: string }):
{ labels: { [key: string]: string }; priorityClassName: string } {
  return {
    labels: options.labels ?? { ...MANAGED_BY_LABELS },
    priorityClassName: options.priorityClassName ?? PRIORITY_CLASS.PLATFORM_CRITICAL,
  };
}
