import { propError } from '../private/errors';

/** An `owner/name` GitHub repository: owner of letters, digits and `-`; name of letters, digits, `.`, `_`, `-`. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** A branch, tag or environment name without wildcards, spaces or the `:` that separates the claim's parts. */
const REF_NAME = /^[^\s:*?[\]\\~^]{1,255}$/;

/**
 * Which GitHub Actions runs may assume a deploy role: one value of the `sub` claim of GitHub's
 * OIDC token, always for one named repository (never `repo:*` or a wildcard).
 *
 * A job that names a GitHub environment (`environment: production`) gets the subject
 * `repo:<owner>/<name>:environment:<environment>`; other jobs get the ref they run on
 * (`repo:<owner>/<name>:ref:refs/heads/main`), or `repo:<owner>/<name>:pull_request` on pull
 * request events. An environment with required reviewers is the strongest gate: the token is only
 * issued after the approval.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 *
 * @example
 * GithubSubject.environment('acme/shop', 'production');
 * GithubSubject.branch('acme/platform', 'main');
 */
export class GithubSubject {
  /** Runs on a branch of the repository (pushes to it, workflow runs on it), e.g. `main`. */
  public static branch(repository: string, branch: string): GithubSubject {
    return new GithubSubject(checkRepository('GithubSubject.branch', repository), `ref:refs/heads/${checkName('GithubSubject.branch', 'branch', branch)}`);
  }

  /** Runs on a tag of the repository, e.g. `v1.2.3`. */
  public static tag(repository: string, tag: string): GithubSubject {
    return new GithubSubject(checkRepository('GithubSubject.tag', repository), `ref:refs/tags/${checkName('GithubSubject.tag', 'tag', tag)}`);
  }

  /** Jobs that name a GitHub environment of the repository (its protection rules run first). */
  public static environment(repository: string, environment: string): GithubSubject {
    return new GithubSubject(checkRepository('GithubSubject.environment', repository), `environment:${checkName('GithubSubject.environment', 'environment', environment)}`);
  }

  /**
   * Jobs run for pull requests of the repository (from its own branches: GitHub gives no token
   * with `id-token: write` to pull requests from forks). Trust read-only roles with it, such as a
   * plan role.
   */
  public static pullRequest(repository: string): GithubSubject {
    return new GithubSubject(checkRepository('GithubSubject.pullRequest', repository), 'pull_request');
  }

  /** The `sub` claim, e.g. `repo:acme/shop:environment:production`. */
  public readonly value: string;

  private constructor(
    /** The repository, `owner/name`. */
    public readonly repository: string,
    /** The part of the claim after the repository, e.g. `environment:production`. */
    public readonly context: string,
  ) {
    this.value = `repo:${repository}:${context}`;
  }
}

function checkRepository(kind: string, repository: string): string {
  if (typeof repository !== 'string' || !REPOSITORY.test(repository)) {
    throw propError(kind, kind, 'repository', repository,
      'is not one named GitHub repository (wildcards such as "repo:*" or "acme/*" would let any repository they match assume the role)',
      'give the repository as "owner/name", e.g. "acme/shop"');
  }
  return repository;
}

function checkName(kind: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !REF_NAME.test(value)) {
    throw propError(kind, kind, prop, value, 'is not one name (no wildcards, spaces or ":")',
      `name one ${prop}, e.g. ${prop === 'environment' ? '"production"' : prop === 'tag' ? '"v1.2.3"' : '"main"'}`);
  }
  return value;
}
