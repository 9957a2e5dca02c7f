# shellcheck shell=bash
# Where a profile's PostgreSQL cluster lives. Source it after lib/common.sh; it defines functions only.
#
# PostgreSQL refuses to run as root, so when the stack runs as root the cluster belongs to the `postgres` OS user,
# which must traverse every directory down to its data. A clone in a private folder (root's home, any `mktemp -d`,
# mode 0700) blocks that. Rather than loosen the user's folders (chmod, or an ACL giving postgres a way into /root), the
# cluster then lives under a root-owned base that postgres can traverse but not list:
#
#   $SIMPUL_PG_STATE_BASE (default /var/lib/simpul)           root 0711
#     <sha256(repo path), 16 hex>/                            root 0711, `repo` names the clone it belongs to
#       <profile>/pg/                                         postgres 0700: data/, run/ (socket), postgres.log
#
# and <repo>/.infra/<profile>/pg is a symbolic link to it (logs/postgres.log one to its log), so everything that reads
# .infra/<profile>/ as root finds it where it always was. A clone postgres can reach keeps its cluster in .infra/ as
# before. The link is the cluster's owner: delete .infra/<profile> (a fresh start) and the next `up` starts an empty
# cluster, discarding the outside one, exactly as it would have been discarded inside .infra/.

# pg_reachable DIR : true when the PostgreSQL OS user may enter DIR (every component traversable).
pg_reachable() {
  ! is_root || runuser -u "$PG_OS_USER" -- test -x "$1" 2>/dev/null
}

# pg_outside_dir : the outside home of this clone's profile cluster.
pg_outside_dir() {
  local base="${SIMPUL_PG_STATE_BASE:-/var/lib/simpul}" key
  key="$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-16)"
  printf '%s/%s/%s/pg' "$base" "$key" "$PROFILE"
}

# pg_set_dirs DIR : point the PostgreSQL paths at DIR.
pg_set_dirs() {
  PG_DIR="$1"
  PG_DATA="$PG_DIR/data"
  PG_SOCKET_DIR="$PG_DIR/run"
  if [[ "$PG_DIR" == "$PROFILE_DIR/pg" ]]; then
    PG_LOG="$LOG_DIR/postgres.log"
  else
    PG_LOG="$PG_DIR/postgres.log"
  fi
}

# pg_locate : set the paths of an existing placement (no changes on disk); for down/status and before up.
pg_locate() {
  local link="$PROFILE_DIR/pg" outside
  if [[ -L "$link" ]]; then
    pg_set_dirs "$(readlink "$link")"
    return 0
  fi
  pg_set_dirs "$link"
  # .infra/<profile> deleted while its outside cluster still runs: `down` must still find it.
  outside="$(pg_outside_dir)"
  if [[ ! -e "$link" && -f "$outside/data/postmaster.pid" ]]; then
    pg_set_dirs "$outside"
  fi
}

# pg_place : choose and prepare the cluster's home for `up` (needs PG_OS_USER; pg_locate ran).
pg_place() {
  local link="$PROFILE_DIR/pg" outside
  mkdir -p "$PROFILE_DIR" "$LOG_DIR"
  [[ "$PG_DIR" == "$link" ]] || { pg_link_outside "$PG_DIR"; return 0; }
  outside="$(pg_outside_dir)"
  if pg_reachable "$REPO_ROOT"; then
    return 0 # inside .infra/, as always
  fi
  if [[ -f "$link/data/PG_VERSION" ]]; then
    log "postgres: the $PG_OS_USER OS user cannot reach $REPO_ROOT; moving the cluster to $outside"
    pg_make_outside "$outside"
    rm -rf "$outside" && mv "$link" "$outside"
  else
    # A fresh clone, or one whose .infra/<profile> was deleted: whatever lies outside is an orphan of it.
    rm -rf "$link" "$outside"
    pg_make_outside "$outside"
    mkdir -m 700 "$outside"
  fi
  pg_link_outside "$outside"
  log "postgres: $REPO_ROOT is private to root, so the cluster lives in $outside (linked from $(rel_path "$link"))"
}

# pg_make_outside DIR : the root-owned, traverse-only parents of DIR (DIR itself is not created).
pg_make_outside() {
  local profile_dir key_dir base
  profile_dir="$(dirname "$1")"
  key_dir="$(dirname "$profile_dir")"
  base="$(dirname "$key_dir")"
  mkdir -p "$profile_dir"
  chmod 711 "$base" "$key_dir" "$profile_dir"
  chown root: "$base" "$key_dir" "$profile_dir"
  printf '%s\n' "$REPO_ROOT" >"$key_dir/repo"
  chmod 644 "$key_dir/repo"
}

# pg_link_outside DIR : (re)create the .infra links to an outside cluster and point the paths at it.
pg_link_outside() {
  local dir="$1"
  [[ -d "$dir" ]] || { pg_make_outside "$dir"; mkdir -m 700 "$dir"; }
  ln -sfn "$dir" "$PROFILE_DIR/pg"
  pg_set_dirs "$dir"
  touch "$PG_LOG"
  ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
}
