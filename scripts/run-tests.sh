#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite, browser and deployment tests included.
# The store's PostgreSQL leg runs when BRIEFING_MAP_TEST_POSTGRES_URL is set (.ci/run starts a server for it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
python3 -m pip install -q -e '.[test]'
python3 -m dashboard validate
python3 -m pytest "$@"
