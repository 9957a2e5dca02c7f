#!/usr/bin/env bash
# bash test/cluster/demos.sh: every README demo scenario against the running cluster (npm run cluster), each with
# `npm run -s demo -- <scenario> --wait` exactly as the README runs it, checked against what the README says it does:
# the status it settles in, or (officer and manual-lane scenarios) the step that waits for an officer. The facility
# notifications must open a draft. Prints one line per scenario; exits 1 if any differs.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$root"
export SIMPUL_KEYS_DIR="${SIMPUL_KEYS_DIR:-$root/.infra/dev/keys}" # as scripts/cluster.sh

# scenario → expected: a final status, or WAITING (a step waits for an officer: the work queue or the manual lane).
declare -A expected=(
  [birth-auto]=COMPLETED [birth-officer]=WAITING [birth-rejected]=REJECTED [birth-late]=WAITING
  [death]=COMPLETED [death-rejected]=REJECTED
  [relocation]=COMPLETED [relocation-rejected]=REJECTED [relocation-compensated]=REJECTED
  [scholarship]=COMPLETED [scholarship-rejected]=REJECTED
  [birth-manual-region]=WAITING [marriage]=COMPLETED [marriage-rejected]=REJECTED
)
# Every scenario the demo knows must be listed above, so a new one is not silently left out.
known="$(node -e 'const t=require("./dist/libs/testing/src");console.log([...t.SCENARIOS,...t.MANUAL_SCENARIOS].join(" "))')"
failed=0
for s in $known; do
  if [[ -z "${expected[$s]:-}" ]]; then
    echo "FAIL $s: no expectation in test/cluster/demos.sh (a new scenario: add what the README says it does)"
    failed=1
    continue
  fi
  out="$(npm run -s demo -- "$s" --wait 2>&1)"
  got="$(node -e '
    const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const waiting = (v.steps ?? []).some((x) => x.status === "WAITING_FOR_OFFICER" || (x.status === "RUNNING" && x.ruleVersion === "manual-lane"));
    const steps = (v.steps ?? []).map((x) => `${x.stepId ?? x.id}=${x.status}`).join(",");
    console.log(`${waiting && !["COMPLETED","REJECTED","FAILED","CANCELLED"].includes(v.status) ? "WAITING" : v.status} ${v.id} ${steps}`);
  ' <<<"$out" 2>/dev/null)" || got="ERROR $(tail -c 300 <<<"$out")"
  if [[ "${got%% *}" == "${expected[$s]}" ]]; then echo "ok   $s: $got"; else echo "FAIL $s: expected ${expected[$s]}, got $got"; failed=1; fi
done
for s in facility-birth facility-death; do
  out="$(npm run -s demo -- "$s" 2>&1)"
  if grep -q '"id"' <<<"$out"; then echo "ok   $s: draft $(node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(v.id, v.status ?? "")' <<<"$out" 2>/dev/null)"; else echo "FAIL $s: $(tail -c 300 <<<"$out")"; failed=1; fi
done
exit "$failed"
