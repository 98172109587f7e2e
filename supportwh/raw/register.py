"""Register a raw dataset directory (SPEC section 1) in a DuckDB database.

    register_raw(con, raw_dir, schema="raw") -> list of notes

For every table of the contract, a view ``<schema>.<table>`` with every SPEC
column as text (staging parses and validates), a column the file lacks and
the contract does not require as null, and four bookkeeping columns:
``_row_number`` (1-based position of the row in the file), ``_read_error``
(why a CSV line could not be read as a row, else null), ``_raw_line`` (the text
of such a line) and ``_loaded_at`` (the row's event time in UTC, from the
contract's ``loaded_at`` column, for dbt source freshness; null when absent or
unparseable). A missing optional table is an empty view; a missing required
table or column stops with a RawInputError naming the table (and column).
The inventory ``<schema>._helpdesk_tables`` lists each table, whether its
file was found, the path and the format.

Files: ``<table>.parquet``, else ``<table>.csv``, else ``<table>.csv.gz``
(gzip-compressed CSV); a file that looks meant for a table and is not read
(another extension, a name differing in case) is named in a note starting
"Raw file not read", which the dbt plugin logs as a warning. Parquet is read
with DuckDB's reader (typed columns rendered as text, timestamps as ISO-8601
UTC). CSV is read with DuckDB's strict reader when it rejects no line and
reads one row per non-blank line (the fast path, a view over the file);
otherwise (malformed lines, or quoted values with line breaks) the file is
read record by record in Python (``csv_lines``) into the table
``<schema>._csv_lines_<table>``, so every malformed line becomes a rejected
row with its line number and reason. A UTF-16 or UTF-32 file, or a header
naming a contract column twice, stops with a RawInputError naming the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from .contract import RawTable, raw_contract
from .csv_lines import header_names, read_rows, wide_encoding

INVENTORY = "_helpdesk_tables"
# what was registered, for the on-run-start check (macros/raw/check_raw_registration.sql)
REGISTRATION = "_helpdesk_registration"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# The SQL of the dbt macro duckdb__parse_timestamp_utc (macros/engine/engine_sql.sql)
# for the _loaded_at column: ISO-8601 with a numeric offset or Z (converted to
# UTC), or without a zone (UTC); anything else is null. tests/test_raw_layer.py
# checks the two regular expressions are the macro's.
TIMESTAMP_WITH_OFFSET = (
    r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*"
    r"(Z|[+-](0\d|1[0-3])(:?[0-5]\d)?|[+-]14(:?00)?)"
)
TIMESTAMP_WITHOUT_ZONE = r"\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"


class RawInputError(RuntimeError):
    """The raw dataset cannot be read as the contract says; the message says why."""


@dataclass(frozen=True)
class RawFile:
    path: Path
    format: str
    size: int


def sql_string(value: str) -> str:
    """A SQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parse_timestamp_utc_sql(expr: str) -> str:
    value = f"upper(trim({expr}))"
    return (
        f"case when regexp_full_match({value}, {sql_string(TIMESTAMP_WITH_OFFSET)}) "
        f"then timezone('UTC', try_cast({value} as timestamptz)) "
        f"when regexp_full_match({value}, {sql_string(TIMESTAMP_WITHOUT_ZONE)}) "
        f"then try_cast({value} as timestamp) end"
    )


def raw_directory(path: str | Path) -> Path:
    """The raw dataset directory as an absolute path, joined to the working
    directory as written (not resolved or normalised: file paths in
    dq_raw_row_counts read as given)."""
    text = str(path).rstrip("/")
    if not text:
        raise RawInputError("raw_data_path is empty: set it to the directory of the raw dataset")
    return Path(text if text.startswith("/") else os.getcwd() + "/" + text)


# the file names a raw table is read from, in order of preference
RAW_FORMATS = ("parquet", "csv", "csv.gz")


def find_raw_file(base: Path, table: str) -> RawFile | None:
    for fmt in RAW_FORMATS:
        path = base / f"{table}.{fmt}"
        if path.is_file():
            return RawFile(path, fmt, path.stat().st_size)
    return None


UNREAD_FILE = "Raw file not read"


def unread_file_notes(base: Path, tables: list[str], read: set[Path]) -> list[str]:
    """A warning for each file of the raw directory that looks meant for a
    table and is not read: an unsupported extension (tickets.tsv,
    holidays.csv.bz2), a name differing only in case (Leads.csv), or a second
    format of a table read from its preferred one."""
    notes = []
    try:
        entries = sorted(p for p in base.iterdir() if p.is_file())
    except OSError:
        return notes
    for path in entries:
        # (on a case-insensitive file system, Tickets.csv is the file read)
        if any(path == done or path.samefile(done) for done in read):
            continue
        name = path.name
        lowered = name.lower()
        table = next((t for t in tables if lowered.startswith(t + ".")), None)
        if table is None:
            continue
        supported = [f"{table}.{fmt}" for fmt in RAW_FORMATS]
        if lowered in supported and name not in supported:
            why = f"its name differs from {lowered} only in case; rename it to be read"
        elif name in supported:
            chosen = next((p.name for p in read if p.name.startswith(table + ".")), "another file")
            why = f"{chosen} is read instead (parquet, then csv, then csv.gz)"
        else:
            why = f"the raw layer reads {', '.join(supported)}"
        notes.append(f"{UNREAD_FILE}: {path}: {why}.")
    return notes


def _bookkeeping(row_number: str = "null", read_error: str = "null", raw_line: str = "null") -> str:
    return (
        f", cast({row_number} as bigint) as _row_number"
        f", cast({read_error} as varchar) as _read_error"
        f", cast({raw_line} as varchar) as _raw_line"
    )


def empty_select(spec: RawTable) -> str:
    columns = ", ".join(f"cast(null as varchar) as {name}" for name in spec.column_names)
    return f"select {columns}{_bookkeeping()} where 1 = 0"


# fractional number types of a typed (Parquet) column
FRACTIONAL_TYPES = ("FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC")


def text_expr(name: str, data_type: str) -> str:
    """A typed column rendered as text; timestamps as ISO-8601 so the session
    time zone never leaks into the values; a whole number held in a
    fractional type (pandas writes an integer id column with nulls as
    float: 241.0) as the integer it is ('241'), so it matches the same id
    written as an integer or as text elsewhere."""
    kind = data_type.upper()
    quoted = quote_identifier(name)
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"strftime(timezone('UTC', {quoted}), '%Y-%m-%dT%H:%M:%S.%fZ')"
    if kind.startswith("TIMESTAMP"):
        return f"strftime({quoted}, '%Y-%m-%dT%H:%M:%S.%f')"
    if kind.startswith(FRACTIONAL_TYPES):
        return (
            f"case when {quoted} = trunc({quoted}) and abs({quoted}) < 1e18"
            f" then cast(cast({quoted} as bigint) as varchar) else cast({quoted} as varchar) end"
        )
    return f"cast({quoted} as varchar)"


def check_duplicate_names(spec: RawTable, found: RawFile, names: list[str]) -> None:
    """A contract column named twice in a file's header (names compared
    trimmed and lower-cased) stops: which one is meant cannot be told."""
    for column in spec.column_names:
        positions = [i for i, name in enumerate(names, start=1) if name == column]
        if len(positions) > 1:
            raise RawInputError(
                f"Raw table '{spec.name}' ({found.path}) names column '{column}' more than once "
                f"(columns {', '.join(map(str, positions))}): rename or remove the extra ones."
            )


def spec_columns(spec: RawTable, found: RawFile, present: dict[str, tuple[str, str]]) -> str:
    """The select list of the contract's columns from the columns a file has
    (present: lower-cased name -> (name in the reader, type))."""
    columns = []
    for column in spec.columns:
        if column.name in present:
            name, data_type = present[column.name]
            columns.append(f"{text_expr(name, data_type)} as {column.name}")
        elif column.required:
            raise RawInputError(
                f"Raw table '{spec.name}' ({found.path}) lacks required column '{column.name}'."
            )
        else:
            columns.append(f"cast(null as varchar) as {column.name}")
    return ", ".join(columns)


def parquet_select(con: duckdb.DuckDBPyConnection, spec: RawTable, found: RawFile) -> str:
    reader = f"read_parquet({sql_string(str(found.path))}, file_row_number = true)"
    present: dict[str, tuple[str, str]] = {}
    described = [
        (name, data_type)
        for name, data_type, *_ in con.execute(f"describe select * from {reader}").fetchall()
        if name != "file_row_number"
    ]
    check_duplicate_names(spec, found, [name.strip().lower() for name, _ in described])
    for name, data_type in described:
        present.setdefault(name.strip().lower(), (name, data_type))
    select_list = spec_columns(spec, found, present)
    return f"select {select_list}{_bookkeeping('file_row_number + 1')} from {reader}"


def csv_reader(path: Path, column_count: int, options: str = "") -> str:
    """DuckDB's CSV reader in the SPEC dialect, columns c1..cN as text."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, column_count + 1))
    return (
        f"read_csv({sql_string(str(path))}, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{columns}}}{options})"
    )


def csv_line_count(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Non-blank lines as DuckDB's reader sees them (no quote handling)."""
    reader = (
        f"read_csv({sql_string(str(path))}, header = false, auto_detect = false, "
        "columns = {'line_text': 'VARCHAR'}, delim = E'\\x1f\\x1e\\x1d\\x1c', "
        "quote = '', escape = '', ignore_errors = true)"
    )
    return con.execute(f"select count(line_text) from {reader}").fetchall()[0][0]


def csv_reads_cleanly(con: duckdb.DuckDBPyConnection, path: Path, column_count: int) -> bool:
    """DuckDB's strict reader rejects no line and reads one row per non-blank
    line after the header (no value spans lines)."""
    rejects = (
        ", store_rejects = true, rejects_table = '_helpdesk_csv_errors', "
        "rejects_scan = '_helpdesk_csv_scans'"
    )
    try:
        rows_read = con.execute(
            f"select count(*) from {csv_reader(path, column_count, rejects)}"
        ).fetchall()[0][0]
        rejected = con.execute("select count(*) from temp.main._helpdesk_csv_errors").fetchall()[0][
            0
        ]
    finally:
        con.execute("drop table if exists temp.main._helpdesk_csv_errors")
        con.execute("drop table if exists temp.main._helpdesk_csv_scans")
    return rejected == 0 and rows_read == csv_line_count(con, path) - 1


def csv_lines_table(
    con: duckdb.DuckDBPyConnection, path: Path, column_count: int, table: str
) -> None:
    """The file read line by line (csv_lines) into a table c1..cN, _row_number,
    _read_error, _raw_line."""
    names = [f"c{i}" for i in range(1, column_count + 1)]
    values: list[list[str | None]] = [[] for _ in names]
    row_numbers, errors, lines = [], [], []
    for row in read_rows(path, column_count):
        for position in range(column_count):
            values[position].append(None if row.values is None else row.values[position])
        row_numbers.append(row.row_number)
        errors.append(row.read_error)
        lines.append(row.raw_line)
    arrays = [pa.array(column, pa.string()) for column in values]
    arrays += [pa.array(row_numbers, pa.int64()), pa.array(errors, pa.string())]
    arrays += [pa.array(lines, pa.string())]
    lines_table = pa.Table.from_arrays(arrays, [*names, "_row_number", "_read_error", "_raw_line"])
    con.register("_helpdesk_csv_lines", lines_table)
    try:
        con.execute(
            f"create or replace table {table} as "
            "select * from _helpdesk_csv_lines order by _row_number"
        )
    finally:
        con.unregister("_helpdesk_csv_lines")


def csv_select(
    con: duckdb.DuckDBPyConnection, spec: RawTable, found: RawFile, schema: str, notes: list[str]
) -> str:
    encoding = wide_encoding(found.path)
    if encoding is not None:
        raise RawInputError(
            f"Raw table '{spec.name}' ({found.path}) is encoded as {encoding}; the raw layer "
            f"reads UTF-8: convert it (e.g. iconv -f {encoding} -t UTF-8)."
        )
    names = header_names(found.path)
    if not names:
        notes.append(
            f"Raw table '{spec.name}': {found.path} has no header line; read as zero rows."
        )
        return empty_select(spec)
    check_duplicate_names(spec, found, names)
    present: dict[str, tuple[str, str]] = {}
    for position, name in enumerate(names, start=1):
        present.setdefault(name, (f"c{position}", "VARCHAR"))
    select_list = spec_columns(spec, found, present)
    if csv_reads_cleanly(con, found.path, len(names)):
        reader = csv_reader(found.path, len(names))
        return f"select {select_list}{_bookkeeping('row_number() over ()')} from {reader}"
    notes.append(
        f"Raw table '{spec.name}': {found.path} has values spanning lines or lines the CSV "
        "reader cannot read as rows; reading it record by record (malformed lines are listed "
        "in dq_rejected_rows)."
    )
    lines_table = f"{schema}._csv_lines_{spec.name}"
    csv_lines_table(con, found.path, len(names), lines_table)
    bookkeeping = _bookkeeping("_row_number", "_read_error", "_raw_line")
    return f"select {select_list}{bookkeeping} from {lines_table}"


def file_select(
    con: duckdb.DuckDBPyConnection, spec: RawTable, found: RawFile, schema: str, notes: list[str]
) -> str:
    if found.size == 0:
        notes.append(f"Raw table '{spec.name}': {found.path} is empty; read as zero rows.")
        return empty_select(spec)
    if found.format == "parquet":
        return parquet_select(con, spec, found)
    return csv_select(con, spec, found, schema, notes)


def register_raw(
    con: duckdb.DuckDBPyConnection,
    raw_dir: str | Path,
    schema: str = "raw",
    contract: dict[str, RawTable] | None = None,
    provider: str | None = None,
    provided: tuple[str, ...] = (),
) -> list[str]:
    """Register every raw table of raw_dir in schema; returns notes for the log.

    provider: a connector source (var helpdesk_source) whose dbt models
    provide the tables named in provided: those are registered empty (the
    helpdesk base models read the connector's models instead) and listed in
    the inventory as present, format = the provider. raw_dir "none" (only
    with a provider): no raw files, every other table empty."""
    if not IDENTIFIER.match(schema):
        raise RawInputError(f"raw schema {schema!r} is not a plain SQL identifier")
    no_files = provider is not None and str(raw_dir).strip().lower() == "none"
    base = raw_directory(raw_dir) if not no_files else None
    contract = contract or raw_contract()
    notes: list[str] = []
    con.execute(f"create schema if not exists {schema}")
    inventory: list[tuple[str, bool, str | None, str | None]] = []
    read: set[Path] = set()
    for table, spec in contract.items():
        con.execute(f"drop table if exists {schema}._csv_lines_{table}")
        if table in provided:
            con.execute(
                f"create or replace view {schema}.{table} as select *, "
                f"cast(null as timestamp) as _loaded_at from ({empty_select(spec)}) as raw_rows"
            )
            inventory.append((table, True, None, provider))
            continue
        found = find_raw_file(base, table) if base is not None else None
        if found is None:
            if spec.required:
                raise RawInputError(
                    f"Raw table '{table}' is required but none of {table}.parquet, "
                    f"{table}.csv or {table}.csv.gz exists in raw_data_path '{base}'."
                    + "".join(f" {note}" for note in unread_file_notes(base, [table], set()))
                )
            body = empty_select(spec)
            inventory.append((table, False, None, None))
        else:
            body = file_select(con, spec, found, schema, notes)
            inventory.append((table, True, str(found.path), found.format))
            read.add(found.path)
        loaded_at = parse_timestamp_utc_sql(spec.loaded_at) if spec.loaded_at else "null"
        con.execute(
            f"create or replace view {schema}.{table} as select *, "
            f"cast({loaded_at} as timestamp) as _loaded_at from ({body}) as raw_rows"
        )
    if base is not None:
        notes.extend(unread_file_notes(base, [t for t in contract if t not in provided], read))
    con.execute(
        f"create or replace table {schema}.{INVENTORY} (table_name varchar, "
        "is_present boolean, file_path varchar, file_format varchar)"
    )
    con.executemany(f"insert into {schema}.{INVENTORY} values (?, ?, ?, ?)", inventory)
    con.execute(
        f"create or replace table {schema}.{REGISTRATION} as select "
        "cast(? as varchar) as raw_data_path, cast(? as varchar) as raw_directory, "
        "current_timestamp as registered_at",
        [str(raw_dir), str(base) if base is not None else None],
    )
    return notes
