#!/usr/bin/env bash
# Installs the project's npm dependencies on a fresh machine, and skips the work when
# node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.paved-road-install-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
export CHECKPOINT_DISABLE=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# npm ci installs exactly the lockfile. It can fail when the registry lacks the newest build of
# another platform's optional binary that the lockfile names (e.g. @swc/core-darwin-arm64); then
# npm install resolves the same tree for this platform without rewriting package-lock.json.
log=$(mktemp)
if ! npm ci --no-audit --no-fund > "$log" 2>&1; then
  grep -m 3 'npm error' "$log" >&2 || true
  echo "npm ci failed (above); retrying with npm install --no-save" >&2
  rm -rf node_modules
  npm install --no-audit --no-fund --no-save
fi
rm -f "$log"
echo "$want" > "$stamp"
