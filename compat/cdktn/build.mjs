#!/usr/bin/env node
// Writes the CDK Terrain (cdktn) flavour of this repository into a build folder: src/, test/,
// examples/, scripts/, bin/ and README.md (the tests check it) with every file rewritten by rewrite.cjs (cdktf -> cdktn), the two
// tsconfig files, and a package.json for the package `cdk-paved-road-cdktn` (the main manifest
// with cdktn's packages in place of cdktf's). node_modules in it links to compat/cdktn/node_modules.
//
// The folder is outside the repository on purpose: Node looks for modules in every parent folder,
// and from inside the repository it would find cdktf in the main node_modules whenever a reference
// escaped the rewrite. From outside, such a reference fails (test.sh also checks that cdktf does
// not resolve there).
//
// Usage: node compat/cdktn/build.mjs [outdir]   (default: $CDKTN_BUILD_DIR, else a folder in the
// system's temp folder named after this checkout). Prints the folder.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { cdktnManifest, rewriteSource } = require('./rewrite.cjs');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

/** What the build copies (rewritten), relative to the repository root. */
const COPIED = ['src', 'test', 'examples', 'scripts', 'bin', 'tsconfig.json', 'tsconfig.dev.json', 'LICENSE', 'README.md'];
/**
 * Not copied: the test of this build's own tooling (compat/, .ci/run, the release workflow), which
 * the build folder does not hold.
 */
const EXCLUDED = new Set(['test/project/cdktn-package.test.ts']);
/** Output and generated folders the examples may hold (gitignored), never copied. */
const SKIPPED = new Set(['cdktf.out', 'dist', '.gen', 'catalog', 'node_modules']);
/**
 * The examples import 'cdk-paved-road' through this committed link to the repository root (its
 * package.json names lib/index.js; scripts/compile-lib.ts). Made again in the build, where it names
 * the build: the examples run there on the build's own lib/, compiled from the rewritten source
 * (test.sh, package.sh).
 */
const EXAMPLES_LINK = path.join('examples', 'node_modules', 'cdk-paved-road');

function copyTree(from, to) {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
      if (!SKIPPED.has(entry) && !EXCLUDED.has(path.relative(ROOT, path.join(from, entry)).split(path.sep).join('/'))) {
        copyTree(path.join(from, entry), path.join(to, entry));
      }
    }
    return;
  }
  fs.writeFileSync(to, rewriteSource(fs.readFileSync(from, 'utf-8')), { mode: stat.mode });
}

/** Writes the build folder and returns its path. */
export function build(outdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  for (const entry of COPIED) {
    copyTree(path.join(ROOT, entry), path.join(outdir, entry));
  }
  const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf-8'));
  const manifest = cdktnManifest(readJson(path.join(ROOT, 'package.json')), readJson(path.join(HERE, 'package.json')));
  fs.writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify(manifest, undefined, 2)}\n`);
  fs.mkdirSync(path.dirname(path.join(outdir, EXAMPLES_LINK)), { recursive: true });
  fs.symlinkSync(fs.readlinkSync(path.join(ROOT, EXAMPLES_LINK)), path.join(outdir, EXAMPLES_LINK), 'dir');
  fs.symlinkSync(path.join(HERE, 'node_modules'), path.join(outdir, 'node_modules'), 'dir');
  return outdir;
}

export function defaultOutdir() {
  const id = createHash('sha256').update(ROOT).digest('hex').slice(0, 10);
  return process.env.CDKTN_BUILD_DIR || path.join(os.tmpdir(), `cdk-paved-road-cdktn-${id}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = path.resolve(process.argv[2] ?? defaultOutdir());
  if (outdir === ROOT || outdir.startsWith(`${ROOT}${path.sep}`)) {
    process.stderr.write(`build.mjs: ${outdir} is inside the repository, where cdktf resolves from its node_modules; pick a folder outside it\n`);
    process.exit(1);
  }
  process.stdout.write(`${build(outdir)}\n`);
}
