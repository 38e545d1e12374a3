import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { propError } from './errors';

/**
 * The actions generated workflows use, each pinned to the full commit of a release tag (a tag
 * can be moved; a commit cannot), with the tag kept in a comment for humans and Dependabot.
 * Commits read from each action's repository at the tag.
 *
 * @internal
 */
export const ACTIONS = {
  checkout: { uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setupNode: { uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
  configureAwsCredentials: { uses: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c', tag: 'v6.2.3' },
  setupTerraform: { uses: 'hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e', tag: 'v4.0.1' },
  createGithubAppToken: { uses: 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3', tag: 'v3.1.1' },
  uploadArtifact: { uses: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', tag: 'v7.0.0' },
  downloadArtifact: { uses: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', tag: 'v8.0.1' },
};

/** Terraform version the platform workflow installs (S3-native state locking needs 1.10 or newer). @internal */
export const TERRAFORM_VERSION = '1.13.3';
/** Node.js major version the workflows run `npm ci`, cdktf and cdk8s with. @internal */
export const NODE_VERSION = '22';
/** Runner label of every job. @internal */
export const RUNNER = 'ubuntu-latest';

/** GitHub's identity for commits made by workflows. @internal */
export const BOT_NAME = 'github-actions[bot]';
/** @internal */
export const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

/** `owner/name` of one GitHub repository. @internal */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/**
 * A workflow as YAML: the header comment lines, then the document, with every pinned action's
 * tag as a trailing comment.
 *
 * @internal
 */
export function renderWorkflow(header: string[], workflow: Record<string, unknown>): string {
  const tags = new Map(Object.values(ACTIONS).map((a) => [a.uses, a.tag]));
  const body = Yaml.stringify(withoutUndefined(workflow))
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:- )?uses: )(\S+)$/.exec(line);
      return m && tags.has(m[2]) ? `${line} # ${tags.get(m[2])}` : line;
    })
    .join('\n');
  return `${header.map((l) => `# ${l}`.trimEnd()).join('\n')}\n${body}`;
}

/**
 * The steps of a job that write YAML to a folder of the GitOps repository: an installation token
 * of the GitOps GitHub App (repository variable `GITOPS_APP_CLIENT_ID`, secret
 * `GITOPS_APP_PRIVATE_KEY`), a checkout of the GitOps repository, then a commit to its branch or a
 * pull request against it.
 *
 * @internal
 */
export function gitopsSteps(options: {
  gitopsRepository: string;
  gitopsBranch: string;
  folder: string;
  /** The folder the synthesized YAML is in, e.g. `dist`. */
  dist: string;
  /** The stacks whose YAML (`<stack>-*.k8s.yaml`) goes to the folder. */
  stacks: string[];
  message: string;
  pullRequest: boolean;
  pullRequestBranch: string;
  pullRequestBody: string;
}): Array<Record<string, unknown>> {
  const [owner, name] = options.gitopsRepository.split('/');
  // Only this workflow's files are replaced: other repositories of the team (other stacks) write
  // to the same folder, and a file removed from it is a service Argo CD prunes. A name pattern
  // cannot tell them apart (stack shop-prod's files would match shop-prod-catalog's), so each
  // stack's files are listed in `.<stack>.k8s-files` beside them, and the last list's files are
  // removed before the new ones are copied (none the first time).
  const folder = `gitops/${options.folder}`;
  const copy = [
    `mkdir -p "${folder}"`,
    ...options.stacks.flatMap((stack) => [
      `if [ -f "${folder}/.${stack}.k8s-files" ]; then (cd "${folder}" && xargs -r rm -f -- < ".${stack}.k8s-files"); fi`,
      `cp ${options.dist}/${stack}-*.k8s.yaml "${folder}/"`,
      `(cd ${options.dist} && ls ${stack}-*.k8s.yaml) > "${folder}/.${stack}.k8s-files"`,
    ]),
    'cd gitops',
    `git config user.name "${BOT_NAME}"`,
    `git config user.email "${BOT_EMAIL}"`,
    `git add -A "${options.folder}"`,
    'if git diff --cached --quiet; then echo "No change in the YAML"; exit 0; fi',
  ];
  const publish = options.pullRequest
    ? [
      `git switch -c "${options.pullRequestBranch}"`,
      `git commit -m "${options.message}"`,
      `git push --force origin "${options.pullRequestBranch}"`,
      `gh pr create --repo "${options.gitopsRepository}" --base "${options.gitopsBranch}" --head "${options.pullRequestBranch}" \\`,
      `  --title "${options.message}" --body "${options.pullRequestBody}"`,
    ]
    : [
      `git commit -m "${options.message}"`,
      // Other repositories commit to other folders at the same time: rebase and retry.
      'for attempt in 1 2 3 4 5; do',
      `  git push origin "HEAD:${options.gitopsBranch}" && exit 0`,
      `  git pull --rebase origin "${options.gitopsBranch}"`,
      'done',
      'exit 1',
    ];
  return [
    {
      name: 'Token for the GitOps repository (GitHub App installation token, one hour)',
      id: 'gitops-token',
      uses: ACTIONS.createGithubAppToken.uses,
      with: {
        'client-id': '${{ vars.GITOPS_APP_CLIENT_ID }}',
        'private-key': '${{ secrets.GITOPS_APP_PRIVATE_KEY }}',
        'owner': owner,
        'repositories': name,
        'permission-contents': 'write',
        ...(options.pullRequest ? { 'permission-pull-requests': 'write' } : {}),
      },
    },
    {
      name: 'Check out the GitOps repository',
      uses: ACTIONS.checkout.uses,
      with: {
        'repository': options.gitopsRepository,
        'ref': options.gitopsBranch,
        'token': '${{ steps.gitops-token.outputs.token }}',
        'path': 'gitops',
        'persist-credentials': true,
      },
    },
    {
      name: options.pullRequest ? `Open a pull request for ${options.folder}/` : `Commit to ${options.folder}/`,
      env: options.pullRequest ? { GH_TOKEN: '${{ steps.gitops-token.outputs.token }}' } : undefined,
      run: [...copy, ...publish].join('\n') + '\n',
    },
  ];
}

/** Steps that check out the repository and install its npm dependencies. @internal */
export function nodeSteps(workingDirectory: string): Array<Record<string, unknown>> {
  return [
    { uses: ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
    {
      uses: ACTIONS.setupNode.uses,
      with: {
        'node-version': NODE_VERSION,
        'cache': 'npm',
        ...(workingDirectory === '.' ? {} : { 'cache-dependency-path': `${workingDirectory}/package-lock.json` }),
      },
    },
    { 'run': 'npm ci', 'working-directory': workingDirectory === '.' ? undefined : workingDirectory },
  ];
}

/** Installs the pinned Terraform, without the wrapper that would mangle cdktf's output. @internal */
export function setupTerraformStep(): Record<string, unknown> {
  return { uses: ACTIONS.setupTerraform.uses, with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } };
}

/** The step that exchanges the job's OIDC token for a role's credentials (no stored keys). @internal */
export function awsCredentialsStep(roleArn: string, region: string): Record<string, unknown> {
  return {
    name: 'AWS credentials from the job\'s OIDC token',
    uses: ACTIONS.configureAwsCredentials.uses,
    with: { 'role-to-assume': roleArn, 'aws-region': region },
  };
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
  }
  return value;
}

/**
 * Checks what every delivery workflow is given (the GitOps repository is `owner/name`, no
 * environment comes twice, the workflow's name makes a plain file name) and returns the name.
 *
 * @internal
 */
export function checkDeliveryWorkflow(kind: string, options: { gitopsRepository: string; workflowName?: string },
  environments: string[], defaultName: string): string {
  if (!GITHUB_REPOSITORY.test(options.gitopsRepository)) {
    throw propError(kind, kind, 'gitopsRepository', options.gitopsRepository, 'is not a GitHub repository', 'give it as "owner/name", e.g. "acme/gitops"');
  }
  const twice = environments.find((e, i) => environments.indexOf(e) !== i);
  if (twice) {
    throw propError(kind, kind, 'stages', twice, 'names an environment twice', 'give each environment once, in the order a release goes through them');
  }
  const name = options.workflowName ?? defaultName;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
    throw propError(kind, kind, 'workflowName', name, 'is not a file name of lower-case letters, digits and "-"', `name the workflow e.g. "${defaultName}"`);
  }
  return name;
}

/** Writes a workflow to `<directory>/<name>.yml` (creating the directory) and returns the file's path. @internal */
export function writeWorkflowFile(directory: string, name: string, content: string): string {
  const file = path.join(directory, `${name}.yml`);
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
