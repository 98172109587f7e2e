"""The round trip of a connector source at any scale, timed.

    python -m supportwh_dev.connector_round_trip --system zendesk --tickets 100000 --out DIR

Generates a clean canonical dataset (no bad rows), writes it as the
connector's tables and as the canonical tables holding what the connector
carries (supportwh.connectors.<system>), builds a DuckDB warehouse on each
(`dbt build --exclude test_type:unit`, data tests on), compares every public
relation (supportwh_dev.compare_engines) and prints a Markdown table: wall
seconds per step, rows of the connector's tables and of the facts, and the
outcome counts of dq_connector_row_counts. Exit status 1 when a relation
differs. Timings are wall clock on this machine: compare them as ratios within
one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from supportwh.connectors import SYSTEMS, converter
from supportwh_dev.compare_engines import compare_duckdb_files

REPO = Path(__file__).resolve().parents[1]
CONNECTORS = [system for system in SYSTEMS if system != "helpdesk"]


def dbt_build(workdir: Path, dbt_vars: dict) -> float:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "SUPPORT_WAREHOUSE_PATH": str(workdir / "warehouse.duckdb"),
        "SUPPORT_DUCKDB_TEMP_DIR": str(workdir / "tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        "--exclude",
        "test_type:unit",
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
        "--vars",
        json.dumps(dbt_vars),
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    (workdir / "build.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"dbt build failed in {workdir}: see {workdir / 'build.log'}")
    return elapsed


def count(path: Path, relation: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"select count(*) from {relation}").fetchone()[0]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.connector_round_trip",
        description=__doc__.split("\n\n")[0],
        epilog="example: python -m supportwh_dev.connector_round_trip --system intercom "
        "--tickets 100000 --out /tmp/round_trip",
    )
    parser.add_argument("--system", choices=CONNECTORS, default="zendesk")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    out = Path(args.out).absolute()
    out.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[str, float]] = []

    started = time.monotonic()
    subprocess.run(
        [
            sys.executable, "-m", "supportwh.generator", "--tickets", str(args.tickets),
            "--seed", str(args.seed), "--out", str(out / "clean"), "--no-progress",
        ],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    steps.append(("generate the canonical dataset", time.monotonic() - started))
    started = time.monotonic()
    export = converter(args.system)(out / "clean", out / "export")
    steps.append((f"write it as {args.system}'s tables", time.monotonic() - started))
    canonical_vars = {"raw_data_path": str(export.canonical_dir)}
    steps.append(("dbt build, canonical tables", dbt_build(out / "canonical", canonical_vars)))
    steps.append(
        (f"dbt build, {args.system} tables", dbt_build(out / args.system, export.dbt_vars()))
    )
    canonical_wh = out / "canonical" / "warehouse.duckdb"
    connector_wh = out / args.system / "warehouse.duckdb"
    started = time.monotonic()
    problems, compared = compare_duckdb_files(
        str(canonical_wh),
        str(connector_wh),
        exclude=["dq_raw_row_counts.file_path", "dq_connector_row_counts"],
        labels=("canonical", args.system),
    )
    steps.append((f"compare {compared} public relations", time.monotonic() - started))

    print(f"# {args.system} round trip: {args.tickets:,} tickets (seed {args.seed})\n")
    print("| step | wall s |\n|---|---:|")
    for name, seconds in steps:
        print(f"| {name} | {seconds:.1f} |")
    print("\n| connector table | rows |\n|---|---:|")
    con = duckdb.connect()
    for path in sorted(export.connector_dir.glob("*.parquet")):
        rows = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]
        print(f"| {path.stem} | {rows:,} |")
    con.close()
    print("\n| relation | canonical rows | connector rows |\n|---|---:|---:|")
    for relation in ("fact_ticket", "fact_interaction", "fact_sla_event", "fact_backlog_daily",
                     "dq_rejected_rows"):  # fmt: skip
        print(
            f"| {relation} | {count(canonical_wh, relation):,} "
            f"| {count(connector_wh, relation):,} |"
        )
    con = duckdb.connect(str(connector_wh), read_only=True)
    outcomes = con.execute(
        "select source_table, outcome, row_count from dq_connector_row_counts order by all"
    ).fetchall()
    con.close()
    print("\n| connector table | outcome | rows |\n|---|---|---:|")
    for table, outcome, rows in outcomes:
        print(f"| {table} | {outcome} | {rows:,} |")
    print(f"\n{compared} public relations compared: {len(problems)} problems")
    for problem in problems[:40]:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
