#!/usr/bin/env bash
# Several instances behind nginx (issue 22): throughput and latency of public pages through
# nginx with one and with two app instances on the same database, beside one instance asked
# directly, and a save through one instance seen by the other at the next request.
#
# wrk, 64 connections, asked as a browser asks (Accept-Encoding: br, gzip). The example
# catalogue on a fresh database unless DATABASE_URL names one.
#
# Usage: bench/instances.sh [SECONDS per wrk run, default 10]     (build first: scripts/build.sh)
#   BINARY=… SITE=… bench/instances.sh   measures another build
# Needs: installs wrk and nginx if missing (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
binary="${BINARY:-target/release/umsetzungsmonitor}"
site="${SITE:-target/site}"
front=3800
ports=(3801 3802)
work="$(mktemp -d /tmp/instanzen.XXXXXX)"
chmod 755 "$work"
database="${DATABASE_URL:-$work/db.sqlite}"

need() {
  command -v "$1" >/dev/null 2>&1 || command -v "/usr/sbin/$1" >/dev/null 2>&1 ||
    { echo "installing $2"; apt-get install -y -qq "$2" >/dev/null; }
}
need wrk wrk
need nginx nginx
[[ -x $binary && -d $site/pkg ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }

servers=()
nginx_running=""
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $nginx_running ]] && nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
}
trap cleanup EXIT

start_instance() {
  local port="$1"
  DATABASE_URL="$database" PORT="$port" LEPTOS_SITE_ROOT="$site" RUST_LOG=warn \
    UMSETZUNGSMONITOR_TODAY=2026-11-21 UMSETZUNGSMONITOR_TRUSTED_PROXIES=127.0.0.1 \
    "$binary" serve >>"$work/server-$port.log" 2>&1 &
  servers+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/konto"; do sleep 0.02; done
}

# nginx in front of the given instance ports (README, "Several instances behind one proxy").
start_nginx() {
  local upstream=""
  for port in "$@"; do upstream+="    server 127.0.0.1:$port max_fails=0;"$'\n'; done
  mkdir -p "$work/tmp" && chmod 777 "$work/tmp"
  cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  upstream umsetzungsmonitor {
$upstream    keepalive 64;
  }
  server {
    listen 127.0.0.1:$front;
    location / {
      proxy_pass http://umsetzungsmonitor;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
EOF
  [[ -n $nginx_running ]] && { nginx -c "$work/nginx.conf" -s reload 2>/dev/null; sleep 0.5; return; }
  nginx -c "$work/nginx.conf"
  nginx_running=1
  until curl -sf -o /dev/null "http://127.0.0.1:$front/api/konto"; do sleep 0.02; done
}

# wrk run: prints "requests/s p50_ms p99_ms non-2xx"
load() {
  wrk -t2 -c64 -d"${duration}s" --timeout 10s --latency -H 'Accept-Encoding: br, gzip' "$1" >"$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$work/wrk.txt"
}

start_instance "${ports[0]}"
plan="/$(curl -sf "http://127.0.0.1:${ports[0]}/api/v1/plaene.json" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["plans"][0]["slug"])')"
pages=(/ "$plan" "$plan/pakete/1" "$plan/zeitplan")

row() {
  local label="$1" base="$2"
  for path in "${pages[@]}"; do
    read -r rps p50 p99 bad < <(load "$base$path")
    [[ $bad == 0 ]] || echo "WARNING: $bad non-2xx answers"
    echo "| $label | \`$path\` | $rps | $p50 | $p99 |"
  done
}

echo "$(nproc) cores, $(nginx -v 2>&1), database ${database%%\?*}"
echo
echo "| served by | page | req/s | p50 ms | p99 ms |"
echo "|---|---|---:|---:|---:|"
row "one instance, direct" "http://127.0.0.1:${ports[0]}"
start_nginx "${ports[0]}"
row "nginx → one instance" "http://127.0.0.1:$front"
start_instance "${ports[1]}"
start_nginx "${ports[@]}"
row "nginx → two instances" "http://127.0.0.1:$front"

# A page cached on the second instance, then a change by another process (the command
# line, as an operator runs it beside the servers): the next request must show it.
list="http://127.0.0.1:${ports[1]}/api/v1/plaene.json"
curl -sf -o /dev/null "$list"
before="$(curl -sf "$list" | md5sum)"
DATABASE_URL="$database" "$binary" plan rename "${plan#/}" --titel "Umbenannt über die Kommandozeile" >/dev/null
after="$(curl -sf "$list" | md5sum)"
echo
if [[ $before != "$after" ]]; then
  echo "A change by another process showed at the next request to the second instance."
else
  echo "STALE: the second instance still served the page from before the change." >&2
  exit 1
fi
