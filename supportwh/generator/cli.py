"""Command line: ``python -m supportwh.generator.cli --tickets N --seed S --out DIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from ..connectors import SYSTEMS, converter
from .core import DEFAULT_CHUNK, generate


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from e


def _positive(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return v


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="supportwh-generate",
        description="Write a synthetic helpdesk dataset (SPEC section 1), one file per table.",
        epilog="example: supportwh-generate --tickets 3000 --seed 42 --bad-rows --out demo_data "
        "(or python -m supportwh.generator ...)",
    )
    p.add_argument("--tickets", type=_positive, required=True, help="number of tickets")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet", dest="out_fmt")
    p.add_argument("--start", type=_date, default=dt.date(2025, 1, 1), help="first day (UTC)")
    p.add_argument("--days", type=_positive, default=180, help="length of the period in days")
    p.add_argument(
        "--bad-rows",
        action="store_true",
        help="append the documented invalid rows (see supportwh/generator/badrows.py)",
    )
    p.add_argument(
        "--connector",
        choices=[system for system in SYSTEMS if system != "helpdesk"],
        help="also write the dataset as this helpdesk's connector tables (OUT/export/<system>/) "
        "and the canonical tables holding what it carries (OUT/export/canonical/): the two "
        "inputs of a round trip (docs/connectors.md); not with --bad-rows",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument(
        "--chunk-size",
        type=_positive,
        default=DEFAULT_CHUNK,
        help=f"tickets per chunk (default {DEFAULT_CHUNK}); part of the output's identity",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    a = p.parse_args(argv)
    if a.connector and (a.bad_rows or a.out_fmt != "parquet"):
        p.error("--connector converts a clean Parquet dataset: leave out --bad-rows and --format")
    t = time.perf_counter()
    rows = generate(
        a.out,
        a.tickets,
        seed=a.seed,
        out_fmt=a.out_fmt,
        start=a.start,
        days=a.days,
        bad_rows=a.bad_rows,
        progress=not a.no_progress,
        chunk_size=a.chunk_size,
    )
    dur = time.perf_counter() - t
    width = max(len(k) for k in rows)
    for k, v in rows.items():
        print(f"{k:<{width}}  {v:>12,}", file=sys.stderr)
    print(f"wrote {len(rows)} tables to {a.out} in {dur:.1f}s", file=sys.stderr)
    if a.connector:
        export = converter(a.connector)(a.out, Path(a.out) / "export")
        print(
            f"wrote the {a.connector} tables to {export.connector_dir} and the canonical tables "
            f"they carry to {export.canonical_dir}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
