#!/usr/bin/env bash
# Builds the npm package cdk-paved-road-cdktn from the rewritten source: install.sh, build.mjs,
# then in the build folder the main package's compile (scripts/compile-lib.ts: jsii, then the lazy
# index files of scripts/lazy-exports.ts) and `npm pack` into dist/cdktn/js/ of this repository (as projen's
# package:js puts the main package in dist/js/). The release workflow publishes that tarball.
# Usage: bash compat/cdktn/package.sh [version]   (default: dist/version.txt, which the release
# job writes, else package.json's version)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CHECKPOINT_DISABLE=1
bash "$HERE/install.sh"
source "$HERE/node22.sh"

version="${1:-}"
if [ -z "$version" ] && [ -f "$ROOT/dist/version.txt" ]; then
  version="$(cat "$ROOT/dist/version.txt")"
fi
if [ -z "$version" ]; then
  version="$(node -p "require('$ROOT/package.json').version")"
fi

BUILD="$(node "$HERE/build.mjs")"
cd "$BUILD"
node -e '
  const fs = require("fs");
  const manifest = JSON.parse(fs.readFileSync("package.json", "utf-8"));
  manifest.version = process.argv[1];
  fs.writeFileSync("package.json", JSON.stringify(manifest, undefined, 2) + "\n");
' "$version"
cp "$HERE/package-readme.md" README.md
cp "$ROOT/.npmignore" .npmignore
npx ts-node --transpile-only scripts/compile-lib.ts --force
out="$ROOT/dist/cdktn/js"
rm -rf "$out"
mkdir -p "$out"
npm pack --pack-destination "$out" >/dev/null
echo "$out/$(ls "$out")"
