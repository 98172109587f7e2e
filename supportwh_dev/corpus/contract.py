"""The raw input contract (SPEC sections 1 and 3) as the corpus needs it.

Tables, columns and their order, required tables, id columns, keys, the
timestamp columns and the enum domains are read from the raw contract
(supportwh.raw.contract: the vars helpdesk_raw_contract and helpdesk_enums in
dbt_project.yml). What stays here restates the rejection rules of SPEC section 3
and the docs block dq_rejection_rules: which timestamps may be null, the text
a boolean accepts, non-negative numbers, ordered pairs, survey scales and ticket
references. It serves two purposes: screening the base dataset down to rows
that are valid, and naming the damaged rows' expected ``source_row_id``.
"""

from __future__ import annotations

from supportwh.raw.contract import raw_contract, raw_enums

_CONTRACT = raw_contract()
_ENUMS = raw_enums()

COLUMNS: dict[str, list[str]] = {t: table.column_names for t, table in _CONTRACT.items()}

REQUIRED_TABLES = tuple(t for t, table in _CONTRACT.items() if table.required)

# id column (None: the row number is the source_row_id) and the key that must be
# unique (tables without an id have a natural key)
ID_COLUMN: dict[str, str | None] = {t: table.id_column for t, table in _CONTRACT.items()}
KEY: dict[str, tuple[str, ...]] = {t: table.key for t, table in _CONTRACT.items()}

# Timestamps whose value may be null although a file must carry the column
# (unanswered, not yet contacted or converted, a call not answered / ended /
# abandoned); a column a file may lack may be null as well.
NULLABLE_TIMESTAMPS: dict[str, set[str]] = {
    "surveys": {"responded_at"},
    "calls": {"answered_at", "ended_at", "abandoned_at"},
    "leads": {"first_contacted_at", "converted_at"},
}

# (column, required: a null value is rejected): the contract's timestamp and
# date columns
TIMESTAMPS: dict[str, list[tuple[str, bool]]] = {
    t: stamps
    for t, table in _CONTRACT.items()
    if (
        stamps := [
            (c.name, c.required and c.name not in NULLABLE_TIMESTAMPS.get(t, set()))
            for c in table.columns
            if c.type in ("timestamp", "date")
        ]
    )
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

# the text a boolean accepts (macro parse_boolean), lower-cased
BOOLEAN_TEXTS = {"true", "false", "t", "f", "1", "0", "yes", "no", "y", "n"}
# (table, column) -> (accepted lower-cased values, required: a null value is
# rejected): the contract's enum columns (their domain) and boolean columns
ENUMS: dict[tuple[str, str], tuple[set[str], bool]] = {
    (t, c.name): (
        {v.lower() for v in _ENUMS[c.values]} if c.type == "enum" else BOOLEAN_TEXTS,
        c.required,
    )
    for t, table in _CONTRACT.items()
    for c in table.columns
    if c.type in ("enum", "boolean")
}

NON_NEGATIVE: dict[str, list[str]] = {
    "calls": ["hold_seconds", "after_call_work_seconds"],
    "agents": ["hourly_cost"],
    "support_costs": ["amount"],
    "customers": ["mrr"],
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
