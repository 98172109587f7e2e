"""supportwh-query: lists the tables, describes one, prints wide results one
field per line, writes CSV, and says what is wrong without a traceback."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, query_warehouse


def query(*args: str, columns: int = 100) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "supportwh.query", *args],
        cwd=REPO,
        env={**os.environ, "COLUMNS": str(columns)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_tables_lists_the_marts_with_rows_and_description(demo_warehouse: Path):
    result = query("--warehouse", str(demo_warehouse), "--tables", columns=200)
    assert result.returncode == 0, result.stderr
    (tickets,) = query_warehouse(demo_warehouse, "select count(*) from fact_ticket")[0]
    line = next(x for x in result.stdout.splitlines() if x.startswith("fact_ticket "))
    assert f" {tickets} " in line
    assert "One row per accepted ticket" in line
    # no argument at all lists them too
    assert query("--warehouse", str(demo_warehouse), columns=200).stdout == result.stdout


def test_describe_names_columns_types_and_descriptions(demo_warehouse: Path):
    result = query("--warehouse", str(demo_warehouse), "--describe", "mart_ticket_kpis_weekly")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("tickets_created "))
    assert "BIGINT" in line and "Tickets created in the period." in line
    missing = query("--warehouse", str(demo_warehouse), "--describe", "no_such_table")
    assert missing.returncode == 1 and "no table no_such_table" in missing.stderr


def test_wide_results_one_field_per_line_narrow_ones_a_table(demo_warehouse: Path):
    wide = query("--warehouse", str(demo_warehouse), "select * from fact_ticket limit 2")
    assert wide.returncode == 0, wide.stderr
    assert "-[ row 2 ]" in wide.stdout
    assert all(len(x) <= 100 or " | " in x for x in wide.stdout.splitlines())
    narrow = query(
        "--warehouse",
        str(demo_warehouse),
        "select period_start, tickets_created from mart_ticket_kpis_weekly"
        " where slice_name = 'overall' order by period_start limit 3",
    )
    lines = narrow.stdout.splitlines()
    assert lines[0].split() == ["period_start", "tickets_created"]
    assert lines[-1] == "(3 rows)"


def test_csv_writes_every_row(demo_warehouse: Path):
    result = query(
        "--warehouse", str(demo_warehouse), "select * from dq_rejected_rows", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    (count,) = query_warehouse(demo_warehouse, "select count(*) from dq_rejected_rows")[0]
    assert len(rows) == count + 1


def test_bad_input_is_one_line_not_a_traceback(demo_warehouse: Path, tmp_path: Path):
    missing = query("--warehouse", str(tmp_path / "none.duckdb"), "select 1")
    assert missing.returncode == 2 and "make build" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()
    bad = query("--warehouse", str(demo_warehouse), "select * from no_such_table")
    assert bad.returncode == 1 and bad.stderr.startswith("query failed:")
    assert "Traceback" not in missing.stderr + bad.stderr
