"""Command line: write the weekly report of a built warehouse as one HTML file."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .errors import ReportError

EXAMPLE = (
    "example: supportwh-report --warehouse warehouse/support.duckdb "
    "--out target/weekly_report.html --week 2025-06-16 (or python -m supportwh.report ...; "
    "or make report)"
)


def _week(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="supportwh-report",
        description="Write the weekly support report: one self-contained HTML file (charts "
        "inlined as SVG, no script, no network) with the week's headline KPIs against the "
        "week before and their targets, the month just completed, trailing-week charts, the "
        "changes measured in the week, insights, SLA attainment, the coaching list and "
        "monthly signals, quality, feedback and revenue, data quality and the definition of "
        "every metric. The warehouse is opened read-only.",
        epilog=EXAMPLE,
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb")),
        help="built DuckDB warehouse (default: SUPPORT_WAREHOUSE_PATH or warehouse/support.duckdb)",
    )
    parser.add_argument("--out", type=Path, required=True, help="HTML file to write")
    parser.add_argument(
        "--week",
        type=_week,
        help="any day of the week to report (weeks start on Monday, UTC); default: the "
        "latest complete week",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=None,
        help="dbt project whose models/ hold the metric definitions (default: this checkout)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # imported here so that --help and argument errors do not load duckdb or altair
    from ..docs_blocks import default_project_dir
    from .data import load
    from .definitions import load_definitions
    from .render import render

    try:
        definitions = load_definitions(args.project_dir or default_project_dir())
        data = load(args.warehouse, args.week)
        page = render(data, definitions)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, encoding="utf-8")
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"report: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} (week of {data.week_start:%Y-%m-%d})")
    return 0
