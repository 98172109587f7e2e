"""Derive the corpus from a raw dataset and write it with its manifest."""

from __future__ import annotations

import json
from pathlib import Path

from .cases import all_cases
from .rawdata import load_dataset, screen, subset

MANIFEST_VERSION = 1


def build_corpus(source: Path, out: Path, tickets: int = 300) -> dict:
    """Write every case under out/ and out/manifest.json; return the manifest."""
    source, out = Path(source), Path(out)
    loaded = load_dataset(source)
    missing = [t for t in ("tickets", "ticket_events", "messages") if t not in loaded]
    if missing:
        raise SystemExit(f"{source}: not a raw dataset (no {', '.join(missing)})")
    valid, dropped = screen(loaded)
    base = subset(valid, tickets)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {
        "version": MANIFEST_VERSION,
        "base": {
            "source": str(source),
            "tickets": len(base["tickets"].records),
            "rows_screened_out": {t: n for t, n in dropped.items() if n},
        },
        "cases": [case.write(out) for case in all_cases(base)],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
