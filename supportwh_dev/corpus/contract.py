"""The raw input contract (SPEC sections 1 and 3) as the corpus needs it.

Column lists come from the generator (one place in Python); the rest restates
SPEC section 1 and docs/definitions.md "Rejected rows": which column identifies
a row, which columns are timestamps, enums, non-negative numbers, ordered
pairs and ticket references. It serves two purposes: screening the base
dataset down to rows that are valid, and naming the damaged rows' expected
``source_row_id``.
"""

from __future__ import annotations

from supportwh.generator.writer import TABLES

COLUMNS: dict[str, list[str]] = {t: [c for c, _, _ in cols] for t, cols in TABLES.items()}

REQUIRED_TABLES = ("tickets", "ticket_events", "messages")

# id column (None: the row number is the source_row_id) and the key that must be
# unique (tables without an id have a natural key)
ID_COLUMN: dict[str, str | None] = {
    "tickets": "ticket_id",
    "ticket_events": "event_id",
    "messages": "message_id",
    "work_sessions": "session_id",
    "agents": "agent_id",
    "customers": "customer_id",
    "surveys": "survey_id",
    "agent_status_log": None,
    "agent_shifts": "shift_id",
    "calls": "call_id",
    "self_service_sessions": "session_id",
    "leads": "lead_id",
    "support_costs": None,
    "schedules": None,
    "holidays": None,
}
KEY: dict[str, tuple[str, ...]] = {
    **{t: (c,) for t, c in ID_COLUMN.items() if c is not None},
    "agent_status_log": ("agent_id", "started_at"),
    "support_costs": ("month", "cost_type"),
    "schedules": ("schedule_id", "day_of_week", "start_time"),
    "holidays": ("schedule_id", "holiday_date"),
}

# (column, required)
TIMESTAMPS: dict[str, list[tuple[str, bool]]] = {
    "tickets": [("created_at", True)],
    "ticket_events": [("event_at", True)],
    "messages": [("sent_at", True)],
    "work_sessions": [("started_at", True), ("ended_at", True)],
    "agents": [("hired_at", False), ("terminated_at", False)],
    "customers": [("signed_up_at", False), ("churned_at", False)],
    "surveys": [("sent_at", True), ("responded_at", False)],
    "agent_status_log": [("started_at", True), ("ended_at", True)],
    "agent_shifts": [("scheduled_start", True), ("scheduled_end", True)],
    "calls": [
        ("queued_at", True),
        ("answered_at", False),
        ("ended_at", False),
        ("abandoned_at", False),
    ],
    "self_service_sessions": [("started_at", True), ("ended_at", False)],
    "leads": [("created_at", True), ("first_contacted_at", False), ("converted_at", False)],
    "support_costs": [("month", True)],
    "holidays": [("holiday_date", True)],
}

ORDERED: dict[str, list[tuple[str, str]]] = {
    "work_sessions": [("started_at", "ended_at")],
    "agents": [("hired_at", "terminated_at")],
    "customers": [("signed_up_at", "churned_at")],
    "surveys": [("sent_at", "responded_at")],
    "agent_status_log": [("started_at", "ended_at")],
    "agent_shifts": [("scheduled_start", "scheduled_end")],
    "calls": [
        ("queued_at", "answered_at"),
        ("answered_at", "ended_at"),
        ("queued_at", "abandoned_at"),
    ],
    "self_service_sessions": [("started_at", "ended_at")],
    "leads": [("created_at", "first_contacted_at"), ("created_at", "converted_at")],
}

STATUSES = {"new", "open", "pending", "on_hold", "solved", "closed"}
TIERS = {"L1", "L2", "L3"}
# (table, column) -> (accepted lower-cased values, required)
ENUMS: dict[tuple[str, str], tuple[set[str], bool]] = {
    ("tickets", "channel"): ({"email", "chat", "phone", "social", "web", "api"}, True),
    ("tickets", "priority"): ({"low", "normal", "high", "urgent"}, True),
    ("tickets", "created_by_type"): ({"customer", "agent", "bot"}, False),
    ("ticket_events", "event_type"): (
        {"status_change", "assignment", "escalation", "category_change", "priority_change"},
        True,
    ),
    ("messages", "author_type"): ({"customer", "agent", "bot", "system"}, True),
    ("messages", "is_public"): ({"true", "false", "t", "f", "1", "0", "yes", "no", "y", "n"}, True),
    ("surveys", "survey_type"): ({"csat", "ces", "nps"}, True),
    ("agent_status_log", "status"): (
        {"available", "handling", "after_call_work", "break", "meeting", "training", "offline"},
        True,
    ),
    ("agent_shifts", "activity"): ({"work", "break", "meeting", "training"}, True),
    ("calls", "direction"): ({"inbound", "outbound"}, True),
    ("calls", "outcome"): ({"converted", "not_converted", "no_answer"}, False),
    ("self_service_sessions", "entry_point"): (
        {"kb_search", "help_center", "in_app_chat", "chatbot"},
        True,
    ),
    ("self_service_sessions", "outcome"): ({"confirmed_resolved", "escalated", "abandoned"}, True),
    ("support_costs", "cost_type"): ({"salaries", "tools", "infrastructure", "overhead"}, True),
}

NON_NEGATIVE: dict[str, list[str]] = {
    "calls": ["hold_seconds", "after_call_work_seconds"],
    "agents": ["hourly_cost"],
    "support_costs": ["amount"],
}

SURVEY_SCALES = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}

# "required": null or unknown ticket_id rejected; "optional": only a non-null unknown one
TICKET_REFERENCE: dict[str, str] = {
    "ticket_events": "required",
    "messages": "required",
    "work_sessions": "required",
    "surveys": "required",
    "calls": "optional",
    "self_service_sessions": "optional",
}
