import * as fs from 'fs';
import * as path from 'path';
import { ACTIONS } from '../github-actions';

/**
 * `npx cdk-paved-road init service|platform`: writes a ready repository for a service (or a
 * platform) into the current directory. Not part of the construct API (not exported from the
 * package root); `bin/cdk-paved-road` runs `main()` from `lib/private/cli/init.js`.
 */

/** The kinds of repository `init` writes. */
export const KINDS = ['service', 'platform'] as const;
type Kind = typeof KINDS[number];

/** What `init` did. */
export interface InitResult {
  /** Files written, relative to the directory. */
  readonly written: string[];
  /** package.json entries added to an existing package.json (it is never overwritten). */
  readonly packageJsonAdded: string[];
}

/** Tools the repository pins: the library's own, so a new repository builds as the library was tested. */
const TOOLS = ['typescript', 'ts-node', '@types/node', 'cdktf-cli', 'cdk8s-cli'];

/** The library's package.json: its version, peer dependencies and the tool versions it is tested with. */
function libraryManifest(): any {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf-8'));
}

/**
 * Writes the repository files into `dir`. Refuses, before writing anything, when one of them
 * exists; an existing package.json is completed (missing dependencies and scripts), never changed.
 */
export function init(kind: string, dir: string): InitResult {
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new Error(`cdk-paved-road init: unknown kind '${kind}'; use one of: ${KINDS.join(', ')} (e.g. npx cdk-paved-road init service)`);
  }
  const lib = libraryManifest();
  const name = repositoryName(dir);
  const files = templates(kind as Kind, name, lib.name);
  const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    throw new Error(`cdk-paved-road init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}; `
      + 'init writes a new repository and overwrites nothing: run it in an empty directory, or move those files away first');
  }

  const manifestPath = path.join(dir, 'package.json');
  const manifest = fs.existsSync(manifestPath) ? readJson(manifestPath) : undefined;
  const wanted = packageJson(kind as Kind, name, lib);
  const packageJsonAdded: string[] = [];
  let merged: any;
  if (manifest) {
    merged = { ...manifest };
    for (const section of ['scripts', 'dependencies', 'devDependencies'] as const) {
      for (const [key, value] of Object.entries<string>(wanted[section])) {
        const present = section === 'scripts' ? manifest.scripts?.[key] : manifest.dependencies?.[key] ?? manifest.devDependencies?.[key];
        if (present === undefined) {
          merged[section] = { ...merged[section], [key]: value };
          packageJsonAdded.push(`${section}.${key}`);
        }
      }
    }
  } else {
    merged = wanted;
  }

  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify(merged, undefined, 2)}\n`);
  return { written: [...(manifest ? [] : ['package.json']), ...Object.keys(files)], packageJsonAdded };
}

/** The command line: returns the exit code. */
export function main(argv: string[], cwd: string = process.cwd()): number {
  const [command, kind, ...rest] = argv;
  if (command !== 'init' || !kind || rest.length > 0) {
    process.stderr.write(`Usage: npx cdk-paved-road init <${KINDS.join('|')}>\n`
      + '  Writes a new repository into the current directory: package.json (pinned tools), tsconfig.json, cdktf.json,\n'
      + '  cdk8s.yaml, main.ts, .gitignore and a CI workflow. Then: npm install && npx cdktf synth && npx cdk8s synth\n');
    return command === undefined || command === 'help' || command === '--help' ? 0 : 1;
  }
  try {
    const result = init(kind, cwd);
    process.stdout.write(`cdk-paved-road: wrote ${result.written.join(', ')}`
      + `${result.packageJsonAdded.length > 0 ? `; added to package.json: ${result.packageJsonAdded.join(', ')}` : ''}\n`
      + 'Next: npm install, then edit main.ts (your platform\'s name, account, region, domain) and run npx cdktf synth && npx cdk8s synth\n');
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new Error(`cdk-paved-road init: ${file} is not valid JSON (${(e as Error).message}); fix or remove it, then run init again`);
  }
}

/** A DNS label from the directory name (service and stack names are DNS labels). */
function repositoryName(dir: string): string {
  const base = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30).replace(/-+$/, '');
  return /^[a-z]/.test(base) ? base : `app-${base || 'main'}`.replace(/-$/, '');
}

function packageJson(kind: Kind, name: string, lib: any): any {
  const devDeps = lib.devDependencies ?? {};
  const dependencies: Record<string, string> = { [lib.name]: `^${lib.version}` };
  for (const peer of Object.keys(lib.peerDependencies ?? {}).sort()) {
    // The newest floor the library is tested with (its devDependencies), within the peer range.
    dependencies[peer] = devDeps[peer] ?? lib.peerDependencies[peer];
  }
  const devDependencies: Record<string, string> = {};
  for (const tool of TOOLS) {
    devDependencies[tool] = devDeps[tool];
  }
  return {
    name,
    version: '0.0.0',
    private: true,
    description: kind === 'service' ? `Service ${name}: cloud resources and Kubernetes objects, with cdk-paved-road` : `Platform ${name}, with cdk-paved-road`,
    scripts: {
      synth: 'cdktf synth && cdk8s synth --no-check-upgrade',
      typecheck: 'tsc --noEmit',
    },
    engines: { node: lib.engines?.node ?? '>= 20.0.0' },
    dependencies,
    devDependencies,
  };
}

/** Every file but package.json, by path. */
function templates(kind: Kind, name: string, library: string): { [file: string]: string } {
  const app = 'node -r ts-node/register/transpile-only main.ts';
  return {
    'tsconfig.json': `${JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        lib: ['es2022'],
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['**/*.ts'],
      exclude: ['node_modules', 'cdktf.out', 'dist', '.gen'],
    }, undefined, 2)}\n`,
    'cdktf.json': `${JSON.stringify({
      language: 'typescript',
      app,
      projectId: `${name}`,
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }, undefined, 2)}\n`,
    'cdk8s.yaml': `language: typescript\napp: ${app}\nimports: []\n`,
    'main.ts': kind === 'service' ? serviceMain(name, library) : platformMain(name, library),
    '.gitignore': ['node_modules/', 'cdktf.out/', 'dist/', '.gen/', '*.tfstate', '*.tfstate.*', '.terraform/', ''].join('\n'),
    '.github/workflows/synth.yml': workflow(),
  };
}

/** The environment's PlatformStack, with placeholder values: the same in both kinds of repository. */
function environment(name: string, extra: string = ''): string {
  return `const prod = new PlatformStack(app, '${name}-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
${extra}});`;
}

function serviceMain(name: string, library: string): string {
  return `// ${name}: a service on the paved road. \`npx cdktf synth\` writes the cloud resources (Terraform JSON,
// cdktf.out/), \`npx cdk8s synth\` the Kubernetes objects (YAML, dist/), from this one file.
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, ServiceApp } from '${library}';

const app = new PlatformApp();

// Your platform's environment: ask your platform team for these values.
${environment(name)}

// Everything else about the cluster (VPC, subnets, security group, node role) is read at plan time
// from the SSM parameters the platform publishes under /acme/prod/. If the platform's VPC is not
// 10.0.0.0/16 in three zones, say so here: PlatformCluster.fromLookup(prod, 'platform', { vpcCidr: '...' }).
const cluster = PlatformCluster.fromLookup(prod, 'platform');

new ServiceApp(prod, '${name}', {
  team: 'my-team',
  imageTag: process.env.IMAGE_TAG ?? '0.1.0',
  cluster,
  exposure: {}, // a public HTTPS hostname: ${name}.prod.acme.example.com
});

app.synth();
`;
}

function platformMain(name: string, library: string): string {
  return `// ${name}: the platform of one environment on the paved road. \`npx cdktf synth\` writes the cloud
// resources (Terraform JSON, cdktf.out/), \`npx cdk8s synth\` the cluster's baseline objects (YAML, dist/).
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack } from '${library}';

const app = new PlatformApp();

${environment(name, `  // Keep the state in S3 once you deploy: stateBackend: StateBackend.s3({ bucket: '...', keyPrefix: '${name}' }),\n`)}

// The cluster publishes what app repositories need as SSM parameters under /acme/prod/;
// their PlatformCluster.fromLookup() reads them.
const cluster = new PlatformCluster(prod, 'cluster', {
  adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admins'],
});
cluster.addTeam('my-team', { principalArns: ['arn:aws:iam::123456789012:role/team-my-team'] });

app.synth();
`;
}

function workflow(): string {
  return `# Synthesizes both outputs on every push and pull request; the guardrails stop a build that breaks them.
name: synth

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

env:
  CHECKPOINT_DISABLE: "1"

jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - uses: ${ACTIONS.checkout.uses} # ${ACTIONS.checkout.tag}
        with: { persist-credentials: false }
      - uses: ${ACTIONS.setupNode.uses} # ${ACTIONS.setupNode.tag}
        with: { node-version: 22, cache: npm }
      - run: npm ci
      - run: npx tsc --noEmit
      - run: npx cdktf synth
      - run: npx cdk8s synth --no-check-upgrade
      - uses: ${ACTIONS.uploadArtifact.uses} # ${ACTIONS.uploadArtifact.tag}
        with:
          name: synthesized
          path: |
            cdktf.out/stacks
            dist
`;
}
