#!/usr/bin/env bash
# Installs what the cdktn build, suite and package need into compat/cdktn/node_modules, exactly as
# compat/cdktn/package-lock.json names them (`npm ci`, no fallback: a lockfile that does not install
# is a failure to fix, not to hide); first Node 22 from the npm `node` package (compat/cdktn/node)
# when the system's Node is older than cdktn-cli's 22.19. Skips what already matches its lockfile.
set -euo pipefail
cd "$(dirname "$0")"
export CHECKPOINT_DISABLE=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# `npm ci` in $1 unless its node_modules was installed from this very lockfile.
ci() {
  local stamp="$1/node_modules/.paved-road-install-stamp" want
  want=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  (cd "$1" && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
}

source ./node22.sh
if ! node_is_new_enough; then
  ci node
  hash -r
  node_is_new_enough || { echo "install.sh: compat/cdktn/node did not give Node >= 22.19 ($(node --version))" >&2; exit 1; }
fi
ci .
