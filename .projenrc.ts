import { cdk, javascript } from 'projen';
import { ActionRefs } from 'projen/lib/github';
import { JobPermission } from 'projen/lib/github/workflows-model';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * The tests run promtool on the generated Prometheus rules and scrape configuration (scripts/install.sh
 * installs it as root; a GitHub runner is not root, so the release jobs install it with sudo).
 */
const INSTALL_PROMTOOL = {
  name: 'Install promtool',
  run: 'sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus',
};

/**
 * cdk-paved-road: projen definition. Edit this file, then run `npx projen` to regenerate
 * package.json, tsconfig*.json, .projen/ and the other generated files.
 */
const project = new cdk.JsiiProject({
  name: 'cdk-paved-road',
  description:
    'Paved-road constructs for an internal developer platform on AWS and Kubernetes: one definition synthesizes Terraform JSON (CDK for Terraform) and Kubernetes YAML (cdk8s).',
  author: 'cdk-paved-road maintainers',
  authorAddress: 'maintainers@cdk-paved-road.invalid',
  repositoryUrl: 'https://github.com/cdk-paved-road/cdk-paved-road.git',
  keywords: ['cdktf', 'cdk8s', 'eks', 'platform-engineering', 'idp', 'terraform', 'kubernetes', 'aws'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // TypeScript 7.x breaks ts-node and ts-jest: jsii and tsc stay on the 5.9 line.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.3',

  // Source maps beside the JavaScript (lib/**/*.js.map, the TypeScript sources inside), not inlined:
  // a program that loads the whole library reads 1.7 MB less and peaks 9 MB lower (#22), and stack
  // traces still map to the sources wherever source maps are read (ts-node, --enable-source-maps).
  tsconfig: { compilerOptions: { inlineSourceMap: false, sourceMap: true, inlineSources: true } },

  // Projen 0.103 would otherwise write the dev tsconfig to test/tsconfig.json.
  tsconfigDevFile: 'tsconfig.dev.json',
  // The examples import 'cdk-paved-road' as a consumer's program does: type-checked here against
  // src/ (paths), run by the CLIs against the compiled lib/ (examples/node_modules/cdk-paved-road).
  tsconfigDev: {
    include: ['examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['lib', 'examples/**/cdktf.out', 'examples/**/dist', 'examples/**/.gen'],
    compilerOptions: { paths: { 'cdk-paved-road': ['./src'] } },
  },

  peerDeps: [
    'constructs@^10.4.2',
    'cdktf@~0.21.0',
    '@cdktf/provider-aws@^21.0.0',
    'cdk8s@^2.68.0',
    'cdk8s-plus-27@^2.9.0',
  ],
  // Build and test against the newest releases in the peer ranges, not their floors.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'constructs@^10.4.2',
    'cdktf@~0.21.0',
    '@cdktf/provider-aws@^21.22.0',
    'cdk8s@^2.70.0',
    'cdk8s-plus-27@^2.9.5',
    'cdktf-cli@~0.21.0',
    'cdk8s-cli@^2.200.0',
    'kubernetes-models@^4.4.0',
    'yaml@^2.4.0',
    // The generated GitHub workflows are validated against SchemaStore's schema (draft-07) in the tests.
    'ajv@^6.12.6',
  ],

  // CI is `.ci/run`. GitHub holds only the release workflow: on every push to main it bumps the
  // version from the conventional commits (semantic versions, dist/changelog.md), builds (with
  // jsii-diff against the last release, see the compat task below) and publishes to npm with
  // provenance. No build workflow, mergify or pull-request lint.
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  release: true,
  releaseToNpm: true,
  npmProvenance: true,
  workflowNodeVersion: '22.x',
  // The first release is 0.1.0; after that, the commits since the last tag decide.
  nextVersionCommand: 'bash scripts/next-version.sh',
  // jsii-diff against the last release after every compile (a breaking API change fails the build).
  compat: true,
  // The release's build runs the tests, which need promtool.
  releaseWorkflowSetupSteps: [INSTALL_PROMTOOL],
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,

  jestOptions: {
    // Never rewrite snapshots while testing: a changed snapshot is a failure to look at.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/(cdktf.out|dist)/'],
      collectCoverage: false,
      testTimeout: 120_000,
      // One worker per core: jest's default (cores - 1) runs the suite in a single worker on a
      // 2-core machine, while the main process only collects results (#22, target 6: 132 -> 82 s).
      // Every test writes into a temporary directory of its own, so the files run in parallel.
      maxWorkers: '100%',
      // An example loaded in the test process (catalog.test) gets src/, as the tests do.
      moduleNameMapper: { '^cdk-paved-road$': '<rootDir>/src' },
    },
  },

  gitignore: [
    'examples/**/cdktf.out/',
    'examples/**/dist/',
    'examples/**/catalog/',
    'examples/**/.gen/',
    '.node_modules.stamp',
    '.scratch/',
    '.bench/',
    // The examples' link to the library (cdk-paved-road -> ../..), committed; `node_modules/` above ignores the rest.
    '!/examples/node_modules/',
  ],
});

// The release's bump runs commit-and-tag-version through npx (projen's default spec,
// commit-and-tag-version@^13) instead of a dev dependency, so the lockfile stays as it is; npx
// needs npm_config_yes to fetch it without a prompt. TODO: a dev dependency would pin it by the lockfile.
project.deps.removeDependency('commit-and-tag-version');
project.tasks.tryFind('bump')?.env('npm_config_yes', 'true');

// CDK Terrain: the same release also publishes cdk-paved-road-cdktn, built from the same commit with
// the imports rewritten (compat/cdktn/), at the version the release job bumped to (dist/version.txt in
// its artifact), after the whole suite passed on cdktn there. Node 22 (cdktn-cli needs >= 22.19).
project.release?.addJobs({
  release_npm_cdktn: {
    name: 'Publish cdk-paved-road-cdktn to npm',
    needs: ['release'],
    runsOn: ['ubuntu-latest'],
    permissions: { idToken: JobPermission.WRITE, contents: JobPermission.READ },
    if: "needs.release.outputs.tag_exists != 'true' && needs.release.outputs.latest_commit == github.sha",
    env: { CI: 'true', CHECKPOINT_DISABLE: '1' },
    steps: [
      { name: 'Checkout', uses: ActionRefs.ACTIONS_CHECKOUT },
      { name: 'Setup Node.js', uses: ActionRefs.ACTIONS_SETUP_NODE, with: { 'node-version': '22.x', 'package-manager-cache': false } },
      {
        name: 'Download build artifacts',
        uses: ActionRefs.ACTIONS_DOWNLOAD_ARTIFACT,
        with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' },
      },
      INSTALL_PROMTOOL,
      // The main package's dependencies (npm ci): compare.mjs synthesizes the examples on cdktf too.
      { name: 'Install dependencies', run: 'bash scripts/install.sh' },
      { name: 'Test on cdktn', run: 'bash compat/cdktn/test.sh' },
      { name: 'Create cdktn package', run: 'bash compat/cdktn/package.sh "$(cat dist/version.txt)"' },
      {
        name: 'Release',
        env: {
          NPM_DIST_TAG: 'latest',
          NPM_REGISTRY: 'registry.npmjs.org',
          NPM_CONFIG_PROVENANCE: 'true',
          NPM_TOKEN: '${{ secrets.NPM_TOKEN }}',
          PUBLIB_DRYRUN: '${{ inputs.dry_run }}',
        },
        run: 'npx -p publib@latest publib-npm dist/cdktn/js',
      },
    ],
  },
});

// jsii-diff needs a release to compare with: until the first one is on npm, the compat task says
// so and passes; any other npm failure fails it (scripts/compat.sh).
project.tasks.tryFind('compat')?.reset('bash scripts/compat.sh');

// The compile: jsii, then the compiled index files rewritten to load each module on first use
// (scripts/lazy-exports.ts), so a program loads only what the classes it reads need (a YAML-only
// program does not load cdktf), then a hash of the inputs in lib/ (scripts/compile-lib.ts).
project.compileTask.reset('ts-node --transpile-only scripts/compile-lib.ts --force');
const compat = project.tasks.tryFind('compat');
if (compat) {
  project.compileTask.spawn(compat);
}
project.addPackageIgnore('/lib/.inputs-sha256');

// The examples import 'cdk-paved-road', which resolves to lib/ through the committed link
// examples/node_modules/cdk-paved-road -> ../.. (Node's own resolution, as `npm link` would make it),
// so whatever runs an example outside jest needs lib/ current: the tests that spawn one or run the
// CLIs, `npm run examples`, `npm run golden`. This compiles only when src/ (or the build's inputs)
// changed since lib/ was built.
const libTask = project.addTask('lib', {
  description: 'Compile src/ to lib/ (jsii, lazy index files) unless lib/ was built from src/ as it is; the examples run on lib/',
  exec: 'ts-node --transpile-only scripts/compile-lib.ts',
});

// End to end, as a new user: pack, run the README blocks in empty folders, synthesize (needs the npm registry).
project.addTask('e2e', {
  description: 'Pack the library, run the README "Use it in your own repository" blocks in empty folders with the tarball, then cdktf synth and cdk8s synth there',
  exec: 'bash scripts/e2e-readme.sh',
});

for (const pattern of ['/examples/', '/scripts/', '/docs/', '/.ci/', '/benchmarks/', '/compat/']) {
  project.addPackageIgnore(pattern);
}

// Tests are type-checked: ts-jest runs with isolatedModules, so tsc checks src, test and examples first.
// Before that, lib/ for the tests that run an example in a child process or through the CLIs.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');
project.testTask.prependSpawn(libTask);

// Never import @cdktf/provider-aws from its package root: it loads all 2,212 submodules
// (4x slower type-checks, 10x slower and 8x larger synthesis, for us and for every user).
project.eslint?.addRules({
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: '@cdktf/provider-aws',
          message:
            "Import by deep path, e.g. '@cdktf/provider-aws/lib/eks-cluster': the package root loads all 2,212 submodules.",
        },
        {
          name: '@cdktf/provider-aws/lib',
          message: "Import the one submodule you need, e.g. '@cdktf/provider-aws/lib/vpc'.",
        },
        {
          name: '@cdktf/provider-aws/lib/index',
          message: "Import the one submodule you need, e.g. '@cdktf/provider-aws/lib/vpc'.",
        },
      ],
    },
  ],
});
// Lint src, test, examples and scripts against the dev tsconfig that covers them all.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project', './tsconfig.dev.json');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('scripts');
project.eslint?.allowDevDeps('scripts/**');
project.eslint?.allowDevDeps('examples/**');

// Synthesize every example (both outputs) and print where they went and what they hold.
project.addTask('examples', {
  description: 'Compile lib/ if it is stale, then synthesize every example in examples/ to Terraform JSON (cdktf.out/) and Kubernetes YAML (dist/)',
  exec: 'ts-node --transpile-only scripts/synth-examples.ts',
});

project.addTask('golden', {
  description: 'Rewrite test/golden/<example>.txt (Terraform addresses and Kubernetes object identities) after a deliberate change',
  exec: 'ts-node --transpile-only scripts/golden.ts',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Synthesis speed and memory at scale against hand-written cdk8s-plus-27; prints a table and writes docs/benchmarks.md',
  exec: 'ts-node --transpile-only scripts/bench.ts',
  receiveArgs: true,
});

project.synth();
