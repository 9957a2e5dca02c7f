# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; it defines functions only.
#
# Logging is colour-free and goes to stderr, so that commands whose stdout is
# meant for machines (`stack.sh env`, `stack.sh temporal-path`) stay clean.

# log MESSAGE... : one progress line on stderr.
log() {
  printf '%s\n' "$*" >&2
}

warn() {
  printf 'warning: %s\n' "$*" >&2
}

# die MESSAGE... : print an error and exit 1.
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

have() {
  command -v "$1" >/dev/null 2>&1
}

is_root() {
  [[ "$(id -u)" -eq 0 ]]
}

# is_uint VALUE : true when VALUE is a non-empty string of digits.
is_uint() {
  [[ -n "${1:-}" && "$1" =~ ^[0-9]+$ ]]
}

# rel_path PATH : PATH relative to $REPO_ROOT when inside it (for messages).
rel_path() {
  local p="$1"
  if [[ -n "${REPO_ROOT:-}" && "$p" == "$REPO_ROOT"/* ]]; then
    printf '%s' "${p#"$REPO_ROOT"/}"
  else
    printf '%s' "$p"
  fi
}

# now_s : seconds since the epoch (integer).
now_s() {
  date +%s
}

# port_open HOST PORT : true when something accepts TCP connections there.
port_open() {
  local host="$1" port="$2"
  # shellcheck disable=SC2016 # $1/$2 expand in the inner bash, by design
  if have timeout; then
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" >/dev/null 2>&1
  else
    bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" >/dev/null 2>&1
  fi
}

# wait_port HOST PORT TIMEOUT_S : wait until the port answers.
wait_port() {
  local host="$1" port="$2" timeout_s="$3" deadline
  deadline=$(($(now_s) + timeout_s))
  until port_open "$host" "$port"; do
    (($(now_s) >= deadline)) && return 1
    sleep 0.5
  done
}

# pid_alive PID : true when a process with that pid exists (zombies excluded).
pid_alive() {
  local pid="${1:-}" state
  is_uint "$pid" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  [[ "$state" != Z* ]]
}

# pid_args PID : the full command line of a process (empty when gone).
pid_args() {
  ps -ww -o args= -p "$1" 2>/dev/null || true
}

# read_pidfile FILE : print the pid stored in FILE (nothing when absent/garbage).
read_pidfile() {
  local file="$1" pid=""
  [[ -f "$file" ]] || return 0
  pid="$(head -n 1 "$file" 2>/dev/null | tr -d '[:space:]')" || true
  if is_uint "$pid"; then
    printf '%s' "$pid"
  fi
}

# find_pid_by_args NEEDLE : pid of the first process whose command line
# contains NEEDLE (a fixed string), excluding this shell and ps itself.
find_pid_by_args() {
  local needle="$1" pid args
  while read -r pid args; do
    [[ "$pid" == "$$" || "$pid" == "${BASHPID:-$$}" ]] && continue
    case "$args" in
      ps\ *|grep\ *) continue ;;
    esac
    if [[ "$args" == *"$needle"* ]]; then
      printf '%s' "$pid"
      return 0
    fi
  done < <(ps -ww -eo pid=,args= 2>/dev/null)
  return 1
}

# service_pid PIDFILE NEEDLE : pid of a running service we started.
# A pid counts only when alive AND its command line contains NEEDLE (guards
# against pid reuse). A stale pid file is removed. If the pid file is missing
# but a matching process exists (pid file lost), it is adopted.
service_pid() {
  local pidfile="$1" needle="$2" pid
  pid="$(read_pidfile "$pidfile")"
  if [[ -n "$pid" ]]; then
    if pid_alive "$pid" && [[ "$(pid_args "$pid")" == *"$needle"* ]]; then
      printf '%s' "$pid"
      return 0
    fi
    rm -f "$pidfile"
  fi
  if pid="$(find_pid_by_args "$needle")" && [[ -n "$pid" ]]; then
    mkdir -p "$(dirname "$pidfile")"
    printf '%s\n' "$pid" >"$pidfile"
    printf '%s' "$pid"
    return 0
  fi
  return 1
}

# start_detached LOGFILE PIDFILE CMD... : run CMD in the background, detached
# from this shell's session (setsid when available), stdin from /dev/null,
# stdout+stderr appended to LOGFILE; the pid is written to PIDFILE.
start_detached() {
  local logfile="$1" pidfile="$2"
  shift 2
  local -a launcher=(nohup)
  if have setsid; then
    launcher+=(setsid)
  fi
  "${launcher[@]}" "$@" >>"$logfile" 2>&1 </dev/null &
  local pid=$!
  printf '%s\n' "$pid" >"$pidfile"
  printf '%s' "$pid"
}

# stop_pid NAME PID TIMEOUT_S : SIGTERM, wait up to TIMEOUT_S, then SIGKILL.
stop_pid() {
  local name="$1" pid="$2" timeout_s="$3" deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$(($(now_s) + timeout_s))
  while pid_alive "$pid"; do
    if (($(now_s) >= deadline)); then
      warn "$name (pid $pid) still running after ${timeout_s}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.3
  done
}

# file_size FILE : size in bytes (0 when absent).
file_size() {
  if [[ -f "$1" ]]; then
    wc -c <"$1" | tr -d '[:space:]'
  else
    printf '0'
  fi
}

# tail_log FILE [N] : print the last N (default 40) lines of FILE to stderr.
tail_log() {
  local file="$1" n="${2:-40}"
  if [[ -s "$file" ]]; then
    log "---- last $n lines of $(rel_path "$file") ----"
    tail -n "$n" "$file" >&2 || true
    log "---- end of $(rel_path "$file") ----"
  else
    log "($(rel_path "$file") is empty or missing)"
  fi
}

# checksum FILE : a short content fingerprint (cksum is POSIX, so everywhere).
checksum() {
  cksum <"$1" | awk '{print $1 "-" $2}'
}
