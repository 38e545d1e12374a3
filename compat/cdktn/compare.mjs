#!/usr/bin/env node
// Synthesizes every example on both engines, cdktf (this repository) and cdktn (the build folder
// that build.mjs wrote), and compares what they write:
//   - Kubernetes YAML (dist/): byte-identical.
//   - Terraform JSON (cdktf.out/): equal once the version metadata is removed: the engine's
//     version (VERSION_METADATA below) and the Terraform provider version each provider binding
//     pins (@cdktf/provider-aws 21.x pins hashicorp/aws 6.25.0, @cdktn/provider-aws 25.7 pins
//     6.66.0), with a provider `source` of "aws" read as Terraform reads it, "hashicorp/aws";
//     except strings that name the CLI (e.g. an IAM role description "cdktf deploy"), which must
//     differ by exactly the rewrite (cdktf -> cdktn) and are listed.
//   - Other files an example writes (the platform's GitHub workflows): equal up to the rewrite.
// Anything else fails (exit 1). Usage: node compat/cdktn/compare.mjs <build folder>
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { rewriteSource } = require('./rewrite.cjs');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

/** Where each engine writes its version: cdktf.out/manifest.json and each stack's "//" block. */
const VERSION_METADATA = [
  ['version'], // manifest.json: the engine's version
  ['//', 'metadata', 'version'], // cdk.tf.json: the engine's version
];

function filesUnder(dir) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
}

/** Runs one example's main.ts from `root` (the repository or the build folder) into `out`. */
function synth(root, example, out) {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: path.join(root, 'examples', example),
    encoding: 'utf-8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? out,
      CHECKPOINT_DISABLE: '1',
      CDKTF_OUTDIR: path.join(out, 'cdktf.out'),
      CDK8S_OUTDIR: path.join(out, 'dist'),
      WORKFLOW_OUTDIR: path.join(out, 'workflows'),
    },
  });
  if (run.status !== 0) {
    throw new Error(`${root}/examples/${example}/main.ts failed (exit ${run.status}):\n${run.stderr}`);
  }
}

/** Removes the version metadata from a parsed Terraform JSON file (and spells provider sources in full); returns what it removed. */
function withoutVersions(json) {
  const removed = [];
  for (const keys of VERSION_METADATA) {
    const parent = keys.slice(0, -1).reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), json);
    const last = keys[keys.length - 1];
    if (parent && typeof parent === 'object' && last in parent) {
      removed.push(`${keys.join('.')}=${JSON.stringify(parent[last])}`);
      delete parent[last];
    }
  }
  for (const [name, provider] of Object.entries(json.terraform?.required_providers ?? {})) {
    if ('version' in provider) {
      removed.push(`terraform.required_providers.${name}.version=${JSON.stringify(provider.version)}`);
      delete provider.version;
    }
    // Terraform reads a source without a namespace as hashicorp/<name> (registry.terraform.io).
    if (typeof provider.source === 'string' && !provider.source.includes('/')) {
      provider.source = `hashicorp/${provider.source}`;
    }
  }
  return removed;
}

/** Paths at which two JSON values differ (key order included), each with both values. */
function differences(a, b, at = '') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ at: at || '/', cdktf: a, cdktn: b }];
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\0') !== kb.join('\0')) {
    return [{ at: `${at || '/'} (keys)`, cdktf: ka, cdktn: kb }];
  }
  return ka.flatMap((k) => differences(a[k], b[k], `${at}/${k}`));
}

/** A difference the rewrite explains: a string naming the CLI (cdktf -> cdktn). */
function isCliName(d) {
  return typeof d.cdktf === 'string' && typeof d.cdktn === 'string' && rewriteSource(d.cdktf) === d.cdktn;
}

export function compare(build) {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts'))).sort();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-compare-'));
  const failures = [];
  const summary = { examples: examples.length, yamlFiles: 0, terraformFiles: 0, otherFiles: 0, versionKeysRemoved: new Set(), cliNames: [] };
  try {
    for (const example of examples) {
      const outs = { cdktf: path.join(scratch, 'cdktf', example), cdktn: path.join(scratch, 'cdktn', example) };
      synth(ROOT, example, outs.cdktf);
      synth(build, example, outs.cdktn);
      const files = filesUnder(outs.cdktf);
      const other = filesUnder(outs.cdktn);
      if (files.join('\n') !== other.join('\n')) {
        failures.push(`examples/${example}: different files\n  cdktf: ${files.join(', ')}\n  cdktn: ${other.join(', ')}`);
        continue;
      }
      for (const file of files) {
        const a = fs.readFileSync(path.join(outs.cdktf, file), 'utf-8');
        const b = fs.readFileSync(path.join(outs.cdktn, file), 'utf-8');
        if (file.startsWith(`dist${path.sep}`)) {
          summary.yamlFiles++;
          if (a !== b) {
            failures.push(`examples/${example}/${file}: the YAML differs`);
          }
        } else if (file.startsWith(`cdktf.out${path.sep}`) && file.endsWith('.json')) {
          summary.terraformFiles++;
          const ja = JSON.parse(a);
          const jb = JSON.parse(b);
          withoutVersions(ja).forEach((r) => summary.versionKeysRemoved.add(`cdktf ${r}`));
          withoutVersions(jb).forEach((r) => summary.versionKeysRemoved.add(`cdktn ${r}`));
          for (const d of differences(ja, jb)) {
            if (isCliName(d)) {
              summary.cliNames.push(`examples/${example}/${file} ${d.at}: ${JSON.stringify(d.cdktf)}`);
            } else {
              failures.push(`examples/${example}/${file} ${d.at}: cdktf ${JSON.stringify(d.cdktf)} vs cdktn ${JSON.stringify(d.cdktn)}`);
            }
          }
        } else {
          summary.otherFiles++;
          if (rewriteSource(a) !== b) {
            failures.push(`examples/${example}/${file}: differs beyond the CLI's name`);
          } else if (a !== b) {
            summary.cliNames.push(`examples/${example}/${file}: ${a.split('\n').filter((l, i) => l !== b.split('\n')[i]).length} line(s) name the CLI`);
          }
        }
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { summary, failures };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const build = process.argv[2];
  if (!build) {
    process.stderr.write('usage: node compat/cdktn/compare.mjs <build folder written by build.mjs>\n');
    process.exit(2);
  }
  const { summary, failures } = compare(path.resolve(build));
  console.log(`compare: ${summary.examples} examples on cdktf and cdktn: ${summary.yamlFiles} YAML files byte-identical, `
    + `${summary.terraformFiles} JSON files under cdktf.out/ (Terraform, manifest, guardrail report) equal without the version metadata, `
    + `${summary.otherFiles} other files (Backstage catalog, diagrams, workflows) equal up to the CLI's name`
    + `${failures.length > 0 ? ` -- except the ${failures.length} difference(s) below` : ''}`);
  console.log(`  version metadata removed: ${[...summary.versionKeysRemoved].sort().join('; ')}`);
  console.log(`  strings that name the CLI (cdktf -> cdktn), ${summary.cliNames.length}:`);
  summary.cliNames.forEach((n) => console.log(`    ${n}`));
  if (failures.length > 0) {
    failures.forEach((f) => console.error(`DIFFERENT: ${f}`));
    process.exit(1);
  }
}
