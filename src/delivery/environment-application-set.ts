import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ARGOCD_NAMESPACE, ENVIRONMENT_LABEL, gitopsFolder, IN_CLUSTER_NAME, MANAGED_BY_LABELS, PLATFORM_TEAM_FOLDER, TEAM_LABEL,
} from '../private/contract';
import { ENVIRONMENT_APPLICATION_SET_PROPS } from '../private/delivery-prop-types';
import { constructError, propError } from '../private/errors';
import { checkProps } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'EnvironmentApplicationSet';

/**
 * Properties for `EnvironmentApplicationSet`.
 */
export interface EnvironmentApplicationSetProps {
  /** The environment: its folder of the GitOps repository (`<environment>/`) and the Applications' name prefix. */
  readonly environmentName: string;
  /** URL of the GitOps repository, e.g. `https://github.com/acme/gitops.git`. */
  readonly repoUrl: string;
  /**
   * Branch (or tag, or commit) of the GitOps repository to follow.
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * The teams whose folders (`<environment>/<team>/`) become Applications; more with `addTeam()`.
   * @default - none yet
   */
  readonly teams?: string[];
  /**
   * Sync each team's Application automatically, pruning objects removed from Git and undoing
   * changes made in the cluster (self-heal). Off: Argo CD shows the difference and a person syncs.
   * @default false - a person syncs (PlatformCluster's GitOps sets it by environment class: automatic except in production)
   */
  readonly autoSync?: boolean;
  /**
   * Namespace of Argo CD's objects.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
}

/**
 * One environment's delivery: an Argo CD `ApplicationSet` whose Git directory generator turns
 * each registered team's folder of the GitOps repository, `<environment>/<team>/`, into an
 * Application `<environment>-<team>` in the team's AppProject (`TeamProject`) and namespace. CI
 * writes the folders (`AppDeliveryWorkflow`: `<environment>/<team>/<stack>-<service>.k8s.yaml`);
 * a folder that does not exist yet yields no Application. Only registered teams are listed, so a
 * folder nobody registered is never synced. Applications whose team is removed are deleted
 * without deleting what they deployed (`preserveResourcesOnDeletion`).
 * Usable alone in any cdk8s `Chart`.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/
 */
export class EnvironmentApplicationSet extends Construct {
  /** Whether Applications sync automatically. */
  public readonly autoSync: boolean;
  /** The ApplicationSet's name: `<environment>`. */
  public readonly applicationSetName: string;
  private readonly teams: string[] = [];

  public constructor(scope: Construct, id: string, props: EnvironmentApplicationSetProps) {
    super(scope, id);
    checkProps(this, KIND, props, ENVIRONMENT_APPLICATION_SET_PROPS);
    const environment = requireDnsLabel(this, KIND, 'environmentName', props.environmentName);
    if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(props.repoUrl)) {
      throw propError(this, KIND, 'repoUrl', props.repoUrl, 'is not a Git repository URL', 'give its https:// or SSH URL, e.g. "https://github.com/acme/gitops.git"');
    }
    this.autoSync = props.autoSync ?? false;
    this.applicationSetName = environment;
    (props.teams ?? []).forEach((t) => this.addTeam(t));
    const teams = this.teams;
    new ApiObject(this, 'ApplicationSet', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: {
        name: environment,
        namespace: props.argoCdNamespace ?? ARGOCD_NAMESPACE,
        labels: { ...MANAGED_BY_LABELS, [ENVIRONMENT_LABEL]: environment },
      },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{
          git: {
            repoURL: props.repoUrl,
            revision: props.revision ?? 'main',
            // Filled at synthesis: addTeam() may come after construction.
            directories: Lazy.any({ produce: () => [...teams].sort().map((team) => ({ path: gitopsFolder(environment, team) })) }),
          },
        }],
        // Removing a team deletes its Application, not the objects it deployed.
        syncPolicy: { preserveResourcesOnDeletion: true },
        template: {
          metadata: {
            name: `${environment}-{{.path.basename}}`,
            labels: { [ENVIRONMENT_LABEL]: environment, [TEAM_LABEL]: '{{.path.basename}}' },
          },
          spec: {
            project: '{{.path.basename}}',
            source: { repoURL: props.repoUrl, targetRevision: props.revision ?? 'main', path: '{{.path.path}}' },
            destination: { name: IN_CLUSTER_NAME, namespace: '{{.path.basename}}' },
            syncPolicy: {
              ...(this.autoSync ? { automated: { prune: true, selfHeal: true } } : {}),
              syncOptions: ['PruneLast=true'],
              retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
            },
          },
        },
      },
    });
  }

  /**
   * Adds a team: its folder `<environment>/<team>/` becomes the Application
   * `<environment>-<team>` in the AppProject and namespace named after the team.
   *
   * @throws when the team is added twice or is named `platform` (the platform's own folder)
   */
  public addTeam(team: string): void {
    requireDnsLabel(this, KIND, 'addTeam team', team);
    if (team === PLATFORM_TEAM_FOLDER) {
      throw propError(this, KIND, 'addTeam team', team, `names the platform's own folder (<environment>/${PLATFORM_TEAM_FOLDER}/), which the platform's root Application syncs`,
        'give the team another name');
    }
    if (this.teams.includes(team)) {
      throw constructError(this, KIND, `team '${team}' is added twice`, 'add each team once');
    }
    this.teams.push(team);
  }
}
