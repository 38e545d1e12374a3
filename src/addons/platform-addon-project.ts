import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARGOCD_NAMESPACE, IN_CLUSTER_NAME, MANAGED_BY, MANAGED_BY_LABELS, PART_OF_LABEL, PLATFORM_PROJECT } from '../private/contract';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'PlatformAddonProject';

/**
 * Properties for `PlatformAddonProject`.
 */
export interface PlatformAddonProjectProps {
  /** The chart repositories the add-ons come from (each Application's `repoURL`). */
  readonly sourceRepos: string[];
  /** The namespaces the add-ons are installed into; the only destinations allowed. */
  readonly namespaces: string[];
  /**
   * Name of the AppProject.
   * @default 'platform'
   */
  readonly projectName?: string;
  /**
   * Namespace Argo CD runs in.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
}

/** Runtime types of `PlatformAddonProjectProps` (src/private/prop-types.ts). */
const PLATFORM_ADDON_PROJECT_PROPS = propTypes('PlatformAddonProjectProps', {
  sourceRepos: required(T.strings),
  namespaces: required(T.strings),
  projectName: T.string,
  argoCdNamespace: T.string,
});

/**
 * The Argo CD `AppProject` the platform's add-on Applications belong to: sources limited to the
 * pinned chart repositories, destinations to the in-cluster API server and the add-ons' own
 * namespaces. Cluster-scoped kinds are allowed, because add-on charts install CRDs, ClusterRoles
 * and admission webhooks; the project is the platform team's, not an application team's.
 * Usable alone in a cdk8s Chart.
 */
export class PlatformAddonProject extends Construct {
  /** The AppProject's name. */
  public readonly projectName: string;

  public constructor(scope: Construct, id: string, props: PlatformAddonProjectProps) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_ADDON_PROJECT_PROPS);
    this.projectName = requireDnsLabel(this, KIND, 'projectName', props.projectName ?? PLATFORM_PROJECT);
    if (props.namespaces.length === 0) {
      throw propError(this, KIND, 'namespaces', props.namespaces, 'is empty, so no Application of the project could sync', 'name the namespaces the add-ons are installed into');
    }
    const namespaces = [...new Set(props.namespaces)].sort();
    namespaces.forEach((ns) => requireDnsLabel(this, KIND, 'namespaces', ns));
    new ApiObject(this, 'AppProject', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: this.projectName,
        namespace: props.argoCdNamespace ?? ARGOCD_NAMESPACE,
        labels: { ...MANAGED_BY_LABELS, [PART_OF_LABEL]: 'platform-addons' },
      },
      spec: {
        description: `Platform add-ons (pinned Helm charts), managed by ${MANAGED_BY}`,
        sourceRepos: [...new Set(props.sourceRepos)].sort(),
        destinations: namespaces.map((namespace) => ({ name: IN_CLUSTER_NAME, namespace })),
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
  }
}
