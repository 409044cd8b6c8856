#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite, browser and deployment tests included.
# The store's tests run on SQLite and on PostgreSQL with PostGIS: unless BRIEFING_MAP_TEST_POSTGRES_URL names a
# server, a throwaway one is started on loopback for the run and stopped however the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
python3 -m pip install -q -e '.[test]'
if [ -z "${BRIEFING_MAP_TEST_POSTGRES_URL:-}" ]; then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/briefing-test-pg.XXXXXX")
  trap 'bash deploy/postgres.sh stop "$pgdir" || true; rm -rf "$pgdir"' EXIT
  BRIEFING_MAP_TEST_POSTGRES_URL=$(bash deploy/postgres.sh start "$pgdir")
  export BRIEFING_MAP_TEST_POSTGRES_URL
  echo "PostgreSQL for the store's tests: $BRIEFING_MAP_TEST_POSTGRES_URL"
fi
python3 -m dashboard validate
python3 -m pytest "$@"
