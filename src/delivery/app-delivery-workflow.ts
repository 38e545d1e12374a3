import { AppDeliveryStage, Promotion } from './ci-identity';
import { DeliveryWorkflowOptions } from './delivery-workflow-options';
import { gitopsFolder } from '../private/contract';
import { APP_DELIVERY_WORKFLOW_PROPS } from '../private/delivery-prop-types';
import { propError } from '../private/errors';
import { ACTIONS, awsCredentialsStep, checkDeliveryWorkflow, gitopsSteps, nodeSteps, renderWorkflow, RUNNER, setupTerraformStep, writeWorkflowFile } from '../private/github-actions';
import { checkProps } from '../private/prop-types';

const DEFAULT_NAME = 'deliver';
const KIND = 'AppDeliveryWorkflow';

/**
 * Properties for `AppDeliveryWorkflow`. The program in `workingDirectory` reads the image tag from
 * the `IMAGE_TAG` environment variable; `workflowName` defaults to 'deliver'.
 */
export interface AppDeliveryWorkflowProps extends DeliveryWorkflowOptions {
  /**
   * The environments a release goes through, in order (e.g. dev, staging, prod), each from
   * `CiIdentity.addAppRepository()` of that environment; all of one team and the same services.
   */
  readonly stages: AppDeliveryStage[];
  /**
   * Directory holding one Docker build context per service (`<dir>/<service>`).
   * @default 'services'
   */
  readonly servicesDirectory?: string;
}

/**
 * The GitHub Actions workflow of an application repository, from the same definition as its
 * deploy roles (`CiIdentity.addAppRepository()` stages): on every push to the main branch it
 * builds each service's image once, tagged with the commit SHA, then for each environment in
 * order applies the app's Terraform where the stage says so (`cdktf deploy` of the app's stack:
 * the ECR repositories, roles and databases the services need), pushes the images to that
 * environment's ECR repositories with the environment's role
 * (OIDC, `id-token: write`, no stored AWS keys), synthesizes the YAML (`cdk8s synth`) and writes
 * it to the environment's folder of the GitOps repository (`<environment>/<team>/`): a commit
 * where the stage's promotion is `COMMIT` (development), a pull request where it is
 * `PULL_REQUEST` (staging, production), whose merge is the promotion. Argo CD does the rest.
 *
 * Every action is pinned to a commit. Writing to the GitOps repository takes a GitHub App
 * (variable `GITOPS_APP_CLIENT_ID`, secret `GITOPS_APP_PRIVATE_KEY`) whose installation tokens
 * last an hour; AWS access needs no secret at all.
 *
 * @example
 * const yaml = new AppDeliveryWorkflow({ stages: [dev.stage, prod.stage], gitopsRepository: 'acme/gitops' }).render();
 */
export class AppDeliveryWorkflow {
  /** The stages, in order. */
  public readonly stages: AppDeliveryStage[];
  /** The workflow's name. */
  public readonly workflowName: string;
  private readonly props: AppDeliveryWorkflowProps;

  public constructor(props: AppDeliveryWorkflowProps) {
    checkProps(KIND, KIND, props, APP_DELIVERY_WORKFLOW_PROPS);
    if (props.stages.length === 0) {
      throw propError(KIND, KIND, 'stages', [], 'is empty', 'give the environments a release goes through, from CiIdentity.addAppRepository()');
    }
    const [first] = props.stages;
    for (const stage of props.stages) {
      if (stage.team !== first.team || stage.services.join(',') !== first.services.join(',')) {
        throw propError(KIND, KIND, 'stages', stage.environment, `is for team '${stage.team}' and services ${stage.services.join(', ')}, unlike the first stage (team '${first.team}', services ${first.services.join(', ')})`,
          'give the stages of one application repository: one team, the same services in every environment');
      }
    }
    this.workflowName = checkDeliveryWorkflow(KIND, props, props.stages.map((s) => s.environment), DEFAULT_NAME);
    this.stages = [...props.stages];
    this.props = props;
  }

  /**
   * Writes the workflow to `<directory>/<workflowName>.yml` (creating the directory) and returns
   * the file's path. Copy it to `.github/workflows/` of the application repository, or write it there.
   */
  public writeFile(directory: string): string {
    return writeWorkflowFile(directory, this.workflowName, this.render());
  }

  /** The workflow file's content (YAML), for `.github/workflows/<workflowName>.yml`. */
  public render(): string {
    const p = this.props;
    const dir = p.workingDirectory ?? '.';
    const servicesDir = p.servicesDirectory ?? 'services';
    const [first] = this.stages;
    const services = first.services;
    const team = first.team;
    // Pull requests get a plan of the app's Terraform where a stage has a plan role; everything else runs on pushes.
    const plans = this.stages.filter((s) => s.planRoleArn);
    const onPush = plans.length > 0 ? { if: 'github.event_name == \'push\'' } : {};
    const terraform = setupTerraformStep();
    const jobs: Record<string, unknown> = {};
    for (const stage of plans) {
      jobs[`diff-${stage.environment}`] = {
        'name': `Plan ${stage.environment}'s cloud resources`,
        'if': 'github.event_name == \'pull_request\'',
        'runs-on': RUNNER,
        'permissions': { 'contents': 'read', 'id-token': 'write' },
        'steps': [
          ...nodeSteps(dir),
          terraform,
          awsCredentialsStep(stage.planRoleArn!, stage.region),
          { 'name': `cdktf diff ${stage.appStack}`, 'working-directory': dir === '.' ? undefined : dir, 'run': `npx cdktf diff ${stage.appStack}\n` },
        ],
      };
    }
    jobs.build = {
      ...onPush,
      'name': 'Build the images',
      'runs-on': RUNNER,
      'permissions': { contents: 'read' },
      'steps': [
        { uses: ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
        {
          name: 'Build each image once, tagged with the commit',
          run: [
            'mkdir -p images',
            `for svc in ${services.join(' ')}; do`,
            `  docker build --tag "local/$svc:$IMAGE_TAG" "${servicesDir}/$svc"`,
            'done',
            `docker save --output images/images.tar ${services.map((s) => `"local/${s}:$IMAGE_TAG"`).join(' ')}`,
          ].join('\n') + '\n',
        },
        {
          uses: ACTIONS.uploadArtifact.uses,
          with: { 'name': 'images', 'path': 'images/images.tar', 'retention-days': 7, 'if-no-files-found': 'error' },
        },
      ],
    };
    let previous = 'build';
    for (const stage of this.stages) {
      const job = `deliver-${stage.environment}`;
      const pullRequest = stage.promotion === Promotion.PULL_REQUEST;
      const folder = gitopsFolder(stage.environment, team);
      jobs[job] = {
        ...onPush,
        'name': `${pullRequest ? 'Promote to' : 'Deliver to'} ${stage.environment}`,
        'needs': previous,
        'runs-on': RUNNER,
        // The role trusts this GitHub environment only; give production's required reviewers.
        'environment': stage.githubEnvironment,
        'permissions': { 'contents': 'read', 'id-token': 'write' },
        'concurrency': { 'group': `${this.workflowName}-${stage.environment}`, 'cancel-in-progress': false },
        'steps': [
          ...nodeSteps(dir),
          { uses: ACTIONS.downloadArtifact.uses, with: { name: 'images', path: 'images' } },
          awsCredentialsStep(stage.roleArn, stage.region),
          ...(stage.deploysTerraform ? [
            terraform,
            {
              // First, so that the ECR repositories the images go to exist.
              'name': `Apply ${stage.environment}'s cloud resources (cdktf deploy ${stage.appStack})`,
              'working-directory': dir === '.' ? undefined : dir,
              'run': `npx cdktf deploy --auto-approve ${stage.appStack}\n`,
            },
          ] : []),
          {
            name: `Push the images to ${stage.environment}'s registry`,
            env: { REGISTRY: stage.registry },
            run: [
              'docker load --input images/images.tar',
              'aws ecr get-login-password | docker login --username AWS --password-stdin "${REGISTRY%%/*}"',
              `for svc in ${services.join(' ')}; do`,
              // Tags are immutable: a job run again after its push pushes nothing (ECR refuses the same tag twice).
              '  if aws ecr describe-images --repository-name "${REGISTRY#*/}/$svc" --image-ids "imageTag=$IMAGE_TAG" >/dev/null 2>&1; then',
              '    echo "$svc:$IMAGE_TAG is in the registry already"; continue',
              '  fi',
              '  docker tag "local/$svc:$IMAGE_TAG" "$REGISTRY/$svc:$IMAGE_TAG"',
              '  docker push "$REGISTRY/$svc:$IMAGE_TAG"',
              'done',
            ].join('\n') + '\n',
          },
          {
            'name': 'Synthesize the YAML (main.ts reads IMAGE_TAG)',
            'working-directory': dir === '.' ? undefined : dir,
            'run': 'npx cdk8s synth --no-check-upgrade',
          },
          ...gitopsSteps({
            gitopsRepository: p.gitopsRepository,
            gitopsBranch: p.gitopsBranch ?? 'main',
            folder,
            dist: `${dir === '.' ? '' : `${dir}/`}dist`,
            stacks: [stage.appStack],
            message: `${team}: ${pullRequest ? 'promote' : 'deliver'} \${IMAGE_TAG::7} to ${stage.environment}`,
            pullRequest,
            pullRequestBranch: `promote/${stage.environment}/${team}-\${IMAGE_TAG::7}`,
            pullRequestBody: `Release \${IMAGE_TAG} of ${team} (${services.join(', ')}). Merging this pull request promotes it to ${stage.environment}; Argo CD then syncs ${folder}/.`,
          }),
        ],
      };
      previous = job;
    }
    return renderWorkflow([
      `Generated by cdk-paved-road (AppDeliveryWorkflow): ${team}'s services from a push to ${p.branch ?? 'main'} to`,
      `the GitOps repository ${p.gitopsRepository}, through ${this.stages.map((s) => `${s.environment} (${s.promotion === Promotion.PULL_REQUEST ? 'pull request' : 'commit'})`).join(', ')}.`,
      'Copy to .github/workflows/ of the application repository; regenerate rather than edit.',
    ], {
      name: this.workflowName,
      on: plans.length > 0
        ? { push: { branches: [p.branch ?? 'main'] }, pull_request: { branches: [p.branch ?? 'main'] } }
        : { push: { branches: [p.branch ?? 'main'] } },
      permissions: { contents: 'read' },
      env: { IMAGE_TAG: '${{ github.sha }}', CHECKPOINT_DISABLE: '1' },
      jobs,
    });
  }
}
