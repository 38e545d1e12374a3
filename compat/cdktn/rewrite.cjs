'use strict';
/*
 * The one mapping from cdk-paved-road (cdktf) to cdk-paved-road-cdktn: the source rewrite that
 * build.mjs applies to every file it copies, and the package manifest it writes. Checked by
 * test/project/cdktn-package.test.ts in the main suite.
 *
 * CDK Terrain is a fork of cdktf 0.21 with the same API under new package names: `cdktf` ->
 * `cdktn`, `@cdktf/provider-*` -> `@cdktn/provider-*`, `cdktf-cli` -> `cdktn-cli` (command
 * `cdktn`). Its CLI still reads `cdktf.json`, writes `cdktf.out/` and reads the `CDKTF_*`
 * environment variables (cdktn-cli 0.24, cdktn 0.24's App), so those stay.
 *
 * So the word `cdktf` becomes `cdktn` wherever it stands alone (module specifiers, `@cdktf/...`,
 * `cdktf-cli`, the command in generated workflows and scripts, messages and comments), except in
 * `cdktf.json` and `cdktf.out`. Upper-case `CDKTF_` and identifiers that merely contain the word
 * (`cdktfToken`) are left alone. Only deep imports of the provider exist in the source (the lint
 * rule and test/project/deep-imports.test.ts), so `@cdktf/provider-aws/lib/<x>` maps to
 * `@cdktn/provider-aws/lib/<x>` one to one (the provider's submodule names are unchanged in 25.x).
 */

/** `cdktf` as a word (not part of an identifier), unless it names the CLI's files. */
const WORD = /(?<![\w$])cdktf(?![\w$]|\.json\b|\.out\b)/g;

/** The cdktn source for one cdktf source file's text. */
function rewriteSource(text) {
  return text.replace(WORD, 'cdktn');
}

/** The package's name on npm. */
const PACKAGE_NAME = 'cdk-paved-road-cdktn';

/**
 * The peers of the cdktn package: cdktn 0.24 and its provider need constructs >= 10.6 and < 10.8
 * (their own peer range); cdk8s and cdk8s-plus-27 keep the main package's ranges.
 */
const PEERS = {
  'cdktn': '~0.24.0',
  '@cdktn/provider-aws': '^25.0.0',
  'constructs': '>=10.6.0 <10.8.0',
};

/**
 * The cdktn package's manifest from the main one: same version, API, jsii settings and jest
 * configuration; cdktf's packages replaced by cdktn's, at the versions compat/cdktn/package.json
 * installs (those the cdktn suite runs with); Node >= 22.19, which cdktn-cli needs.
 */
function cdktnManifest(main, compat) {
  const rename = (name) => rewriteSource(name);
  const tested = compat.devDependencies ?? {};
  const peerDependencies = {};
  for (const [name, range] of Object.entries(main.peerDependencies ?? {})) {
    peerDependencies[rename(name)] = PEERS[rename(name)] ?? range;
  }
  const devDependencies = {};
  for (const [name, range] of Object.entries(main.devDependencies ?? {})) {
    devDependencies[rename(name)] = tested[rename(name)] ?? range;
  }
  for (const name of Object.keys(peerDependencies)) {
    if (!tested[name]) {
      throw new Error(`cdktn build: peer '${name}' is not in compat/cdktn/package.json, so the cdktn suite would not run against it; add it to its devDependencies (within '${peerDependencies[name]}') and run npm install there`);
    }
  }
  const manifest = {
    ...main,
    name: PACKAGE_NAME,
    description: `${main.description.replace(/\(CDK for Terraform\)/, '(CDK Terrain, cdktn)')} Built from the same source as cdk-paved-road, for CDK Terrain.`,
    keywords: [...new Set([...(main.keywords ?? []).map(rename), 'cdk-terrain'])].sort(),
    engines: { node: '>= 22.19.0' },
    peerDependencies,
    devDependencies,
    scripts: {},
  };
  delete manifest['//'];
  return manifest;
}

module.exports = { PACKAGE_NAME, PEERS, cdktnManifest, rewriteSource };

