/**
 * npm run bench [-- --runs 5 --sizes 100,1000,5000]
 *
 * Scenario 1 (workloads): N ServiceApps synthesized by the library (one YAML file per service,
 * plus their Terraform and the guardrails) against the same Kubernetes objects hand-built with
 * cdk8s-plus-27 in a single chart, each measured in the same run, each figure the median of
 * `--runs` runs in a fresh process (wall time of construct + synth; peak RSS).
 * Prints a table and writes it to docs/benchmarks.md (the "before" figures there are kept by hand).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
const sizes = arg('sizes', '100,1000,5000').split(',').map(Number);
const root = path.resolve(__dirname, '..');

function once(mode: string, n: number): { ms: number; rssMb: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', '-r', 'ts-node/register/transpile-only', 'scripts/bench/workloads.ts', mode, String(n), path.join(out, 'o')],
    { cwd: root, encoding: 'utf-8' });
  fs.rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`${mode} ${n} failed: ${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: string[] = [];
for (const n of sizes) {
  const lib: Array<{ ms: number; rssMb: number }> = [];
  const base: Array<{ ms: number; rssMb: number }> = [];
  for (let i = 0; i < runs; i++) { // interleaved, so drift hits both alike
    base.push(once('baseline', n));
    lib.push(once('library', n));
  }
  const [lt, lm] = [median(lib.map((r) => r.ms)), median(lib.map((r) => r.rssMb))];
  const [bt, bm] = [median(base.map((r) => r.ms)), median(base.map((r) => r.rssMb))];
  const row = `| ${n} | ${(bt / 1000).toFixed(2)} s | ${bm} MB | ${(lt / 1000).toFixed(2)} s | ${lm} MB | ${(lt / bt).toFixed(2)}x | ${(lm / bm).toFixed(2)}x |`;
  rows.push(row);
  console.log(row);
}
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
const table = [
  `Machine: ${machine}. Median of ${runs} runs, each in a fresh process; ts-node (transpile-only) in both.`,
  '',
  '| services | cdk8s-plus, one chart: time | memory | cdk-paved-road, one file per service: time | memory | time ratio | memory ratio |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
console.log(`\n${table}`);
const doc = path.join(root, 'docs', 'benchmarks.md');
const current = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf-8') : '';
const marker = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
const block = `<!-- bench:start -->\n${table}\n<!-- bench:end -->`;
fs.writeFileSync(doc, marker.test(current) ? current.replace(marker, block) : `${current}\n${block}\n`);
console.log(`\nwritten to ${path.relative(root, doc)}`);
