#!/usr/bin/env bash
# Runs Schemathesis (PyPI, pinned) against one running app's OpenAPI document, with every check: Schemathesis 4 runs
# all of them by default, and scripts/schemathesis.toml turns none off but the per-operation exceptions it explains
# (`--checks all` on the command line would override those exceptions, so it is not passed).
# Installs on first use into a venv under .infra/tools/ (like scripts/validate-deploy.sh); nothing by hand.
#
# Usage: bash scripts/schemathesis.sh <base-url> <bearer-token> [extra schemathesis options...]
#        bash scripts/schemathesis.sh --install        (only install)
# SIMPUL_SCHEMATHESIS_EXAMPLES bounds the examples per operation (default 25), so a run takes a few minutes at most.
set -euo pipefail
umask 022
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly SCHEMATHESIS_VERSION="4.32.5"
venv="$root/.infra/tools/schemathesis-$SCHEMATHESIS_VERSION"

install() {
  [ -f "$venv/.installed" ] && return 0
  local py
  py="$(command -v python3 || true)"
  if [ -z "$py" ] || ! "$py" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
    echo "schemathesis: needs Python >= 3.9 with venv and ensurepip (Debian: apt-get install python3 python3-venv)" >&2
    exit 2
  fi
  echo "schemathesis: installing schemathesis==$SCHEMATHESIS_VERSION into ${venv#"$root"/} (first run only)" >&2
  # Built in place (a venv cannot be moved: its scripts name their interpreter's path); the stamp file marks it
  # complete, so an interrupted install is redone, never half-used.
  rm -rf "$venv"
  "$py" -m venv "$venv" >/dev/null
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2; then
    rm -rf "$venv"
    echo "schemathesis: pip could not install schemathesis==$SCHEMATHESIS_VERSION from PyPI" >&2
    exit 2
  fi
  touch "$venv/.installed"
}

install
[ "${1:-}" = "--install" ] && exit 0
base="${1:?usage: schemathesis.sh <base-url> <bearer-token> [options]}"
token="${2:?usage: schemathesis.sh <base-url> <bearer-token> [options]}"
shift 2
# Run from a scratch folder: nothing Schemathesis writes lands in the repository.
mkdir -p "$root/.infra/schemathesis"
cd "$root/.infra/schemathesis"
exec "$venv/bin/st" --config-file "$root/scripts/schemathesis.toml" run "$base/openapi.json" \
  --url "$base" \
  --header "Authorization: Bearer $token" \
  --max-examples "${SIMPUL_SCHEMATHESIS_EXAMPLES:-25}" \
  --seed "${SIMPUL_SCHEMATHESIS_SEED:-17}" \
  --generation-database none \
  --no-color \
  "$@"
