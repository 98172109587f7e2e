"""Split one raw dataset into "the export at a cutoff" and "the same export a day later".

    python -m supportwh_dev.snapshot --from DIR --base OUT_BASE --appended OUT_APPENDED \
        [--cutoff ISO_TS] [--late-hours 24] [--late-every 10]

BASE holds the rows the helpdesk had exported by the cutoff; APPENDED holds every
row of the source: first the base rows in the same order (with the values that
changed after the cutoff restored), then every other source row in source order.
So a warehouse built on BASE and then run on APPENDED sees what an incremental
load sees in production: old rows keep their positions, new rows come last, and
a few old rows change (a survey answered, a customer churned, an agent left).

Rules (timestamps parsed like the warehouse parses them: ISO-8601, 'Z' or a
numeric offset converted to UTC, no offset = UTC; an empty or unparseable value
is never "after the cutoff"):
- a row is in BASE when all its timestamps are before the cutoff; per table:
  tickets created_at; ticket_events event_at; messages sent_at; work_sessions
  started_at, ended_at; agent_status_log started_at, ended_at; calls queued_at,
  answered_at, ended_at, abandoned_at; self_service_sessions started_at,
  ended_at; support_costs month; surveys sent_at; customers signed_up_at;
  agents hired_at; leads created_at.
- updates (in BASE with the value null, restored in APPENDED): surveys
  responded_at at/after the cutoff (responded_at and score null: unanswered);
  customers churned_at; agents terminated_at; leads first_contacted_at and
  converted_at (each its own column).
- late arrivals: ticket_events, messages, work_sessions, calls (queued_at),
  agent_status_log and self_service_sessions rows whose (start) timestamp is
  in [cutoff - late_hours, cutoff) and whose 1-based position p in the file
  has p % late_every == 0 are withheld from BASE (late_every 0: none).
- schedules, holidays and agent_shifts (reference data, published schedules)
  are copied unchanged to both.
- default cutoff: midnight UTC starting the last day on which a ticket was
  created (max parseable tickets.created_at truncated to the day).

Output format = input format per table (a parquet file stays parquet with the
same column types; a CSV file stays CSV with a header, every value as text);
values are never reformatted; absent tables stay absent. Everything runs as
DuckDB SQL over the files (row order from read_parquet's file_row_number, or a
scratch on-disk table's rowid for CSV), so memory stays bounded: set
SUPPORT_DUCKDB_MEMORY_LIMIT and SUPPORT_THREADS like for the warehouse.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

from supportwh.raw.contract import ContractError, raw_contract


@dataclass(frozen=True)
class Rule:
    """How the rows of one raw table are split (snapshot policy).

    The columns come from the raw contract (supportwh.raw.contract): a row is in
    base only when none of the table's timestamp and date columns but the update
    triggers is at/after the cutoff; the late column is the table's loaded_at."""

    # column at/after the cutoff -> columns set to null in base (an update)
    updates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # whether a row whose loaded_at is in [cutoff - late_hours, cutoff) may be late
    late: bool = False
    # reference data: copied unchanged to both datasets
    reference: bool = False


RULES: dict[str, Rule] = {
    "tickets": Rule(),
    "ticket_events": Rule(late=True),
    "messages": Rule(late=True),
    "work_sessions": Rule(late=True),
    "agents": Rule(updates={"terminated_at": ("terminated_at",)}),
    "customers": Rule(updates={"churned_at": ("churned_at",)}),
    "surveys": Rule(updates={"responded_at": ("responded_at", "score")}),
    "agent_status_log": Rule(late=True),
    "agent_shifts": Rule(reference=True),
    "calls": Rule(late=True),
    "self_service_sessions": Rule(late=True),
    "leads": Rule(
        updates={"first_contacted_at": ("first_contacted_at",), "converted_at": ("converted_at",)}
    ),
    "support_costs": Rule(),
    "schedules": Rule(reference=True),
    "holidays": Rule(reference=True),
}
if set(RULES) != set(raw_contract()):
    raise ContractError(f"snapshot rules {sorted(RULES)} differ from the raw contract's tables")


def all_before(table: str) -> tuple[str, ...]:
    """The columns that put a row of table after the cutoff (none: reference data)."""
    rule = RULES[table]
    if rule.reference:
        return ()
    stamps = [c.name for c in raw_contract()[table].columns if c.type in ("timestamp", "date")]
    return tuple(c for c in stamps if c not in rule.updates)


def late_column(table: str) -> str | None:
    """The column whose value makes a row of table late (its loaded_at), if any."""
    return raw_contract()[table].loaded_at if RULES[table].late else None


# The warehouse's text -> UTC timestamp (macro duckdb__parse_timestamp_utc).
_WITH_ZONE = r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)"
_NO_ZONE = r"\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
# A numeric offset moves a wall clock by at most 99:99 (regex above): 5 days is
# a safe margin for the string fast path in _timestamp_expr.
_FAST_PATH_MARGIN = timedelta(days=5)


def parse_timestamp_sql(expr: str) -> str:
    """SQL for the warehouse's parse of a text timestamp (null when unparseable)."""
    text = f"upper(trim({expr}))"
    return (
        f"case when regexp_full_match({text}, '{_WITH_ZONE}') "
        f"then timezone('UTC', try_cast({text} as timestamptz)) "
        f"when regexp_full_match({text}, '{_NO_ZONE}') "
        f"then try_cast({text} as timestamp) end"
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ts_literal(value: datetime) -> str:
    return f"timestamp '{value.isoformat(sep=' ')}'"


def _timestamp_expr(column: str, data_type: str, early: datetime | None) -> str:
    """SQL for a column as a UTC timestamp (null when empty or unparseable).

    Text that starts with a digit and sorts before the date `early` is older
    than early + 5 days whatever its offset (or unparseable): it is mapped to
    `early` without running the regular expressions (the common case, fast)."""
    quoted = _quote(column)
    upper = data_type.upper()
    if upper in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
        return f"timezone('UTC', {quoted})"
    if upper.startswith("TIMESTAMP") or upper == "DATE":
        return f"cast({quoted} as timestamp)"
    text = quoted if upper == "VARCHAR" else f"cast({quoted} as varchar)"
    parsed = parse_timestamp_sql(text)
    if early is None or early.year < 1000:
        return parsed
    return (
        f"case when {text} >= '0' and {text} < '{early.date().isoformat()}' "
        f"then {_ts_literal(early)} else {parsed} end"
    )


def _utc_naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def parse_cutoff(text: str) -> datetime:
    """ISO-8601 text -> naive UTC datetime (no offset = UTC)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return _utc_naive(datetime.fromisoformat(value))


@dataclass
class Source:
    table: str
    path: Path
    fmt: str  # parquet | csv
    columns: list[tuple[str, str]]  # (name, duckdb type) in file order
    relation: str  # SQL relation with the file's columns and _snapshot_rn (1-based)


def _csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            if any(cell.strip() for cell in row):
                return row
    return []


def _open_source(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> Source:
    if path.suffix == ".parquet":
        reader = f"read_parquet({_literal(str(path))}, file_row_number = true)"
        described = con.execute(f"describe select * from {reader}").fetchall()
        columns = [(row[0], row[1]) for row in described if row[0] != "file_row_number"]
        select = ", ".join(_quote(name) for name, _ in columns)
        relation = f"(select {select}, file_row_number + 1 as _snapshot_rn from {reader})"
        return Source(table, path, "parquet", columns, relation)
    names = _csv_header(path)
    if len(set(names)) != len(names):
        raise SystemExit(f"{path}: duplicate column names in the header: {names}")
    columns = [(name, "VARCHAR") for name in names]
    if not names:
        relation = "(select null::bigint as _snapshot_rn where false)"
        return Source(table, path, "csv", columns, relation)
    spec = ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in names)
    scratch = f"scratch.{_quote('csv_' + table)}"
    try:
        con.execute(
            f"create or replace table {scratch} as select * from read_csv("
            f"{_literal(str(path))}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"', columns = {{{spec}}})"
        )
    except duckdb.Error as error:
        raise SystemExit(
            f"{path}: not a well-formed CSV file (the snapshot needs one): {error}"
        ) from error
    select = ", ".join(_quote(name) for name in names)
    relation = f"(select {select}, rowid + 1 as _snapshot_rn from {scratch})"
    return Source(table, path, "csv", columns, relation)


def _find_sources(source: Path) -> tuple[dict[str, Path], list[str]]:
    found: dict[str, Path] = {}
    for table in raw_contract():
        for fmt in ("parquet", "csv"):  # parquet preferred, like the warehouse
            path = source / f"{table}.{fmt}"
            if path.is_file():
                found[table] = path
                break
    used = set(found.values())
    ignored = sorted(
        p.name
        for p in source.iterdir()
        if p.is_file() and p.suffix in (".parquet", ".csv") and p not in used
    )
    return found, ignored


def default_cutoff(con: duckdb.DuckDBPyConnection, tickets: Source) -> datetime:
    """Midnight UTC at the start of the last day on which a ticket was created."""
    lookup = {name.lower(): (name, data_type) for name, data_type in tickets.columns}
    created_at = raw_contract()["tickets"].loaded_at
    if created_at not in lookup:
        raise SystemExit(f"{tickets.path}: no {created_at} column to derive the cutoff from")
    name, data_type = lookup[created_at]
    expr = _timestamp_expr(name, data_type, None)
    latest = con.execute(
        f"select date_trunc('day', max({expr})) from {tickets.relation}"
    ).fetchone()
    if latest is None or latest[0] is None:
        raise SystemExit(f"{tickets.path}: no parseable {created_at}; pass --cutoff")
    return latest[0]


@dataclass
class Plan:
    """The SQL of one table's split."""

    relation: str  # the source with _snapshot_rn and the parsed timestamps
    in_base: str
    withheld: str  # in base but for being late
    updated: str  # in base with some values nulled
    base_select: str
    select: str


def _plan(src: Source, rule: Rule, cutoff: datetime, late_hours: float, late_every: int) -> Plan:
    late_start = cutoff - timedelta(hours=max(late_hours, 0))
    early = min(cutoff, late_start) - _FAST_PATH_MARGIN
    lookup = {name.lower(): (name, data_type) for name, data_type in src.columns}
    cutoff_sql = _ts_literal(cutoff)
    parsed: dict[str, str] = {}  # rule column -> alias of its parsed value

    def ts(column: str) -> str | None:
        if column not in lookup:
            return None
        if column not in parsed:
            parsed[column] = f"_snapshot_t{len(parsed)}"
        return parsed[column]

    after = [f"coalesce({t} >= {cutoff_sql}, false)" for c in all_before(src.table) if (t := ts(c))]
    is_late = "false"
    late = late_column(src.table)
    if late and late_every > 0 and late_hours > 0 and (t := ts(late)):
        is_late = (
            f"(_snapshot_rn % {int(late_every)} = 0 and coalesce({t} >= "
            f"{_ts_literal(late_start)} and {t} < {cutoff_sql}, false))"
        )
    is_new = " or ".join(after) or "false"
    nulled: dict[str, list[str]] = {}
    for trigger, columns in rule.updates.items():
        if (t := ts(trigger)) is None:
            continue
        for column in columns:
            if column in lookup:
                nulled.setdefault(lookup[column][0], []).append(
                    f"coalesce({t} >= {cutoff_sql}, false)"
                )
    base_select = []
    for name, _ in src.columns:
        if name in nulled:
            condition = " or ".join(nulled[name])
            base_select.append(
                f"case when {condition} then null else {_quote(name)} end as {_quote(name)}"
            )
        else:
            base_select.append(_quote(name))
    extra = "".join(
        f", {_timestamp_expr(*lookup[column], early)} as {alias}"
        for column, alias in parsed.items()
    )
    return Plan(
        relation=f"(select *{extra} from {src.relation})",
        in_base=f"not ({is_new} or {is_late})",
        withheld=f"(not ({is_new}) and {is_late})",
        updated=" or ".join(c for conds in nulled.values() for c in conds) or "false",
        base_select=", ".join(base_select),
        select=", ".join(_quote(name) for name, _ in src.columns),
    )


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path, fmt: str) -> None:
    partial = target.with_name(target.name + ".partial")
    options = "format parquet" if fmt == "parquet" else "format csv, header true"
    con.execute(f"copy ({query}) to {_literal(str(partial))} ({options})")
    os.replace(partial, target)


def _copy_file(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def _connect(scratch_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = true")
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"set temp_directory = {_literal(str(scratch_dir / 'spill'))}")
    if os.environ.get("SUPPORT_DUCKDB_MEMORY_LIMIT"):
        limit = os.environ["SUPPORT_DUCKDB_MEMORY_LIMIT"]
        con.execute(f"set memory_limit = {_literal(limit)}")
    if os.environ.get("SUPPORT_THREADS"):
        con.execute(f"set threads = {int(os.environ['SUPPORT_THREADS'])}")
    con.execute(f"attach {_literal(str(scratch_dir / 'scratch.duckdb'))} as scratch")
    return con


def _prepare_output(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for table in raw_contract():
        for fmt in ("parquet", "csv"):
            (directory / f"{table}.{fmt}").unlink(missing_ok=True)


def split(
    source: Path,
    base: Path,
    appended: Path,
    cutoff: datetime | None = None,
    late_hours: float = 24,
    late_every: int = 10,
) -> dict:
    """Write BASE and APPENDED from the raw dataset in `source`; return a summary.

    cutoff: naive = UTC; None = midnight UTC starting the last ticket-creation day."""
    source, base, appended = Path(source), Path(base), Path(appended)
    if not source.is_dir():
        raise SystemExit(f"{source}: not a directory")
    if len({source.resolve(), base.resolve(), appended.resolve()}) != 3:
        raise SystemExit("--from, --base and --appended must be three different directories")
    started = time.perf_counter()
    found, ignored = _find_sources(source)
    if "tickets" not in found and cutoff is None:
        raise SystemExit(f"{source}: no tickets table to derive the cutoff from; pass --cutoff")
    _prepare_output(base)
    _prepare_output(appended)
    tables: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix=".snapshot-", dir=appended.parent) as scratch:
        con = _connect(Path(scratch))
        try:
            sources = {table: _open_source(con, table, path) for table, path in found.items()}
            if cutoff is None:
                cutoff = default_cutoff(con, sources["tickets"])
            cutoff = _utc_naive(cutoff)
            for table, src in sources.items():
                tables[table] = _split_table(
                    con, src, RULES[table], cutoff, late_hours, late_every, base, appended
                )
        finally:
            con.close()
    totals = {
        key: sum(t[key] for t in tables.values())
        for key in ("source", "base", "appended", "new", "updated", "late")
    }
    return {
        "source": str(source),
        "base_dir": str(base),
        "appended_dir": str(appended),
        "cutoff": cutoff.isoformat() + "Z",
        "late_hours": late_hours,
        "late_every": late_every,
        "tables": tables,
        "totals": totals,
        "ignored_files": ignored,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _split_table(
    con: duckdb.DuckDBPyConnection,
    src: Source,
    rule: Rule,
    cutoff: datetime,
    late_hours: float,
    late_every: int,
    base: Path,
    appended: Path,
) -> dict:
    target_base = base / src.path.name
    target_appended = appended / src.path.name
    if rule.reference or not src.columns:
        (rows,) = con.execute(f"select count(*) from {src.relation}").fetchone()
        _copy_file(src.path, target_base)
        _copy_file(src.path, target_appended)
        return _table_summary(src, rows, rows, 0, 0)
    plan = _plan(src, rule, cutoff, late_hours, late_every)
    rows, base_rows, updated, late = con.execute(
        f"select count(*), count(*) filter (where {plan.in_base}), "
        f"count(*) filter (where ({plan.in_base}) and ({plan.updated})), "
        f"count(*) filter (where {plan.withheld}) from {plan.relation}"
    ).fetchone()
    if base_rows == rows and updated == 0:
        _copy_file(src.path, target_base)
    else:
        query = f"select {plan.base_select} from {plan.relation} where {plan.in_base}"
        _copy(con, query, target_base, src.fmt)
    if base_rows == rows:
        _copy_file(src.path, target_appended)
    else:
        # UNION ALL, WHERE and COPY keep the row order (DuckDB order preservation)
        query = (
            f"select {plan.select} from {plan.relation} where {plan.in_base} union all "
            f"select {plan.select} from {plan.relation} where not ({plan.in_base})"
        )
        _copy(con, query, target_appended, src.fmt)
    return _table_summary(src, rows, base_rows, updated, late)


def _table_summary(src: Source, rows: int, base_rows: int, updated: int, late: int) -> dict:
    return {
        "format": src.fmt,
        "source": rows,
        "base": base_rows,
        "appended": rows,
        "new": rows - base_rows,
        "updated": updated,
        "late": late,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.snapshot",
        description="Split a raw dataset into the export at a cutoff (base) and the same "
        "export a day later with the new rows appended (appended).",
        epilog="example: python -m supportwh_dev.snapshot --from demo_data --base /tmp/base "
        "--appended /tmp/appended",
    )
    parser.add_argument("--from", dest="source", type=Path, required=True, help="raw dataset")
    parser.add_argument("--base", type=Path, required=True, help="output: export at the cutoff")
    parser.add_argument(
        "--appended", type=Path, required=True, help="output: base rows then the new rows"
    )
    parser.add_argument(
        "--cutoff",
        help="ISO-8601 (no offset = UTC); default: midnight UTC starting the last day "
        "on which a ticket was created",
    )
    parser.add_argument("--late-hours", type=float, default=24)
    parser.add_argument("--late-every", type=int, default=10)
    args = parser.parse_args(argv)
    try:
        cutoff = parse_cutoff(args.cutoff) if args.cutoff else None
    except ValueError:
        parser.error(f"--cutoff {args.cutoff!r} is not an ISO-8601 timestamp")
    summary = split(args.source, args.base, args.appended, cutoff, args.late_hours, args.late_every)
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
