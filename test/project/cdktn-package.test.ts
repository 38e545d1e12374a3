import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { workflowSchemaErrors } from '../delivery/workflow-schema';

// CDK Terrain (cdktn) is supported as a second package built from the same source
// (compat/cdktn/: build.mjs rewrites the source with rewrite.cjs, test.sh runs this suite on it,
// compare.mjs compares the examples' outputs on both engines). This file checks the mapping and the
// wiring; the suite itself runs on cdktn in `.ci/run`. build.mjs leaves this file out of the cdktn
// build, which does not hold compat/, .ci/ or .github/.
const ROOT = path.resolve(__dirname, '..', '..');
const COMPAT = path.join(ROOT, 'compat', 'cdktn');
/** compat/cdktn/rewrite.cjs, plain CommonJS (build.mjs and compare.mjs use it too). */
interface CdktnMapping {
  readonly PACKAGE_NAME: string;
  readonly PEERS: { [name: string]: string };
  cdktnManifest(main: any, compat: any): any;
  rewriteSource(text: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PACKAGE_NAME, PEERS, cdktnManifest, rewriteSource }: CdktnMapping = require(path.join(COMPAT, 'rewrite.cjs'));
const MAIN = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const COMPAT_MANIFEST = JSON.parse(fs.readFileSync(path.join(COMPAT, 'package.json'), 'utf-8'));

describe('the source rewrite (cdktf -> cdktn)', () => {
  test.each([
    ["import { App, TerraformStack } from 'cdktf';", "import { App, TerraformStack } from 'cdktn';"],
    ["import { Vpc } from '@cdktf/provider-aws/lib/vpc';", "import { Vpc } from '@cdktn/provider-aws/lib/vpc';"],
    ["return (require('cdktf') as typeof import('cdktf')).Token;", "return (require('cdktn') as typeof import('cdktn')).Token;"],
    ["const TOOLS = ['typescript', 'cdktf-cli', 'cdk8s-cli'];", "const TOOLS = ['typescript', 'cdktn-cli', 'cdk8s-cli'];"],
    ["'run': `npx cdktf deploy --auto-approve ${stacks}`,", "'run': `npx cdktn deploy --auto-approve ${stacks}`,"],
    ["path.join(ROOT, 'node_modules', '.bin', 'cdktf')", "path.join(ROOT, 'node_modules', '.bin', 'cdktn')"],
    ["expect(added).toContain('dependencies.cdktf');", "expect(added).toContain('dependencies.cdktn');"],
    ['/node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/', '/node_modules[\\\\/](cdktn|@cdktn)[\\\\/]/'],
  ])('%s', (cdktf, cdktn) => {
    expect(rewriteSource(cdktf)).toBe(cdktn);
  });

  test('keeps what CDK Terrain kept: cdktf.json, cdktf.out/, the CDKTF_ variables, and identifiers that contain the word', () => {
    const kept = "const out = process.env.CDKTF_OUTDIR ?? 'cdktf.out/stacks'; read('cdktf.json'); cdktfToken(); '${TfToken[TOKEN.1]}'; mycdktf";
    expect(rewriteSource(kept)).toBe(kept);
  });

  test('maps every provider import of src/ to the same deep path in @cdktn/provider-aws, and leaves no cdktf module', () => {
    // GIVEN every source file
    const files = (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'src', f), 'utf-8'));
    const specifiers = (text: string) => [...text.matchAll(/(?:from |require\(|import\()'([^']+)'/g)].map((m) => m[1]);

    // WHEN rewritten
    const before = files.flatMap(specifiers);
    const after = files.map(rewriteSource).flatMap(specifiers);

    // THEN module for module: cdktf -> cdktn, @cdktf/provider-aws/lib/<x> -> @cdktn/provider-aws/lib/<x>, the rest unchanged
    expect(before.filter((s) => s.startsWith('@cdktf/provider-aws/lib/')).length).toBeGreaterThan(40);
    expect(after).toEqual(before.map((s) => s.replace(/^@cdktf\//, '@cdktn/').replace(/^cdktf$/, 'cdktn')));
    expect(after.filter((s) => /cdktf/.test(s))).toEqual([]);
  });
});

describe('the cdktn package manifest', () => {
  const manifest = cdktnManifest(MAIN, COMPAT_MANIFEST);

  test('is cdk-paved-road under its own name, with the same version, entry points and jsii settings', () => {
    expect(PACKAGE_NAME).toBe('cdk-paved-road-cdktn');
    expect(manifest.name).toBe('cdk-paved-road-cdktn');
    expect(manifest).toMatchObject({
      version: MAIN.version, main: MAIN.main, types: MAIN.types, jsii: MAIN.jsii, bin: MAIN.bin, license: MAIN.license,
    });
    expect(manifest.engines).toEqual({ node: '>= 22.19.0' });
  });

  test('names cdktn\'s packages as peers (constructs below 10.8, as cdktn 0.24 needs) and keeps cdk8s\'s', () => {
    expect(manifest.peerDependencies).toEqual({
      'cdktn': '~0.24.0',
      '@cdktn/provider-aws': '^25.0.0',
      'constructs': '>=10.6.0 <10.8.0',
      'cdk8s': MAIN.peerDependencies.cdk8s,
      'cdk8s-plus-27': MAIN.peerDependencies['cdk8s-plus-27'],
    });
    expect(JSON.stringify(manifest)).not.toMatch(/cdktf(?!\.json|\.out)/);
  });

  test('pins the tools at the versions the cdktn suite runs with (init copies them into new repositories)', () => {
    for (const name of ['cdktn', '@cdktn/provider-aws', 'cdktn-cli', 'constructs', 'typescript', 'ts-node', '@types/node', 'cdk8s-cli']) {
      expect(manifest.devDependencies[name]).toBe(COMPAT_MANIFEST.devDependencies[name]);
    }
  });

  test('a peer that compat/cdktn/package.json does not install fails the build, naming it', () => {
    const { cdktn: _, ...withoutCdktn } = COMPAT_MANIFEST.devDependencies;
    expect(() => cdktnManifest(MAIN, { devDependencies: withoutCdktn })).toThrow(
      "cdktn build: peer 'cdktn' is not in compat/cdktn/package.json, so the cdktn suite would not run against it; add it to its devDependencies (within '~0.24.0') and run npm install there");
  });
});

describe('compat/cdktn installs from its lockfiles', () => {
  test('compat/cdktn/package.json installs every peer within the range the package names', () => {
    expect(Object.keys(PEERS).filter((name) => !COMPAT_MANIFEST.devDependencies[name])).toEqual([]);
    const lock = JSON.parse(fs.readFileSync(path.join(COMPAT, 'package-lock.json'), 'utf-8'));
    expect(lock.packages['node_modules/cdktn'].version).toMatch(/^0\.24\./);
    expect(lock.packages['node_modules/@cdktn/provider-aws'].version).toMatch(/^25\./);
    expect(lock.packages['node_modules/constructs'].version).toMatch(/^10\.[67]\./);
    expect(lock.packages['node_modules/cdktf']).toBeUndefined();
  });

  test.each(['package-lock.json', 'node/package-lock.json'])('%s records no download URLs (as the main lockfile)', (file) => {
    expect(fs.readFileSync(path.join(COMPAT, file), 'utf-8')).not.toMatch(/"resolved"/);
  });

  test('Node 22 comes from the npm node package, pinned, at 22.19 or later', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(COMPAT, 'node', 'package-lock.json'), 'utf-8'));
    const [major, minor] = lock.packages['node_modules/node'].version.split('.').map(Number);
    expect(major === 22 ? minor >= 19 : major > 22).toBe(true);
  });

  test('install.sh uses npm ci and nothing else', () => {
    const script = fs.readFileSync(path.join(COMPAT, 'install.sh'), 'utf-8');
    expect(script).toMatch(/npm ci --no-audit --no-fund/);
    expect(script).not.toMatch(/npm install|\|\|\s*true/);
  });
});

test('.ci/run runs the suite on cdktn after the main one', () => {
  const run = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8').split('\n').map((l) => l.trim());
  expect(run).toContain('bash compat/cdktn/test.sh');
  expect(run.indexOf('bash compat/cdktn/test.sh')).toBeGreaterThan(run.indexOf('npm test'));
});

describe('the release workflow (projen, .projenrc.ts)', () => {
  const text = fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf-8');
  const workflow = yaml.parse(text);
  const runs = (job: any): string[] => job.steps.map((s: any) => s.run ?? s.uses);

  test('is a valid workflow (SchemaStore schema)', () => {
    expect(workflowSchemaErrors(text)).toEqual([]);
  });

  test('publishes cdk-paved-road-cdktn after the release job, from the same commit, once the suite passed on cdktn', () => {
    const job = workflow.jobs.release_npm_cdktn;
    expect(job).toBeDefined();
    expect(job.needs).toBe('release');
    expect(job.if).toBe(workflow.jobs.release_npm.if);
    expect(job.permissions).toEqual({ 'id-token': 'write', 'contents': 'read' });
    expect(job.steps.find((s: any) => /setup-node/.test(s.uses ?? '')).with['node-version']).toBe('22.x');
    const steps = runs(job);
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s));
    expect(at(/^bash compat\/cdktn\/test\.sh$/)).toBeGreaterThan(at(/^bash scripts\/install\.sh$/));
    expect(at(/^bash compat\/cdktn\/package\.sh "\$\(cat dist\/version\.txt\)"$/)).toBeGreaterThan(at(/^bash compat\/cdktn\/test\.sh$/));
    const release = job.steps[at(/publib-npm dist\/cdktn\/js$/)];
    expect(release.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true', NPM_TOKEN: '${{ secrets.NPM_TOKEN }}', PUBLIB_DRYRUN: '${{ inputs.dry_run }}' });
    expect(at(/download-artifact/)).toBeLessThan(at(/package\.sh/));
  });

  test.each(['release', 'release_npm_cdktn'])('%s installs promtool before the tests run', (name) => {
    const steps = runs(workflow.jobs[name]);
    const promtool = steps.findIndex((s) => /apt-get install .*prometheus/.test(s));
    expect(promtool).toBeGreaterThanOrEqual(0);
    expect(promtool).toBeLessThan(steps.findIndex((s) => /^npx projen release$|^bash compat\/cdktn\/test\.sh$/.test(s)));
  });
});
