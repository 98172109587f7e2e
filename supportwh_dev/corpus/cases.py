"""The corpus cases: complete raw datasets with damage, and what to expect of each.

All damage that can coexist lives in one dataset (``damage``), built once:
bad rows, and damage to whole files (byte order mark, CRLF, ragged and badly
quoted lines, invalid UTF-8, zero-byte, header-only and absent files), each
damaged row tracked in the manifest. Each case that must stop the build is a
dataset of its own. New rows get ids
starting ``CORPUS-`` so they never touch a valid ticket's history, except
where a case damages a valid row on purpose (the cascade, the rewritten
timestamps, the conflicting status rows).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from .contract import COLUMNS, ID_COLUMN, REQUIRED_TABLES, TICKET_REFERENCE
from .rawdata import (
    RawLine,
    Row,
    Table,
    csv_line,
    iso_z,
    parse_ts,
    with_offset,
    write_csv,
    write_parquet,
)


@dataclass
class FileSpec:
    """How a table is written: csv, parquet or a zero-byte csv; a byte order mark; CRLF."""

    table: Table | None
    format: str = "csv"
    bom: bool = False
    crlf: bool = False


@dataclass
class Case:
    name: str
    description: str
    expect: str = "succeeds"
    stop_table: str | None = None
    stop_column: str | None = None
    stop_message: list[str] = field(default_factory=list)
    files: dict[str, FileSpec] = field(default_factory=dict)
    # (table, record, reason - '{line}' is the record's physical line -, damage)
    rejections: list[tuple[str, object, str, str]] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        return self.files[name].table

    def has(self, name: str) -> bool:
        return name in self.files and self.files[name].table is not None

    def new_id(self, code: str) -> str:
        self.ids[code] = self.ids.get(code, 0) + 1
        return f"CORPUS-{code}-{self.ids[code]:03d}"

    def reject(self, table: str, record, reason: str, damage: str):
        self.rejections.append((table, record, reason, damage))
        return record

    def add(self, table: str, record, reason: str | None = None, damage: str = "", at=None):
        records = self.table(table).records
        records.insert(len(records) if at is None else at, record)
        if reason is not None:
            self.reject(table, record, reason, damage)
        return record

    def accept(self, model: str, key_column: str, key: str, column: str, value, damage: str):
        self.accepted.append(
            {
                "model": model,
                "key_column": key_column,
                "key": key,
                "column": column,
                "value": value,
                "damage": damage,
            }
        )

    def write(self, out: Path) -> dict:
        """Write the dataset into out/<name>/ and return its manifest entry."""
        folder = out / self.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        entry: dict = {"name": self.name, "description": self.description, "expect": self.expect}
        tables: dict[str, dict] = {}
        written = {}
        for name in COLUMNS:
            spec = self.files.get(name)
            if spec is None:
                tables[name] = {"file": None, "rows_read": 0}
                continue
            if spec.format == "zero_bytes":
                (folder / f"{name}.csv").write_bytes(b"")
                tables[name] = {"file": f"{name}.csv", "rows_read": 0}
                continue
            path = folder / f"{name}.{spec.format}"
            if spec.format == "parquet":
                result = write_parquet(path, spec.table)
            else:
                result = write_csv(path, spec.table, bom=spec.bom, crlf=spec.crlf)
            written[name] = result
            tables[name] = {"file": path.name, "rows_read": result.rows_read}
            if result.extra_lines:
                tables[name]["extra_lines"] = result.extra_lines
        entry["tables"] = tables
        if self.expect == "stops":
            entry["stop"] = {
                "table": self.stop_table,
                "column": self.stop_column,
                "message": self.stop_message,
            }
            return entry
        rejected = []
        for table, record, reason, damage in self.rejections:
            row_number = written[table].row_number[id(record)]
            rejected.append(
                {
                    "source_table": table,
                    "source_row_id": _row_id(table, record, row_number),
                    "source_row_number": row_number,
                    "reason": reason.format(line=written[table].line_number[id(record)]),
                    "damage": damage,
                }
            )
        rejected.sort(key=lambda r: (r["source_table"], r["source_row_number"]))
        entry["rejected"] = rejected
        entry["accepted"] = self.accepted
        return entry


UNKNOWN = "CORPUS-T-UNKNOWN"
# (changes, reason, damage) of a row that refers to a ticket that does not exist
UNKNOWN_TICKET = ({"ticket_id": UNKNOWN}, f"unknown ticket_id: {UNKNOWN}", "unknown foreign key")


def _row_id(table: str, record, row_number: int) -> str:
    """dq_rejected_rows.source_row_id: the trimmed id, else 'row N'; without an id column, N."""
    id_column = ID_COLUMN[table]
    if id_column is None:
        return str(row_number)
    value = record.get(id_column) if isinstance(record, dict) else None
    value = (value or "").strip()
    return value or f"row {row_number}"


def clone(base: dict[str, Table], tables=None, fmt: str = "csv") -> dict[str, FileSpec]:
    names = [t for t in base if tables is None or t in tables]
    return {
        t: FileSpec(Table(list(base[t].columns), [dict(r) for r in base[t].records]), fmt)
        for t in names
    }


def _children(case: Case, ticket_id: str) -> list[tuple[str, Row]]:
    out = []
    for table in TICKET_REFERENCE:
        if case.has(table):
            out += [
                (table, r)
                for r in case.table(table).rows()
                if (r.get("ticket_id") or "").strip() == ticket_id
            ]
    return out


def _copy(row: Row, **changes) -> Row:
    new = dict(row)
    new.update(changes)
    return new


def _naive(moment: datetime) -> str:
    return iso_z(moment)[:-1]


# --------------------------------------------------------------------------- the damage case


def damage(base: dict[str, Table]) -> Case:
    case = Case(
        "damage",
        "Every kind of damage that can coexist, in one dataset. Rows: unparseable, missing and "
        "zone-named timestamps; offsets, lower case and no offset (valid); end before start; "
        "identical and conflicting duplicates; unknown and missing ticket ids, rows of a rejected "
        "ticket, an event before its ticket; unknown enum values; negative, non-finite, huge and "
        "out-of-scale numbers; implausible timestamps, durations and amounts (plausibility "
        "bounds); tickets open for years (valid). Files: tickets.csv with a UTF-8 "
        "byte order mark, CRLF line ends and a stray quote inside a value (valid); messages.csv "
        "with a line holding an extra field, one lacking a field and a blank line; "
        "ticket_events.csv with an unterminated quote, text after a closing quote and a line "
        "that is not UTF-8, each followed by valid lines; customers.csv of zero bytes; "
        "agent_shifts.csv with only its header; schedules and holidays absent; agents as "
        "parquet, the rest CSV.",
    )
    case.files = clone(base, tables=[t for t in base if t not in ("schedules", "holidays")])
    if case.has("agents"):
        case.files["agents"].format = "parquet"
    if "customers" in case.files:
        case.files["customers"] = FileSpec(None, "zero_bytes")
    if "agent_shifts" in case.files:
        case.files["agent_shifts"].table.records = []
    tickets = case.table("tickets").rows()
    by_children = sorted(tickets, key=lambda r: -len(_children(case, r["ticket_id"].strip())))
    cascade = by_children[0]
    others = [r for r in tickets if r is not cascade and _children(case, r["ticket_id"].strip())]
    host, rewritten, duplicated, upper, quoted = (
        others[0],
        others[1:7],
        others[7],
        others[8],
        others[9],
    )
    host_id = host["ticket_id"].strip()
    host_created = parse_ts(host["created_at"])
    period_start = min(parse_ts(r["created_at"]) for r in tickets)
    agent = case.table("agents").rows()[0]["agent_id"] if case.has("agents") else "A0001"

    # a ticket with an unparseable timestamp, and every row that refers to it
    cascade_id = cascade["ticket_id"].strip()
    for table, row in _children(case, cascade_id):
        case.reject(
            table,
            row,
            f"ticket_id refers to a rejected ticket: {cascade_id}",
            "row of a rejected ticket",
        )
    cascade["created_at"] = "not-a-date"
    case.reject(
        "tickets",
        cascade,
        "unparseable timestamp in created_at: not-a-date",
        "unparseable timestamp",
    )

    _tickets(case, host, duplicated, upper, rewritten, period_start, agent)
    _events_and_messages(case, host, host_created)
    if case.has("work_sessions"):
        template = case.table("work_sessions").rows()[0]
        start = parse_ts(template["started_at"])
        for changes, reason, damage in (
            (
                {"ended_at": iso_z(start - timedelta(minutes=30))},
                "ended_at before started_at",
                "end before start",
            ),
            (
                {"started_at": "2025-13-01T09:00:00Z"},
                "unparseable timestamp in started_at: 2025-13-01T09:00:00Z",
                "unparseable timestamp",
            ),
            (
                {"ended_at": "9999-12-31T23:59:59Z"},
                "ended_at later than the build time plus plausible_future_hours: "
                "9999-12-31T23:59:59Z",
                "implausible timestamp (in the future)",
            ),
            (
                {"ended_at": iso_z(start + timedelta(hours=30))},
                "started_at to ended_at longer than plausible_max_duration_hours",
                "implausible duration",
            ),
            UNKNOWN_TICKET,
        ):
            new = _copy(template, session_id=case.new_id("WS"), ticket_id=host_id)
            case.add("work_sessions", _copy(new, **changes), reason, damage)
    if case.has("surveys"):
        _surveys(case, host_id)
    if case.has("calls"):
        _calls(case, host_id)
    if case.has("agent_status_log"):
        _status_log(case)
    if case.has("self_service_sessions"):
        session = next(
            r for r in case.table("self_service_sessions").rows() if not r.get("ticket_id")
        )
        start = parse_ts(session["started_at"])
        case.add(
            "self_service_sessions",
            _copy(session, session_id=case.new_id("SS"), entry_point="carrier_pigeon"),
            "unknown entry_point value: carrier_pigeon",
            "unknown enum value",
        )
        case.add(
            "self_service_sessions",
            _copy(
                session, session_id=case.new_id("SS"), ended_at=iso_z(start - timedelta(minutes=5))
            ),
            "ended_at before started_at",
            "end before start",
        )
        changes, reason, damage = UNKNOWN_TICKET
        case.add(
            "self_service_sessions",
            _copy(session, session_id=case.new_id("SS"), outcome="escalated", **changes),
            reason,
            damage,
        )
    if case.has("leads"):
        lead = next(r for r in case.table("leads").rows() if r.get("first_contacted_at"))
        created = parse_ts(lead["created_at"])
        case.add(
            "leads",
            _copy(lead, lead_id=case.new_id("L"), converted_at=iso_z(created - timedelta(days=1))),
            "converted_at before created_at",
            "end before start",
        )
    if case.has("agents"):
        template = case.table("agents").rows()[0]
        for changes, reason, damage in (
            ({"tier": "L9"}, "unknown tier value: L9", "unknown enum value"),
            ({"hourly_cost": "NaN"}, "not a number in hourly_cost: NaN", "non-finite number"),
            ({"hourly_cost": "-5"}, "negative hourly_cost: -5", "negative number"),
            (
                {"hourly_cost": "1e300"},
                "hourly_cost above plausible_max_hourly_cost: 1e300",
                "implausible amount",
            ),
        ):
            case.add(
                "agents", _copy(template, agent_id=case.new_id("A"), **changes), reason, damage
            )
    if case.has("support_costs"):
        cost = case.table("support_costs").rows()[-1]
        month = parse_ts(cost["month"])
        next_month = (month.replace(day=1) + timedelta(days=32)).replace(day=1).strftime("%Y-%m-%d")
        for changes, reason, damage in (
            (
                {"month": next_month, "cost_type": "tools", "amount": "-100"},
                "negative amount: -100",
                "negative number",
            ),
            (
                {"month": next_month, "cost_type": "snacks"},
                "unknown cost_type value: snacks",
                "unknown enum value",
            ),
            (
                {"month": next_month, "cost_type": "infrastructure", "amount": "1e300"},
                "amount above plausible_max_cost_amount: 1e300",
                "implausible amount",
            ),
            (
                {"month": month.strftime("%Y-%m-15"), "cost_type": "tools"},
                f"month is not the first day of a month: {month.strftime('%Y-%m-15')}",
                "invalid date",
            ),
        ):
            case.add("support_costs", _copy(cost, **changes), reason, damage)
    _file_damage(case, quoted)
    return case


def _tickets(
    case: Case,
    host: Row,
    duplicated: Row,
    upper: Row,
    rewritten: list[Row],
    period_start: datetime,
    agent: str,
):
    # the same instants written with offsets, without one, in lower case: all valid
    for row, style in zip(
        rewritten,
        ("naive", "+05:30", "-04:00", "+0200", "lower", "space"),
        strict=True,
    ):
        moment = parse_ts(row["created_at"])
        text = {
            "naive": _naive(moment),
            "+05:30": with_offset(moment, 5, 30),
            "-04:00": with_offset(moment, -4),
            "+0200": with_offset(moment, 2, style="compact"),
            "lower": iso_z(moment).replace("T", "t").replace("Z", "z"),
            "space": _naive(moment).replace("T", " ") + "+00:00",
        }[style]
        row["created_at"] = text
        case.accept(
            "fact_ticket",
            "ticket_id",
            row["ticket_id"],
            "created_at",
            _naive(moment),
            f"timestamp written as {text} (valid: converted to UTC)",
        )
    # an enum value in another case is the same value
    upper["channel"] = upper["channel"].upper()
    case.accept(
        "fact_ticket",
        "ticket_id",
        upper["ticket_id"],
        "channel",
        upper["channel"].lower(),
        "enum value in upper case (valid)",
    )
    case.add("tickets", dict(duplicated), "duplicate row", "identical duplicate")
    base_new = _copy(host)
    for changes, reason, damage in (
        (
            {"created_at": "2025-02-30T10:00:00Z"},
            "unparseable timestamp in created_at: 2025-02-30T10:00:00Z",
            "unparseable timestamp",
        ),
        (
            {"created_at": "2025-03-03T10:00:00 EST"},
            "unparseable timestamp in created_at: 2025-03-03T10:00:00 EST",
            "time zone name instead of an offset",
        ),
        ({"created_at": ""}, "missing created_at", "missing timestamp"),
        # UTC offsets no place has: converted, they would shift the instant
        *(
            (
                {"created_at": f"2025-03-03T10:00:00{offset}"},
                f"unparseable timestamp in created_at: 2025-03-03T10:00:00{offset}",
                "impossible UTC offset",
            )
            for offset in ("+99:00", "+24:00", "+13:60", "-15:00")
        ),
        ({"channel": "fax"}, "unknown channel value: fax", "unknown enum value"),
        # a value no export field should hold (max_raw_value_bytes, 100000)
        (
            {"category": "x" * 200_000},
            "over-long value in category: 200000 bytes (max_raw_value_bytes 100000)",
            "over-long value",
        ),
        ({"priority": "critical"}, "unknown priority value: critical", "unknown enum value"),
        # plausibility bounds: a sentinel date would stretch every calendar,
        # a date years ahead would move as_of
        (
            {"created_at": "0001-01-01T00:00:00Z"},
            "created_at before plausible_earliest_date: 0001-01-01T00:00:00Z",
            "implausible timestamp (before the earliest date)",
        ),
        (
            {"created_at": "2999-01-01T00:00:00Z"},
            "created_at later than the build time plus plausible_future_hours: "
            "2999-01-01T00:00:00Z",
            "implausible timestamp (in the future)",
        ),
    ):
        case.add("tickets", _copy(base_new, ticket_id=case.new_id("T"), **changes), reason, damage)
    case.add(
        "tickets", dict.fromkeys(case.table("tickets").columns), "missing ticket_id", "empty row"
    )
    # tickets open for years: one never resolved, one resolved in the data's period
    customer = host["customer_id"]
    old_open = period_start - timedelta(days=3 * 365)
    old_solved = period_start - timedelta(days=2 * 365)
    solved_at = period_start + timedelta(days=1)
    for ticket_id, created in (
        ("CORPUS-T-OLD-OPEN", old_open),
        ("CORPUS-T-OLD-SOLVED", old_solved),
    ):
        case.add(
            "tickets",
            _copy(host, ticket_id=ticket_id, created_at=iso_z(created), created_by_type="customer"),
        )
        case.add("ticket_events", _event(case, ticket_id, created, "new", None, customer))
        case.add("messages", _message(case, ticket_id, created, "customer", customer))
    # a value with a line break (RFC 4180 quoting): one record over two lines
    reopened_at = old_solved + timedelta(hours=1)
    reopened = _event(case, "CORPUS-T-OLD-SOLVED", reopened_at, "open", "new", agent)
    reopened["reason"] = "customer replied:\nsee the thread"
    case.add("ticket_events", reopened)
    case.accept(
        "stg_helpdesk__ticket_events",
        "event_id",
        reopened["event_id"],
        "reason",
        "customer replied:\nsee the thread",
        "quoted value spanning two lines (valid)",
    )
    case.add(
        "ticket_events", _event(case, "CORPUS-T-OLD-SOLVED", solved_at, "solved", "open", agent)
    )
    case.accept(
        "fact_ticket",
        "ticket_id",
        "CORPUS-T-OLD-OPEN",
        "resolved_at",
        None,
        "ticket open for 3 years (valid)",
    )
    case.accept(
        "fact_ticket",
        "ticket_id",
        "CORPUS-T-OLD-OPEN",
        "created_at",
        _naive(old_open),
        "ticket open for 3 years (valid)",
    )
    case.accept(
        "fact_ticket",
        "ticket_id",
        "CORPUS-T-OLD-SOLVED",
        "resolved_at",
        _naive(solved_at),
        "ticket resolved after 2 years (valid)",
    )
    case.accept(
        "fact_ticket",
        "ticket_id",
        "CORPUS-T-OLD-SOLVED",
        "resolution_minutes",
        (solved_at - old_solved).total_seconds() / 60,
        "ticket resolved after 2 years (valid)",
    )


def _event(case: Case, ticket_id: str, at: datetime, to_value: str, from_value, actor: str) -> Row:
    return {
        "event_id": case.new_id("E"),
        "ticket_id": ticket_id,
        "event_at": iso_z(at),
        "event_type": "status_change",
        "actor_id": actor,
        "from_value": from_value,
        "to_value": to_value,
        "reason": None,
    }


def _message(case: Case, ticket_id: str, at: datetime, author_type: str, author: str) -> Row:
    return {
        "message_id": case.new_id("M"),
        "ticket_id": ticket_id,
        "sent_at": iso_z(at),
        "author_type": author_type,
        "author_id": author,
        "is_public": "true",
        "channel": "email",
    }


def _events_and_messages(case: Case, host: Row, host_created: datetime):
    host_id = host["ticket_id"].strip()
    customer = host["customer_id"]
    at = host_created + timedelta(minutes=10)
    # valid rows of the host written with offsets
    event = next(r for r in case.table("ticket_events").rows() if r["ticket_id"].strip() == host_id)
    moment = parse_ts(event["event_at"])
    event["event_at"] = with_offset(moment, 5, 45)
    case.accept(
        "stg_helpdesk__ticket_events",
        "event_id",
        event["event_id"],
        "event_at",
        _naive(moment),
        f"timestamp written as {event['event_at']} (valid: converted to UTC)",
    )
    message = next(r for r in case.table("messages").rows() if r["ticket_id"].strip() == host_id)
    moment = parse_ts(message["sent_at"])
    message["sent_at"] = with_offset(moment, -7)
    case.accept(
        "fact_interaction",
        "interaction_id",
        message["message_id"],
        "interaction_at",
        _naive(moment),
        f"timestamp written as {message['sent_at']} (valid: converted to UTC)",
    )

    for changes, reason, damage in (
        (
            {"event_at": "2025-03-03T10:00:00 EST"},
            "unparseable timestamp in event_at: 2025-03-03T10:00:00 EST",
            "time zone name instead of an offset",
        ),
        ({"event_at": ""}, "missing event_at", "missing timestamp"),
        ({"event_type": "merged"}, "unknown event_type value: merged", "unknown enum value"),
        ({"ticket_id": ""}, "missing ticket_id", "missing foreign key"),
        UNKNOWN_TICKET,
        (
            {
                "event_at": iso_z(host_created - timedelta(days=1)),
                "to_value": "open",
                "from_value": "new",
            },
            "event_at before ticket creation",
            "event before its ticket",
        ),
    ):
        case.add(
            "ticket_events",
            _copy(_event(case, host_id, at, "pending", "open", customer), **changes),
            reason,
            damage,
        )
    twin = case.new_id("E")
    for to_value in ("pending", "on_hold"):
        case.add(
            "ticket_events",
            _copy(_event(case, host_id, at, to_value, "open", customer), event_id=twin),
            "conflicting duplicate id",
            "conflicting duplicate",
        )

    for changes, reason, damage in (
        (
            {"sent_at": "2025-03-01T10:00:00 America/New_York"},
            "unparseable timestamp in sent_at: 2025-03-01T10:00:00 America/New_York",
            "time zone name instead of an offset",
        ),
        (
            {"sent_at": "yesterday"},
            "unparseable timestamp in sent_at: yesterday",
            "unparseable timestamp",
        ),
        ({"author_type": "robot"}, "unknown author_type value: robot", "unknown enum value"),
        ({"is_public": "maybe"}, "missing or invalid is_public: maybe", "invalid boolean"),
        (
            {"sent_at": "2999-06-01T00:00:00Z"},
            "sent_at later than the build time plus plausible_future_hours: 2999-06-01T00:00:00Z",
            "implausible timestamp (in the future: would move as_of)",
        ),
        UNKNOWN_TICKET,
    ):
        case.add(
            "messages",
            _copy(_message(case, host_id, at, "customer", customer), **changes),
            reason,
            damage,
        )
    twin = case.new_id("M")
    for minutes in (11, 12):
        new = _message(
            case, host_id, host_created + timedelta(minutes=minutes), "customer", customer
        )
        case.add(
            "messages",
            _copy(new, message_id=twin),
            "conflicting duplicate id",
            "conflicting duplicate",
        )


def _surveys(case: Case, host_id: str):
    template = next(
        r for r in case.table("surveys").rows() if r.get("score") and r["survey_type"] == "csat"
    )
    sent = parse_ts(template["sent_at"])
    for changes, reason, damage in (
        ({"score": "9"}, "score outside the csat scale: 9", "score outside its scale"),
        ({"score": "4.5"}, "score outside the csat scale: 4.5", "score outside its scale"),
        (
            {"survey_type": "nps", "score": "11"},
            "score outside the nps scale: 11",
            "score outside its scale",
        ),
        (
            {"survey_type": "ces", "score": "0"},
            "score outside the ces scale: 0",
            "score outside its scale",
        ),
        ({"score": "1e308"}, "score outside the csat scale: 1e308", "huge number"),
        ({"score": "-inf"}, "not a number in score: -inf", "non-finite number"),
        ({"survey_type": "thumbs"}, "unknown survey_type value: thumbs", "unknown enum value"),
        (
            {"responded_at": "yesterday"},
            "unparseable timestamp in responded_at: yesterday",
            "unparseable timestamp",
        ),
        (
            {"responded_at": iso_z(sent - timedelta(hours=1))},
            "responded_at before sent_at",
            "end before start",
        ),
        UNKNOWN_TICKET,
    ):
        new = _copy(template, survey_id=case.new_id("SV"), ticket_id=host_id)
        case.add("surveys", _copy(new, **changes), reason, damage)


def _calls(case: Case, host_id: str):
    template = next(
        r
        for r in case.table("calls").rows()
        if r["direction"] == "inbound" and r.get("answered_at") and r.get("ended_at")
    )
    queued = parse_ts(template["queued_at"])
    base = _copy(template, ticket_id=None)
    for changes, reason, damage in (
        ({"hold_seconds": "-30"}, "negative hold_seconds: -30", "negative duration"),
        ({"hold_seconds": "NaN"}, "not a number in hold_seconds: NaN", "non-finite number"),
        (
            {"after_call_work_seconds": "Infinity"},
            "not a number in after_call_work_seconds: Infinity",
            "non-finite number",
        ),
        (
            {"answered_at": iso_z(queued - timedelta(minutes=1))},
            "answered_at before queued_at",
            "end before start",
        ),
        ({"direction": "sideways"}, "unknown direction value: sideways", "unknown enum value"),
        (
            {"queued_at": "2025-03-03 10:00:00 PST"},
            "unparseable timestamp in queued_at: 2025-03-03 10:00:00 PST",
            "time zone name instead of an offset",
        ),
        UNKNOWN_TICKET,
    ):
        case.add("calls", _copy(base, call_id=case.new_id("CL"), **changes), reason, damage)
    # absurd durations are rejected (plausible_max_duration_hours): they would
    # poison handle time, AHT and the Erlang C traffic
    for changes, reason, damage in (
        (
            {"after_call_work_seconds": "1.7e308"},
            "after_call_work_seconds longer than plausible_max_duration_hours: 1.7e308",
            "implausible duration",
        ),
        (
            {"hold_seconds": "90000"},
            "hold_seconds longer than plausible_max_duration_hours: 90000",
            "implausible duration",
        ),
        (
            {"ended_at": iso_z(queued + timedelta(hours=25))},
            "queued_at to ended_at longer than plausible_max_duration_hours",
            "implausible duration",
        ),
    ):
        case.add("calls", _copy(base, call_id=case.new_id("CL"), **changes), reason, damage)


def _status_log(case: Case):
    rows = case.table("agent_status_log").rows()
    template = rows[0]
    start = parse_ts(template["started_at"])
    for seconds, changes, reason, damage in (
        (
            7,
            {"ended_at": iso_z(start - timedelta(hours=1))},
            "ended_at before started_at",
            "end before start",
        ),
        (8, {"status": "napping"}, "unknown status value: napping", "unknown enum value"),
    ):
        new = _copy(template, started_at=iso_z(start + timedelta(seconds=seconds)), **changes)
        case.add("agent_status_log", new, reason, damage)
    case.add("agent_status_log", dict(rows[1]), "duplicate row", "identical duplicate")
    conflicting = rows[2]
    other = "meeting" if conflicting["status"] != "meeting" else "training"
    case.reject(
        "agent_status_log", conflicting, "conflicting duplicate id", "conflicting duplicate"
    )
    case.add(
        "agent_status_log",
        _copy(conflicting, status=other),
        "conflicting duplicate id",
        "conflicting duplicate",
    )


# --------------------------------------------------------------------------- file damage


def _file_damage(case: Case, quoted: Row):
    case.files["tickets"].bom = True
    case.files["tickets"].crlf = True
    tickets = case.table("tickets")
    values = dict(quoted, category='billing "vip" question')
    line = ",".join("" if values.get(c) is None else values[c] for c in tickets.columns)
    tickets.records = [RawLine(line) if r is quoted else r for r in tickets.records]
    case.accept(
        "fact_ticket",
        "ticket_id",
        quoted["ticket_id"],
        "category",
        'billing "vip" question',
        "stray quote inside an unquoted value (valid, kept as written)",
    )

    messages = case.table("messages")
    template = messages.rows()[0]
    n = len(messages.records)
    extra = RawLine(
        csv_line([_copy(template, message_id=case.new_id("M")).get(c) for c in messages.columns])
        + ",extra"
    )
    short = RawLine(
        csv_line(
            [_copy(template, message_id=case.new_id("M")).get(c) for c in messages.columns][:-1]
        )
    )
    case.add(
        "messages",
        extra,
        "malformed csv line {line}: expected 8 fields, found 9",
        "ragged line: extra field",
        at=n // 3,
    )
    case.add("messages", RawLine(""), at=n // 3 + 2)
    case.add(
        "messages",
        short,
        "malformed csv line {line}: expected 8 fields, found 7",
        "ragged line: missing field",
        at=n // 2,
    )

    events = case.table("ticket_events")
    template = events.rows()[0]
    n = len(events.records)
    fields = [_copy(template, event_id=case.new_id("E")).get(c) or "" for c in events.columns]
    unterminated = RawLine(",".join([fields[0], '"' + fields[1]] + fields[2:]))
    fields = [_copy(template, event_id=case.new_id("E")).get(c) or "" for c in events.columns]
    misplaced = RawLine(",".join([f'"{fields[0]}"x'] + fields[1:]))
    fields = [_copy(template, event_id=case.new_id("E")).get(c) or "" for c in events.columns]
    not_utf8 = RawLine(
        ",".join(fields).encode("utf-8").replace(b"status_change", b"status\xff\xfechange")
    )
    case.add(
        "ticket_events",
        unterminated,
        "malformed csv line {line}: unbalanced quotes",
        "unterminated quote (the next lines must still be read)",
        at=n // 4,
    )
    case.add(
        "ticket_events",
        misplaced,
        "malformed csv line {line}: misplaced quote",
        "text after a closing quote",
        at=n // 2,
    )
    case.add(
        "ticket_events",
        not_utf8,
        "malformed csv line {line}: not valid UTF-8",
        "invalid UTF-8",
        at=3 * n // 4,
    )


# --------------------------------------------------------------------------- stops


def stops(base: dict[str, Table]) -> list[Case]:
    csv_column = Case(
        "missing_required_column_csv",
        "tickets.csv without its priority column: the build stops naming table and column.",
        expect="stops",
        stop_table="tickets",
        stop_column="priority",
        stop_message=["Raw table 'tickets'", "lacks required column 'priority'"],
    )
    csv_column.files = clone(base, tables=REQUIRED_TABLES)
    tickets = csv_column.table("tickets")
    tickets.columns.remove("priority")

    parquet_column = Case(
        "missing_required_column_parquet",
        "messages.parquet without its sent_at column: the build stops naming table and column.",
        expect="stops",
        stop_table="messages",
        stop_column="sent_at",
        stop_message=["Raw table 'messages'", "lacks required column 'sent_at'"],
    )
    parquet_column.files = clone(base, tables=REQUIRED_TABLES, fmt="parquet")
    parquet_column.table("messages").columns.remove("sent_at")

    table = Case(
        "missing_required_table",
        "No ticket_events file: the build stops naming the table.",
        expect="stops",
        stop_table="ticket_events",
        stop_message=["Raw table 'ticket_events' is required"],
    )
    table.files = clone(base, tables=("tickets", "messages"))

    twice = Case(
        "column_named_twice",
        "messages.csv whose header names ticket_id twice (the second as TICKET_ID): which one "
        "is meant cannot be told, so the build stops naming the file and the column.",
        expect="stops",
        stop_table="messages",
        stop_column="ticket_id",
        stop_message=["Raw table 'messages'", "names column 'ticket_id' more than once"],
    )
    twice.files = clone(base, tables=REQUIRED_TABLES)
    twice.table("messages").columns.append("TICKET_ID")
    return [csv_column, parquet_column, table, twice]


def all_cases(base: dict[str, Table]) -> list[Case]:
    return [damage(base), *stops(base)]
