"""Compare two builds of the warehouse row by row: on two engines, or two DuckDB files.

    python -m supportwh_dev.compare_engines --duckdb WAREHOUSE.duckdb --postgres [--rel-tol 1e-6]
    python -m supportwh_dev.compare_engines --duckdb WAREHOUSE.duckdb --spark   (SUPPORT_SPARK_DIR)
    python -m supportwh_dev.compare_engines --duckdb BASELINE.duckdb --other-duckdb NEW.duckdb \
        [--rename OLD_RELATION[.OLD_COLUMN]=NEW_RELATION[.NEW_COLUMN] ...] \
        [--exclude RELATION[.COLUMN] ...]

Every relation of the public schema (`main`: facts, dimensions, marts and the
data-quality models) is read from both builds and compared:
- the same relations and the same column names;
- the same number of rows, and row by row the same values after sorting
  (text, booleans, dates and timestamps exactly; numbers within a relative
  tolerance, 1e-6 by default, since engines sum floating point in different
  orders).
Bookkeeping columns that say when or how a build ran, not what the data
says, are left out (BOOKKEEPING_COLUMNS). Any other difference is a bug in one
engine's macro. Exit status 1 when anything differs, with a report per
relation: only in one build, columns that differ, row counts (with the first
rows only one build has), the first rows that differ and in which columns.

Two DuckDB files (--other-duckdb): a redesign proves every public relation
unchanged against a baseline warehouse built before it. The same rules apply;
--rename maps a relation or a column of the baseline to its new name (named
as `relation` or `relation.column` on both sides; a rename naming a relation
or column the baseline lacks is itself reported), and --exclude leaves out a
relation or one column of a relation, named as in the other (new) warehouse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from supportwh.connections import pg_connect, spark_session

SCHEMA = "main"
# when each build ran / how its configuration and inputs hashed (hash values
# differ between engines), not results; and every column ending in _at_build
# (hours from the data to the build's clock)
BOOKKEEPING_COLUMNS = {
    "dbt_updated_at",
    "dbt_loaded_at",
    "dbt_config_fingerprint",
    "dbt_input_fingerprint",
    "dq_row_hash",
    "built_at",
}


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
    """Bookkeeping columns left out, the others by name, values normalised;
    rows sorted by their id columns (named *_id) first, then the other
    columns without floating-point values, then the rest, so a changed value
    pairs the rows of the same ids, and rows that differ only in a label
    (e.g. two slices holding the same tickets) pair by that label rather
    than by the last digits of sums added up in another order."""
    keep = [i for i, name in enumerate(columns) if not is_bookkeeping(name)]
    names = [columns[i].lower() for i in keep]
    order = sorted(range(len(names)), key=lambda i: names[i])
    sorted_names = [names[i] for i in order]
    prepared = [tuple(normalise(row[keep[i]]) for i in order) for row in rows]
    has_floats = [any(isinstance(row[i], float) for row in prepared) for i in range(len(order))]
    sort_columns = sorted(
        range(len(sorted_names)),
        key=lambda i: (not sorted_names[i].endswith("_id"), has_floats[i]),
    )
    prepared.sort(key=lambda row: sort_key(tuple(row[i] for i in sort_columns)))
    return Relation(sorted_names, prepared)


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


def duckdb_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The column names (lower case) of a relation of schema main."""
    cursor = con.execute(f'select * from {SCHEMA}."{name}" limit 0')
    return [d[0].lower() for d in cursor.description]


def read_duckdb_relation(
    con: duckdb.DuckDBPyConnection,
    name: str,
    rename_columns: Mapping[str, str] | None = None,
    drop_columns: Collection[str] = (),
) -> Relation:
    """One relation of schema main, prepared; rename_columns maps a column
    (lower case) to the name it is compared under, drop_columns (lower case,
    after renaming) are left out."""
    cursor = con.execute(f'select * from {SCHEMA}."{name}"')
    renames = rename_columns or {}
    columns = [renames.get(d[0].lower(), d[0].lower()) for d in cursor.description]
    rows = cursor.fetchall()
    if drop_columns:
        keep = [i for i, column in enumerate(columns) if column not in drop_columns]
        columns = [columns[i] for i in keep]
        rows = [tuple(row[i] for i in keep) for row in rows]
    return prepare(columns, rows)


def read_duckdb(
    path: str, exclude: Collection[str] = (), only: Collection[str] | None = None
) -> dict[str, Relation]:
    """Every relation of schema main (or those named in only), except those
    named in exclude."""
    con = duckdb.connect(path, read_only=True)
    try:
        return {
            name: read_duckdb_relation(con, name)
            for name in duckdb_relations(con)
            if wanted(name, exclude, only)
        }
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


def describe_row(
    columns: list[str],
    row: tuple,
    identity_only: bool = False,
    skip: Collection[str] = (),
) -> str:
    """A row as column=value pairs; identity_only: its id columns (or, when it
    has none, its first three columns), the ones in skip left out."""
    pairs = [(c, v) for c, v in zip(columns, row, strict=True) if c not in skip]
    if identity_only:
        ids = [(c, v) for c, v in pairs if c.endswith("_id")]
        pairs = (ids or pairs)[:3]
    return ", ".join(f"{c}={v!r}" for c, v in pairs)


def rows_only_in(
    left_rows: list[tuple], right_rows: list[tuple], labels: tuple[str, str], limit: int
) -> list[tuple[str, tuple]]:
    """Up to limit rows of each side that the other side lacks, with the side's
    label (rows matched by their sort key: numbers to 7 significant digits)."""
    left_keys = Counter(sort_key(row) for row in left_rows)
    right_keys = Counter(sort_key(row) for row in right_rows)
    found = []
    for label, rows, missing in (
        (labels[0], left_rows, left_keys - right_keys),
        (labels[1], right_rows, right_keys - left_keys),
    ):
        shown = 0
        for row in rows:
            key = sort_key(row)
            if shown < limit and missing[key] > 0:
                missing[key] -= 1
                shown += 1
                found.append((label, row))
    return found


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
            for label, row in rows_only_in(a.rows, b.rows, labels, max_examples):
                problems.append(f"{name}: row only on {label}: {describe_row(a.columns, row)}")
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
                    where = describe_row(a.columns, row_a, identity_only=True, skip=columns)
                    where = f" (in the row {where})" if where else ""
                    problems.append(f"{name}: row differs: {detail}{where}")
        if differing > max_examples:
            problems.append(f"{name}: {differing} rows differ in all")
    return problems


@dataclass
class Renames:
    """Names in the baseline warehouse mapped to the names in the other one."""

    relations: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def relation(self, old_name: str) -> str:
        return self.relations.get(old_name, old_name)


def parse_renames(specs: Sequence[str]) -> Renames:
    """``old=new`` renames a relation, ``old.col=new.col2`` a column (and the
    relation when the two relation names differ). ValueError when a spec is
    malformed or gives one relation two new names."""
    renames = Renames()
    for spec in specs:
        old, sep, new = spec.partition("=")
        old_parts, new_parts = old.strip().split("."), new.strip().split(".")
        if (
            not sep
            or len(old_parts) != len(new_parts)
            or len(old_parts) > 2
            or not all(old_parts + new_parts)
        ):
            raise ValueError(
                f"--rename {spec!r}: write old_relation=new_relation or "
                "old_relation.old_column=new_relation.new_column"
            )
        old_relation, new_relation = old_parts[0], new_parts[0]
        if renames.relations.get(old_relation, new_relation) != new_relation:
            raise ValueError(f"--rename {spec!r}: {old_relation} is renamed twice")
        if old_relation != new_relation:
            renames.relations[old_relation] = new_relation
        if len(old_parts) == 2:
            renames.columns.setdefault(old_relation, {})[old_parts[1].lower()] = new_parts[
                1
            ].lower()
    return renames


def split_exclusions(names: Sequence[str]) -> tuple[set[str], dict[str, set[str]]]:
    """--exclude values: whole relations, and columns per relation."""
    relations: set[str] = set()
    columns: dict[str, set[str]] = {}
    for name in names:
        relation, _, column = name.partition(".")
        if column:
            columns.setdefault(relation, set()).add(column.lower())
        else:
            relations.add(relation)
    return relations, columns


def compare_duckdb_files(
    baseline_path: str,
    other_path: str,
    renames: Renames | None = None,
    exclude: Sequence[str] = (),
    rel_tol: float = 1e-6,
    labels: tuple[str, str] = ("baseline", "other"),
    max_examples: int = 5,
    new_ok: bool = False,
) -> tuple[list[str], int]:
    """Problems found between two DuckDB warehouses (named as in the other
    one), and how many relations were compared. One relation at a time, so
    memory holds one relation of each file. new_ok: relations and columns
    only in the other warehouse are additions, left out of the comparison
    (the baseline's columns are compared)."""
    renames = renames or Renames()
    excluded_relations, excluded_columns = split_exclusions(exclude)
    problems: list[str] = []
    baseline = duckdb.connect(baseline_path, read_only=True)
    other = duckdb.connect(other_path, read_only=True)
    try:
        baseline_names = duckdb_relations(baseline)
        problems += unknown_renames(baseline, baseline_names, renames)
        old_name_of = {renames.relation(name): name for name in baseline_names}
        other_names = set(duckdb_relations(other))
        names = sorted((set(old_name_of) | other_names) - excluded_relations)
        if new_ok:
            names = [name for name in names if name in old_name_of]
        for name in names:
            drop = set(excluded_columns.get(name, set()))
            left, right = {}, {}
            if name in old_name_of:
                old_name = old_name_of[name]
                left[name] = read_duckdb_relation(
                    baseline, old_name, renames.columns.get(old_name), drop
                )
            if name in other_names:
                if new_ok and name in left:
                    present = duckdb_columns(other, name)
                    drop |= {c for c in present if c.lower() not in left[name].columns}
                right[name] = read_duckdb_relation(other, name, drop_columns=drop)
            problems += compare(left, right, rel_tol, labels, max_examples)
        return problems, len(names)
    finally:
        baseline.close()
        other.close()


def unknown_renames(
    con: duckdb.DuckDBPyConnection, names: Sequence[str], renames: Renames
) -> list[str]:
    """A rename of a relation or column the baseline does not have (a typo
    would otherwise hide a real difference)."""
    problems = []
    for old_relation in sorted(set(renames.relations) | set(renames.columns)):
        if old_relation not in names:
            problems.append(f"{old_relation}: --rename names a relation the baseline lacks")
            continue
        described = con.execute(f'describe {SCHEMA}."{old_relation}"').fetchall()
        present = {row[0].lower() for row in described}
        for column in sorted(set(renames.columns.get(old_relation, {})) - present):
            problems.append(f"{old_relation}: --rename names a column the baseline lacks: {column}")
    return problems


def format_report(problems: Sequence[str]) -> str:
    """The problems grouped under their relation, in the order found."""
    by_relation: dict[str, list[str]] = {}
    for problem in problems:
        relation, _, detail = problem.partition(": ")
        by_relation.setdefault(relation, []).append(detail)
    lines = []
    for relation, details in by_relation.items():
        lines.append(f"{relation}:")
        lines += [f"  {detail}" for detail in details]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.compare_engines",
        description=__doc__.splitlines()[0],
        epilog="example: python -m supportwh_dev.compare_engines --duckdb baseline.duckdb "
        "--other-duckdb warehouse/support.duckdb --rename fact_ticket.fcr=fact_ticket.fcr_status",
    )
    parser.add_argument("--duckdb", required=True, help="the DuckDB warehouse file (baseline)")
    parser.add_argument(
        "--postgres", action="store_true", help="compare with the SUPPORT_PG_* database"
    )
    parser.add_argument(
        "--spark", action="store_true", help="compare with the local Spark of SUPPORT_SPARK_DIR"
    )
    parser.add_argument(
        "--other-duckdb", metavar="PATH", help="compare with another DuckDB warehouse file"
    )
    parser.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="with --other-duckdb: relation or relation.column of the baseline and its new name",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="NAME",
        help="with --other-duckdb: a relation or relation.column left out (new name)",
    )
    parser.add_argument(
        "--new-ok",
        action="store_true",
        help="with --other-duckdb: relations and columns only in the other warehouse are "
        "additions, not differences (the baseline's columns are compared)",
    )
    parser.add_argument("--rel-tol", type=float, default=1e-6)
    args = parser.parse_args(argv)
    if sum([args.postgres, args.spark, args.other_duckdb is not None]) != 1:
        parser.error("name one other build (--postgres, --spark or --other-duckdb)")
    if (args.rename or args.exclude) and args.other_duckdb is None:
        parser.error("--rename and --exclude go with --other-duckdb")
    if args.other_duckdb is not None:
        try:
            renames = parse_renames(args.rename)
        except ValueError as error:
            parser.error(str(error))
        problems, compared = compare_duckdb_files(
            args.duckdb, args.other_duckdb, renames, args.exclude, args.rel_tol, new_ok=args.new_ok
        )
        other = "other"
        print(f"baseline: {args.duckdb}\nother: {args.other_duckdb}")
    else:
        other = "postgres" if args.postgres else "spark"
        left = read_duckdb(args.duckdb)
        right = read_postgres() if args.postgres else read_spark()
        problems = compare(left, right, args.rel_tol, ("duckdb", other))
        compared = len(set(left) | set(right))
    if problems:
        print(format_report(problems))
        differing = len({problem.partition(": ")[0] for problem in problems})
        print(f"{differing} of {compared} relations differ", file=sys.stderr)
        return 1
    print(f"the two builds agree: {compared} relations compared ({other})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
