"""Helpdesk connectors: the tables a connector source provides, and the
registration of a connector's exported files (docs/connectors.md).

The dbt project maps a connector's tables onto the raw layout of SPEC
section 1 in models/staging/<system>/; the tables of that layout it provides
are listed here and in the dbt macro connector_provided_tables (kept equal by
tests/test_connectors.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

SYSTEMS = ("helpdesk", "zendesk", "intercom", "freshdesk")

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
    "intercom": ("tickets", "ticket_events", "messages", "agents", "customers", "surveys"),
    "freshdesk": (
        "tickets",
        "ticket_events",
        "messages",
        "work_sessions",
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


def converter(system: str) -> Callable[[str | Path, str | Path], Any]:
    """The function writing a canonical dataset as a system's connector tables
    (supportwh.connectors.<system>.to_<system>(canonical_dir, out_dir)): it
    returns an export with connector_dir, canonical_dir and dbt_vars()."""
    if system not in SYSTEMS or system == "helpdesk":
        raise ValueError(f"no connector converter for {system!r}")
    module = importlib.import_module(f"{__name__}.{system}")
    return getattr(module, f"to_{system}")
