/**
 * Compiles src/ into lib/ as the package ships it (jsii, then the lazy index files of
 * scripts/lazy-exports.ts), unless lib/ is current: built from src/ and the build's inputs as they
 * are now. A hash of those inputs is kept in lib/.inputs-sha256 (left out of the npm package).
 *
 * Why: the examples import 'cdk-paved-road' as a consumer's program does, and it resolves to this
 * repository's compiled lib/ (examples/node_modules/cdk-paved-road is a committed link to the
 * repository root, whose package.json names lib/index.js), so every run of an example outside
 * jest (the CLIs, `npm run examples`, the tests that spawn an example) needs lib/ current.
 * `npm test`, `npm run examples` and `npm run golden` run this first (`npm run lib`); the tests
 * that spawn an example fail with LIB_NOT_CURRENT when lib/ is missing or stale.
 *
 * Usage: ts-node --transpile-only scripts/compile-lib.ts [--force]   (the compile task uses --force)
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { lazifyFolder } from './lazy-exports';

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join('lib', '.inputs-sha256');
/** What lib/ is built from besides src/ (the lockfile: the dependencies' declarations jsii reads). */
const INPUTS = ['tsconfig.json', 'package.json', 'package-lock.json', 'scripts/lazy-exports.ts', 'scripts/compile-lib.ts'];

/** The message of a test that needs lib/ when it is not current. */
export const LIB_NOT_CURRENT = 'lib/ is missing or older than src/: the examples import \'cdk-paved-road\', which resolves to the compiled lib/ '
  + '(examples/node_modules/cdk-paved-road -> ../..); run `npm run lib` (npm test runs it first)';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A hash of everything lib/ is compiled from: each file's path and content. */
export function inputsHash(root: string = ROOT): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(path.join(root, 'src')).map((f) => path.relative(root, f)), ...INPUTS.filter((f) => fs.existsSync(path.join(root, f)))];
  for (const file of files.sort()) {
    hash.update(`${file.split(path.sep).join('/')}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether lib/ was compiled from the inputs as they are now. */
export function libState(root: string = ROOT): 'current' | 'missing' | 'stale' {
  const stamp = path.join(root, STAMP);
  if (!fs.existsSync(path.join(root, 'lib', 'index.js')) || !fs.existsSync(stamp)) {
    return 'missing';
  }
  return fs.readFileSync(stamp, 'utf-8').trim() === inputsHash(root) ? 'current' : 'stale';
}

/** Throws LIB_NOT_CURRENT unless lib/ is current: for whatever runs an example outside jest. */
export function assertLibCurrent(root: string = ROOT): void {
  const state = libState(root);
  if (state !== 'current') {
    throw new Error(`${LIB_NOT_CURRENT} (lib/ is ${state})`);
  }
}

/** jsii, then the lazy index files, then the stamp (of the inputs as they were before jsii read them). */
export function compileLib(root: string = ROOT): void {
  const hash = inputsHash(root);
  fs.rmSync(path.join(root, STAMP), { force: true });
  const jsii = spawnSync(process.execPath, [require.resolve('jsii/bin/jsii', { paths: [root] }), '--silence-warnings=reserved-word'], { cwd: root, stdio: 'inherit' });
  if (jsii.status !== 0) {
    throw new Error(`jsii failed (exit ${jsii.status}); lib/ is not current`);
  }
  const lazy = lazifyFolder(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, STAMP), `${hash}\n`);
  console.log(`compile-lib: lib/ compiled (jsii, then ${lazy} lazy index files)`);
}

/** Compiles lib/ unless it is current; returns whether it compiled. */
export function compileLibIfStale(root: string = ROOT): boolean {
  const state = libState(root);
  if (state === 'current') {
    return false;
  }
  console.log(`compile-lib: lib/ is ${state}, compiling`);
  compileLib(root);
  return true;
}

if (require.main === module) {
  if (process.argv.includes('--force')) {
    compileLib();
  } else if (!compileLibIfStale()) {
    console.log('compile-lib: lib/ is current');
  }
}
