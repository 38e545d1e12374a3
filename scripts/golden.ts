/**
 * The identities every example synthesizes: each Terraform address (`<stack> <type>.<name>`, data
 * sources and outputs included) and each Kubernetes object (`<file> <apiVersion> <kind>
 * <namespace>/<name>`). A Terraform address comes from a construct ID: when one changes, Terraform
 * destroys the resource and creates another (a database with its data). test/golden/<example>.txt
 * keeps the reviewed list; test/project/golden-identities.test.ts fails when the output differs.
 *
 * Usage: npm run golden [-- NAME ...]   (rewrites test/golden/<example>.txt after a deliberate change)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { assertLibCurrent, compileLibIfStale } from './compile-lib';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
export const GOLDEN_DIR = path.resolve(__dirname, '..', 'test', 'golden');

/** Examples with a main.ts, sorted. */
export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES_DIR).filter((d) => fs.existsSync(path.join(EXAMPLES_DIR, d, 'main.ts'))).sort();
}

/** Runs an example's main.ts into a scratch folder and lists its identities, one a line, sorted. */
export function exampleIdentities(name: string): string[] {
  assertLibCurrent();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `golden-${name}-`));
  try {
    const tfOut = path.join(scratch, 'cdktf.out');
    const k8sOut = path.join(scratch, 'dist');
    // Only what the example needs: its own defaults, not whatever the calling shell exports.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratch, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: tfOut, CDK8S_OUTDIR: k8sOut };
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
      cwd: path.join(EXAMPLES_DIR, name), env, encoding: 'utf-8',
    });
    if (run.status !== 0) {
      throw new Error(`examples/${name}/main.ts failed (exit ${run.status}):\n${run.stderr}`);
    }
    return [...terraformIdentities(tfOut), ...kubernetesIdentities(k8sOut)].sort();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function terraformIdentities(outdir: string): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  const lines: string[] = [];
  for (const stack of fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : []) {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf-8'));
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
      lines.push(...Object.keys(byName).map((n) => `terraform ${stack} ${type}.${n}`));
    }
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json.data ?? {})) {
      lines.push(...Object.keys(byName).map((n) => `terraform ${stack} data.${type}.${n}`));
    }
    lines.push(...Object.keys(json.output ?? {}).map((n) => `terraform ${stack} output.${n}`));
  }
  return lines;
}

function kubernetesIdentities(outdir: string): string[] {
  const lines: string[] = [];
  for (const file of fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')) : []) {
    for (const doc of yaml.parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf-8'))) {
      const o = doc.toJSON();
      if (o) {
        lines.push(`kubernetes ${file} ${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);
      }
    }
  }
  return lines;
}

/** The golden file of an example. */
export function goldenFile(name: string): string {
  return path.join(GOLDEN_DIR, `${name}.txt`);
}

if (require.main === module) {
  compileLibIfStale();
  const only = process.argv.slice(2);
  fs.mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const name of exampleNames().filter((n) => only.length === 0 || only.includes(n))) {
    const lines = exampleIdentities(name);
    const file = goldenFile(name);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf-8').split('\n').filter(Boolean) : [];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const added = lines.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !lines.includes(l));
    console.log(`${path.relative(process.cwd(), file)}: ${lines.length} identities (+${added.length} -${removed.length})`);
    for (const l of removed) console.log(`  - ${l}`);
    for (const l of added) console.log(`  + ${l}`);
  }
}
