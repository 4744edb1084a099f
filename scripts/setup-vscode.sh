#!/bin/sh
# Installs what the real-VS-Code tests and `npm start` need, idempotently:
#   - Debian packages: chromium (the browser the tests drive), libkrb5-dev (code-server's kerberos
#     dependency builds from source), ripgrep (seeds @vscode/ripgrep, whose postinstall would download from GitHub),
#     fonts-noto-cjk (Hangul for the browser: the Korean UI tests' screenshots must be legible);
#     python3-numpy and python3-torch (float64 references: the exported NumPy scripts run in tests, torch.optim);
#   - code-server 4.100.3 (VS Code 1.100.3 server + web workbench) into tools/code-server, from its lock file.
# A second run is a fast no-op: it checks the apt binaries and a marker holding the lock file's hash.
# Why code-server and not @vscode/test-electron: only the npm registry and Debian are reachable here,
# and test-electron downloads VS Code from Microsoft at run time.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS="$ROOT/tools/code-server"
MARKER="$CS/node_modules/.backprop-setup"

# --- apt packages (only when one is missing, so a warm machine never touches apt) ---
need_apt=
command -v chromium >/dev/null 2>&1 || need_apt=1
command -v rg >/dev/null 2>&1 || need_apt=1
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt=1
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt=1
# the independent references of the NumPy export's and the optimizers' tests (Debian's, run as /usr/bin/python3)
dpkg -s python3-numpy >/dev/null 2>&1 || need_apt=1
dpkg -s python3-torch >/dev/null 2>&1 || need_apt=1
if [ -n "$need_apt" ]; then
  [ "$(id -u)" = 0 ] && SUDO= || SUDO=sudo
  echo "[setup-vscode] installing Debian packages: chromium libkrb5-dev ripgrep fonts-noto-cjk python3-numpy python3-torch"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev ripgrep fonts-noto-cjk python3-numpy python3-torch >/dev/null
fi

# --- code-server (skipped when the marker matches the current lock file) ---
want="$(sha256sum "$CS/package-lock.json" | cut -d' ' -f1) node-$(node -p process.versions.modules)"
if [ -x "$CS/node_modules/.bin/code-server" ] && [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$want" ]; then
  exit 0
fi
echo "[setup-vscode] installing code-server into tools/code-server (about 2 minutes, ~320 MB)"
started=$(date +%s)
# @vscode/ripgrep (installed by code-server's postinstall, version 1.15.11 for code-server 4.100.3) downloads rg
# from GitHub into $TMPDIR/vscode-ripgrep-cache-<version>/ unless the archive is already there:
# seed that cache with Debian's rg. Update the version if code-server is bumped.
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
  *) echo "[setup-vscode] unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
cache="$CS/tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache" "$CS/tmp/rg"
cp "$(command -v rg)" "$CS/tmp/rg/rg"
tar czf "$cache/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$CS/tmp/rg" rg
cd "$CS"
# unsafe_perm: code-server's postinstall refuses to run as root without it;
# yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise prompt.
TMPDIR="$CS/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm ci --no-audit --no-fund --loglevel=error
# Point code-server's own config away from ~ for the version probe.
XDG_CONFIG_HOME="$CS/tmp/xdg" XDG_DATA_HOME="$CS/tmp/xdg" "$CS/node_modules/.bin/code-server" --version
echo "$want" > "$MARKER"
echo "[setup-vscode] done in $(( $(date +%s) - started )) s"
