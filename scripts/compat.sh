#!/usr/bin/env bash
# API compatibility: jsii-diff of this build (.jsii) against the last release on npm. Breaking
# changes fail; list accepted ones in .compatignore. Until a first release exists on npm there is
# nothing to compare with: that is said and the check passes. Any other npm error fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$(node -p 'require("./package.json").name')"
if ! out="$(npm view "$name@latest" version 2>&1)"; then
  if grep -q 'E404' <<<"$out"; then
    echo "compat: $name has no release on npm yet: jsii-diff skipped (the first release is the baseline)"
    exit 0
  fi
  echo "compat: npm view $name failed:" >&2
  echo "$out" >&2
  exit 1
fi
latest="$(tail -1 <<<"$out")"
echo "compat: jsii-diff against $name@$latest"
exec jsii-diff "npm:$name@$latest" -k --ignore-file .compatignore
