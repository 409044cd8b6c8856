#!/usr/bin/env bash
# Set up a fresh machine and start the dashboard on its embedded data (offline basemap).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e .
exec python3 -m streamlit run dashboard/app.py "$@"
