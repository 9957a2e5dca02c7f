#!/usr/bin/env bash
# Installs the Node dependencies when they are missing or older than package-lock.json. Sourced by start and test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "Simpul needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from your package manager or nodejs.org, e.g. 'nvm install 20'." >&2
  exit 1
fi
stamp="$root/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  echo "deps: installing Node dependencies (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
# The browser tests drive Debian's chromium through playwright-core (SIMPUL_CHROMIUM overrides the binary).
chromium_bin="${SIMPUL_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing chromium (apt-get) for the browser tests"
    apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
  else
    echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium' (Debian/Ubuntu), or set SIMPUL_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi
