"""Helpers to write small hand-built raw datasets (CSV) for the reference tests.

Self-contained on purpose (no conftest): tests import it next to
``spec_reference``. Every row is a dict; missing columns are written empty.
"""

from __future__ import annotations

import csv
import os
import random
from datetime import datetime, timedelta

from spec_reference import (
    REQUIRED_TABLES,
    TABLE_COLUMNS,
    compute_fact_interaction,
    compute_fact_ticket,
    load_raw,
    validate,
)

# A default schedule used by most fixtures: New York, Monday-Friday 09:00-17:00.
NY_SCHEDULE = [
    {
        "schedule_id": "S_NY",
        "timezone": "America/New_York",
        "day_of_week": str(day),
        "start_time": "09:00",
        "end_time": "17:00",
        "is_default": "true",
    }
    for day in range(5)
]


def write_raw(raw_dir, tables: dict[str, list[dict]]) -> str:
    """Write ``tables`` as ``<table>.csv`` (header = SPEC columns).

    Required tables (tickets, ticket_events, messages) are always written,
    empty when not given. Returns ``raw_dir`` as a string.
    """
    raw_dir = str(raw_dir)
    os.makedirs(raw_dir, exist_ok=True)
    for table in set(tables) | set(REQUIRED_TABLES):
        rows = tables.get(table, [])
        columns = list(TABLE_COLUMNS[table])
        for row in rows:
            for key in row:
                if key not in columns:
                    columns.append(key)
        with open(
            os.path.join(raw_dir, f"{table}.csv"), "w", newline="", encoding="utf-8"
        ) as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return raw_dir


def build(raw_dir, tables: dict[str, list[dict]], params=None, categories=None):
    """Write, load, validate and compute. Returns a small result object."""
    write_raw(raw_dir, tables)
    raw = load_raw(raw_dir)
    accepted, rejected = validate(raw)
    return Result(
        raw=raw,
        accepted=accepted,
        rejected=rejected,
        tickets=compute_fact_ticket(accepted, params, categories),
        interactions=compute_fact_interaction(accepted, params),
    )


class Result:
    def __init__(self, raw, accepted, rejected, tickets, interactions):
        self.raw = raw
        self.accepted = accepted
        self.rejected = rejected
        self.tickets = tickets
        self.interactions = interactions

    def rejected_ids(self, table: str) -> list:
        return sorted(str(r["source_row_id"]) for r in self.rejected if r["source_table"] == table)


def ts(text: str) -> datetime:
    """'2025-01-06 10:00' -> naive datetime (UTC in the tests)."""
    return datetime.fromisoformat(text)


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def ticket(
    ticket_id,
    created_at,
    customer_id="C1",
    channel="email",
    category="billing",
    priority="normal",
    created_by_type="customer",
    schedule_id=None,
) -> dict:
    return {
        "ticket_id": ticket_id,
        "customer_id": customer_id,
        "created_at": created_at,
        "channel": channel,
        "category": category,
        "priority": priority,
        "created_by_type": created_by_type,
        "schedule_id": schedule_id,
    }


def message(
    message_id, ticket_id, sent_at, author_type, author_id=None, is_public="true", channel="email"
) -> dict:
    if author_id is None:
        author_id = {"customer": "C1", "agent": "A1", "bot": "BOT1", "system": None}[author_type]
    return {
        "message_id": message_id,
        "ticket_id": ticket_id,
        "sent_at": sent_at,
        "author_type": author_type,
        "author_id": author_id,
        "is_public": is_public,
        "channel": channel,
    }


def status(event_id, ticket_id, event_at, to_value, from_value=None, actor_id=None) -> dict:
    return {
        "event_id": event_id,
        "ticket_id": ticket_id,
        "event_at": event_at,
        "event_type": "status_change",
        "actor_id": actor_id,
        "from_value": from_value,
        "to_value": to_value,
        "reason": None,
    }


def event(
    event_id,
    ticket_id,
    event_at,
    event_type,
    to_value=None,
    reason=None,
    actor_id=None,
    from_value=None,
) -> dict:
    return {
        "event_id": event_id,
        "ticket_id": ticket_id,
        "event_at": event_at,
        "event_type": event_type,
        "actor_id": actor_id,
        "from_value": from_value,
        "to_value": to_value,
        "reason": reason,
    }


def synthetic_tables(n_tickets=5000, seed=7) -> dict[str, list[dict]]:
    """A random but plausible dataset (for speed checks and invariants only)."""
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1)
    channels = ["email", "chat", "phone", "social", "web", "api"]
    categories = ["billing", "shipping", "login", "refund", "bug", "other"]
    tickets, events, messages, sessions, calls, surveys = [], [], [], [], [], []
    agents = [
        {
            "agent_id": f"A{i}",
            "agent_name": f"Agent {i}",
            "team": "t",
            "tier": "L1",
            "is_bot": "false",
            "hired_at": "2024-01-01",
            "terminated_at": None,
            "hourly_cost": "30",
        }
        for i in range(20)
    ]
    agents.append(
        {
            "agent_id": "BOT1",
            "agent_name": "bot",
            "team": "bots",
            "tier": "L1",
            "is_bot": "true",
            "hired_at": "2024-01-01",
            "terminated_at": None,
            "hourly_cost": "1",
        }
    )
    event_n = message_n = 0
    for t in range(n_tickets):
        tid = f"T{t:05d}"
        created = start + timedelta(minutes=rnd.randint(0, 60 * 24 * 90))
        channel = rnd.choice(channels)
        by = rnd.choices(["customer", "agent", "bot"], [0.9, 0.07, 0.03])[0]
        tickets.append(
            ticket(
                tid,
                iso(created),
                customer_id=f"C{rnd.randint(0, 800)}",
                channel=channel,
                category=rnd.choice(categories),
                created_by_type=by,
                schedule_id=rnd.choice([None, None, "S_NY"]),
            )
        )
        now = created
        agent = f"A{rnd.randint(0, 19)}"
        for _ in range(rnd.randint(2, 14)):
            now += timedelta(minutes=rnd.randint(1, 600))
            author = rnd.choices(["customer", "agent", "bot", "system"], [0.45, 0.4, 0.1, 0.05])[0]
            message_n += 1
            messages.append(
                message(
                    f"M{message_n:07d}",
                    tid,
                    iso(now),
                    author,
                    author_id={"customer": "C1", "agent": agent, "bot": "BOT1", "system": None}[
                        author
                    ],
                    is_public=rnd.choice(["true", "true", "true", "false"]),
                    channel=channel,
                )
            )
        if rnd.random() < 0.8:
            event_n += 1
            events.append(
                event(
                    f"E{event_n:07d}",
                    tid,
                    iso(created + timedelta(minutes=1)),
                    "assignment",
                    to_value=agent,
                )
            )
        state = "new"
        for _ in range(rnd.randint(0, 4)):
            now += timedelta(hours=rnd.randint(1, 200))
            to_value = rnd.choice(["open", "pending", "solved", "solved", "closed"])
            event_n += 1
            events.append(status(f"E{event_n:07d}", tid, iso(now), to_value, from_value=state))
            state = to_value
        if rnd.random() < 0.5:
            sessions.append(
                {
                    "session_id": f"W{t}",
                    "ticket_id": tid,
                    "agent_id": agent,
                    "started_at": iso(created),
                    "ended_at": iso(created + timedelta(minutes=rnd.randint(1, 60))),
                }
            )
        if rnd.random() < 0.3:
            surveys.append(
                {
                    "survey_id": f"V{t}",
                    "ticket_id": tid,
                    "survey_type": "csat",
                    "sent_at": iso(now),
                    "responded_at": iso(now + timedelta(hours=1)),
                    "score": str(rnd.randint(1, 5)),
                }
            )
        if channel == "phone":
            q = created
            calls.append(
                {
                    "call_id": f"K{t}",
                    "ticket_id": tid,
                    "customer_id": "C1",
                    "agent_id": agent,
                    "direction": "inbound",
                    "queued_at": iso(q),
                    "answered_at": iso(q + timedelta(seconds=30)),
                    "ended_at": iso(q + timedelta(seconds=400)),
                    "abandoned_at": None,
                    "hold_seconds": "10",
                    "after_call_work_seconds": "60",
                    "outcome": None,
                }
            )
    return {
        "tickets": tickets,
        "ticket_events": events,
        "messages": messages,
        "work_sessions": sessions,
        "calls": calls,
        "surveys": surveys,
        "agents": agents,
        "schedules": NY_SCHEDULE,
        "holidays": [{"schedule_id": "S_NY", "holiday_date": "2025-01-20", "holiday_name": "MLK"}],
    }
