#!/usr/bin/env bash
# Makes PostgreSQL's server binaries available for the cross-engine test:
# nothing when they are there already, else Debian's postgresql-15 package
# (as root, with apt-get). No cluster is created or started here: the test
# starts its own throwaway cluster (supportwh_dev.pgcluster) and stops it.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${SUPPORT_PG_BIN:-}" ]; then
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || true
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "ensure_postgres: PostgreSQL server not found and cannot install it here" \
        "(needs root and apt-get): install Debian's postgresql package" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() {
    apt-get install -y -q --no-install-recommends "$@" >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}
# the package would create and start a cluster of its own: not wanted
install postgresql-common
sed -i 's/^#*\s*create_main_cluster.*/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
install postgresql-15
ls -d /usr/lib/postgresql/*/bin | tail -1
