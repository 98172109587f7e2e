"""Reading while building: `make build` (scripts/build.sh) builds a copy of
the warehouse and swaps it in with one rename, so a reader holding the
warehouse open (a dashboard, a BI tool) and the nightly build both succeed,
and the reader never sees a half-built warehouse.

Two small models (dq_build_metadata and the freshness it reads, whose
built_at moves with every build) are rebuilt on a copy of the demo
warehouse, while this process holds a read-only connection to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import REPO

BUILD = REPO / "scripts" / "build.sh"
BUILT_AT = "select built_at from dq_build_metadata"
# the build time is stamped by dq_source_freshness, summed up by dq_build_metadata
ONE_MODEL = ["--select", "dq_source_freshness", "dq_build_metadata"]


def build(warehouse: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {
        **os.environ,
        "SUPPORT_WAREHOUSE_PATH": str(warehouse),
        "SUPPORT_DUCKDB_TEMP_DIR": str(warehouse.parent / "tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **env,
    }
    return subprocess.run(
        [
            str(BUILD),
            *args,
            "--target-path",
            str(warehouse.parent / "target"),
            "--log-path",
            str(warehouse.parent / "logs"),
        ],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def warehouse(tmp_path: Path, demo_warehouse: Path) -> Path:
    copy = tmp_path / "warehouse" / "support.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(demo_warehouse, copy)
    return copy


def test_reader_holds_the_warehouse_through_a_build(warehouse: Path):
    reader = duckdb.connect(str(warehouse), read_only=True)
    try:
        before = reader.execute(BUILT_AT).fetchone()[0]
        tickets = reader.execute("select count(*) from fact_ticket").fetchone()[0]

        result = build(warehouse, *ONE_MODEL)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]

        # the reader goes on reading the warehouse it opened, whole
        assert reader.execute(BUILT_AT).fetchone()[0] == before
        assert reader.execute("select count(*) from fact_ticket").fetchone()[0] == tickets
    finally:
        reader.close()
    # the next connection opens the new build
    after = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert after.execute(BUILT_AT).fetchone()[0] > before
        assert after.execute("select count(*) from fact_ticket").fetchone()[0] == tickets
    finally:
        after.close()
    assert not (warehouse.parent / ".building" / warehouse.name).exists()


def test_failed_build_leaves_the_warehouse_as_it_was(warehouse: Path):
    before = warehouse.read_bytes()
    result = build(warehouse, *ONE_MODEL, "--vars", "{as_of: not-a-date}")
    assert result.returncode != 0
    assert "was left as it was" in result.stderr
    assert warehouse.read_bytes() == before
    assert not (warehouse.parent / ".building" / warehouse.name).exists()


def test_building_in_place_is_what_a_reader_would_break(warehouse: Path):
    """The swap is what makes the first test pass: dbt writing the file
    itself cannot open it while a reader holds it (DuckDB: one writer, and
    no writer beside another process's reader)."""
    reader = duckdb.connect(str(warehouse), read_only=True)
    try:
        result = build(warehouse, *ONE_MODEL, SUPPORT_BUILD_IN_PLACE="1")
    finally:
        reader.close()
    assert result.returncode != 0
    assert "lock" in (result.stdout + result.stderr).lower()
