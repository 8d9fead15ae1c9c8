#!/usr/bin/env bash
# Installs what is missing, builds the release app and starts it on http://127.0.0.1:3000
# with its embedded SQLite database (the example catalogue is loaded on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
source scripts/env.sh
scripts/build.sh
echo "Umsetzungsmonitor: http://${ADDRESS:-127.0.0.1}:${PORT:-3000}  (Datenbank: ${DATABASE_URL:-umsetzungsmonitor.sqlite}; beenden mit Strg+C)"
LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD exec target/release/umsetzungsmonitor serve
