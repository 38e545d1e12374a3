import { NAMESPACE_NAME_LABEL } from './contract';

/**
 * Building blocks every restricted workload here shares, so that the Pod Security "restricted"
 * settings and the DNS allowance are written once.
 */

/** NetworkPolicy egress rule: DNS to CoreDNS in kube-system, UDP and TCP 53. @internal */
export function dnsEgressRule(): any {
  return {
    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

/** Container securityContext of Pod Security "restricted": non-root, read-only root, no capabilities. @internal */
export function restrictedContainerSecurityContext(extra: Record<string, unknown> = {}): any {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    ...extra,
  };
}

/** Pod securityContext of Pod Security "restricted" for a user ID (also its group). @internal */
export function restrictedPodSecurityContext(uid: number, extra: Record<string, unknown> = {}): any {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, seccompProfile: { type: 'RuntimeDefault' }, ...extra };
}
