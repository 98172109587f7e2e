"""Compare two builds of the warehouse on different engines, row by row.

    python -m supportwh_dev.compare_engines --duckdb WAREHOUSE.duckdb --postgres [--rel-tol 1e-6]
    python -m supportwh_dev.compare_engines --duckdb WAREHOUSE.duckdb --spark   (SUPPORT_SPARK_DIR)

Every relation of the public schema (`main`: facts, dimensions, marts and the
data-quality models) is read from both engines and compared:
- the same relations and the same column names;
- the same number of rows, and row by row the same values after sorting
  (text, booleans, dates and timestamps exactly; numbers within a relative
  tolerance, 1e-6 by default, since engines sum floating point in different
  orders).
Bookkeeping columns that say when or how a build ran, not what the data
says, are left out (BOOKKEEPING_COLUMNS). Any other difference is a bug in one
engine's macro. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from supportwh.connections import pg_connect, spark_session

SCHEMA = "main"
# when each build ran / how its configuration hashed, not results; and every
# column ending in _at_build (hours from the data to the build's clock)
BOOKKEEPING_COLUMNS = {"dbt_updated_at", "dbt_loaded_at", "dbt_config_fingerprint", "built_at"}


def is_bookkeeping(column: str) -> bool:
    return column.lower() in BOOKKEEPING_COLUMNS or column.lower().endswith("_at_build")


@dataclass
class Relation:
    columns: list[str]
    rows: list[tuple]


def normalise(value):
    """One representation per value, whatever the engine's driver returned."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def sort_key(row: tuple) -> tuple:
    """Orders rows without trusting the low digits of floating point."""
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, bool):
            key.append((1, str(value)))
        elif isinstance(value, float):
            key.append((2, f"{value:+.6e}" if math.isfinite(value) else str(value)))
        else:
            key.append((3, str(value)))
    return tuple(key)


def values_equal(a, b, rel_tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-9)
    return a == b


def prepare(columns: list[str], rows: Iterable[tuple]) -> Relation:
    keep = [i for i, name in enumerate(columns) if not is_bookkeeping(name)]
    names = [columns[i].lower() for i in keep]
    order = sorted(range(len(names)), key=lambda i: names[i])
    prepared = [tuple(normalise(row[keep[i]]) for i in order) for row in rows]
    prepared.sort(key=sort_key)
    return Relation([names[i] for i in order], prepared)


def wanted(name: str, exclude: Collection[str], only: Collection[str] | None) -> bool:
    """Whether a reader keeps a relation: named in only (when given), not in exclude."""
    return name not in exclude and (only is None or name in only)


def duckdb_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The relations of the public schema of a DuckDB warehouse, by name."""
    return [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = ? order by table_name",
            [SCHEMA],
        ).fetchall()
    ]


def read_duckdb(
    path: str, exclude: Collection[str] = (), only: Collection[str] | None = None
) -> dict[str, Relation]:
    """Every relation of schema main (or those named in only), except those
    named in exclude."""
    con = duckdb.connect(path, read_only=True)
    try:
        relations = {}
        for name in duckdb_relations(con):
            if not wanted(name, exclude, only):
                continue
            cursor = con.execute(f'select * from {SCHEMA}."{name}"')
            columns = [d[0] for d in cursor.description]
            relations[name] = prepare(columns, cursor.fetchall())
        return relations
    finally:
        con.close()


def read_postgres(
    env: dict[str, str] | None = None,
    exclude: Collection[str] = (),
    only: Collection[str] | None = None,
) -> dict[str, Relation]:
    con = pg_connect(env)
    try:
        with con.cursor() as cur:
            cur.execute(
                "select table_name from information_schema.tables "
                "where table_schema = %s order by table_name",
                [SCHEMA],
            )
            names = [r[0] for r in cur.fetchall()]
            relations = {}
            for name in names:
                if not wanted(name, exclude, only):
                    continue
                cur.execute(f'select * from {SCHEMA}."{name}"')
                columns = [d[0] for d in cur.description]
                relations[name] = prepare(columns, cur.fetchall())
        return relations
    finally:
        con.close()


def read_spark(
    spark_dir: str | None = None,
    exclude: Collection[str] = (),
    only: Collection[str] | None = None,
    session=None,
) -> dict[str, Relation]:
    """As read_duckdb; session: an open Spark session to use (and leave open)."""
    spark = session or spark_session(spark_dir)
    try:
        names = sorted(
            row.tableName
            for row in spark.sql(f"show tables in {SCHEMA}").collect()
            if not row.isTemporary
        )
        relations = {}
        for name in names:
            if not wanted(name, exclude, only):
                continue
            frame = spark.table(f"{SCHEMA}.{name}")
            # timestamps as UTC text, parsed here: collect() would convert them
            # to this Python process's local time zone
            stamps = {
                field.name
                for field in frame.schema.fields
                if field.dataType.typeName().startswith("timestamp")
            }
            columns = [
                f"date_format(`{c}`, 'yyyy-MM-dd HH:mm:ss.SSSSSS') as `{c}`"
                if c in stamps
                else f"`{c}`"
                for c in frame.columns
            ]
            rows = [
                tuple(
                    dt.datetime.fromisoformat(v) if c in stamps and v is not None else v
                    for c, v in zip(frame.columns, row, strict=True)
                )
                for row in frame.selectExpr(*columns).collect()
            ]
            relations[name] = prepare(frame.columns, rows)
        return relations
    finally:
        if session is None:
            spark.stop()


def compare(
    left: dict[str, Relation],
    right: dict[str, Relation],
    rel_tol: float = 1e-6,
    labels: tuple[str, str] = ("duckdb", "other"),
    max_examples: int = 5,
) -> list[str]:
    """Problems found, one line each; empty when both builds agree."""
    problems: list[str] = []
    for name in sorted(set(left) - set(right)):
        problems.append(f"{name}: only on {labels[0]}")
    for name in sorted(set(right) - set(left)):
        problems.append(f"{name}: only on {labels[1]}")
    for name in sorted(set(left) & set(right)):
        a, b = left[name], right[name]
        if a.columns != b.columns:
            only_a = sorted(set(a.columns) - set(b.columns))
            only_b = sorted(set(b.columns) - set(a.columns))
            problems.append(
                f"{name}: columns differ (only {labels[0]}: {only_a}, only {labels[1]}: {only_b})"
            )
            continue
        if len(a.rows) != len(b.rows):
            problems.append(
                f"{name}: {len(a.rows)} rows on {labels[0]}, {len(b.rows)} on {labels[1]}"
            )
            continue
        differing = 0
        for row_a, row_b in zip(a.rows, b.rows, strict=True):
            columns = [
                column
                for column, x, y in zip(a.columns, row_a, row_b, strict=True)
                if not values_equal(x, y, rel_tol)
            ]
            if columns:
                differing += 1
                if differing <= max_examples:
                    detail = ", ".join(
                        f"{c}: {row_a[a.columns.index(c)]!r} vs {row_b[b.columns.index(c)]!r}"
                        for c in columns[:4]
                    )
                    problems.append(f"{name}: row differs: {detail}")
        if differing > max_examples:
            problems.append(f"{name}: {differing} rows differ in all")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", required=True, help="the DuckDB warehouse file")
    parser.add_argument(
        "--postgres", action="store_true", help="compare with the SUPPORT_PG_* database"
    )
    parser.add_argument(
        "--spark", action="store_true", help="compare with the local Spark of SUPPORT_SPARK_DIR"
    )
    parser.add_argument("--rel-tol", type=float, default=1e-6)
    args = parser.parse_args(argv)
    if args.postgres == args.spark:
        parser.error("name one other engine (--postgres or --spark)")
    other = "postgres" if args.postgres else "spark"
    left = read_duckdb(args.duckdb)
    right = read_postgres() if args.postgres else read_spark()
    problems = compare(left, right, args.rel_tol, ("duckdb", other))
    rows = sum(len(r.rows) for r in left.values())
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} differences over {len(left)} relations", file=sys.stderr)
        return 1
    print(f"duckdb and {other} agree: {len(left)} relations, {rows:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
