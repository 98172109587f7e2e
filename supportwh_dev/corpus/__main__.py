"""``python -m supportwh_dev.corpus --from DIR --out DIR [--tickets N]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.corpus",
        description="Write damaged raw datasets derived from a valid one, and a manifest of what "
        "the warehouse must do with each (see supportwh_dev/corpus/__init__.py).",
        epilog="example: python -m supportwh_dev.corpus --from demo_data --out /tmp/corpus",
    )
    parser.add_argument("--from", dest="source", required=True, help="raw dataset to derive from")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument(
        "--tickets", type=int, default=300, help="tickets in the base (default 300)"
    )
    args = parser.parse_args(argv)
    manifest = build_corpus(Path(args.source), Path(args.out), args.tickets)
    base = manifest["base"]
    print(
        f"base: {base['tickets']} tickets from {base['source']}; "
        f"invalid rows screened out: {base['rows_screened_out']}",
        file=sys.stderr,
    )
    for case in manifest["cases"]:
        detail = (
            f"{len(case['rejected'])} rejected rows, {len(case['accepted'])} value checks"
            if case["expect"] == "succeeds"
            else f"stops naming {case['stop']['table']} {case['stop']['column'] or ''}".rstrip()
        )
        print(f"{case['name']:<34} {case['expect']:<9} {detail}", file=sys.stderr)
    print(f"wrote {args.out}/manifest.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
