# Sourced by install.sh, test.sh and package.sh: cdktn-cli 0.24 needs Node >= 22.19. When the
# system's Node is older (Debian 13 has 20.x), Node 22 comes from the npm `node` package, pinned by
# compat/cdktn/node/package-lock.json and installed there by install.sh, and goes first on PATH.
CDKTN_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_is_new_enough() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)'
}
if ! node_is_new_enough; then
  export PATH="$CDKTN_HERE/node/node_modules/.bin:$PATH"
fi
