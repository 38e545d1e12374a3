import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { init, main } from '../../../src/private/cli/init';
import { actionsUsed, workflowSchemaErrors } from '../../delivery/workflow-schema';
import { filesUnder } from '../../util';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LIB = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const FILES = ['.github/workflows/synth.yml', '.gitignore', 'cdk8s.yaml', 'cdktf.json', 'main.ts', 'package.json', 'tsconfig.json'];

function emptyDir(name = 'shop-orders'): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-init-')), name);
  fs.mkdirSync(dir);
  return dir;
}

function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf-8');
}

describe('cdk-paved-road init', () => {
  test('service: writes a ready repository with the tools pinned as the library is tested', () => {
    // GIVEN
    const dir = emptyDir();

    // WHEN
    const result = init('service', dir);

    // THEN
    expect(result.written.sort()).toEqual(FILES);
    expect(filesUnder(dir).map((f) => path.relative(dir, f)).sort()).toEqual(FILES);
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(pkg.name).toBe('shop-orders');
    expect(pkg.devDependencies).toEqual({
      'typescript': '~5.9.3',
      'ts-node': LIB.devDependencies['ts-node'],
      '@types/node': LIB.devDependencies['@types/node'],
      'cdktf-cli': LIB.devDependencies['cdktf-cli'],
      'cdk8s-cli': LIB.devDependencies['cdk8s-cli'],
    });
    expect(pkg.dependencies).toEqual({
      [LIB.name]: `^${LIB.version}`,
      '@cdktf/provider-aws': LIB.devDependencies['@cdktf/provider-aws'],
      'cdk8s': LIB.devDependencies.cdk8s,
      'cdk8s-plus-27': LIB.devDependencies['cdk8s-plus-27'],
      'cdktf': LIB.devDependencies.cdktf,
      'constructs': LIB.devDependencies.constructs,
    });
    // both CLIs run the same main.ts, with a tsconfig (ts-node fails with TS5109 without one)
    expect(JSON.parse(read(dir, 'cdktf.json')).app).toBe('node -r ts-node/register/transpile-only main.ts');
    expect(read(dir, 'cdk8s.yaml')).toMatch(/^app: node -r ts-node\/register\/transpile-only main\.ts$/m);
    expect(JSON.parse(read(dir, 'tsconfig.json')).compilerOptions).toMatchObject({ module: 'commonjs', strict: true });
    expect(read(dir, 'main.ts')).toMatch(/PlatformCluster\.fromLookup\(prod, 'platform'\)/);
    expect(read(dir, 'main.ts')).toMatch(/new ServiceApp\(prod, 'shop-orders', \{/);
    expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'cdktf.out/', 'dist/']));
    expect(read(dir, '.github/workflows/synth.yml')).toMatch(/- run: npm ci\n\s+- run: npx tsc --noEmit\n\s+- run: npx cdktf synth\n\s+- run: npx cdk8s synth/);
    // A valid workflow whose every action is pinned to a full commit, as the library's own workflows.
    const workflow = read(dir, '.github/workflows/synth.yml');
    expect(workflowSchemaErrors(workflow)).toEqual([]);
    const used = actionsUsed(workflow);
    expect(used.length).toBe(3);
    expect(used.filter((a) => !/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/.test(a))).toEqual([]);
    expect(used.filter((a) => !new RegExp(`uses: ${a} # v\\d+\\.\\d+\\.\\d+\n`).test(workflow))).toEqual([]);
  });

  test.each(['service', 'platform'])('%s: the main.ts it writes synthesizes both outputs with no guardrail error', (kind) => {
    // GIVEN a scaffold whose main.ts imports this checkout's source instead of the package
    const dir = emptyDir(`acme-${kind}`);
    init(kind, dir);
    const mainTs = path.join(dir, 'main.ts');
    fs.writeFileSync(mainTs, read(dir, 'main.ts').replace(`from '${LIB.name}'`, `from ${JSON.stringify(path.join(ROOT, 'src'))}`));

    // WHEN the command both CLIs run
    const out = execFileSync(process.execPath, ['-r', path.join(ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only'), 'main.ts'], {
      cwd: dir,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), CDK8S_OUTDIR: path.join(dir, 'dist') },
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    // THEN both outputs are written, and the guardrail summary (stdout) has no error
    expect(out).toMatch(/cdk-paved-road guardrails: 0 error\(s\)/);
    expect(filesUnder(path.join(dir, 'cdktf.out', 'stacks')).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
  }, 300_000);

  test('refuses to overwrite a file, names it, and writes nothing', () => {
    const dir = emptyDir();
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    expect(() => init('service', dir)).toThrow(`cdk-paved-road init: main.ts already exists in ${dir}; init writes a new repository and overwrites nothing: run it in an empty directory, or move those files away first`);
    expect(fs.readdirSync(dir)).toEqual(['main.ts']);
    expect(read(dir, 'main.ts')).toBe('// mine\n');
  });

  test('completes an existing package.json (npm init, npm install cdk-paved-road) and changes none of its entries', () => {
    // GIVEN the package.json `npm init --yes && npm install <the library>` leaves
    const dir = emptyDir();
    const before = { name: 'shop-orders', version: '1.0.0', scripts: { test: 'echo none' }, dependencies: { [LIB.name]: 'file:../library-0.1.0.tgz' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(before));

    // WHEN
    const result = init('service', dir);

    // THEN its entries stay, the missing ones are added
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(pkg).toMatchObject(before);
    expect(pkg.dependencies[LIB.name]).toBe('file:../library-0.1.0.tgz');
    expect(pkg.devDependencies.typescript).toBe('~5.9.3');
    expect(pkg.scripts.synth).toBe('cdktf synth && cdk8s synth --no-check-upgrade');
    expect(result.written).not.toContain('package.json');
    expect(result.packageJsonAdded).toEqual(expect.arrayContaining(['scripts.synth', 'dependencies.cdktf', 'devDependencies.cdktf-cli']));
    expect(result.packageJsonAdded).not.toContain(`dependencies.${LIB.name}`);
  });

  test('an unknown kind fails with the ones there are', () => {
    expect(() => init('website', emptyDir())).toThrow("cdk-paved-road init: unknown kind 'website'; use one of: service, platform (e.g. npx cdk-paved-road init service)");
  });

  test('a package.json that is not JSON fails with its path', () => {
    const dir = emptyDir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{ nope');
    expect(() => init('service', dir)).toThrow(`cdk-paved-road init: ${path.join(dir, 'package.json')} is not valid JSON`);
  });

  test('the command line: usage, exit codes, errors on stderr', () => {
    const dir = emptyDir();
    const out: string[] = [];
    const err: string[] = [];
    const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => { out.push(String(c)); return true; });
    const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { err.push(String(c)); return true; });
    try {
      expect(main(['init', 'service'], dir)).toBe(0);
      expect(out.join('')).toMatch(/^cdk-paved-road: wrote package\.json, /);
      expect(main(['init', 'service'], dir)).toBe(1);
      expect(err.join('')).toMatch(/already exist/);
      expect(main(['deploy'], dir)).toBe(1);
      expect(err.join('')).toMatch(/Usage: npx cdk-paved-road init <service\|platform>/);
      expect(main(['--help'], dir)).toBe(0);
    } finally {
      spyOut.mockRestore();
      spyErr.mockRestore();
    }
  });
});
