"""Unit tests of the ticket-lifecycle part of the reference (SPEC section 2,
"Ticket lifecycle"; docs blocks metric_status_time, metric_requester_wait,
metric_agent_wait, metric_assignment_time, metric_ticket_age,
metric_ticket_reply_minutes, metric_sla_clock, metric_backlog_snapshot).

Same style as test_reference.py: a tiny raw dataset per test, the expected
values worked out by hand in the comments. Calendar used by most tests: the
default NY schedule, Monday-Friday 09:00-17:00 America/New_York, which in
January (EST, UTC-5) is 14:00Z-22:00Z. 2025-01-06 is a Monday.

SLA targets of the project's seed (seeds/sla_policies.csv) used below:
first_reply urgent 60 cal, normal 480 bus, chat 30 bus, urgent+chat 5 cal;
next_reply urgent 120 cal, any 480 bus; requester_wait urgent 480 cal, any
2880 bus; resolution urgent 480 cal, normal 2880 bus.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import spec_reference as ref  # noqa: E402
from fixture_builder import (  # noqa: E402
    NY_SCHEDULE,
    assignment,
    build,
    customer,
    message,
    policy,
    priority_change,
    random_tables,
    status,
    synthetic_tables,
    ticket,
    ts,
    write_raw,
)

LATE = {"as_of": "2025-12-31T00:00:00Z"}
MLK = [{"schedule_id": "S_NY", "holiday_date": "2025-01-20", "holiday_name": "MLK"}]
STATUS_COLUMNS = ("new", "open", "pending", "on_hold")


def one(r, ticket_id, metric, sequence=1):
    return r.sla[(ticket_id, metric, sequence)]


# ---------------------------------------------------------------- status spells


def test_pending_spell_across_a_holiday(tmp_path):
    # Created Fri 2025-01-17 15:00Z (10:00 EST); open 16:00Z; pending Fri 20:00Z
    # (15:00 EST); open again Tue 01-21 16:00Z (11:00 EST); solved Tue 18:00Z.
    # Mon 01-20 is a holiday.
    # new      15:00-16:00Z Fri                = 60 cal, 60 bus
    # open     16:00-20:00Z Fri + 16-18Z Tue   = 240 + 120 = 360 cal, 360 bus
    # pending  Fri 20:00Z -> Tue 16:00Z        = 92 h = 5520 cal;
    #          bus: Fri 15-17 EST (120) + Sat/Sun/Mon(holiday) 0 + Tue 09-11 EST (120) = 240
    # solved from Tue 18:00Z to as_of: counts for nothing.
    tickets = [ticket("T1", "2025-01-17T15:00:00Z")]
    events = [
        status("E1", "T1", "2025-01-17T16:00:00Z", "open"),
        status("E2", "T1", "2025-01-17T20:00:00Z", "pending"),
        status("E3", "T1", "2025-01-21T16:00:00Z", "open"),
        status("E4", "T1", "2025-01-21T18:00:00Z", "solved"),
    ]
    tables = {"tickets": tickets, "ticket_events": events, "schedules": NY_SCHEDULE}
    r = build(tmp_path / "a", {**tables, "holidays": MLK}, LATE)
    row = r.tickets["T1"]
    assert row["new_minutes"] == pytest.approx(60.0)
    assert row["open_minutes"] == pytest.approx(360.0)
    assert row["pending_minutes"] == pytest.approx(5520.0)
    assert row["on_hold_minutes"] == 0.0  # never on hold: zero, not null
    assert row["new_business_minutes"] == pytest.approx(60.0)
    assert row["open_business_minutes"] == pytest.approx(360.0)
    assert row["pending_business_minutes"] == pytest.approx(240.0)
    assert row["on_hold_business_minutes"] == 0.0
    # requester wait = new + open + on_hold; agent wait = pending
    assert row["requester_wait_minutes"] == pytest.approx(420.0)
    assert row["requester_wait_business_minutes"] == pytest.approx(420.0)
    assert row["agent_wait_minutes"] == pytest.approx(5520.0)
    assert row["agent_wait_business_minutes"] == pytest.approx(240.0)
    # never assigned: every minute not solved is unassigned: 60 + 360 + 5520
    assert row["unassigned_minutes"] == pytest.approx(5940.0)
    assert row["first_assigned_at"] is None and row["minutes_to_first_assignment"] is None
    assert row["age_minutes"] is None and row["minutes_since_status_change"] is None
    # without the holiday, Mon 01-20 adds 480 business minutes of pending
    r = build(tmp_path / "b", tables, LATE)
    assert r.tickets["T1"]["pending_business_minutes"] == pytest.approx(720.0)
    assert r.tickets["T1"]["pending_minutes"] == pytest.approx(5520.0)
    # no schedules table: business variants null, calendar ones unchanged
    r = build(tmp_path / "c", {"tickets": tickets, "ticket_events": events}, LATE)
    row = r.tickets["T1"]
    for name in (*STATUS_COLUMNS, "requester_wait", "agent_wait"):
        assert row[f"{name}_business_minutes"] is None
    assert row["requester_wait_minutes"] == pytest.approx(420.0)


def test_reopen_solved_spell_counts_for_nothing_and_resolution_clock_runs_again(tmp_path):
    # Mon 2025-01-06: created 15:00Z, customer 15:00Z, reply + open 15:30Z, solved 17:00Z;
    # Tue 01-07: reopened (open) 15:00Z, solved again 16:00Z. Normal priority, email.
    # new 15:00-15:30 = 30; open 15:30-17:00 (90) + Tue 15:00-16:00 (60) = 150;
    # solved Mon 17:00 -> Tue 15:00 (22 h) counts for nothing. All inside 14-22Z.
    tickets = [ticket("T1", "2025-01-06T15:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-06T15:00:00Z", "customer"),
        message("M2", "T1", "2025-01-06T15:30:00Z", "agent"),
    ]
    events = [
        status("E1", "T1", "2025-01-06T15:30:00Z", "open"),
        status("E2", "T1", "2025-01-06T17:00:00Z", "solved"),
        status("E3", "T1", "2025-01-07T15:00:00Z", "open"),
        status("E4", "T1", "2025-01-07T16:00:00Z", "solved"),
    ]
    tables = {
        "tickets": tickets,
        "messages": messages,
        "ticket_events": events,
        "schedules": NY_SCHEDULE,
    }
    r = build(tmp_path / "a", tables, LATE)
    row = r.tickets["T1"]
    assert (row["new_minutes"], row["open_minutes"], row["pending_minutes"]) == (
        pytest.approx(30.0),
        pytest.approx(150.0),
        0.0,
    )
    assert row["requester_wait_minutes"] == pytest.approx(180.0)
    assert row["requester_wait_business_minutes"] == pytest.approx(180.0)
    assert row["unassigned_minutes"] == pytest.approx(180.0)
    assert row["resolved_at"] == ts("2025-01-07 16:00")
    # resolution clock (resolution_normal: 2880 business) stops at the LAST resolution:
    # business Mon 15:00-22:00Z (420) + Tue 14:00-16:00Z (120) = 540 <= 2880.
    # breach_at: 420 Mon, +480 Tue (900), Wed (1380), Thu (1860), Fri 01-10 (2340),
    # Mon 01-13 (2820), then 60 on Tue 01-14 -> 14:00Z + 60 = 15:00Z.
    clock = one(r, "T1", "resolution")
    assert clock["policy_id"] == "resolution_normal"
    assert clock["stopped_at"] == ts("2025-01-07 16:00")
    assert clock["elapsed_minutes"] == pytest.approx(540.0)
    assert clock["breach_at"] == ts("2025-01-14 15:00")
    assert clock["is_breached"] is False and clock["is_active"] is False
    assert clock["minutes_remaining"] is None
    # requester_wait (requester_wait_any, 2880 business): counts new+open only = 180;
    # stopped below target: its breach instant never comes (null)
    clock = one(r, "T1", "requester_wait")
    assert clock["policy_id"] == "requester_wait_any"
    assert clock["elapsed_minutes"] == pytest.approx(180.0)
    assert clock["breach_at"] is None and clock["is_breached"] is False
    # first reply at 15:30Z: 30 business of 480; breach_at = Mon 420 + Tue 60 -> 15:00Z
    clock = one(r, "T1", "first_reply")
    assert clock["elapsed_minutes"] == pytest.approx(30.0)
    assert clock["breach_at"] == ts("2025-01-07 15:00")
    assert [k for k in r.sla if k[1] == "next_reply"] == []

    # as_of Tue 15:30Z, between the reopen and the second solve: the resolution clock
    # runs again: business 420 (Mon) + 90 (Tue 14:00-15:30Z) = 510, remaining 2370.
    r = build(tmp_path / "b", tables, {"as_of": "2025-01-07T15:30:00Z"})
    clock = one(r, "T1", "resolution")
    assert clock["is_active"] is True and clock["stopped_at"] is None
    assert clock["elapsed_minutes"] == pytest.approx(510.0)
    assert clock["minutes_remaining"] == pytest.approx(2370.0)
    assert clock["is_breached"] is None
    assert clock["breach_at"] == ts("2025-01-14 15:00")  # same timeline as above
    # requester_wait runs (open): 30 + 90 + 30 (Tue 15:00-15:30Z) = 150; projected
    # breach, 2730 business minutes after as_of: Tue 390 (to 22:00Z), Wed-Fri 1440,
    # Mon 01-13 480 (2310), Tue 01-14 420 -> 14:00Z + 420 min = 21:00Z.
    clock = one(r, "T1", "requester_wait")
    assert clock["elapsed_minutes"] == pytest.approx(150.0)
    assert clock["breach_at"] == ts("2025-01-14 21:00")
    assert clock["minutes_remaining"] == pytest.approx(2730.0)


# ---------------------------------------------------------------- open at as_of


def open_urgent_ticket():
    # urgent (calendar targets): created 10:00Z, customer 10:00, open 10:20,
    # pending 10:50, the first reply only at 12:00.
    return {
        "tickets": [ticket("T1", "2025-01-06T10:00:00Z", priority="urgent")],
        "messages": [
            message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
            message("M2", "T1", "2025-01-06T12:00:00Z", "agent"),
        ],
        "ticket_events": [
            status("E1", "T1", "2025-01-06T10:20:00Z", "open"),
            status("E2", "T1", "2025-01-06T10:50:00Z", "pending"),
        ],
    }


def test_ticket_open_at_as_of_age_and_running_clocks(tmp_path):
    tables = open_urgent_ticket()
    # as_of 10:45: open since 10:20 -> age 45, since status change 25
    r = build(tmp_path / "a", tables, {"as_of": "2025-01-06T10:45:00Z"})
    row = r.tickets["T1"]
    assert row["age_minutes"] == pytest.approx(45.0)
    assert row["minutes_since_status_change"] == pytest.approx(25.0)
    assert (row["new_minutes"], row["open_minutes"]) == (pytest.approx(20.0), pytest.approx(25.0))
    # first_reply_urgent (60 cal): running, 45 elapsed, 15 left, breach 11:00
    clock = one(r, "T1", "first_reply")
    assert clock["policy_id"] == "first_reply_urgent"
    assert clock["is_active"] is True and clock["stopped_at"] is None
    assert clock["elapsed_minutes"] == pytest.approx(45.0)
    assert clock["minutes_remaining"] == pytest.approx(15.0)
    assert clock["is_breached"] is None
    assert clock["breach_at"] == ts("2025-01-06 11:00")
    # resolution_urgent (480 cal): 45 elapsed, breach 18:00
    clock = one(r, "T1", "resolution")
    assert clock["minutes_remaining"] == pytest.approx(435.0)
    assert clock["breach_at"] == ts("2025-01-06 18:00")
    # requester_wait_urgent (480 cal), counting (open): 20 + 25 = 45; projected 18:00
    clock = one(r, "T1", "requester_wait")
    assert clock["elapsed_minutes"] == pytest.approx(45.0)
    assert clock["breach_at"] == ts("2025-01-06 18:00")

    # as_of exactly at the first-reply breach instant: elapsed 60 = target -> not past
    r = build(tmp_path / "b", tables, {"as_of": "2025-01-06T11:00:00Z"})
    assert one(r, "T1", "first_reply")["is_breached"] is None
    assert one(r, "T1", "first_reply")["minutes_remaining"] == pytest.approx(0.0)
    # one second later: past breach_at while still running -> true, remaining negative
    r = build(tmp_path / "c", tables, {"as_of": "2025-01-06T11:00:01Z"})
    assert one(r, "T1", "first_reply")["is_breached"] is True
    assert one(r, "T1", "first_reply")["minutes_remaining"] == pytest.approx(-1 / 60)

    # as_of 11:30: pending since 10:50 -> age 90, since 40; new 20, open 30, pending 40
    r = build(tmp_path / "d", tables, {"as_of": "2025-01-06T11:30:00Z"})
    row = r.tickets["T1"]
    assert row["age_minutes"] == pytest.approx(90.0)
    assert row["minutes_since_status_change"] == pytest.approx(40.0)
    assert row["pending_minutes"] == pytest.approx(40.0)
    assert row["requester_wait_minutes"] == pytest.approx(50.0)
    assert row["agent_wait_minutes"] == pytest.approx(40.0)
    # the reply at 12:00 is after as_of: first_reply still running, 90 > 60 -> breached
    clock = one(r, "T1", "first_reply")
    assert clock["is_active"] is True and clock["is_breached"] is True
    assert clock["minutes_remaining"] == pytest.approx(-30.0)
    # requester_wait paused in pending below target: 50 elapsed, breach_at unknown
    clock = one(r, "T1", "requester_wait")
    assert clock["elapsed_minutes"] == pytest.approx(50.0)
    assert clock["breach_at"] is None and clock["is_breached"] is None
    assert clock["minutes_remaining"] == pytest.approx(430.0)

    # default as_of (12:00, the reply): first_reply stopped at 12:00, 120 > 60
    r = build(tmp_path / "e", tables)
    clock = one(r, "T1", "first_reply")
    assert clock["stopped_at"] == ts("2025-01-06 12:00")
    assert clock["is_breached"] is True and clock["is_active"] is False
    assert clock["minutes_remaining"] is None
    # solved tickets have no age
    tables["ticket_events"].append(status("E3", "T1", "2025-01-06T12:30:00Z", "solved"))
    r = build(tmp_path / "f", tables, LATE)
    assert r.tickets["T1"]["age_minutes"] is None
    assert r.tickets["T1"]["minutes_since_status_change"] is None


# ---------------------------------------------------------------- policies


def test_priority_in_force_when_the_clock_stops_decides_the_policy(tmp_path):
    # Normal tickets created Mon 2025-01-06 15:00Z, first reply 16:30Z (90 min, all
    # business). A priority change to urgent at 15:30 (T1), exactly at the reply 16:30
    # (T2: "at or before" the stop) or at 16:31 (T3: after the stop).
    tickets, messages, events = [], [], []
    for tid, change_at in (
        ("T1", "2025-01-06T15:30:00Z"),
        ("T2", "2025-01-06T16:30:00Z"),
        ("T3", "2025-01-06T16:31:00Z"),
    ):
        tickets.append(ticket(tid, "2025-01-06T15:00:00Z", customer_id=tid))
        messages += [
            message(f"{tid}-M1", tid, "2025-01-06T15:00:00Z", "customer", author_id=tid),
            message(f"{tid}-M2", tid, "2025-01-06T16:30:00Z", "agent"),
        ]
        events.append(priority_change(f"{tid}-P", tid, change_at, "urgent"))
    r = build(
        tmp_path,
        {
            "tickets": tickets,
            "messages": messages,
            "ticket_events": events,
            "schedules": NY_SCHEDULE,
        },
        LATE,
    )
    for tid in ("T1", "T2"):
        # urgent in force at the stop: first_reply_urgent, 60 calendar minutes;
        # the whole clock moves: 90 > 60, breach at 15:00 + 60 = 16:00
        clock = one(r, tid, "first_reply")
        assert clock["priority"] == "urgent"
        assert clock["policy_id"] == "first_reply_urgent"
        assert clock["is_business_hours"] is False
        assert clock["elapsed_minutes"] == pytest.approx(90.0)
        assert clock["breach_at"] == ts("2025-01-06 16:00")
        assert clock["is_breached"] is True
    # T3: normal at the stop -> first_reply_normal (480 business): 90 <= 480
    clock = one(r, "T3", "first_reply")
    assert clock["priority"] == "normal" and clock["policy_id"] == "first_reply_normal"
    assert clock["elapsed_minutes"] == pytest.approx(90.0)
    assert clock["is_breached"] is False
    # ...but its resolution clock still runs at as_of, when T3 is urgent
    clock = one(r, "T3", "resolution")
    assert clock["priority"] == "urgent" and clock["policy_id"] == "resolution_urgent"
    assert clock["is_active"] is True and clock["is_breached"] is True
    assert r.tickets["T3"]["priority"] == "urgent"


SPECIFICITY_POLICIES = [
    policy("P_any", "first_reply", 500),
    policy("P_prio", "first_reply", 100, priority="high"),
    policy("P_chan", "first_reply", 70, channel="chat"),
    policy("P_seg", "first_reply", 300, segment="enterprise"),
    policy("P_prio_chan", "first_reply", 50, priority="high", channel="chat"),
    policy("P_prio_seg", "first_reply", 40, priority="high", segment="enterprise"),
    policy("P_chan_seg", "first_reply", 45, channel="email", segment="enterprise"),
    policy("P_prio_phone", "first_reply", 20, priority="high", channel="phone"),
    policy("P_phone_seg", "first_reply", 25, channel="phone", segment="enterprise"),
    # resolution: only single-field rows and no catch-all
    policy("R_prio", "resolution", 1000, priority="high"),
    policy("R_chan", "resolution", 1000, channel="chat"),
    policy("R_seg", "resolution", 1000, segment="enterprise"),
]


def test_policy_specificity(tmp_path):
    # Most non-blank fields first; among equals a set channel outranks a set priority,
    # which outranks a set segment. Two-field rows therefore rank
    # channel+priority > channel+segment > priority+segment.
    cases = {
        # ticket: (priority, channel, customer) -> expected first_reply, resolution policy
        # 2 fields beat 1; 1 vs 1 (resolution): the channel row beats the priority row
        "T1": ("high", "chat", "C_SMB", "P_prio_chan", "R_chan"),
        "T2": ("high", "email", "C_SMB", "P_prio", "R_prio"),
        "T3": ("low", "chat", "C_SMB", "P_chan", "R_chan"),
        # 2 vs 2: priority+channel beats priority+segment (set channel first);
        # 1 vs 1 vs 1 (resolution): channel
        "T4": ("high", "chat", "C_ENT", "P_prio_chan", "R_chan"),
        # 2 vs 2: channel+segment beats priority+segment (set channel first);
        # 1 vs 1 (resolution): priority beats segment
        "T5": ("high", "email", "C_ENT", "P_chan_seg", "R_prio"),
        "T6": ("low", "email", "C_ENT", "P_chan_seg", "R_seg"),
        # 1 vs 1: a set channel beats a set segment
        "T7": ("low", "chat", "C_ENT", "P_chan", "R_chan"),
        "T8": ("low", "web", "C_ENT", "P_seg", "R_seg"),
        # no customers row: only blank-segment rows match; no resolution row at all
        "T9": ("low", "web", "C_NONE", "P_any", None),
        "T10": ("low", "web", "C_SMB", "P_any", None),
        # customer row with a blank segment: like no segment
        "T11": ("low", "web", "C_BLANK", "P_any", None),
        # 2 vs 2 vs 2 (P_prio_seg, P_prio_phone, P_phone_seg): both channel rows beat
        # priority+segment, and of them the one with a priority wins
        "T12": ("high", "phone", "C_ENT", "P_prio_phone", "R_prio"),
        # 2 (P_phone_seg) beats 1 (P_seg)
        "T13": ("low", "phone", "C_ENT", "P_phone_seg", "R_seg"),
    }
    tickets = [
        ticket(tid, "2025-01-06T10:00:00Z", customer_id=c, channel=ch, priority=pr)
        for tid, (pr, ch, c, _, _) in cases.items()
    ]
    customers = [customer("C_SMB", "smb"), customer("C_ENT", "enterprise"), customer("C_BLANK")]
    r = build(
        tmp_path,
        {"tickets": tickets, "customers": customers},
        {"as_of": "2025-01-06T11:00:00Z"},
        policies=SPECIFICITY_POLICIES,
    )
    for tid, (_, _, _, first_reply, resolution) in cases.items():
        assert one(r, tid, "first_reply")["policy_id"] == first_reply, tid
        if resolution is None:  # a clock no row matches has no row in the fact
            assert (tid, "resolution", 1) not in r.sla
        else:
            assert one(r, tid, "resolution")["policy_id"] == resolution, tid
        # no next_reply / requester_wait rows in these policies
        assert (tid, "requester_wait", 1) not in r.sla
    # target comes from the chosen row: T1 50 min calendar, 60 elapsed -> breached
    assert one(r, "T1", "first_reply")["target_minutes"] == 50.0
    assert one(r, "T1", "first_reply")["is_breached"] is True
    assert one(r, "T2", "first_reply")["minutes_remaining"] == pytest.approx(40.0)


def test_default_seed_policies(tmp_path):
    # The project's seed, among equally specific rows channel > priority > segment:
    # urgent chat -> first_reply_urgent_chat (priority+channel: 2 fields beat 1);
    # high + enterprise on email -> first_reply_high_enterprise (priority+segment);
    # high chat enterprise -> first_reply_high_chat (priority+channel beats
    # priority+segment); normal chat -> first_reply_chat (a channel row beats a
    # priority row of as many fields); low web enterprise -> first_reply_low.
    cases = {
        "T1": ("urgent", "chat", "C_SMB", "first_reply_urgent_chat"),
        "T2": ("high", "email", "C_ENT", "first_reply_high_enterprise"),
        "T3": ("high", "chat", "C_ENT", "first_reply_high_chat"),
        "T4": ("normal", "chat", "C_SMB", "first_reply_chat"),
        "T5": ("low", "web", "C_ENT", "first_reply_low"),
    }
    tickets = [
        ticket(tid, "2025-01-06T15:00:00Z", customer_id=c, channel=ch, priority=pr)
        for tid, (pr, ch, c, _) in cases.items()
    ]
    # T6: a priority_change to a value no row names: only channel/blank rows match
    tickets.append(ticket("T6", "2025-01-06T15:00:00Z", channel="chat"))
    events = [priority_change("E1", "T6", "2025-01-06T15:01:00Z", "p5")]
    customers = [customer("C_SMB", "smb"), customer("C_ENT", "enterprise")]
    seed = ref.load_sla_policies()
    assert {row["policy_id"] for row in seed} >= {"first_reply_chat", "next_reply_any"}
    r = build(
        tmp_path,
        {
            "tickets": tickets,
            "customers": customers,
            "ticket_events": events,
            "schedules": NY_SCHEDULE,
        },
        {"as_of": "2025-01-06T15:30:00Z"},
    )
    for tid, (_, _, _, expected) in cases.items():
        assert one(r, tid, "first_reply")["policy_id"] == expected, tid
    assert one(r, "T6", "first_reply")["policy_id"] == "first_reply_chat"
    assert one(r, "T6", "first_reply")["priority"] == "p5"
    assert one(r, "T6", "requester_wait")["policy_id"] == "requester_wait_any"
    assert (("T6", "resolution", 1) in r.sla) is False  # resolution rows all need a priority
    # T1 first_reply_urgent_chat: 5 min calendar, 30 elapsed at as_of -> breached
    assert one(r, "T1", "first_reply")["is_breached"] is True
    assert one(r, "T1", "first_reply")["breach_at"] == ts("2025-01-06 15:05")
    # T4 first_reply_chat: 30 business minutes; 15:00-15:30Z is all business (14-22Z),
    # so at as_of it has exactly reached its target: not breached (strictly >), 0 left
    clock = one(r, "T4", "first_reply")
    assert (clock["target_minutes"], clock["is_business_hours"]) == (30.0, True)
    assert clock["elapsed_minutes"] == pytest.approx(30.0)
    assert clock["breach_at"] == ts("2025-01-06 15:30")
    assert clock["is_breached"] is None and clock["minutes_remaining"] == pytest.approx(0.0)


def test_chat_tickets_get_the_chat_rows(tmp_path):
    # Seed rows: first_reply_chat (chat, 30 business) vs first_reply_normal (normal,
    # 480 business): one field each, the channel row wins. first_reply_urgent_chat
    # (urgent+chat, 5 calendar) vs first_reply_urgent (60) and first_reply_chat (30):
    # two fields beat one. No other metric has a chat row.
    # T1 normal chat, created Mon 2025-01-06 21:50Z (16:50 EST), first reply Tue 14:30Z:
    #    business 10 (Mon 21:50-22:00Z) + 30 (Tue 14:00-14:30Z) = 40 > 30 -> breached;
    #    breach_at: 10 on Mon, 20 more from Tue 14:00Z -> Tue 14:20Z.
    #    (Under first_reply_normal, 480, it would not be breached.)
    #    Then customer Tue 15:00Z, reply 15:45Z: next_reply_any (480 business), 45.
    # T2 urgent chat, created Mon 10:00Z, reply 10:04Z: 4 <= 5 calendar, breach_at 10:05;
    #    customer 10:30, reply 12:40: next_reply_urgent (120 calendar): 130 > 120.
    tickets = [
        ticket("T1", "2025-01-06T21:50:00Z", channel="chat"),
        ticket("T2", "2025-01-06T10:00:00Z", channel="chat", priority="urgent"),
    ]
    messages = [
        message("T1-M1", "T1", "2025-01-06T21:50:00Z", "customer", channel="chat"),
        message("T1-M2", "T1", "2025-01-07T14:30:00Z", "agent", channel="chat"),
        message("T1-M3", "T1", "2025-01-07T15:00:00Z", "customer", channel="chat"),
        message("T1-M4", "T1", "2025-01-07T15:45:00Z", "agent", channel="chat"),
        message("T2-M1", "T2", "2025-01-06T10:00:00Z", "customer", channel="chat"),
        message("T2-M2", "T2", "2025-01-06T10:04:00Z", "agent", channel="chat"),
        message("T2-M3", "T2", "2025-01-06T10:30:00Z", "customer", channel="chat"),
        message("T2-M4", "T2", "2025-01-06T12:40:00Z", "agent", channel="chat"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    clock = one(r, "T1", "first_reply")
    assert clock["policy_id"] == "first_reply_chat"
    assert (clock["target_minutes"], clock["is_business_hours"]) == (30.0, True)
    assert clock["priority"] == "normal"
    assert clock["elapsed_minutes"] == pytest.approx(40.0)
    assert clock["breach_at"] == ts("2025-01-07 14:20")
    assert clock["is_breached"] is True and clock["is_active"] is False
    clock = one(r, "T1", "next_reply")
    assert clock["policy_id"] == "next_reply_any"
    assert clock["elapsed_minutes"] == pytest.approx(45.0) and clock["is_breached"] is False
    assert one(r, "T1", "resolution")["policy_id"] == "resolution_normal"
    clock = one(r, "T2", "first_reply")
    assert clock["policy_id"] == "first_reply_urgent_chat"
    assert (clock["target_minutes"], clock["is_business_hours"]) == (5.0, False)
    assert clock["elapsed_minutes"] == pytest.approx(4.0)
    assert clock["breach_at"] == ts("2025-01-06 10:05")
    assert clock["is_breached"] is False
    clock = one(r, "T2", "next_reply")
    assert clock["policy_id"] == "next_reply_urgent"
    assert clock["elapsed_minutes"] == pytest.approx(130.0)
    assert clock["breach_at"] == ts("2025-01-06 12:30") and clock["is_breached"] is True
    assert one(r, "T2", "resolution")["policy_id"] == "resolution_urgent"


# ---------------------------------------------------------------- reply clocks


def test_next_reply_clock_inside_then_outside_business_hours(tmp_path):
    # Mon 2025-01-06: created 14:00Z (09:00 EST), customer 14:00Z, reply 14:10Z.
    # Customer again at 21:00Z (16:00 EST); next reply Tue 13:00Z (08:00 EST, closed).
    # next_reply_any (480 business): 21:00-22:00Z = 60 business (960 calendar);
    # breach_at: 60 Mon, then 420 more from Tue 14:00Z -> Tue 21:00Z.
    # T2, the same but urgent: next_reply_urgent (120 calendar): 960 > 120,
    # breach_at 21:00Z + 2 h = 23:00Z.
    tickets, messages = [], []
    for tid, prio in (("T1", "normal"), ("T2", "urgent")):
        tickets.append(ticket(tid, "2025-01-06T14:00:00Z", priority=prio))
        messages += [
            message(f"{tid}-M1", tid, "2025-01-06T14:00:00Z", "customer"),
            message(f"{tid}-M2", tid, "2025-01-06T14:10:00Z", "agent"),
            message(f"{tid}-M3", tid, "2025-01-06T21:00:00Z", "customer"),
            message(f"{tid}-M4", tid, "2025-01-07T13:00:00Z", "agent"),
        ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    clock = one(r, "T1", "next_reply")
    assert clock["policy_id"] == "next_reply_any" and clock["is_business_hours"] is True
    assert clock["started_at"] == ts("2025-01-06 21:00")
    assert clock["stopped_at"] == ts("2025-01-07 13:00")
    assert clock["elapsed_minutes"] == pytest.approx(60.0)
    assert clock["breach_at"] == ts("2025-01-07 21:00")
    assert clock["is_breached"] is False
    assert [k for k in r.sla if k[0] == "T1" and k[1] == "next_reply"] == [("T1", "next_reply", 1)]
    clock = one(r, "T2", "next_reply")
    assert clock["policy_id"] == "next_reply_urgent"
    assert clock["elapsed_minutes"] == pytest.approx(960.0)
    assert clock["breach_at"] == ts("2025-01-06 23:00")
    assert clock["is_breached"] is True
    # fact_ticket reply minutes (calendar): M2 10, M4 960
    assert r.tickets["T1"]["total_reply_minutes"] == pytest.approx(970.0)
    assert r.tickets["T1"]["max_reply_minutes"] == pytest.approx(960.0)


def test_reply_exactly_at_breach_instant_attains_one_second_after_breaches(tmp_path):
    # T1/T2 urgent (first_reply_urgent, 60 calendar): created 10:00Z, reply 11:00:00
    # (elapsed 60 = target -> not breached) / 11:00:01 (60.0167 > 60 -> breached).
    # T3/T4 normal (480 business), created Mon 20:00Z (15:00 EST): breach_at = 120 Mon
    # (to 22:00Z) + 360 Tue from 14:00Z -> Tue 20:00Z; replies at 20:00:00 / 20:00:01.
    # T5 normal created Mon 14:00Z, no reply: the 480 run out exactly at the end of
    # Monday's interval -> breach_at Mon 22:00Z (not Tue 14:00Z).
    spec = {
        "T1": ("urgent", "2025-01-06T10:00:00Z", "2025-01-06T11:00:00Z"),
        "T2": ("urgent", "2025-01-06T10:00:00Z", "2025-01-06T11:00:01Z"),
        "T3": ("normal", "2025-01-06T20:00:00Z", "2025-01-07T20:00:00Z"),
        "T4": ("normal", "2025-01-06T20:00:00Z", "2025-01-07T20:00:01Z"),
        "T5": ("normal", "2025-01-06T14:00:00Z", None),
    }
    tickets, messages = [], []
    for tid, (prio, created, reply) in spec.items():
        tickets.append(ticket(tid, created, priority=prio))
        messages.append(message(f"{tid}-M1", tid, created, "customer"))
        if reply:
            messages.append(message(f"{tid}-M2", tid, reply, "agent"))
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    c1, c2 = one(r, "T1", "first_reply"), one(r, "T2", "first_reply")
    assert c1["breach_at"] == c1["stopped_at"] == ts("2025-01-06 11:00")
    assert c1["elapsed_minutes"] == 60.0 and c1["is_breached"] is False
    assert c2["elapsed_minutes"] == pytest.approx(60 + 1 / 60) and c2["is_breached"] is True
    c3, c4 = one(r, "T3", "first_reply"), one(r, "T4", "first_reply")
    assert c3["breach_at"] == c3["stopped_at"] == ts("2025-01-07 20:00")
    assert c3["elapsed_minutes"] == pytest.approx(480.0) and c3["is_breached"] is False
    assert c4["breach_at"] == ts("2025-01-07 20:00")
    assert c4["elapsed_minutes"] > 480.0 and c4["is_breached"] is True
    c5 = one(r, "T5", "first_reply")
    assert c5["breach_at"] == ts("2025-01-06 22:00")
    assert c5["is_active"] is True and c5["is_breached"] is True
    # the inverse agrees with business_minutes
    assert ref.business_minutes(
        ts("2025-01-06 20:00"), c3["breach_at"], None, r.accepted
    ) == pytest.approx(480.0)


def test_several_customer_messages_wait_for_one_reply(tmp_path):
    # Mon 2025-01-06, normal, all inside 14:00-22:00Z:
    # 14:00 customer, 14:10 customer (joins the running first_reply clock), 14:30 reply;
    # 15:00, 15:20 customer, 15:30 internal note, 15:35 system, 15:40 customer,
    # 16:00 reply -> ONE next_reply clock 15:00-16:00 (60);
    # 16:10 customer, 16:15 bot reply -> clock #2, 16:10-16:15 (5).
    tickets = [ticket("T1", "2025-01-06T14:00:00Z")]
    messages = [
        message("M01", "T1", "2025-01-06T14:00:00Z", "customer"),
        message("M02", "T1", "2025-01-06T14:10:00Z", "customer"),
        message("M03", "T1", "2025-01-06T14:30:00Z", "agent"),
        message("M04", "T1", "2025-01-06T15:00:00Z", "customer"),
        message("M05", "T1", "2025-01-06T15:20:00Z", "customer"),
        message("M06", "T1", "2025-01-06T15:30:00Z", "agent", is_public="false"),
        message("M07", "T1", "2025-01-06T15:35:00Z", "system"),
        message("M08", "T1", "2025-01-06T15:40:00Z", "customer"),
        message("M09", "T1", "2025-01-06T16:00:00Z", "agent"),
        message("M10", "T1", "2025-01-06T16:10:00Z", "customer"),
        message("M11", "T1", "2025-01-06T16:15:00Z", "bot"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    first = one(r, "T1", "first_reply")
    assert (first["started_at"], first["stopped_at"]) == (
        ts("2025-01-06 14:00"),
        ts("2025-01-06 14:30"),
    )
    clocks = r.clocks("T1", "next_reply")
    assert [(c["clock_sequence"], c["started_at"], c["stopped_at"]) for c in clocks] == [
        (1, ts("2025-01-06 15:00"), ts("2025-01-06 16:00")),
        (2, ts("2025-01-06 16:10"), ts("2025-01-06 16:15")),
    ]
    assert [c["elapsed_minutes"] for c in clocks] == [pytest.approx(60.0), pytest.approx(5.0)]
    assert all(c["is_breached"] is False for c in clocks)
    # reply minutes: M03 30, M09 60, M11 5 -> total 95, max 60
    assert r.tickets["T1"]["total_reply_minutes"] == pytest.approx(95.0)
    assert r.tickets["T1"]["max_reply_minutes"] == pytest.approx(60.0)


def test_outbound_ticket_next_reply_from_the_start(tmp_path):
    # outbound: no first_reply clock; the first customer message starts next_reply #1.
    # T2: no reply ever answered a waiting customer -> reply minutes null.
    tickets = [
        ticket("T1", "2025-01-06T15:00:00Z", created_by_type="agent"),
        ticket("T2", "2025-01-06T15:00:00Z", created_by_type="agent"),
    ]
    messages = [
        message("M1", "T1", "2025-01-06T15:00:00Z", "agent"),
        message("M2", "T1", "2025-01-06T16:00:00Z", "customer"),
        message("M3", "T1", "2025-01-06T16:20:00Z", "agent"),
        message("M4", "T2", "2025-01-06T15:00:00Z", "agent"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    assert ("T1", "first_reply", 1) not in r.sla
    clock = one(r, "T1", "next_reply")
    assert (clock["started_at"], clock["stopped_at"]) == (
        ts("2025-01-06 16:00"),
        ts("2025-01-06 16:20"),
    )
    assert clock["elapsed_minutes"] == pytest.approx(20.0)
    assert r.tickets["T1"]["total_reply_minutes"] == pytest.approx(20.0)
    assert r.tickets["T2"]["total_reply_minutes"] is None
    assert r.tickets["T2"]["max_reply_minutes"] is None
    # one requester_wait and one resolution clock per ticket, outbound included
    assert one(r, "T2", "resolution")["is_active"] is True


def test_resolution_stops_reply_clocks(tmp_path):
    # Mon 2025-01-06, normal (next_reply_any, 480 business), business 14:00-22:00Z,
    # as_of 16:20. Every ticket: customer 14:00 (joins the first_reply clock).
    # T1: reply 14:30, customer 15:00, solved 15:10 (no reply): next_reply #1
    #     15:00 -> 15:10, stopped by the resolution, 10 minutes.
    # T2: solved 14:45 with no reply: first_reply stops at the first resolution: 45.
    # T3: reply 14:30, customer message at the very instant of the resolution (15:10):
    #     a status change stamped at the message counts, so it is a message to a
    #     solved ticket: no clock.
    # T4: reply 14:30, solved 15:10, customer "thanks" at 15:20 and 15:25 to the
    #     solved ticket that nobody reopens: no clock.
    # T5: as T4, but reopened (open) 15:30 and the customer writes again 15:40:
    #     the 15:20 message starts nothing; 15:40 starts next_reply #1, running at
    #     as_of: 40 business minutes, 440 left.
    # T6: reply 14:30; solved (E1) and reopened (E2) both at 15:10, customer at 15:10:
    #     after the changes at that instant (ticket order) the ticket is open, so the
    #     message starts a clock; the resolution at 15:10 is not stamped after it, so
    #     it runs at as_of: 70 business, 410 left.
    # T7: reply 14:30, pending 14:40, customer 15:00 (pending is not solved: a clock),
    #     reply 15:30: 30 minutes.
    # T8: reply 14:30, closed 15:00 (a resolution from new), customer 15:05: no clock.
    ids = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8")
    tickets = [ticket(t, "2025-01-06T14:00:00Z") for t in ids]
    messages = [message(f"{t}-M1", t, "2025-01-06T14:00:00Z", "customer") for t in ids]
    messages += [message(f"{t}-M2", t, "2025-01-06T14:30:00Z", "agent") for t in ids if t != "T2"]
    messages += [
        message("T1-M3", "T1", "2025-01-06T15:00:00Z", "customer"),
        message("T3-M3", "T3", "2025-01-06T15:10:00Z", "customer"),
        message("T4-M3", "T4", "2025-01-06T15:20:00Z", "customer"),
        message("T4-M4", "T4", "2025-01-06T15:25:00Z", "customer"),
        message("T5-M3", "T5", "2025-01-06T15:20:00Z", "customer"),
        message("T5-M4", "T5", "2025-01-06T15:40:00Z", "customer"),
        message("T6-M3", "T6", "2025-01-06T15:10:00Z", "customer"),
        message("T7-M3", "T7", "2025-01-06T15:00:00Z", "customer"),
        message("T7-M4", "T7", "2025-01-06T15:30:00Z", "agent"),
        message("T8-M3", "T8", "2025-01-06T15:05:00Z", "customer"),
    ]
    events = [
        status("T1-E1", "T1", "2025-01-06T15:10:00Z", "solved"),
        status("T2-E1", "T2", "2025-01-06T14:45:00Z", "solved"),
        status("T3-E1", "T3", "2025-01-06T15:10:00Z", "solved"),
        status("T4-E1", "T4", "2025-01-06T15:10:00Z", "solved"),
        status("T5-E1", "T5", "2025-01-06T15:10:00Z", "solved"),
        status("T5-E2", "T5", "2025-01-06T15:30:00Z", "open"),
        status("T6-E1", "T6", "2025-01-06T15:10:00Z", "solved"),
        status("T6-E2", "T6", "2025-01-06T15:10:00Z", "open"),
        status("T7-E1", "T7", "2025-01-06T14:40:00Z", "pending"),
        status("T8-E1", "T8", "2025-01-06T15:00:00Z", "closed"),
    ]
    r = build(
        tmp_path,
        {
            "tickets": tickets,
            "messages": messages,
            "ticket_events": events,
            "schedules": NY_SCHEDULE,
        },
        {"as_of": "2025-01-06T16:20:00Z"},
    )
    assert r.rejected == []
    clock = one(r, "T1", "next_reply")
    assert clock["started_at"] == ts("2025-01-06 15:00")
    assert clock["stopped_at"] == ts("2025-01-06 15:10")
    assert clock["elapsed_minutes"] == pytest.approx(10.0)
    assert clock["is_breached"] is False and clock["is_active"] is False
    assert len(r.clocks("T1", "next_reply")) == 1
    clock = one(r, "T2", "first_reply")
    assert clock["stopped_at"] == ts("2025-01-06 14:45")
    assert clock["elapsed_minutes"] == pytest.approx(45.0) and clock["is_breached"] is False
    assert r.tickets["T2"]["first_response_at"] is None
    # no next_reply clock for a message to a solved or closed ticket
    for tid in ("T2", "T3", "T4", "T8"):
        assert r.clocks(tid, "next_reply") == [], tid
    # T5: only the message after the reopen starts a clock, numbered 1
    clocks = r.clocks("T5", "next_reply")
    assert [(c["clock_sequence"], c["started_at"], c["is_active"]) for c in clocks] == [
        (1, ts("2025-01-06 15:40"), True)
    ]
    assert clocks[0]["elapsed_minutes"] == pytest.approx(40.0)
    assert clocks[0]["minutes_remaining"] == pytest.approx(440.0)
    clock = one(r, "T6", "next_reply")
    assert clock["started_at"] == ts("2025-01-06 15:10") and clock["is_active"] is True
    assert clock["elapsed_minutes"] == pytest.approx(70.0)
    assert clock["minutes_remaining"] == pytest.approx(410.0)
    clock = one(r, "T7", "next_reply")
    assert (clock["started_at"], clock["stopped_at"]) == (
        ts("2025-01-06 15:00"),
        ts("2025-01-06 15:30"),
    )
    assert clock["elapsed_minutes"] == pytest.approx(30.0)
    # T1's resolution and requester_wait clocks stop at 15:10 (70 business minutes)
    assert one(r, "T1", "resolution")["elapsed_minutes"] == pytest.approx(70.0)
    assert one(r, "T1", "requester_wait")["elapsed_minutes"] == pytest.approx(70.0)
    # T4's stop at the solve (15:10), the "thanks" does not reopen anything
    assert one(r, "T4", "resolution")["stopped_at"] == ts("2025-01-06 15:10")
    # T8 closed at 15:00: resolution clock stopped at 60 business minutes
    assert one(r, "T8", "resolution")["elapsed_minutes"] == pytest.approx(60.0)


def test_customer_message_at_the_instant_of_a_reply(tmp_path):
    # Messages at one instant are ordered by message_id. T1, normal, Mon 2025-01-06:
    # customer 14:00 (M1), reply 14:30 (M5); customer messages at 14:30 with ids M4
    # (before the reply in message order: joins the first_reply clock) and M6 (after
    # it: the first_reply clock has stopped, so it starts next_reply #1 at 14:30);
    # reply M7 at 15:00 stops it: 30 business minutes.
    tickets = [ticket("T1", "2025-01-06T14:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-06T14:00:00Z", "customer"),
        message("M4", "T1", "2025-01-06T14:30:00Z", "customer"),
        message("M5", "T1", "2025-01-06T14:30:00Z", "agent"),
        message("M6", "T1", "2025-01-06T14:30:00Z", "customer"),
        message("M7", "T1", "2025-01-06T15:00:00Z", "agent"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE)
    assert one(r, "T1", "first_reply")["stopped_at"] == ts("2025-01-06 14:30")
    clocks = r.clocks("T1", "next_reply")
    assert [(c["started_at"], c["stopped_at"]) for c in clocks] == [
        (ts("2025-01-06 14:30"), ts("2025-01-06 15:00"))
    ]
    assert clocks[0]["elapsed_minutes"] == pytest.approx(30.0)


def test_clock_sequence_counts_only_clocks_with_a_policy(tmp_path):
    # Policies: next_reply only for urgent (60 calendar); nothing else.
    # T1 normal, created Mon 2025-01-06 10:00Z:
    #   customer 10:00 / reply 10:10 (first_reply: no policy row, no fact row)
    #   customer 11:00 / reply 11:30: next_reply clock A stops at 11:30, priority
    #       normal then: no row matches -> no fact row and no number
    #   priority -> urgent 11:45
    #   customer 12:00 / reply 12:20: clock B, urgent -> clock_sequence 1, 20 minutes
    #   customer 13:00 / reply 13:05: clock C -> clock_sequence 2, 5 minutes
    policies = [policy("NR_urgent", "next_reply", 60, priority="urgent")]
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    times = [("10:00", "10:10"), ("11:00", "11:30"), ("12:00", "12:20"), ("13:00", "13:05")]
    messages = []
    for n, (asked, answered) in enumerate(times):
        messages += [
            message(f"M{n}a", "T1", f"2025-01-06T{asked}:00Z", "customer"),
            message(f"M{n}b", "T1", f"2025-01-06T{answered}:00Z", "agent"),
        ]
    events = [priority_change("E1", "T1", "2025-01-06T11:45:00Z", "urgent")]
    r = build(
        tmp_path,
        {"tickets": tickets, "messages": messages, "ticket_events": events},
        LATE,
        policies=policies,
    )
    assert sorted(r.sla) == [("T1", "next_reply", 1), ("T1", "next_reply", 2)]
    first, second = one(r, "T1", "next_reply", 1), one(r, "T1", "next_reply", 2)
    assert (first["started_at"], first["elapsed_minutes"]) == (ts("2025-01-06 12:00"), 20.0)
    assert (second["started_at"], second["elapsed_minutes"]) == (ts("2025-01-06 13:00"), 5.0)
    assert first["priority"] == second["priority"] == "urgent"
    assert first["policy_id"] == "NR_urgent" and first["is_breached"] is False


def test_requester_wait_breach_at(tmp_path):
    # One calendar policy, requester_wait 60 minutes. Created 10:00Z each; counted
    # statuses new/open/on_hold; as_of 11:30 unless said.
    # T1 open 10:20, pending 10:40, open 11:00: counted 20 + 20 + 30 (11:00-11:30) = 70;
    #    reached at 11:00 + 20 = 11:20 -> breach_at 11:20, breached, -10 remaining.
    # T2 pending 11:10: counted 70 (10:00-11:10), reached 11:00; paused at as_of but the
    #    instant is known -> breach_at 11:00, breached.
    # T3 pending 10:10, open 10:40: counted 10 + 50 (10:40-11:30) = 60 = target at as_of:
    #    reached at 11:30, not breached (strictly >), running: 0 left.
    # T4 pending 10:10, open 11:00: counted 10 + 30 = 40, counting at as_of: projected
    #    breach 11:30 + 20 = 11:50; running within target -> is_breached null.
    # T5 pending 10:30: counted 30, paused below target -> breach_at null, 30 left.
    # T6 on_hold 10:10: on_hold counts: 10 + 80 = 90 -> reached 11:00, breached.
    # T7 solved 10:30: stopped below target -> breach_at null, not breached.
    # T8 solved 11:20: stopped above target -> breach_at 11:00, breached.
    # T9 'solved' at 10:20 with a raw from_value 'closed': the status chain decides (the
    #    ticket was new), so it is a resolution whatever from_value says: stopped below
    #    target -> breach_at null, not breached, not active.
    policies = [policy("RW", "requester_wait", 60)]
    tickets = [ticket(f"T{n}", "2025-01-06T10:00:00Z") for n in range(1, 10)]
    changes = {
        "T1": [("10:20", "open"), ("10:40", "pending"), ("11:00", "open")],
        "T2": [("11:10", "pending")],
        "T3": [("10:10", "pending"), ("10:40", "open")],
        "T4": [("10:10", "pending"), ("11:00", "open")],
        "T5": [("10:30", "pending")],
        "T6": [("10:10", "on_hold")],
        "T7": [("10:30", "solved")],
        "T8": [("11:20", "solved")],
    }
    events = [
        status(f"{tid}-E{n}", tid, f"2025-01-06T{at}:00Z", to_value)
        for tid, rows in changes.items()
        for n, (at, to_value) in enumerate(rows)
    ]
    events.append(status("T9-E0", "T9", "2025-01-06T10:20:00Z", "solved", from_value="closed"))
    r = build(
        tmp_path,
        {"tickets": tickets, "ticket_events": events},
        {"as_of": "2025-01-06T11:30:00Z"},
        policies=policies,
    )
    assert r.rejected == []
    got = {
        tid: (
            clock["elapsed_minutes"],
            clock["breach_at"],
            clock["is_breached"],
            clock["is_active"],
            clock["minutes_remaining"],
        )
        for (tid, _, _), clock in r.sla.items()
    }
    at = ts
    assert got == {
        "T1": (70.0, at("2025-01-06 11:20"), True, True, -10.0),
        "T2": (70.0, at("2025-01-06 11:00"), True, True, -10.0),
        "T3": (60.0, at("2025-01-06 11:30"), None, True, 0.0),
        "T4": (40.0, at("2025-01-06 11:50"), None, True, 20.0),
        "T5": (30.0, None, None, True, 30.0),
        "T6": (90.0, at("2025-01-06 11:00"), True, True, -30.0),
        "T7": (30.0, None, False, False, None),
        "T8": (80.0, at("2025-01-06 11:00"), True, False, None),
        "T9": (20.0, None, False, False, None),
    }
    # while running, the clock's elapsed is the fact's requester wait
    for tid in ("T1", "T2", "T3", "T4", "T5", "T6"):
        assert r.tickets[tid]["requester_wait_minutes"] == pytest.approx(got[tid][0]), tid


def test_business_clocks_without_schedules_are_null(tmp_path):
    # no schedules table: business-hours policies give null elapsed/breach/is_breached
    # (and minutes_remaining); calendar policies (urgent) are measured.
    tickets = [
        ticket("T1", "2025-01-06T10:00:00Z"),
        ticket("T2", "2025-01-06T10:00:00Z", priority="urgent"),
    ]
    r = build(tmp_path, {"tickets": tickets}, {"as_of": "2025-01-06T10:30:00Z"})
    clock = one(r, "T1", "first_reply")
    assert clock["is_business_hours"] is True and clock["is_active"] is True
    assert clock["elapsed_minutes"] is None and clock["breach_at"] is None
    assert clock["is_breached"] is None and clock["minutes_remaining"] is None
    clock = one(r, "T2", "first_reply")
    assert clock["elapsed_minutes"] == pytest.approx(30.0)
    assert clock["minutes_remaining"] == pytest.approx(30.0)
    # a ticket created after as_of has no clock, no age, no backlog row
    r = build(tmp_path / "b", {"tickets": tickets}, {"as_of": "2025-01-06T09:00:00Z"})
    assert r.sla == {} and r.backlog == {}
    assert r.tickets["T1"]["age_minutes"] is None
    assert r.tickets["T1"]["new_minutes"] == 0.0


# ---------------------------------------------------------------- events before creation


def _inject(accepted, table, row):
    """Add a parsed row that validate() would reject (to test the definitions'
    clipping rules on their own)."""
    accepted[table].append(dict(row, _row=len(accepted[table]) + 1))


def test_status_change_stamped_before_created_at(tmp_path):
    # validate() rejects it ("event before ticket creation", dq_rejection_rules)...
    tickets = [ticket("T1", "2025-01-06T10:00:00Z"), ticket("T2", "2025-01-06T10:00:00Z")]
    events = [
        status("E1", "T1", "2025-01-06T09:00:00Z", "open"),
        status("E2", "T1", "2025-01-06T11:00:00Z", "pending"),
    ]
    r = build(tmp_path, {"tickets": tickets, "ticket_events": events}, LATE)
    assert r.rejected_ids("ticket_events") == ["E1"]
    # ...so the definition's clipping is checked on an accepted set that has it.
    # T1: new 10:00 -> 09:00 is empty; open 09:00-11:00 clipped to 10:00-11:00 = 60;
    # pending 11:00-12:00 = 60. T2: only an 'open' change at 09:00: open from its
    # creation, minutes since status change counted from created_at (120).
    accepted = r.accepted
    _inject(accepted, "ticket_events", {**events[0], "event_at": ts("2025-01-06 09:00")})
    _inject(
        accepted,
        "ticket_events",
        {**status("E3", "T2", None, "open"), "event_at": ts("2025-01-06 09:00")},
    )
    params = {"as_of": "2025-01-06T12:00:00Z"}
    facts = ref.compute_fact_ticket(accepted, params)
    row = facts["T1"]
    assert row["new_minutes"] == 0.0
    assert row["open_minutes"] == pytest.approx(60.0)
    assert row["pending_minutes"] == pytest.approx(60.0)
    assert row["age_minutes"] == pytest.approx(120.0)
    assert row["minutes_since_status_change"] == pytest.approx(60.0)
    row = facts["T2"]
    assert (row["new_minutes"], row["open_minutes"]) == (0.0, pytest.approx(120.0))
    assert row["minutes_since_status_change"] == pytest.approx(120.0)
    # the requester_wait clock counts from created_at as well
    sla = ref.compute_sla_events(accepted, params)  # the seed: requester_wait_any
    assert sla[("T2", "requester_wait", 1)]["elapsed_minutes"] is None  # business, no schedule
    calendar_policy = [policy("RW", "requester_wait", 480)]
    sla = ref.compute_sla_events(accepted, params, calendar_policy)
    assert sla[("T1", "requester_wait", 1)]["elapsed_minutes"] == pytest.approx(60.0)
    assert sla[("T2", "requester_wait", 1)]["elapsed_minutes"] == pytest.approx(120.0)


def test_assignment_before_creation_is_floored_at_zero(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z"), ticket("T2", "2025-01-06T10:00:00Z")]
    events = [
        assignment("E1", "T1", "2025-01-06T09:30:00Z", "A1"),
        assignment("E2", "T2", "2025-01-06T10:15:00Z", "A2"),
        status("E3", "T2", "2025-01-06T11:00:00Z", "solved"),
    ]
    r = build(tmp_path, {"tickets": tickets, "ticket_events": events}, LATE)
    assert r.rejected_ids("ticket_events") == ["E1"]
    # T2: assigned 15 min after creation; first assignment -> resolution 10:15 -> 11:00
    row = r.tickets["T2"]
    assert row["first_assigned_at"] == ts("2025-01-06 10:15")
    assert row["minutes_to_first_assignment"] == pytest.approx(15.0)
    assert row["first_assignment_to_resolution_minutes"] == pytest.approx(45.0)
    assert row["unassigned_minutes"] == pytest.approx(15.0)
    # with the early assignment in the accepted set: 09:30 - 10:00 = -30 -> 0,
    # assigned for the whole life of the ticket -> unassigned 0
    accepted = r.accepted
    _inject(accepted, "ticket_events", {**events[0], "event_at": ts("2025-01-06 09:30")})
    row = ref.compute_fact_ticket(accepted, {"as_of": "2025-01-06T12:00:00Z"})["T1"]
    assert row["first_assigned_at"] == ts("2025-01-06 09:30")
    assert row["minutes_to_first_assignment"] == 0.0
    assert row["unassigned_minutes"] == 0.0
    assert row["first_assignment_to_resolution_minutes"] is None  # not resolved


def test_unassigned_minutes_with_an_unassignment(tmp_path):
    # An assignment event with a blank to_value is accepted by validate() and leaves the
    # ticket without an assignee. T1, as_of 15:00:
    # 10:00 created (new, nobody)   10:30 assigned A1   11:00 unassigned (blank)
    # 11:30 pending                 12:00 assigned A2   13:00 solved   14:00 reopened (open)
    # unassigned: 10:00-10:30 (30) + 11:00-12:00 (60, pending still counts) = 90;
    # 13:00-14:00 solved does not count; 14:00-15:00 assigned to A2.
    # status: new 90 (10:00-11:30), pending 90 (11:30-13:00), open 60 -> 240 = 300 - 60.
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    events = [
        assignment("E1", "T1", "2025-01-06T10:30:00Z", "A1"),
        assignment("E2", "T1", "2025-01-06T11:00:00Z", None),
        status("E3", "T1", "2025-01-06T11:30:00Z", "pending"),
        assignment("E4", "T1", "2025-01-06T12:00:00Z", "A2"),
        status("E5", "T1", "2025-01-06T13:00:00Z", "solved"),
        status("E6", "T1", "2025-01-06T14:00:00Z", "open"),
    ]
    r = build(
        tmp_path, {"tickets": tickets, "ticket_events": events}, {"as_of": "2025-01-06T15:00:00Z"}
    )
    assert r.rejected == []
    row = r.tickets["T1"]
    assert row["unassigned_minutes"] == pytest.approx(90.0)
    assert row["assignment_count"] == 3
    assert row["first_assigned_at"] == ts("2025-01-06 10:30")
    assert row["minutes_to_first_assignment"] == pytest.approx(30.0)
    assert row["first_assignment_to_resolution_minutes"] is None  # reopened: no resolved_at
    assert (row["new_minutes"], row["open_minutes"], row["pending_minutes"]) == (
        pytest.approx(90.0),
        pytest.approx(60.0),
        pytest.approx(90.0),
    )
    assert row["age_minutes"] == pytest.approx(300.0)
    assert row["minutes_since_status_change"] == pytest.approx(60.0)
    # backlog snapshot at as_of: open, assigned to A2
    snap = r.backlog[(date(2025, 1, 6), "T1")]
    assert snap["status"] == "open" and snap["assignee_agent_id"] == "A2"
    assert snap["is_day_complete"] is False


# ---------------------------------------------------------------- backlog snapshot


def test_backlog_snapshot_across_days(tmp_path):
    # as_of Fri 2025-01-10 12:00Z.
    # T1 created Mon 01-06 10:00, assigned A1 Tue 01-07 09:00, priority -> high stamped
    #    exactly at midnight 01-08 00:00 (so it is not "before" Tue's end), solved Thu
    #    01-09 12:00, reopened Fri 01-10 08:00.
    #    01-06 end (01-07 00:00): new, normal, nobody, 14 h  = 0.5833 d -> < 1 day
    #    01-07 end (01-08 00:00): new, normal, A1,     38 h  = 1.5833 d -> 1-3 days
    #    01-08 end (01-09 00:00): new, high,   A1,     62 h  = 2.5833 d -> 1-3 days
    #    01-09 end: solved -> no row
    #    01-10 at as_of (12:00):  open, high,  A1,     98 h  = 4.0833 d -> 3-7 days, incomplete
    # T2 created exactly at as_of: a row on 01-10 with age 0.
    # T3 created one second after as_of: no rows.
    # T4 created and solved on 01-08: no rows.
    # T5 created 01-09 10:00 and solved exactly at as_of: row on 01-09 only.
    tickets = [
        ticket("T1", "2025-01-06T10:00:00Z"),
        ticket("T2", "2025-01-10T12:00:00Z"),
        ticket("T3", "2025-01-10T12:00:01Z"),
        ticket("T4", "2025-01-08T10:00:00Z"),
        ticket("T5", "2025-01-09T10:00:00Z", priority="low"),
    ]
    events = [
        assignment("E1", "T1", "2025-01-07T09:00:00Z", "A1"),
        priority_change("E2", "T1", "2025-01-08T00:00:00Z", "high"),
        status("E3", "T1", "2025-01-09T12:00:00Z", "solved"),
        status("E4", "T1", "2025-01-10T08:00:00Z", "open"),
        status("E5", "T4", "2025-01-08T11:00:00Z", "solved"),
        status("E6", "T5", "2025-01-10T12:00:00Z", "solved"),
    ]
    r = build(
        tmp_path, {"tickets": tickets, "ticket_events": events}, {"as_of": "2025-01-10T12:00:00Z"}
    )
    got = {
        key: (
            row["status"],
            row["priority"],
            row["assignee_agent_id"],
            round(row["age_days"], 4),
            row["age_bucket"],
            row["is_day_complete"],
        )
        for key, row in r.backlog.items()
    }
    assert got == {
        (date(2025, 1, 6), "T1"): ("new", "normal", None, 0.5833, "< 1 day", True),
        (date(2025, 1, 7), "T1"): ("new", "normal", "A1", 1.5833, "1-3 days", True),
        (date(2025, 1, 8), "T1"): ("new", "high", "A1", 2.5833, "1-3 days", True),
        (date(2025, 1, 10), "T1"): ("open", "high", "A1", 4.0833, "3-7 days", False),
        (date(2025, 1, 10), "T2"): ("new", "normal", None, 0.0, "< 1 day", False),
        (date(2025, 1, 9), "T5"): ("new", "low", None, 0.5833, "< 1 day", True),
    }
    row = r.backlog[(date(2025, 1, 10), "T1")]
    assert row["snapshot_date"] == date(2025, 1, 10) and row["ticket_id"] == "T1"
    # the as_of-day rows are exactly the tickets open at as_of (age_minutes set)
    open_now = {t for t, f in r.tickets.items() if f["age_minutes"] is not None}
    assert {k[1] for k in r.backlog if k[0] == date(2025, 1, 10)} == open_now == {"T1", "T2"}
    assert r.tickets["T1"]["age_minutes"] == pytest.approx(98 * 60)


def test_age_bucket_boundaries(tmp_path):
    # lower bounds inclusive: exactly 1, 3, 7, 30 days go to the higher bucket
    assert ref.age_bucket(0.0) == "< 1 day"
    assert ref.age_bucket(1 - 1e-9) == "< 1 day"
    assert ref.age_bucket(1.0) == "1-3 days"
    assert ref.age_bucket(3.0) == "3-7 days"
    assert ref.age_bucket(7.0) == "7-30 days"
    assert ref.age_bucket(29.999) == "7-30 days"
    assert ref.age_bucket(30.0) == "> 30 days"
    # the same through the snapshot at as_of (2025-02-10 12:00Z)
    as_of = datetime(2025, 2, 10, 12)
    ages = {"D1": 1, "D3": 3, "D7": 7, "D30": 30}
    tickets = [
        ticket(tid, (as_of - timedelta(days=d)).isoformat() + "Z") for tid, d in ages.items()
    ]
    tickets.append(ticket("D0", "2025-02-09T12:00:01Z"))  # 1 day minus 1 s
    r = build(tmp_path, {"tickets": tickets}, {"as_of": "2025-02-10T12:00:00Z"})
    today = {k[1]: v for k, v in r.backlog.items() if k[0] == date(2025, 2, 10)}
    assert {t: (v["age_days"], v["age_bucket"]) for t, v in today.items()} == {
        "D0": (pytest.approx(1 - 1 / 86400), "< 1 day"),
        "D1": (1.0, "1-3 days"),
        "D3": (3.0, "3-7 days"),
        "D7": (7.0, "7-30 days"),
        "D30": (30.0, "> 30 days"),
    }
    # D30: one row per day from its creation day (01-11) to the as_of day: 31 rows
    assert sum(1 for k in r.backlog if k[1] == "D30") == 31


# ---------------------------------------------------------------- invariants


def _not_resolved_minutes(created_at, events, as_of):
    """Independent: minutes of [created_at, as_of] not spent in solved/closed."""
    changes = sorted(
        (e["event_at"], str(e["event_id"]), e.get("to_value"))
        for e in events
        if e["event_type"] == "status_change"
    )
    total, state, cursor = 0.0, "new", created_at
    for at, _, to_value in changes:
        at = min(max(at, created_at), as_of)
        if state not in ("solved", "closed"):
            total += max(0.0, (at - cursor).total_seconds() / 60)
        cursor, state = max(cursor, at), to_value
    if state not in ("solved", "closed"):
        total += max(0.0, (as_of - cursor).total_seconds() / 60)
    return total


def check_invariants(accepted, params=None):
    as_of = ref._resolve_as_of(accepted, ref._params(params))
    facts = ref.compute_fact_ticket(accepted, params)
    sla = ref.compute_sla_events(accepted, params)
    backlog = ref.compute_backlog_daily(accepted, params)
    calendar = ref._Calendar(accepted)
    events = {}
    for e in accepted["ticket_events"]:
        events.setdefault(e["ticket_id"], []).append(e)
    for tid, row in facts.items():
        four = sum(row[f"{s}_minutes"] for s in STATUS_COLUMNS)
        expected = _not_resolved_minutes(row["created_at"], events.get(tid, []), as_of)
        assert four == pytest.approx(expected, abs=1e-6), tid
        assert row["requester_wait_minutes"] + row["agent_wait_minutes"] == pytest.approx(four)
        for name in (*STATUS_COLUMNS, "requester_wait", "agent_wait"):
            cal, bus = row[f"{name}_minutes"], row[f"{name}_business_minutes"]
            assert cal >= 0
            if bus is not None:
                assert 0 <= bus <= cal + 1e-6, (tid, name)
        assert 0 <= row["unassigned_minutes"] <= four + 1e-6
        if row["minutes_to_first_assignment"] is not None:
            assert row["minutes_to_first_assignment"] >= 0
        if row["age_minutes"] is not None:
            assert 0 <= row["minutes_since_status_change"] <= row["age_minutes"] + 1e-9
            assert row["current_status"] not in ("solved", "closed") or as_of < max(
                e["event_at"] for e in events[tid]
            )
        if row["max_reply_minutes"] is not None:
            assert row["max_reply_minutes"] <= row["total_reply_minutes"] + 1e-9
    for (tid, metric, seq), clock in sla.items():
        assert clock["ticket_id"] == tid and clock["sla_metric"] == metric
        assert clock["clock_sequence"] == seq >= 1
        assert clock["is_active"] == (clock["stopped_at"] is None)
        assert clock["started_at"] <= as_of
        if clock["stopped_at"] is not None:
            assert clock["started_at"] <= clock["stopped_at"] <= as_of
        if clock["breach_at"] is not None:
            assert clock["breach_at"] >= clock["started_at"]
        elapsed, target = clock["elapsed_minutes"], clock["target_minutes"]
        if elapsed is None:
            assert clock["is_business_hours"] and clock["is_breached"] is None
            continue
        assert elapsed >= 0
        if elapsed > target:
            assert clock["is_breached"] is True and clock["breach_at"] is not None
        elif clock["is_active"]:
            assert clock["is_breached"] is None
            assert clock["minutes_remaining"] == pytest.approx(target - elapsed)
        else:
            assert clock["is_breached"] is False and clock["minutes_remaining"] is None
        if clock["breach_at"] is not None and metric != "requester_wait":
            if clock["is_business_hours"]:
                schedule = facts[tid].get("schedule_id")
                back = calendar.minutes(
                    clock["started_at"], clock["breach_at"], accepted_schedule(accepted, tid)
                )
                assert back == pytest.approx(target, abs=1e-6), (tid, metric, schedule)
            else:
                assert clock["breach_at"] == clock["started_at"] + timedelta(minutes=target)
        if metric == "requester_wait":
            key = "requester_wait_business_minutes" if clock["is_business_hours"] else None
            key = key or "requester_wait_minutes"
            # the clock counts the fact's requester-wait spells up to its stop. (Not
            # always all of them: a raw from_value that contradicts the order, e.g.
            # on_hold -> solved stamped from 'closed', returns the ticket to solved
            # without a resolution, so the clock stops at an earlier resolved_at.)
            assert elapsed <= facts[tid][key] + 1e-6, tid
            if clock["is_active"]:
                assert elapsed == pytest.approx(facts[tid][key], abs=1e-6), tid
        if metric == "resolution" and not any(e["event_at"] > as_of for e in events.get(tid, [])):
            assert clock["stopped_at"] == facts[tid]["resolved_at"], tid
    # clock_sequence: 1..n without gaps per (ticket, metric), in start order
    numbers: dict = {}
    for tid, metric, seq in sla:
        numbers.setdefault((tid, metric), []).append(seq)
    for (tid, metric), seqs in numbers.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), (tid, metric)
        starts = [sla[(tid, metric, n)]["started_at"] for n in sorted(seqs)]
        assert starts == sorted(starts), (tid, metric)
    # no next_reply clock starts on a solved or closed ticket (changes at or before count)
    for (tid, metric, _), clock in sla.items():
        if metric == "next_reply":
            state, _ = ref._status_at(
                sorted(events.get(tid, []), key=lambda e: (e["event_at"], str(e["event_id"]))),
                clock["started_at"],
            )
            assert state not in ("solved", "closed"), tid
    for (day, tid), snap in backlog.items():
        assert snap["snapshot_date"] == day and snap["ticket_id"] == tid
        assert snap["status"] not in ("solved", "closed")
        assert snap["age_days"] >= 0
        assert snap["age_bucket"] == ref.age_bucket(snap["age_days"])
        assert snap["is_day_complete"] == (day < as_of.date())
    open_now = {t for t, f in facts.items() if f["age_minutes"] is not None}
    assert {t for (d, t) in backlog if d == as_of.date()} == open_now
    return facts, sla, backlog


def accepted_schedule(accepted, ticket_id):
    return next(t for t in accepted["tickets"] if t["ticket_id"] == ticket_id).get("schedule_id")


def test_synthetic_dataset_lifecycle_invariants(tmp_path):
    write_raw(tmp_path, synthetic_tables(n_tickets=600, seed=11))
    accepted, _ = ref.validate(ref.load_raw(str(tmp_path)))
    facts, sla, backlog = check_invariants(accepted)
    # every inbound ticket has a first_reply clock (the seed covers every priority)
    inbound = {t for t, f in facts.items() if f["created_by_type"] == "customer"}
    assert {k[0] for k in sla if k[1] == "first_reply"} == inbound
    assert {k[0] for k in sla if k[1] == "resolution"} == set(facts)
    assert any(c["is_active"] for c in sla.values())
    assert any(c["is_breached"] is True for c in sla.values())
    assert len(backlog) > len(facts)
    # an earlier as_of: rows after it are ignored, invariants still hold
    check_invariants(accepted, {"as_of": "2025-02-15T00:00:00Z"})


@pytest.mark.parametrize("seed", range(12))
def test_random_histories_lifecycle_invariants(tmp_path, seed):
    write_raw(tmp_path, random_tables(seed, n_tickets=40))
    accepted, _ = ref.validate(ref.load_raw(str(tmp_path)))
    check_invariants(accepted)
