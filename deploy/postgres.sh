#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster on loopback, for CI, the tests and trying the replicas out.
#   deploy/postgres.sh start DIR   create a cluster in DIR (new or empty), start it on a free port, print its URL
#   deploy/postgres.sh stop DIR    stop it (DIR is left for the caller to remove)
# As root the server runs as the `postgres` user (PostgreSQL refuses root); it trusts local connections,
# listens only on 127.0.0.1 and keeps its socket in DIR. Never point this at data you want to keep.
set -euo pipefail
action=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql postgresql-postgis)" >&2; exit 2; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U briefing --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # fsync off: a throwaway cluster trades durability for speed.
    as_owner "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U briefing briefing
    echo "postgresql+psycopg://briefing@127.0.0.1:$port/briefing" | tee "$dir/url"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" stop -w -t 60 -D "$dir/data" -m fast >/dev/null
    fi
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
