#!/usr/bin/env bash
# Load benchmark: the release server against nginx serving saved copies of the same pages,
# on the example catalogue and on a generated large plan, in one run on this machine.
#
# For each data set: cold start (process start to first 200 on /), throughput and latency
# (wrk, 64 connections, p50/p99) of / (with several plans their list), the first plan's
# dashboard, its /pakete/1 and its /zeitplan for the app and for nginx
# with the same bytes, the ratio app/nginx – the app once asked as curl asks (no
# compression) and once as a browser asks (Accept-Encoding: br, gzip; nginx serves the
# plain bytes either way) –, the same without the page cache (--seiten-cache-mb 0: every
# request renders, as a cache miss does) with the render time of one request, peak RSS of
# the server (VmHWM) under that load, what a page load transfers in Chromium (HTML, CSS,
# JS, wasm; signed out, and an editing page signed in), and the time to answer each chart
# and export over HTTP (median of 5, database read included).
# Finally the wasm bundle: raw, gzip -9, brotli -q 11, and its largest functions (twiggy).
#
# Usage: bench/load.sh [SECONDS per wrk run, default 10]
#   POSTGRES_SERVER=postgres://…/postgres bench/load.sh   the data sets in new databases on
#   that PostgreSQL server instead of SQLite files, e.g. on a throwaway cluster:
#   scripts/postgres.py -- bash -c 'POSTGRES_SERVER=$TEST_DATABASE_URL bench/load.sh 5'
#   BINARY=… SITE=… bench/load.sh   measures another build (e.g. a saved copy of an earlier
#   one, for a before/after comparison in the same run on the same machine)
# Needs: scripts/build.sh; installs wrk, nginx and brotli if missing (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections=64
app_port=3500
nginx_port=3501
binary="${BINARY:-target/release/umsetzungsmonitor}"
site="${SITE:-target/site}"
work="$(mktemp -d /tmp/lastmessung.XXXXXX)"
chmod 755 "$work" # nginx's workers run as www-data and read the saved pages from here

need() {
  command -v "$1" >/dev/null 2>&1 || command -v "/usr/sbin/$1" >/dev/null 2>&1 ||
    { echo "installing $2"; apt-get install -y -qq "$2" >/dev/null; }
}
need wrk wrk
need nginx nginx
need brotli brotli
[[ -x $binary && -d $site/pkg ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }

server=""
nginx_pid=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# Starts the server on a database; sets $cold to the milliseconds from process start
# to the first 200 on /.
start_server() {
  local db="$1" started
  started=$(now_ms)
  UMSETZUNGSMONITOR_PAGE_CACHE_MB="${CACHE_MB:-32}" DATABASE_URL="$db" PORT=$app_port LEPTOS_SITE_ROOT="$site" RUST_LOG=warn \
    UMSETZUNGSMONITOR_TODAY=2026-11-21 "$binary" serve >>"$work/server.log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$app_port/"; do
    kill -0 "$server" 2>/dev/null || { echo "server ended, see $work/server.log" >&2; exit 1; }
    sleep 0.005
  done
  cold=$(($(now_ms) - started))
  # The first plan's address prefix (with several plans, `/` is the list of plans).
  P="/$(curl -sf "http://127.0.0.1:$app_port/api/v1/plaene.json" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["plans"][0]["slug"])')"
}

stop_server() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

# Saves the pages exactly as the app serves them, for nginx.
save_pages() {
  rm -rf "$work/html" && mkdir -p "$work/html$P/pakete"
  curl -sf -o "$work/html/index.html" "http://127.0.0.1:$app_port/"
  curl -sf -o "$work/html/plan.html" "http://127.0.0.1:$app_port$P"
  curl -sf -o "$work/html$P/pakete/1" "http://127.0.0.1:$app_port$P/pakete/1"
  curl -sf -o "$work/html$P/zeitplan" "http://127.0.0.1:$app_port$P/zeitplan"
}

saved_file() {
  case "$1" in
    /) echo "$work/html/index.html" ;;
    "$P") echo "$work/html/plan.html" ;;
    *) echo "$work/html$1" ;;
  esac
}

start_nginx() {
  cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/html;
    location = / { try_files /index.html =404; }
    location = $P { try_files /plan.html =404; }
  }
}
EOF
  mkdir -p "$work/nginx-tmp"
  nginx -c "$work/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 500); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/" && return; sleep 0.01; done
  echo "nginx does not serve the saved page, see $work/nginx-error.log" >&2
  exit 1
}

stop_nginx() {
  kill "$nginx_pid"
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
}

# wrk run: prints "requests/s p50_ms p99_ms non-2xx"; further arguments go to wrk
load() {
  local url="$1"
  shift
  wrk -t2 -c$connections -d"${duration}s" --timeout 10s --latency "$@" "$url" >"$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { if ($NF + 0 > 0) bad = bad " timeouts " $NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$work/wrk.txt"
}

# Bytes of one answer as a browser asks for it.
browser_bytes() {
  curl -s -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "$1"
}

peak_rss_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status"; }

median_ms() {
  local url="$1"
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done |
    sort -n | awk 'NR == 3 { printf "%.1f", $1 * 1000 }'
}

# An account for the signed-in page loads (created with the command line, like an admin would).
bench_account="messung@bench.test:Messung-Passwort-1"
add_account() {
  printf '%s\n' "${bench_account#*:}" | DATABASE_URL="$1" "$binary" user add --email "${bench_account%%:*}" \
    --name Messung --organisation Messung --role member --plan "${P#/}" >/dev/null 2>&1 || true
}

report_dataset() {
  local name="$1" db="$2"
  start_server "$db"
  add_account "$db"
  save_pages
  start_nginx
  echo
  echo "### $name"
  echo
  echo "Cold start (process start to first 200 on /): ${cold} ms"
  echo
  echo "| page | bytes (br) | asked as | app req/s | app p50 ms | app p99 ms | nginx req/s (plain) | nginx p50 ms | nginx p99 ms | app/nginx |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for path in / "$P" "$P/pakete/1" "$P/zeitplan"; do
    local file
    file="$(saved_file "$path")"
    read -r n_rps n_p50 n_p99 n_bad < <(load "http://127.0.0.1:$nginx_port$path")
    for asked in curl browser; do
      local extra=()
      [[ $asked == browser ]] && extra=(-H 'Accept-Encoding: br, gzip')
      read -r a_rps a_p50 a_p99 a_bad < <(load "http://127.0.0.1:$app_port$path" "${extra[@]}")
      [[ $a_bad == 0 && $n_bad == 0 ]] || echo "WARNING: non-2xx answers or timeouts (app $a_bad, nginx $n_bad)"
      echo "| \`$path\` | $(stat -c %s "$file") ($(browser_bytes "http://127.0.0.1:$app_port$path")) | $asked | $a_rps | $a_p50 | $a_p99 | $n_rps | $n_p50 | $n_p99 | $(awk -v a="$a_rps" -v n="$n_rps" 'BEGIN { printf "%.1f %%", 100 * a / n }') |"
    done
  done
  echo
  echo "Peak RSS of the server after these loads (VmHWM): $(peak_rss_mb) MB"
  echo
  echo "A page load in Chromium, empty cache (bytes on the wire, compressed; bench/transfer.mjs):"
  echo
  node bench/transfer.mjs "http://127.0.0.1:$app_port" / "$P" "$P/pakete/1" "$P/zeitplan"
  echo
  echo "Signed in, an editing page (its islands load the wasm bundle):"
  echo
  SIGN_IN="$bench_account" node bench/transfer.mjs "http://127.0.0.1:$app_port" "$P/bearbeiten/pakete/1" | tail -n +3
  echo
  echo "| chart or export (HTTP, median of 5) | ms | bytes |"
  echo "|---|---|---|"
  for path in "$P/grafik/zeitplan.svg" "$P/grafik/fortschritt.svg" "$P/grafik/pakete/1.svg" \
    "$P/export/sachstandsbericht.pdf" "$P/export/meilensteine.xlsx" "$P/export/meilensteine.csv" \
    "$P/api/v1/plan.json" "$P/feeds/termine.ics" "$P/feeds/aenderungen.atom" /vergleich; do
    local url="http://127.0.0.1:$app_port$path"
    echo "| \`$path\` | $(median_ms "$url") | $(curl -s "$url" | wc -c) |"
  done
  stop_nginx
  stop_server

  # Every request renders: what a cache miss (the first request after a save) costs.
  CACHE_MB=0 start_server "$db"
  echo
  echo "Without the page cache (every request renders, like the first one after a save):"
  echo
  echo "| page | one render, median of 5, ms | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|"
  for path in / "$P" "$P/pakete/1" "$P/zeitplan"; do
    local url="http://127.0.0.1:$app_port$path"
    local render
    render="$(median_ms "$url")"
    read -r a_rps a_p50 a_p99 a_bad < <(load "$url" -H 'Accept-Encoding: br, gzip')
    [[ $a_bad == 0 ]] || echo "WARNING: non-2xx answers or timeouts ($a_bad)"
    echo "| \`$path\` | $render | $a_rps | $a_p50 | $a_p99 |"
  done
  echo
  echo "Peak RSS of the server without the cache: $(peak_rss_mb) MB"
  stop_server
}

# Where a data set lives: a SQLite file in the work directory, or a new database of that
# name on $POSTGRES_SERVER.
database() {
  if [[ -n ${POSTGRES_SERVER:-} ]]; then
    psql -X -q "$POSTGRES_SERVER" -c "CREATE DATABASE $1" >/dev/null
    python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
      "$POSTGRES_SERVER" "$1"
  else
    echo "$work/$1.sqlite"
  fi
}

database_size_mb() {
  if [[ -n ${POSTGRES_SERVER:-} ]]; then
    psql -X -q -A -t "$1" -c "SELECT pg_database_size(current_database()) / 1048576"
  else
    du -m "$1" | cut -f1
  fi
}

echo "## Load benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ { print $2 }') GiB RAM; wrk -t2 -c$connections -d${duration}s on loopback, client and servers on the same cores."
echo "$(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
if [[ -n ${POSTGRES_SERVER:-} ]]; then
  echo "Database: $(psql -X -q -A -t "$POSTGRES_SERVER" -c 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, the same machine (Unix socket)"
else
  echo "Database: SQLite files"
fi

report_dataset "Example catalogue (13 packages, 43 milestones), fresh database" "$(database beispiel)"

echo
large="$(database gross)"
"$binary" --database-url "$large" --today 2026-11-21 \
  generate --packages 13 --milestones-per-package 200 --history 100000 >"$work/generate.txt"
echo "Large data set: umsetzungsmonitor generate --packages 13 --milestones-per-package 200 --history 100000"
echo "→ $(cat "$work/generate.txt")"
echo "Database size: $(database_size_mb "$large") MB"
report_dataset "Large data set (13 packages × 200 milestones, 100,000 history entries)" "$large"

echo
echo "### wasm bundle"
echo
bench/wasm-size.sh
rm -rf "$work"
