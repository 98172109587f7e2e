"""Raw datasets as text: load one, screen it to valid rows, take a subset, write files.

A table is a header plus records; a record is a row (column -> text or None)
or a ``RawLine`` written to a CSV file verbatim (how the corpus makes lines a
CSV writer never would: an extra field, a stray quote, invalid UTF-8, a blank
line).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from supportwh.raw.contract import raw_enums

from .contract import (
    COLUMNS,
    ENUMS,
    KEY,
    NON_NEGATIVE,
    ORDERED,
    SURVEY_SCALES,
    TICKET_REFERENCE,
    TIMESTAMPS,
)

Row = dict[str, "str | None"]


@dataclass(eq=False)
class RawLine:
    """A CSV line written as is (str, or bytes for invalid UTF-8); empty = blank line."""

    text: str | bytes

    @property
    def is_blank(self) -> bool:
        return self.text in ("", b"")


Record = "Row | RawLine"


@dataclass
class Table:
    columns: list[str]
    records: list = field(default_factory=list)

    def rows(self) -> list[Row]:
        return [r for r in self.records if isinstance(r, dict)]


# --------------------------------------------------------------------------- time


ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}([Tt ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)?"
)


def parse_ts(text: str) -> datetime:
    """ISO-8601 text -> aware UTC datetime (no offset = UTC). Raises ValueError."""
    value = text.strip()
    if not ISO.fullmatch(value):
        raise ValueError(f"not an ISO-8601 timestamp: {text!r}")
    value = re.sub(r"\s*[Zz]$", "+00:00", value)
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    value = re.sub(r"([+-]\d{2})$", r"\1:00", value)
    value = value[:10] + "T" + value[11:] if len(value) > 10 else value
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def iso_z(moment: datetime) -> str:
    """UTC ISO-8601 with Z, milliseconds only when present."""
    moment = moment.astimezone(timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def with_offset(moment: datetime, hours: int, minutes: int = 0, style: str = "colon") -> str:
    """The same instant written in local time at a fixed offset."""
    delta = timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    local = moment.astimezone(timezone(delta))
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if local.microsecond:
        text += f".{local.microsecond // 1000:03d}"
    sign = "+" if delta >= timedelta(0) else "-"
    hh, mm = divmod(abs(int(delta.total_seconds())) // 60, 60)
    return text + (f"{sign}{hh:02d}:{mm:02d}" if style == "colon" else f"{sign}{hh:02d}{mm:02d}")


# --------------------------------------------------------------------------- load


def _text_expr(name: str, data_type: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    kind = data_type.upper()
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"strftime(timezone('UTC', {quoted}), '%Y-%m-%dT%H:%M:%S.%fZ')"
    if kind.startswith("TIMESTAMP"):
        return f"strftime({quoted}, '%Y-%m-%dT%H:%M:%S.%f')"
    return f"cast({quoted} as varchar)"


def load_dataset(raw_dir: Path) -> dict[str, Table]:
    """Every table of SPEC section 1 in raw_dir (parquet preferred), values as text."""
    con = duckdb.connect()
    out: dict[str, Table] = {}
    for table in COLUMNS:
        parquet, csv_path = raw_dir / f"{table}.parquet", raw_dir / f"{table}.csv"
        if parquet.exists():
            reader = f"read_parquet('{parquet}')"
        elif csv_path.exists() and csv_path.stat().st_size > 0:
            reader = f"read_csv('{csv_path}', header = true, all_varchar = true)"
        else:
            continue
        described = con.execute(f"describe select * from {reader}").fetchall()
        names = [d[0] for d in described]
        select = ", ".join(_text_expr(d[0], d[1]) for d in described)
        rows = [
            dict(zip(names, values, strict=True))
            for values in con.execute(f"select {select} from {reader}").fetchall()
        ]
        out[table] = Table(names, rows)
    return out


# --------------------------------------------------------------------------- screen


def _blank(value: str | None) -> bool:
    return value is None or value.strip() == ""


def _number(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _event_value_problem(row: Row) -> str | None:
    """The value rules of ticket_events by event_type (staging's to_value rules):
    a to_value is required; statuses, tiers, priorities and the reasons of
    escalations, reopens and linked issues must be known values."""
    enums = raw_enums()

    def norm(column: str) -> str | None:
        value = row.get(column)
        return None if _blank(value) else value.strip().lower()

    kind, to_value = norm("event_type"), norm("to_value")
    if to_value is None:
        return "missing to_value"
    known = {
        "status_change": [("to_value", "status", True), ("from_value", "status", False)],
        "escalation": [("to_value", "tier", True), ("reason", "escalation_reason", False)],
        "priority_change": [("to_value", "priority", True)],
        "linked_issue": [("reason", "linked_issue_reason", False)],
    }.get(kind or "", [])
    if kind == "status_change":
        known.append(("reason", "reopen_reason", False))
    for column, domain, _ in known:
        value = norm(column)
        if value is not None and value not in {v.lower() for v in enums[domain]}:
            return f"unknown {column} for {kind}"
    return None


def _row_problem(table: str, row: Row) -> str | None:
    """The first SPEC section 3 rule family the row breaks (None when valid)."""
    parsed: dict[str, datetime] = {}
    for column, required in TIMESTAMPS.get(table, []):
        value = row.get(column)
        if _blank(value):
            if required:
                return f"missing {column}"
            continue
        try:
            parsed[column] = parse_ts(value)
        except ValueError:
            return f"unparseable {column}"
    for (enum_table, column), (values, required) in ENUMS.items():
        if enum_table != table or column not in row:
            continue
        value = row.get(column)
        if _blank(value):
            if required:
                return f"missing {column}"
        elif value.strip().lower() not in values:
            return f"unknown {column}"
    for start, end in ORDERED.get(table, []):
        if start in parsed and end in parsed and parsed[end] < parsed[start]:
            return f"{end} before {start}"
    for column in NON_NEGATIVE.get(table, []):
        value = row.get(column)
        if not _blank(value):
            try:
                if _number(value) < 0:
                    return f"negative {column}"
            except ValueError:
                return f"not a number in {column}"
    if table == "ticket_events":
        problem = _event_value_problem(row)
        if problem:
            return problem
    if table == "surveys" and not _blank(row.get("score")):
        low, high = SURVEY_SCALES[row["survey_type"].strip().lower()]
        try:
            score = _number(row["score"])
        except ValueError:
            return "not a number in score"
        if score != int(score) or not low <= score <= high or _blank(row.get("responded_at")):
            return "score"
    return None


def screen(tables: dict[str, Table]) -> tuple[dict[str, Table], dict[str, int]]:
    """Keep only rows no SPEC section 3 rule rejects; return them and the count dropped per table.

    Identical copies are dropped (one kept); keys held by rows that differ are
    dropped altogether; then the per-row rules; then ticket references
    (tickets first) and events dated before their ticket.
    """
    kept: dict[str, Table] = {}
    dropped: dict[str, int] = {}
    for table, data in tables.items():
        seen: set[tuple] = set()
        by_key: dict[tuple, set[tuple]] = {}
        rows: list[Row] = []
        for row in data.rows():
            identity = tuple(sorted(row.items()))
            if identity in seen:
                continue
            seen.add(identity)
            key = tuple((row.get(c) or "").strip() for c in KEY[table])
            by_key.setdefault(key, set()).add(identity)
            rows.append(row)
        good = [
            row
            for row in rows
            if len(by_key[tuple((row.get(c) or "").strip() for c in KEY[table])]) == 1
            and all(not _blank(row.get(c)) for c in KEY[table])
            and _row_problem(table, row) is None
        ]
        kept[table] = Table(data.columns, good)
    created = {r["ticket_id"].strip(): parse_ts(r["created_at"]) for r in kept["tickets"].records}
    for table, mode in TICKET_REFERENCE.items():
        if table not in kept:
            continue
        good = []
        for row in kept[table].records:
            ticket = (row.get("ticket_id") or "").strip()
            if (ticket == "" and mode == "required") or (ticket and ticket not in created):
                continue
            if table == "ticket_events" and parse_ts(row["event_at"]) < created[ticket]:
                continue
            good.append(row)
        kept[table].records = good
    for table, data in tables.items():
        dropped[table] = len(data.rows()) - len(kept[table].records)
    return kept, dropped


def subset(tables: dict[str, Table], n_tickets: int) -> dict[str, Table]:
    """Every k-th ticket (spread over the whole period) and the rows that refer to them."""
    tickets = tables["tickets"].records
    step = max(1, len(tickets) // n_tickets)
    picked = tickets[::step][:n_tickets]
    ids = {r["ticket_id"].strip() for r in picked}
    out = {}
    for table, data in tables.items():
        if table == "tickets":
            rows = picked
        elif table in TICKET_REFERENCE:
            rows = [
                r
                for r in data.records
                if (r.get("ticket_id") or "").strip() in ids
                or (TICKET_REFERENCE[table] == "optional" and _blank(r.get("ticket_id")))
            ]
        else:
            rows = data.records
        out[table] = Table(list(data.columns), [dict(r) for r in rows])
    return out


# --------------------------------------------------------------------------- write


def csv_line(values: list[str | None]) -> str:
    """One CSV line (RFC 4180 quoting where needed), None as an empty field."""
    buffer = io.StringIO()
    # the terminator is what makes the writer quote a value with a line break
    csv.writer(buffer, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return buffer.getvalue()[:-1]


@dataclass
class Written:
    """What a written file holds: data rows per record, physical line per record,
    and the physical lines beyond one per record (values with line breaks)."""

    rows_read: int
    row_number: dict[int, int]
    line_number: dict[int, int]
    extra_lines: int = 0


def write_csv(path: Path, table: Table, bom: bool = False, crlf: bool = False) -> Written:
    newline = b"\r\n" if crlf else b"\n"
    chunks = [b"\xef\xbb\xbf" if bom else b"", csv_line(table.columns).encode("utf-8"), newline]
    row_number: dict[int, int] = {}
    line_number: dict[int, int] = {}
    rows = 0
    line = 2
    extra_lines = 0
    for record in table.records:
        if isinstance(record, RawLine):
            text = record.text if isinstance(record.text, bytes) else record.text.encode("utf-8")
            if not record.is_blank:
                rows += 1
        else:
            text = csv_line([record.get(c) for c in table.columns]).encode("utf-8")
            rows += 1
        chunks += [text, newline]
        if not (isinstance(record, RawLine) and record.is_blank):
            row_number[id(record)] = rows
            line_number[id(record)] = line
        # a quoted value with line breaks: the record takes more lines
        breaks = text.count(b"\n")
        line += 1 + breaks
        extra_lines += breaks
    path.write_bytes(b"".join(chunks))
    return Written(rows, row_number, line_number, extra_lines)


def write_parquet(path: Path, table: Table) -> Written:
    rows = table.rows()
    if len(rows) != len(table.records):
        raise ValueError(f"{path.name}: raw lines only exist in CSV files")
    arrays = {c: pa.array([r.get(c) for r in rows], pa.string()) for c in table.columns}
    pq.write_table(pa.table(arrays), path)
    numbers = {id(r): i for i, r in enumerate(rows, start=1)}
    return Written(len(rows), numbers, numbers)
