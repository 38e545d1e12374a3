import { PlatformDeliveryStage } from './ci-identity';
import { DeliveryWorkflowOptions } from './delivery-workflow-options';
import { gitopsFolder, PLATFORM_TEAM_FOLDER } from '../private/contract';
import { PLATFORM_DELIVERY_WORKFLOW_PROPS } from '../private/delivery-prop-types';
import { propError } from '../private/errors';
import { awsCredentialsStep, checkDeliveryWorkflow, gitopsSteps, nodeSteps, renderWorkflow, RUNNER, setupTerraformStep, writeWorkflowFile } from '../private/github-actions';
import { checkProps } from '../private/prop-types';

const DEFAULT_NAME = 'platform';
const KIND = 'PlatformDeliveryWorkflow';

/**
 * Properties for `PlatformDeliveryWorkflow`; the platform's YAML goes to
 * `<environment>/platform/` of the GitOps repository. `workflowName` defaults to 'platform'.
 */
export interface PlatformDeliveryWorkflowProps extends DeliveryWorkflowOptions {
  /**
   * The platform's environments, in deploy order (e.g. dev, staging, prod), each from
   * `CiIdentity.addPlatformRepository()` of that environment.
   */
  readonly stages: PlatformDeliveryStage[];
}

/**
 * The GitHub Actions workflow of the platform repository, from the same definition as its roles
 * (`CiIdentity.addPlatformRepository()` stages): on a pull request, `cdktf diff` of every
 * environment with its read-only plan role; on a push to the main branch, `cdktf deploy` of each
 * environment in order, each job in the environment's GitHub environment (give production
 * required reviewers: the deploy role trusts only jobs of that environment, so no approval, no
 * credentials), then the platform's YAML (`cdk8s synth`) committed to the GitOps repository's
 * `<environment>/platform/` folder, which Argo CD applies inside the cluster. No job needs to
 * reach the cluster's API, so the endpoint can stay private.
 *
 * Every action is pinned to a commit; AWS access is OIDC only (`id-token: write`).
 */
export class PlatformDeliveryWorkflow {
  /** The stages, in order. */
  public readonly stages: PlatformDeliveryStage[];
  /** The workflow's name. */
  public readonly workflowName: string;
  private readonly props: PlatformDeliveryWorkflowProps;

  public constructor(props: PlatformDeliveryWorkflowProps) {
    checkProps(KIND, KIND, props, PLATFORM_DELIVERY_WORKFLOW_PROPS);
    if (props.stages.length === 0) {
      throw propError(KIND, KIND, 'stages', [], 'is empty', 'give the platform\'s environments, from CiIdentity.addPlatformRepository()');
    }
    this.workflowName = checkDeliveryWorkflow(KIND, props, props.stages.map((s) => s.environment), DEFAULT_NAME);
    this.stages = [...props.stages];
    this.props = props;
  }

  /**
   * Writes the workflow to `<directory>/<workflowName>.yml` (creating the directory) and returns
   * the file's path. Copy it to `.github/workflows/` of the platform repository, or write it there.
   */
  public writeFile(directory: string): string {
    return writeWorkflowFile(directory, this.workflowName, this.render());
  }

  /** The workflow file's content (YAML), for `.github/workflows/<workflowName>.yml`. */
  public render(): string {
    const p = this.props;
    const dir = p.workingDirectory ?? '.';
    const branch = p.branch ?? 'main';
    const workdir = dir === '.' ? undefined : dir;
    const terraform = setupTerraformStep();
    const jobs: Record<string, unknown> = {};
    for (const stage of this.stages) {
      jobs[`diff-${stage.environment}`] = {
        'name': `Plan ${stage.environment}`,
        'if': 'github.event_name == \'pull_request\'',
        'runs-on': RUNNER,
        'permissions': { 'contents': 'read', 'id-token': 'write' },
        'steps': [
          ...nodeSteps(dir),
          terraform,
          awsCredentialsStep(stage.planRoleArn, stage.region),
          {
            'name': 'cdktf diff',
            'working-directory': workdir,
            'run': stage.stacks.map((s) => `npx cdktf diff ${s}`).join('\n') + '\n',
          },
        ],
      };
    }
    let previous: string | undefined;
    for (const stage of this.stages) {
      const job = `deploy-${stage.environment}`;
      jobs[job] = {
        'name': `Deploy ${stage.environment}`,
        'if': 'github.event_name == \'push\'',
        'needs': previous,
        'runs-on': RUNNER,
        // The deploy role trusts this GitHub environment only: its required reviewers gate the credentials.
        'environment': stage.githubEnvironment,
        'permissions': { 'contents': 'read', 'id-token': 'write' },
        'concurrency': { 'group': `${this.workflowName}-${stage.environment}`, 'cancel-in-progress': false },
        'steps': [
          ...nodeSteps(dir),
          terraform,
          awsCredentialsStep(stage.deployRoleArn, stage.region),
          {
            'name': 'cdktf deploy (cloud resources)',
            'working-directory': workdir,
            'run': `npx cdktf deploy --auto-approve ${stage.stacks.join(' ')}\n`,
          },
          {
            'name': 'Synthesize the platform\'s YAML',
            'working-directory': workdir,
            'run': 'npx cdk8s synth --no-check-upgrade',
          },
          ...gitopsSteps({
            gitopsRepository: p.gitopsRepository,
            gitopsBranch: p.gitopsBranch ?? 'main',
            folder: gitopsFolder(stage.environment, PLATFORM_TEAM_FOLDER),
            dist: `${dir === '.' ? '' : `${dir}/`}dist`,
            stacks: stage.stacks,
            message: `platform: deploy \${GITHUB_SHA::7} to ${stage.environment}`,
            pullRequest: false,
            pullRequestBranch: '',
            pullRequestBody: '',
          }),
        ],
      };
      previous = job;
    }
    return renderWorkflow([
      `Generated by cdk-paved-road (PlatformDeliveryWorkflow): cdktf diff on pull requests to ${branch}, cdktf deploy`,
      `on pushes to it, through ${this.stages.map((s) => `${s.environment} (GitHub environment ${s.githubEnvironment})`).join(', ')}; the platform's`,
      `YAML goes to ${p.gitopsRepository}. Copy to .github/workflows/ of the platform repository; regenerate rather than edit.`,
    ], {
      name: this.workflowName,
      on: { pull_request: { branches: [branch] }, push: { branches: [branch] } },
      permissions: { contents: 'read' },
      concurrency: { 'group': `${this.workflowName}-\${{ github.ref }}`, 'cancel-in-progress': false },
      env: { CHECKPOINT_DISABLE: '1' },
      jobs,
    });
  }
}
