import * as yaml from 'yaml';
import { deliveryStages } from './stages';
import { actionsUsed, workflowSchemaErrors } from './workflow-schema';
import { PlatformDeliveryWorkflow } from '../../src';

describe('PlatformDeliveryWorkflow', () => {
  const { platformStages } = deliveryStages();
  const text = new PlatformDeliveryWorkflow({ stages: platformStages, gitopsRepository: 'acme/gitops' }).render();
  const workflow = yaml.parse(text);
  const step = (job: string, pattern: RegExp) => workflow.jobs[job].steps.find((s: any) => pattern.test(s.uses ?? '') || pattern.test(s.name ?? ''));

  test('is a valid GitHub workflow (SchemaStore github-workflow.json), every action pinned to a commit', () => {
    expect(workflowSchemaErrors(text)).toEqual([]);
    for (const uses of actionsUsed(text)) {
      expect(uses).toMatch(/@[0-9a-f]{40}$/);
    }
  });

  test('pull requests: cdktf diff of each environment with its read-only plan role', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'] } });
    for (const [env, stage] of [['dev', platformStages[0]], ['prod', platformStages[1]]] as const) {
      const job = workflow.jobs[`diff-${env}`];
      expect(job.if).toBe('github.event_name == \'pull_request\'');
      expect(job.environment).toBeUndefined();
      expect(job.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
      expect(step(`diff-${env}`, /configure-aws-credentials/).with['role-to-assume']).toBe(stage.planRoleArn);
      expect(step(`diff-${env}`, /^cdktf diff$/).run).toBe(`npx cdktf diff platform-${env}\n`);
    }
  });

  test('main: cdktf deploy in order, production behind its GitHub environment, then the YAML to <environment>/platform/', () => {
    expect(workflow.jobs['deploy-dev'].needs).toBeUndefined();
    expect(workflow.jobs['deploy-prod'].needs).toBe('deploy-dev');
    expect(workflow.jobs['deploy-prod'].environment).toBe('production');
    expect(workflow.jobs['deploy-prod'].if).toBe('github.event_name == \'push\'');
    expect(step('deploy-prod', /configure-aws-credentials/).with['role-to-assume']).toBe('arn:aws:iam::123456789012:role/acme-prod-gha-deploy-platform');
    expect(step('deploy-prod', /^cdktf deploy/).run).toBe('npx cdktf deploy --auto-approve platform-prod\n');
    const commit = step('deploy-prod', /^Commit to prod\/platform\/$/).run;
    expect(commit).toContain('cp dist/platform-prod-*.k8s.yaml "gitops/prod/platform/"');
    expect(commit).toContain('git push origin "HEAD:main"');
    expect(step('deploy-prod', /setup-terraform/).with).toEqual({ terraform_version: '1.13.3', terraform_wrapper: false });
    // No job talks to the cluster: the API endpoint stays private.
    expect(text).not.toMatch(/kubectl|update-kubeconfig|helm /);
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });

  test.each([
    ['no stages', () => new PlatformDeliveryWorkflow({ stages: [], gitopsRepository: 'acme/gitops' }), /PlatformDeliveryWorkflow 'PlatformDeliveryWorkflow': 'stages' \(\[\]\) is empty/],
    ['a bad GitOps repository', () => new PlatformDeliveryWorkflow({ stages: platformStages, gitopsRepository: 'acme/*' }), /'gitopsRepository' \('acme\/\*'\) is not a GitHub repository/],
    ['an environment twice', () => new PlatformDeliveryWorkflow({ stages: [platformStages[1], platformStages[1]], gitopsRepository: 'acme/gitops' }), /'stages' \('prod'\) names an environment twice/],
    ['a bad workflow name', () => new PlatformDeliveryWorkflow({ stages: platformStages, gitopsRepository: 'acme/gitops', workflowName: '../x' }), /'workflowName' \('..\/x'\) is not a file name/],
  ])('fails on %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
