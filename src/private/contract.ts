/**
 * The platform contract: names that cross between outputs or between constructs.
 * Internal: not exported from the package root.
 */

// ---------------------------------------------------------------------------------------------
// Delivery (GitHub Actions identity, GitOps)
// ---------------------------------------------------------------------------------------------

/**
 * Host of GitHub Actions' OIDC issuer: the IAM OIDC provider's URL and the prefix of the
 * condition keys deploy roles trust (`<host>:aud`, `<host>:sub`). @internal
 */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/**
 * Audience of the tokens GitHub Actions presents to AWS: the default of
 * `aws-actions/configure-aws-credentials`, and the IAM OIDC provider's client ID. @internal
 */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The folder of a GitOps repository that holds one team's YAML for one environment:
 * `<environment>/<team>` (the platform's own YAML is the team `platform`). CI writes there, and
 * the environment's ApplicationSet makes one Argo CD Application per folder. @internal
 */
export function gitopsFolder(environment: string, team: string): string {
  return `${environment}/${team}`;
}

/** The GitOps folder (in place of a team's) that holds the platform's own YAML. @internal */
export const PLATFORM_TEAM_FOLDER = 'platform';
