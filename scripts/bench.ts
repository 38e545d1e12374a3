/**
 * npm run bench [-- --runs 5 --sizes 100,1000,5000 --scenarios 1,2,3,4 --modes baseline,library-image --no-compile]
 *
 * Measures synthesis speed and memory against hand-written baselines measured in the same run,
 * each figure the median and the range of `--runs` runs, each run a fresh process running one
 * program that loads only what it uses (the library's programs load the compiled lib/, the
 * baselines cdk8s, cdk8s-plus-27, cdktf and provider modules, never the library); prints one table per scenario
 * and writes it between that scenario's markers in docs/benchmarks.md (the prose around the
 * markers, with the before/after history, is kept by hand).
 *
 * 1. Workloads: N ServiceApps, one YAML file per service, against the same objects hand-built
 *    with cdk8s-plus-27 in one chart (checked to be the same); and N ServiceApps with their own
 *    ECR repositories against that plus the same ECR resources in cdktf.
 * 2. Cloud: a PlatformCluster and 50 services' cloud parts against the same Terraform resources
 *    written by hand with deep imports (a program generated from the library's JSON), inside the
 *    process, as the app command and under `cdktf synth`; and the cost of importing the library.
 * 3. Consumer type-check: `tsc --noEmit` on the examples' main.ts against deep-import and
 *    package-root baselines.
 * 4. CLIs: `cdktf synth` and `cdk8s synth` of examples/service (and its app command alone) against
 *    the same program written by hand (scripts/bench/service-by-hand.ts), checked to write the same.
 *
 * Every scenario uses the compiled library (lib/, as consumers get it): the script compiles it first unless current.
 * Run it under `flock /work/wt/.test.lock` (or with nothing else running): it measures wall time.
 * Peak memory of whole commands comes from GNU time (/usr/bin/time, Debian package `time`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { compileLibIfStale } from './compile-lib';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
/** Scenario 2's synthesis runs: short and noisy, so three times the samples. */
const S2_RUNS = runs * 3;
const sizes = arg('sizes', '100,1000,5000').split(',').map(Number);
const scenarios = arg('scenarios', '1,2,3,4').split(',').map(Number);
const root = path.resolve(__dirname, '..');
const scratch = path.join(root, '.bench');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
const env = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };

/**
 * One run: in-process wall time and CPU time (`ms`, `cpuMs`: the program's own clock after its
 * imports), whole-process wall time and CPU time (user + system, all threads), peak RSS. CPU time
 * moves much less than wall time when other work shares the machine.
 */
interface Sample { readonly ms: number; readonly cpuMs: number; readonly wallMs: number; readonly wallCpuMs: number; readonly rssMb: number }
type Field = keyof Sample;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const med = (samples: Sample[], field: Field) => median(samples.map((s) => s[field]));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
/** `1.84 s (1.80-1.95)`: median, then min-max, of one field over the runs. */
function spread(samples: Sample[], field: Field): string {
  const xs = sorted(samples.map((s) => s[field]));
  const unit = field === 'rssMb' ? (x: number) => `${x}` : (x: number) => (x / 1000).toFixed(2);
  const suffix = field === 'rssMb' ? ' MB' : ' s';
  return `${unit(median(xs))}${suffix} (${unit(xs[0])}-${unit(xs[xs.length - 1])})`;
}

/**
 * Runs a benchmark program (it prints {"ms", "rssMb", ...} on its last line, its own measurement)
 * as a whole process under GNU time: its in-process clock, and the wall time and peak RSS of the
 * process with Node's start-up, ts-node and loading.
 */
function child(script: string, childArgs: string[]): Sample {
  const report = path.join(scratch, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', report, process.execPath, '--max-old-space-size=8192', ...TS_NODE, script, ...childArgs],
    { cwd: root, encoding: 'utf-8', env });
  if (run.status !== 0) {
    throw new Error(`${script} ${childArgs.join(' ')} failed: ${run.stderr}`);
  }
  const own = JSON.parse(run.stdout.trim().split('\n').pop()!);
  const whole = gnuTime(report);
  return { ...whole, ms: own.ms, cpuMs: own.cpuMs ?? whole.wallCpuMs };
}

/** The last line of a GNU time report written with `-f '%e %M %U %S'`. */
function gnuTime(report: string): Sample {
  const [seconds, kb, user, system] = fs.readFileSync(report, 'utf-8').trim().split('\n').pop()!.split(' ').map(Number);
  const wallMs = Math.round(seconds * 1000);
  const wallCpuMs = Math.round((user + system) * 1000);
  return { ms: wallMs, cpuMs: wallCpuMs, wallMs, wallCpuMs, rssMb: Math.round(kb / 1024) };
}

/**
 * Runs a whole command under GNU time: wall time, CPU time and peak RSS of the process tree (no
 * in-process clock: `ms` is the wall time), with `extra` added to the environment.
 */
function timed(command: string[], cwd: string, extra: Record<string, string> = {}): Sample {
  const report = path.join(scratch, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', report, ...command], { cwd, encoding: 'utf-8', env: { ...env, ...extra } });
  if (run.status !== 0) {
    throw new Error(`${command.join(' ')} failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  }
  return gnuTime(report);
}

/** `times` samples of each variant, interleaved so that drift on the machine hits all alike. */
function interleave(variants: Record<string, () => Sample>, times = runs): Record<string, Sample[]> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let i = 0; i < times; i++) {
    for (const [name, run] of Object.entries(variants)) {
      samples[name].push(run());
    }
  }
  return samples;
}

function tmp(name: string): string {
  fs.mkdirSync(scratch, { recursive: true });
  return fs.mkdtempSync(path.join(scratch, `${name}-`));
}

/** Runs `work` in a fresh scratch directory and removes the directory afterwards. */
function inTemp<T>(name: string, work: (dir: string) => T): T {
  const dir = tmp(name);
  try {
    return work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Scenario 1's programs: each baseline in its own process, loading only what it uses. */
const S1_PROGRAMS: Record<string, { label: string; args: (n: number, out: string) => string[] }> = {
  'baseline': { label: 'A. cdk8s-plus, one chart', args: (n, out) => ['scripts/bench/baseline-k8s.ts', String(n), out] },
  'library-image': { label: 'B. cdk-paved-road, `image`, file per service', args: (n, out) => ['scripts/bench/workloads.ts', 'library-image', String(n), out] },
  'baseline-tf': { label: 'C. A + cdktf ECR by hand', args: (n, out) => ['scripts/bench/baseline-k8s-ecr.ts', String(n), out] },
  'library': { label: 'D. cdk-paved-road, own ECR repository', args: (n, out) => ['scripts/bench/workloads.ts', 'library', String(n), out] },
};
/** What each program is compared with. */
const S1_AGAINST: Record<string, string> = { 'library-image': 'baseline', 'library': 'baseline-tf' };

function scenario1(): string {
  const modes = arg('modes', Object.keys(S1_PROGRAMS).join(',')).split(',');
  if (modes.includes('baseline') && modes.includes('library-image')) {
    checkSameObjects();
  }
  const rows: string[][] = [];
  const results: Record<number, Record<string, Sample[]>> = {};
  for (const n of sizes) {
    const m = interleave(Object.fromEntries(modes.map((mode) => [mode, () => inTemp(`s1-${mode}`, (out) => {
      const [script, ...rest] = S1_PROGRAMS[mode].args(n, out);
      return child(script, rest);
    })])));
    results[n] = m;
    for (const mode of modes) {
      const base = S1_AGAINST[mode] && m[S1_AGAINST[mode]] ? m[S1_AGAINST[mode]] : undefined;
      const vs = base ? (['ms', 'cpuMs', 'wallMs', 'wallCpuMs', 'rssMb'] as Field[]).map((f) => ratio(med(m[mode], f), med(base, f))).join(' / ') : '-';
      rows.push([String(n), S1_PROGRAMS[mode].label, spread(m[mode], 'ms'), spread(m[mode], 'cpuMs'), spread(m[mode], 'wallMs'), spread(m[mode], 'wallCpuMs'),
        spread(m[mode], 'rssMb'), vs]);
      console.log(rows[rows.length - 1].join(' | '));
    }
  }
  const growth = (mode: string) => sizes.slice(1).map((n, i) => {
    const [a, b] = [results[sizes[i]][mode], results[n][mode]];
    return `${sizes[i]} -> ${n} (${(n / sizes[i]).toFixed(0)}x): time ${ratio(med(b, 'ms'), med(a, 'ms'))} (CPU ${ratio(med(b, 'cpuMs'), med(a, 'cpuMs'))}), `
      + `peak RSS ${ratio(med(b, 'rssMb'), med(a, 'rssMb'))}`;
  }).join('; ');
  return [
    'Each figure: median of the runs, then (min-max). In process: the program\'s own clock from after its imports to the',
    'end of synthesis, wall and CPU time (user + system, all threads). Whole process: `node -r ts-node/register/transpile-only',
    '<program>` with Node\'s start-up, ts-node and loading, wall and CPU time. Peak RSS: of the whole process (GNU time).',
    'Ratios: medians, against the baseline that does the same work (B against A, D against C), in the order of the columns.',
    '',
    table(['services', 'program', 'in process', 'in process, CPU', 'whole process', 'whole process, CPU', 'peak RSS', 'vs baseline'], rows),
    ...(sizes.length > 1 ? ['', ...modes.map((mode) => `Growth of ${S1_PROGRAMS[mode].label.split('.')[0]}: ${growth(mode)}.`)] : []),
  ].join('\n');
}

/**
 * The baseline must build the very objects the library does: synthesizes three services both ways
 * and compares the documents (cdk8s's construct-address label on the pod template aside, which
 * names the construct that made it).
 */
function checkSameObjects(): void {
  const documents = (mode: string): string => {
    return inTemp(`s1-check-${mode}`, (out) => {
      const [script, ...rest] = S1_PROGRAMS[mode].args(3, out);
      child(script, rest);
      const dir = path.join(out, 'dist');
      const docs = fs.readdirSync(dir).sort().flatMap((f) => yaml.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map((d) => d.toJSON()));
      for (const d of docs) {
        delete d.spec?.template?.metadata?.labels?.['cdk8s.io/metadata.addr'];
      }
      return JSON.stringify(canonical(docs.sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`))));
    });
  };
  if (documents('baseline') !== documents('library-image')) {
    throw new Error('scenario 1: the hand-built baseline no longer builds the objects the library does; update scripts/bench/baseline-k8s.ts');
  }
}

/** A Terraform JSON document without cdktf's metadata blocks ("//"). */
function withoutMetadata(value: any): any {
  if (Array.isArray(value)) {
    return value.map(withoutMetadata);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, withoutMetadata(v)]));
  }
  return value;
}

/** A JSON value with every object's keys sorted. */
function canonical(value: any): any {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

function scenario2(): string {
  const dir = tmp('s2');
  const exported = path.join(dir, 'platform.tf.json');
  const baseline = path.join(dir, 'baseline.ts');
  const both = path.join(dir, 'baseline-both.ts');
  const librarysYaml = path.join(dir, 'export', 'dist');
  child('scripts/bench/cloud.ts', ['export', path.join(dir, 'export'), exported]);
  child('scripts/bench/cloud.ts', ['generate', exported, baseline]);
  child('scripts/bench/cloud.ts', ['generate', exported, both, librarysYaml]);
  const resources = Object.values<Record<string, unknown>>(JSON.parse(fs.readFileSync(exported, 'utf-8')).resource).reduce((n, r) => n + Object.keys(r).length, 0);
  const programs: Record<string, (out: string) => string[]> = {
    baseline: (out) => [baseline, out],
    both: (out) => [both, out],
    library: (out) => [path.join(root, 'scripts', 'bench', 'cloud.ts'), 'library', out],
  };
  // The baseline must write the library's Terraform JSON, construct-path metadata ("//") aside.
  inTemp('s2-check', (check) => {
    child(baseline, [check]);
    const terraform = (file: string) => JSON.stringify(canonical(withoutMetadata(JSON.parse(fs.readFileSync(file, 'utf-8')))));
    if (terraform(path.join(check, 'cdktf.out', 'stacks', 'platform', 'cdk.tf.json')) !== terraform(exported)) {
      throw new Error(`scenario 2: the generated hand-written stack (${baseline}) does not write the library's Terraform JSON; see scripts/bench/cloud.ts`);
    }
  });
  // The program with both halves by hand must also write the library's YAML: the same files, the
  // same documents (cdk8s orders some keys of a plain ApiObject differently: compared parsed).
  inTemp('s2-check-both', (check) => {
    child(both, [check]);
    const documents = (folder: string) => Object.fromEntries(fs.readdirSync(folder).sort()
      .map((file) => [file, JSON.stringify(canonical(yaml.parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf-8')).map((d) => d.toJS())))]));
    if (JSON.stringify(documents(path.join(check, 'dist'))) !== JSON.stringify(documents(librarysYaml))) {
      throw new Error(`scenario 2: the generated hand-written program (${both}) does not write the library's YAML; see scripts/bench/cloud.ts`);
    }
  });
  // A run takes under half a second and varies by a third between runs on this kind of machine:
  // three times the samples, still a few seconds in all.
  const m = interleave(Object.fromEntries(Object.entries(programs).map(([mode, program]) => [mode, () => inTemp(`s2-${mode}`, (out) => {
    const [script, ...rest] = program(out);
    return child(script, rest);
  })])), S2_RUNS);
  // The same two programs run by the cdktf CLI end to end (`cdktf synth`, the command the scenario
  // names) with the examples' app command: the CLI's start-up, transpiling, loading, construction
  // and synthesis.
  const register = require.resolve('ts-node/register/transpile-only');
  const variants: Record<string, () => Sample> = {};
  for (const [mode, program] of Object.entries(programs).filter(([name]) => name !== 'both')) {
    variants[`cli-${mode}`] = () => inTemp(`s2-cli-${mode}`, (out) => {
      const app = ['node', '-r', register, ...program(out)].join(' ');
      fs.writeFileSync(path.join(out, 'cdktf.json'), JSON.stringify({ language: 'typescript', app, sendCrashReports: 'false' }));
      return timed([path.join(root, 'node_modules', '.bin', 'cdktf'), 'synth', '--output', path.join(out, 'cdktf.out')], out);
    });
  }
  const cli = interleave(variants);
  fs.rmSync(dir, { recursive: true, force: true });
  // Import cost: what a program loads through the library against loading the dependencies it
  // uses itself. A YAML-only program (Workload, TeamNamespace in a cdk8s chart) uses cdk8s,
  // cdk8s-plus-27 and constructs; a platform program uses all of the library's dependencies.
  const modules = [...new Set(walk(path.join(root, 'src')).flatMap((f) => fs.readFileSync(f, 'utf-8').match(/@cdktf\/provider-aws\/lib\/[a-z0-9-]+/g) ?? []))].sort();
  const requires = (mods: string[]) => mods.map((mod) => `require('${mod}');`).join('');
  const loads: Record<string, { label: string; code: string }> = {
    'node': { label: 'plain Node', code: '' },
    'deps-yaml': { label: 'cdk8s, cdk8s-plus-27, constructs', code: requires(['cdk8s', 'cdk8s-plus-27', 'constructs']) },
    'lib-yaml': { label: 'cdk-paved-road, a YAML-only program\'s imports (`Workload`, `TeamNamespace`)', code: "const l = require('./lib'); l.Workload; l.TeamNamespace;" },
    'deps-all': { label: `cdktf, cdk8s, cdk8s-plus-27, constructs and the ${modules.length} provider modules the library uses`, code: requires(['cdktf', 'cdk8s', 'cdk8s-plus-27', 'constructs', ...modules]) },
    'lib-all': { label: 'cdk-paved-road, every export read', code: "const l = require('./lib'); for (const k of Object.keys(l)) l[k];" },
    'lib-root': { label: "cdk-paved-road, `require('cdk-paved-road')` alone", code: "require('./lib');" },
  };
  const imports = interleave(Object.fromEntries(Object.entries(loads).map(([k, { code }]) => [k, () => timed([process.execPath, '-e', code], root)])));
  const against: Record<string, string> = { 'lib-yaml': 'deps-yaml', 'lib-all': 'deps-all', 'lib-root': 'deps-yaml' };
  const row = (label: string, b: Sample[], l: Sample[], field: Field, h?: Sample[]) => [
    label, spread(b, field), h ? spread(h, field) : '-', spread(l, field),
    ratio(med(l, field), med(b, field)) + (h ? ` / ${ratio(med(l, field), med(h, field))}` : ''),
  ];
  return [
    `A PlatformCluster (production, one team) and 50 ServiceApps with their cloud parts: ${resources} Terraform resources.`,
    'The baseline is a TypeScript program generated from the library\'s Terraform JSON (scripts/bench/cloud.ts): each',
    'resource built from its deep-imported `@cdktf/provider-aws` class with the same configuration, each reference read',
    'from its attribute getter as hand-written code does (`roleArn: e3.arn`, `url: e284.identity.get(0).oidc.get(0).issuer`),',
    'then `App.synth()`; the Terraform JSON it writes is checked to equal the library\'s apart from construct-path metadata.',
    'It loads cdktf and its provider modules only. The library program loads the compiled library (lib/) and runs',
    '`PlatformApp.synth()`, which also writes the cluster\'s and services\' YAML and runs the guardrails. The second',
    'baseline does both halves by hand: the same program plus the library\'s YAML written with cdk8s (a Chart per file,',
    'an ApiObject per document, `App.synth()`, one file per chart), checked to write the same documents.',
    `Median of ${S2_RUNS} runs each (min-max), interleaved. In process: the programs' own clock after their imports.`,
    'Whole process: the same runs, `node -r ts-node/register/transpile-only <program>` (the examples\' app command) with',
    `Node's start-up, ts-node, transpiling and loading. \`cdktf synth\`: the CLI end to end running that command (median of ${runs}).`,
    '',
    table(['', 'hand-written cdktf, deep imports (Terraform only)', 'hand-written cdktf + cdk8s (both outputs)', 'cdk-paved-road',
      'ratio (medians; against Terraform only / both)'], [
      row('construct + synth, in process', m.baseline, m.library, 'ms', m.both),
      row('its CPU time', m.baseline, m.library, 'cpuMs', m.both),
      row('whole process', m.baseline, m.library, 'wallMs', m.both),
      row('its CPU time', m.baseline, m.library, 'wallCpuMs', m.both),
      row('its peak RSS', m.baseline, m.library, 'rssMb', m.both),
      row('`cdktf synth` end to end', cli['cli-baseline'], cli['cli-library'], 'ms'),
      row('its CPU time', cli['cli-baseline'], cli['cli-library'], 'wallCpuMs'),
      row('its peak RSS', cli['cli-baseline'], cli['cli-library'], 'rssMb'),
    ]),
    '',
    `Loading (a \`node -e\` process each, median of ${runs} (min-max); ratios against the dependencies that program uses):`,
    '',
    table(['require', 'time', 'CPU time', 'peak RSS', 'ratio (time / CPU / RSS)'], Object.entries(loads).map(([k, { label }]) => [
      label, spread(imports[k], 'ms'), spread(imports[k], 'wallCpuMs'), spread(imports[k], 'rssMb'),
      against[k] ? (['ms', 'wallCpuMs', 'rssMb'] as Field[]).map((f) => ratio(med(imports[k], f), med(imports[against[k]], f))).join(' / ') : '-',
    ])),
  ].join('\n');
}

function scenario3(): string {
  const dir = tmp('s3');
  const modules = [...new Set(walk(path.join(root, 'src')).flatMap((f) => fs.readFileSync(f, 'utf-8').match(/@cdktf\/provider-aws\/lib\/[a-z0-9-]+/g) ?? []))].sort();
  const tsconfig = (files: string[]) => JSON.stringify({
    compilerOptions: {
      target: 'ES2020',
      module: 'commonjs',
      lib: ['es2020'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      baseUrl: '.',
      paths: { 'cdk-paved-road': [path.relative(dir, path.join(root, 'lib', 'index.d.ts'))] },
    },
    files,
  });
  const variants: Record<string, () => Sample> = {};
  const write = (name: string, source: string) => {
    fs.writeFileSync(path.join(dir, `${name}.ts`), source);
    fs.writeFileSync(path.join(dir, `tsconfig.${name}.json`), tsconfig([`${name}.ts`]));
    variants[name] = () => timed([process.execPath, path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`], dir);
  };
  const examples = fs.readdirSync(path.join(root, 'examples')).filter((e) => fs.existsSync(path.join(root, 'examples', e, 'main.ts'))).sort();
  for (const e of examples) {
    // The examples import 'cdk-paved-road', mapped here to the compiled lib/ (paths above).
    write(`example-${e}`, fs.readFileSync(path.join(root, 'examples', e, 'main.ts'), 'utf-8'));
  }
  write('deep-imports', [
    "import { App, TerraformStack } from 'cdktf';",
    "import { App as K8sApp, Chart } from 'cdk8s';",
    "import * as kplus from 'cdk8s-plus-27';",
    ...modules.map((m, i) => `import * as m${i} from '${m}';`),
    'const stack = new TerraformStack(new App(), \'s\');',
    'new kplus.Deployment(new Chart(new K8sApp(), \'c\'), \'d\');',
    `console.log(stack, [${modules.map((_, i) => `m${i}`).join(', ')}].length);`,
  ].join('\n'));
  // The package root, deliberately (the deep-import lint rule and test would refuse it written out here).
  const packageRoot = ['@cdktf', 'provider-aws'].join('/');
  write('package-root', `import * as aws from '${packageRoot}';\nconsole.log(Object.keys(aws).length);\n`);
  const m = interleave(variants);
  const base = m['deep-imports'];
  return [
    '`tsc --noEmit` (strict, skipLibCheck as in the cdktf project template) of each example\'s main.ts importing',
    '`cdk-paved-road` (its compiled .d.ts); the baselines import cdktf, cdk8s, cdk8s-plus-27 and the',
    `${modules.length} provider modules the library uses by deep path, or the provider's package root.`,
    '',
    table(['file', 'time', 'memory', 'vs deep imports (time / memory)'], Object.entries(m).map(([name, s]) => [
      name, spread(s, 'ms'), spread(s, 'rssMb'), `${ratio(med(s, 'ms'), med(base, 'ms'))} / ${ratio(med(s, 'rssMb'), med(base, 'rssMb'))}`,
    ])),
  ].join('\n');
}

/** Scenario 4's runs: each CLI end to end, and the app command alone, twice the runs (each run is short). */
const S4_RUNS = runs * 2;

/**
 * examples/service through the CLIs, on the compiled library as a consumer runs it, against the same
 * program written by hand (scripts/bench/service-by-hand.ts, generated from what the example writes
 * and checked to write the same before anything is timed), both run with the example's app command.
 */
function scenario4(): string {
  const example = path.join(root, 'examples', 'service');
  const resolved = require.resolve('cdk-paved-road', { paths: [example] });
  if (resolved !== path.join(root, 'lib', 'index.js')) {
    throw new Error(`scenario 4: examples/service loads 'cdk-paved-road' from ${resolved}, not the compiled lib/`);
  }
  const app = JSON.parse(fs.readFileSync(path.join(example, 'cdktf.json'), 'utf-8')).app as string;
  const dir = tmp('s4');
  // The library's outputs, then the hand-written program generated from them, in a folder of its
  // own with the example's cdktf.json and cdk8s.yaml (the same app command).
  const exported = path.join(dir, 'library');
  timed(['sh', '-c', app], example, { CDKTF_OUTDIR: path.join(exported, 'cdktf.out'), CDK8S_OUTDIR: path.join(exported, 'dist') });
  const hand = path.join(dir, 'hand');
  fs.mkdirSync(hand);
  for (const file of ['cdktf.json', 'cdk8s.yaml']) {
    fs.copyFileSync(path.join(example, file), path.join(hand, file));
  }
  const generate = spawnSync(process.execPath, [...TS_NODE, path.join(root, 'scripts', 'bench', 'service-by-hand.ts'), 'generate', exported, hand],
    { cwd: root, encoding: 'utf-8', env });
  if (generate.status !== 0) {
    throw new Error(`scenario 4: generating the hand-written program failed: ${generate.stderr}`);
  }
  const generated = JSON.parse(generate.stdout.trim().split('\n').pop()!);
  const programs: Record<string, string> = { hand, library: example };
  const cdktf = (cwd: string, out: string) => timed([path.join(root, 'node_modules', '.bin', 'cdktf'), 'synth', '--output', out], cwd);
  const cdk8s = (cwd: string, out: string) => timed([path.join(root, 'node_modules', '.bin', 'cdk8s'), 'synth', '--no-check-upgrade', '--output', out], cwd);
  const alone = (cwd: string, out: string) => timed(['sh', '-c', app], cwd, { CDKTF_OUTDIR: path.join(out, 'cdktf.out'), CDK8S_OUTDIR: path.join(out, 'dist') });

  // Before timing: through the CLIs, the hand-written program writes what the library writes.
  const written = Object.fromEntries(Object.entries(programs).map(([name, cwd]) => {
    // Each CLI into a folder of its own: the program run by one CLI writes the other output beside it.
    const out = path.join(dir, `check-${name}`);
    fs.mkdirSync(path.join(out, 'tf'), { recursive: true });
    fs.mkdirSync(path.join(out, 'k8s'), { recursive: true });
    cdktf(cwd, path.join(out, 'tf', 'cdktf.out'));
    cdk8s(cwd, path.join(out, 'k8s', 'dist'));
    return [name, out];
  }));
  const stacks = (out: string) => fs.readdirSync(path.join(out, 'tf', 'cdktf.out', 'stacks')).sort();
  const terraform = (out: string, stack: string) => withoutMetadata(JSON.parse(fs.readFileSync(path.join(out, 'tf', 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf-8')));
  if (stacks(written.hand).join() !== stacks(written.library).join()
    || stacks(written.library).some((s) => JSON.stringify(terraform(written.hand, s)) !== JSON.stringify(terraform(written.library, s)))) {
    throw new Error(`scenario 4: the hand-written program (${hand}/program.ts) does not write the library's Terraform JSON; see scripts/bench/service-by-hand.ts`);
  }
  const yamlFiles = (out: string) => fs.readdirSync(path.join(out, 'k8s', 'dist')).filter((f) => f.endsWith('.yaml')).sort();
  const text = (out: string, f: string) => fs.readFileSync(path.join(out, 'k8s', 'dist', f), 'utf-8');
  const documents = (out: string, f: string) => JSON.stringify(canonical(yaml.parseAllDocuments(text(out, f)).map((d) => d.toJS())));
  if (yamlFiles(written.hand).join() !== yamlFiles(written.library).join()
    || yamlFiles(written.library).some((f) => documents(written.hand, f) !== documents(written.library, f))) {
    throw new Error(`scenario 4: the hand-written program (${hand}/program.ts) does not write the library's YAML; see scripts/bench/service-by-hand.ts`);
  }
  const sameBytes = yamlFiles(written.library).filter((f) => text(written.hand, f) === text(written.library, f)).length;
  const counts = Object.fromEntries(['resource', 'data'].map((kind) => [kind, stacks(written.library).reduce((n, s) => n
    + Object.values<Record<string, unknown>>(terraform(written.library, s)[kind] ?? {}).reduce((m, r) => m + Object.keys(r).length, 0), 0)]));
  const files = { stacks: stacks(written.library).length, yaml: yamlFiles(written.library).length };
  const objects = yamlFiles(written.library).reduce((n, f) => n + yaml.parseAllDocuments(text(written.library, f)).filter((d) => d.toJS()).length, 0);

  const variants: Record<string, () => Sample> = {};
  for (const [name, cwd] of Object.entries(programs)) {
    variants[`cdktf-${name}`] = () => inTemp('s4-cdktf', (out) => cdktf(cwd, path.join(out, 'cdktf.out')));
    variants[`cdk8s-${name}`] = () => inTemp('s4-cdk8s', (out) => cdk8s(cwd, path.join(out, 'dist')));
    variants[`app-${name}`] = () => inTemp('s4-app', (out) => alone(cwd, out));
  }
  const m = interleave(variants, S4_RUNS);
  fs.rmSync(dir, { recursive: true, force: true });
  const row = (label: string, key: string, field: Field) => [label, spread(m[`${key}-hand`], field), spread(m[`${key}-library`], field),
    ratio(med(m[`${key}-library`], field), med(m[`${key}-hand`], field))];
  const verdict = (key: string, cli: string) => {
    const [cpu, wall] = (['wallCpuMs', 'wallMs'] as Field[]).map((f) => med(m[`${key}-library`], f) / med(m[`${key}-hand`], f));
    const met = cpu <= 1.2 && wall <= 1.2 ? 'met' : cpu <= 1.2 ? 'met on CPU time, not on wall time' : 'not met';
    return `\`${cli}\` ${cpu.toFixed(2)}x CPU time, ${wall.toFixed(2)}x wall time: ${met}`;
  };
  return [
    `examples/service (\`shop-prod\` and \`shop-dev\`: ${files.stacks} stacks, ${counts.resource} Terraform resources and ${counts.data} data`,
    `sources, ${files.yaml} YAML files with ${objects} objects) on the compiled library (\`lib/\`, where \`cdk-paved-road\` resolves`,
    'from the example), against the same program written by hand (scripts/bench/service-by-hand.ts, generated from the',
    'example\'s outputs: per stack its backend, provider and each element from its deep-imported `@cdktf/provider-aws` class',
    'with the same configuration, references through the getters; a cdk8s Chart per YAML file with an ApiObject per document;',
    `one program writing both). The hand-written program is ${Math.round(generated.bytes / 1024)} KB of TypeScript written flat, compiled to`,
    'JavaScript beforehand so that its length costs it nothing (its main.ts only imports it); the library\'s program is the',
    `example's ${(fs.statSync(path.join(example, 'main.ts')).size / 1024).toFixed(1)} KB main.ts, transpiled by ts-node at every run. Checked before timing, through the`,
    'CLIs: the same Terraform JSON (construct-path metadata aside) and the same YAML documents',
    `(${sameBytes} of ${files.yaml} files byte-identical: cdk8s sorts the keys of some maps of a plain ApiObject, such as \`matchLabels\`).`,
    'The library also runs its checks and writes its Backstage catalog and guardrail report, which the hand-written program',
    `does not. Both run with the example's app command (\`${app}\`), the CLIs`,
    `from node_modules/.bin (no npx). Median (min-max) of ${S4_RUNS} runs each, interleaved; CPU time is user + system of the`,
    'whole process tree, peak RSS that of its largest process (GNU time).',
    '',
    table(['examples/service', 'hand-written (cdktf + cdk8s)', 'cdk-paved-road', 'ratio (medians)'], [
      row('`cdktf synth`, wall time', 'cdktf', 'wallMs'),
      row('its CPU time', 'cdktf', 'wallCpuMs'),
      row('its peak RSS', 'cdktf', 'rssMb'),
      row('`cdk8s synth`, wall time', 'cdk8s', 'wallMs'),
      row('its CPU time', 'cdk8s', 'wallCpuMs'),
      row('its peak RSS', 'cdk8s', 'rssMb'),
      row('the app command alone, wall time', 'app', 'wallMs'),
      row('its CPU time', 'app', 'wallCpuMs'),
      row('its peak RSS', 'app', 'rssMb'),
    ]),
    '',
    `Against the target (each CLI <= 1.2x the hand-written program): ${verdict('cdktf', 'cdktf synth')}; ${verdict('cdk8s', 'cdk8s synth')}.`,
  ].join('\n');
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

// Every scenario runs the compiled library (lib/), as consumers get it: compiled first unless
// current (scripts/compile-lib.ts; `--no-compile` skips even the check).
if (!args.includes('--no-compile')) {
  compileLibIfStale();
}
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
const doc = path.join(root, 'docs', 'benchmarks.md');
const runners: Record<number, () => string> = { 1: scenario1, 2: scenario2, 3: scenario3, 4: scenario4 };
try {
  for (const s of scenarios) {
    console.log(`\nscenario ${s}`);
    const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; median and (min-max) of ${runs} runs, each a fresh process.\n\n${runners[s]()}`;
    console.log(body);
    const current = fs.readFileSync(doc, 'utf-8');
    const marker = new RegExp(`<!-- bench:${s}:start -->[\\s\\S]*<!-- bench:${s}:end -->`);
    const block = `<!-- bench:${s}:start -->\n${body}\n<!-- bench:${s}:end -->`;
    fs.writeFileSync(doc, marker.test(current) ? current.replace(marker, block) : `${current}\n${block}\n`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nwritten to ${path.relative(root, doc)}`);
