#!/usr/bin/env bash
# Runs every check of the project, as CI does: lint (ruff, sqlfluff), a full
# dbt build of the demo data with all data and unit tests, the Great
# Expectations suites on that warehouse (Data Docs in target/data_docs), dbt
# docs, and the pytest suite (reference comparison, bad input, configuration,
# generator, expectations, property-based tests, and the PostgreSQL and Spark
# builds compared row by row with DuckDB: installs Debian's postgresql package
# when its server binaries are missing; the dashboard and the weekly report in
# headless Chromium: installs Debian's chromium package when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
export DBT_PROFILES_DIR="$PWD/profiles"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
work=$(mktemp -d "${TMPDIR:-/tmp}/support-warehouse-test.XXXXXX")
lint_pid=
trap '[ -n "$lint_pid" ] && kill "$lint_pid" 2>/dev/null; rm -rf "$work"' EXIT
export SUPPORT_WAREHOUSE_PATH="$work/demo.duckdb"
export SUPPORT_DUCKDB_TEMP_DIR="$work/tmp"

step() { printf '\n== %s  (at %d s)\n' "$*" "$SECONDS"; }

step "ruff"
.venv/bin/ruff check supportwh supportwh_dev tests bench
.venv/bin/ruff format --check supportwh supportwh_dev tests bench

step "sqlfluff lint: runs in the background while dbt builds (its output follows dbt docs)"
# sqlfluff's dbt templater compiles every model for minutes, and the demo
# build mostly uses one core: side by side they take about the time of the
# longer. Each lint compiles against a warehouse file and a dbt target
# directory of its own.
sqlfluff_lint() {
    SUPPORT_WAREHOUSE_PATH="$work/lint.duckdb" SUPPORT_DUCKDB_TEMP_DIR="$work/lint-tmp" \
        .venv/bin/sqlfluff lint models data_tests/singular analyses --processes 2 --disable-progress-bar
    # the connector models are disabled by default: each system's linted as
    # its build compiles them, the three side by side
    local system pids=() failed=0
    for system in zendesk intercom freshdesk; do
        SUPPORT_WAREHOUSE_PATH="$work/lint-$system.duckdb" \
            SUPPORT_DUCKDB_TEMP_DIR="$work/lint-tmp-$system" \
            DBT_TARGET_PATH="$work/lint-target-$system" \
            .venv/bin/sqlfluff lint --config ".sqlfluff-$system" "models/staging/$system" \
            models/staging/connectors data_tests/singular/assert_"$system"_*.sql \
            --disable-progress-bar >"$work/sqlfluff-$system.log" 2>&1 &
        pids+=("$!")
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    cat "$work"/sqlfluff-zendesk.log "$work"/sqlfluff-intercom.log "$work"/sqlfluff-freshdesk.log
    return "$failed"
}
sqlfluff_lint >"$work/sqlfluff.log" 2>&1 &
lint_pid=$!

step "dbt build on the demo data (models, seeds, unit and data tests)"
.venv/bin/dbt build --target-path "$work/target" --log-path "$work/logs"

step "Great Expectations suites on the demo warehouse (Data Docs: target/data_docs/index.html)"
.venv/bin/python -m supportwh_dev.expectations --warehouse "$SUPPORT_WAREHOUSE_PATH" \
    --docs-dir target/data_docs

step "dbt docs generate"
.venv/bin/dbt docs generate --target-path "$work/target" --log-path "$work/logs" >/dev/null

step "sqlfluff lint: result"
lint_status=0
wait "$lint_pid" || lint_status=$?
lint_pid=
cat "$work/sqlfluff.log"
if [ "$lint_status" != 0 ]; then
    echo "sqlfluff lint failed (exit $lint_status): the violations are listed above" >&2
    exit "$lint_status"
fi

step "PostgreSQL server binaries for the cross-engine test (Debian's postgresql package)"
# the test starts its own throwaway cluster; SUPPORT_REQUIRE_POSTGRES=1 makes
# a missing server a failure instead of a skip (SUPPORT_REQUIRE_POSTGRES=0 to skip)
if [ "${SUPPORT_REQUIRE_POSTGRES:-1}" = 1 ]; then
    ./scripts/ensure_postgres.sh
fi
export SUPPORT_REQUIRE_POSTGRES="${SUPPORT_REQUIRE_POSTGRES:-1}"
# the Spark build (pyspark from requirements.txt) needs Java 17+ on the machine
export SUPPORT_REQUIRE_SPARK="${SUPPORT_REQUIRE_SPARK:-1}"

step "Chromium for the browser checks (Debian's chromium package)"
# the dashboard and report tests drive it with Playwright; SUPPORT_REQUIRE_CHROMIUM=1
# makes a missing browser a failure instead of a skip (SUPPORT_REQUIRE_CHROMIUM=0 to skip)
if [ "${SUPPORT_REQUIRE_CHROMIUM:-1}" = 1 ]; then
    SUPPORT_CHROMIUM=$(./scripts/ensure_chromium.sh)
    export SUPPORT_CHROMIUM
fi
export SUPPORT_REQUIRE_CHROMIUM="${SUPPORT_REQUIRE_CHROMIUM:-1}"

step "pytest"
# two workers (pytest-xdist), each taking whole test files: a module's
# fixtures (its builds, its PostgreSQL cluster, its Spark session) stay in
# one process, in the order tests/conftest.py collects them (slowest first).
# SUPPORT_TEST_WORKERS=0 runs in this process.
SUPPORT_TEST_DEMO_WAREHOUSE="$SUPPORT_WAREHOUSE_PATH" .venv/bin/python -m pytest -q -p no:cacheprovider \
    --durations=30 -n "${SUPPORT_TEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder tests
printf '\n== every check passed (%d s)\n' "$SECONDS"
