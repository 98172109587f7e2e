"""Every SQL question in analyses/ compiles and runs against the demo warehouse.

The analyses are the questions the marts answer, written for a person to run
(`dbt compile`, then the SQL under target/compiled/.../analyses/). This keeps
them from rotting when a mart changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_DATA, REPO, run_dbt

ANALYSES = sorted(p.stem for p in (REPO / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(demo_warehouse: Path, tmp_path_factory) -> tuple[Path, Path]:
    workdir = tmp_path_factory.mktemp("analyses")
    # compile against a copy: dbt opens the warehouse read-write
    warehouse = workdir / "warehouse.duckdb"
    shutil.copy(demo_warehouse, warehouse)
    result = run_dbt(
        ["compile", "--select", "resource_type:analysis"],
        workdir,
        DEMO_DATA,
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.output[-4000:]
    return workdir / "target" / "compiled", warehouse


def test_there_are_analyses():
    assert len(ANALYSES) >= 6


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_runs(compiled: tuple[Path, Path], name: str):
    compiled_dir, warehouse = compiled
    [sql_file] = list(compiled_dir.rglob(f"analyses/{name}.sql"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute(sql_file.read_text()).fetchall()
    finally:
        con.close()
