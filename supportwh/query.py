"""Print the result of one SQL query against the warehouse.

Usage: python -m supportwh.query "select * from fact_ticket limit 5" [--warehouse PATH]
"""

from __future__ import annotations

import argparse
import os
import sys

import duckdb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sql")
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
    )
    parser.add_argument("--max-rows", type=int, default=60)
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
