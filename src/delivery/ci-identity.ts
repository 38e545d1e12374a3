import { Construct } from 'constructs';
import { GithubDeployRole } from './github-deploy-role';
import { GithubOidcProvider, IGithubOidcProvider } from './github-oidc-provider';
import { GithubSubject } from './github-subject';
import { PlatformStack } from '../core/platform-stack';
import { previewNamespacePrefix } from '../private/contract';
import { CI_IDENTITY_PROPS, PLATFORM_REPOSITORY_OPTIONS, PREVIEW_REPOSITORY_OPTIONS } from '../private/delivery-prop-types';
import { constructError, propError } from '../private/errors';
import { managedPolicyArn } from '../private/iam';
import { shorten } from '../private/naming';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel, requireResourceArn } from '../private/validate';

const KIND = 'CiIdentity';
/** AWS caps IAM role names at 64 characters. */
const IAM_ROLE_NAME_MAX = 64;
/** What a plan needs by default: read every resource Terraform refreshes. */
const PLAN_POLICY = 'ReadOnlyAccess';

/** How a release reaches an environment's folder of the GitOps repository. */
export enum Promotion {
  /** CI commits the YAML to the folder; Argo CD picks it up. */
  COMMIT = 'commit',
  /** CI opens a pull request with the YAML; merging it (a reviewed change) is the promotion. */
  PULL_REQUEST = 'pull-request',
}

/** Runtime types of `AppRepositoryOptions` (`CiIdentity.addAppRepository()`; src/private/prop-types.ts). */
const APP_REPOSITORY_OPTIONS = propTypes('AppRepositoryOptions', {
  repository: required(T.string),
  team: required(T.string),
  services: required(T.strings),
  githubEnvironment: T.string,
  appStack: T.string,
  promotion: T.oneOf('Promotion', Promotion),
  deployPolicyArns: T.strings,
  planPolicyArns: T.strings,
  stateBucket: T.string,
  stateKeyPrefix: T.string,
});

/**
 * Options for `CiIdentity.addAppRepository()`.
 */
export interface AppRepositoryOptions {
  /** The application repository, `owner/name` (e.g. `acme/shop`); no wildcards. */
  readonly repository: string;
  /** The team that owns the repository's services (a DNS label): names the GitOps folder and the AppProject. */
  readonly team: string;
  /**
   * The services whose images the repository builds: the role may push to their ECR repositories
   * (`<platform>/<host environment>/<service>`, as `ServiceApp` names them) and to no other.
   */
  readonly services: string[];
  /**
   * The GitHub environment of the repository whose jobs may assume the role (protect it with
   * required reviewers for production).
   * @default - the environment's name, e.g. `prod`
   */
  readonly githubEnvironment?: string;
  /**
   * The stack id in the application's `main.ts` that synthesizes this environment: its chart
   * files (`<stack>-*.k8s.yaml`) are the ones delivered to the environment's folder.
   * @default - `<team>-<environment>`, e.g. `shop-prod`
   */
  readonly appStack?: string;
  /**
   * How a release reaches the environment.
   * @default - a pull request in staging and production, a commit in other environment classes
   */
  readonly promotion?: Promotion;
  /**
   * Managed policies (ARNs) the repository's jobs apply the application's own Terraform with:
   * `cdktf deploy` of `appStack` (its services' ECR repositories, IAM roles and Pod Identity
   * associations, databases, secrets, alarms and rule groups), before the images are pushed to the
   * repositories it creates. The account's administrators name them, as for the platform
   * repository: the library writes no policy that broad (scope it with a permissions boundary on
   * the roles it may create). The app's `PlatformStack` then needs an S3 `stateBackend`.
   * @default - none: the workflow pushes images and YAML only, and the app's Terraform is applied by someone else
   */
  readonly deployPolicyArns?: string[];
  /**
   * Managed policies of the plan role that runs `cdktf diff` of the app's stack on the repository's
   * pull requests (trusted for pull requests only, state read-only). Only with `deployPolicyArns`.
   * @default - `ReadOnlyAccess`, with `deployPolicyArns`
   */
  readonly planPolicyArns?: string[];
  /**
   * S3 bucket of the app's Terraform state (its `StateBackend.s3` bucket): the role may read and
   * write the state objects of this platform and environment under `stateKeyPrefix`, and no other.
   * Only with `deployPolicyArns`.
   * @default - no state access from the library (the managed policies may grant it)
   */
  readonly stateBucket?: string;
  /**
   * The app's `StateBackend.s3` key prefix.
   * @default - none
   */
  readonly stateKeyPrefix?: string;
}

/**
 * Options for `CiIdentity.addPlatformRepository()`.
 */
export interface PlatformRepositoryOptions {
  /** The platform repository, `owner/name` (e.g. `acme/platform`); no wildcards. */
  readonly repository: string;
  /**
   * Managed policies of the deploy role, which applies the platform's Terraform (VPC, EKS, IAM,
   * KMS, ...). The library writes no such policy: it needs broad rights, and the account's
   * administrators decide them (e.g. a customer-managed `platform-deployer` policy, with a
   * permissions boundary on the roles it creates). Administrator-level policies fail guardrail
   * PR-AWS-IAM-002.
   */
  readonly deployPolicyArns: string[];
  /**
   * Managed policies of the plan role, which runs `cdktf diff` on pull requests.
   * @default - the AWS managed `ReadOnlyAccess`
   */
  readonly planPolicyArns?: string[];
  /**
   * The GitHub environment whose jobs may assume the deploy role (give it required reviewers
   * for production).
   * @default - the environment's name, e.g. `prod`
   */
  readonly githubEnvironment?: string;
  /**
   * The S3 bucket of the Terraform state (`StateBackend.s3()`): both roles may use the state
   * keys of this platform and environment, the plan role read-only.
   * @default - no state permissions (local state, or granted by the deploy policies)
   */
  readonly stateBucket?: string;
  /**
   * The `keyPrefix` given to `StateBackend.s3()`.
   * @default - none
   */
  readonly stateKeyPrefix?: string;
  /**
   * The stack ids the workflow plans and deploys for this environment.
   * @default - the stack the `CiIdentity` is in
   */
  readonly stacks?: string[];
}

/**
 * Options for `CiIdentity.addPreviewRepository()`.
 */
export interface PreviewRepositoryOptions {
  /** The application repository, `owner/name` (e.g. `acme/shop`); no wildcards. */
  readonly repository: string;
  /** The team whose previews the repository deploys (a DNS label): its namespaces are `preview-<team>-pr-<n>`. */
  readonly team: string;
  /**
   * The services whose preview images (`pr-<n>-<commit>`) the repository builds: the role may push
   * to their ECR repositories in this (the host) environment, `<platform>/<environment>/<service>`,
   * from which previews pull.
   */
  readonly services: string[];
  /**
   * Managed policies (ARNs) the preview's own Terraform is applied and destroyed with (`cdktf
   * deploy`/`destroy` of the preview's stack: its services' IAM roles and Pod Identity
   * associations, a database restored from a snapshot). The account's administrators name them,
   * as for `addAppRepository()`.
   */
  readonly deployPolicyArns: string[];
  /**
   * The GitHub environment whose jobs may assume the role. Previews run for pull requests, so do
   * not give it required reviewers; limit who may open pull requests from branches instead (a
   * fork's pull request gets no OIDC token for the repository's environments).
   * @default 'preview'
   */
  readonly githubEnvironment?: string;
  /**
   * S3 bucket of the previews' Terraform state: the role may read and write the state of this
   * team's previews of this platform, and no other.
   * @default - no state access from the library (the managed policies may grant it)
   */
  readonly stateBucket?: string;
  /**
   * The previews' `StateBackend.s3` key prefix: give every `PreviewEnvironment` of the team
   * `StateBackend.s3({ bucket, keyPrefix })` with the same prefix. A prefix of the team's own keeps
   * one team's previews out of another's state.
   * @default 'previews/<team>'
   */
  readonly stateKeyPrefix?: string;
}

/** What `CiIdentity.addPreviewRepository()` created. */
export interface PreviewRepositoryAccess {
  /** The role the repository's preview workflow assumes. */
  readonly role: GithubDeployRole;
  /** ARN of the role, known at synth time: give it to `TeamOptions.previewDeployerArns` of the hosting cluster. */
  readonly roleArn: string;
  /** The GitHub environment the preview jobs run in (the role trusts it). */
  readonly githubEnvironment: string;
  /** The `keyPrefix` the previews' `StateBackend.s3()` must use. */
  readonly stateKeyPrefix: string;
  /** The namespaces the team's previews get, `preview-<team>-pr-*`. */
  readonly namespacePattern: string;
}

/** One environment of an application repository's delivery workflow (`AppDeliveryWorkflow`). */
export interface AppDeliveryStage {
  /** Environment name: the GitOps folder `<environment>/<team>/`. */
  readonly environment: string;
  /** The owning team. */
  readonly team: string;
  /** The GitHub environment the job runs in (the role trusts it). */
  readonly githubEnvironment: string;
  /** ARN of the role the job assumes. */
  readonly roleArn: string;
  /** AWS region of the environment. */
  readonly region: string;
  /** Where the images go: `<registry host>/<platform>/<host environment>`; an image is `<registry>/<service>:<commit>`. */
  readonly registry: string;
  /** Services built and pushed. */
  readonly services: string[];
  /** The app's stack id for this environment. */
  readonly appStack: string;
  /** How the release reaches the environment. */
  readonly promotion: Promotion;
  /** Whether the environment's job applies the app's Terraform (`cdktf deploy` of `appStack`) before pushing images. */
  readonly deploysTerraform: boolean;
  /**
   * ARN of the role pull requests assume to run `cdktf diff` of `appStack`.
   * @default - no plan on pull requests
   */
  readonly planRoleArn?: string;
}

/** One environment of the platform repository's workflow (`PlatformDeliveryWorkflow`). */
export interface PlatformDeliveryStage {
  /** Environment name; the platform's YAML goes to the GitOps folder `<environment>/platform/`. */
  readonly environment: string;
  /** The GitHub environment of the deploy job (the deploy role trusts it). */
  readonly githubEnvironment: string;
  /** ARN of the role `cdktf diff` runs with on pull requests. */
  readonly planRoleArn: string;
  /** ARN of the role `cdktf deploy` runs with. */
  readonly deployRoleArn: string;
  /** AWS region of the environment. */
  readonly region: string;
  /** Stack ids planned and deployed. */
  readonly stacks: string[];
}

/** What `CiIdentity.addAppRepository()` created. */
export interface AppRepositoryAccess {
  /** The role the repository's workflow assumes for this environment. */
  readonly role: GithubDeployRole;
  /** The read-only role of the repository's pull requests (`cdktf diff`), with `deployPolicyArns`. */
  readonly planRole?: GithubDeployRole;
  /** The environment's stage, for `AppDeliveryWorkflow`. */
  readonly stage: AppDeliveryStage;
}

/** What `CiIdentity.addPlatformRepository()` created. */
export interface PlatformRepositoryAccess {
  /** The read-only role of `cdktf diff` on pull requests. */
  readonly planRole: GithubDeployRole;
  /** The role of `cdktf deploy`. */
  readonly deployRole: GithubDeployRole;
  /** The environment's stage, for `PlatformDeliveryWorkflow`. */
  readonly stage: PlatformDeliveryStage;
}

/**
 * Properties for `CiIdentity`.
 */
export interface CiIdentityProps {
  /**
   * Create the account's GitHub OIDC provider in this stack. An account has one provider per
   * URL: when several environments share an account, create it in one of them and set this
   * to false in the others, which then refer to it by its ARN.
   * @default true
   */
  readonly createOidcProvider?: boolean;
}

/**
 * The CI identity of one environment: GitHub Actions' OIDC provider and the roles workflows
 * assume there, with names and ARNs derived from the `PlatformContext`. An application
 * repository's role may push only to its services' ECR repositories; the platform repository
 * gets a read-only plan role (pull requests) and a deploy role (its GitHub environment, which
 * production protects with required reviewers). Every role trusts named repositories and
 * branches or environments only. The returned stages feed `AppDeliveryWorkflow` and
 * `PlatformDeliveryWorkflow`, so the workflows name exactly the roles created here.
 *
 * @example
 * const ci = new CiIdentity(prod, 'ci');
 * const shop = ci.addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['checkout'] });
 */
export class CiIdentity extends Construct {
  /** The account's GitHub OIDC provider. */
  public readonly oidcProvider: IGithubOidcProvider;
  private readonly stack: PlatformStack;
  private readonly names = new Set<string>();

  public constructor(scope: Construct, id: string, props: CiIdentityProps = {}) {
    super(scope, id);
    checkProps(this, KIND, props, CI_IDENTITY_PROPS);
    this.stack = PlatformStack.containing(this);
    const ctx = this.stack.context;
    this.oidcProvider = (props.createOidcProvider ?? true)
      ? new GithubOidcProvider(this, 'GithubOidc')
      : GithubOidcProvider.fromAccount(ctx.account, ctx.partition);
  }

  /**
   * Adds an application repository: a role that its jobs in the environment's GitHub environment
   * assume to push the services' images (and, with `deployPolicyArns`, to apply the app's Terraform).
   */
  public addAppRepository(id: string, options: AppRepositoryOptions): AppRepositoryAccess {
    checkProps(this, KIND, options, APP_REPOSITORY_OPTIONS, 'options');
    const ctx = this.stack.context;
    const team = requireDnsLabel(this, KIND, 'addAppRepository team', options.team);
    const services = this.checkServices('addAppRepository', options.services, 'is empty, so the role could push nowhere');
    if (options.deployPolicyArns !== undefined && options.deployPolicyArns.length === 0) {
      throw propError(this, KIND, 'addAppRepository deployPolicyArns', [], 'is empty, so the app\'s Terraform could change nothing',
        'name the managed policy (or policies) the account grants app deployers, or leave deployPolicyArns out to push images and YAML only');
    }
    if (options.planPolicyArns !== undefined && options.deployPolicyArns === undefined) {
      throw propError(this, KIND, 'addAppRepository planPolicyArns', options.planPolicyArns, 'is given without deployPolicyArns, so there is no Terraform to plan',
        'add deployPolicyArns, or leave planPolicyArns out');
    }
    if (options.stateBucket !== undefined && options.deployPolicyArns === undefined) {
      throw propError(this, KIND, 'addAppRepository stateBucket', options.stateBucket, 'is given without deployPolicyArns, so no job would use the state',
        'add deployPolicyArns (the workflow then runs cdktf deploy), or leave stateBucket out');
    }
    const githubEnvironment = options.githubEnvironment ?? ctx.environmentName;
    const name = this.claim(id);
    const role = new GithubDeployRole(this, `App-${name}`, {
      provider: this.oidcProvider,
      roleName: this.roleName(`app-${id}`),
      partition: ctx.partition,
      subjects: [GithubSubject.environment(options.repository, githubEnvironment)],
      description: `GitHub Actions of ${options.repository} (${githubEnvironment}): push images of ${services.join(', ')}`.slice(0, 1000),
    });
    role.grantEcrPush(this.repositoryArns(services));
    for (const arn of options.deployPolicyArns ?? []) {
      role.addManagedPolicy(requireResourceArn(this, KIND, 'addAppRepository deployPolicyArns', arn));
    }
    const statePrefix = stateKeyPrefix(options.stateKeyPrefix, ctx.platformName, ctx.environmentName);
    if (options.stateBucket) {
      role.grantTerraformState(options.stateBucket, statePrefix, true);
    }
    const planRole = options.deployPolicyArns
      ? this.addPlanRole(`AppPlan-${name}`, `app-plan-${id}`, options.repository, options.planPolicyArns, 'addAppRepository planPolicyArns')
      : undefined;
    if (planRole && options.stateBucket) {
      planRole.grantTerraformState(options.stateBucket, statePrefix, false);
    }
    return {
      role,
      planRole,
      stage: {
        environment: ctx.environmentName,
        team,
        githubEnvironment,
        roleArn: ctx.roleArn(role.roleName),
        region: ctx.region,
        registry: `${ctx.registryHost}/${ctx.repositoryName('')}`.replace(/\/$/, ''),
        services,
        appStack: options.appStack ?? `${team}-${ctx.environmentName}`,
        promotion: options.promotion ?? (ctx.defaults.promoteByPullRequest ? Promotion.PULL_REQUEST : Promotion.COMMIT),
        deploysTerraform: options.deployPolicyArns !== undefined,
        planRoleArn: planRole && ctx.roleArn(planRole.roleName),
      },
    };
  }

  /**
   * Adds an application repository's pull-request previews (`PreviewEnvironment`), hosted by this
   * environment's cluster: a role that its jobs in the GitHub environment `preview` assume to push
   * the preview images, apply and destroy each preview's Terraform, and read the cluster's
   * endpoint. What the role may do in the cluster comes from the cluster: pass `roleArn` to
   * `PlatformCluster.addTeam()` as `previewDeployerArns`, which lets it change the team's preview
   * namespaces and nothing else.
   */
  public addPreviewRepository(id: string, options: PreviewRepositoryOptions): PreviewRepositoryAccess {
    checkProps(this, KIND, options, PREVIEW_REPOSITORY_OPTIONS, 'options');
    const ctx = this.stack.context;
    const team = requireDnsLabel(this, KIND, 'addPreviewRepository team', options.team);
    const services = this.checkServices('addPreviewRepository', options.services, 'is empty, so the role could push no preview image');
    if (options.deployPolicyArns.length === 0) {
      throw propError(this, KIND, 'addPreviewRepository deployPolicyArns', [], 'is empty, so no preview\'s Terraform could be applied',
        'name the managed policy (or policies) the account grants app deployers');
    }
    const githubEnvironment = options.githubEnvironment ?? 'preview';
    const keyPrefix = (options.stateKeyPrefix ?? `previews/${team}`).replace(/^\/+|\/+$/g, '');
    const name = this.claim(id, 'preview');
    const role = new GithubDeployRole(this, `Preview-${name}`, {
      provider: this.oidcProvider,
      roleName: this.roleName(`preview-${id}`),
      partition: ctx.partition,
      subjects: [GithubSubject.environment(options.repository, githubEnvironment)],
      description: `GitHub Actions of ${options.repository} (${githubEnvironment}): previews of team ${team} on ${ctx.clusterName}`.slice(0, 1000),
    });
    role.grantEcrPush(this.repositoryArns(services));
    role.grantDescribeCluster(`arn:${ctx.partition}:eks:${ctx.region}:${ctx.account}:cluster/${ctx.clusterName}`);
    for (const arn of options.deployPolicyArns) {
      role.addManagedPolicy(requireResourceArn(this, KIND, 'addPreviewRepository deployPolicyArns', arn));
    }
    if (options.stateBucket) {
      // A preview's key is <prefix>/<platform>/<host environment>-pr-<n>/<stack>.tfstate.
      role.grantTerraformState(options.stateBucket, stateKeyPrefix(keyPrefix, ctx.platformName, ''), true);
    }
    return {
      role,
      roleArn: ctx.roleArn(role.roleName),
      githubEnvironment,
      stateKeyPrefix: keyPrefix,
      namespacePattern: `${previewNamespacePrefix(team)}*`,
    };
  }

  /**
   * Adds the platform repository: a read-only plan role for its pull requests and a deploy role
   * for its jobs in the environment's GitHub environment.
   */
  public addPlatformRepository(id: string, options: PlatformRepositoryOptions): PlatformRepositoryAccess {
    checkProps(this, KIND, options, PLATFORM_REPOSITORY_OPTIONS, 'options');
    const ctx = this.stack.context;
    if (options.deployPolicyArns.length === 0) {
      throw propError(this, KIND, 'addPlatformRepository deployPolicyArns', [], 'is empty, so the deploy role could change nothing',
        'name the managed policy (or policies) the account grants the platform deployer');
    }
    const name = this.claim(id);
    const githubEnvironment = options.githubEnvironment ?? ctx.environmentName;
    const planRole = this.addPlanRole(`PlatformPlan-${name}`, `plan-${id}`, options.repository, options.planPolicyArns, 'addPlatformRepository planPolicyArns');
    const deployRole = new GithubDeployRole(this, `PlatformDeploy-${name}`, {
      provider: this.oidcProvider,
      roleName: this.roleName(`deploy-${id}`),
      partition: ctx.partition,
      subjects: [GithubSubject.environment(options.repository, githubEnvironment)],
      description: `GitHub Actions of ${options.repository} (${githubEnvironment}): cdktf deploy`,
    });
    for (const arn of options.deployPolicyArns) {
      deployRole.addManagedPolicy(requireResourceArn(this, KIND, 'addPlatformRepository deployPolicyArns', arn));
    }
    if (options.stateBucket) {
      const prefix = stateKeyPrefix(options.stateKeyPrefix, ctx.platformName, ctx.environmentName);
      planRole.grantTerraformState(options.stateBucket, prefix, false);
      deployRole.grantTerraformState(options.stateBucket, prefix, true);
    }
    return {
      planRole,
      deployRole,
      stage: {
        environment: ctx.environmentName,
        githubEnvironment,
        planRoleArn: ctx.roleArn(planRole.roleName),
        deployRoleArn: ctx.roleArn(deployRole.roleName),
        region: ctx.region,
        stacks: options.stacks ?? [this.stack.node.id],
      },
    };
  }

  /**
   * The read-only role a repository's pull requests assume for `cdktf diff`: trusted for its pull
   * requests only, with `planPolicyArns` (default `ReadOnlyAccess`).
   */
  private addPlanRole(constructId: string, roleSuffix: string, repository: string,
    planPolicyArns: string[] | undefined, prop: string): GithubDeployRole {
    const ctx = this.stack.context;
    const role = new GithubDeployRole(this, constructId, {
      provider: this.oidcProvider,
      roleName: this.roleName(roleSuffix),
      partition: ctx.partition,
      subjects: [GithubSubject.pullRequest(repository)],
      description: `GitHub Actions of ${repository} (pull requests): cdktf diff, read-only`,
    });
    for (const arn of planPolicyArns ?? [managedPolicyArn(ctx.partition, PLAN_POLICY)]) {
      role.addManagedPolicy(requireResourceArn(this, KIND, prop, arn));
    }
    // A plan refreshes the secret versions the environment's Terraform writes (a database's
    // connection, the Prometheus query URL), which ReadOnlyAccess cannot read; no other secret.
    const secret = (name: string, key: string) => `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.account}:secret:${ctx.ownSecretName(name, key)}-*`;
    role.grantReadSecrets([secret('*', 'connection'), secret('observability', '*')]);
    return role;
  }

  /** The services a repository builds: at least one, each a DNS label; sorted, without repeats. */
  private checkServices(method: string, services: string[], emptyProblem: string): string[] {
    if (services.length === 0) {
      throw propError(this, KIND, `${method} services`, [], emptyProblem, 'name the services the repository builds');
    }
    return [...new Set(services.map((s) => requireDnsLabel(this, KIND, `${method} services`, s)))].sort();
  }

  /** The ECR repositories of this environment's services, as `ServiceApp` names them. */
  private repositoryArns(services: string[]): string[] {
    const ctx = this.stack.context;
    return services.map((s) => `arn:${ctx.partition}:ecr:${ctx.region}:${ctx.account}:repository/${ctx.repositoryName(s)}`);
  }

  /** The id, checked and claimed; a repository's previews (`kind` 'preview') are claimed apart from its delivery. */
  private claim(id: string, kind: string = ''): string {
    const name = requireDnsLabel(this, KIND, 'id', id);
    if (this.names.has(`${kind}:${name}`)) {
      throw constructError(this, KIND, `repository id '${name}' is added twice${kind ? ` for ${kind}s` : ''}`, 'give each repository its own id');
    }
    this.names.add(`${kind}:${name}`);
    return name;
  }

  private roleName(suffix: string): string {
    return shorten(`${this.stack.context.prefix}-gha-${suffix}`, IAM_ROLE_NAME_MAX);
  }
}

/** The state key prefix of one platform and environment, as `StateBackend.s3` writes keys under it. */
function stateKeyPrefix(keyPrefix: string | undefined, platformName: string, environmentName: string): string {
  return [keyPrefix?.replace(/^\/+|\/+$/g, ''), platformName, environmentName].filter(Boolean).join('/');
}
