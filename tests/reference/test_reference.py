"""Unit tests of the plain-Python reference (tests/reference/spec_reference.py).

Each test builds a tiny raw dataset as CSV in a tmp dir and pins one
definition of SPEC section 2/3 (as read by docs/definitions.md) with a value
worked out by hand in the comments. Self-contained: no conftest needed.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import spec_reference as ref  # noqa: E402
from fixture_builder import (  # noqa: E402
    NY_SCHEDULE,
    build,
    event,
    message,
    status,
    synthetic_tables,
    ticket,
    ts,
    write_raw,
)

LATE = {"as_of": "2025-12-31T00:00:00Z"}  # every FCR window has elapsed


def simple_resolved(
    tid="T1",
    created="2025-01-06T10:00:00Z",
    reply="2025-01-06T10:30:00Z",
    solved="2025-01-06T12:00:00Z",
    prefix=None,
    **ticket_kw,
):
    """Customer ticket: customer message, one agent reply, solved."""
    prefix = prefix or tid
    tickets = [ticket(tid, created, **ticket_kw)]
    messages = [
        message(f"{prefix}-M1", tid, created, "customer"),
        message(f"{prefix}-M2", tid, reply, "agent"),
    ]
    events = [status(f"{prefix}-E1", tid, solved, "solved", from_value="open")]
    return tickets, messages, events


# ---------------------------------------------------------------- FCR windows


def test_followup_exactly_at_168h_is_inside_window(tmp_path):
    # T1 first resolved 2025-01-06 12:00; T2 (same customer, same category)
    # created 2025-01-13 12:00 = exactly +168 h -> inside (inclusive).
    t1, m1, e1 = simple_resolved("T1")
    t2 = [ticket("T2", "2025-01-13T12:00:00Z")]
    r = build(tmp_path, {"tickets": t1 + t2, "messages": m1, "ticket_events": e1}, LATE)
    assert r.tickets["T1"]["fcr_status"] == "not_first_contact"
    assert r.tickets["T1"]["is_first_contact_resolved"] is False
    assert r.tickets["T2"]["fcr_status"] == "unresolved"


def test_followup_just_after_168h_is_outside_window(tmp_path):
    t1, m1, e1 = simple_resolved("T1")
    t2 = [ticket("T2", "2025-01-13T12:00:01Z")]
    r = build(tmp_path, {"tickets": t1 + t2, "messages": m1, "ticket_events": e1}, LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"
    assert r.tickets["T1"]["is_first_contact_resolved"] is True


def test_followup_rule_needs_customer_created_same_customer_same_current_category(tmp_path):
    t1, m1, e1 = simple_resolved("T1")
    others = [
        ticket("T2", "2025-01-07T12:00:00Z", category="shipping"),  # other category
        ticket("T3", "2025-01-07T12:00:00Z", customer_id="C2"),  # other customer
        ticket("T4", "2025-01-07T12:00:00Z", created_by_type="agent"),  # outbound
        ticket("T5", "2025-01-06T11:00:00Z"),  # before resolution
    ]
    r = build(tmp_path, {"tickets": t1 + others, "messages": m1, "ticket_events": e1}, LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"
    # a category_change turns T2 into 'billing': now a same-category follow-up
    change = event("T2-E9", "T2", "2025-01-07T12:05:00Z", "category_change", to_value="billing")
    r = build(
        tmp_path / "b",
        {"tickets": t1 + others, "messages": m1, "ticket_events": e1 + [change]},
        LATE,
    )
    assert r.tickets["T2"]["category"] == "billing"
    assert r.tickets["T2"]["original_category"] == "shipping"
    assert r.tickets["T1"]["fcr_status"] == "not_first_contact"


def test_reopen_inside_fcr_window_edge(tmp_path):
    # reopen at exactly first_resolved_at + 168 h -> (b) fires.
    t1, m1, e1 = simple_resolved("T1")
    e1 += [
        status("T1-E2", "T1", "2025-01-13T12:00:00Z", "open", from_value="solved"),
        status("T1-E3", "T1", "2025-01-13T13:00:00Z", "solved", from_value="open"),
    ]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["fcr_status"] == "not_first_contact"
    assert row["reopen_count"] == 1
    assert row["is_reopened_within_window"] is True  # 7 days = 168 h, inclusive
    assert row["first_resolved_at"] == ts("2025-01-06 12:00")
    assert row["resolved_at"] == ts("2025-01-13 13:00")
    assert row["resolution_minutes"] == pytest.approx(7 * 24 * 60 + 180)


def test_reopen_after_the_reopen_window(tmp_path):
    # resolved 01-06 12:00, reopened 01-13 12:00:01 (7 days + 1 s) and re-solved
    t1, m1, e1 = simple_resolved("T1")
    e1 += [
        status("T1-E2", "T1", "2025-01-13T12:00:01Z", "open", from_value="solved"),
        status("T1-E3", "T1", "2025-01-14T09:00:00Z", "solved", from_value="open"),
    ]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["reopen_count"] == 1
    assert row["is_reopened_within_window"] is False
    assert row["fcr_status"] == "first_contact"  # (b) uses 168 h too: just outside
    assert row["is_one_touch"] is True  # resolved, exactly one reply


def test_reopen_window_measured_from_resolution_just_before(tmp_path):
    # solved d0, reopened d10 (outside), solved d11, reopened d12 (inside) -> True
    t1, m1, e1 = simple_resolved("T1")
    e1 += [
        status("T1-E2", "T1", "2025-01-16T12:00:00Z", "open"),
        status("T1-E3", "T1", "2025-01-17T12:00:00Z", "solved"),
        status("T1-E4", "T1", "2025-01-18T12:00:00Z", "pending"),
    ]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["reopen_count"] == 2
    assert row["is_reopened_within_window"] is True
    assert row["current_status"] == "pending"
    assert row["resolved_at"] is None


def test_reopened_and_still_open(tmp_path):
    t1, m1, e1 = simple_resolved("T1")
    e1 = [status("T1-E0", "T1", "2025-01-06T10:01:00Z", "open")] + e1
    e1 += [status("T1-E2", "T1", "2025-01-07T09:00:00Z", "open", from_value="solved")]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["current_status"] == "open"
    assert row["resolved_at"] is None
    assert row["resolution_minutes"] is None
    assert row["resolution_business_minutes"] is None
    assert row["first_resolved_at"] == ts("2025-01-06 12:00")
    assert row["reopen_count"] == 1
    assert row["is_one_touch"] is False
    assert row["resolved_by_agent_id"] is None
    assert row["fcr_status"] == "not_first_contact"


def test_solved_then_closed_is_one_resolution(tmp_path):
    # from_value null: taken from the previous status change ('solved')
    t1, m1, e1 = simple_resolved("T1")
    e1 += [status("T1-E2", "T1", "2025-01-09T12:00:00Z", "closed")]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["current_status"] == "closed"
    assert row["first_resolved_at"] == row["resolved_at"] == ts("2025-01-06 12:00")
    assert row["reopen_count"] == 0
    assert row["resolution_minutes"] == pytest.approx(120.0)


def test_pending_until_window_elapsed_at_as_of(tmp_path):
    t1, m1, e1 = simple_resolved("T1")
    tables = {"tickets": t1, "messages": m1, "ticket_events": e1}
    # default as_of = latest timestamp = the resolution itself -> pending
    r = build(tmp_path / "a", tables)
    assert ref.default_as_of(r.accepted) == ts("2025-01-06 12:00")
    assert r.tickets["T1"]["fcr_status"] == "pending"
    assert r.tickets["T1"]["is_first_contact_resolved"] is None
    # window end (01-13 12:00) == as_of -> elapsed (end <= as_of)
    r = build(tmp_path / "b", tables, {"as_of": "2025-01-13T12:00:00Z"})
    assert r.tickets["T1"]["fcr_status"] == "first_contact"
    r = build(tmp_path / "c", tables, {"as_of": "2025-01-13T11:59:59Z"})
    assert r.tickets["T1"]["fcr_status"] == "pending"
    # a smaller fcr_window_hours var
    r = build(tmp_path / "d", tables, {"as_of": "2025-01-07T12:00:00Z", "fcr_window_hours": 24})
    assert r.tickets["T1"]["fcr_status"] == "first_contact"


# ---------------------------------------------------------------- contacts (rule a)


def chat_ticket(channel, second_customer_at, calls=()):
    """created 10:00, customer 10:00, agent reply 10:05, customer at X, reply, solved 12:00."""
    tickets = [ticket("T1", "2025-01-06T10:00:00Z", channel=channel)]
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer", channel=channel),
        message("M2", "T1", "2025-01-06T10:05:00Z", "agent", channel=channel),
        message("M3", "T1", second_customer_at, "customer", channel=channel),
        message("M4", "T1", "2025-01-06T11:30:00Z", "agent", channel=channel),
    ]
    events = [status("E1", "T1", "2025-01-06T12:00:00Z", "solved", from_value="open")]
    return {"tickets": tickets, "messages": messages, "ticket_events": events, "calls": list(calls)}


def test_chat_customer_message_10_min_after_reply_is_same_contact(tmp_path):
    r = build(tmp_path, chat_ticket("chat", "2025-01-06T10:15:00Z"), LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"


def test_chat_customer_message_exactly_30_min_after_is_same_contact(tmp_path):
    r = build(tmp_path, chat_ticket("chat", "2025-01-06T10:35:00Z"), LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"


def test_chat_customer_message_45_min_after_reply_is_new_contact(tmp_path):
    r = build(tmp_path, chat_ticket("chat", "2025-01-06T10:50:00Z"), LATE)
    assert r.tickets["T1"]["fcr_status"] == "not_first_contact"


def test_email_customer_message_after_first_response_is_new_contact(tmp_path):
    r = build(tmp_path, chat_ticket("email", "2025-01-06T10:15:00Z"), LATE)
    assert r.tickets["T1"]["fcr_status"] == "not_first_contact"


def test_phone_call_queued_in_between_keeps_the_contact(tmp_path):
    # customer message 45 min after the reply but 10 min after a call was queued
    call = {
        "call_id": "K1",
        "ticket_id": "T1",
        "customer_id": "C1",
        "agent_id": "A1",
        "direction": "inbound",
        "queued_at": "2025-01-06T10:40:00Z",
        "answered_at": "2025-01-06T10:41:00Z",
        "ended_at": "2025-01-06T10:46:00Z",
        "abandoned_at": None,
        "hold_seconds": "0",
        "after_call_work_seconds": "30",
        "outcome": None,
    }
    r = build(tmp_path, chat_ticket("phone", "2025-01-06T10:50:00Z", [call]), LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"
    # handle time: talk 5 min = 300 s + ACW 30 s
    assert r.tickets["T1"]["handle_seconds"] == pytest.approx(330.0)
    row = r.interactions[("call", "K1")]
    assert row["author_type"] == "customer" and row["author_id"] == "C1"
    assert row["channel"] == "phone" and row["is_public"] is True
    assert row["is_first_response"] is False and row["response_minutes"] is None
    assert row["interaction_at"] == ts("2025-01-06 10:40")


def test_internal_note_counts_as_previous_interaction(tmp_path):
    # note (not public) at 10:40 -> customer at 10:50 is only 10 min later
    tables = chat_ticket("chat", "2025-01-06T10:50:00Z")
    tables["messages"].append(
        message("M2b", "T1", "2025-01-06T10:40:00Z", "agent", is_public="false", channel="chat")
    )
    r = build(tmp_path, tables, LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"


def test_customer_message_at_resolution_time_is_not_before_it(tmp_path):
    tables = chat_ticket("email", "2025-01-06T12:00:00Z")  # same instant as 'solved'
    tables["messages"].pop()  # drop the 11:30 reply
    r = build(tmp_path, tables, LATE)
    assert r.tickets["T1"]["fcr_status"] == "first_contact"


# ---------------------------------------------------------------- replies


def test_ticket_with_no_reply(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z"), ticket("T2", "2025-01-06T10:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M2", "T2", "2025-01-06T10:00:00Z", "customer"),
    ]
    events = [status("E1", "T2", "2025-01-06T11:00:00Z", "solved")]
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
    row = r.tickets["T1"]
    assert row["first_response_at"] is None
    assert row["first_response_minutes"] is None
    assert row["first_response_business_minutes"] is None
    assert row["agent_reply_count"] == 0
    assert row["fcr_status"] == "unresolved" and row["is_first_contact_resolved"] is None
    assert row["current_status"] == "new"
    # resolved without any reply: (a) cannot fire, nobody to credit
    row = r.tickets["T2"]
    assert row["fcr_status"] == "first_contact"
    assert row["is_one_touch"] is False
    assert row["resolved_by_agent_id"] is None
    assert row["is_resolved_by_first_assignee"] is None
    assert row["is_automated_resolution"] is False


def test_message_stamped_before_creation_is_not_a_reply(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    messages = [
        message("M0", "T1", "2025-01-06T09:55:00Z", "agent"),  # before created_at
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M2", "T1", "2025-01-06T10:30:00Z", "agent"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages}, LATE)
    row = r.tickets["T1"]
    assert row["first_response_at"] == ts("2025-01-06 10:30")
    assert row["first_response_minutes"] == pytest.approx(30.0)
    assert row["agent_reply_count"] == 1
    assert r.interactions[("message", "M0")]["is_first_response"] is False
    assert r.interactions[("message", "M0")]["response_minutes"] is None
    assert r.interactions[("message", "M2")]["is_first_response"] is True
    assert r.interactions[("message", "M2")]["response_minutes"] == pytest.approx(30.0)


def test_reply_at_exactly_created_at_counts(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    messages = [message("M1", "T1", "2025-01-06T10:00:00Z", "bot")]
    r = build(tmp_path, {"tickets": tickets, "messages": messages}, LATE)
    assert r.tickets["T1"]["first_response_minutes"] == 0.0


def test_system_auto_acknowledgement_is_never_a_response(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z"), ticket("T2", "2025-01-06T10:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M2", "T1", "2025-01-06T10:00:05Z", "system"),
        message("M3", "T1", "2025-01-06T11:00:00Z", "agent"),
        message("M4", "T2", "2025-01-06T10:00:05Z", "system"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages}, LATE)
    assert r.tickets["T1"]["first_response_minutes"] == pytest.approx(60.0)
    assert r.tickets["T1"]["agent_reply_count"] == 1
    assert r.interactions[("message", "M2")]["is_first_response"] is False
    assert r.interactions[("message", "M2")]["response_minutes"] is None
    assert r.interactions[("message", "M3")]["response_minutes"] == pytest.approx(60.0)
    assert r.tickets["T2"]["first_response_at"] is None
    assert r.tickets["T2"]["agent_reply_count"] == 0


def test_response_minutes_oldest_waiting_customer_message(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M2", "T1", "2025-01-06T10:10:00Z", "customer"),
        message("M3", "T1", "2025-01-06T10:20:00Z", "agent", is_public="false"),  # note
        message("M4", "T1", "2025-01-06T10:30:00Z", "agent"),  # waits since 10:00 -> 30
        message("M5", "T1", "2025-01-06T10:40:00Z", "agent"),  # nobody waiting -> null
        message("M6", "T1", "2025-01-06T11:00:00Z", "customer"),
        message("M7", "T1", "2025-01-06T11:05:00Z", "bot"),  # 5
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages}, LATE)
    got = {k[1]: v["response_minutes"] for k, v in r.interactions.items()}
    assert got == {
        "M1": None,
        "M2": None,
        "M3": None,
        "M4": pytest.approx(30.0),
        "M5": None,
        "M6": None,
        "M7": pytest.approx(5.0),
    }
    assert r.tickets["T1"]["agent_reply_count"] == 3
    assert [k[1] for k, v in r.interactions.items() if v["is_first_response"]] == ["M4"]


def test_equal_timestamps_ordered_by_id(tmp_path):
    # two replies at the same instant: the smaller message_id is the first response
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    messages = [
        message("M9", "T1", "2025-01-06T10:30:00Z", "agent", author_id="A9"),
        message("M10", "T1", "2025-01-06T10:30:00Z", "agent", author_id="A10"),
    ]
    events = [status("E1", "T1", "2025-01-06T11:00:00Z", "solved")]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "ticket_events": events}, LATE)
    assert r.interactions[("message", "M10")]["is_first_response"] is True  # '10' < '9'
    assert r.tickets["T1"]["resolved_by_agent_id"] == "A9"  # last reply in order


# ---------------------------------------------------------------- outbound / bot


def test_outbound_ticket(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z", created_by_type="agent")]
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "agent"),
        message("M2", "T1", "2025-01-06T11:00:00Z", "customer"),
    ]
    events = [status("E1", "T1", "2025-01-06T12:00:00Z", "solved")]
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
    row = r.tickets["T1"]
    assert row["first_response_at"] is None
    assert row["first_response_minutes"] is None
    assert row["first_response_business_minutes"] is None
    assert row["fcr_status"] == "not_applicable"
    assert row["is_first_contact_resolved"] is None
    assert row["agent_reply_count"] == 1
    assert r.interactions[("message", "M1")]["is_first_response"] is False
    # resolution time still measured: 10:00Z -> 12:00Z is 05:00-07:00 EST (no business time)
    assert row["resolution_minutes"] == pytest.approx(120.0)
    assert row["resolution_business_minutes"] == 0.0


def test_bot_only_ticket_is_automated_resolution(tmp_path):
    agents = [
        {
            "agent_id": "BOT1",
            "agent_name": "bot",
            "team": "bots",
            "tier": "L1",
            "is_bot": "true",
            "hired_at": "2024-01-01",
            "terminated_at": None,
            "hourly_cost": "1",
        },
        {
            "agent_id": "A1",
            "agent_name": "Ann",
            "team": "t",
            "tier": "L1",
            "is_bot": "false",
            "hired_at": "2024-01-01",
            "terminated_at": None,
            "hourly_cost": "30",
        },
    ]
    tickets = [ticket(t, "2025-01-06T10:00:00Z", customer_id=t) for t in ("T1", "T2", "T3", "T4")]
    messages, events = [], []
    for t in ("T1", "T2", "T3", "T4"):
        messages += [
            message(f"{t}-M1", t, "2025-01-06T10:00:00Z", "customer", author_id=t),
            message(f"{t}-M2", t, "2025-01-06T10:00:10Z", "bot"),
        ]
        events.append(status(f"{t}-E1", t, "2025-01-06T10:05:00Z", "solved", actor_id="BOT1"))
    # T2: a human internal note; T3: a known human acted; T4: assigned to an unknown id
    messages.append(message("T2-M3", "T2", "2025-01-06T10:01:00Z", "agent", is_public="false"))
    events.append(
        event(
            "T3-E0", "T3", "2025-01-06T10:01:00Z", "priority_change", to_value="high", actor_id="A1"
        )
    )
    events.append(event("T4-E0", "T4", "2025-01-06T10:01:00Z", "assignment", to_value="X9"))
    r = build(
        tmp_path,
        {"tickets": tickets, "messages": messages, "ticket_events": events, "agents": agents},
        LATE,
    )
    row = r.tickets["T1"]
    assert row["is_automated_resolution"] is True
    assert row["resolved_by_agent_id"] == "BOT1"  # never assigned: last reply's author
    assert row["is_resolved_by_first_assignee"] is None
    assert row["is_one_touch"] is True
    assert row["fcr_status"] == "first_contact"
    assert r.tickets["T2"]["is_automated_resolution"] is False
    assert r.tickets["T3"]["is_automated_resolution"] is False
    assert r.tickets["T3"]["priority"] == "high"
    assert r.tickets["T4"]["is_automated_resolution"] is False
    assert r.tickets["T4"]["resolved_by_agent_id"] == "X9"
    assert r.tickets["T4"]["is_resolved_by_first_assignee"] is True


# ---------------------------------------------------------------- assignment / escalation


def test_assignment_escalation_and_first_assignee(tmp_path):
    t1, m1, e1 = simple_resolved("T1")
    e1 += [
        event("T1-A1", "T1", "2025-01-06T10:01:00Z", "assignment", to_value="A1"),
        event(
            "T1-X1", "T1", "2025-01-06T10:40:00Z", "escalation", to_value="l2", reason="Complexity"
        ),
        event("T1-A2", "T1", "2025-01-06T10:41:00Z", "assignment", to_value="A2"),
        event(
            "T1-X2",
            "T1",
            "2025-01-06T11:00:00Z",
            "escalation",
            to_value="L3",
            reason="authorization",
        ),
        event("T1-A3", "T1", "2025-01-06T13:00:00Z", "assignment", to_value="A3"),  # after
    ]
    r = build(tmp_path, {"tickets": t1, "messages": m1, "ticket_events": e1}, LATE)
    row = r.tickets["T1"]
    assert row["assignment_count"] == 3
    assert row["resolved_by_agent_id"] == "A2"
    assert row["is_resolved_by_first_assignee"] is False
    assert row["is_escalated"] is True and row["escalation_count"] == 2
    assert row["first_escalation_tier"] == "L2"
    assert row["first_escalation_reason"] == "complexity"


# ---------------------------------------------------------------- business minutes


def test_business_minutes_across_dst_change(tmp_path):
    # New York, DST starts Sunday 2025-03-09. Created Fri 03-07 16:00 EST (21:00Z),
    # first response Mon 03-10 10:00 EDT (14:00Z): business = Fri 16-17 (60) +
    # Mon 09-10 (60) = 120; calendar = 65 h = 3900 min. (Ignoring DST would give 60.)
    tickets = [ticket("T1", "2025-03-07T21:00:00Z")]
    messages = [
        message("M1", "T1", "2025-03-07T21:00:00Z", "customer"),
        message("M2", "T1", "2025-03-10T14:00:00Z", "agent"),
    ]
    events = [status("E1", "T1", "2025-03-10T14:30:00Z", "solved")]
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
    row = r.tickets["T1"]
    assert row["first_response_minutes"] == pytest.approx(3900.0)
    assert row["first_response_business_minutes"] == pytest.approx(120.0)
    assert row["resolution_business_minutes"] == pytest.approx(150.0)


def test_business_minutes_skip_holiday(tmp_path):
    # Fri 2025-01-17 16:00 EST (21:00Z) -> Tue 01-21 10:00 EST (15:00Z), Mon 01-20 holiday:
    # 60 (Fri) + 60 (Tue) = 120; without the holiday it would be 600.
    tickets = [ticket("T1", "2025-01-17T21:00:00Z"), ticket("T2", "2025-01-17T21:00:00Z")]
    messages = [
        message("M1", "T1", "2025-01-21T15:00:00Z", "agent"),
        message("M2", "T2", "2025-01-21T15:00:00Z", "agent"),
    ]
    holidays = [{"schedule_id": "S_NY", "holiday_date": "2025-01-20", "holiday_name": "MLK"}]
    r = build(
        tmp_path,
        {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE, "holidays": holidays},
        LATE,
    )
    assert r.tickets["T1"]["first_response_business_minutes"] == pytest.approx(120.0)
    r = build(
        tmp_path / "b", {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE}, LATE
    )
    assert r.tickets["T1"]["first_response_business_minutes"] == pytest.approx(600.0)


def test_business_minutes_lunch_break_and_explicit_schedule(tmp_path):
    # schedule S_LON Monday 09:00-12:00 and 13:00-17:00 in London (UTC+0 in January).
    # Mon 2025-01-06 11:00Z -> 14:00Z: 60 + 60 = 120 business, 180 calendar.
    lunch = [
        {
            "schedule_id": "S_LON",
            "timezone": "Europe/London",
            "day_of_week": "0",
            "start_time": "09:00:00",
            "end_time": "12:00:00",
            "is_default": "false",
        },
        {
            "schedule_id": "S_LON",
            "timezone": "Europe/London",
            "day_of_week": "0",
            "start_time": "13:00:00",
            "end_time": "17:00:00",
            "is_default": "false",
        },
    ]
    tickets = [
        ticket("T1", "2025-01-06T11:00:00Z", schedule_id="S_LON"),
        ticket("T2", "2025-01-06T11:00:00Z", schedule_id="S_NOPE"),
        ticket("T3", "2025-01-06T11:00:00Z"),
    ]
    messages = [message(f"M{t}", f"T{t}", "2025-01-06T14:00:00Z", "agent") for t in (1, 2, 3)]
    r = build(
        tmp_path, {"tickets": tickets, "messages": messages, "schedules": NY_SCHEDULE + lunch}, LATE
    )
    assert r.tickets["T1"]["first_response_minutes"] == pytest.approx(180.0)
    assert r.tickets["T1"]["first_response_business_minutes"] == pytest.approx(120.0)
    assert r.tickets["T2"]["first_response_business_minutes"] is None  # unknown schedule
    # default NY schedule: 11:00Z-14:00Z = 06:00-09:00 EST -> 0
    assert r.tickets["T3"]["first_response_business_minutes"] == 0.0
    # no schedules table at all -> null
    r = build(tmp_path / "b", {"tickets": tickets, "messages": messages}, LATE)
    assert r.tickets["T1"]["first_response_business_minutes"] is None
    assert r.tickets["T3"]["first_response_business_minutes"] is None


# ---------------------------------------------------------------- timestamps


def test_timestamps_with_offsets(tmp_path):
    tickets = [ticket("T1", "2025-04-14T10:00:00-04:00")]  # 14:00Z
    messages = [
        message("M1", "T1", "2025-04-14 14:00:00", "customer"),  # naive = UTC
        message("M2", "T1", "2025-04-14T16:30:00+02:00", "agent"),  # 14:30Z
    ]
    events = [
        status("E1", "T1", "2025-04-14T11:00:00-0400", "solved"),  # 15:00Z
        status("E2", "T1", "2025-04-14T15:30:00Z", "closed"),
    ]
    r = build(tmp_path, {"tickets": tickets, "messages": messages, "ticket_events": events}, LATE)
    row = r.tickets["T1"]
    assert row["created_at"] == ts("2025-04-14 14:00")
    assert row["first_response_at"] == ts("2025-04-14 14:30")
    assert row["first_response_minutes"] == pytest.approx(30.0)
    assert row["resolved_at"] == ts("2025-04-14 15:00")
    assert row["resolution_minutes"] == pytest.approx(60.0)
    assert r.interactions[("message", "M1")]["interaction_at"] == ts("2025-04-14 14:00")


def test_parse_timestamp_forms():
    assert ref.parse_timestamp("2025-04-14T10:00:00Z") == ts("2025-04-14 10:00")
    assert ref.parse_timestamp("2025-04-14T10:00:00+05:30") == ts("2025-04-14 04:30")
    assert ref.parse_timestamp("2025-04-14 10:00:00.250") == ts("2025-04-14 10:00:00.250")
    assert ref.parse_timestamp("2025-04-14") == ts("2025-04-14 00:00")
    with pytest.raises(ValueError):
        ref.parse_timestamp("14/04/2025 10:00")


def test_durations_are_fractional(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]
    messages = [message("M1", "T1", "2025-01-06T10:01:30Z", "agent")]
    r = build(tmp_path, {"tickets": tickets, "messages": messages}, LATE)
    assert r.tickets["T1"]["first_response_minutes"] == pytest.approx(1.5)


# ---------------------------------------------------------------- handle time, surveys


def test_handle_seconds(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z"), ticket("T2", "2025-01-06T10:00:00Z")]
    sessions = [
        {
            "session_id": "W1",
            "ticket_id": "T1",
            "agent_id": "A1",
            "started_at": "2025-01-06T10:00:00Z",
            "ended_at": "2025-01-06T10:10:00Z",
        },
        {
            "session_id": "W2",
            "ticket_id": "T1",
            "agent_id": "A2",
            "started_at": "2025-01-06T10:05:00Z",
            "ended_at": "2025-01-06T10:05:30Z",
        },
    ]
    calls = [
        {
            "call_id": "K1",
            "ticket_id": "T1",
            "customer_id": "C1",
            "agent_id": "A1",
            "direction": "outbound",
            "queued_at": "2025-01-06T11:00:00Z",
            "answered_at": "2025-01-06T11:00:10Z",
            "ended_at": "2025-01-06T11:02:10Z",
            "abandoned_at": None,
            "hold_seconds": "5",
            "after_call_work_seconds": "15",
            "outcome": "converted",
        },
        {
            "call_id": "K2",
            "ticket_id": "T1",
            "customer_id": "C1",
            "agent_id": None,
            "direction": "inbound",
            "queued_at": "2025-01-06T11:10:00Z",
            "answered_at": None,
            "ended_at": None,
            "abandoned_at": "2025-01-06T11:11:00Z",
            "hold_seconds": None,
            "after_call_work_seconds": None,
            "outcome": None,
        },
    ]
    r = build(tmp_path, {"tickets": tickets, "work_sessions": sessions, "calls": calls}, LATE)
    # 600 + 30 (sessions) + 120 talk + 15 ACW = 765
    assert r.tickets["T1"]["handle_seconds"] == pytest.approx(765.0)
    assert r.tickets["T2"]["handle_seconds"] == 0.0
    assert r.interactions[("call", "K1")]["author_type"] == "agent"
    assert r.interactions[("call", "K1")]["author_id"] == "A1"
    r = build(tmp_path / "b", {"tickets": tickets}, LATE)
    assert r.tickets["T1"]["handle_seconds"] is None  # neither table exists


def test_surveys_latest_answered_and_scale(tmp_path):
    tickets = [ticket("T1", "2025-01-06T10:00:00Z")]

    def survey(sid, stype, responded, score):
        return {
            "survey_id": sid,
            "ticket_id": "T1",
            "survey_type": stype,
            "sent_at": "2025-01-07T10:00:00Z",
            "responded_at": responded,
            "score": score,
        }

    surveys = [
        survey("V1", "csat", "2025-01-07T11:00:00Z", "2"),
        survey("V2", "csat", "2025-01-07T12:00:00Z", "5"),  # latest answered csat
        survey("V3", "csat", None, None),  # unanswered: accepted, ignored
        survey("V4", "csat", "2025-01-08T12:00:00Z", "6"),  # out of scale: rejected
        survey("V5", "ces", "2025-01-07T12:00:00Z", "0"),  # out of scale (1-7)
        survey("V6", "ces", "2025-01-07T12:00:00Z", "7"),
        survey("V7", "nps", "2025-01-07T12:00:00Z", "0"),  # ok (0-10)
        survey("V8", "nps", "2025-01-07T12:00:00Z", "11"),  # out of scale
        survey("V9", "CSAT ", "2025-01-07T13:00:00Z", "1"),  # normalised enum, but...
        survey("V10", "csat", "2025-01-07T09:00:00Z", "3"),  # responded before sent
    ]
    r = build(tmp_path, {"tickets": tickets, "surveys": surveys}, LATE)
    assert r.rejected_ids("surveys") == ["V10", "V4", "V5", "V8"]
    # V9 (trimmed, lower-cased 'csat', responded 13:00) is the latest answered csat
    assert r.tickets["T1"]["csat_score"] == 1.0
    assert r.tickets["T1"]["ces_score"] == 7.0


# ---------------------------------------------------------------- rejected rows


def test_duplicate_and_conflicting_rows(tmp_path):
    tickets = [
        ticket("T1", "2025-01-06T10:00:00Z"),
        ticket("T1", "2025-01-06T10:00:00Z"),  # identical: 1 kept
        ticket("T2", "2025-01-06T10:00:00Z"),
        ticket("T2", "2025-01-06T10:00:00Z", channel="chat"),
    ]  # conflicting: both out
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer"),
        message("M2", "T1", "2025-01-06T10:05:00Z", "agent"),
        message("M2", "T1", "2025-01-06T10:06:00Z", "agent"),
        message("M3", "T2", "2025-01-06T10:06:00Z", "agent"),
    ]  # T2 rejected -> unknown
    status_log = [
        {
            "agent_id": "A1",
            "status": "available",
            "started_at": "2025-01-06T09:00:00Z",
            "ended_at": "2025-01-06T10:00:00Z",
        },
        {
            "agent_id": "A1",
            "status": "available",
            "started_at": "2025-01-06T09:00:00Z",
            "ended_at": "2025-01-06T10:00:00Z",
        },  # row 2: identical -> duplicate
        {
            "agent_id": "A1",
            "status": "Lunch",
            "started_at": "2025-01-06T10:00:00Z",
            "ended_at": "2025-01-06T10:30:00Z",
        },  # row 3: unknown enum
    ]
    r = build(
        tmp_path, {"tickets": tickets, "messages": messages, "agent_status_log": status_log}, LATE
    )
    assert r.rejected_ids("tickets") == ["T1", "T2", "T2"]
    assert sorted(r.tickets) == ["T1"]
    assert r.rejected_ids("messages") == ["M1", "M2", "M2", "M3"]
    assert r.rejected_ids("agent_status_log") == ["2", "3"]
    reasons = {(x["source_table"], str(x["source_row_id"])): x["reason"] for x in r.rejected}
    assert reasons[("tickets", "T2")] == "conflicting duplicate id"
    assert reasons[("tickets", "T1")] == "duplicate row"
    assert r.tickets["T1"]["first_response_at"] is None  # its reply M2 was a conflict
    for table, rows in r.raw.items():
        n_rejected = sum(1 for x in r.rejected if x["source_table"] == table)
        assert len(rows) == len(r.accepted[table]) + n_rejected


def test_bad_rows_are_rejected_not_dropped(tmp_path):
    tickets = [
        ticket("T1", "2025-01-06T10:00:00Z", channel=" Email "),  # normalised -> ok
        ticket("T2", "not a time"),  # unparseable
        ticket("T3", None),  # missing timestamp
        ticket("T4", "2025-01-06T10:00:00Z", channel="fax"),  # unknown enum
        ticket(None, "2025-01-06T10:00:00Z"),  # missing id
    ]
    events = [
        status("E1", "T1", "2025-01-06T11:00:00Z", "Solved"),
        status("E2", "T1", "2025-01-06T11:00:00Z", "archived"),  # unknown status
        event("E3", "T1", "2025-01-06T11:00:00Z", "escalation", to_value="L4"),
        status("E4", "T9", "2025-01-06T11:00:00Z", "solved"),
    ]  # unknown ticket
    messages = [
        message("M1", "T1", "2025-01-06T10:00:00Z", "customer", is_public="maybe"),
        message("M2", "T1", "2025-01-06T10:00:00Z", "customer", is_public="YES"),
    ]
    sessions = [
        {
            "session_id": "W1",
            "ticket_id": "T1",
            "agent_id": "A1",
            "started_at": "2025-01-06T10:00:00Z",
            "ended_at": "2025-01-06T09:00:00Z",
        },
        {
            "session_id": "W2",
            "ticket_id": "T1",
            "agent_id": "A1",
            "started_at": "2025-01-06T10:00:00Z",
            "ended_at": "garbage",
        },
    ]
    calls = [
        {
            "call_id": "K1",
            "ticket_id": None,
            "customer_id": "C1",
            "agent_id": "A1",
            "direction": "outbound",
            "queued_at": "2025-01-06T10:00:00Z",
            "answered_at": None,
            "ended_at": None,
            "abandoned_at": None,
            "hold_seconds": "-5",
            "after_call_work_seconds": None,
            "outcome": "no_answer",
        },
        {
            "call_id": "K2",
            "ticket_id": None,
            "customer_id": "C1",
            "agent_id": "A1",
            "direction": "outbound",
            "queued_at": "2025-01-06T10:00:00Z",
            "answered_at": None,
            "ended_at": None,
            "abandoned_at": None,
            "hold_seconds": None,
            "after_call_work_seconds": None,
            "outcome": "no_answer",
        },
        {
            "call_id": "K3",
            "ticket_id": "T9",
            "customer_id": "C1",
            "agent_id": "A1",
            "direction": "inbound",
            "queued_at": "2025-01-06T10:00:00Z",
            "answered_at": None,
            "ended_at": None,
            "abandoned_at": None,
            "hold_seconds": None,
            "after_call_work_seconds": None,
            "outcome": None,
        },
    ]
    r = build(
        tmp_path,
        {
            "tickets": tickets,
            "ticket_events": events,
            "messages": messages,
            "work_sessions": sessions,
            "calls": calls,
        },
        LATE,
    )
    assert r.rejected_ids("tickets") == ["None", "T2", "T3", "T4"]
    assert r.tickets["T1"]["channel"] == "email"
    assert r.rejected_ids("ticket_events") == ["E2", "E3", "E4"]
    assert r.tickets["T1"]["current_status"] == "solved"
    assert r.rejected_ids("messages") == ["M1"]
    assert r.accepted["messages"][0]["is_public"] is True
    assert r.rejected_ids("work_sessions") == ["W1", "W2"]
    assert r.rejected_ids("calls") == ["K1", "K3"]  # negative count; unknown ticket id
    assert ("call", "K2") in r.interactions  # optional ticket_id may be null


def test_missing_required_column_stops_with_a_message(tmp_path):
    write_raw(tmp_path, {"tickets": [ticket("T1", "2025-01-06T10:00:00Z")]})
    path = tmp_path / "tickets.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    with pytest.raises(ref.MissingColumnError, match="tickets.*schedule_id"):
        ref.validate(ref.load_raw(str(tmp_path)))


# ---------------------------------------------------------------- whole run


def test_synthetic_dataset_invariants_and_speed(tmp_path, capsys):
    write_raw(tmp_path, synthetic_tables(n_tickets=2000, seed=3))
    started = time.perf_counter()
    assert ref.main([str(tmp_path)]) == 0
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    assert "fcr_status" in capsys.readouterr().out
    raw = ref.load_raw(str(tmp_path))
    accepted, rejected = ref.validate(raw)
    facts = ref.compute_fact_ticket(accepted)
    for row in facts.values():
        assert row["fcr_status"] in {
            "not_applicable",
            "unresolved",
            "not_first_contact",
            "pending",
            "first_contact",
        }
        if row["resolved_at"] is not None:
            assert row["first_resolved_at"] <= row["resolved_at"]
        if row["first_response_business_minutes"] is not None:
            assert row["first_response_business_minutes"] <= row["first_response_minutes"] + 1e-9
        assert (row["is_first_contact_resolved"] is None) == (
            row["fcr_status"] not in ("first_contact", "not_first_contact")
        )
