#!/usr/bin/env bash
# From npm to a first synth, as a new user would: pack the library, run the README's "Use it in
# your own repository" blocks (the service one, then the platform one) each in an empty folder
# with the packed tarball in place of `cdk-paved-road`, then check that `cdktf synth` and
# `cdk8s synth` wrote both outputs and that nothing printed an `[ERROR]` line. Then the same for
# the block of "CDK Terrain (cdktn) or cdktf" with cdk-paved-road-cdktn (compat/cdktn/package.sh)
# and `cdktn synth`, on Node >= 22.19 (compat/cdktn/node22.sh).
#
# Needs the npm registry (the blocks run `npm install`), so it is a script, not part of `npm test`.
# Usage: bash scripts/e2e-readme.sh            (compiles the library first; SKIP_COMPILE=1 skips that)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/paved-road-e2e-XXXXXX")"
# cdktf's telemetry call: off, as a CI would have it (unreachable hosts print [ERROR] lines).
export CHECKPOINT_DISABLE=1
# A TF_CLI_CONFIG_FILE that names a missing file makes terraform warn on every call (cdktf shows it as [ERROR]).
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

cd "$ROOT"
if [ "${SKIP_COMPILE:-0}" != 1 ]; then
  npx projen compile > "$WORK/compile.log" 2>&1 || { cat "$WORK/compile.log"; exit 1; }
fi
TARBALL="$WORK/$(npm pack --pack-destination "$WORK" --silent 2>/dev/null | tail -1)"
[ -f "$TARBALL" ] || { echo "e2e: npm pack wrote no tarball" >&2; exit 1; }
echo "e2e: packed $TARBALL"
CDKTN_TARBALL="$(bash compat/cdktn/package.sh 2> "$WORK/package-cdktn.log" | tail -1)" || { cat "$WORK/package-cdktn.log"; exit 1; }
[ -f "$CDKTN_TARBALL" ] || { echo "e2e: compat/cdktn/package.sh wrote no tarball" >&2; exit 1; }
echo "e2e: packed $CDKTN_TARBALL"

# The n-th ```sh block (0-based) of a README section.
block() {
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf-8");
    const start = text.indexOf(`\n## ${process.argv[3]}\n`);
    if (start < 0) { console.error(`e2e: README has no section "${process.argv[3]}"`); process.exit(1); }
    const end = text.indexOf("\n## ", start + 4);
    const section = text.slice(start, end < 0 ? undefined : end);
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const b = blocks[Number(process.argv[2])];
    if (!b) { console.error(`e2e: no sh block ${process.argv[2]} in the section`); process.exit(1); }
    process.stdout.write(b);
  ' "$ROOT/README.md" "$2" "$1"
}

status=0
# kind|README section|block|package the block installs|tarball in its place|PATH setup
RUNS=(
  "service|Use it in your own repository|0|cdk-paved-road|$TARBALL|"
  "platform|Use it in your own repository|1|cdk-paved-road|$TARBALL|"
  "cdktn-service|CDK Terrain (cdktn) or cdktf|0|cdk-paved-road-cdktn|$CDKTN_TARBALL|source $ROOT/compat/cdktn/node22.sh"
)
for run in "${RUNS[@]}"; do
  IFS='|' read -r kind section i package tarball setup <<<"$run"
  script="$(block "$section" "$i")"
  grep -Eq "npm install $package( |\$)" <<<"$script" || { echo "e2e: the $kind block does not install $package" >&2; exit 1; }
  script="$(sed -E "s#npm install $package( |\$)#npm install $tarball\1#" <<<"$script")"
  dir="$WORK/$kind"
  mkdir -p "$dir"
  echo "e2e: $kind block in $dir:"
  sed 's/^/    /' <<<"$script"
  start=$(now)
  if ! (cd "$dir" && bash -euo pipefail -c "$setup
$script") > "$WORK/$kind.log" 2>&1; then
    echo "e2e: $kind block FAILED after $(seconds "$start" "$(now)") s; last lines of $WORK/$kind.log:" >&2
    tail -30 "$WORK/$kind.log" >&2
    status=1
    continue
  fi
  took=$(seconds "$start" "$(now)")
  stacks=$(find "$dir" -path '*/node_modules' -prune -o -path '*/cdktf.out/stacks/*/cdk.tf.json' -print | wc -l)
  yaml=$(find "$dir" -path '*/node_modules' -prune -o -path '*/dist/*.k8s.yaml' -print | wc -l)
  errors=$(grep -c '\[ERROR\]' "$WORK/$kind.log" || true)
  echo "e2e: $kind block: ${took} s, ${stacks} Terraform stack(s), ${yaml} YAML file(s), ${errors} [ERROR] line(s)"
  grep '\[ERROR\]' "$WORK/$kind.log" | head -5 || true
  if [ "$stacks" -lt 1 ] || [ "$yaml" -lt 1 ] || [ "$errors" -gt 0 ]; then
    status=1
  fi
done
echo "e2e: $([ $status = 0 ] && echo PASSED || echo FAILED) (logs in $WORK)"
exit $status
