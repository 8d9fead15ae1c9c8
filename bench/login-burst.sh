#!/usr/bin/env bash
# A burst of parallel wrong passwords for one account (issue 17, finding 2): how many
# password checks ran (answers 400; 429 = refused by the throttle before any check, 503 =
# refused after waiting for a check slot) and the server's peak RSS (VmHWM) before and after.
# Each check holds about 19 MiB (argon2id), so the peak shows how many ran at once.
#
# Usage: bench/login-burst.sh [REQUESTS, default 400]    (build first: scripts/build.sh)
#   BINARY=… SITE=… bench/login-burst.sh   measures another build (before/after)
#   SPREAD=1 bench/login-burst.sh          each request from its own client address (named in
#     X-Forwarded-For; the server trusts 127.0.0.1 as its proxy) and for its own e-mail: the
#     throttle lets all through, and only the bound on concurrent checks limits the memory
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-400}"
binary="${BINARY:-target/release/umsetzungsmonitor}"
site="${SITE:-target/site}"
port=3502
dir="$(mktemp -d /tmp/anmeldeflut.XXXXXX)"
[[ -x $binary ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
export DATABASE_URL="$dir/db.sqlite" LEPTOS_SITE_ROOT="$site" RUST_LOG=warn PORT=$port
export UMSETZUNGSMONITOR_TRUSTED_PROXIES=127.0.0.1
printf '%s\n' 'ein-langes-Passwort-2026' |
  "$binary" user add --email admin@beispiel.test --name Admin --organisation Org --role admin >/dev/null
"$binary" serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
rss() { awk '/VmHWM/ {print $2}' "/proc/$server/status"; }
before=$(rss)
started=$(date +%s%3N)
if [[ -n ${SPREAD:-} ]]; then
  seq "$requests" | xargs -P "$requests" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
    -H 'X-Forwarded-For: 2001:db8:{}::1' \
    --data 'email=u{}%40beispiel.test&password=falsch-falsch-falsch' \
    "http://127.0.0.1:$port/api/anmelden" >"$dir/codes"
else
  seq "$requests" | xargs -P "$requests" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data 'email=admin%40beispiel.test&password=falsch-falsch-falsch' \
    "http://127.0.0.1:$port/api/anmelden" >"$dir/codes"
fi
elapsed=$(($(date +%s%3N) - started))
after=$(rss)
echo "binary: $binary"
if [[ -n ${SPREAD:-} ]]; then what="each for its own account from its own address"; else what="for one account"; fi
echo "$requests parallel wrong passwords $what, answered in $elapsed ms:"
sort "$dir/codes" | uniq -c | awk '{printf "  %s × HTTP %s\n", $1, $2}'
echo "peak RSS: $((before / 1024)) MB before, $((after / 1024)) MB after the burst"
echo "(details: $dir)"
