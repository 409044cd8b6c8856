#!/usr/bin/env bash
# N dashboard replicas sharing one PostgreSQL/PostGIS database, behind nginx, all on loopback.
#   deploy/run-replicas.sh start RUN_DIR   start them, wait until each answers, print the address
#   deploy/run-replicas.sh stop RUN_DIR    stop them by the process ids kept in RUN_DIR
# Settings (environment):
#   BRIEFING_MAP_DATABASE_URL  the shared database; unset: a throwaway cluster in RUN_DIR (deploy/postgres.sh)
#   REPLICA_PORTS              comma-separated ports, one replica each (default: two free ports)
#   LISTEN_PORT                nginx's port on 127.0.0.1 (default: a free port)
#   BASE_PATH                  the path the app is served under (default: /briefing/)
#   PYTHON                     the interpreter with the project installed (default: python3)
#   HTPASSWD                   an htpasswd file: nginx then signs people in (auth_basic) and passes each one's
#                              name to the replicas in X-Remote-User, which signs their notes, overlays and views
# Every replica gets the same cookie secret (kept in RUN_DIR), so a token one replica signed is good on the others.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
action=${1:?usage: run-replicas.sh start|stop RUN_DIR}
run=${2:?usage: run-replicas.sh start|stop RUN_DIR}
python=${PYTHON:-python3}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_health() {  # URL, what, pid: poll until it answers 200, or fail with the log
  local url=$1 what=$2 pid=$3 end=$((SECONDS + 180))
  until "$python" -c "import sys, urllib.request; sys.exit(urllib.request.urlopen(sys.argv[1], timeout=2).status != 200)" "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $end ]; then
      echo "run-replicas.sh: $what did not answer at $url; its log is in $run" >&2; return 1
    fi
    sleep 0.3
  done
}

stop() {
  if [ -f "$run/nginx.pid" ]; then kill "$(cat "$run/nginx.pid")" 2>/dev/null || true; fi
  for pidfile in "$run"/replica-*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [ -d "$run/postgres" ]; then bash "$root/deploy/postgres.sh" stop "$run/postgres"; fi
}

case "$action" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: run-replicas.sh start|stop RUN_DIR" >&2; exit 2 ;;
esac

mkdir -p "$run"
run=$(cd "$run" && pwd)
chmod 755 "$run"  # nginx's workers (not root) keep their temporary files here
base=${BASE_PATH:-/briefing/}
base="/${base#/}"; base="${base%/}/"
if [ -z "${BRIEFING_MAP_DATABASE_URL:-}" ]; then
  BRIEFING_MAP_DATABASE_URL=$(bash "$root/deploy/postgres.sh" start "$run/postgres")
fi
export BRIEFING_MAP_DATABASE_URL
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"  # the replicas run this checkout, whatever is installed
# Migrate once before the replicas start, so they do not race to create the schema.
(cd "$root" && "$python" -c "from dashboard.store.db import open_store; open_store()")
[ -f "$run/cookie-secret" ] || "$python" -c "import secrets; print(secrets.token_hex(32))" >"$run/cookie-secret"
secret=$(cat "$run/cookie-secret")

auth=""
if [ -n "${HTPASSWD:-}" ]; then
  htpasswd=$(cd "$(dirname "$HTPASSWD")" && pwd)/$(basename "$HTPASSWD")
  [ -r "$htpasswd" ] || { echo "run-replicas.sh: cannot read HTPASSWD=$HTPASSWD" >&2; exit 2; }
  auth="            auth_basic \"Briefing map\";"$'\n'"            auth_basic_user_file $htpasswd;"
  export BRIEFING_MAP_USER_HEADER=X-Remote-User  # nginx sets it from the sign-in; nothing else reaches the replicas
fi

IFS=, read -r -a ports <<<"${REPLICA_PORTS:-$(free_port),$(free_port)}"
servers=""
for port in "${ports[@]}"; do
  (cd "$root" && STREAMLIT_SERVER_COOKIE_SECRET=$secret exec setsid "$python" -m streamlit run dashboard/app.py \
    --server.headless true --server.address 127.0.0.1 --server.port "$port" \
    --server.baseUrlPath "${base#/}" \
    --server.fileWatcherType none --browser.gatherUsageStats false) >"$run/replica-$port.log" 2>&1 &
  echo $! >"$run/replica-$port.pid"
  servers+="        server 127.0.0.1:$port;"$'\n'
done
for port in "${ports[@]}"; do
  wait_health "http://127.0.0.1:$port${base}_stcore/health" "replica on port $port" "$(cat "$run/replica-$port.pid")" \
    || { stop; exit 1; }
done

listen=${LISTEN_PORT:-$(free_port)}
"$python" - "$root/deploy/nginx.conf.template" "$run/nginx.conf" "$run" "127.0.0.1:$listen" "$base" "$servers" \
  "$auth" <<'PY'
import sys

template, out, run, listen, base, servers, auth = sys.argv[1:]
text = open(template, encoding="utf-8").read()
for name, value in (("RUN_DIR", run), ("LISTEN", listen), ("BASE_NO_SLASH", base.rstrip("/")), ("BASE", base),
                    ("SERVERS", servers.rstrip("\n")), ("AUTH", auth or "            # no sign-in (HTPASSWD unset)")):
    text = text.replace(f"@{name}@", value)
open(out, "w", encoding="utf-8").write(text)
PY
"$nginx_bin" -e "$run/nginx-error.log" -p "$run" -c "$run/nginx.conf" || { stop; exit 1; }
wait_health "http://127.0.0.1:$listen${base}_stcore/health" "nginx" "$(cat "$run/nginx.pid")" || { stop; exit 1; }
echo "http://127.0.0.1:$listen$base" | tee "$run/url"
