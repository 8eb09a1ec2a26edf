#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 as a server with its web UI) for the end-to-end
# test test/system/e2e/vscode.test.ts, into a cache directory outside the repository, and
# prints the path of its entry script (run it with node 20). Idempotent: an existing
# install is reused. Called by .ci/run and, when needed, by the test itself.
#
#   scripts/e2eSetup.sh            install if missing, print the entry script path
#
# Environment: HYPERSTEP_E2E_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/hyperstep).
#
# Needs only the npm registry and Debian packages (see .ci/run): code-server's postinstall
# builds VS Code's native modules with node-gyp (python3, make, g++; kerberos needs
# libkrb5-dev) and refuses to run as root without npm_config_unsafe_perm; node-pty's
# postinstall runs `npx node-gyp` (npm_config_yes answers its prompt). @vscode/ripgrep
# downloads rg from GitHub, which is unreachable here, so its download cache is seeded
# with Debian's /usr/bin/rg (package ripgrep) under the asset name it looks for.
set -euo pipefail

VERSION=4.100.3            # VS Code 1.100.3; later releases need node 22+
RIPGREP_PKG=1.15.11        # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode shrinkwrap
RIPGREP_ASSET=v13.0.0-10   # the ripgrep-prebuilt release that version downloads

CACHE="${HYPERSTEP_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hyperstep}"
DIR="$CACHE/code-server-$VERSION"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"

if [[ -f "$DIR/.installed" && -f "$ENTRY" ]]; then
  echo "$ENTRY"
  exit 0
fi

fail() { echo "e2eSetup: $*" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[[ "$major" == 20 ]] || fail "code-server $VERSION needs node 20 (this is node $major)"
command -v rg >/dev/null || fail "ripgrep (rg) not found: apt-get install ripgrep"
for tool in python3 make g++; do command -v "$tool" >/dev/null || fail "$tool not found (needed to build native modules)"; done
[[ -f /usr/include/gssapi/gssapi.h ]] || fail "gssapi headers not found: apt-get install libkrb5-dev"

mkdir -p "$CACHE"
work="$DIR.tmp.$$"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tmp/vscode-ripgrep-cache-$RIPGREP_PKG" "$work/rg"
cp "$(command -v rg)" "$work/rg/rg"
case "$(uname -m)" in
  x86_64) target=x86_64-unknown-linux-musl ;;
  aarch64) target=aarch64-unknown-linux-musl ;;
  *) fail "unsupported architecture $(uname -m)" ;;
esac
tar czf "$work/tmp/vscode-ripgrep-cache-$RIPGREP_PKG/ripgrep-$RIPGREP_ASSET-$target.tar.gz" -C "$work/rg" rg

echo "e2eSetup: installing code-server $VERSION into $DIR (about a minute)" >&2
start=$SECONDS
(
  cd "$work"
  TMPDIR="$work/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$work" "code-server@$VERSION"
) >"$CACHE/code-server-install.log" 2>&1 || { tail -40 "$CACHE/code-server-install.log" >&2; fail "npm install code-server@$VERSION failed (log: $CACHE/code-server-install.log)"; }

rm -rf "$work/tmp" "$work/rg" "$DIR"
mv "$work" "$DIR"
trap - EXIT
XDG_CONFIG_HOME="$DIR/.config" XDG_DATA_HOME="$DIR/.data" node "$ENTRY" --version >/dev/null 2>&1 || fail "installed code-server does not start: node $ENTRY --version"
touch "$DIR/.installed"
echo "e2eSetup: code-server $VERSION installed in $((SECONDS - start))s" >&2
echo "$ENTRY"
