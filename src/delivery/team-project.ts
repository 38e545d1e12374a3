import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARGOCD_NAMESPACE, IN_CLUSTER_NAME, MANAGED_BY_LABELS, TEAM_LABEL } from '../private/contract';
import { TEAM_PROJECT_PROPS } from '../private/delivery-prop-types';
import { propError } from '../private/errors';
import { checkProps } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'TeamProject';

/**
 * Namespaced kinds a team's Applications may not manage: the platform sizes the team's namespace
 * with them, and a team must not raise its own quota.
 */
const PLATFORM_OWNED_KINDS = [
  { group: '', kind: 'LimitRange' },
  { group: '', kind: 'ResourceQuota' },
];

/**
 * Properties for `TeamProject`.
 */
export interface TeamProjectProps {
  /** The team: names the AppProject and, unless `namespaces` is given, its one namespace. */
  readonly team: string;
  /** The Git repositories the team's Applications may sync from (e.g. the GitOps repository's URL). */
  readonly sourceRepos: string[];
  /**
   * The namespaces the team's Applications may deploy to.
   * @default - the team's own namespace (named after the team)
   */
  readonly namespaces?: string[];
  /**
   * Namespace of Argo CD's objects.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
}

/**
 * An Argo CD `AppProject` for one team: its Applications sync only from the named repositories,
 * only into the team's namespaces of the cluster Argo CD runs in, never a cluster-scoped kind
 * (no Namespace, ClusterRole, CRD or webhook: the whitelist is empty), and never the namespace's
 * ResourceQuota or LimitRange, which the platform owns. Usable alone in any cdk8s `Chart`.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 */
export class TeamProject extends Construct {
  /** The AppProject's name (the team). */
  public readonly projectName: string;
  /** The namespaces its Applications may deploy to. */
  public readonly namespaces: string[];

  public constructor(scope: Construct, id: string, props: TeamProjectProps) {
    super(scope, id);
    checkProps(this, KIND, props, TEAM_PROJECT_PROPS);
    this.projectName = requireDnsLabel(this, KIND, 'team', props.team);
    this.namespaces = [...new Set(props.namespaces ?? [this.projectName])].sort();
    if (this.namespaces.length === 0) {
      throw propError(this, KIND, 'namespaces', [], 'is empty, so no Application of the team could sync', 'leave it unset for the team\'s own namespace, or name the namespaces');
    }
    this.namespaces.forEach((ns) => requireDnsLabel(this, KIND, 'namespaces', ns));
    if (props.sourceRepos.length === 0) {
      throw propError(this, KIND, 'sourceRepos', [], 'is empty, so no Application of the team could sync', 'name the GitOps repository, e.g. "https://github.com/acme/gitops.git"');
    }
    for (const repo of props.sourceRepos) {
      if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(repo) || repo.includes('*')) {
        throw propError(this, KIND, 'sourceRepos', repo, 'is not one Git repository URL (wildcards would let the team sync from anywhere)',
          'give the repository\'s https:// or SSH URL, e.g. "https://github.com/acme/gitops.git"');
      }
    }
    new ApiObject(this, 'AppProject', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: this.projectName,
        namespace: props.argoCdNamespace ?? ARGOCD_NAMESPACE,
        labels: { ...MANAGED_BY_LABELS, [TEAM_LABEL]: this.projectName },
      },
      spec: {
        description: `Team ${this.projectName}: its own namespaces only, no cluster-scoped kinds (cdk-paved-road)`,
        sourceRepos: [...new Set(props.sourceRepos)].sort(),
        destinations: this.namespaces.map((namespace) => ({ name: IN_CLUSTER_NAME, namespace })),
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: PLATFORM_OWNED_KINDS,
        orphanedResources: { warn: true },
      },
    });
  }
}
