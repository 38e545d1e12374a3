/**
 * Synthesizes every example in examples/ (each one's main.ts writes both outputs) and prints where
 * the Terraform JSON and the Kubernetes YAML went and how many resources and objects each holds.
 * The examples import 'cdk-paved-road', the compiled lib/: compiled first when missing or stale.
 * Usage: npm run examples [-- NAME ...]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { compileLibIfStale } from './compile-lib';

const root = path.resolve(__dirname, '..', 'examples');
const only = process.argv.slice(2);
const examples = fs.readdirSync(root)
  .filter((d) => fs.existsSync(path.join(root, d, 'main.ts')))
  .filter((d) => only.length === 0 || only.includes(d))
  .sort();

compileLibIfStale();
let failed = 0;
for (const name of examples) {
  const dir = path.join(root, name);
  fs.rmSync(path.join(dir, 'cdktf.out'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'catalog'), { recursive: true, force: true });
  const started = Date.now();
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: withoutOutdirs(process.env),
  });
  if (run.status !== 0) {
    console.error(`examples/${name}: FAILED (exit ${run.status})`);
    failed++;
    continue;
  }
  console.log(`examples/${name} (${Date.now() - started} ms)`);
  const stacks = path.join(dir, 'cdktf.out', 'stacks');
  for (const stack of fs.existsSync(stacks) ? fs.readdirSync(stacks).sort() : []) {
    const file = path.join(stacks, stack, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf-8'));
    const count = Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
    console.log(`  terraform  ${path.relative(process.cwd(), file).padEnd(60)} ${String(count).padStart(4)} resources`);
  }
  const dist = path.join(dir, 'dist');
  for (const file of fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')).sort() : []) {
    const full = path.join(dist, file);
    const count = yaml.parseAllDocuments(fs.readFileSync(full, 'utf-8')).filter((d) => d.toJSON()).length;
    console.log(`  kubernetes ${path.relative(process.cwd(), full).padEnd(60)} ${String(count).padStart(4)} objects`);
  }
}
function withoutOutdirs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Each example writes to its own cdktf.out/ and dist/, whatever the calling shell set.
  const { CDKTF_OUTDIR: _tf, CDK8S_OUTDIR: _k8s, ...rest } = env;
  return rest;
}

if (failed > 0) {
  process.exit(1);
}
