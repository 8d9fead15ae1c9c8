#!/usr/bin/env bash
# Median (and p90/p99) response time of a page, measured with curl over one keep-alive
# connection against the release build on a fresh database with the example catalogue.
# Usage: bench/response-time.sh [PATH] [REQUESTS]     (build first: scripts/build.sh)
#   MISS=1 bench/response-time.sh PATH   renders every request anew: the requests carry a
#                                        session cookie, which the page cache never serves
set -euo pipefail
cd "$(dirname "$0")/.."
path="${1:-/}"
requests="${2:-500}"
port=3300
db="$(mktemp -d)/bench.sqlite"

log=warn
# An unknown session id is warned about on every request: only errors then.
[ -z "${MISS:-}" ] || log=error
DATABASE_URL="$db" PORT=$port LEPTOS_SITE_ROOT=target/site RUST_LOG=$log \
  target/release/umsetzungsmonitor serve &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$(dirname "$db")"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

url="http://127.0.0.1:$port$path"
# Warm-up, then one curl process issuing all requests on a reused connection.
curl -s -o /dev/null "$url"
args=()
[ -z "${MISS:-}" ] || args+=(-H "Cookie: sitzung=AAAAAAAAAAAAAAAAAAAAAA")
for _ in $(seq "$requests"); do args+=(-o /dev/null "$url"); done
curl -s -w '%{time_total}\n' "${args[@]}" | sort -n > "$(dirname "$db")/times"
bytes=$(curl -s "$url" | wc -c)
awk -v n="$requests" -v path="$path" -v bytes="$bytes" '
  { t[NR] = $1 * 1000 }
  END {
    printf "%s: %d requests, %d bytes each, median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      path, n, bytes, t[int(n * 0.5)], t[int(n * 0.9)], t[int(n * 0.99)], t[n]
  }' "$(dirname "$db")/times"
