#!/usr/bin/env bash
# Installs the project's npm dependencies on a fresh machine exactly as package-lock.json names
# them (`npm ci`, no fallback: a lockfile that does not install is a failure to fix, not to hide),
# and skips the work when node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# promtool checks the generated Prometheus alert rules in the tests (Debian package 'prometheus').
if ! command -v promtool >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
  else
    echo "install.sh: promtool is missing; install Debian's 'prometheus' package (or Prometheus' release) for the alert-rule tests" >&2
    exit 1
  fi
fi
stamp=node_modules/.paved-road-install-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
export CHECKPOINT_DISABLE=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
