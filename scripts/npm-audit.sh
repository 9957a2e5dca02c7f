#!/usr/bin/env bash
# npm audit --omit=dev: no high or critical advisory in what ships. Part of npm test (scripts/test.sh).
# Three outcomes, each said plainly:
#   0  the registry's audit endpoint answered and found nothing high or critical;
#   1  it found high or critical advisories (listed);
#   2  it could not be asked (network, proxy, registry error): nothing is vouched for, so this fails too.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
out="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
npm audit --omit=dev --json --audit=true >"$out" 2>"$err"
code=$?
if ! node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if(!r.metadata||!r.metadata.vulnerabilities) process.exit(1)' "$out" 2>/dev/null; then
  echo "npm audit FAILED TO RUN: the registry's audit endpoint could not be asked (exit $code)." >&2
  echo "  registry: $(npm config get registry 2>/dev/null)" >&2
  grep -hE 'npm (warn|error)' "$err" | grep -v 'Unknown user config' | head -5 | sed 's/^/  /' >&2
  echo "  No dependency is vouched for; fix the network or registry access and run: bash scripts/npm-audit.sh" >&2
  exit 2
fi
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const v = r.metadata.vulnerabilities;
const bad = Object.values(r.vulnerabilities || {}).filter((x) => x.severity === "high" || x.severity === "critical");
console.log(`npm audit (--omit=dev): ${v.critical} critical, ${v.high} high, ${v.moderate} moderate, ${v.low} low`);
for (const x of bad) console.log(`  ${x.severity}: ${x.name} ${x.range} (fix: ${x.fixAvailable ? JSON.stringify(x.fixAvailable) : "none"})`);
process.exit(bad.length ? 1 : 0);
' "$out"
