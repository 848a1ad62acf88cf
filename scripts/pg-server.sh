#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: initdb in a fresh temporary folder, owned by an
# unprivileged user (initdb refuses to run as root), listening on 127.0.0.1 and a socket in that
# folder only, on a free port, with fsync off (the data dies with the run).
#
#   scripts/pg-server.sh run CMD [ARG...]   start a server, run CMD with the variables below
#                                           set, stop the server and remove its folder when
#                                           CMD ends, fails or is interrupted; CMD's exit code
#   eval "$(scripts/pg-server.sh start)"    start one and print its variables as `export`s
#   scripts/pg-server.sh stop [DIR]         stop the one in DIR (default $MIG_TEST_PG_DIR)
#
# Variables the tests read (tests/support/postgres.hpp):
#   MIG_TEST_PG_URL       postgresql://mig:PASSWORD@127.0.0.1:PORT/postgres, a superuser that
#                         may create databases; the password is random per server
#   MIG_TEST_PG_HOST, MIG_TEST_PG_PORT, MIG_TEST_PG_USER, MIG_TEST_PG_PASSWORD  its parts
#   MIG_TEST_PG_SOCKET_DIR  the Unix socket's folder (trust authentication, no password)
#   MIG_TEST_PG_DIR       the server's folder (data, log, socket)
# TCP connections need the password (scram-sha-256), so a wrong password is refused.
#
# Without PostgreSQL's server binaries, `run` still runs CMD, without the variables, and the
# PostgreSQL tests skip with a message, except in CI (CI or MIG_REQUIRE_POSTGRES=1 set), where
# a server that cannot start is a failure and CMD does not run.
set -euo pipefail

log() { echo "pg-server: $*" >&2; }

required() { [[ -n "${CI:-}" || "${MIG_REQUIRE_POSTGRES:-0}" == 1 ]]; }

# The folder of initdb, pg_ctl and postgres: $MIG_PG_BINDIR, else pg_config's (libpq-dev),
# else Debian's newest /usr/lib/postgresql/N/bin.
find_bindir() {
  local dir
  if [[ -n "${MIG_PG_BINDIR:-}" ]]; then
    echo "$MIG_PG_BINDIR"
    return
  fi
  if command -v pg_config >/dev/null && dir="$(pg_config --bindir 2>/dev/null)" &&
    [[ -x "$dir/initdb" ]]; then
    echo "$dir"
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" ]]; then
      echo "$dir"
      return
    fi
  done
  return 1
}

# Runs a server program as the unprivileged owner of the data folder.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

# root cannot run initdb: the server belongs to `postgres` (Debian's server package creates it;
# made here when missing).
choose_owner() {
  owner="$(id -un)"
  if [[ $(id -u) -eq 0 ]]; then
    owner=postgres
    if ! id -u "$owner" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    fi
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Prints the variables of a server started in a new folder; returns non-zero (and removes the
# folder) when it could not start.
start_server() {
  local bindir dir port password attempt
  bindir="$(find_bindir)" || {
    log "no PostgreSQL server found (initdb): install Debian's postgresql package" \
      "(scripts/install-deps.sh does) or set MIG_PG_BINDIR"
    return 1
  }
  choose_owner
  dir="$(mktemp -d "${MIG_PG_TMPDIR:-/tmp}/mig-pg.XXXXXX")"
  chmod 700 "$dir"
  mkdir "$dir/socket"
  password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" >"$dir/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R "$owner" "$dir"
  if ! as_owner "$bindir/initdb" -D "$dir/data" -U mig --pwfile="$dir/pwfile" -E UTF8 \
    --locale=C --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    log "initdb failed:"
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  fi
  rm -f "$dir/pwfile"
  # A free port can be taken between the probe and the start: try a few.
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$bindir/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" -o \
      "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null 2>&1; then
      cat <<EOF
export MIG_TEST_PG_DIR='$dir'
export MIG_TEST_PG_HOST=127.0.0.1
export MIG_TEST_PG_PORT=$port
export MIG_TEST_PG_USER=mig
export MIG_TEST_PG_PASSWORD='$password'
export MIG_TEST_PG_SOCKET_DIR='$dir/socket'
export MIG_TEST_PG_URL='postgresql://mig:$password@127.0.0.1:$port/postgres'
EOF
      echo "$bindir" >"$dir/bindir"
      return 0
    fi
  done
  log "the server did not start; its log:"
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  return 1
}

stop_server() {
  local dir="$1" bindir
  [[ -n "$dir" && -d "$dir" ]] || return 0
  choose_owner
  if [[ -f "$dir/bindir" ]]; then
    bindir="$(cat "$dir/bindir")"
    as_owner "$bindir/pg_ctl" stop -w -m immediate -D "$dir/data" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

command="${1:-}"
shift || true
case "$command" in
  start)
    start_server
    ;;
  stop)
    stop_server "${1:-${MIG_TEST_PG_DIR:-}}"
    ;;
  run)
    [[ $# -gt 0 ]] || { log "usage: $0 run CMD [ARG...]"; exit 2; }
    if variables="$(start_server)"; then
      eval "$variables"
      trap 'stop_server "$MIG_TEST_PG_DIR"' EXIT
      trap 'exit 130' INT
      trap 'exit 143' TERM
      log "PostgreSQL test server on 127.0.0.1:$MIG_TEST_PG_PORT ($MIG_TEST_PG_DIR)"
    elif required; then
      log "CI needs the PostgreSQL tests: the server could not start (see above)"
      exit 1
    else
      log "no test server: the PostgreSQL tests will be skipped"
    fi
    # Not exec: the EXIT trap must outlive CMD to stop the server.
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  *)
    log "usage: $0 start | stop [DIR] | run CMD [ARG...]"
    exit 2
    ;;
esac
