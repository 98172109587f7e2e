"""What the connector converters (zendesk.py, intercom.py, freshdesk.py)
share: the generated canonical dataset opened in DuckDB, and two pieces of
SQL they all write."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from ..raw.register import sql_string


def open_canonical(source: Path, tables: Iterable[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB (session time zone UTC) with each canonical table
    of source (<table>.parquet) as a view src_<table>."""
    con = duckdb.connect()
    con.execute("set time zone 'UTC'")
    for table in tables:
        path = source / f"{table}.parquet"
        con.execute(
            f"create view src_{table} as select * from read_parquet({sql_string(str(path))})"
        )
    return con


def ts_sql(expr: str) -> str:
    """A canonical ISO-8601 text (UTC) as a naive UTC timestamp."""
    return f"cast(timezone('UTC', cast({expr} as timestamptz)) as timestamp)"


def case_sql(pairs: dict, expr: str) -> str:
    """A `case expr when k then v ... end` mapping: text keys and values
    quoted, numbers as they are."""

    def literal(value: object) -> str:
        return sql_string(str(value)) if isinstance(value, str) else str(value)

    cases = " ".join(f"when {literal(k)} then {literal(v)}" for k, v in pairs.items())
    return f"case {expr} {cases} end"
