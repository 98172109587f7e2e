"""Register a directory of a connector's exported tables in DuckDB.

    register_connector_files(con, data_dir, schema) -> list of notes
    connector_accounts(system, schema_value, data_path_value) -> [(schema, dir)]

Every ``<table>.parquet``, ``<table>.csv`` or ``<table>.csv.gz`` of the
directory becomes a view ``<schema>.<table>`` (Parquet with its own types,
CSV as text: the dbt models cast every column to text anyway). A file whose
name is not a plain identifier is skipped with a note; a table present in two
formats is read from Parquet. The directory must exist.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import duckdb

from ..raw.register import IDENTIFIER, RawInputError, quote_identifier, raw_directory, sql_string

FORMATS = (".parquet", ".csv", ".csv.gz")


def connector_files(base: Path) -> dict[str, Path]:
    """Table name -> file, Parquet preferred."""
    found: dict[str, Path] = {}
    for fmt in FORMATS:
        for path in sorted(base.glob(f"*{fmt}")):
            name = path.name[: -len(fmt)]
            if name not in found and path.is_file():
                found[name] = path
    return found


def register_connector_files(
    con: duckdb.DuckDBPyConnection, data_dir: str | Path, schema: str
) -> list[str]:
    if not IDENTIFIER.match(schema):
        raise RawInputError(f"connector schema {schema!r} is not a plain SQL identifier")
    base = raw_directory(data_dir)
    if not base.is_dir():
        raise RawInputError(
            f"connector_data_path '{data_dir}' is not a directory of the connector's exported "
            "tables (<table>.parquet or <table>.csv)."
        )
    notes: list[str] = []
    con.execute(f"create schema if not exists {schema}")
    files = connector_files(base)
    # a view left from an earlier export whose file is gone would be read
    # silently: every view of the schema not backed by a file now is dropped
    stale = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_type = 'VIEW'",
        [schema],
    ).fetchall()
    for (name,) in stale:
        if name not in files:
            con.execute(f"drop view {schema}.{quote_identifier(name)}")
            notes.append(f"Connector table {schema}.{name} dropped: no file in {base}")
    for name, path in files.items():
        if not IDENTIFIER.match(name):
            notes.append(f"Connector file not read: {path} (not a plain table name)")
            continue
        if path.stat().st_size == 0:
            notes.append(f"Connector file not read: {path} is empty")
            continue
        if path.name.endswith(".parquet"):
            reader = f"read_parquet({sql_string(str(path))})"
        else:
            reader = f"read_csv({sql_string(str(path))}, header = true, all_varchar = true)"
        con.execute(
            f"create or replace view {schema}.{quote_identifier(name)} as select * from {reader}"
        )
        notes.append(f"Connector table {schema}.{name} registered from {path}")
    return notes


def _as_list(value: Any) -> list[str] | None:
    """A var as a profile hands it over: None, a name, a list, or a list
    rendered as text (JSON or a Python literal)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value]
    text = str(value).strip()
    if text in ("", "null", "None", '""'):
        return None
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            try:
                parsed = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                raise RawInputError(f"cannot read the list {text!r}") from None
        if not isinstance(parsed, list):
            raise RawInputError(f"cannot read the list {text!r}")
        return [str(item).strip() for item in parsed]
    if text.startswith('"'):
        try:
            text = str(json.loads(text)).strip()
        except ValueError:
            pass
    return [text]


def connector_accounts(
    system: str, schema_value: Any, data_path_value: Any
) -> list[tuple[str, str | None]]:
    """The accounts of a connector source (docs/connectors.md, several
    accounts): each schema of var connector_schema (a name or a list; default
    the source's name) with its directory of exported files from var
    connector_data_path (a directory, or a list, one per schema), or None."""
    schemas = _as_list(schema_value) or [system]
    paths = _as_list(data_path_value)
    if paths is None:
        return [(schema, None) for schema in schemas]
    if len(paths) != len(schemas):
        raise RawInputError(
            f"connector_data_path lists {len(paths)} directories for {len(schemas)} schemas of "
            "connector_schema: give one directory per schema, in the same order."
        )
    return list(zip(schemas, paths, strict=True))
