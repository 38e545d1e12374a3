import { propTypes, required, T } from './prop-types';
import { GITOPS_OPTIONS } from './shared-prop-types';

// Runtime types (src/private/prop-types.ts) of the delivery constructs' props (src/delivery/).

/** Runtime types of `PlatformGitOpsProps`: GitOpsOptions and its own. @internal */
export const PLATFORM_GITOPS_PROPS = propTypes('PlatformGitOpsProps', {
  ...GITOPS_OPTIONS.props,
  clusterName: required(T.string),
  chart: required(T.shape('a cdk8s Chart', 'the platform chart (a cdk8s Chart)', ['node', 'toJson'])),
});

/** Runtime types of `ArgoCdCapabilityProps`. @internal */
export const ARGOCD_CAPABILITY_PROPS = propTypes('ArgoCdCapabilityProps', {
  clusterName: required(T.string),
  identityCenterInstanceArn: required(T.string),
  identityCenterRegion: T.string,
  roleName: required(T.string),
  adminGroupIds: T.strings,
  editorGroupIds: T.strings,
  viewerGroupIds: T.strings,
  localClusterAdmin: T.boolean,
  partition: T.string,
});

/** Runtime types of `EnvironmentApplicationSetProps`. @internal */
export const ENVIRONMENT_APPLICATION_SET_PROPS = propTypes('EnvironmentApplicationSetProps', {
  environmentName: required(T.string),
  repoUrl: required(T.string),
  revision: T.string,
  teams: T.strings,
  autoSync: T.boolean,
  argoCdNamespace: T.string,
});

/** Runtime types of `TeamProjectProps`. @internal */
export const TEAM_PROJECT_PROPS = propTypes('TeamProjectProps', {
  team: required(T.string),
  sourceRepos: required(T.strings),
  namespaces: T.strings,
  argoCdNamespace: T.string,
});

/** Runtime types of `GithubOidcProviderProps`. @internal */
export const GITHUB_OIDC_PROVIDER_PROPS = propTypes('GithubOidcProviderProps', {
  tags: T.stringMap,
});

/** Runtime types of `GithubDeployRoleProps`. @internal */
export const GITHUB_DEPLOY_ROLE_PROPS = propTypes('GithubDeployRoleProps', {
  provider: required(T.shape('an IGithubOidcProvider', 'a GithubOidcProvider, or GithubOidcProvider.fromAccount(account)', ['providerArn'])),
  roleName: required(T.string),
  subjects: required(T.list('a list of GithubSubject', 'a list such as [GithubSubject.environment("acme/shop", "prod")]')),
  description: T.string,
  partition: T.string,
  permissionsBoundaryArn: T.string,
});

/** Runtime types of `CiIdentityProps`. @internal */
export const CI_IDENTITY_PROPS = propTypes('CiIdentityProps', {
  createOidcProvider: T.boolean,
});

/** Runtime types of `PlatformRepositoryOptions` (`CiIdentity.addPlatformRepository()`). @internal */
export const PLATFORM_REPOSITORY_OPTIONS = propTypes('PlatformRepositoryOptions', {
  repository: required(T.string),
  deployPolicyArns: required(T.strings),
  planPolicyArns: T.strings,
  githubEnvironment: T.string,
  stateBucket: T.string,
  stateKeyPrefix: T.string,
  stacks: T.strings,
});

/** Runtime types of `PreviewRepositoryOptions` (`CiIdentity.addPreviewRepository()`). @internal */
export const PREVIEW_REPOSITORY_OPTIONS = propTypes('PreviewRepositoryOptions', {
  repository: required(T.string),
  team: required(T.string),
  services: required(T.strings),
  deployPolicyArns: required(T.strings),
  githubEnvironment: T.string,
  stateBucket: T.string,
  stateKeyPrefix: T.string,
});

/** Runtime types of `DeliveryWorkflowOptions`, spread into both workflows' props. @internal */
export const DELIVERY_WORKFLOW_OPTIONS = propTypes('DeliveryWorkflowOptions', {
  gitopsRepository: required(T.string),
  gitopsBranch: T.string,
  branch: T.string,
  workingDirectory: T.string,
  workflowName: T.string,
});

/** Runtime types of `AppDeliveryWorkflowProps`. @internal */
export const APP_DELIVERY_WORKFLOW_PROPS = propTypes('AppDeliveryWorkflowProps', {
  ...DELIVERY_WORKFLOW_OPTIONS.props,
  stages: required(T.list('a list of AppDeliveryStage', 'the stages from CiIdentity.addAppRepository(), e.g. [dev.stage, prod.stage]')),
  servicesDirectory: T.string,
});

/** Runtime types of `PlatformDeliveryWorkflowProps`. @internal */
export const PLATFORM_DELIVERY_WORKFLOW_PROPS = propTypes('PlatformDeliveryWorkflowProps', {
  ...DELIVERY_WORKFLOW_OPTIONS.props,
  stages: required(T.list('a list of PlatformDeliveryStage', 'the stages from CiIdentity.addPlatformRepository(), e.g. [dev.stage, prod.stage]')),
});
