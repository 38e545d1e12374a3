import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdCapability } from './argo-cd-capability';
import { EnvironmentApplicationSet } from './environment-application-set';
import { TeamProject } from './team-project';
import { HelmChartApplication } from '../addons/helm-chart-application';
import { PlatformContext } from '../core/platform-context';
import { PlatformStack } from '../core/platform-stack';
import {
  ARGOCD_NAMESPACE, ARGOCD_SECRET_TYPE_LABEL, ENVIRONMENT_LABEL, gitopsFolder, IN_CLUSTER_NAME, MANAGED_BY_LABELS, PLATFORM_ROOT_PROJECT,
  PLATFORM_TEAM_FOLDER, podSecurityLabels, PRIORITY_CLASS, SECRET_STORE_NAME, SKIP_DRY_RUN_ON_MISSING_CRD,
} from '../private/contract';
import { PLATFORM_GITOPS_PROPS } from '../private/delivery-prop-types';
import { constructError, propError } from '../private/errors';
import { shorten } from '../private/naming';
import { checkProps } from '../private/prop-types';
import { chartSource, HELM_CHARTS } from '../private/versions';

const KIND = 'PlatformGitOps';
/** Helm release name of self-managed Argo CD: the one-time `helm install` and the Application use it. */
const SELF_MANAGED_RELEASE = 'argocd';
/** The repository Secret Argo CD reads for a private GitOps repository (written by an ExternalSecret). */
const REPOSITORY_SECRET = 'gitops-repository';
/** AWS caps IAM role names at 64 characters. */
const IAM_ROLE_NAME_MAX = 64;

/**
 * IAM Identity Center for the EKS Argo CD capability: people log in to Argo CD with it, and its
 * groups get Argo CD's roles.
 */
export interface ArgoCdIdentityCenterOptions {
  /** ARN of the Identity Center instance, `arn:aws:sso:::instance/ssoins-...`. */
  readonly instanceArn: string;
  /**
   * Region of the Identity Center instance.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Identity Center group IDs given Argo CD's ADMIN role.
   * @default - none
   */
  readonly adminGroupIds?: string[];
  /**
   * Identity Center group IDs given Argo CD's EDITOR role.
   * @default - none
   */
  readonly editorGroupIds?: string[];
  /**
   * Identity Center group IDs given Argo CD's VIEWER role.
   * @default - none
   */
  readonly viewerGroupIds?: string[];
}

/**
 * Options for GitOps delivery to a platform's cluster (`PlatformClusterProps.gitops`).
 */
export interface GitOpsOptions {
  /**
   * URL of the GitOps repository Argo CD syncs from, e.g. `https://github.com/acme/gitops.git`.
   * Layout: `<environment>/platform/` holds the platform's YAML, `<environment>/<team>/` each
   * team's (`<environment>/<team>/<stack>-<service>.k8s.yaml`, as `AppDeliveryWorkflow` writes it).
   */
  readonly repoUrl: string;
  /**
   * Branch (or tag) of the GitOps repository to follow.
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Run Argo CD as the EKS capability (managed by AWS, outside the cluster), logging in through
   * this IAM Identity Center instance.
   * @default - self-managed Argo CD in the cluster, installed once by hand and then managed by itself (see the README)
   */
  readonly identityCenter?: ArgoCdIdentityCenterOptions;
  /**
   * Sync automatically, with prune and self-heal; off: Argo CD shows what differs and a person syncs.
   * @default - by environment class: automatic except in production
   */
  readonly autoSync?: boolean;
  /**
   * The GitOps repository is private: the platform creates the Secrets Manager secret
   * `<platform>/<environment>/gitops/repository` (values set out of band, never in Terraform: a
   * read-only GitHub App's `githubAppID`, `githubAppInstallationID` and `githubAppPrivateKey`) and its
   * YAML an ExternalSecret that writes Argo CD's repository Secret (`argocd.argoproj.io/secret-type:
   * repository`, `url` = `repoUrl`) from it. The External Secrets Operator (`addons.externalSecrets`)
   * must run. At bootstrap apply the platform's YAML a second time once the operator is up (README).
   * @default false (a public repository, or credentials configured by hand)
   */
  readonly privateRepository?: boolean;
}

/**
 * Properties for `PlatformGitOps`.
 */
export interface PlatformGitOpsProps extends GitOpsOptions {
  /** Name of the EKS cluster (a token orders the capability after the cluster). */
  readonly clusterName: string;
  /** The chart that receives the Argo CD objects: the platform's own YAML, synced from `<environment>/platform/`. */
  readonly chart: Chart;
}

/**
 * GitOps delivery for one environment's cluster: Argo CD (the EKS capability when an Identity
 * Center instance is given, with its IAM role and cluster access, otherwise self-managed), the
 * `argocd` namespace, the root Application `platform` that syncs `<environment>/platform/` (the
 * platform's own YAML, this object included, so Argo CD manages itself from then on) in the
 * platform team's AppProject `platform-root`, a `TeamProject` per team and the environment's
 * `EnvironmentApplicationSet`. Sync is automatic with prune and self-heal except in production
 * (`autoSync`). Terraform never talks to the cluster: everything in the cluster comes from Git.
 * Created by `PlatformCluster` with its `gitops` prop; needs a `PlatformStack`.
 */
export class PlatformGitOps extends Construct {
  /** The EKS Argo CD capability, when Argo CD runs as one. */
  public readonly capability?: ArgoCdCapability;
  /** Self-managed Argo CD's own Application (its pinned Helm chart), when there is no capability. */
  public readonly argoCd?: HelmChartApplication;
  /** The environment's ApplicationSet. */
  public readonly applicationSet: EnvironmentApplicationSet;
  /** Whether Applications sync automatically. */
  public readonly autoSync: boolean;
  /** The GitOps repository. */
  public readonly repoUrl: string;
  /** The Secrets Manager secret Argo CD's repository credentials come from, with `privateRepository`. */
  public readonly repositoryCredentialsSecretName?: string;
  /** The folder of the platform's own YAML, `<environment>/platform`. */
  public readonly platformFolder: string;
  private readonly objects: Construct;
  private readonly projects = new Map<string, TeamProject>();

  public constructor(scope: Construct, id: string, props: PlatformGitOpsProps) {
    super(scope, id);
    checkProps(this, KIND, props, PLATFORM_GITOPS_PROPS);
    const ctx = PlatformStack.containing(this).context;
    if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(props.repoUrl) || props.repoUrl.includes('*')) {
      throw propError(this, KIND, 'repoUrl', props.repoUrl, 'is not a Git repository URL', 'give the GitOps repository\'s https:// or SSH URL, e.g. "https://github.com/acme/gitops.git"');
    }
    this.repoUrl = props.repoUrl;
    this.autoSync = props.autoSync ?? ctx.defaults.gitopsAutoSync;
    const revision = props.revision ?? 'main';
    this.platformFolder = gitopsFolder(ctx.environmentName, PLATFORM_TEAM_FOLDER);
    const labels = { ...MANAGED_BY_LABELS, [ENVIRONMENT_LABEL]: ctx.environmentName };

    if (props.identityCenter) {
      this.capability = new ArgoCdCapability(this, 'ArgoCdCapability', {
        clusterName: props.clusterName,
        roleName: shorten(`${ctx.prefix}-argocd-capability`, IAM_ROLE_NAME_MAX),
        identityCenterInstanceArn: props.identityCenter.instanceArn,
        identityCenterRegion: props.identityCenter.region ?? ctx.region,
        adminGroupIds: props.identityCenter.adminGroupIds,
        editorGroupIds: props.identityCenter.editorGroupIds,
        viewerGroupIds: props.identityCenter.viewerGroupIds,
        partition: ctx.partition,
      });
    }

    this.objects = new Construct(props.chart, 'GitOps');
    new ApiObject(this.objects, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ARGOCD_NAMESPACE, labels: { ...labels, ...podSecurityLabels() } },
    });
    new ApiObject(this.objects, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'argocd', namespace: ARGOCD_NAMESPACE, labels },
      spec: {
        // In: only Argo CD's own components (the UI is reached by port-forward or the capability's
        // hosted URL). Out: open, Argo CD reaches Git, chart repositories and the API server.
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    });
    if (this.capability) {
      // The capability does not register its own cluster; it names clusters by ARN, and the name
      // in-cluster keeps every destination the same as with self-managed Argo CD.
      // https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html
      new ApiObject(this.objects, 'LocalCluster', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: IN_CLUSTER_NAME, namespace: ARGOCD_NAMESPACE, labels: { ...labels, [ARGOCD_SECRET_TYPE_LABEL]: 'cluster' } },
        type: 'Opaque',
        stringData: { name: IN_CLUSTER_NAME, server: `arn:${ctx.partition}:eks:${ctx.region}:${ctx.account}:cluster/${ctx.clusterName}` },
      });
    }
    if (!this.capability) {
      // Self-managed: after the one-time `helm install` (README), Argo CD manages its own release.
      this.argoCd = new HelmChartApplication(this.objects, 'ArgoCd', {
        ...chartSource(HELM_CHARTS.argoCd),
        namespace: ARGOCD_NAMESPACE,
        releaseName: SELF_MANAGED_RELEASE,
        project: PLATFORM_ROOT_PROJECT,
        // Login: Argo CD's admin user until you configure OIDC (the capability uses Identity Center).
        values: { dex: { enabled: false }, global: { priorityClassName: PRIORITY_CLASS.PLATFORM_CRITICAL } },
      });
    }
    if (props.privateRepository) {
      this.repositoryCredentialsSecretName = this.addRepositoryCredentials(ctx, props.repoUrl, labels);
    }
    new ApiObject(this.objects, 'RootProject', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: PLATFORM_ROOT_PROJECT, namespace: ARGOCD_NAMESPACE, labels },
      spec: {
        description: `The platform's own YAML (${this.platformFolder}/): namespaces, projects, add-ons (cdk-paved-road)`,
        // Self-managed Argo CD's own Application is in this project and comes from its chart repository.
        sourceRepos: this.argoCd ? [props.repoUrl, HELM_CHARTS.argoCd.repoUrl] : [props.repoUrl],
        destinations: [{ name: IN_CLUSTER_NAME, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
    new ApiObject(this.objects, 'RootApplication', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: PLATFORM_TEAM_FOLDER, namespace: ARGOCD_NAMESPACE, labels },
      spec: {
        project: PLATFORM_ROOT_PROJECT,
        source: { repoURL: props.repoUrl, targetRevision: revision, path: this.platformFolder },
        destination: { name: IN_CLUSTER_NAME, namespace: ARGOCD_NAMESPACE },
        syncPolicy: {
          ...(this.autoSync ? { automated: { prune: true, selfHeal: true } } : {}),
          // Server-side apply: add-on CRDs exceed the client-side annotation limit.
          syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
          retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
        },
      },
    });
    this.applicationSet = new EnvironmentApplicationSet(this.objects, 'ApplicationSet', {
      environmentName: ctx.environmentName,
      repoUrl: props.repoUrl,
      revision,
      autoSync: this.autoSync,
    });
  }

  /**
   * Argo CD's credentials for a private GitOps repository: an empty Secrets Manager secret under the
   * environment's names (which the External Secrets Operator may read), filled out of band, and the
   * ExternalSecret that writes the repository Secret Argo CD reads from it. Returns the secret's name.
   */
  private addRepositoryCredentials(ctx: PlatformContext, repoUrl: string, labels: { [key: string]: string }): string {
    const name = ctx.ownSecretName('gitops', 'repository');
    new SecretsmanagerSecret(this, 'RepositoryCredentials', {
      name,
      description: `Argo CD's read-only credentials for ${repoUrl} (githubAppID, githubAppInstallationID, githubAppPrivateKey); values set out of band`,
      recoveryWindowInDays: ctx.defaults.secretRecoveryWindowDays,
    });
    const field = (key: string) => `{{ .${key} }}`;
    new ApiObject(this.objects, 'RepositoryCredentials', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: REPOSITORY_SECRET, namespace: ARGOCD_NAMESPACE, labels, annotations: SKIP_DRY_RUN_ON_MISSING_CRD },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME },
        target: {
          name: REPOSITORY_SECRET,
          creationPolicy: 'Owner',
          template: {
            engineVersion: 'v2',
            metadata: { labels: { ...labels, [ARGOCD_SECRET_TYPE_LABEL]: 'repository' } },
            data: {
              type: 'git',
              url: repoUrl,
              githubAppID: field('githubAppID'),
              githubAppInstallationID: field('githubAppInstallationID'),
              githubAppPrivateKey: field('githubAppPrivateKey'),
            },
          },
        },
        dataFrom: [{ extract: { key: name } }],
      },
    });
    return name;
  }

  /**
   * Adds a team: its `TeamProject` (its namespace only, no cluster-scoped kinds) and its folder
   * `<environment>/<team>/` in the environment's ApplicationSet.
   */
  public addTeam(team: string): TeamProject {
    if (this.projects.has(team)) {
      throw constructError(this, KIND, `team '${team}' is added twice`, 'add each team once');
    }
    this.applicationSet.addTeam(team);
    const project = new TeamProject(this.objects, `Project-${team}`, { team, sourceRepos: [this.repoUrl] });
    this.projects.set(team, project);
    return project;
  }
}
