"""Query the warehouse from the shell: list its tables, describe one, or print
the result of one SQL statement (read-only).

Usage: supportwh-query "select * from mart_ticket_kpis_weekly limit 5" [--warehouse PATH]
       supportwh-query --tables            (the public tables, rows and description)
       supportwh-query --describe fact_ticket
   or: python -m supportwh.query ...
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys

import duckdb

EXAMPLES = """example: supportwh-query --tables
more examples:
  supportwh-query --describe mart_ticket_kpis_weekly
  supportwh-query "select period_start, tickets_created, fcr_rate from mart_ticket_kpis_weekly
      where slice_name = 'overall' order by period_start"
  supportwh-query "select * from fact_ticket limit 3"          (wide: one field per line)
  supportwh-query "select * from dq_rejected_rows" --format csv > rejected.csv
(or python -m supportwh.query ...; the warehouse is opened read-only)"""

FORMATS = ("auto", "table", "vertical", "csv")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="supportwh-query",
        description="Query the support warehouse from the shell: list its tables, describe "
        "one, or print the result of one SQL statement (the warehouse is opened read-only).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sql", nargs="?", help="one SQL statement")
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
        help="DuckDB warehouse file (default: SUPPORT_WAREHOUSE_PATH or warehouse/support.duckdb)",
    )
    parser.add_argument(
        "--tables",
        action="store_true",
        help="list the tables of a schema (default main: the marts) with rows and description",
    )
    parser.add_argument("--schema", default="main", help="schema for --tables (default main)")
    parser.add_argument("--describe", metavar="TABLE", help="the columns of one table")
    parser.add_argument("--max-rows", type=int, default=60, help="rows shown at most (default 60)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="auto (default): a table when it fits the terminal's width, else one field per "
        "line; table; vertical; csv (every row)",
    )
    return parser.parse_args(argv)


def _text(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def render_table(columns: list[str], rows: list[tuple]) -> list[str]:
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(name), *(len(r[i]) for r in cells)]) for i, name in enumerate(columns)]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return [line(columns), "  ".join("-" * w for w in widths), *(line(r) for r in cells)]


def render_vertical(columns: list[str], rows: list[tuple]) -> list[str]:
    width = max((len(c) for c in columns), default=0)
    out = []
    for number, row in enumerate(rows, start=1):
        out.append(f"-[ row {number} ]" + "-" * max(0, width - 6))
        out += [f"{c.ljust(width)} | {_text(v)}" for c, v in zip(columns, row, strict=True)]
    return out


def print_result(cursor, max_rows: int, fmt: str, width: int) -> None:
    columns = [d[0] for d in cursor.description]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        while batch := cursor.fetchmany(10_000):
            writer.writerows(batch)
        return
    rows = cursor.fetchmany(max_rows + 1)
    more = len(rows) > max_rows
    rows = rows[:max_rows]
    table = render_table(columns, rows)
    if fmt == "vertical" or (fmt == "auto" and max(len(x) for x in table) > width):
        lines = render_vertical(columns, rows)
    else:
        lines = table
    print("\n".join(lines))
    shown = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    print(f"({shown}{', more not shown: --max-rows' if more else ''})")


TABLES = """
select t.table_name as "table", t.estimated_size as rows, t.column_count as columns,
       coalesce(t.comment, '') as description
from duckdb_tables() t
where t.database_name = current_database() and t.schema_name = ?
union all
select v.view_name, null, null, coalesce(v.comment, '')
from duckdb_views() v
where v.database_name = current_database() and v.schema_name = ? and not v.internal
order by 1
"""

DESCRIBE = """
select column_name as "column", data_type as type, coalesce(comment, '') as description
from duckdb_columns()
where database_name = current_database() and table_name = ?
  and schema_name = coalesce(?, schema_name)
order by schema_name = 'main' desc, column_index
"""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.sql or args.tables or args.describe):
        args.tables = True
    if not os.path.exists(args.warehouse):
        print(
            f"no warehouse at {args.warehouse}: build it with `make build`, or name one with "
            "--warehouse / SUPPORT_WAREHOUSE_PATH",
            file=sys.stderr,
        )
        return 2
    width = shutil.get_terminal_size((160, 24)).columns
    try:
        con = duckdb.connect(args.warehouse, read_only=True)
        try:
            if args.tables:
                cursor = con.execute(TABLES, [args.schema, args.schema])
                # descriptions are long: cut to the width left
                columns = [d[0] for d in cursor.description]
                rows = [
                    (name, rows, cols, desc[: max(20, width - 60)])
                    for name, rows, cols, desc in cursor.fetchall()
                ]
                print("\n".join(render_table(columns, rows)))
                print(f"({len(rows)} in schema {args.schema}; --describe TABLE for its columns)")
            elif args.describe:
                schema, _, table = args.describe.rpartition(".")
                cursor = con.execute(DESCRIBE, [table, schema or None])
                columns = [d[0] for d in cursor.description]
                rows = [(c, t, d[: max(20, width - 50)]) for c, t, d in cursor.fetchall()]
                if not rows:
                    print(f"no table {args.describe} (supportwh-query --tables)", file=sys.stderr)
                    return 1
                print("\n".join(render_table(columns, rows)))
            else:
                print_result(con.execute(args.sql), args.max_rows, args.format, width)
        finally:
            con.close()
    except duckdb.Error as error:
        print(f"query failed: {error}", file=sys.stderr)
        return 1
    return 0


def run() -> int:
    """The console script: main(), quiet when a reader such as `head` stops early."""
    try:
        return main()
    except BrokenPipeError:
        # the reader closed the pipe: nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(run())
