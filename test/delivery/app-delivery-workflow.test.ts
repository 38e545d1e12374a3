import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { AppDeliveryWorkflow, Promotion } from '../../src';
import { resources, synthAll } from '../util';
import { deliveryStages } from './stages';
import { actionsUsed, workflowSchemaErrors } from './workflow-schema';

function stepOf(job: any, pattern: RegExp): any {
  const step = job.steps.find((s: any) => pattern.test(s.uses ?? '') || pattern.test(s.name ?? ''));
  if (!step) {
    throw new Error(`no step matches ${pattern}`);
  }
  return step;
}

describe('AppDeliveryWorkflow', () => {
  const { app, appStages } = deliveryStages();
  const text = new AppDeliveryWorkflow({ stages: appStages, gitopsRepository: 'acme/gitops' }).render();
  const workflow = yaml.parse(text);

  test('is a valid GitHub workflow (SchemaStore github-workflow.json)', () => {
    expect(workflowSchemaErrors(text)).toEqual([]);
  });

  test('the schema check can fail: a misspelt key and a bad permission level are reported', () => {
    const broken = text.replace('runs-on:', 'run-on:').replace('id-token: write', 'id-token: writ');
    expect(workflowSchemaErrors(broken).length).toBeGreaterThan(0);
  });

  test('OIDC only: id-token write on the deploy jobs, each assumes its environment\'s role, no stored AWS keys', () => {
    const { tf } = synthAll(app);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' });
    for (const [env, stage] of [['dev', appStages[0]], ['prod', appStages[1]]] as const) {
      const job = workflow.jobs[`deliver-${env}`];
      expect(job.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
      expect(job.environment).toBe(env);
      const creds = stepOf(job, /^aws-actions\/configure-aws-credentials@/);
      expect(creds.with).toEqual({ 'role-to-assume': stage.roleArn, 'aws-region': 'eu-west-1' });
      // The role the workflow names is the role the Terraform creates, trusting this environment.
      const role = resources(tf[`platform-${env}`], 'aws_iam_role').find((r) => stage.roleArn.endsWith(`:role/${r.name}`));
      expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'])
        .toEqual([`repo:acme/shop:environment:${env}`]);
    }
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/);
  });

  test('every action is pinned to a full commit SHA, with its tag in a comment', () => {
    const used = actionsUsed(text);
    expect(used.length).toBeGreaterThan(5);
    for (const uses of used) {
      expect(uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    }
    expect(text).toMatch(/uses: actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+$/m);
  });

  test('builds once, tagged with the commit; pushes the same images to each environment\'s registry', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.env.IMAGE_TAG).toBe('${{ github.sha }}');
    expect(stepOf(workflow.jobs.build, /Build each image/).run).toContain('docker build --tag "local/$svc:$IMAGE_TAG" "services/$svc"');
    expect(workflow.jobs['deliver-dev'].needs).toBe('build');
    expect(workflow.jobs['deliver-prod'].needs).toBe('deliver-dev');
    const push = stepOf(workflow.jobs['deliver-prod'], /Push the images/);
    expect(push.env.REGISTRY).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod');
    expect(push.run).toContain('docker push "$REGISTRY/$svc:$IMAGE_TAG"');
    expect(stepOf(workflow.jobs['deliver-prod'], /Synthesize/).run).toBe('npx cdk8s synth --no-check-upgrade');
  });

  test('development gets a commit to dev/shop/, production a pull request for prod/shop/ (the promotion)', () => {
    expect(appStages.map((s) => s.promotion)).toEqual([Promotion.COMMIT, Promotion.PULL_REQUEST]);
    const commit = stepOf(workflow.jobs['deliver-dev'], /^Commit to dev\/shop\/$/).run;
    expect(commit).toContain('cp dist/shop-dev-*.k8s.yaml "gitops/dev/shop/"');
    expect(commit).toContain('git push origin "HEAD:main"');
    expect(commit).not.toContain('gh pr create');
    const pr = stepOf(workflow.jobs['deliver-prod'], /^Open a pull request for prod\/shop\/$/);
    expect(pr.run).toContain('cp dist/shop-prod-*.k8s.yaml "gitops/prod/shop/"');
    expect(pr.run).toContain('gh pr create --repo "acme/gitops" --base "main" --head "promote/prod/shop-${IMAGE_TAG::7}"');
    expect(pr.env.GH_TOKEN).toBe('${{ steps.gitops-token.outputs.token }}');
    const token = stepOf(workflow.jobs['deliver-prod'], /create-github-app-token/);
    expect(token.with).toMatchObject({ 'owner': 'acme', 'repositories': 'gitops', 'permission-contents': 'write', 'permission-pull-requests': 'write' });
  });

  test('without deploysTerraform no Terraform step; with it, cdktf deploy of the app stack comes before the images are pushed', () => {
    expect(workflow.jobs['deliver-prod'].steps.filter((s: any) => /cdktf|setup-terraform/.test(`${s.run ?? ''}${s.uses ?? ''}`))).toEqual([]);
    const deploying = yaml.parse(new AppDeliveryWorkflow({
      stages: appStages.map((s) => ({ ...s, deploysTerraform: true })), gitopsRepository: 'acme/gitops', workingDirectory: 'deploy',
    }).render());
    for (const env of ['dev', 'prod']) {
      const steps = deploying.jobs[`deliver-${env}`].steps;
      const deploy = steps.findIndex((s: any) => /cdktf deploy/.test(s.run ?? ''));
      expect(steps[deploy]).toMatchObject({ 'working-directory': 'deploy', 'run': `npx cdktf deploy --auto-approve shop-${env}\n` });
      expect(steps.findIndex((s: any) => /aws-actions\/configure-aws-credentials/.test(s.uses ?? ''))).toBeLessThan(deploy);
      expect(steps.findIndex((s: any) => /hashicorp\/setup-terraform/.test(s.uses ?? ''))).toBeLessThan(deploy);
      expect(steps.findIndex((s: any) => /Push the images/.test(s.name ?? ''))).toBeGreaterThan(deploy);
    }
    expect(workflowSchemaErrors(yaml.stringify(deploying))).toEqual([]);
  });

  test('with plan roles: pull requests run only cdktf diff per environment with its plan role; builds and deliveries run only on pushes', () => {
    expect(workflow.on.pull_request).toBeUndefined();
    const planning = yaml.parse(new AppDeliveryWorkflow({
      stages: appStages.map((s) => ({ ...s, deploysTerraform: true, planRoleArn: s.roleArn.replace('gha-app-', 'gha-app-plan-') })), gitopsRepository: 'acme/gitops',
    }).render());
    expect(planning.on).toEqual({ push: { branches: ['main'] }, pull_request: { branches: ['main'] } });
    for (const env of ['dev', 'prod']) {
      const diff = planning.jobs[`diff-${env}`];
      expect(diff.if).toBe('github.event_name == \'pull_request\'');
      expect(diff.environment).toBeUndefined();
      expect(stepOf(diff, /configure-aws-credentials/).with['role-to-assume']).toMatch(new RegExp(`:role/acme-${env}-gha-app-plan-shop$`));
      expect(stepOf(diff, /cdktf diff/).run).toBe(`npx cdktf diff shop-${env}\n`);
      expect(planning.jobs[`deliver-${env}`].if).toBe('github.event_name == \'push\'');
    }
    expect(planning.jobs.build.if).toBe('github.event_name == \'push\'');
    expect(workflowSchemaErrors(yaml.stringify(planning))).toEqual([]);
  });

  test('writeFile writes <directory>/<workflowName>.yml', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
    const file = new AppDeliveryWorkflow({ stages: appStages, gitopsRepository: 'acme/gitops', workflowName: 'shop', workingDirectory: 'deploy' }).writeFile(path.join(dir, 'x'));
    expect(file).toBe(path.join(dir, 'x', 'shop.yml'));
    const written = fs.readFileSync(file, 'utf-8');
    expect(workflowSchemaErrors(written)).toEqual([]);
    expect(written).toContain('cp deploy/dist/shop-dev-*.k8s.yaml');
  });

  test.each([
    ['no stages', () => new AppDeliveryWorkflow({ stages: [], gitopsRepository: 'acme/gitops' }), /AppDeliveryWorkflow 'AppDeliveryWorkflow': 'stages' \(\[\]\) is empty/],
    ['a bad GitOps repository', () => new AppDeliveryWorkflow({ stages: appStages, gitopsRepository: 'gitops' }), /'gitopsRepository' \('gitops'\) is not a GitHub repository; give it as "owner\/name"/],
    ['an environment twice', () => new AppDeliveryWorkflow({ stages: [appStages[0], appStages[0]], gitopsRepository: 'acme/gitops' }), /'stages' \('dev'\) names an environment twice/],
    ['two teams', () => new AppDeliveryWorkflow({ stages: [appStages[0], { ...appStages[1], team: 'payments' }], gitopsRepository: 'acme/gitops' }),
      /'stages' \('prod'\) is for team 'payments' and services checkout, orders, unlike the first stage \(team 'shop'/],
    ['a bad workflow name', () => new AppDeliveryWorkflow({ stages: appStages, gitopsRepository: 'acme/gitops', workflowName: 'My Flow' }), /'workflowName' \('My Flow'\) is not a file name/],
  ])('fails on %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
