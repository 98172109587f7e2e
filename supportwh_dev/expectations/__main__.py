"""Validate a built warehouse with the Great Expectations suites of the project.

Usage: python -m supportwh_dev.expectations [--warehouse PATH] [--docs-dir DIR] [--vars YAML]

Prints one line per failed expectation and exits 1 when any failed (2 when the
suite could not run); renders the results as Data Docs into DIR/index.html.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .runner import ExpectationsError, run
from .settings import SettingsError

DEFAULT_DOCS_DIR = "target/data_docs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.expectations",
        description=__doc__.splitlines()[0],
        epilog="example: python -m supportwh_dev.expectations --warehouse "
        "warehouse/support.duckdb --docs-dir target/data_docs",
    )
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
        help="DuckDB file built by dbt (default: $SUPPORT_WAREHOUSE_PATH, "
        "else warehouse/support.duckdb)",
    )
    parser.add_argument(
        "--docs-dir",
        default=DEFAULT_DOCS_DIR,
        help=f"where to write the Data Docs site (default: {DEFAULT_DOCS_DIR}); "
        "replaced on every run",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not render Data Docs")
    parser.add_argument(
        "--vars",
        default=None,
        help="the dbt --vars the warehouse was built with (YAML/JSON mapping); "
        "defaults come from dbt_project.yml",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    try:
        report = run(args.warehouse, args.vars, None if args.no_docs else args.docs_dir)
    except (ExpectationsError, SettingsError) as error:
        print(f"expectations: {error}", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"note: {note}")
    for failure in report.failures:
        print(failure.line())
    passed = len(report.outcomes) - len(report.failures)
    print(
        f"expectations: {passed} passed, {len(report.failures)} failed "
        f"({len(report.outcomes)} expectations, as_of {report.as_of}, "
        f"{time.monotonic() - started:.1f} s)"
    )
    if report.docs_index:
        print(f"Data Docs: {report.docs_index} (without scripts: summary.html beside it)")
    return 0 if report.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
