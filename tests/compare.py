"""Compare a built warehouse with the plain-Python reference of SPEC.md.

Each ``compare_*`` function reads the DuckDB warehouse (read-only), computes the
same rows with ``tests/reference/spec_reference.py`` from the raw files and
returns a list of difference lines (empty when they agree). A missing table or
column is reported as a difference line, never skipped.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import spec_reference  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SLA_POLICIES_SEED = REPO / "seeds" / "sla_policies.csv"

TICKET_COLUMNS = [
    "customer_id",
    "channel",
    "category",
    "priority",
    "created_at",
    "first_response_at",
    "first_response_minutes",
    "first_response_business_minutes",
    "first_resolved_at",
    "resolved_at",
    "resolution_minutes",
    "resolution_business_minutes",
    "handle_seconds",
    "reopen_count",
    "is_reopened_within_window",
    "agent_reply_count",
    "is_one_touch",
    "is_first_contact_resolved",
    "fcr_status",
    "is_escalated",
    "escalation_count",
    "assignment_count",
    "is_resolved_by_first_assignee",
    "resolved_by_agent_id",
    "is_automated_resolution",
    "csat_score",
    "ces_score",
    "first_escalation_tier",
    "first_escalation_reason",
    "current_status",
]
# fact_ticket lifecycle columns (docs blocks metric_status_time,
# metric_requester_wait, metric_agent_wait, metric_assignment_time,
# metric_ticket_age, metric_ticket_reply_minutes); compared by compare_tickets
# unless lifecycle=False.
LIFECYCLE_COLUMNS = [
    "new_minutes",
    "open_minutes",
    "pending_minutes",
    "on_hold_minutes",
    "new_business_minutes",
    "open_business_minutes",
    "pending_business_minutes",
    "on_hold_business_minutes",
    "requester_wait_minutes",
    "requester_wait_business_minutes",
    "agent_wait_minutes",
    "agent_wait_business_minutes",
    "first_assigned_at",
    "minutes_to_first_assignment",
    "unassigned_minutes",
    "first_assignment_to_resolution_minutes",
    "age_minutes",
    "minutes_since_status_change",
    "total_reply_minutes",
    "max_reply_minutes",
]
# fact_sla_event (docs block metric_sla_clock): key and compared columns
SLA_EVENT_KEY = ["ticket_id", "sla_metric", "clock_sequence"]
SLA_EVENT_COLUMNS = [
    "policy_id",
    "priority",
    "target_minutes",
    "is_business_hours",
    "started_at",
    "breach_at",
    "stopped_at",
    "elapsed_minutes",
    "is_breached",
    "is_active",
    "minutes_remaining",
]
# fact_backlog_daily (docs block metric_backlog_snapshot)
BACKLOG_KEY = ["snapshot_date", "ticket_id"]
BACKLOG_COLUMNS = [
    "status",
    "priority",
    "assignee_agent_id",
    "age_days",
    "age_bucket",
    "is_day_complete",
]
INTERACTION_COLUMNS = [
    "ticket_id",
    "interaction_at",
    "author_type",
    "author_id",
    "is_public",
    "is_first_response",
    "response_minutes",
]


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, datetime) or isinstance(b, datetime):
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)
    return str(a) == str(b)


def fetch(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=False)) for row in cur.fetchall()]


def reference(raw_dir: str, params: dict | None = None):
    raw = spec_reference.load_raw(raw_dir)
    accepted, rejected = spec_reference.validate(raw)
    tickets = spec_reference.compute_fact_ticket(accepted, params or {})
    interactions = spec_reference.compute_fact_interaction(accepted, params or {})
    return accepted, rejected, tickets, interactions


def _relation_columns(con, relation: str) -> list[str] | None:
    """Column names of ``main.<relation>``, or None when it does not exist."""
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'main' and table_name = ?",
        [relation],
    ).fetchone()[0]
    if not found:
        return None
    cur = con.execute(f"select * from main.{relation} limit 0")
    return [d[0] for d in cur.description]


def _missing_columns(relation: str, present: list[str], wanted: list[str], hint: str = ""):
    missing = [c for c in wanted if c not in present]
    return missing, [f"main.{relation} lacks column {c}{hint}" for c in missing]


def _compare_keyed(
    relation: str,
    actual_rows: list[dict],
    key_of,
    expected: dict,
    columns: list[str],
) -> list[str]:
    """Row-set and value differences between warehouse rows and reference rows."""
    problems = []
    actual: dict = {}
    for row in actual_rows:
        key = key_of(row)
        if key in actual:
            problems.append(f"{relation}: duplicate key {key!r} in sql")
        actual[key] = row
    only_sql = sorted(set(actual) - set(expected), key=repr)
    only_ref = sorted(set(expected) - set(actual), key=repr)
    if only_sql or only_ref:
        problems.append(
            f"{relation} row sets differ ({len(actual)} sql, {len(expected)} reference): "
            f"only sql {len(only_sql)} {only_sql[:5]}, "
            f"only reference {len(only_ref)} {only_ref[:5]}"
        )
    for key in sorted(set(actual) & set(expected), key=repr):
        for column in columns:
            a, e = actual[key].get(column), expected[key].get(column)
            if not same(a, e):
                problems.append(f"{key}.{column}: sql={a!r} reference={e!r}")
    return problems


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def _accepted(raw_dir: str) -> dict:
    accepted, _ = spec_reference.validate(spec_reference.load_raw(raw_dir))
    return accepted


def compare_tickets(
    warehouse: str, raw_dir: str, params: dict | None = None, lifecycle: bool = True
) -> list[str]:
    """Differences between fact_ticket and the reference, one line each.

    ``lifecycle`` (default True) also compares LIFECYCLE_COLUMNS; pass False only
    for a warehouse built before they existed. A missing column is a difference.
    """
    _, _, expected, _ = reference(raw_dir, params)
    columns = TICKET_COLUMNS + (LIFECYCLE_COLUMNS if lifecycle else [])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _relation_columns(con, "fact_ticket")
        if present is None:
            return [f"main.fact_ticket does not exist in {warehouse}"]
        actual = {r["ticket_id"]: r for r in fetch(con, "select * from main.fact_ticket")}
    hint = " (lifecycle=False compares without the lifecycle columns)"
    missing, problems = _missing_columns("fact_ticket", present, columns, hint)
    if set(actual) != set(expected):
        problems.append(
            f"ticket sets differ: only sql {sorted(set(actual) - set(expected))[:5]}, "
            f"only reference {sorted(set(expected) - set(actual))[:5]}"
        )
    for ticket_id in sorted(set(actual) & set(expected)):
        for column in columns:
            if column in missing:
                continue  # reported once above
            a, e = actual[ticket_id].get(column), expected[ticket_id].get(column)
            if not same(a, e):
                problems.append(f"{ticket_id}.{column}: sql={a!r} reference={e!r}")
    return problems


def compare_sla_events(
    warehouse: str, raw_dir: str, params: dict | None = None, policies_path=None
) -> list[str]:
    """Differences between main.fact_sla_event and the reference's SLA clocks
    (``compute_sla_events`` with the seed ``seeds/sla_policies.csv``), keyed by
    (ticket_id, sla_metric, clock_sequence)."""
    policies = spec_reference.load_sla_policies(str(policies_path or SLA_POLICIES_SEED))
    expected = spec_reference.compute_sla_events(_accepted(raw_dir), params or {}, policies)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _relation_columns(con, "fact_sla_event")
        if present is None:
            return [f"main.fact_sla_event does not exist in {warehouse}"]
        missing, problems = _missing_columns(
            "fact_sla_event", present, SLA_EVENT_KEY + SLA_EVENT_COLUMNS
        )
        if any(c in missing for c in SLA_EVENT_KEY):
            return problems
        rows = fetch(con, "select * from main.fact_sla_event")

    def key_of(row):
        sequence = row["clock_sequence"]
        return (
            str(row["ticket_id"]),
            str(row["sla_metric"]),
            int(sequence) if sequence is not None else None,
        )

    expected = {(str(t), str(m), int(n)): row for (t, m, n), row in expected.items()}
    columns = [c for c in SLA_EVENT_COLUMNS if c not in missing]
    return problems + _compare_keyed("fact_sla_event", rows, key_of, expected, columns)


def compare_backlog_daily(warehouse: str, raw_dir: str, params: dict | None = None) -> list[str]:
    """Differences between main.fact_backlog_daily and ``compute_backlog_daily``,
    keyed by (snapshot_date, ticket_id)."""
    expected = spec_reference.compute_backlog_daily(_accepted(raw_dir), params or {})
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _relation_columns(con, "fact_backlog_daily")
        if present is None:
            return [f"main.fact_backlog_daily does not exist in {warehouse}"]
        missing, problems = _missing_columns(
            "fact_backlog_daily", present, BACKLOG_KEY + BACKLOG_COLUMNS
        )
        if any(c in missing for c in BACKLOG_KEY):
            return problems
        rows = fetch(con, "select * from main.fact_backlog_daily")

    def key_of(row):
        return (_as_date(row["snapshot_date"]), str(row["ticket_id"]))

    expected = {(d, str(t)): row for (d, t), row in expected.items()}
    columns = [c for c in BACKLOG_COLUMNS if c not in missing]
    return problems + _compare_keyed("fact_backlog_daily", rows, key_of, expected, columns)


def compare_interactions(warehouse: str, raw_dir: str, params: dict | None = None) -> list[str]:
    _, _, _, expected = reference(raw_dir, params)
    con = duckdb.connect(warehouse, read_only=True)
    actual = {
        (r["interaction_type"], r["interaction_id"]): r
        for r in fetch(con, "select * from main.fact_interaction")
    }
    problems = []
    if set(actual) != set(expected):
        problems.append(f"interaction sets differ: {len(actual)} vs {len(expected)}")
    for key in sorted(set(actual) & set(expected)):
        for column in INTERACTION_COLUMNS:
            a, e = actual[key].get(column), expected[key].get(column)
            if not same(a, e):
                problems.append(f"{key}.{column}: sql={a!r} reference={e!r}")
    return problems


def compare_rejections(warehouse: str, raw_dir: str) -> list[str]:
    _, rejected, _, _ = reference(raw_dir)
    con = duckdb.connect(warehouse, read_only=True)
    actual = {
        (r["source_table"], str(r["source_row_id"]))
        for r in fetch(con, "select source_table, source_row_id from main.dq_rejected_rows")
    }
    expected = {(r["source_table"], str(r["source_row_id"])) for r in rejected}
    problems = []
    for item in sorted(actual - expected):
        problems.append(f"rejected only by sql: {item}")
    for item in sorted(expected - actual):
        problems.append(f"rejected only by reference: {item}")
    return problems


if __name__ == "__main__":
    warehouse_path, raw_path = sys.argv[1], sys.argv[2]
    checks = (
        compare_tickets,
        compare_interactions,
        compare_rejections,
        compare_sla_events,
        compare_backlog_daily,
    )
    for check in checks:
        found = check(warehouse_path, raw_path)
        print(f"{check.__name__}: {len(found)} differences")
        for line in found[:25]:
            print("  ", line)
