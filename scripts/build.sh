#!/usr/bin/env bash
# Builds the warehouse on the bundled demo data (or on RAW_DATA_PATH when set):
# creates .venv with the pinned dependencies, then runs `dbt build` (models,
# seeds and every test) into $SUPPORT_WAREHOUSE_PATH (default
# warehouse/support.duckdb). Extra arguments go to dbt build.
#
# Readers are never disturbed: the build runs on a copy of the warehouse in
# warehouse/.building/ (same file name, so the same catalog name) and the
# finished file replaces the old one in one rename. A dashboard or BI tool
# holding the old file open keeps reading it whole; the next connection
# opens the new one. A failed build leaves the old warehouse in place.
# SUPPORT_BUILD_IN_PLACE=1 builds into the file itself (no copy: faster on a
# large warehouse, but no reader may hold it open while dbt writes).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
export DBT_PROFILES_DIR="$PWD/profiles"
target="${SUPPORT_WAREHOUSE_PATH:-$PWD/warehouse/support.duckdb}"
mkdir -p "$(dirname "$target")"
vars=()
if [ -n "${RAW_DATA_PATH:-}" ]; then
    vars=(--vars "{raw_data_path: '$RAW_DATA_PATH'}")
fi

if [ "${SUPPORT_BUILD_IN_PLACE:-0}" = 1 ]; then
    SUPPORT_WAREHOUSE_PATH="$target" .venv/bin/dbt build "${vars[@]}" "$@"
else
    stage_dir="$(dirname "$target")/.building"
    mkdir -p "$stage_dir"
    # one build at a time per warehouse directory
    exec 9>"$stage_dir/lock"
    if ! flock -n 9; then
        echo "build.sh: another build into $(dirname "$target") is running" \
            "(it holds $stage_dir/lock)" >&2
        exit 1
    fi
    staged="$stage_dir/$(basename "$target")"
    rm -f "$staged" "$staged.wal"
    # the incremental models go on from the current warehouse
    if [ -f "$target" ]; then
        cp "$target" "$staged"
        if [ -f "$target.wal" ]; then cp "$target.wal" "$staged.wal"; fi
    fi
    status=0
    SUPPORT_WAREHOUSE_PATH="$staged" .venv/bin/dbt build "${vars[@]}" "$@" || status=$?
    if [ "$status" != 0 ]; then
        rm -f "$staged" "$staged.wal"
        echo >&2
        echo "build.sh: dbt build failed (exit $status): the warehouse $target was left as it was" >&2
        exit "$status"
    fi
    # dbt closes the database cleanly (checkpointed, no .wal); if one is
    # left, fold it in before the file moves
    if [ -f "$staged.wal" ]; then
        .venv/bin/python -c 'import duckdb, sys; duckdb.connect(sys.argv[1]).execute("checkpoint").close()' "$staged"
    fi
    rm -f "$target.wal"
    mv -f "$staged" "$target"
fi
echo
echo "Warehouse built: $target"
echo "Query it, e.g.: .venv/bin/python -m supportwh.query \"select * from mart_ticket_kpis_weekly where slice_name = 'overall'\""
