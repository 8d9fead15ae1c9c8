#!/usr/bin/env bash
# Lighthouse 12 (accessibility, performance, best practices, SEO; mobile, its default) on /
# (the list of plans), the first plan's dashboard, its /pakete/1 and its /zeitplan of the
# release build with the example catalogue, in Debian's Chromium, in German and English.
#
# Usage: bench/lighthouse.sh        (needs: scripts/build.sh)
# Installs lighthouse@12 into tools/lighthouse/ on first use. Reports go to
# target/lighthouse/<page>-<language>.report.{html,json}; the scores are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
port=3600
binary=target/release/umsetzungsmonitor
out=target/lighthouse
[[ -x $binary && -d target/site/pkg ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [[ ! -x tools/lighthouse/node_modules/.bin/lighthouse ]]; then
  mkdir -p tools/lighthouse
  # Its own package.json, so npm does not install into tools/ (the build's wasm-opt).
  echo '{ "private": true }' >tools/lighthouse/package.json
  (cd tools/lighthouse && npm install --no-audit --no-fund --no-save lighthouse@12 >/dev/null)
fi
lighthouse=tools/lighthouse/node_modules/.bin/lighthouse
mkdir -p "$out"
database="$(mktemp -d /tmp/lighthouse.XXXXXX)/db.sqlite"
DATABASE_URL="sqlite://$database" PORT=$port LEPTOS_SITE_ROOT=target/site "$binary" serve >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
# The first plan's address prefix (with several plans, `/` is the list of plans).
P="/$(curl -sf "http://127.0.0.1:$port/api/v1/plaene.json" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["plans"][0]["slug"])')"

printf '%-14s %-4s %14s %12s %15s %5s\n' page lang accessibility performance best-practices seo
for language in de en; do
  for page in / "$P" "$P/pakete/1" "$P/zeitplan"; do
    name="$(echo "$page" | tr -c 'a-z0-9\n' '_' | sed 's/^_$/start/;s/^_//')-$language"
    "$lighthouse" "http://127.0.0.1:$port$page" --quiet \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --extra-headers="{\"Cookie\": \"sprache=$language\"}" \
      --only-categories=accessibility,performance,best-practices,seo \
      --output=json --output=html --output-path="$out/$name" >/dev/null 2>&1
    node -e '
      const r = require(process.argv[1]);
      const s = (k) => Math.round(r.categories[k].score * 100);
      const failed = Object.values(r.audits)
        .filter((a) => a.score !== null && a.score < 1 && r.categories.accessibility.auditRefs.some((x) => x.id === a.id && x.weight > 0))
        .map((a) => a.id);
      console.log([process.argv[2].padEnd(14), process.argv[3].padEnd(4), String(s("accessibility")).padStart(14),
        String(s("performance")).padStart(12), String(s("best-practices")).padStart(15), String(s("seo")).padStart(5),
        failed.length ? "  a11y audits failed: " + failed.join(", ") : ""].join(" "));
    ' "$PWD/$out/$name.report.json" "$page" "$language"
  done
done
