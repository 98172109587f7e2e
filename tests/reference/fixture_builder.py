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
    compute_backlog_daily,
    compute_fact_interaction,
    compute_fact_ticket,
    compute_sla_events,
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


def build(raw_dir, tables: dict[str, list[dict]], params=None, categories=None, policies=None):
    """Write, load, validate and compute. Returns a small result object.

    ``policies``: SLA policy rows (``policy(...)``); default: the project's seed.
    """
    write_raw(raw_dir, tables)
    raw = load_raw(raw_dir)
    accepted, rejected = validate(raw)
    return Result(
        raw=raw,
        accepted=accepted,
        rejected=rejected,
        tickets=compute_fact_ticket(accepted, params, categories),
        interactions=compute_fact_interaction(accepted, params),
        sla=compute_sla_events(accepted, params, policies),
        backlog=compute_backlog_daily(accepted, params),
    )


class Result:
    def __init__(self, raw, accepted, rejected, tickets, interactions, sla=None, backlog=None):
        self.raw = raw
        self.accepted = accepted
        self.rejected = rejected
        self.tickets = tickets
        self.interactions = interactions
        self.sla = sla if sla is not None else {}
        self.backlog = backlog if backlog is not None else {}

    def clocks(self, ticket_id, sla_metric=None) -> list[dict]:
        """SLA rows of a ticket (one metric or all), in (metric, clock_sequence) order."""
        return [
            self.sla[key]
            for key in sorted(k for k in self.sla if k[0] == ticket_id)
            if sla_metric is None or key[1] == sla_metric
        ]

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


def assignment(event_id, ticket_id, event_at, to_value) -> dict:
    """An assignment event; ``to_value`` None (blank) leaves the ticket unassigned."""
    return event(event_id, ticket_id, event_at, "assignment", to_value=to_value)


def priority_change(event_id, ticket_id, event_at, to_value) -> dict:
    return event(event_id, ticket_id, event_at, "priority_change", to_value=to_value)


def customer(customer_id, segment=None) -> dict:
    return {
        "customer_id": customer_id,
        "account_id": f"ACC-{customer_id}",
        "segment": segment,
        "plan": None,
        "signed_up_at": None,
        "churned_at": None,
    }


def policy(
    policy_id,
    sla_metric,
    target_minutes,
    business=False,
    priority="",
    channel="",
    segment="",
) -> dict:
    """One row of the sla_policies seed, as csv.DictReader gives it (strings)."""
    return {
        "policy_id": policy_id,
        "priority": priority,
        "channel": channel,
        "customer_segment": segment,
        "sla_metric": sla_metric,
        "target_minutes": str(target_minutes),
        "is_business_hours": "true" if business else "false",
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


# --------------------------------------------------------------------------
# Random ticket histories (property-based tests)
# --------------------------------------------------------------------------

# Gaps between two steps of a ticket, minutes: the window edges of the
# definitions (fcr_conversation_gap_minutes 30, fcr_window_hours 168 = 10080
# min, reopen_window_days 7), same-instant steps, and ordinary spreads.
EDGE_GAPS = [0, 0, 1 / 60, 1, 29, 30, 30 + 1 / 60, 31, 10080 - 1 / 60, 10080, 10080 + 1 / 60]
ORDINARY_GAPS = [2, 5, 15, 45, 90, 240, 600, 1440, 3000, 9000, 15000]
# Follow-up tickets: created this long after an earlier ticket's first solve.
FOLLOW_UP_OFFSETS = [1 / 60, 60, 10080 - 1 / 60, 10080, 10080 + 1 / 60, 12000]
OFFSETS = ["Z", "+00:00", "", "+02:00", "-04:00", "+05:30"]

# A Berlin schedule with a lunch break and a holiday, besides NY_SCHEDULE.
BERLIN_SCHEDULE = [
    {
        "schedule_id": "S_BER",
        "timezone": "Europe/Berlin",
        "day_of_week": str(day),
        "start_time": start,
        "end_time": end,
        "is_default": "false",
    }
    for day in range(5)
    for start, end in [("09:00", "12:00"), ("13:00", "17:30")]
]


def random_tables(seed: int, n_tickets: int = 40) -> dict[str, list[dict]]:
    """A random small helpdesk history that respects SPEC section 1, plus a few
    bad rows (rejected by the rules of SPEC section 3).

    Deterministic for ``seed``. Tickets share a few customers and categories
    and some are created as follow-ups of an earlier ticket at the FCR window's
    edge; steps are spaced by the definitions' edge gaps (0 s, 1 s, 30 min,
    168 h) as often as by ordinary ones; timestamps carry mixed UTC offsets;
    ids are numbered out of time order so equal-time ties are broken by id
    both ways. The span (days to a month) crosses the US and EU daylight
    saving changes of March 2025.
    """
    rnd = random.Random(seed)
    start = datetime(2025, 3, 3, 7, 0) + timedelta(minutes=rnd.randint(0, 600))
    span_minutes = rnd.choice([3, 10, 30]) * 1440
    customers = [f"C{i}" for i in range(max(2, n_tickets // rnd.choice([2, 4, 8])))]
    categories = ["billing", "login", "refund", " Billing", "unlisted thing"]
    human_agents = ["A1", "A2", "A3", "A4", "A99"]  # A99: not in agents (unknown staff)
    ids = {name: rnd.sample(range(10_000, 99_999), 4_000) for name in ("M", "E", "K", "W", "V")}

    def next_id(prefix: str) -> str:
        return f"{prefix}{ids[prefix].pop()}"

    def stamp(value: datetime) -> str:
        offset = rnd.choice(OFFSETS)
        if offset == "":
            return value.isoformat(timespec="seconds")
        sign = -1 if offset.startswith("-") else 1
        hours, minutes = (0, 0) if offset == "Z" else map(int, offset[1:].split(":"))
        local = value + sign * timedelta(hours=hours, minutes=minutes)
        return local.isoformat(timespec="seconds") + offset

    def gap() -> timedelta:
        if late:  # tickets at the end of the data: short steps, so FCR windows stay open
            return timedelta(minutes=rnd.choice([0, 1 / 60, 1, 29, 30, 31, 120]))
        pool = EDGE_GAPS if rnd.random() < 0.45 else ORDINARY_GAPS
        return timedelta(minutes=rnd.choice(pool))

    tables: dict[str, list[dict]] = {
        name: []
        for name in ("tickets", "ticket_events", "messages", "calls", "work_sessions", "surveys")
    }
    solved: list[tuple[str, str, datetime]] = []  # (customer, category, first solve) inbound
    first_created = None
    latest = start
    for number in range(n_tickets):
        ticket_id = f"T{number:04d}"
        by = rnd.choices(["customer", "agent", "bot"], [0.8, 0.12, 0.08])[0]
        late = number >= n_tickets * 0.85
        if late:
            customer_id, category = rnd.choice(customers), rnd.choice(categories)
            created = latest - timedelta(minutes=rnd.randint(30, 3000))
        elif solved and rnd.random() < 0.3:
            customer_id, category, solved_at = rnd.choice(solved)
            created = solved_at + timedelta(minutes=rnd.choice(FOLLOW_UP_OFFSETS))
            by = "customer"
        else:
            customer_id, category = rnd.choice(customers), rnd.choice(categories)
            created = start + timedelta(minutes=rnd.randint(0, span_minutes))
        first_created = first_created or created
        channel = rnd.choice(["email", "chat", "phone", "social", "web", "api"])
        tables["tickets"].append(
            ticket(
                ticket_id,
                stamp(created),
                customer_id=customer_id,
                channel=channel,
                category=category,
                priority=rnd.choice(["low", "normal", "high", "urgent"]),
                created_by_type=by,
                schedule_id=rnd.choice([None, None, "S_NY", "S_BER", "S_UNKNOWN"]),
            )
        )
        if rnd.random() < 0.1:  # a message stamped before the ticket's creation
            tables["messages"].append(
                message(
                    next_id("M"),
                    ticket_id,
                    stamp(created - timedelta(minutes=10)),
                    rnd.choice(["customer", "agent"]),
                    author_id=customer_id if rnd.random() < 0.5 else "A1",
                    channel=channel,
                )
            )
        now, current = created, "new"
        first_solve = None
        # random steps, then (mostly) a resolution, then a few steps after it
        plan = [None] * rnd.randint(0, 10)
        if rnd.random() < 0.7:
            plan += ["solve"] + [None] * rnd.choice([0, 0, 1, 2, 3])
        for planned in plan:
            now = now + gap()
            latest = max(latest, now)
            kind = (
                planned
                or rnd.choices(
                    [
                        "customer",
                        "reply",
                        "bot",
                        "note",
                        "system",
                        "status",
                        "assign",
                        "escalate",
                        "change",
                        "call",
                        "work",
                        "survey",
                    ],
                    [14, 14, 4, 3, 3, 18, 6, 3, 3, 4, 4, 3],
                )[0]
            )
            if kind in {"customer", "reply", "bot", "note", "system"}:
                author = {"customer": "customer", "bot": "bot", "system": "system"}.get(
                    kind, "agent"
                )
                author_id = {
                    "customer": customer_id,
                    "agent": rnd.choice(human_agents),
                    "bot": "BOT1",
                    "system": None,
                }[author]
                tables["messages"].append(
                    message(
                        next_id("M"),
                        ticket_id,
                        stamp(now),
                        author,
                        author_id=author_id,
                        is_public="false" if kind == "note" else rnd.choice(["true", "TRUE", "1"]),
                        channel=channel,
                    )
                )
            elif kind in {"status", "solve"}:
                to_value = rnd.choice(["open", "pending", "on_hold", "solved", "solved", "closed"])
                if current in {"solved", "closed"} and rnd.random() < 0.5:
                    to_value = rnd.choice(["open", "new", "pending", "on_hold", "closed"])
                if kind == "solve":
                    to_value = rnd.choice(["solved", "solved", "closed"])
                tables["ticket_events"].append(
                    status(
                        next_id("E"),
                        ticket_id,
                        stamp(now),
                        to_value,
                        from_value=current if rnd.random() < 0.6 else None,
                        actor_id=rnd.choice([None, "A1", "BOT1"]),
                    )
                )
                if to_value in {"solved", "closed"} and current not in {"solved", "closed"}:
                    first_solve = first_solve or now
                current = to_value
            elif kind == "assign":
                tables["ticket_events"].append(
                    event(next_id("E"), ticket_id, stamp(now), "assignment",
                          to_value=rnd.choice([*human_agents, "BOT1"]))
                )  # fmt: skip
            elif kind == "escalate":
                tables["ticket_events"].append(
                    event(next_id("E"), ticket_id, stamp(now), "escalation",
                          to_value=rnd.choice(["L2", "L3"]),
                          reason=rnd.choice(["knowledge", "authorization", "complexity"]))
                )  # fmt: skip
            elif kind == "change":
                if rnd.random() < 0.5:
                    change, value = "category_change", rnd.choice(categories)
                else:
                    change, value = "priority_change", rnd.choice(["low", "high", "urgent"])
                tables["ticket_events"].append(
                    event(next_id("E"), ticket_id, stamp(now), change, to_value=value)
                )
            elif kind == "call":
                answered = rnd.random() < 0.8
                wait = timedelta(seconds=rnd.choice([0, 5, 20, 21, 90]))
                talk = timedelta(seconds=rnd.randint(30, 900))
                tables["calls"].append(
                    {
                        "call_id": next_id("K"),
                        "ticket_id": ticket_id,
                        "customer_id": customer_id,
                        "agent_id": rnd.choice(human_agents) if answered else None,
                        "direction": "inbound" if by == "customer" else "outbound",
                        "queued_at": stamp(now),
                        "answered_at": stamp(now + wait) if answered else None,
                        "ended_at": stamp(now + wait + talk) if answered else None,
                        "abandoned_at": None if answered else stamp(now + wait),
                        "hold_seconds": str(rnd.randint(0, 60)),
                        "after_call_work_seconds": rnd.choice([None, "0", "45", "120.5"]),
                        "outcome": None,
                    }
                )
            elif kind == "work":
                tables["work_sessions"].append(
                    {
                        "session_id": next_id("W"),
                        "ticket_id": ticket_id,
                        "agent_id": rnd.choice([*human_agents, "BOT1"]),
                        "started_at": stamp(now),
                        "ended_at": stamp(now + timedelta(minutes=rnd.randint(0, 90))),
                    }
                )
            else:
                survey_type = rnd.choice(["csat", "ces", "nps"])
                low, high = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}[survey_type]
                answered = rnd.random() < 0.7
                tables["surveys"].append(
                    {
                        "survey_id": next_id("V"),
                        "ticket_id": ticket_id,
                        "survey_type": survey_type,
                        "sent_at": stamp(now),
                        "responded_at": stamp(now + gap()) if answered else None,
                        "score": str(rnd.randint(low, high)) if answered else None,
                    }
                )
        if by == "customer" and first_solve is not None:
            solved.append((customer_id, category, first_solve))

    # a few bad rows, each rejected with its reason
    some_ticket = tables["tickets"][0]["ticket_id"]
    tables["messages"].append(message(next_id("M"), "T_UNKNOWN", stamp(start), "customer"))
    tables["ticket_events"].append(
        status(next_id("E"), some_ticket, stamp(first_created - timedelta(hours=1)), "open")
    )
    if tables["messages"]:
        tables["messages"].append(dict(rnd.choice(tables["messages"])))  # identical duplicate
    if rnd.random() < 0.5:
        tables["ticket_events"].append(status(next_id("E"), some_ticket, "not a time", "solved"))

    tables["agents"] = [
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
        for agent_id in human_agents[:-1]
    ] + [
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
    ]
    tables["schedules"] = NY_SCHEDULE + BERLIN_SCHEDULE
    tables["holidays"] = [
        {"schedule_id": "S_NY", "holiday_date": "2025-03-17", "holiday_name": "test holiday"},
        {"schedule_id": "S_BER", "holiday_date": "2025-03-21", "holiday_name": "test holiday"},
    ]
    return tables
