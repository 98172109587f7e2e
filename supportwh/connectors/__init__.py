"""Helpdesk connectors: the tables a connector source provides, and the
registration of a connector's exported files (docs/connectors.md).

The dbt project maps a connector's tables onto the raw layout of SPEC
section 1 in models/staging/<system>/; the tables of that layout it provides
are listed here and in the dbt macro connector_provided_tables (kept equal by
tests/test_connectors.py).
"""

from __future__ import annotations

SYSTEMS = ("helpdesk", "zendesk")

PROVIDED_TABLES: dict[str, tuple[str, ...]] = {
    "zendesk": (
        "tickets",
        "ticket_events",
        "messages",
        "agents",
        "customers",
        "surveys",
        "schedules",
        "holidays",
    ),
}

# raw_data_path with a connector source when no supplementary table exists
NO_RAW_DATA = "none"


def provided_tables(system: str) -> tuple[str, ...]:
    return PROVIDED_TABLES.get(system, ())
