"""The dbt vars the expectations need, read from the project like dbt reads them.

Defaults come from ``dbt_project.yml``; overrides use dbt's ``--vars`` syntax
(a YAML or JSON mapping), so the suite is run with the vars of the build it
checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]


class SettingsError(ValueError):
    """A var the expectations need is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    fcr_window_hours: float
    fcr_conversation_channels: tuple[str, ...]
    fcr_conversation_gap_minutes: float
    reopen_window_days: float
    as_of: datetime | None  # naive UTC; None = latest accepted timestamp in the warehouse

    @property
    def fcr_window_microseconds(self) -> int:
        return round(self.fcr_window_hours * 3600 * 1_000_000)

    @property
    def reopen_window_microseconds(self) -> int:
        return round(self.reopen_window_days * 86400 * 1_000_000)

    @property
    def conversation_gap_seconds(self) -> float:
        return self.fcr_conversation_gap_minutes * 60


def _number(name: str, value) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
    except (TypeError, ValueError):
        raise SettingsError(f"var {name}: expected a non-negative number, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise SettingsError(f"var {name}: expected a non-negative number, got {value!r}")
    return number


def parse_as_of(value) -> datetime | None:
    """ISO-8601 as the project reads it: no offset = UTC, an offset is converted."""
    if value is None or (isinstance(value, str) and value.strip().lower() in {"", "none", "null"}):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip().replace(" ", "T", 1)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            message = f"var as_of: expected an ISO-8601 timestamp, got {value!r}"
            raise SettingsError(message) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def project_vars(project_dir: Path = PROJECT_DIR) -> dict:
    with open(project_dir / "dbt_project.yml", encoding="utf-8") as handle:
        project = yaml.safe_load(handle) or {}
    return dict(project.get("vars") or {})


def load_settings(overrides: str | dict | None = None, project_dir: Path = PROJECT_DIR) -> Settings:
    """Vars of ``dbt_project.yml`` with ``overrides`` (dbt ``--vars`` text or a dict) on top."""
    values = project_vars(project_dir)
    if isinstance(overrides, str):
        parsed = yaml.safe_load(overrides) if overrides.strip() else {}
        if not isinstance(parsed, dict):
            raise SettingsError(f"--vars: expected a mapping, got {overrides!r}")
        overrides = parsed
    values.update(overrides or {})
    channels = values.get("fcr_conversation_channels")
    if isinstance(channels, str) or not isinstance(channels, (list, tuple)):
        raise SettingsError(f"var fcr_conversation_channels: expected a list, got {channels!r}")
    return Settings(
        fcr_window_hours=_number("fcr_window_hours", values.get("fcr_window_hours")),
        fcr_conversation_channels=tuple(str(c).strip().lower() for c in channels),
        fcr_conversation_gap_minutes=_number(
            "fcr_conversation_gap_minutes", values.get("fcr_conversation_gap_minutes")
        ),
        reopen_window_days=_number("reopen_window_days", values.get("reopen_window_days")),
        as_of=parse_as_of(values.get("as_of")),
    )
