"""Lifecycle edge cases, built once by dbt and checked from outside.

One hand-built raw dataset (one ticket per edge, distinct ids) goes through
``dbt build`` with the project's data tests. The warehouse must then

1. agree with the independent plain-Python reference (tests/reference) on
   fact_ticket (lifecycle columns included), fact_sla_event and
   fact_backlog_daily, and
2. hold the values worked out by hand below from the docs blocks
   (models/marts/core/_core__docs.md: metric_status_time,
   metric_requester_wait, metric_agent_wait, metric_assignment_time,
   metric_ticket_age, metric_ticket_reply_minutes, metric_sla_clock,
   metric_backlog_snapshot), so that a definition drifting the same way in the
   SQL and in the reference is still caught.

Calendar: the default NY schedule (Monday-Friday 09:00-17:00
America/New_York), which in January (EST, UTC-5) is 14:00Z-22:00Z, with
Monday 2025-01-20 a holiday. 2025-01-13 is a Monday. as_of is set to
Wednesday 2025-01-22 16:00Z.

SLA policies of the seed (seeds/sla_policies.csv) used below: first_reply
urgent 60 cal, normal 480 bus, chat 30 bus, high+enterprise 120 bus;
next_reply urgent 120 cal, any 480 bus; requester_wait urgent 480 cal, any
2880 bus; resolution urgent 480 cal, high 1440 bus, normal 2880 bus.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from compare import compare_backlog_daily, compare_sla_events, compare_tickets
from conftest import build_ok

sys.path.insert(0, str(Path(__file__).parent / "reference"))
from fixture_builder import (  # noqa: E402
    NY_SCHEDULE,
    assignment,
    customer,
    message,
    priority_change,
    status,
    ticket,
    write_raw,
)

AS_OF = "2025-01-22T16:00:00Z"
PARAMS = {"as_of": AS_OF}
HOLIDAYS = [{"schedule_id": "S_NY", "holiday_date": "2025-01-20", "holiday_name": "MLK"}]
AGENTS = [
    {
        "agent_id": agent_id,
        "agent_name": f"Agent {agent_id}",
        "team": "core",
        "tier": "L1",
        "is_bot": "false",
        "hired_at": "2024-01-01",
        "terminated_at": None,
        "hourly_cost": "30",
    }
    for agent_id in ("A1", "A2")
]


def ts(text: str) -> datetime:
    """'2025-01-13 15:00' or '...:00:01' -> naive UTC datetime (as the warehouse stores)."""
    return datetime.fromisoformat(text)


def _customer_says(message_id, ticket_id, sent_at, customer_id="C1", channel="email"):
    return message(message_id, ticket_id, sent_at, "customer", customer_id, channel=channel)


def _agent_says(message_id, ticket_id, sent_at, channel="email", is_public="true"):
    return message(message_id, ticket_id, sent_at, "agent", "A1", is_public, channel)


def edge_tables() -> dict[str, list[dict]]:
    tickets, messages, events = [], [], []

    # T_HOLIDAY: a pending spell across the MLK holiday. Created Fri 01-17 15:00Z,
    # open 16:00Z, pending 20:00Z (15:00 EST), open again Tue 01-21 16:00Z, solved
    # Tue 18:00Z. No message: the first-reply clock stops at the resolution.
    tickets.append(ticket("T_HOLIDAY", "2025-01-17T15:00:00Z"))
    events += [
        status("T_HOLIDAY-E1", "T_HOLIDAY", "2025-01-17T16:00:00Z", "open"),
        status("T_HOLIDAY-E2", "T_HOLIDAY", "2025-01-17T20:00:00Z", "pending"),
        status("T_HOLIDAY-E3", "T_HOLIDAY", "2025-01-21T16:00:00Z", "open"),
        status("T_HOLIDAY-E4", "T_HOLIDAY", "2025-01-21T18:00:00Z", "solved"),
    ]

    # T_REOPEN: Mon 01-13 customer 15:00Z, reply + open 15:30Z, solved 17:00Z;
    # reopened Tue 01-14 15:00Z, customer 15:05Z (no reply), solved again 16:00Z.
    tickets.append(ticket("T_REOPEN", "2025-01-13T15:00:00Z"))
    messages += [
        _customer_says("T_REOPEN-M1", "T_REOPEN", "2025-01-13T15:00:00Z"),
        _agent_says("T_REOPEN-M2", "T_REOPEN", "2025-01-13T15:30:00Z"),
        _customer_says("T_REOPEN-M3", "T_REOPEN", "2025-01-14T15:05:00Z"),
    ]
    events += [
        status("T_REOPEN-E1", "T_REOPEN", "2025-01-13T15:30:00Z", "open"),
        status("T_REOPEN-E2", "T_REOPEN", "2025-01-13T17:00:00Z", "solved"),
        status("T_REOPEN-E3", "T_REOPEN", "2025-01-14T15:00:00Z", "open"),
        status("T_REOPEN-E4", "T_REOPEN", "2025-01-14T16:00:00Z", "solved"),
    ]

    # T_OPEN: urgent, open at as_of. Created Wed 01-22 15:10Z with a customer
    # message, assigned A1 15:15Z, open 15:30Z; the first reply comes at 16:30Z,
    # after as_of (kept as a row, but the clock still runs at as_of).
    tickets.append(ticket("T_OPEN", "2025-01-22T15:10:00Z", priority="urgent"))
    messages += [
        _customer_says("T_OPEN-M1", "T_OPEN", "2025-01-22T15:10:00Z"),
        _agent_says("T_OPEN-M2", "T_OPEN", "2025-01-22T16:30:00Z"),
    ]
    events += [
        assignment("T_OPEN-E1", "T_OPEN", "2025-01-22T15:15:00Z", "A1"),
        status("T_OPEN-E2", "T_OPEN", "2025-01-22T15:30:00Z", "open"),
    ]

    # T_PRIO / T_PRIO_LATE: normal, Mon 01-13 customer 15:00Z, reply 16:30Z, solved
    # 17:00Z; priority -> urgent at 15:30Z (before the reply) / 16:31Z (after it).
    for tid, change_at in (("T_PRIO", "15:30"), ("T_PRIO_LATE", "16:31")):
        tickets.append(ticket(tid, "2025-01-13T15:00:00Z"))
        messages += [
            _customer_says(f"{tid}-M1", tid, "2025-01-13T15:00:00Z"),
            _agent_says(f"{tid}-M2", tid, "2025-01-13T16:30:00Z"),
        ]
        events += [
            priority_change(f"{tid}-E1", tid, f"2025-01-13T{change_at}:00Z", "urgent"),
            status(f"{tid}-E2", tid, "2025-01-13T17:00:00Z", "solved"),
        ]

    # T_BH_NEXT: normal, Tue 01-14 customer 14:00Z, reply 14:10Z; customer 21:00Z
    # (16:00 EST, inside hours), next reply Wed 01-15 13:00Z (08:00 EST, outside),
    # solved Wed 13:05Z.
    tickets.append(ticket("T_BH_NEXT", "2025-01-14T14:00:00Z"))
    messages += [
        _customer_says("T_BH_NEXT-M1", "T_BH_NEXT", "2025-01-14T14:00:00Z"),
        _agent_says("T_BH_NEXT-M2", "T_BH_NEXT", "2025-01-14T14:10:00Z"),
        _customer_says("T_BH_NEXT-M3", "T_BH_NEXT", "2025-01-14T21:00:00Z"),
        _agent_says("T_BH_NEXT-M4", "T_BH_NEXT", "2025-01-15T13:00:00Z"),
    ]
    events.append(status("T_BH_NEXT-E1", "T_BH_NEXT", "2025-01-15T13:05:00Z", "solved"))

    # Replies exactly at the first-reply breach instant and one second later.
    # T_EXACT / T_EXACT_1S: normal (480 business), created Mon 01-13 20:00Z, reply
    # Tue 01-14 20:00:00Z / 20:00:01Z, solved Tue 20:30Z.
    # T_EXACT_CAL / T_EXACT_CAL_1S: urgent (60 calendar), created Wed 01-15 10:00Z,
    # reply 11:00:00Z / 11:00:01Z, solved 11:30Z.
    exact = {
        "T_EXACT": ("normal", "2025-01-13T20:00:00Z", "2025-01-14T20:00:00Z", "2025-01-14T20:30"),
        "T_EXACT_1S": (
            "normal",
            "2025-01-13T20:00:00Z",
            "2025-01-14T20:00:01Z",
            "2025-01-14T20:30",
        ),
        "T_EXACT_CAL": (
            "urgent",
            "2025-01-15T10:00:00Z",
            "2025-01-15T11:00:00Z",
            "2025-01-15T11:30",
        ),
        "T_EXACT_CAL_1S": (
            "urgent",
            "2025-01-15T10:00:00Z",
            "2025-01-15T11:00:01Z",
            "2025-01-15T11:30",
        ),
    }
    for tid, (prio, created, reply, solved) in exact.items():
        tickets.append(ticket(tid, created, priority=prio))
        messages += [
            _customer_says(f"{tid}-M1", tid, created),
            _agent_says(f"{tid}-M2", tid, reply),
        ]
        events.append(status(f"{tid}-E1", tid, f"{solved}:00Z", "solved"))

    # T_MULTI: normal, Thu 01-16 (all inside 14:00-22:00Z): customer 14:00, customer
    # 14:10, reply 14:30; customer 15:00, 15:20, internal note 15:30, system 15:35,
    # customer 15:40, reply 16:00; solved 16:30.
    tickets.append(ticket("T_MULTI", "2025-01-16T14:00:00Z"))
    messages += [
        _customer_says("T_MULTI-M01", "T_MULTI", "2025-01-16T14:00:00Z"),
        _customer_says("T_MULTI-M02", "T_MULTI", "2025-01-16T14:10:00Z"),
        _agent_says("T_MULTI-M03", "T_MULTI", "2025-01-16T14:30:00Z"),
        _customer_says("T_MULTI-M04", "T_MULTI", "2025-01-16T15:00:00Z"),
        _customer_says("T_MULTI-M05", "T_MULTI", "2025-01-16T15:20:00Z"),
        _agent_says("T_MULTI-M06", "T_MULTI", "2025-01-16T15:30:00Z", is_public="false"),
        message("T_MULTI-M07", "T_MULTI", "2025-01-16T15:35:00Z", "system"),
        _customer_says("T_MULTI-M08", "T_MULTI", "2025-01-16T15:40:00Z"),
        _agent_says("T_MULTI-M09", "T_MULTI", "2025-01-16T16:00:00Z"),
    ]
    events.append(status("T_MULTI-E1", "T_MULTI", "2025-01-16T16:30:00Z", "solved"))

    # T_THANKS: normal, Thu 01-16 customer 14:00Z, reply 14:30Z, solved 15:10Z, the
    # customer's "thanks" at 15:20Z to the solved ticket (nobody reopens it).
    tickets.append(ticket("T_THANKS", "2025-01-16T14:00:00Z"))
    messages += [
        _customer_says("T_THANKS-M1", "T_THANKS", "2025-01-16T14:00:00Z"),
        _agent_says("T_THANKS-M2", "T_THANKS", "2025-01-16T14:30:00Z"),
        _customer_says("T_THANKS-M3", "T_THANKS", "2025-01-16T15:20:00Z"),
    ]
    events.append(status("T_THANKS-E1", "T_THANKS", "2025-01-16T15:10:00Z", "solved"))

    # T_CHAT: normal chat, created Mon 01-13 21:50Z (16:50 EST), reply Tue 14:30Z,
    # solved Tue 15:00Z.
    tickets.append(ticket("T_CHAT", "2025-01-13T21:50:00Z", channel="chat"))
    messages += [
        _customer_says("T_CHAT-M1", "T_CHAT", "2025-01-13T21:50:00Z", channel="chat"),
        _agent_says("T_CHAT-M2", "T_CHAT", "2025-01-14T14:30:00Z", channel="chat"),
    ]
    events.append(status("T_CHAT-E1", "T_CHAT", "2025-01-14T15:00:00Z", "solved"))

    # T_ENT: high priority, email, enterprise customer C_ENT; Wed 01-15 customer
    # 15:00Z, reply 16:00Z, solved 18:00Z.
    tickets.append(ticket("T_ENT", "2025-01-15T15:00:00Z", customer_id="C_ENT", priority="high"))
    messages += [
        _customer_says("T_ENT-M1", "T_ENT", "2025-01-15T15:00:00Z", customer_id="C_ENT"),
        _agent_says("T_ENT-M2", "T_ENT", "2025-01-15T16:00:00Z"),
    ]
    events.append(status("T_ENT-E1", "T_ENT", "2025-01-15T18:00:00Z", "solved"))

    # Backlog day boundary. T_MIDNIGHT: created Thu 01-16 10:00Z, assigned A2 Fri
    # 01-17 12:00Z, solved exactly at midnight Sat 01-18 00:00:00Z. T_MIDNIGHT_1S:
    # created at the same instant, solved one second before that midnight.
    tickets.append(ticket("T_MIDNIGHT", "2025-01-16T10:00:00Z"))
    tickets.append(ticket("T_MIDNIGHT_1S", "2025-01-16T10:00:00Z"))
    events += [
        assignment("T_MIDNIGHT-E1", "T_MIDNIGHT", "2025-01-17T12:00:00Z", "A2"),
        status("T_MIDNIGHT-E2", "T_MIDNIGHT", "2025-01-18T00:00:00Z", "solved"),
        status("T_MIDNIGHT_1S-E1", "T_MIDNIGHT_1S", "2025-01-17T23:59:59Z", "solved"),
    ]

    return {
        "tickets": tickets,
        "messages": messages,
        "ticket_events": events,
        "customers": [customer("C1", "smb"), customer("C_ENT", "enterprise")],
        "agents": AGENTS,
        "schedules": NY_SCHEDULE,
        "holidays": HOLIDAYS,
    }


TICKET_IDS = sorted(t["ticket_id"] for t in edge_tables()["tickets"])


@pytest.fixture(scope="module")
def edges(tmp_path_factory) -> tuple[str, str]:
    """(warehouse, raw_dir): the edge dataset built once, data tests included."""
    root = tmp_path_factory.mktemp("lifecycle_edges")
    raw = write_raw(root / "raw", edge_tables())
    warehouse = build_ok(root / "build", raw, data_tests=True, dbt_vars={"as_of": AS_OF})
    return str(warehouse), raw


def query(edges, sql: str, params=None) -> list[dict]:
    with duckdb.connect(edges[0], read_only=True) as con:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def fact(edges, ticket_id: str) -> dict:
    (row,) = query(edges, "select * from main.fact_ticket where ticket_id = ?", [ticket_id])
    return row


def clocks(edges, ticket_id: str, metric: str) -> list[dict]:
    return query(
        edges,
        "select * from main.fact_sla_event where ticket_id = ? and sla_metric = ? "
        "order by clock_sequence",
        [ticket_id, metric],
    )


def clock(edges, ticket_id: str, metric: str) -> dict:
    (row,) = clocks(edges, ticket_id, metric)
    assert row["clock_sequence"] == 1
    return row


approx = pytest.approx


# ---------------------------------------------------------------- 1. the reference


def test_every_edge_ticket_is_in_the_warehouse(edges):
    assert [
        r["ticket_id"] for r in query(edges, "select ticket_id from main.fact_ticket order by 1")
    ] == TICKET_IDS


@pytest.mark.parametrize(
    "check", [compare_tickets, compare_sla_events, compare_backlog_daily], ids=lambda c: c.__name__
)
def test_warehouse_matches_reference(edges, check):
    warehouse, raw = edges
    kwargs = {"lifecycle": True} if check is compare_tickets else {}
    problems = check(warehouse, raw, params=PARAMS, **kwargs)
    assert problems == [], f"{check.__name__}:\n" + "\n".join(problems[:30])


# ---------------------------------------------------------------- 2. hand values


def test_pending_spell_across_the_holiday(edges):
    row = fact(edges, "T_HOLIDAY")
    # new      Fri 15:00-16:00Z                       = 60 cal, 60 bus
    # open     Fri 16:00-20:00Z (240) + Tue 16-18Z (120) = 360 cal, 360 bus
    # pending  Fri 20:00Z -> Tue 01-21 16:00Z = 4 d - 4 h = 92 h = 5520 cal;
    #          bus: Fri 20-22Z (120) + Sat/Sun 0 + Mon holiday 0 + Tue 14-16Z (120) = 240
    #          (without the holiday Monday would add 480 -> 720)
    assert row["new_minutes"] == approx(60.0)
    assert row["open_minutes"] == approx(360.0)
    assert row["pending_minutes"] == approx(5520.0)
    assert row["on_hold_minutes"] == 0.0  # never on hold: zero, not null
    assert row["new_business_minutes"] == approx(60.0)
    assert row["open_business_minutes"] == approx(360.0)
    assert row["pending_business_minutes"] == approx(240.0)
    assert row["on_hold_business_minutes"] == 0.0
    # requester wait = new + open + on_hold = 420 (420 bus); agent wait = pending
    assert row["requester_wait_minutes"] == approx(420.0)
    assert row["requester_wait_business_minutes"] == approx(420.0)
    assert row["agent_wait_minutes"] == approx(5520.0)
    assert row["agent_wait_business_minutes"] == approx(240.0)
    # never assigned: every minute not solved is unassigned: 60 + 360 + 5520
    assert row["unassigned_minutes"] == approx(5940.0)
    assert row["first_assigned_at"] is None and row["minutes_to_first_assignment"] is None
    # solved at as_of: no age
    assert row["age_minutes"] is None and row["minutes_since_status_change"] is None
    # first_reply (first_reply_normal, 480 bus), no reply: stops at the resolution
    # Tue 18:00Z. Elapsed: Fri 15-22Z (420) + Tue 14-18Z (240) = 660 > 480.
    # breach_at: 420 on Fri, the 60 left from Tue 14:00Z (Mon is the holiday) -> Tue 15:00Z.
    c = clock(edges, "T_HOLIDAY", "first_reply")
    assert c["policy_id"] == "first_reply_normal"
    assert c["stopped_at"] == ts("2025-01-21 18:00")
    assert c["elapsed_minutes"] == approx(660.0)
    assert c["breach_at"] == ts("2025-01-21 15:00")
    assert c["is_breached"] is True
    # requester_wait (requester_wait_any, 2880 bus): new + open business = 420;
    # stopped below target -> breach_at null, not breached
    c = clock(edges, "T_HOLIDAY", "requester_wait")
    assert c["elapsed_minutes"] == approx(420.0)
    assert c["breach_at"] is None and c["is_breached"] is False


def test_reopen_resolution_clock_runs_again(edges):
    row = fact(edges, "T_REOPEN")
    # new 15:00-15:30 (30); open 15:30-17:00 (90) + Tue 15:00-16:00 (60) = 150;
    # the solved spell Mon 17:00 -> Tue 15:00 counts for nothing. All in hours.
    assert row["new_minutes"] == approx(30.0)
    assert row["open_minutes"] == approx(150.0)
    assert row["pending_minutes"] == 0.0
    assert row["requester_wait_minutes"] == approx(180.0)
    assert row["requester_wait_business_minutes"] == approx(180.0)
    assert row["unassigned_minutes"] == approx(180.0)
    assert row["reopen_count"] == 1
    assert row["first_resolved_at"] == ts("2025-01-13 17:00")
    assert row["resolved_at"] == ts("2025-01-14 16:00")
    # only reply M2 (15:30) answered M1 (15:00): 30; M3 was never answered
    assert row["total_reply_minutes"] == approx(30.0)
    assert row["max_reply_minutes"] == approx(30.0)
    # resolution (resolution_normal, 2880 bus) stops at the LAST resolution, Tue 16:00Z:
    # Mon 15:00-22:00Z (420) + Tue 14:00-16:00Z (120) = 540.
    # breach_at: Mon 420, Tue 900, Wed 1380, Thu 1860, Fri 01-17 2340, Mon 01-20 holiday,
    # Tue 01-21 2820, then 60 on Wed 01-22 -> 14:00Z + 60 = 15:00Z.
    c = clock(edges, "T_REOPEN", "resolution")
    assert c["policy_id"] == "resolution_normal"
    assert c["started_at"] == ts("2025-01-13 15:00")
    assert c["stopped_at"] == ts("2025-01-14 16:00")
    assert c["elapsed_minutes"] == approx(540.0)
    assert c["breach_at"] == ts("2025-01-22 15:00")
    assert c["is_breached"] is False and c["is_active"] is False
    assert c["minutes_remaining"] is None
    # requester_wait: new + open = 180, stopped below target
    c = clock(edges, "T_REOPEN", "requester_wait")
    assert c["elapsed_minutes"] == approx(180.0) and c["breach_at"] is None
    # first_reply 15:00 -> 15:30: 30; breach_at: 420 Mon, 60 Tue -> Tue 15:00Z
    c = clock(edges, "T_REOPEN", "first_reply")
    assert c["elapsed_minutes"] == approx(30.0)
    assert c["breach_at"] == ts("2025-01-14 15:00")
    # the message after the reopen (Tue 15:05Z) starts next_reply #1; no reply, so the
    # second resolution (16:00Z, stamped after it) stops it: 55 bus (next_reply_any).
    # breach_at: 415 left on Tue (15:05-22:00Z), 65 on Wed -> Wed 01-15 15:05Z.
    c = clock(edges, "T_REOPEN", "next_reply")
    assert c["policy_id"] == "next_reply_any"
    assert (c["started_at"], c["stopped_at"]) == (ts("2025-01-14 15:05"), ts("2025-01-14 16:00"))
    assert c["elapsed_minutes"] == approx(55.0)
    assert c["breach_at"] == ts("2025-01-15 15:05")
    assert c["is_breached"] is False


def test_ticket_open_at_as_of(edges):
    row = fact(edges, "T_OPEN")
    # as_of Wed 16:00Z: created 15:10 -> age 50; open since 15:30 -> 30 since change
    assert row["age_minutes"] == approx(50.0)
    assert row["minutes_since_status_change"] == approx(30.0)
    # new 15:10-15:30 (20), open 15:30-16:00 (30), all inside 14-22Z
    assert row["new_minutes"] == approx(20.0) and row["open_minutes"] == approx(30.0)
    assert row["new_business_minutes"] == approx(20.0)
    assert row["open_business_minutes"] == approx(30.0)
    assert row["requester_wait_minutes"] == approx(50.0)
    assert row["agent_wait_minutes"] == 0.0
    # assigned at 15:15: 5 minutes to assignment, 5 unassigned; not resolved
    assert row["first_assigned_at"] == ts("2025-01-22 15:15")
    assert row["minutes_to_first_assignment"] == approx(5.0)
    assert row["unassigned_minutes"] == approx(5.0)
    assert row["first_assignment_to_resolution_minutes"] is None
    # first_reply_urgent (60 cal): the reply at 16:30 is after as_of -> running;
    # 50 elapsed, 10 left, breach at 15:10 + 60 = 16:10, not yet breached (null)
    c = clock(edges, "T_OPEN", "first_reply")
    assert c["policy_id"] == "first_reply_urgent"
    assert c["is_active"] is True and c["stopped_at"] is None
    assert c["elapsed_minutes"] == approx(50.0)
    assert c["minutes_remaining"] == approx(10.0)
    assert c["breach_at"] == ts("2025-01-22 16:10")
    assert c["is_breached"] is None
    # resolution_urgent (480 cal): 50 elapsed, 430 left, breach 15:10 + 8 h = 23:10
    c = clock(edges, "T_OPEN", "resolution")
    assert c["policy_id"] == "resolution_urgent" and c["is_active"] is True
    assert c["elapsed_minutes"] == approx(50.0)
    assert c["minutes_remaining"] == approx(430.0)
    assert c["breach_at"] == ts("2025-01-22 23:10")
    # requester_wait_urgent (480 cal), counting (open) at as_of: 20 + 30 = 50;
    # projected breach: as_of + 430 = 23:10
    c = clock(edges, "T_OPEN", "requester_wait")
    assert c["policy_id"] == "requester_wait_urgent"
    assert c["elapsed_minutes"] == approx(50.0)
    assert c["minutes_remaining"] == approx(430.0)
    assert c["breach_at"] == ts("2025-01-22 23:10")
    assert c["is_breached"] is None
    assert clocks(edges, "T_OPEN", "next_reply") == []


def test_priority_in_force_when_the_clock_stops_decides_the_policy(edges):
    # T_PRIO: normal -> urgent at 15:30, before the reply at 16:30: the whole
    # first_reply clock moves to first_reply_urgent (60 cal): 90 > 60, breach 16:00.
    c = clock(edges, "T_PRIO", "first_reply")
    assert c["priority"] == "urgent"
    assert c["policy_id"] == "first_reply_urgent"
    assert c["target_minutes"] == 60 and c["is_business_hours"] is False
    assert c["elapsed_minutes"] == approx(90.0)
    assert c["breach_at"] == ts("2025-01-13 16:00")
    assert c["is_breached"] is True
    # resolution_urgent (480 cal): 15:00 -> 17:00 = 120, breach_at 15:00 + 8 h = 23:00
    c = clock(edges, "T_PRIO", "resolution")
    assert c["policy_id"] == "resolution_urgent"
    assert c["elapsed_minutes"] == approx(120.0)
    assert c["breach_at"] == ts("2025-01-13 23:00")
    assert c["is_breached"] is False
    # requester_wait_urgent (480 cal): new 15:00-17:00 = 120, stopped below target
    c = clock(edges, "T_PRIO", "requester_wait")
    assert c["policy_id"] == "requester_wait_urgent"
    assert c["elapsed_minutes"] == approx(120.0) and c["breach_at"] is None
    row = fact(edges, "T_PRIO")
    assert (row["priority"], row["original_priority"]) == ("urgent", "normal")
    # T_PRIO_LATE: the change at 16:31 comes after the stop (16:30): still normal ->
    # first_reply_normal (480 bus): 90 <= 480; breach_at: 420 Mon, 60 Tue -> Tue 15:00Z.
    c = clock(edges, "T_PRIO_LATE", "first_reply")
    assert (c["priority"], c["policy_id"]) == ("normal", "first_reply_normal")
    assert c["is_business_hours"] is True
    assert c["elapsed_minutes"] == approx(90.0)
    assert c["breach_at"] == ts("2025-01-14 15:00")
    assert c["is_breached"] is False
    # ...while its resolution clock stops at 17:00, when it is urgent
    assert clock(edges, "T_PRIO_LATE", "resolution")["policy_id"] == "resolution_urgent"


def test_next_reply_clock_starts_inside_business_hours_ends_outside(edges):
    # next_reply_any (480 bus): Tue 21:00Z -> Wed 13:00Z; business only 21:00-22:00Z
    # = 60 (calendar 960). breach_at: 60 on Tue, 420 more from Wed 14:00Z -> Wed 21:00Z.
    c = clock(edges, "T_BH_NEXT", "next_reply")
    assert c["policy_id"] == "next_reply_any" and c["is_business_hours"] is True
    assert c["started_at"] == ts("2025-01-14 21:00")
    assert c["stopped_at"] == ts("2025-01-15 13:00")
    assert c["elapsed_minutes"] == approx(60.0)
    assert c["breach_at"] == ts("2025-01-15 21:00")
    assert c["is_breached"] is False and c["is_active"] is False
    assert c["minutes_remaining"] is None
    # reply minutes are calendar: M2 10 (14:00 -> 14:10) + M4 960 = 970, max 960
    row = fact(edges, "T_BH_NEXT")
    assert row["total_reply_minutes"] == approx(970.0)
    assert row["max_reply_minutes"] == approx(960.0)
    # resolution (2880 bus) stopped Wed 13:05Z: Tue 14-22Z = 480, Wed before 14:00Z = 0
    assert clock(edges, "T_BH_NEXT", "resolution")["elapsed_minutes"] == approx(480.0)


def test_reply_exactly_at_breach_instant_attains_one_second_later_breaches(edges):
    # business: first_reply_normal 480 from Mon 20:00Z: 120 Mon (20-22Z) + 360 Tue
    # from 14:00Z -> breach_at Tue 20:00Z. Reply at 20:00:00: elapsed 480 = target ->
    # not breached (strictly >); at 20:00:01: 480 + 1/60 -> breached.
    exact, late = clock(edges, "T_EXACT", "first_reply"), clock(edges, "T_EXACT_1S", "first_reply")
    assert exact["policy_id"] == late["policy_id"] == "first_reply_normal"
    assert exact["breach_at"] == exact["stopped_at"] == ts("2025-01-14 20:00")
    assert exact["elapsed_minutes"] == approx(480.0)
    assert exact["is_breached"] is False
    assert late["breach_at"] == ts("2025-01-14 20:00")
    assert late["stopped_at"] == ts("2025-01-14 20:00:01")
    assert late["elapsed_minutes"] == approx(480 + 1 / 60)
    assert late["is_breached"] is True
    # calendar: first_reply_urgent 60 from 10:00Z -> breach_at 11:00Z
    exact = clock(edges, "T_EXACT_CAL", "first_reply")
    late = clock(edges, "T_EXACT_CAL_1S", "first_reply")
    assert exact["policy_id"] == late["policy_id"] == "first_reply_urgent"
    assert exact["breach_at"] == exact["stopped_at"] == ts("2025-01-15 11:00")
    assert exact["elapsed_minutes"] == approx(60.0) and exact["is_breached"] is False
    assert late["breach_at"] == ts("2025-01-15 11:00")
    assert late["elapsed_minutes"] == approx(60 + 1 / 60) and late["is_breached"] is True


def test_several_customer_messages_wait_for_one_reply(edges):
    # 14:10 joins the running first_reply clock (14:00 -> 14:30, 30); 15:00, 15:20 and
    # 15:40 wait for the 16:00 reply (the note and the system message are no replies):
    # ONE next_reply clock 15:00 -> 16:00 = 60 bus.
    first = clock(edges, "T_MULTI", "first_reply")
    assert (first["started_at"], first["stopped_at"]) == (
        ts("2025-01-16 14:00"),
        ts("2025-01-16 14:30"),
    )
    assert first["elapsed_minutes"] == approx(30.0)
    nxt = clocks(edges, "T_MULTI", "next_reply")
    assert [(c["clock_sequence"], c["started_at"], c["stopped_at"]) for c in nxt] == [
        (1, ts("2025-01-16 15:00"), ts("2025-01-16 16:00"))
    ]
    assert nxt[0]["elapsed_minutes"] == approx(60.0) and nxt[0]["is_breached"] is False
    # reply minutes: M03 30 (from 14:00), M09 60 (from 15:00) -> total 90, max 60
    row = fact(edges, "T_MULTI")
    assert row["total_reply_minutes"] == approx(90.0)
    assert row["max_reply_minutes"] == approx(60.0)


def test_thanks_after_a_solve_starts_no_clock(edges):
    # the 15:20 message goes to a ticket solved at 15:10: it owes no reply
    assert clocks(edges, "T_THANKS", "next_reply") == []
    # resolution stops at the solve: 14:00 -> 15:10 = 70 bus; first_reply 30
    c = clock(edges, "T_THANKS", "resolution")
    assert c["stopped_at"] == ts("2025-01-16 15:10")
    assert c["elapsed_minutes"] == approx(70.0)
    assert clock(edges, "T_THANKS", "first_reply")["elapsed_minutes"] == approx(30.0)
    row = fact(edges, "T_THANKS")
    assert row["current_status"] == "solved" and row["reopen_count"] == 0


def test_chat_ticket_gets_the_chat_policy(edges):
    # first_reply_chat (channel row, 30 bus) beats first_reply_normal (priority row).
    # Created Mon 21:50Z, reply Tue 14:30Z: 10 (Mon 21:50-22:00Z) + 30 (Tue 14:00-14:30Z)
    # = 40 > 30 -> breached; breach_at: 10 on Mon, 20 from Tue 14:00Z -> Tue 14:20Z.
    c = clock(edges, "T_CHAT", "first_reply")
    assert c["policy_id"] == "first_reply_chat"
    assert (c["target_minutes"], c["is_business_hours"]) == (30, True)
    assert c["priority"] == "normal"
    assert c["elapsed_minutes"] == approx(40.0)
    assert c["breach_at"] == ts("2025-01-14 14:20")
    assert c["is_breached"] is True
    # no chat row for resolution: resolution_normal; 10 + 60 (Tue 14-15Z) = 70
    c = clock(edges, "T_CHAT", "resolution")
    assert c["policy_id"] == "resolution_normal"
    assert c["elapsed_minutes"] == approx(70.0)


def test_enterprise_customer_on_a_high_ticket_gets_the_segment_row(edges):
    # first_reply_high_enterprise (priority + segment, 120 bus) beats first_reply_high
    # (240): 15:00 -> 16:00 = 60, breach_at 15:00 + 120 in hours = 17:00Z.
    c = clock(edges, "T_ENT", "first_reply")
    assert c["policy_id"] == "first_reply_high_enterprise"
    assert (c["target_minutes"], c["is_business_hours"]) == (120, True)
    assert c["elapsed_minutes"] == approx(60.0)
    assert c["breach_at"] == ts("2025-01-15 17:00")
    assert c["is_breached"] is False
    # no segment row for the other metrics: resolution_high (1440 bus), 15:00-18:00 = 180
    c = clock(edges, "T_ENT", "resolution")
    assert c["policy_id"] == "resolution_high"
    assert c["elapsed_minutes"] == approx(180.0)
    assert clock(edges, "T_ENT", "requester_wait")["policy_id"] == "requester_wait_any"


def test_backlog_day_boundary_and_snapshot(edges):
    rows = query(
        edges,
        "select snapshot_date, ticket_id, status, priority, assignee_agent_id, age_days, "
        "age_bucket, is_day_complete from main.fact_backlog_daily",
    )
    got = {
        (r["snapshot_date"], r["ticket_id"]): (
            r["status"],
            r["priority"],
            r["assignee_agent_id"],
            round(r["age_days"], 6),
            r["age_bucket"],
            r["is_day_complete"],
        )
        for r in rows
    }
    d = date
    assert got == {
        # T_MIDNIGHT, created Thu 01-16 10:00Z, solved at Sat 01-18 00:00:00Z exactly:
        # the solve is not "before" Fri's end -> still new at Fri's end.
        # Thu end: 14 h = 0.583333 d; Fri end: 38 h = 1.583333 d, assigned A2 (Fri 12:00).
        (d(2025, 1, 16), "T_MIDNIGHT"): ("new", "normal", None, 0.583333, "< 1 day", True),
        (d(2025, 1, 17), "T_MIDNIGHT"): ("new", "normal", "A2", 1.583333, "1-3 days", True),
        # solved at 23:59:59 Fri: only Thursday's row
        (d(2025, 1, 16), "T_MIDNIGHT_1S"): ("new", "normal", None, 0.583333, "< 1 day", True),
        # T_HOLIDAY created Fri 01-17 15:00Z, pending from 20:00Z, solved Tue 01-21:
        # 9 h, 33 h, 57 h, 81 h (3.375 d -> 3-7 days); no row on Tue
        (d(2025, 1, 17), "T_HOLIDAY"): ("pending", "normal", None, 0.375, "< 1 day", True),
        (d(2025, 1, 18), "T_HOLIDAY"): ("pending", "normal", None, 1.375, "1-3 days", True),
        (d(2025, 1, 19), "T_HOLIDAY"): ("pending", "normal", None, 2.375, "1-3 days", True),
        (d(2025, 1, 20), "T_HOLIDAY"): ("pending", "normal", None, 3.375, "3-7 days", True),
        # open over one midnight: created Mon 20:00Z (4 h), Mon 21:50Z (130 min),
        # Tue 14:00Z (10 h)
        (d(2025, 1, 13), "T_EXACT"): ("new", "normal", None, 0.166667, "< 1 day", True),
        (d(2025, 1, 13), "T_EXACT_1S"): ("new", "normal", None, 0.166667, "< 1 day", True),
        (d(2025, 1, 13), "T_CHAT"): ("new", "normal", None, 0.090278, "< 1 day", True),
        (d(2025, 1, 14), "T_BH_NEXT"): ("new", "normal", None, 0.416667, "< 1 day", True),
        # the as_of day: snapshot at as_of, 50 min = 0.034722 d, day incomplete
        (d(2025, 1, 22), "T_OPEN"): ("open", "urgent", "A1", 0.034722, "< 1 day", False),
    }
    # T_MIDNIGHT's assignment times: created Thu 10:00Z, assigned Fri 12:00Z (26 h =
    # 1560 min, all unassigned while new), resolved Sat 00:00Z (12 h after assignment)
    row = fact(edges, "T_MIDNIGHT")
    assert row["first_assigned_at"] == ts("2025-01-17 12:00")
    assert row["minutes_to_first_assignment"] == approx(1560.0)
    assert row["unassigned_minutes"] == approx(1560.0)
    assert row["first_assignment_to_resolution_minutes"] == approx(720.0)
    # new Thu 10:00Z -> Sat 00:00Z = 38 h = 2280 cal; bus Thu 14-22Z + Fri 14-22Z = 960
    assert row["new_minutes"] == approx(2280.0)
    assert row["new_business_minutes"] == approx(960.0)
    # its first_reply clock (no reply) stops at the solve; the 480 bus run out exactly
    # at the end of Thursday's interval -> breach_at Thu 22:00Z, not Fri 14:00Z
    c = clock(edges, "T_MIDNIGHT", "first_reply")
    assert c["breach_at"] == ts("2025-01-16 22:00")
    assert c["elapsed_minutes"] == approx(960.0) and c["is_breached"] is True
