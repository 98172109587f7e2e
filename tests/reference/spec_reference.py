"""Independent plain-Python reference ("oracle") of the support metrics spec.

Written only from ``/work/shared/SPEC.md`` (sections 1-3, plus the column
lists of section 4), ``docs/definitions.md`` and the metric docs blocks (the
markdown of ``models/**/_*__docs.md``, e.g. metric_status_time,
metric_sla_clock, metric_backlog_snapshot); it does not look at the dbt
project's SQL. Tests build the warehouse on a raw dataset and compare it with
this module ticket by ticket.

Public API::

    load_raw(raw_dir) -> dict[str, list[dict]]
    validate(raw) -> (accepted: dict[str, list[dict]], rejected: list[dict])
    compute_fact_ticket(accepted, params=None, categories=None)
        -> dict[ticket_id, dict]            (incl. the lifecycle columns)
    compute_fact_interaction(accepted, params=None)
        -> dict[(interaction_type, interaction_id), dict]
    compute_sla_events(accepted, params=None, policies=None)
        -> dict[(ticket_id, sla_metric, clock_sequence), dict]   (fact_sla_event)
    compute_backlog_daily(accepted, params=None)
        -> dict[(snapshot_date, ticket_id), dict]                (fact_backlog_daily)
    load_sla_policies(path=None) -> list[dict]  (the sla_policies seed, strings)
    business_minutes(start, end, schedule_id, accepted)  (helper)
    age_bucket(age_days) -> str
    default_as_of(accepted) -> datetime | None

Timestamps are naive datetimes holding UTC (as the warehouse stores them);
durations are fractional minutes.

Run ``python tests/reference/spec_reference.py RAW_DIR`` for a summary.

Only the standard library plus pyarrow (to read parquet) is used.
"""

from __future__ import annotations

import bisect
import csv
import os
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# --------------------------------------------------------------------------
# SPEC section 1: the raw contract
# --------------------------------------------------------------------------

TABLE_COLUMNS: dict[str, list[str]] = {
    "tickets": [
        "ticket_id",
        "customer_id",
        "created_at",
        "channel",
        "category",
        "priority",
        "created_by_type",
        "schedule_id",
    ],
    "ticket_events": [
        "event_id",
        "ticket_id",
        "event_at",
        "event_type",
        "actor_id",
        "from_value",
        "to_value",
        "reason",
    ],
    "messages": [
        "message_id",
        "ticket_id",
        "sent_at",
        "author_type",
        "author_id",
        "is_public",
        "channel",
    ],
    "work_sessions": ["session_id", "ticket_id", "agent_id", "started_at", "ended_at"],
    "agents": [
        "agent_id",
        "agent_name",
        "team",
        "tier",
        "is_bot",
        "hired_at",
        "terminated_at",
        "hourly_cost",
    ],
    "customers": [
        "customer_id",
        "account_id",
        "segment",
        "plan",
        "signed_up_at",
        "churned_at",
    ],
    "surveys": ["survey_id", "ticket_id", "survey_type", "sent_at", "responded_at", "score"],
    "agent_status_log": ["agent_id", "status", "started_at", "ended_at"],
    "agent_shifts": ["agent_id", "shift_id", "activity", "scheduled_start", "scheduled_end"],
    "calls": [
        "call_id",
        "ticket_id",
        "customer_id",
        "agent_id",
        "direction",
        "queued_at",
        "answered_at",
        "ended_at",
        "abandoned_at",
        "hold_seconds",
        "after_call_work_seconds",
        "outcome",
    ],
    "self_service_sessions": [
        "session_id",
        "customer_id",
        "started_at",
        "ended_at",
        "entry_point",
        "outcome",
        "ticket_id",
        "category",
    ],
    "leads": ["lead_id", "created_at", "first_contacted_at", "converted_at", "agent_id"],
    "support_costs": ["month", "cost_type", "amount"],
    "schedules": [
        "schedule_id",
        "timezone",
        "day_of_week",
        "start_time",
        "end_time",
        "is_default",
    ],
    "holidays": ["schedule_id", "holiday_date", "holiday_name"],
}

REQUIRED_TABLES = ("tickets", "ticket_events", "messages")

CHANNELS = {"email", "chat", "phone", "social", "web", "api"}
PRIORITIES = {"low", "normal", "high", "urgent"}
CREATED_BY = {"customer", "agent", "bot"}
EVENT_TYPES = {
    "status_change",
    "assignment",
    "escalation",
    "category_change",
    "priority_change",
    "linked_issue",
}
STATUSES = {"new", "open", "pending", "on_hold", "solved", "closed"}
RESOLVED_STATUSES = {"solved", "closed"}
REOPEN_TARGETS = {"new", "open", "pending", "on_hold"}
TIERS = {"l1": "L1", "l2": "L2", "l3": "L3"}
ESCALATION_REASONS = {"knowledge", "authorization", "complexity"}
# optional reasons: of a reopening status_change, of a link to an engineering issue
REOPEN_REASONS = {"incomplete_resolution", "customer_confusion", "product_bug", "policy_gap"}
LINKED_ISSUE_REASONS = {"bug", "feature_request"}
AUTHOR_TYPES = {"customer", "agent", "bot", "system"}
SURVEY_SCALES = {"csat": (1.0, 5.0), "ces": (1.0, 7.0), "nps": (0.0, 10.0)}
AGENT_STATUSES = {
    "available",
    "handling",
    "after_call_work",
    "break",
    "meeting",
    "training",
    "offline",
}
SHIFT_ACTIVITIES = {"work", "break", "meeting", "training"}
CALL_DIRECTIONS = {"inbound", "outbound"}
OUTBOUND_OUTCOMES = {"converted", "not_converted", "no_answer"}
ENTRY_POINTS = {"kb_search", "help_center", "in_app_chat", "chatbot"}
SELF_SERVICE_OUTCOMES = {"confirmed_resolved", "escalated", "abandoned"}
COST_TYPES = {"salaries", "tools", "infrastructure", "overhead"}

TRUE_WORDS = {"true", "1", "t", "yes"}
FALSE_WORDS = {"false", "0", "f", "no"}

# Per-table validation rules (SPEC section 3; docs block dq_rejection_rules).
# id: the id column, or None (row number used as source_row_id).
# ts_req / ts_opt: required / optional timestamps.
# enums: column -> accepted lower-cased values (null is accepted).
# bools, nums: columns parsed as boolean / number (unparseable -> rejected).
# nonneg: numeric columns that must not be negative.
# order: (start, end) pairs; end strictly before start is rejected.
# ticket_ref: "required" (null or unknown rejected), "optional" (only a non-null
#             unknown id rejected) or None.
TABLE_RULES: dict[str, dict] = {
    "tickets": dict(
        id="ticket_id",
        ts_req=["created_at"],
        enums={"channel": CHANNELS, "priority": PRIORITIES, "created_by_type": CREATED_BY},
    ),
    "ticket_events": dict(
        id="event_id",
        ts_req=["event_at"],
        enums={"event_type": EVENT_TYPES},
        ticket_ref="required",
    ),
    "messages": dict(
        id="message_id",
        ts_req=["sent_at"],
        enums={"author_type": AUTHOR_TYPES, "channel": CHANNELS},
        bools=["is_public"],
        ticket_ref="required",
    ),
    "work_sessions": dict(
        id="session_id",
        ts_req=["started_at"],
        ts_opt=["ended_at"],
        order=[("started_at", "ended_at")],
        ticket_ref="required",
    ),
    "agents": dict(
        id="agent_id",
        ts_opt=["hired_at", "terminated_at"],
        enums={"tier": set(TIERS)},
        bools=["is_bot"],
        nums=["hourly_cost"],
        order=[("hired_at", "terminated_at")],
    ),
    "customers": dict(
        id="customer_id",
        ts_opt=["signed_up_at", "churned_at"],
        # the optional mrr (absent from the file: read as blank)
        nums=["mrr"],
        nonneg=["mrr"],
        order=[("signed_up_at", "churned_at")],
    ),
    "surveys": dict(
        id="survey_id",
        ts_req=["sent_at"],
        ts_opt=["responded_at"],
        enums={"survey_type": set(SURVEY_SCALES)},
        nums=["score"],
        order=[("sent_at", "responded_at")],
        ticket_ref="required",
    ),
    "agent_status_log": dict(
        id=None,
        ts_req=["started_at"],
        ts_opt=["ended_at"],
        enums={"status": AGENT_STATUSES},
        order=[("started_at", "ended_at")],
    ),
    "agent_shifts": dict(
        id="shift_id",
        ts_req=["scheduled_start", "scheduled_end"],
        enums={"activity": SHIFT_ACTIVITIES},
        order=[("scheduled_start", "scheduled_end")],
    ),
    "calls": dict(
        id="call_id",
        ts_req=["queued_at"],
        ts_opt=["answered_at", "ended_at", "abandoned_at"],
        enums={"direction": CALL_DIRECTIONS},
        nums=["hold_seconds", "after_call_work_seconds"],
        nonneg=["hold_seconds", "after_call_work_seconds"],
        order=[
            ("queued_at", "answered_at"),
            ("queued_at", "ended_at"),
            ("queued_at", "abandoned_at"),
            ("answered_at", "ended_at"),
        ],
        ticket_ref="optional",
    ),
    "self_service_sessions": dict(
        id="session_id",
        ts_req=["started_at"],
        ts_opt=["ended_at"],
        enums={"entry_point": ENTRY_POINTS, "outcome": SELF_SERVICE_OUTCOMES},
        order=[("started_at", "ended_at")],
        ticket_ref="optional",
    ),
    "leads": dict(
        id="lead_id",
        ts_req=["created_at"],
        ts_opt=["first_contacted_at", "converted_at"],
        order=[("created_at", "first_contacted_at"), ("created_at", "converted_at")],
    ),
    "support_costs": dict(
        id=None,
        ts_req=["month"],
        enums={"cost_type": COST_TYPES},
        nums=["amount"],
    ),
    "schedules": dict(id=None, bools=["is_default"]),  # times/tz/day: custom checks
    "holidays": dict(id=None),  # holiday_date: custom check
}


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def _to_str(value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


class RawRows(list):
    """A list of row dicts that also remembers the file's column names."""

    columns: list[str]

    def __init__(self, rows=(), columns=None):
        super().__init__(rows)
        self.columns = list(columns) if columns is not None else []


def load_raw(raw_dir) -> dict[str, list[dict]]:
    """Read every table of SPEC section 1 present in ``raw_dir``.

    ``<table>.parquet`` wins over ``<table>.csv``. Values are strings or None
    (CSV: an empty field is None; parquet: ``str()`` of the value, None kept).
    Absent tables are missing from the result. Each value is a ``RawRows``
    (a list of dicts with a ``columns`` attribute).
    """
    raw: dict[str, list[dict]] = {}
    for table in TABLE_COLUMNS:
        pq_path = os.path.join(raw_dir, f"{table}.parquet")
        csv_path = os.path.join(raw_dir, f"{table}.csv")
        if os.path.exists(pq_path):
            import pyarrow.parquet as pq

            data = pq.read_table(pq_path)
            rows = [{k: _to_str(v) for k, v in row.items()} for row in data.to_pylist()]
            raw[table] = RawRows(rows, data.column_names)
        elif os.path.exists(csv_path):
            with open(csv_path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                rows = [
                    {k: (v if v != "" else None) for k, v in row.items() if k is not None}
                    for row in reader
                ]
                raw[table] = RawRows(rows, reader.fieldnames or [])
    return raw


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_timestamp(value):
    """ISO-8601 -> naive UTC datetime. No offset = UTC. Raises ValueError."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        text = value.strip()
        if text[-1:] == "z":
            text = text[:-1] + "Z"
        if len(text) > 10 and text[10] == "t":
            text = text[:10] + "T" + text[11:]
        dt = datetime.fromisoformat(text)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def parse_date(value) -> date:
    """A local calendar date: 'YYYY-MM-DD' or an ISO timestamp's date as written."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return datetime.fromisoformat(text).date()


def parse_clock(value, allow_24=False):
    """'HH:MM[:SS[.f]]' -> timedelta since local midnight ('24:00' allowed for ends)."""
    text = value.strip()
    if allow_24 and text in ("24:00", "24:00:00"):
        return timedelta(hours=24)
    t = time.fromisoformat(text)
    if t.tzinfo is not None:
        raise ValueError("time with offset")
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def parse_bool(value) -> bool:
    text = value.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def parse_number(value) -> float:
    number = float(value.strip())
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number


# --------------------------------------------------------------------------
# Validation (SPEC section 3)
# --------------------------------------------------------------------------


class MissingColumnError(ValueError):
    """A raw file lacks a required column."""


def _check_columns(table: str, rows: list[dict]) -> None:
    columns = getattr(rows, "columns", None)
    if columns:
        present = set(columns)
    elif rows:
        present = set(rows[0].keys())
    else:
        return
    for column in TABLE_COLUMNS[table]:
        if column not in present:
            raise MissingColumnError(f"raw table {table} lacks required column {column}")


def _row_key(row: dict):
    return tuple(sorted(row.items(), key=lambda kv: kv[0]))


def _check_row(table: str, row: dict, out: dict):
    """Rules after duplicates/missing id. Fills ``out`` with parsed values.

    Returns a rejection reason or None. Ticket reference checked by caller.
    """
    rules = TABLE_RULES[table]
    # missing or unparseable required timestamp
    for col in rules.get("ts_req", []):
        value = row.get(col)
        if _blank(value):
            return f"missing required timestamp {col}"
        try:
            out[col] = parse_timestamp(value)
        except (ValueError, TypeError):
            return f"unparseable timestamp {col}"
    if table == "schedules":
        for col in ("start_time", "end_time"):
            value = row.get(col)
            if _blank(value):
                return f"missing required time {col}"
            try:
                out[col] = parse_clock(value, allow_24=(col == "end_time"))
            except (ValueError, TypeError):
                return f"unparseable time {col}"
    if table == "holidays":
        value = row.get("holiday_date")
        if _blank(value):
            return "missing required date holiday_date"
        try:
            out["holiday_date"] = parse_date(value)
        except (ValueError, TypeError):
            return "unparseable date holiday_date"
    # unparseable optional timestamp
    for col in rules.get("ts_opt", []):
        value = row.get(col)
        if _blank(value):
            out[col] = None
            continue
        try:
            out[col] = parse_timestamp(value)
        except (ValueError, TypeError):
            return f"unparseable timestamp {col}"
    # unknown enum value (incl. booleans and numbers that do not parse)
    for col, allowed in rules.get("enums", {}).items():
        value = row.get(col)
        if _blank(value):
            out[col] = None
            continue
        norm = value.strip().lower()
        if norm not in allowed:
            return f"unknown {col} value"
        out[col] = TIERS[norm] if col == "tier" else norm
    for col in rules.get("bools", []):
        value = row.get(col)
        if _blank(value):
            out[col] = None
            continue
        try:
            out[col] = parse_bool(value)
        except ValueError:
            return f"unknown boolean value {col}"
    for col in rules.get("nums", []):
        value = row.get(col)
        if _blank(value):
            out[col] = None
            continue
        try:
            out[col] = parse_number(value)
        except ValueError:
            return f"unparseable number {col}"
    if table == "ticket_events":
        event_type = out.get("event_type")
        if event_type == "status_change":
            for col in ("from_value", "to_value"):
                value = row.get(col)
                if _blank(value):
                    out[col] = None
                    continue
                norm = value.strip().lower()
                if norm not in STATUSES:
                    return f"unknown status value {col}"
                out[col] = norm
            value = row.get("reason")
            if not _blank(value):
                norm = value.strip().lower()
                if norm not in REOPEN_REASONS:
                    return "unknown reopen reason"
                out["reason"] = norm
        elif event_type == "linked_issue":
            if _blank(row.get("to_value")):
                return "missing to_value for linked_issue"
            value = row.get("reason")
            if not _blank(value):
                norm = value.strip().lower()
                if norm not in LINKED_ISSUE_REASONS:
                    return "unknown linked_issue reason"
                out["reason"] = norm
        elif event_type == "escalation":
            value = row.get("to_value")
            if not _blank(value):
                norm = value.strip().lower()
                if norm not in TIERS:
                    return "unknown escalation tier"
                out["to_value"] = TIERS[norm]
            else:
                out["to_value"] = None
            value = row.get("reason")
            if not _blank(value):
                norm = value.strip().lower()
                if norm not in ESCALATION_REASONS:
                    return "unknown escalation reason"
                out["reason"] = norm
            else:
                out["reason"] = None
    if table == "calls":
        value = row.get("outcome")
        if out.get("direction") == "outbound" and not _blank(value):
            norm = value.strip().lower()
            if norm not in OUTBOUND_OUTCOMES:
                return "unknown outbound call outcome"
            out["outcome"] = norm
    if table == "schedules":
        value = row.get("timezone")
        if _blank(value):
            return "missing timezone"
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            return "unknown timezone"
        out["timezone"] = value.strip()
        value = row.get("day_of_week")
        if _blank(value):
            out["day_of_week"] = None
        else:
            try:
                number = parse_number(value)
            except ValueError:
                return "unknown day_of_week value"
            if number != int(number) or not 0 <= number <= 6:
                return "unknown day_of_week value"
            out["day_of_week"] = int(number)
    # end before start
    for start_col, end_col in rules.get("order", []):
        start, end = out.get(start_col), out.get(end_col)
        if start is not None and end is not None and end < start:
            return f"{end_col} before {start_col}"
    if table == "schedules" and out["end_time"] < out["start_time"]:
        return "end_time before start_time"
    # negative duration or count
    for col in rules.get("nonneg", []):
        if out.get(col) is not None and out[col] < 0:
            return f"negative {col}"
    # score outside the survey type's scale
    if table == "surveys" and out.get("score") is not None and out.get("survey_type"):
        low, high = SURVEY_SCALES[out["survey_type"]]
        if not low <= out["score"] <= high:
            return "score outside survey scale"
    return None


def validate(raw: dict[str, list[dict]]):
    """Apply SPEC section 3 / the docs block dq_rejection_rules.

    Returns ``(accepted, rejected)``: accepted maps each present table to its
    parsed rows (timestamps naive UTC datetimes, booleans, floats, enums
    lower-cased; every row also carries ``_row``, its 1-based file position);
    rejected is a list of ``{source_table, source_row_id, reason}``.
    """
    for table in REQUIRED_TABLES:
        if table not in raw:
            raise MissingColumnError(f"required raw table {table} is missing")
    accepted: dict[str, list[dict]] = {}
    rejected: list[dict] = []
    # tickets first: other tables check their ticket_id against accepted tickets
    order = ["tickets"] + [t for t in TABLE_COLUMNS if t != "tickets"]
    ticket_ids: set = set()
    ticket_created: dict = {}
    for table in order:
        if table not in raw:
            continue
        rows = raw[table]
        _check_columns(table, rows)
        rules = TABLE_RULES[table]
        id_col = rules["id"]
        # duplicates, on the raw values
        reasons: dict[int, str] = {}
        if id_col is not None:
            by_id: dict = defaultdict(list)
            for index, row in enumerate(rows):
                if not _blank(row.get(id_col)):
                    by_id[row[id_col]].append(index)
            for indexes in by_id.values():
                if len(indexes) < 2:
                    continue
                if len({_row_key(rows[i]) for i in indexes}) > 1:
                    for i in indexes:
                        reasons[i] = "conflicting duplicate id"
                else:
                    for i in indexes[1:]:
                        reasons[i] = "duplicate row"
        else:
            seen = set()
            for index, row in enumerate(rows):
                key = _row_key(row)
                if key in seen:
                    reasons[index] = "duplicate row"
                seen.add(key)
        good: list[dict] = []
        for index, row in enumerate(rows):
            row_number = index + 1
            source_row_id = row.get(id_col) if id_col is not None else str(row_number)
            reason = reasons.get(index)
            out = dict(row)
            out["_row"] = row_number
            if reason is None and id_col is not None and _blank(row.get(id_col)):
                reason = "missing id"
            if reason is None:
                reason = _check_row(table, row, out)
            if reason is None and rules.get("ticket_ref"):
                ticket_id = row.get("ticket_id")
                if rules["ticket_ref"] == "required" or not _blank(ticket_id):
                    if ticket_id not in ticket_ids:
                        reason = "unknown ticket_id"
                    elif (
                        table == "ticket_events"
                        and out.get("event_at") is not None
                        and out["event_at"] < ticket_created[ticket_id]
                    ):
                        # definitions.md: an event cannot precede its ticket
                        reason = "event before ticket creation"
                if _blank(ticket_id):
                    out["ticket_id"] = None
            if reason is None:
                good.append(out)
            else:
                rejected.append(
                    {"source_table": table, "source_row_id": source_row_id, "reason": reason}
                )
        accepted[table] = good
        if table == "tickets":
            ticket_ids = {row["ticket_id"] for row in good}
            ticket_created = {row["ticket_id"]: row["created_at"] for row in good}
    return accepted, rejected


# --------------------------------------------------------------------------
# Business minutes
# --------------------------------------------------------------------------


class _Calendar:
    """Business intervals of the schedules (accepted rows) and their holidays."""

    def __init__(self, accepted: dict):
        self.available = "schedules" in accepted
        self.rows: dict = defaultdict(list)
        defaults = set()
        for row in accepted.get("schedules", []):
            self.rows[row["schedule_id"]].append(row)
            if row.get("is_default") is True:
                defaults.add(row["schedule_id"])
        # several default schedules: the smallest id (as a string) wins
        self.default_id = min(defaults, key=str) if defaults else None
        self.holidays = {
            (row["schedule_id"], row["holiday_date"]) for row in accepted.get("holidays", [])
        }
        self._cache: dict = {}

    def schedule_for(self, schedule_id):
        if not self.available:
            return None
        if schedule_id is not None:
            return schedule_id if schedule_id in self.rows else None
        return self.default_id

    def _intervals_on(self, schedule_id, local_date: date):
        key = (schedule_id, local_date)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result = []
        if (schedule_id, local_date) not in self.holidays:
            weekday = local_date.weekday()
            midnight = datetime(local_date.year, local_date.month, local_date.day)
            for row in self.rows[schedule_id]:
                if row.get("day_of_week") != weekday:
                    continue
                zone = ZoneInfo(row["timezone"])
                start = _local_to_utc(midnight + row["start_time"], zone)
                end = _local_to_utc(midnight + row["end_time"], zone)
                if end > start:
                    result.append((start, end))
        # definitions.md: overlapping or touching rows are one interval
        merged: list = []
        for start, end in sorted(result):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._cache[key] = merged
        return merged

    def minutes(self, start: datetime, end: datetime, schedule_id):
        """Business minutes of [start, end] (naive UTC); None when no schedule."""
        resolved = self.schedule_for(schedule_id)
        if resolved is None:
            return None
        if start is None or end is None:
            return None
        if end <= start:
            return 0.0
        zones = {row["timezone"] for row in self.rows[resolved]}
        first = min(
            start.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(z)).date() for z in zones
        )
        last = max(end.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(z)).date() for z in zones)
        total = 0.0
        day = first - timedelta(days=1)
        while day <= last + timedelta(days=1):
            for b_start, b_end in self._intervals_on(resolved, day):
                lo = max(start, b_start)
                hi = min(end, b_end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60.0
            day += timedelta(days=1)
        return total

    def intervals(self, schedule_id, start: datetime, end: datetime | None, max_days=3700):
        """Business intervals of the schedule clipped to [start, end] (end None: no
        end, searched ``max_days`` local days ahead), in time order.

        The same intervals ``minutes`` sums, so the two agree: walking these is
        the inverse of ``minutes`` (used for SLA breach instants).
        """
        resolved = self.schedule_for(schedule_id)
        if resolved is None or start is None:
            return
        zones = {row["timezone"] for row in self.rows[resolved]}
        if not zones:
            return
        first = min(
            start.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(z)).date() for z in zones
        )
        if end is not None:
            last = max(
                end.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(z)).date() for z in zones
            )
        else:
            last = first + timedelta(days=max_days)
        day = first - timedelta(days=1)
        while day <= last + timedelta(days=1):
            for b_start, b_end in self._intervals_on(resolved, day):
                lo = max(start, b_start)
                hi = b_end if end is None else min(end, b_end)
                if hi > lo:
                    yield lo, hi
            day += timedelta(days=1)


def _local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Local wall clock -> naive UTC with the offset in force (fold=0)."""
    return local.replace(tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def business_minutes(start, end, schedule_id, accepted) -> float | None:
    """Convenience wrapper (builds the calendar each call; use in tests only)."""
    return _Calendar(accepted).minutes(start, end, schedule_id)


# --------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------

DEFAULT_PARAMS = {
    "reopen_window_days": 7,
    "fcr_window_hours": 168,
    "fcr_conversation_channels": ("chat", "phone"),
    "fcr_conversation_gap_minutes": 30,
    "as_of": None,
}


def _params(params) -> dict:
    merged = dict(DEFAULT_PARAMS)
    if params:
        merged.update(params)
    return merged


def _resolve_as_of(accepted, p: dict) -> datetime | None:
    """params['as_of'] (an ISO string or a datetime, converted to naive UTC), else
    the default as_of of the data."""
    as_of = p.get("as_of")
    if as_of is not None:
        return parse_timestamp(as_of)
    return default_as_of(accepted)


def default_as_of(accepted) -> datetime | None:
    """Latest accepted tickets.created_at, ticket_events.event_at, messages.sent_at."""
    candidates = []
    for table, col in (
        ("tickets", "created_at"),
        ("ticket_events", "event_at"),
        ("messages", "sent_at"),
    ):
        candidates.extend(row[col] for row in accepted.get(table, []) if row[col] is not None)
    return max(candidates) if candidates else None


def _minutes(start, end):
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60.0


def _is_reply(message: dict, ticket: dict) -> bool:
    return (
        message.get("is_public") is True
        and message.get("author_type") in ("agent", "bot")
        and message["sent_at"] >= ticket["created_at"]
    )


class _Index:
    """Children of each ticket, sorted in the definitions' order."""

    def __init__(self, accepted: dict):
        self.tickets = {row["ticket_id"]: row for row in accepted["tickets"]}
        self.events = defaultdict(list)
        for row in accepted.get("ticket_events", []):
            self.events[row["ticket_id"]].append(row)
        for rows in self.events.values():
            rows.sort(key=lambda r: (r["event_at"], str(r["event_id"])))
        self.messages = defaultdict(list)
        for row in accepted.get("messages", []):
            self.messages[row["ticket_id"]].append(row)
        for rows in self.messages.values():
            rows.sort(key=lambda r: (r["sent_at"], str(r["message_id"])))
        self.sessions = defaultdict(list)
        for row in accepted.get("work_sessions", []):
            self.sessions[row["ticket_id"]].append(row)
        self.calls = defaultdict(list)
        for row in accepted.get("calls", []):
            if row.get("ticket_id") is not None:
                self.calls[row["ticket_id"]].append(row)
        for rows in self.calls.values():
            rows.sort(key=lambda r: (r["queued_at"], str(r["call_id"])))
        self.surveys = defaultdict(list)
        for row in accepted.get("surveys", []):
            self.surveys[row["ticket_id"]].append(row)
        self.agent_is_bot = {
            row["agent_id"]: row.get("is_bot") for row in accepted.get("agents", [])
        }
        self.has_sessions = "work_sessions" in accepted
        self.has_calls = "calls" in accepted

    def is_human_staff(self, agent_id) -> bool:
        """Assignments, sessions, calls: unknown non-null agent ids count as human."""
        if agent_id is None:
            return False
        if agent_id not in self.agent_is_bot:
            return True
        return self.agent_is_bot[agent_id] is False

    def is_known_human(self, agent_id) -> bool:
        return agent_id in self.agent_is_bot and self.agent_is_bot[agent_id] is False


def _current_value(events, event_type, raw_value):
    value = raw_value
    for event in events:
        if event["event_type"] == event_type:
            value = event.get("to_value")
    return value


def _status_history(events):
    """Returns (current_status, resolutions[(index, event)], reopens[(index, event)])."""
    previous_to = None
    current = "new"
    resolutions, reopens = [], []
    for index, event in enumerate(events):
        if event["event_type"] != "status_change":
            continue
        # the chain of to_values (the status spells' chain): from_value unused
        from_status = previous_to or "new"
        to_status = event.get("to_value")
        if to_status in RESOLVED_STATUSES and from_status not in RESOLVED_STATUSES:
            resolutions.append((index, event))
        if from_status in RESOLVED_STATUSES and to_status in REOPEN_TARGETS:
            reopens.append((index, event))
        previous_to = to_status
        current = to_status
    return current, resolutions, reopens


def _reply_analysis(messages, ticket):
    """First response message and response_minutes per reply message_id."""
    first_reply = None
    response = {}
    waiting_since = None  # oldest public customer message since the previous reply
    reply_count = 0
    for message in messages:
        if _is_reply(message, ticket):
            reply_count += 1
            if first_reply is None:
                first_reply = message
            response[message["message_id"]] = _minutes(waiting_since, message["sent_at"])
            waiting_since = None
        elif message.get("author_type") == "customer" and message.get("is_public") is True:
            if waiting_since is None:
                waiting_since = message["sent_at"]
    return first_reply, response, reply_count


def _latest_score(surveys, survey_type):
    """Score of the answered survey of that type with the latest responded_at, then id."""
    answered = [
        s for s in surveys if s.get("survey_type") == survey_type and s.get("score") is not None
    ]
    if not answered:
        return None
    answered.sort(key=lambda s: (s.get("responded_at") or datetime.min, str(s["survey_id"])))
    return answered[-1]["score"]


def compute_fact_ticket(accepted, params=None, categories=None) -> dict:
    """One dict per accepted ticket with the columns of SPEC section 4 fact_ticket
    (the lifecycle columns included: see ``_lifecycle_columns``).

    ``categories`` (or ``params['categories']``): {category: complexity_tier};
    without it complexity_tier is None.
    """
    p = _params(params)
    if categories is None:
        categories = p.get("categories") or {}
    as_of = _resolve_as_of(accepted, p)
    reopen_window = timedelta(days=float(p["reopen_window_days"]))
    fcr_window = timedelta(hours=float(p["fcr_window_hours"]))
    conversation_channels = {c.lower() for c in p["fcr_conversation_channels"]}
    gap = timedelta(minutes=float(p["fcr_conversation_gap_minutes"]))

    idx = _Index(accepted)
    calendar = _Calendar(accepted)

    # current category per ticket, then rule (c)'s index
    current_category = {}
    current_priority = {}
    for ticket_id, ticket in idx.tickets.items():
        events = idx.events.get(ticket_id, [])
        # definitions.md: categories are compared trimmed and lower-cased
        category = _current_value(events, "category_change", ticket["category"])
        current_category[ticket_id] = (category.strip().lower() or None) if category else None
        current_priority[ticket_id] = _current_value(events, "priority_change", ticket["priority"])
    followups: dict = defaultdict(list)
    for ticket_id, ticket in idx.tickets.items():
        if ticket.get("created_by_type") != "customer":
            continue
        customer, category = ticket.get("customer_id"), current_category[ticket_id]
        if customer is None or category is None:
            continue
        followups[(customer, category)].append((ticket["created_at"], str(ticket_id)))
    for rows in followups.values():
        rows.sort()

    facts = {}
    for ticket_id, ticket in idx.tickets.items():
        events = idx.events.get(ticket_id, [])
        messages = idx.messages.get(ticket_id, [])
        calls = idx.calls.get(ticket_id, [])
        sessions = idx.sessions.get(ticket_id, [])
        created_at = ticket["created_at"]
        inbound = ticket.get("created_by_type") == "customer"

        first_reply, response, reply_count = _reply_analysis(messages, ticket)
        first_response_at = first_reply["sent_at"] if (first_reply and inbound) else None

        current_status, resolutions, reopens = _status_history(events)
        first_resolved_at = resolutions[0][1]["event_at"] if resolutions else None
        resolved_at = (
            resolutions[-1][1]["event_at"]
            if resolutions and current_status in RESOLVED_STATUSES
            else None
        )

        reopened_within = False
        for reopen_index, reopen in reopens:
            before = [e for i, e in resolutions if i < reopen_index]
            if before and reopen["event_at"] <= before[-1]["event_at"] + reopen_window:
                reopened_within = True
                break

        # handle time
        if not idx.has_sessions and not idx.has_calls:
            handle_seconds = None
        else:
            handle_seconds = 0.0
            for session in sessions:
                if session.get("started_at") and session.get("ended_at"):
                    handle_seconds += (session["ended_at"] - session["started_at"]).total_seconds()
            for call in calls:
                if call.get("answered_at") and call.get("ended_at"):
                    handle_seconds += (call["ended_at"] - call["answered_at"]).total_seconds()
                if call.get("after_call_work_seconds") is not None:
                    handle_seconds += call["after_call_work_seconds"]

        # escalations and assignments
        escalations = [e for e in events if e["event_type"] == "escalation"]
        assignments = [e for e in events if e["event_type"] == "assignment"]

        resolved_by = None
        if resolved_at is not None:
            before = [a for a in assignments if a["event_at"] <= resolved_at]
            if before:
                resolved_by = before[-1].get("to_value")
            else:
                replies = [
                    m for m in messages if _is_reply(m, ticket) and m["sent_at"] <= resolved_at
                ]
                if replies:
                    resolved_by = replies[-1].get("author_id")
        if resolved_at is not None and assignments:
            resolved_by_first = resolved_by == assignments[0].get("to_value")
        else:
            resolved_by_first = None

        # automation
        bot_reply = any(_is_reply(m, ticket) and m["author_type"] == "bot" for m in messages)
        human_touch = (
            any(m.get("author_type") == "agent" for m in messages)
            or any(idx.is_human_staff(s.get("agent_id")) for s in sessions)
            or any(idx.is_human_staff(c.get("agent_id")) for c in calls)
            or any(idx.is_human_staff(a.get("to_value")) for a in assignments)
            # a link to an engineering issue is a record about the ticket, not work on it
            or any(
                idx.is_known_human(e.get("actor_id"))
                for e in events
                if e["event_type"] != "linked_issue"
            )
        )
        automated = resolved_at is not None and bot_reply and not human_touch

        # FCR
        if not inbound:
            fcr_status = "not_applicable"
        elif first_resolved_at is None:
            fcr_status = "unresolved"
        else:
            window_end = first_resolved_at + fcr_window
            seen = False
            # (a) a new contact between the first response and the first resolution
            if first_reply is not None:
                fr_key = (first_reply["sent_at"], str(first_reply["message_id"]))
                conversational = (ticket.get("channel") or "") in conversation_channels
                call_times = sorted(c["queued_at"] for c in calls)
                for position, message in enumerate(messages):
                    key = (message["sent_at"], str(message["message_id"]))
                    if key <= fr_key:
                        continue
                    if message["sent_at"] >= first_resolved_at:
                        break
                    if not (
                        message.get("author_type") == "customer"
                        and message.get("is_public") is True
                    ):
                        continue
                    if not conversational:
                        seen = True
                        break
                    previous = messages[position - 1]["sent_at"] if position > 0 else None
                    k = bisect.bisect_right(call_times, message["sent_at"])
                    if k:
                        previous = (
                            call_times[k - 1]
                            if previous is None
                            else max(previous, call_times[k - 1])
                        )
                    if previous is None or message["sent_at"] - previous > gap:
                        seen = True
                        break
            # (b) a reopen inside the window
            if not seen:
                # ordered after the first resolution (ties on event_at by event_id)
                first_index = resolutions[0][0]
                seen = any(i > first_index and e["event_at"] <= window_end for i, e in reopens)
            # (c) a same-customer, same-category customer ticket inside the window
            if not seen:
                customer, category = ticket.get("customer_id"), current_category[ticket_id]
                if customer is not None and category is not None:
                    rows = followups.get((customer, category), [])
                    k = bisect.bisect_right(rows, (first_resolved_at, "\U0010ffff"))
                    while k < len(rows) and rows[k][0] <= window_end:
                        if rows[k][1] != str(ticket_id):
                            seen = True
                            break
                        k += 1
            if seen:
                fcr_status = "not_first_contact"
            elif as_of is None or window_end > as_of:
                fcr_status = "pending"
            else:
                fcr_status = "first_contact"
        is_fcr = {"first_contact": True, "not_first_contact": False}.get(fcr_status)

        surveys = idx.surveys.get(ticket_id, [])

        schedule_id = ticket.get("schedule_id")
        category = current_category[ticket_id]
        facts[ticket_id] = {
            "ticket_id": ticket_id,
            "customer_id": ticket.get("customer_id"),
            "channel": ticket.get("channel"),
            "category": category,
            "priority": current_priority[ticket_id],
            "original_category": ticket.get("category"),
            "original_priority": ticket.get("priority"),
            "complexity_tier": categories.get(category) if category is not None else None,
            "created_by_type": ticket.get("created_by_type"),
            "created_at": created_at,
            "current_status": current_status,
            "first_response_at": first_response_at,
            "first_response_minutes": _minutes(created_at, first_response_at),
            "first_response_business_minutes": (
                calendar.minutes(created_at, first_response_at, schedule_id)
                if first_response_at is not None
                else None
            ),
            "first_resolved_at": first_resolved_at,
            "resolved_at": resolved_at,
            "resolution_minutes": _minutes(created_at, resolved_at),
            "resolution_business_minutes": (
                calendar.minutes(created_at, resolved_at, schedule_id)
                if resolved_at is not None
                else None
            ),
            "handle_seconds": handle_seconds,
            "reopen_count": len(reopens),
            "is_reopened_within_window": reopened_within,
            "agent_reply_count": reply_count,
            "is_one_touch": resolved_at is not None and reply_count == 1,
            "is_first_contact_resolved": is_fcr,
            "fcr_status": fcr_status,
            "is_escalated": bool(escalations),
            "escalation_count": len(escalations),
            "first_escalation_tier": escalations[0].get("to_value") if escalations else None,
            "first_escalation_reason": escalations[0].get("reason") if escalations else None,
            "assignment_count": len(assignments),
            "is_resolved_by_first_assignee": resolved_by_first,
            "resolved_by_agent_id": resolved_by,
            "is_automated_resolution": automated,
            "csat_score": _latest_score(surveys, "csat"),
            "ces_score": _latest_score(surveys, "ces"),
        }
        facts[ticket_id].update(
            _lifecycle_columns(ticket, events, as_of, calendar, resolved_at, response)
        )
    return facts


def compute_fact_interaction(accepted, params=None) -> dict:
    """One dict per message and per call, keyed (interaction_type, interaction_id)."""
    idx = _Index(accepted)
    facts = {}
    for ticket_id, messages in idx.messages.items():
        ticket = idx.tickets[ticket_id]
        inbound = ticket.get("created_by_type") == "customer"
        first_reply, response, _ = _reply_analysis(messages, ticket)
        first_id = first_reply["message_id"] if (first_reply is not None and inbound) else None
        for message in messages:
            message_id = message["message_id"]
            facts[("message", message_id)] = {
                "interaction_id": message_id,
                "ticket_id": ticket_id,
                "interaction_type": "message",
                "interaction_at": message["sent_at"],
                "author_type": message.get("author_type"),
                "author_id": message.get("author_id"),
                "channel": message.get("channel"),
                "is_public": message.get("is_public"),
                "is_first_response": message_id == first_id,
                "response_minutes": response.get(message_id),
            }
    for call in accepted.get("calls", []):
        direction = call.get("direction")
        if direction == "inbound":
            author_type, author_id = "customer", call.get("customer_id")
        elif direction == "outbound":
            author_type, author_id = "agent", call.get("agent_id")
        else:
            author_type, author_id = None, None
        facts[("call", call["call_id"])] = {
            "interaction_id": call["call_id"],
            "ticket_id": call.get("ticket_id"),
            "interaction_type": "call",
            "interaction_at": call["queued_at"],
            "author_type": author_type,
            "author_id": author_id,
            "channel": "phone",
            "is_public": True,
            "is_first_response": False,
            "response_minutes": None,
        }
    return facts


# --------------------------------------------------------------------------
# Ticket lifecycle (SPEC section 2 "Ticket lifecycle"; docs blocks
# metric_status_time, metric_requester_wait, metric_agent_wait,
# metric_assignment_time, metric_ticket_age, metric_ticket_reply_minutes,
# metric_sla_clock, metric_backlog_snapshot)
# --------------------------------------------------------------------------

LIFECYCLE_STATUSES = ("new", "open", "pending", "on_hold")
REQUESTER_WAIT_STATUSES = ("new", "open", "on_hold")
SLA_METRICS = ("first_reply", "next_reply", "requester_wait", "resolution")
# (exclusive upper bound in days, label); lower bounds inclusive
AGE_BUCKETS = ((1.0, "< 1 day"), (3.0, "1-3 days"), (7.0, "3-7 days"), (30.0, "7-30 days"))
AGE_BUCKET_LAST = "> 30 days"
DEFAULT_SLA_POLICIES_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "seeds", "sla_policies.csv"
)
_EPSILON_MINUTES = 1e-9


def _timeline(created_at, events, as_of):
    """Pieces ``(start, end, status, assignee)`` covering ``[created_at, as_of]``.

    The ticket is ``new`` with no assignee from created_at; each status change
    (ticket order) sets the status to its ``to_value`` (from_value unused), each
    assignment the assignee to its ``to_value`` (blank = no assignee). A change
    stamped before created_at only sets the state the ticket starts with; one
    after as_of is ignored. Only pieces of positive length are returned; a new
    piece starts at every change, so every status spell is a run of pieces.
    """
    pieces = []
    if created_at is None or as_of is None:
        return pieces
    cursor, status, assignee = created_at, "new", None
    for event in events:
        kind = event["event_type"]
        if kind not in ("status_change", "assignment"):
            continue
        at = event["event_at"]
        if at > as_of:
            break
        if at > cursor:
            pieces.append((cursor, at, status, assignee))
            cursor = at
        if kind == "status_change":
            status = event.get("to_value")
        else:
            assignee = event.get("to_value")
    if as_of > cursor:
        pieces.append((cursor, as_of, status, assignee))
    return pieces


def _status_at(events, instant):
    """(status, last status change's event_at) after the changes at or before ``instant``."""
    status, changed_at = "new", None
    for event in events:
        if event["event_at"] > instant:
            break
        if event["event_type"] == "status_change":
            status, changed_at = event.get("to_value"), event["event_at"]
    return status, changed_at


def _value_at(events, event_type, instant, raw_value):
    """``to_value`` of the last ``event_type`` event at or before ``instant``, else raw."""
    value = raw_value
    for event in events:
        if event["event_at"] > instant:
            break
        if event["event_type"] == event_type:
            value = event.get("to_value")
    return value


def _lifecycle_columns(ticket, events, as_of, calendar, resolved_at, response) -> dict:
    """The lifecycle columns of SPEC section 4 fact_ticket for one ticket."""
    created_at = ticket["created_at"]
    schedule_id = ticket.get("schedule_id")
    has_schedule = calendar.schedule_for(schedule_id) is not None
    calendar_minutes = dict.fromkeys(LIFECYCLE_STATUSES, 0.0)
    business = dict.fromkeys(LIFECYCLE_STATUSES, 0.0) if has_schedule else None
    unassigned = 0.0
    for start, end, status_value, assignee in _timeline(created_at, events, as_of):
        length = _minutes(start, end)
        if status_value in calendar_minutes:
            calendar_minutes[status_value] += length
            if business is not None:
                business[status_value] += calendar.minutes(start, end, schedule_id)
        if status_value not in RESOLVED_STATUSES and assignee is None:
            unassigned += length

    row = {}
    for status_value in LIFECYCLE_STATUSES:
        row[f"{status_value}_minutes"] = calendar_minutes[status_value]
        row[f"{status_value}_business_minutes"] = (
            business[status_value] if business is not None else None
        )
    row["requester_wait_minutes"] = sum(calendar_minutes[s] for s in REQUESTER_WAIT_STATUSES)
    row["requester_wait_business_minutes"] = (
        sum(business[s] for s in REQUESTER_WAIT_STATUSES) if business is not None else None
    )
    row["agent_wait_minutes"] = calendar_minutes["pending"]
    row["agent_wait_business_minutes"] = business["pending"] if business is not None else None

    # assignments (metric_assignment_time)
    assignments = [e for e in events if e["event_type"] == "assignment"]
    first_assigned_at = assignments[0]["event_at"] if assignments else None
    row["first_assigned_at"] = first_assigned_at
    row["minutes_to_first_assignment"] = (
        max(0.0, _minutes(created_at, first_assigned_at)) if first_assigned_at is not None else None
    )
    row["unassigned_minutes"] = unassigned
    row["first_assignment_to_resolution_minutes"] = (
        max(0.0, _minutes(first_assigned_at, resolved_at))
        if first_assigned_at is not None and resolved_at is not None
        else None
    )

    # age of a ticket open at as_of (metric_ticket_age)
    age = since = None
    if as_of is not None and created_at <= as_of:
        status_now, changed_at = _status_at(events, as_of)
        if status_now not in RESOLVED_STATUSES:
            age = _minutes(created_at, as_of)
            # a change stamped before created_at counts from created_at
            since_start = created_at if changed_at is None else max(changed_at, created_at)
            since = _minutes(since_start, as_of)
    row["age_minutes"] = age
    row["minutes_since_status_change"] = since

    # reply minutes (metric_ticket_reply_minutes)
    values = [v for v in response.values() if v is not None]
    row["total_reply_minutes"] = sum(values) if values else None
    row["max_reply_minutes"] = max(values) if values else None
    return row


# ---------------------------------------------------------------- SLA clocks


def load_sla_policies(path=None) -> list[dict]:
    """Rows of the sla_policies seed as dicts of strings (blank = '')."""
    path = path or DEFAULT_SLA_POLICIES_PATH
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _parse_policies(policies) -> dict:
    """sla_metric -> list of parsed policy rows (blank priority/channel/segment = None)."""

    def text(row, name):
        value = row.get(name)
        return None if _blank(value) else str(value).strip()

    parsed: dict = defaultdict(list)
    for row in policies:
        metric = text(row, "sla_metric")
        if metric is None:
            continue
        flag = row.get("is_business_hours")
        if isinstance(flag, bool):
            is_business = flag
        else:
            is_business = False if _blank(flag) else parse_bool(str(flag))
        parsed[metric.lower()].append(
            {
                "policy_id": text(row, "policy_id"),
                "priority": text(row, "priority"),
                "channel": text(row, "channel"),
                "customer_segment": text(row, "customer_segment"),
                "target_minutes": parse_number(str(row["target_minutes"])),
                "is_business_hours": is_business,
            }
        )
    return parsed


def _pick_policy(candidates, priority, channel, segment):
    """Most specific matching row (metric_sla_clock): most non-blank fields first;
    among equals a set channel outranks a set priority, which outranks a set segment
    (compared in that order, so of two-field rows channel+priority > channel+segment >
    priority+segment). Ties beyond that, impossible with the (metric, priority, channel,
    segment) rows unique: the smallest policy_id."""
    best, best_key = None, None
    for policy in candidates:
        if policy["priority"] is not None and policy["priority"] != priority:
            continue
        if policy["channel"] is not None and policy["channel"] != channel:
            continue
        if policy["customer_segment"] is not None and policy["customer_segment"] != segment:
            continue
        flags = (
            policy["channel"] is not None,
            policy["priority"] is not None,
            policy["customer_segment"] is not None,
        )
        key = (sum(flags), *flags)
        if (
            best is None
            or key > best_key
            or (key == best_key and str(policy["policy_id"]) < str(best["policy_id"]))
        ):
            best, best_key = policy, key
    return best


def _reply_clock_stop(reply_index, reply_at, resolution_at):
    """(stop instant, stopped by a resolution?, index of the stopping reply or None)."""
    candidates = [t for t in (reply_at, resolution_at) if t is not None]
    if not candidates:
        return (None, False, None)
    stop = min(candidates)
    return (stop, resolution_at == stop, reply_index if reply_at == stop else None)


def _clock_covers(clock, position, sent_at) -> bool:
    """Is a reply clock still running when the message at ``position`` is sent?

    It is unless it stopped before: at an earlier instant, or at this very instant by
    a resolution (status changes stamped at or before a message count as before it)
    or by a reply that comes earlier in message order.
    """
    stop, by_resolution, reply_index = clock
    if stop is None or sent_at < stop:
        return True
    if sent_at > stop or by_resolution:
        return False
    return reply_index is not None and position < reply_index


def _ticket_clocks(ticket, events, messages, as_of):
    """``[(sla_metric, started_at, stopped_at or None while running)]`` of one ticket,
    in start order within each metric."""
    created_at = ticket["created_at"]
    if as_of is None or created_at > as_of:
        return []  # a clock starts at or before as_of
    inbound = ticket.get("created_by_type") == "customer"
    _, resolutions, _ = _status_history(events)
    resolution_times = [e["event_at"] for _, e in resolutions]  # ticket order: sorted

    def at_as_of(stop):  # a stop after as_of leaves the clock running
        return None if stop is None or stop > as_of else stop

    clocks = []
    replies = [i for i, m in enumerate(messages) if _is_reply(m, ticket)]
    current = None  # the reply clock last started
    if inbound:
        # first_reply: stops at the first reply, or at the first resolution if that
        # comes before any reply
        first = replies[0] if replies else None
        current = _reply_clock_stop(
            first,
            messages[first]["sent_at"] if first is not None else None,
            resolution_times[0] if resolution_times else None,
        )
        clocks.append(("first_reply", created_at, at_as_of(current[0])))
    for position, message_row in enumerate(messages):
        if not (
            message_row.get("author_type") == "customer" and message_row.get("is_public") is True
        ):
            continue
        sent_at = message_row["sent_at"]
        if sent_at < created_at:
            continue
        if sent_at > as_of:
            break
        if current is not None and _clock_covers(current, position, sent_at):
            continue  # joins the running clock
        if _status_at(events, sent_at)[0] in RESOLVED_STATUSES:
            continue  # a message to a solved or closed ticket owes no reply
        # stops at the next reply (message order) or the next resolution stamped
        # strictly after the message, whichever comes first
        k = bisect.bisect_right(replies, position)
        reply_index = replies[k] if k < len(replies) else None
        q = bisect.bisect_right(resolution_times, sent_at)
        current = _reply_clock_stop(
            reply_index,
            messages[reply_index]["sent_at"] if reply_index is not None else None,
            resolution_times[q] if q < len(resolution_times) else None,
        )
        clocks.append(("next_reply", sent_at, at_as_of(current[0])))

    # requester_wait and resolution stop when resolved: the last resolution at or
    # before as_of, if the ticket is still solved or closed at as_of
    status_now, _ = _status_at(events, as_of)
    done = [t for t in resolution_times if t <= as_of]
    stop = done[-1] if (status_now in RESOLVED_STATUSES and done) else None
    clocks.append(("requester_wait", created_at, stop))
    clocks.append(("resolution", created_at, stop))
    return clocks


def _reach(segments, target, calendar=None, schedule_id=None):
    """First instant at which the time counted over ``segments`` (sorted disjoint
    ``(start, end)``, end None = open) reaches ``target`` minutes: calendar time,
    or business time of the schedule when ``calendar`` is given. When the target
    runs out exactly at the end of a piece, that end is the answer. None if never."""
    remaining = float(target)
    for start, end in segments:
        if calendar is None:
            pieces = [(start, end)]
        else:
            pieces = calendar.intervals(schedule_id, start, end)
        for lo, hi in pieces:
            if hi is None:
                return lo + timedelta(minutes=remaining)
            length = _minutes(lo, hi)
            if remaining <= length + _EPSILON_MINUTES:
                if remaining >= length - _EPSILON_MINUTES:
                    return hi
                return min(hi, lo + timedelta(minutes=remaining))
            remaining -= length
    return None


def compute_sla_events(accepted, params=None, policies=None) -> dict:
    """One dict per SLA clock (fact_sla_event), keyed (ticket_id, sla_metric,
    clock_sequence). ``policies``: rows of the sla_policies seed (dicts of strings);
    default: the project's ``seeds/sla_policies.csv``."""
    p = _params(params)
    as_of = _resolve_as_of(accepted, p)
    if policies is None:
        policies = load_sla_policies()
    by_metric = _parse_policies(policies)
    idx = _Index(accepted)
    calendar = _Calendar(accepted)
    segments = {row["customer_id"]: row.get("segment") for row in accepted.get("customers", [])}
    out = {}
    for ticket_id, ticket in idx.tickets.items():
        events = idx.events.get(ticket_id, [])
        clocks = _ticket_clocks(ticket, events, idx.messages.get(ticket_id, []), as_of)
        if not clocks:
            continue
        schedule_id = ticket.get("schedule_id")
        has_schedule = calendar.schedule_for(schedule_id) is not None
        segment = segments.get(ticket.get("customer_id"))
        sequence: Counter = Counter()
        pieces = None
        for metric, started_at, stopped_at in clocks:
            active = stopped_at is None
            end = as_of if active else stopped_at
            priority = _value_at(events, "priority_change", end, ticket.get("priority"))
            policy = _pick_policy(
                by_metric.get(metric, ()), priority, ticket.get("channel"), segment
            )
            if policy is None:
                continue  # no row in the fact, and no clock_sequence number
            sequence[metric] += 1  # 1.. in start order, among the clocks with a policy
            target = policy["target_minutes"]
            business = policy["is_business_hours"]
            measure = calendar if business else None
            if business and not has_schedule:
                elapsed = breach_at = None
            elif metric == "requester_wait":
                if pieces is None:
                    pieces = _timeline(ticket["created_at"], events, as_of)
                counted = [
                    (max(lo, started_at), min(hi, end))
                    for lo, hi, status_value, _ in pieces
                    if status_value in REQUESTER_WAIT_STATUSES
                    and min(hi, end) > max(lo, started_at)
                ]
                if business:
                    elapsed = sum(calendar.minutes(lo, hi, schedule_id) for lo, hi in counted)
                else:
                    elapsed = sum(_minutes(lo, hi) for lo, hi in counted)
                # breach_at: the instant the target was reached, when it was; else
                # projected from as_of while the ticket counts (new/open/on_hold) at
                # as_of; else null (paused in pending or any other non-counting
                # status, or stopped below target: not known)
                walk = list(counted)
                if active and _status_at(events, as_of)[0] in REQUESTER_WAIT_STATUSES:
                    walk.append((as_of, None))
                breach_at = _reach(walk, target, measure, schedule_id)
            else:
                if business:
                    elapsed = calendar.minutes(started_at, end, schedule_id)
                else:
                    elapsed = _minutes(started_at, end)
                breach_at = _reach([(started_at, None)], target, measure, schedule_id)
            if elapsed is None:
                is_breached = None
            elif elapsed > target:
                is_breached = True
            else:
                is_breached = None if active else False
            key = (ticket_id, metric, sequence[metric])
            out[key] = {
                "ticket_id": ticket_id,
                "sla_metric": metric,
                "clock_sequence": sequence[metric],
                "policy_id": policy["policy_id"],
                "priority": priority,
                "target_minutes": target,
                "is_business_hours": business,
                "started_at": started_at,
                "breach_at": breach_at,
                "stopped_at": stopped_at,
                "elapsed_minutes": elapsed,
                "is_breached": is_breached,
                "is_active": active,
                "minutes_remaining": (target - elapsed if active and elapsed is not None else None),
            }
    return out


# ---------------------------------------------------------------- backlog snapshot


def age_bucket(age_days: float) -> str:
    for upper, label in AGE_BUCKETS:
        if age_days < upper:
            return label
    return AGE_BUCKET_LAST


def compute_backlog_daily(accepted, params=None) -> dict:
    """fact_backlog_daily: one dict per (snapshot_date, ticket_id) for each UTC day
    at whose end (the next midnight; on the day that holds as_of: as_of itself) the
    ticket exists and is not solved or closed."""
    p = _params(params)
    as_of = _resolve_as_of(accepted, p)
    out: dict = {}
    if as_of is None:
        return out
    idx = _Index(accepted)
    last_day = as_of.date()
    kinds = ("status_change", "priority_change", "assignment")
    for ticket_id, ticket in idx.tickets.items():
        created_at = ticket["created_at"]
        if created_at > as_of:
            continue
        events = [e for e in idx.events.get(ticket_id, []) if e["event_type"] in kinds]
        status_value, priority, assignee = "new", ticket.get("priority"), None
        k = 0
        day = created_at.date()
        while day <= last_day:
            complete = day < last_day
            if complete:
                snapshot = datetime.combine(day + timedelta(days=1), time())
            else:
                snapshot = as_of
            # day's end: changes stamped before the midnight; as_of: at or before it
            while k < len(events) and (
                events[k]["event_at"] < snapshot if complete else events[k]["event_at"] <= snapshot
            ):
                event_row = events[k]
                if event_row["event_type"] == "status_change":
                    status_value = event_row.get("to_value")
                elif event_row["event_type"] == "priority_change":
                    priority = event_row.get("to_value")
                else:
                    assignee = event_row.get("to_value")
                k += 1
            if status_value not in RESOLVED_STATUSES:
                age_days = (snapshot - created_at).total_seconds() / 86400.0
                out[(day, ticket_id)] = {
                    "snapshot_date": day,
                    "ticket_id": ticket_id,
                    "status": status_value,
                    "priority": priority,
                    "assignee_agent_id": assignee,
                    "age_days": age_days,
                    "age_bucket": age_bucket(age_days),
                    "is_day_complete": complete,
                }
            day += timedelta(days=1)
    return out


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python tests/reference/spec_reference.py RAW_DIR", file=sys.stderr)
        return 2
    raw = load_raw(argv[0])
    try:
        accepted, rejected = validate(raw)
    except MissingColumnError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rejected_by_table = Counter(r["source_table"] for r in rejected)
    print("table                      read  accepted  rejected")
    for table in TABLE_COLUMNS:
        if table in raw:
            print(
                f"{table:24s} {len(raw[table]):6d} {len(accepted[table]):9d} "
                f"{rejected_by_table[table]:9d}"
            )
    reasons = Counter((r["source_table"], r["reason"]) for r in rejected)
    if reasons:
        print("\nrejections by reason")
        for (table, reason), count in sorted(reasons.items()):
            print(f"  {table}: {reason}: {count}")
    facts = compute_fact_ticket(accepted)
    interactions = compute_fact_interaction(accepted)
    as_of = default_as_of(accepted)
    print(f"\nas_of: {as_of}")
    print(f"fact_ticket rows: {len(facts)}; fact_interaction rows: {len(interactions)}")
    print("fcr_status")
    for status, count in sorted(Counter(f["fcr_status"] for f in facts.values()).items()):
        print(f"  {status}: {count}")
    try:
        sla = compute_sla_events(accepted)
    except OSError as exc:  # the seed is not next to this file
        print(f"\nsla clocks: skipped ({exc})")
    else:
        print("\nsla clocks (all / breached / active)")
        for metric in SLA_METRICS:
            rows = [c for c in sla.values() if c["sla_metric"] == metric]
            breached = sum(1 for c in rows if c["is_breached"] is True)
            active = sum(1 for c in rows if c["is_active"])
            print(f"  {metric}: {len(rows)} / {breached} / {active}")
    backlog = compute_backlog_daily(accepted)
    if as_of is not None:
        today = Counter(r["age_bucket"] for (d, _), r in backlog.items() if d == as_of.date())
        print(f"\nbacklog at as_of: {sum(today.values())} ({dict(sorted(today.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
