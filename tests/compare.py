"""Compare a built warehouse with the plain-Python reference of SPEC.md."""

from __future__ import annotations

import math
import sys
from datetime import datetime
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import spec_reference  # noqa: E402

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
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
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


def compare_tickets(warehouse: str, raw_dir: str, params: dict | None = None) -> list[str]:
    """Differences between fact_ticket and the reference, one line each."""
    _, _, expected, _ = reference(raw_dir, params)
    con = duckdb.connect(warehouse, read_only=True)
    actual = {r["ticket_id"]: r for r in fetch(con, "select * from main.fact_ticket")}
    problems = []
    if set(actual) != set(expected):
        problems.append(
            f"ticket sets differ: only sql {sorted(set(actual) - set(expected))[:5]}, "
            f"only reference {sorted(set(expected) - set(actual))[:5]}"
        )
    for ticket_id in sorted(set(actual) & set(expected)):
        for column in TICKET_COLUMNS:
            a, e = actual[ticket_id].get(column), expected[ticket_id].get(column)
            if not same(a, e):
                problems.append(f"{ticket_id}.{column}: sql={a!r} reference={e!r}")
    return problems


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
    for check in (compare_tickets, compare_interactions, compare_rejections):
        found = check(warehouse_path, raw_path)
        print(f"{check.__name__}: {len(found)} differences")
        for line in found[:25]:
            print("  ", line)
