"""Bad raw input: never a crash, never silent loss (SPEC section 3)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from conftest import DEMO_DATA, build_ok, copy_dataset, run_dbt

REQUIRED = ["tickets", "ticket_events", "messages"]


def write_csv_without(src: Path, dst: Path, drop: str) -> None:
    table = pq.read_table(src)
    names = [n for n in table.column_names if n != drop]
    rows = table.select(names).to_pylist()
    with dst.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)


def assert_clean_failure(output: str, *needles: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    for needle in needles:
        assert needle in output, output[-3000:]


def test_missing_required_column_stops_with_one_message(tmp_path: Path):
    raw = copy_dataset(DEMO_DATA, tmp_path / "raw", [t for t in REQUIRED if t != "tickets"])
    write_csv_without(DEMO_DATA / "tickets.parquet", raw / "tickets.csv", "channel")
    result = run_dbt(["build"], tmp_path, raw)
    assert result.returncode != 0
    assert_clean_failure(result.output, "Raw table 'tickets'", "lacks required column 'channel'")


def test_missing_required_table_stops_with_one_message(tmp_path: Path):
    raw = copy_dataset(DEMO_DATA, tmp_path / "raw", ["tickets", "ticket_events"])
    result = run_dbt(["build"], tmp_path, raw)
    assert result.returncode != 0
    assert_clean_failure(result.output, "Raw table 'messages' is required")


def test_only_required_tables_builds_with_null_metrics(tmp_path: Path):
    raw = copy_dataset(DEMO_DATA, tmp_path / "raw", REQUIRED)
    warehouse = build_ok(tmp_path, raw)
    con = duckdb.connect(str(warehouse), read_only=True)
    row = con.execute(
        "select count(*), count(handle_seconds), count(first_response_business_minutes), "
        "count(first_response_minutes), count(csat_score) from main.fact_ticket"
    ).fetchone()
    assert row[0] > 0
    assert row[1] == 0, "no work_sessions and no calls: handle time must be null"
    assert row[2] == 0, "no schedules: business minutes must be null"
    assert row[3] > 0
    assert row[4] == 0
    absent = con.execute(
        "select count(*) from main.dq_raw_row_counts where not is_present"
    ).fetchone()[0]
    assert absent == 12
    costs = con.execute(
        "select count(cost_per_resolution) from main.mart_support_costs_monthly"
    ).fetchone()
    assert costs[0] == 0


def test_empty_optional_file_reads_as_no_rows(tmp_path: Path):
    raw = copy_dataset(DEMO_DATA, tmp_path / "raw", REQUIRED + ["work_sessions"])
    (raw / "work_sessions.parquet").unlink()
    (raw / "work_sessions.csv").write_text("")
    warehouse = build_ok(tmp_path, raw, data_tests=False)
    con = duckdb.connect(str(warehouse), read_only=True)
    # the table exists (empty), so handle time is 0, not null
    assert con.execute(
        "select count(*) = count(handle_seconds) and max(handle_seconds) = 0 from main.fact_ticket"
    ).fetchone()[0]


def test_demo_bad_rows_are_listed_with_reasons(demo_warehouse: Path):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    reasons = [r[0] for r in con.execute("select reason from main.dq_rejected_rows").fetchall()]
    joined = "\n".join(reasons)
    for expected in (
        "unparseable timestamp in created_at",
        "unknown channel value",
        "duplicate row",
        "conflicting duplicate id",
        "unknown ticket_id",
        "ended_at before started_at",
        "negative hold_seconds",
        "score outside the csat scale",
        "unknown event_type value",
    ):
        assert expected in joined, f"{expected!r} not among reasons:\n{joined}"
    unbalanced = con.execute(
        "select count(*) from main.dq_raw_row_counts "
        "where rows_read <> rows_accepted + rows_rejected"
    ).fetchone()[0]
    assert unbalanced == 0
