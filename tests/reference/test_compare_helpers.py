"""Unit tests of the comparison helpers of tests/compare.py, without a dbt build.

Each test writes a tiny raw dataset, computes the reference rows, writes them
into a small DuckDB file shaped like the warehouse (main.fact_ticket,
main.fact_sla_event, main.fact_backlog_daily) and checks that the helpers find
no difference on it, and exactly the expected difference line once a value,
a row, a column or a table is changed.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal

import duckdb
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import compare  # noqa: E402
import spec_reference as ref  # noqa: E402
from fixture_builder import (  # noqa: E402
    NY_SCHEDULE,
    assignment,
    message,
    priority_change,
    status,
    ticket,
    write_raw,
)

PARAMS = {"as_of": "2025-01-08T16:00:00Z"}


def raw_tables():
    # Three tickets over Mon 2025-01-06 .. Wed 01-08 (as_of Wed 16:00Z), on the default
    # NY schedule: T1 answered, solved, reopened and open at as_of (assigned, priority
    # raised); T2 unanswered and pending; T3 answered and solved on Monday.
    return {
        "tickets": [
            ticket("T1", "2025-01-06T14:00:00Z", channel="chat"),
            ticket("T2", "2025-01-07T15:00:00Z", priority="urgent"),
            ticket("T3", "2025-01-06T15:00:00Z", created_by_type="agent"),
        ],
        "messages": [
            message("M1", "T1", "2025-01-06T14:00:00Z", "customer"),
            message("M2", "T1", "2025-01-06T14:20:00Z", "agent"),
            message("M3", "T1", "2025-01-07T15:00:00Z", "customer"),
            message("M4", "T2", "2025-01-07T15:00:00Z", "customer"),
            message("M5", "T3", "2025-01-06T15:00:00Z", "agent"),
            message("M6", "T3", "2025-01-06T16:00:00Z", "customer"),
            message("M7", "T3", "2025-01-06T16:30:00Z", "agent"),
        ],
        "ticket_events": [
            assignment("E1", "T1", "2025-01-06T14:10:00Z", "A1"),
            status("E2", "T1", "2025-01-06T14:20:00Z", "open"),
            status("E3", "T1", "2025-01-06T18:00:00Z", "solved"),
            status("E4", "T1", "2025-01-07T15:00:00Z", "open"),
            priority_change("E5", "T1", "2025-01-07T16:00:00Z", "high"),
            status("E6", "T2", "2025-01-07T16:00:00Z", "pending"),
            status("E7", "T3", "2025-01-06T17:00:00Z", "solved"),
        ],
        "schedules": NY_SCHEDULE,
    }


def _sql_type(values) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "VARCHAR"
    if kinds == {bool}:
        return "BOOLEAN"
    if kinds == {datetime}:
        return "TIMESTAMP"
    if kinds == {date}:
        return "DATE"
    if kinds == {int}:
        return "BIGINT"
    if kinds <= {int, float}:
        return "DOUBLE"
    return "VARCHAR"


def write_table(con, name: str, rows: list[dict], columns: list[str], types=None) -> None:
    types = types or {}
    spec = ", ".join(
        f'"{c}" {types.get(c) or _sql_type([r.get(c) for r in rows])}' for c in columns
    )
    con.execute(f"create table main.{name} ({spec})")
    marks = ", ".join("?" for _ in columns)
    con.executemany(
        f"insert into main.{name} values ({marks})", [[r.get(c) for c in columns] for r in rows]
    )


TICKET_TABLE = ["ticket_id", *compare.TICKET_COLUMNS, *compare.LIFECYCLE_COLUMNS]
SLA_TABLE = compare.SLA_EVENT_KEY + compare.SLA_EVENT_COLUMNS
BACKLOG_TABLE = compare.BACKLOG_KEY + compare.BACKLOG_COLUMNS


@pytest.fixture
def warehouse(tmp_path):
    """(raw_dir, warehouse path, reference rows) with the warehouse = the reference."""
    raw_dir = write_raw(tmp_path / "raw", raw_tables())
    accepted, rejected = ref.validate(ref.load_raw(raw_dir))
    assert rejected == []
    tickets = ref.compute_fact_ticket(accepted, PARAMS)
    sla = ref.compute_sla_events(accepted, PARAMS, ref.load_sla_policies())
    backlog = ref.compute_backlog_daily(accepted, PARAMS)
    path = str(tmp_path / "warehouse.duckdb")
    with duckdb.connect(path) as con:
        write_table(con, "fact_ticket", list(tickets.values()), TICKET_TABLE)
        write_table(con, "fact_sla_event", list(sla.values()), SLA_TABLE)
        write_table(con, "fact_backlog_daily", list(backlog.values()), BACKLOG_TABLE)
    return raw_dir, path, {"tickets": tickets, "sla": sla, "backlog": backlog}


def execute(path: str, sql: str, *args) -> None:
    with duckdb.connect(path) as con:
        con.execute(sql, list(args))


def test_the_fixture_has_rows_of_every_kind(warehouse):
    _, _, rows = warehouse
    sla, backlog = rows["sla"], rows["backlog"]
    assert {k[1] for k in sla} == {"first_reply", "next_reply", "requester_wait", "resolution"}
    assert any(c["is_active"] for c in sla.values())
    assert any(c["breach_at"] is not None for c in sla.values())
    assert any(c["stopped_at"] is not None for c in sla.values())
    # T1's first reply after 20 minutes (chat: first_reply_chat, 30 business minutes)
    assert sla[("T1", "first_reply", 1)]["policy_id"] == "first_reply_chat"
    assert rows["tickets"]["T1"]["first_assigned_at"] == datetime(2025, 1, 6, 14, 10)
    assert rows["tickets"]["T2"]["age_minutes"] == pytest.approx(25 * 60)
    # backlog: T1 on 01-06 (solved 18:00 -> not open at that day's end: no row), 01-07
    # and 01-08 (at as_of); T2 on 01-07 and 01-08; T3 never (solved on its first day)
    assert sorted(backlog) == [
        (date(2025, 1, 7), "T1"),
        (date(2025, 1, 7), "T2"),
        (date(2025, 1, 8), "T1"),
        (date(2025, 1, 8), "T2"),
    ]


def test_identical_warehouse_has_no_difference(warehouse):
    raw_dir, path, _ = warehouse
    assert compare.compare_tickets(path, raw_dir, PARAMS) == []
    assert compare.compare_sla_events(path, raw_dir, PARAMS) == []
    assert compare.compare_backlog_daily(path, raw_dir, PARAMS) == []


def test_changed_lifecycle_value_is_reported(warehouse):
    raw_dir, path, rows = warehouse
    expected = rows["tickets"]["T2"]["pending_minutes"]
    execute(
        path,
        "update main.fact_ticket set pending_minutes = pending_minutes + 1 where ticket_id = 'T2'",
    )
    problems = compare.compare_tickets(path, raw_dir, PARAMS)
    assert problems == [f"T2.pending_minutes: sql={expected + 1!r} reference={expected!r}"]
    # ...and ignored with lifecycle=False (the base columns still agree)
    assert compare.compare_tickets(path, raw_dir, PARAMS, lifecycle=False) == []


def test_within_tolerance_is_no_difference(warehouse):
    raw_dir, path, _ = warehouse
    execute(path, "update main.fact_ticket set open_minutes = open_minutes + 1e-8")
    execute(path, "update main.fact_backlog_daily set age_days = age_days + 1e-9")
    assert compare.compare_tickets(path, raw_dir, PARAMS) == []
    assert compare.compare_backlog_daily(path, raw_dir, PARAMS) == []


def test_missing_lifecycle_columns_need_an_explicit_lifecycle_false(warehouse):
    raw_dir, path, _ = warehouse
    execute(path, "alter table main.fact_ticket drop column unassigned_minutes")
    execute(path, "alter table main.fact_ticket drop column first_assigned_at")
    problems = compare.compare_tickets(path, raw_dir, PARAMS)
    assert len(problems) == 2
    assert problems[0].startswith("main.fact_ticket lacks column first_assigned_at")
    assert problems[1].startswith("main.fact_ticket lacks column unassigned_minutes")
    assert compare.compare_tickets(path, raw_dir, PARAMS, lifecycle=False) == []


def test_sla_event_differences(warehouse):
    raw_dir, path, rows = warehouse
    key = ("T2", "first_reply", 1)
    clock = rows["sla"][key]
    # T2 urgent, created Tue 15:00Z, no reply: first_reply_urgent (60 calendar) still
    # running at as_of (Wed 16:00Z): 1500 elapsed, breached at Tue 16:00Z
    assert clock["policy_id"] == "first_reply_urgent"
    assert clock["breach_at"] == datetime(2025, 1, 7, 16)
    assert clock["elapsed_minutes"] == pytest.approx(1500.0)
    execute(
        path,
        "update main.fact_sla_event set breach_at = breach_at + interval 1 second "
        "where ticket_id = 'T2' and sla_metric = 'first_reply'",
    )
    problems = compare.compare_sla_events(path, raw_dir, PARAMS)
    late = clock["breach_at"] + timedelta(seconds=1)
    assert problems == [f"{key}.breach_at: sql={late!r} reference={clock['breach_at']!r}"]
    # a clock numbered differently: one row only in sql, one only in the reference
    execute(
        path,
        "update main.fact_sla_event set clock_sequence = 2 "
        "where ticket_id = 'T2' and sla_metric = 'first_reply'",
    )
    problems = compare.compare_sla_events(path, raw_dir, PARAMS)
    assert len(problems) == 1
    assert "row sets differ" in problems[0]
    assert "only sql 1 [('T2', 'first_reply', 2)]" in problems[0]
    assert "only reference 1 [('T2', 'first_reply', 1)]" in problems[0]


def test_sla_event_decimal_targets_and_missing_columns(tmp_path, warehouse):
    raw_dir, path, rows = warehouse
    # a DECIMAL target_minutes compares by value
    execute(path, "alter table main.fact_sla_event alter target_minutes type decimal(10, 2)")
    with duckdb.connect(path, read_only=True) as con:
        value = con.execute("select target_minutes from main.fact_sla_event limit 1").fetchone()[0]
    assert isinstance(value, Decimal)
    assert compare.compare_sla_events(path, raw_dir, PARAMS) == []
    # a missing value column: one line, the others still compared
    execute(path, "alter table main.fact_sla_event drop column minutes_remaining")
    execute(
        path,
        "update main.fact_sla_event set is_active = not is_active "
        "where ticket_id = 'T3' and sla_metric = 'resolution'",
    )
    problems = compare.compare_sla_events(path, raw_dir, PARAMS)
    assert problems == [
        "main.fact_sla_event lacks column minutes_remaining",
        "('T3', 'resolution', 1).is_active: sql=True reference=False",
    ]
    # a missing key column: the rows cannot be matched, said so
    execute(path, "alter table main.fact_sla_event drop column clock_sequence")
    assert compare.compare_sla_events(path, raw_dir, PARAMS) == [
        "main.fact_sla_event lacks column clock_sequence",
        "main.fact_sla_event lacks column minutes_remaining",
    ]


def test_backlog_differences(warehouse):
    raw_dir, path, _ = warehouse
    execute(
        path,
        "update main.fact_backlog_daily set age_bucket = '> 30 days' "
        "where ticket_id = 'T2' and snapshot_date = date '2025-01-08'",
    )
    execute(
        path,
        "delete from main.fact_backlog_daily "
        "where ticket_id = 'T1' and snapshot_date = date '2025-01-07'",
    )
    problems = compare.compare_backlog_daily(path, raw_dir, PARAMS)
    assert len(problems) == 2
    assert "fact_backlog_daily row sets differ (3 sql, 4 reference)" in problems[0]
    assert "only reference 1 [(datetime.date(2025, 1, 7), 'T1')]" in problems[0]
    # T2 at as_of: 25 h old = 1.04 days -> '1-3 days'
    assert problems[1] == (
        "(datetime.date(2025, 1, 8), 'T2').age_bucket: sql='> 30 days' reference='1-3 days'"
    )
    # a TIMESTAMP snapshot_date (midnight) is read as its date
    execute(path, "alter table main.fact_backlog_daily alter snapshot_date type timestamp")
    assert len(compare.compare_backlog_daily(path, raw_dir, PARAMS)) == 2


def test_duplicate_rows_are_reported(warehouse):
    raw_dir, path, _ = warehouse
    execute(
        path,
        "insert into main.fact_backlog_daily select * from main.fact_backlog_daily "
        "where ticket_id = 'T2' and snapshot_date = date '2025-01-07'",
    )
    assert compare.compare_backlog_daily(path, raw_dir, PARAMS) == [
        "fact_backlog_daily: duplicate key (datetime.date(2025, 1, 7), 'T2') in sql"
    ]


def test_missing_tables_are_reported(tmp_path):
    raw_dir = write_raw(tmp_path / "raw", raw_tables())
    path = str(tmp_path / "empty.duckdb")
    with duckdb.connect(path) as con:
        con.execute("create table main.other (x integer)")
    assert compare.compare_sla_events(path, raw_dir, PARAMS) == [
        f"main.fact_sla_event does not exist in {path}"
    ]
    assert compare.compare_backlog_daily(path, raw_dir, PARAMS) == [
        f"main.fact_backlog_daily does not exist in {path}"
    ]
    assert compare.compare_tickets(path, raw_dir, PARAMS) == [
        f"main.fact_ticket does not exist in {path}"
    ]


def test_compare_uses_the_project_seed():
    assert os.path.samefile(compare.SLA_POLICIES_SEED, ref.DEFAULT_SLA_POLICIES_PATH)
