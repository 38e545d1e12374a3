/**
 * The annotations by which the Backstage Kubernetes plugin finds a component's objects: the label
 * selector (the workload's own labels, so no extra label is needed on the objects), the namespace,
 * and the `kubernetes-id` for tools that read only that one.
 *
 * @see https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity
 * @internal
 */
export function kubernetesAnnotations(name: string, namespace: string, selector: { [key: string]: string }): { [key: string]: string } {
  return {
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': namespace,
    'backstage.io/kubernetes-label-selector': Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(','),
  };
}
