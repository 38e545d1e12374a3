import { PREVIEW_EXPIRY_LABEL, PREVIEW_LABEL } from './contract';

/**
 * The janitor's script: deletes every namespace labelled as a preview whose expiry label is in the
 * past. `NOW` (seconds since the epoch) overrides the clock, for tests.
 *
 * @internal
 */
export const JANITOR_SCRIPT = [
  'set -eu',
  'now="${NOW:-$(date +%s)}"',
  `kubectl get namespaces -l '${PREVIEW_LABEL}=true' -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.${PREVIEW_EXPIRY_LABEL.replace(/\./g, '\\.')}}{"\\n"}{end}' |`,
  'while read -r name expires; do',
  '  [ -n "$name" ] || continue',
  '  case "$expires" in',
  '    ""|*[!0-9]*) echo "keep $name: no valid expiry label";;',
  '    *) if [ "$expires" -le "$now" ]; then echo "delete $name: expired at $expires"; kubectl delete namespace "$name" --wait=false; else echo "keep $name: expires at $expires"; fi;;',
  '  esac',
  'done',
].join('\n');
