import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { actionsUsed, workflowSchemaErrors } from '../delivery/workflow-schema';
import { filesUnder } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'platform');
const SHIPPED = path.join(EXAMPLE, 'workflows');

// examples/platform/main.ts writes the workflows from the same stages as its roles; the files
// shipped next to it must be what it writes now, and valid workflows that use OIDC.
describe('examples/platform workflows', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'example-workflows-'));
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: EXAMPLE,
    stdio: 'pipe',
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      WORKFLOW_OUTDIR: path.join(out, 'workflows'),
      CDKTF_OUTDIR: path.join(out, 'cdktf.out'),
      CDK8S_OUTDIR: path.join(out, 'dist'),
    },
  });
  const generated = filesUnder(path.join(out, 'workflows')).map((f) => path.relative(path.join(out, 'workflows'), f)).sort();

  test('the shipped files are the generated ones (regenerate with `npm run examples`)', () => {
    expect(generated).toEqual(['acme-platform/platform.yml', 'acme-shop/deliver.yml']);
    for (const file of generated) {
      expect(fs.readFileSync(path.join(SHIPPED, file), 'utf-8')).toBe(fs.readFileSync(path.join(out, 'workflows', file), 'utf-8'));
    }
  });

  test('a delivery replaces only its own stack\'s files in the GitOps folder: the team\'s other repositories write there too', () => {
    const text = fs.readFileSync(path.join(SHIPPED, 'acme-shop', 'deliver.yml'), 'utf-8');
    expect(text).not.toMatch(/rm -rf/);
    expect(text).toContain('rm -f "gitops/dev/shop"/shop-dev-*.k8s.yaml');
    expect(text).toContain('rm -f "gitops/prod/shop"/shop-prod-*.k8s.yaml');
  });

  test('a delivery run again after its push pushes nothing: it looks for the tag first (ECR refuses an immutable tag twice)', () => {
    const text = fs.readFileSync(path.join(SHIPPED, 'acme-shop', 'deliver.yml'), 'utf-8');
    const push = Object.values<any>(yaml.parse(text).jobs).flatMap((j) => j.steps).filter((s: any) => /docker push/.test(s.run ?? ''));
    expect(push.length).toBe(2);
    for (const step of push) {
      const lines: string[] = step.run.split('\n');
      const describe = lines.findIndex((l) => l.includes('aws ecr describe-images --repository-name "${REGISTRY#*/}/$svc" --image-ids "imageTag=$IMAGE_TAG"'));
      expect(describe).toBeGreaterThan(-1);
      expect(lines.findIndex((l) => l.includes('docker push'))).toBeGreaterThan(describe);
    }
  });

  test('the platform workflow delivers YAML this program writes, for every environment it deploys', () => {
    // Each deploy job copies dist/<stack>-*.k8s.yaml to the GitOps folder; a stage whose stack has
    // no charts would fail the job (and stop every later environment).
    const text = fs.readFileSync(path.join(SHIPPED, 'acme-platform', 'platform.yml'), 'utf-8');
    const prefixes = [...text.matchAll(/dist\/([a-z0-9-]+)-\*\.k8s\.yaml/g)].map((m) => m[1]);
    expect([...new Set(prefixes)].sort()).toEqual(['platform-dev', 'platform-prod']);
    const written = fs.readdirSync(path.join(out, 'dist'));
    for (const prefix of prefixes) {
      expect({ prefix, files: written.filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.k8s.yaml')).length > 0 }).toEqual({ prefix, files: true });
    }
  });

  test.each(['acme-platform/platform.yml', 'acme-shop/deliver.yml'])('%s: valid (SchemaStore schema), pinned actions, OIDC roles of the example\'s Terraform', (file) => {
    const text = fs.readFileSync(path.join(SHIPPED, file), 'utf-8');
    expect(workflowSchemaErrors(text)).toEqual([]);
    for (const uses of actionsUsed(text)) {
      expect(uses).toMatch(/@[0-9a-f]{40}$/);
    }
    const roleNames = ['platform-dev', 'platform-prod'].flatMap((stack) => {
      const json = JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf-8'));
      return Object.values<any>(json.resource.aws_iam_role).map((r) => r.name);
    });
    const jobs = Object.values<any>(yaml.parse(text).jobs);
    const assumed = jobs.flatMap((j) => j.steps.filter((s: any) => /configure-aws-credentials/.test(s.uses ?? '')).map((s: any) => s.with['role-to-assume']));
    expect(assumed.length).toBeGreaterThan(0);
    for (const arn of assumed) {
      expect(roleNames).toContain(arn.split(':role/')[1]);
    }
    for (const job of jobs.filter((j) => j.steps.some((s: any) => /configure-aws-credentials/.test(s.uses ?? '')))) {
      expect(job.permissions['id-token']).toBe('write');
    }
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });
});
