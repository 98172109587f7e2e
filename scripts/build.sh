#!/usr/bin/env bash
# Builds the warehouse on the bundled demo data (or on RAW_DATA_PATH when set):
# creates .venv with the pinned dependencies, then runs `dbt build` (models,
# seeds and every test) into $SUPPORT_WAREHOUSE_PATH (default
# warehouse/support.duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
export DBT_PROFILES_DIR="$PWD/profiles"
export SUPPORT_WAREHOUSE_PATH="${SUPPORT_WAREHOUSE_PATH:-$PWD/warehouse/support.duckdb}"
mkdir -p "$(dirname "$SUPPORT_WAREHOUSE_PATH")"
vars=()
if [ -n "${RAW_DATA_PATH:-}" ]; then
    vars=(--vars "{raw_data_path: '$RAW_DATA_PATH'}")
fi
.venv/bin/dbt build "${vars[@]}" "$@"
echo
echo "Warehouse built: $SUPPORT_WAREHOUSE_PATH"
echo "Query it, e.g.: .venv/bin/python -m supportwh.query \"select * from mart_ticket_kpis_weekly where slice_name = 'overall'\""
