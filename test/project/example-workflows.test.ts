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

  test('a delivery replaces only the files its stack wrote last time in the GitOps folder: the team\'s other repositories write there too', () => {
    const text = fs.readFileSync(path.join(SHIPPED, 'acme-shop', 'deliver.yml'), 'utf-8');
    expect(text).not.toMatch(/rm -rf|rm -f "?gitops/);
    for (const env of ['dev', 'prod']) {
      const run: string = Object.values<any>(yaml.parse(text).jobs).flatMap((j) => j.steps)
        .find((st: any) => (st.run ?? '').includes(`gitops/${env}/shop/.shop-${env}.k8s-files`)).run;
      const lines = run.split('\n');
      const at = (fragment: string) => lines.findIndex((l) => l.includes(fragment));
      // the files listed last time go, the new ones come, and the list is written anew
      expect(at(`xargs -r rm -f -- < ".shop-${env}.k8s-files"`)).toBeGreaterThan(-1);
      expect(at(`cp dist/shop-${env}-*.k8s.yaml "gitops/${env}/shop/"`)).toBeGreaterThan(at('xargs -r rm -f'));
      expect(at(`(cd dist && ls shop-${env}-*.k8s.yaml) > "gitops/${env}/shop/.shop-${env}.k8s-files"`)).toBeGreaterThan(at('cp dist/'));
    }
  });

  test('the delivery\'s GitOps step, run in a shell: a stack removes only the files it wrote, not another stack\'s that match its name', () => {
    // GIVEN a GitOps folder with files of stack shop-prod-catalog and of stack shop-prod (last time: a, b)
    const text = fs.readFileSync(path.join(SHIPPED, 'acme-shop', 'deliver.yml'), 'utf-8');
    const run: string = Object.values<any>(yaml.parse(text).jobs).flatMap((j) => j.steps)
      .find((st: any) => (st.run ?? '').includes('.shop-prod.k8s-files')).run;
    const copy = run.split('\n').filter((l) => /k8s-files|^cp |^mkdir/.test(l)).join('\n');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-step-'));
    fs.mkdirSync(path.join(work, 'gitops', 'prod', 'shop'), { recursive: true });
    fs.mkdirSync(path.join(work, 'dist'));
    const folder = path.join(work, 'gitops', 'prod', 'shop');
    for (const f of ['shop-prod-catalog-api.k8s.yaml', 'shop-prod-a.k8s.yaml', 'shop-prod-b.k8s.yaml']) {
      fs.writeFileSync(path.join(folder, f), 'old');
    }
    fs.writeFileSync(path.join(folder, '.shop-prod.k8s-files'), 'shop-prod-a.k8s.yaml\nshop-prod-b.k8s.yaml\n');
    // AND this synthesis writes a and c
    fs.writeFileSync(path.join(work, 'dist', 'shop-prod-a.k8s.yaml'), 'new');
    fs.writeFileSync(path.join(work, 'dist', 'shop-prod-c.k8s.yaml'), 'new');
    // WHEN the step's copy lines run
    execFileSync('bash', ['-e', '-c', copy], { cwd: work });
    // THEN the other stack's file stays, b is gone, a and c are the new ones, and the list is theirs
    expect(fs.readdirSync(folder).sort()).toEqual(['.shop-prod.k8s-files', 'shop-prod-a.k8s.yaml', 'shop-prod-c.k8s.yaml', 'shop-prod-catalog-api.k8s.yaml']);
    expect(fs.readFileSync(path.join(folder, 'shop-prod-catalog-api.k8s.yaml'), 'utf-8')).toBe('old');
    expect(fs.readFileSync(path.join(folder, 'shop-prod-a.k8s.yaml'), 'utf-8')).toBe('new');
    expect(fs.readFileSync(path.join(folder, '.shop-prod.k8s-files'), 'utf-8')).toBe('shop-prod-a.k8s.yaml\nshop-prod-c.k8s.yaml\n');
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
