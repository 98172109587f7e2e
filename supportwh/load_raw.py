"""Load a raw dataset directory (SPEC section 1) into the `raw` schema of a
warehouse target, so the project builds there as it does on DuckDB.

    python -m supportwh.load_raw --target postgres [--raw-data-path DIR] [--schema raw]

How: the files are read exactly as on DuckDB. The loader registers them in a
scratch DuckDB file with the raw layer's own code (supportwh.raw.register, the
same the dbt-duckdb plugin runs), which gives every table as text columns plus
_row_number, _read_error, _raw_line and _loaded_at, and the inventory
_helpdesk_tables. Those relations
are then copied unchanged into the target:
- postgres: `COPY ... FROM STDIN (FORMAT csv)` into one table per raw table
  (text columns, _row_number bigint, _loaded_at timestamp);
- spark: Parquet files under SUPPORT_SPARK_DIR/raw_files, registered as
  Parquet tables in the metastore of the profile's spark target.
So validation, quarantine and rejected-row accounting happen in the dbt
models on every engine alike: a line the CSV reader could not read arrives
with its _read_error and is quarantined by staging, as on DuckDB.

Connection: the same env vars as the dbt profile (profiles/profiles.yml):
SUPPORT_PG_HOST, SUPPORT_PG_PORT, SUPPORT_PG_USER, SUPPORT_PG_PASSWORD,
SUPPORT_PG_DATABASE.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from supportwh.connections import EngineConnectionError, pg_connect, spark_session
from supportwh.connectors import NO_RAW_DATA, SYSTEMS, provided_tables
from supportwh.connectors.register import connector_accounts, register_connector_files
from supportwh.raw.register import IDENTIFIER, RawInputError, register_raw, sql_string

# the dbt project (dbt_project.yml, demo data): this checkout, or
# SUPPORT_PROJECT_DIR when the package is installed (pip install .) apart from it
REPO = Path(os.environ.get("SUPPORT_PROJECT_DIR") or Path(__file__).resolve().parent.parent)
PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
}


class LoadError(RuntimeError):
    """A load that cannot go on; the message says why."""


def register_in_duckdb(
    raw_dir: Path | str,
    scratch: Path,
    schema: str,
    helpdesk_source: str = "helpdesk",
    accounts: list[tuple[str, str | None]] | None = None,
) -> None:
    """Registers the raw files in a scratch DuckDB file, as a DuckDB build
    does; with a connector source, the tables it provides are empty and the
    exported files of each account are registered in its schema."""
    con = duckdb.connect(str(scratch))
    connector = helpdesk_source if helpdesk_source != "helpdesk" else None
    try:
        notes = register_raw(
            con, raw_dir, schema, provider=connector, provided=provided_tables(helpdesk_source)
        )
        for schema, data_path in accounts or []:
            if data_path is not None:
                notes += register_connector_files(con, data_path, schema)
        for note in notes:
            print(note)
    except RawInputError as error:
        raise LoadError(str(error)) from None
    finally:
        con.close()


def raw_relations(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The inventory first, then every raw table it lists."""
    tables = [
        row[0]
        for row in con.execute(
            f"select table_name from {schema}._helpdesk_tables order by table_name"
        ).fetchall()
    ]
    return ["_helpdesk_tables", *tables]


def columns_of(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    described = con.execute(f"describe select * from {relation}").fetchall()
    return [(row[0], row[1]) for row in described]


def spark_string(value: str) -> str:
    """A Spark SQL string literal: backslashes and single quotes escaped (the
    directory comes from SUPPORT_SPARK_DIR)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pg_type(duckdb_type: str) -> str:
    if duckdb_type not in PG_TYPES:
        raise LoadError(f"no PostgreSQL type for DuckDB type {duckdb_type}")
    return PG_TYPES[duckdb_type]


def connector_relations(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The connector tables registered in schema (its exported files)."""
    return [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "order by table_name",
            [schema],
        ).fetchall()
    ]


def load_postgres(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    workdir: Path,
    relations: list[str] | None = None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    pg = pg_connect()
    try:
        with pg.cursor() as cur:
            cur.execute(f'create schema if not exists "{schema}"')
            for relation in raw_relations(con, schema) if relations is None else relations:
                source = f'{schema}."{relation}"'
                columns = columns_of(con, source)
                # PostgreSQL text cannot hold NUL characters: a raw value with
                # one keeps the rest of its text (the only change the load makes)
                select = ", ".join(
                    f'replace("{name}", chr(0), \'\') as "{name}"'
                    if data_type == "VARCHAR"
                    else f'"{name}"'
                    for name, data_type in columns
                )
                csv_path = workdir / f"{relation}.csv"
                con.execute(
                    f"copy (select {select} from {source}) to {sql_string(str(csv_path))} "
                    "(header false, nullstr '\\N', timestampformat '%Y-%m-%d %H:%M:%S.%f')"
                )
                ddl = ", ".join(f'"{name}" {pg_type(data_type)}' for name, data_type in columns)
                cur.execute(f'drop table if exists "{schema}"."{relation}" cascade')
                cur.execute(f'create table "{schema}"."{relation}" ({ddl})')
                with csv_path.open("r", encoding="utf-8") as handle:
                    cur.copy_expert(
                        f'copy "{schema}"."{relation}" from stdin with (format csv, null \'\\N\')',
                        handle,
                    )
                csv_path.unlink()
                cur.execute(f'analyze "{schema}"."{relation}"')
                cur.execute(f'select count(*) from "{schema}"."{relation}"')
                counts[relation] = cur.fetchone()[0]
                expected = con.execute(f"select count(*) from {source}").fetchone()[0]
                if counts[relation] != expected:
                    raise LoadError(
                        f"{relation}: {counts[relation]} rows arrived, {expected} were read"
                    )
        pg.commit()
    finally:
        pg.close()
    return counts


def load_spark(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    workdir: Path,
    relations: list[str] | None = None,
) -> dict[str, int]:
    """Parquet tables: each relation written as Parquet under
    SUPPORT_SPARK_DIR/raw_files/<table>/ (kept: the tables point at them) and
    registered as `create table <schema>.<table> using parquet location ...`
    in the metastore of the profile's spark target (session method). For a
    Thrift/HTTP cluster, copy the Parquet files to the cluster's storage and
    run the same statements there."""
    base = Path(os.environ.get("SUPPORT_SPARK_DIR", "/tmp/support-spark"))
    files = base / "raw_files"
    counts: dict[str, int] = {}
    relations = raw_relations(con, schema) if relations is None else relations
    for relation in relations:
        target = files / relation
        if target.exists():
            for old in target.iterdir():
                old.unlink()
        target.mkdir(parents=True, exist_ok=True)
        con.execute(
            f'copy (select * from {schema}."{relation}") to '
            f"{sql_string(f'{target}/part-0.parquet')} "
            "(format parquet)"
        )
    spark = spark_session(str(base))
    try:
        spark.sql(f"create database if not exists {schema}")
        for relation in relations:
            spark.sql(f"drop table if exists {schema}.`{relation}`")
            spark.sql(
                f"create table {schema}.`{relation}` using parquet location "
                f"{spark_string(str(files / relation))}"
            )
            counts[relation] = spark.sql(f"select count(*) from {schema}.`{relation}`").first()[0]
            expected = con.execute(f'select count(*) from {schema}."{relation}"').fetchone()[0]
            if counts[relation] != expected:
                raise LoadError(
                    f"{relation}: {counts[relation]} rows arrived, {expected} were read"
                )
    finally:
        spark.stop()
    return counts


LOADERS = {"postgres": load_postgres, "spark": load_spark}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="supportwh-load-raw",
        description="Load a raw dataset directory into the raw schema of a PostgreSQL or Spark "
        "target, read exactly as on DuckDB.",
        epilog="example: supportwh-load-raw --target postgres --raw-data-path demo_data "
        "(or python -m supportwh.load_raw ...; an installed package finds the dbt project "
        "in SUPPORT_PROJECT_DIR)",
    )
    parser.add_argument("--target", choices=sorted(LOADERS), required=True)
    parser.add_argument(
        "--raw-data-path",
        default=os.environ.get("RAW_DATA_PATH", str(REPO / "demo_data")),
        help="directory of the raw dataset (default: RAW_DATA_PATH or demo_data)",
    )
    parser.add_argument("--schema", default="raw", help="target schema (dbt var raw_schema)")
    parser.add_argument(
        "--helpdesk-source",
        choices=SYSTEMS,
        default="helpdesk",
        help="dbt var helpdesk_source: with a connector, the raw tables it provides are "
        "loaded empty and --raw-data-path may be none",
    )
    parser.add_argument(
        "--connector-data-path",
        action="append",
        help="a directory of the connector's exported tables, loaded into --connector-schema "
        "(the way the connector lands them); several accounts: once per --connector-schema, "
        "in the same order",
    )
    parser.add_argument(
        "--connector-schema",
        action="append",
        help="dbt var connector_schema (default: the source's name); several accounts: once "
        "per account",
    )
    args = parser.parse_args(argv)
    connector = args.helpdesk_source if args.helpdesk_source != "helpdesk" else None
    # absolute, not resolved: file paths in dq_raw_row_counts read as given,
    # as on a DuckDB build with the same raw_data_path
    no_raw = connector is not None and args.raw_data_path.strip().lower() == NO_RAW_DATA
    raw_dir: Path | str = NO_RAW_DATA if no_raw else Path(args.raw_data_path).absolute()
    if not no_raw and not Path(raw_dir).is_dir():
        print(f"load_raw: {raw_dir} is not a directory", file=sys.stderr)
        return 2
    accounts: list[tuple[str, str | None]] = []
    if connector:
        try:
            accounts = [
                (schema, str(Path(path).absolute()) if path else None)
                for schema, path in connector_accounts(
                    connector, args.connector_schema, args.connector_data_path
                )
            ]
        except RawInputError as error:
            print(f"load_raw: {error}", file=sys.stderr)
            return 2
        for schema, _ in accounts:
            if not IDENTIFIER.match(schema):
                print(f"load_raw: connector schema {schema!r} is not a plain name", file=sys.stderr)
                return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="support_load_") as tmp:
        workdir = Path(tmp)
        scratch = workdir / "scratch.duckdb"
        try:
            register_in_duckdb(
                raw_dir,
                scratch,
                args.schema,
                args.helpdesk_source,
                accounts,
            )
            con = duckdb.connect(str(scratch))
            try:
                counts = LOADERS[args.target](con, args.schema, workdir)
                for schema, data_path in accounts:
                    if data_path is None:
                        continue
                    landed = LOADERS[args.target](
                        con, schema, workdir, connector_relations(con, schema)
                    )
                    counts.update({f"{schema}.{k}": v for k, v in landed.items()})
            finally:
                con.close()
        except (LoadError, EngineConnectionError) as error:
            print(f"load_raw: {error}", file=sys.stderr)
            return 1
    for relation, count in counts.items():
        name = relation if "." in relation else f"{args.schema}.{relation}"
        print(f"{args.target}: {name}: {count:,} rows")
    print(f"loaded {raw_dir} into {args.target} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
