#!/usr/bin/env bash
# Install the Debian packages the test suite drives, each only when missing: Chromium (browser tests),
# PostgreSQL with PostGIS (the store's second database, the replicas' shared one) and nginx (the replicas' proxy).
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null || missing+=(postgresql-postgis)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  # policy-rc.d or not, the packages' own services are not needed: the tests start their own servers.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
