#!/usr/bin/env bash
# The test suite on CDK Terrain (cdktn): installs compat/cdktn (install.sh), writes the rewritten
# source (build.mjs), checks there that cdktf cannot be loaded at all, type-checks it and runs the
# whole jest suite against cdktn, cdktn-cli and @cdktn/provider-aws (the examples on the build's
# compiled lib/); then compare.mjs synthesizes every example on both engines and compares the
# outputs. Run by .ci/run after `npm test`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export CHECKPOINT_DISABLE=1
bash "$HERE/install.sh"
source "$HERE/node22.sh"
echo "cdktn suite: node $(node --version), cdktn $(node -p "require('$HERE/node_modules/cdktn/package.json').version"), @cdktn/provider-aws $(node -p "require('$HERE/node_modules/@cdktn/provider-aws/package.json').version")"

BUILD="$(node "$HERE/build.mjs")"
cd "$BUILD"
# The examples import 'cdk-paved-road': here the build's own lib/ (examples/node_modules/cdk-paved-road
# -> the build), compiled from the rewritten source against cdktn; compare.mjs also runs them in the
# repository, on its lib/ (compiled unless current, as npm test leaves it).
npx ts-node --transpile-only scripts/compile-lib.ts
(cd "$HERE/../.." && npx ts-node --transpile-only scripts/compile-lib.ts)
# Every reference to cdktf must have been rewritten: from the build folder, cdktf does not resolve.
for pkg in cdktf @cdktf/provider-aws/lib/vpc cdktf-cli/package.json; do
  if node -e "require.resolve('$pkg')" 2>/dev/null; then
    echo "test.sh: '$pkg' resolves from $BUILD; the build must see cdktn only" >&2
    exit 1
  fi
done
npx tsc --noEmit -p tsconfig.dev.json
npx jest --passWithNoTests --ci "$@"
node "$HERE/compare.mjs" "$BUILD"
