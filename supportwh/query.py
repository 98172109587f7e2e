"""Print the result of one SQL query against the warehouse.

Usage: supportwh-query "select * from fact_ticket limit 5" [--warehouse PATH]
   or: python -m supportwh.query ...
"""

from __future__ import annotations

import argparse
import os
import sys

import duckdb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="supportwh-query",
        description=__doc__.splitlines()[0],
        epilog='example: supportwh-query "select * from fact_ticket limit 5" '
        "--warehouse warehouse/support.duckdb (or python -m supportwh.query ...)",
    )
    parser.add_argument("sql", help="one SQL statement (the warehouse is opened read-only)")
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
        help="DuckDB warehouse file (default: SUPPORT_WAREHOUSE_PATH or warehouse/support.duckdb)",
    )
    parser.add_argument("--max-rows", type=int, default=60, help="rows shown at most")
    args = parser.parse_args(argv)
    try:
        con = duckdb.connect(args.warehouse, read_only=True)
        con.sql(args.sql).show(max_rows=args.max_rows, max_width=200)
    except duckdb.Error as error:
        print(f"query failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
