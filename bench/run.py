"""Benchmark: generate N tickets, split them into the export at a cutoff (base) and
the same export a day later (appended), then time and measure:

1. full build: `dbt build --exclude test_type:unit` on base, fresh warehouse;
2. incremental run: the same command on the same warehouse over appended;
3. core facts (run only): the seeds and models of `+fact_ticket +fact_interaction`
   (`dbt build --select ... --resource-type seed --resource-type model`: no
   tests) on a separate fresh warehouse over base (--skip-core skips it);
4. floor: bench/floor.sql, the core per-ticket metrics in one plain DuckDB
   script over the base files, the least work any warehouse has to do.

Each phase runs in a subprocess; wall time and the peak RSS of its whole
process tree are recorded. The generated dataset is cached by N, seed and a
hash of the generator's source; the split by those plus a hash of
supportwh_dev/snapshot.py (bench/data/tickets_N_seed_S/{base,appended}).

Usage: python -m bench.run --tickets 100000 [--seed 1] [--threads 2]
           [--memory-limit 4GB] [--skip-core] [--keep-warehouse]
Results: bench/results/<tickets>.json and .md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DATA_ROOT = REPO / "bench" / "data"
RESULTS = REPO / "bench" / "results"
FLOOR_SQL = REPO / "bench" / "floor.sql"
SNAPSHOT_SOURCE = REPO / "supportwh_dev" / "snapshot.py"
DBT_PHASES = ("full_build", "incremental", "core_facts")
# how often a running phase reports on stdout
HEARTBEAT_SECONDS = 30


@dataclass
class Phase:
    name: str
    seconds: float
    peak_rss_bytes: int
    returncode: int
    key: str = ""
    dataset: str = ""
    extra: dict = field(default_factory=dict)


def run_measured(name: str, command: list[str], env: dict, log_path: Path) -> Phase:
    """Run a command, sampling the RSS of it and all its children every 100 ms."""
    peak = 0
    with log_path.open("w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        parent = psutil.Process(proc.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                try:
                    procs = [parent, *parent.children(recursive=True)]
                    rss = 0
                    for child in procs:
                        try:
                            rss += child.memory_info().rss
                        except psutil.Error:
                            pass
                    peak = max(peak, rss)
                except psutil.Error:
                    pass
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        print(f"[bench] {name}: started (log {log_path})", flush=True)
        while True:
            try:
                returncode = proc.wait(timeout=HEARTBEAT_SECONDS)
                break
            except subprocess.TimeoutExpired:
                # a line every HEARTBEAT_SECONDS: where a long phase has got to
                print(
                    f"[bench] {name}: {time.perf_counter() - start:.0f} s, peak RSS "
                    f"{peak / 1e9:.1f} GB, last: {last_line(log_path)}",
                    flush=True,
                )
        done.set()
        sampler.join()
        seconds = time.perf_counter() - start
    print(f"[bench] {name}: {seconds:.1f} s, exit {returncode}", flush=True)
    return Phase(name, seconds, peak, returncode)


def last_line(log_path: Path) -> str:
    """The last non-empty line of a phase's log so far (its progress)."""
    try:
        with log_path.open("rb") as log:
            log.seek(max(0, log_path.stat().st_size - 4096))
            lines = [x for x in log.read().decode("utf-8", "replace").splitlines() if x.strip()]
    except OSError:
        return ""
    # dbt's lines carry ANSI colours
    text = lines[-1] if lines else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()[:160]


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generator_fingerprint() -> str:
    """Hash of the generator's source: a cached dataset from other code is stale."""
    return _fingerprint(sorted((REPO / "supportwh" / "generator").glob("*.py")))


def dataset(tickets: int, seed: int, env: dict, log_dir: Path) -> tuple[Path, Phase | None]:
    out = DATA_ROOT / f"tickets_{tickets}_seed_{seed}"
    marker = out / ".complete"
    fingerprint = generator_fingerprint()
    if marker.exists() and marker.read_text().strip() == fingerprint:
        return out, None
    if out.exists():
        for stale in out.iterdir():
            if stale.is_file():
                stale.unlink()
    out.mkdir(parents=True, exist_ok=True)
    phase = run_measured(
        "generate",
        [
            sys.executable,
            "-m",
            "supportwh.generator",
            "--tickets",
            str(tickets),
            "--seed",
            str(seed),
            "--out",
            str(out),
            "--format",
            "parquet",
            "--no-progress",
        ],
        env,
        log_dir / "generate.log",
    )
    if phase.returncode != 0:
        raise SystemExit(f"generator failed, see {log_dir / 'generate.log'}")
    marker.write_text(fingerprint + "\n")
    return out, phase


def snapshot(
    raw_dir: Path, regenerated: bool, env: dict, log_dir: Path
) -> tuple[Path, Path, dict, Phase | None]:
    """Split the raw dataset into raw_dir/base and raw_dir/appended (cached)."""
    base, appended = raw_dir / "base", raw_dir / "appended"
    marker, summary_path = raw_dir / "snapshot.complete", raw_dir / "snapshot.json"
    fingerprint = generator_fingerprint() + "-" + _fingerprint([SNAPSHOT_SOURCE])
    if (
        not regenerated
        and marker.exists()
        and marker.read_text().strip() == fingerprint
        and summary_path.exists()
    ):
        return base, appended, json.loads(summary_path.read_text()), None
    marker.unlink(missing_ok=True)
    log = log_dir / "snapshot.log"
    phase = run_measured(
        "snapshot (split into base and appended)",
        [
            sys.executable,
            "-m",
            "supportwh_dev.snapshot",
            "--from",
            str(raw_dir),
            "--base",
            str(base),
            "--appended",
            str(appended),
        ],
        env,
        log,
    )
    if phase.returncode != 0:
        print(log.read_text()[-4000:])
        raise SystemExit(f"snapshot failed, see {log}")
    text = log.read_text()
    summary = json.loads(text[text.index("{") :])
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    marker.write_text(fingerprint + "\n")
    return base, appended, summary, phase


def raw_rows(raw_dir: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(raw_dir.glob("*.parquet"))}


def run_floor(raw_dir: Path, database: Path, script: Path = FLOOR_SQL) -> None:
    """Run bench/floor.sql over raw_dir into a scratch DuckDB file, with the
    threads, memory limit and temp directory of the dbt profile."""
    import duckdb

    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    config = {
        "threads": int(os.environ.get("SUPPORT_THREADS", "2")),
        "memory_limit": os.environ.get("SUPPORT_DUCKDB_MEMORY_LIMIT", "8GB"),
        "temp_directory": os.environ.get("SUPPORT_DUCKDB_TEMP_DIR", str(database.parent / "tmp")),
    }
    raw = str(raw_dir.resolve()).replace("'", "''")
    sql = script.read_text().replace("{raw}", raw)
    con = duckdb.connect(str(database), config=config)
    started = time.perf_counter()
    con.execute(sql)
    print(f"floor.sql: {time.perf_counter() - started:.2f} s, config {config}")
    for row in con.execute(
        "select fcr_status, count(*) from floor_ticket group by all order by all"
    ).fetchall():
        print(row)
    con.close()


def dbt_phase(
    key: str,
    name: str,
    command: list[str],
    env: dict,
    work: Path,
    data_dir: Path,
) -> Phase:
    dbt = str(Path(sys.executable).with_name("dbt"))
    common = [
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--vars",
        json.dumps({"raw_data_path": str(data_dir)}),
    ]
    log = work / f"{key}.log"
    (work / "target" / "run_results.json").unlink(missing_ok=True)
    phase = run_measured(name, [dbt, *command, *common], env, log)
    phase.key = key
    phase.dataset = data_dir.name
    results = work / "target" / "run_results.json"
    if results.exists():
        shutil.copyfile(results, work / f"run_results_{key}.json")
        run_results = json.loads(results.read_text())
        models = [r for r in run_results["results"] if r["unique_id"].startswith("model.")]
        phase.extra["models"] = len(models)
        # dbt's own clock: the wall time minus startup and parsing
        phase.extra["dbt_elapsed_seconds"] = round(run_results["elapsed_time"], 2)
        phase.extra["slowest_models"] = [
            {"model": r["unique_id"].split(".")[-1], "seconds": round(r["execution_time"], 2)}
            for r in sorted(models, key=lambda r: -r["execution_time"])[:10]
        ]
        phase.extra["seconds_by_layer"] = seconds_by_layer(
            run_results, work / "target" / "manifest.json"
        )
        statuses: dict[str, int] = {}
        for r in run_results["results"]:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        phase.extra["statuses"] = statuses
    if phase.returncode != 0:
        print(f"--- {name} failed (exit {phase.returncode}), tail of {log}:")
        print(log.read_text()[-4000:])
    return phase


def seconds_by_layer(run_results: dict, manifest_path: Path) -> dict[str, float]:
    """Execution seconds summed per layer (threads overlap, so the sum can
    exceed the wall time): the incremental models (raw tables, ticket models,
    facts, KPI ledger and mart_ticket_kpis), the other models (rebuilt every
    run: dimensions, other marts, the KPI model's per-grain tables), data tests."""
    materialized: dict[str, str] = {}
    if manifest_path.exists():
        nodes = json.loads(manifest_path.read_text())["nodes"]
        materialized = {
            uid: node.get("config", {}).get("materialized", "") for uid, node in nodes.items()
        }
    layers = {"incremental_models": 0.0, "other_models": 0.0, "data_tests": 0.0, "seeds": 0.0}
    for r in run_results["results"]:
        uid, seconds = r["unique_id"], r["execution_time"]
        if uid.startswith("model."):
            key = "incremental_models" if materialized.get(uid) == "incremental" else "other_models"
        elif uid.startswith("test."):
            key = "data_tests"
        else:
            key = "seeds"
        layers[key] += seconds
    return {k: round(v, 1) for k, v in layers.items()}


def database_mb(path: Path) -> float | None:
    if not path.exists():
        return None
    wal = path.with_name(path.name + ".wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return round(size / 2**20, 1)


def fcr_distribution(database: Path, table: str) -> dict[str, int] | None:
    """fcr_status counts of a finished warehouse or floor file (a sanity check)."""
    import duckdb

    if not database.exists():
        return None
    try:
        con = duckdb.connect(str(database), read_only=True)
        rows = con.execute(
            f"select fcr_status, count(*) from {table} group by all order by all"
        ).fetchall()
        con.close()
    except duckdb.Error:
        return None
    return {str(status): count for status, count in rows}


AGREEMENT_COLUMNS = {
    "first_response_minutes": "abs(f.first_response_minutes - w.first_response_minutes) < 1e-6",
    "first_resolved_at": "f.first_resolved_at = w.first_resolved_at",
    "resolved_at": "f.resolved_at = w.resolved_at",
    "resolution_minutes": "abs(f.resolution_minutes - w.resolution_minutes) < 1e-6",
    "reopen_count": "f.reopen_count = w.reopen_count",
    "fcr_status": "f.fcr_status = w.fcr_status",
}


def floor_agreement(floor_db: Path, warehouse: Path) -> dict | None:
    """Share of tickets on which the floor and fact_ticket agree, per column
    (both null counts as agreement): is the floor computing the same thing?
    fcr_status differs by design where the warehouse applies the new-contact
    rule (a) that the floor skips."""
    import duckdb

    if not floor_db.exists() or not warehouse.exists():
        return None
    checks = ", ".join(
        f"avg(case when ({condition}) or (f.{column} is null and w.{column} is null) "
        f"then 1.0 else 0.0 end) as {column}"
        for column, condition in AGREEMENT_COLUMNS.items()
    )
    try:
        con = duckdb.connect()
        con.execute(f"attach '{floor_db}' as floor_db (read_only)")
        con.execute(f"attach '{warehouse}' as warehouse_db (read_only)")
        cursor = con.execute(
            f"select count(*) as tickets_compared, {checks} "
            "from floor_db.floor_ticket as f "
            "inner join warehouse_db.fact_ticket as w on f.ticket_id = w.ticket_id"
        )
        names = [d[0] for d in cursor.description]
        values = cursor.fetchone()
        con.close()
    except duckdb.Error as error:
        return {"error": str(error).splitlines()[0]}
    return {
        name: (round(value, 4) if isinstance(value, float) else value)
        for name, value in zip(names, values, strict=True)
    }


def remove_database(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Benchmark the warehouse build: generate, split, full build, incremental "
        "run, core facts and the floor, timed with peak memory (bench/results/<tickets>.md).",
        epilog="example: python -m bench.run --tickets 1000000 --skip-core --memory-limit 5GB "
        "(or make bench TICKETS=1000000)",
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("SUPPORT_THREADS", 2)))
    parser.add_argument(
        "--memory-limit",
        help="DuckDB memory_limit for dbt and the floor (default: the profile's, "
        "SUPPORT_DUCKDB_MEMORY_LIMIT or 8GB)",
    )
    parser.add_argument("--skip-core", action="store_true", help="skip the core facts phase")
    parser.add_argument("--keep-warehouse", action="store_true")
    parser.add_argument(
        "--run-floor", nargs=2, metavar=("RAW_DIR", "DATABASE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.run_floor:
        run_floor(Path(args.run_floor[0]), Path(args.run_floor[1]))
        return 0

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = REPO / "bench" / "work" / f"tickets_{args.tickets}"
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "warehouse.duckdb"
    core_warehouse = work / "core.duckdb"
    floor_db = work / "floor.duckdb"
    for path in (warehouse, core_warehouse, floor_db):
        remove_database(path)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "SUPPORT_WAREHOUSE_PATH": str(warehouse),
        "SUPPORT_DUCKDB_TEMP_DIR": str(work / "tmp"),
        "SUPPORT_THREADS": str(args.threads),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if args.memory_limit:
        env["SUPPORT_DUCKDB_MEMORY_LIMIT"] = args.memory_limit
    memory_limit = env.get("SUPPORT_DUCKDB_MEMORY_LIMIT", "8GB (profile default)")

    raw_dir, generate = dataset(args.tickets, args.seed, env, work)
    base_dir, appended_dir, split_summary, split = snapshot(
        raw_dir, generate is not None, env, work
    )
    rows = {
        "source": raw_rows(raw_dir),
        "base": raw_rows(base_dir),
        "appended": raw_rows(appended_dir),
    }
    totals = {name: sum(counts.values()) for name, counts in rows.items()}
    phases: list[Phase] = []
    for key, cached, label in (("generate", generate, "generate"), ("snapshot", split, "snapshot")):
        if cached is None:
            phases.append(Phase(f"{label} (cached)", 0.0, 0, 0, key, "source", {"cached": True}))
        else:
            cached.key, cached.dataset = key, "source"
            phases.append(cached)

    build_command = ["build", "--exclude", "test_type:unit"]
    full = dbt_phase(
        "full_build", "full build (dbt build, fresh)", build_command, env, work, base_dir
    )
    phases.append(full)
    warehouse_after_full = database_mb(warehouse)
    warehouse_after_incremental = None
    if full.returncode == 0:
        incremental = dbt_phase(
            "incremental",
            "incremental run (dbt build, appended)",
            build_command,
            env,
            work,
            appended_dir,
        )
        phases.append(incremental)
        warehouse_after_incremental = database_mb(warehouse)
    if not args.skip_core:
        core_env = {**env, "SUPPORT_WAREHOUSE_PATH": str(core_warehouse)}
        phases.append(
            dbt_phase(
                "core_facts",
                "core facts (run +fact_ticket +fact_interaction, fresh)",
                [
                    "build",
                    "--select",
                    "+fact_ticket",
                    "+fact_interaction",
                    # run only: the seeds and models upstream, no tests (a bare
                    # `dbt run` skips the seeds, which a fresh warehouse needs)
                    "--resource-type",
                    "seed",
                    "--resource-type",
                    "model",
                ],
                core_env,
                work,
                base_dir,
            )
        )
    floor = run_measured(
        "floor (bench/floor.sql, plain DuckDB)",
        [sys.executable, "-m", "bench.run", "--run-floor", str(base_dir), str(floor_db)],
        env,
        work / "floor.log",
    )
    floor.key, floor.dataset = "floor", "base"
    if floor.returncode != 0:
        print((work / "floor.log").read_text()[-4000:])
    phases.append(floor)

    by_key = {p.key: p for p in phases}

    def ratio(key: str) -> float | None:
        phase = by_key.get(key)
        if phase is None or phase.returncode != 0 or floor.returncode != 0 or not floor.seconds:
            return None
        return round(phase.seconds / floor.seconds, 2)

    phase_rows = []
    for p in phases:
        used = totals.get(p.dataset, 0)
        phase_rows.append(
            {
                "key": p.key,
                "name": p.name,
                "dataset": p.dataset,
                "seconds": round(p.seconds, 2),
                "peak_rss_bytes": p.peak_rss_bytes,
                "peak_rss_mb": round(p.peak_rss_bytes / 2**20),
                "returncode": p.returncode,
                "raw_rows": used,
                "raw_rows_per_second": round(used / p.seconds) if p.seconds else None,
                **p.extra,
            }
        )
    base_tickets = rows["base"].get("tickets", 0)
    result = {
        "tickets": args.tickets,
        "seed": args.seed,
        "threads": args.threads,
        "memory_limit": memory_limit,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
        },
        "raw_rows": rows["source"],
        "raw_rows_total": totals["source"],
        "raw_rows_base": rows["base"],
        "raw_rows_appended": rows["appended"],
        "raw_rows_totals": totals,
        "snapshot": {
            "cutoff": split_summary.get("cutoff"),
            "late_hours": split_summary.get("late_hours"),
            "late_every": split_summary.get("late_every"),
            "totals": split_summary.get("totals"),
        },
        "phases": phase_rows,
        "build_seconds": round(full.seconds, 1),
        "build_peak_rss_mb": round(full.peak_rss_bytes / 2**20),
        "tickets_per_second": round(base_tickets / full.seconds) if full.seconds else None,
        "raw_rows_per_second": round(totals["base"] / full.seconds) if full.seconds else None,
        "warehouse_mb": warehouse_after_full,
        "warehouse_mb_after_incremental": warehouse_after_incremental,
        "slowest_models": full.extra.get("slowest_models", []),
        "slowest_models_by_phase": {
            p.key: p.extra.get("slowest_models", []) for p in phases if p.key in DBT_PHASES
        },
        "ratios": {
            "full_build_over_floor": ratio("full_build"),
            "incremental_over_floor": ratio("incremental"),
            "core_facts_over_floor": ratio("core_facts"),
        },
        "floor_agreement_with_core_facts": floor_agreement(floor_db, core_warehouse),
        "fcr_status_check": {
            "floor": fcr_distribution(floor_db, "floor_ticket"),
            "core_facts": fcr_distribution(core_warehouse, "fact_ticket"),
        },
    }
    (RESULTS / f"{args.tickets}.json").write_text(json.dumps(result, indent=2) + "\n")
    markdown = render_markdown(result)
    (RESULTS / f"{args.tickets}.md").write_text(markdown)
    print(markdown)
    if not args.keep_warehouse:
        for path in (warehouse, core_warehouse, floor_db):
            remove_database(path)
    failed = [p["name"] for p in phase_rows if p["returncode"] != 0]
    if failed:
        print("failed phases: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def render_markdown(result: dict) -> str:
    totals = result["raw_rows_totals"]
    split = result["snapshot"]
    changes = split.get("totals") or {}
    lines = [
        f"# Benchmark: {result['tickets']:,} tickets (seed {result['seed']}, "
        f"{result['threads']} threads, memory limit {result['memory_limit']})",
        "",
        f"Raw rows: source {totals['source']:,}; base {totals['base']:,} (cutoff "
        f"{split.get('cutoff')}); appended {totals['appended']:,} "
        f"({changes.get('new', 0):,} new of which {changes.get('late', 0):,} late, "
        f"{changes.get('updated', 0):,} updated)",
        "",
        "| phase | dataset | wall s | dbt elapsed s | peak RSS MB | raw rows/s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for p in result["phases"]:
        if p.get("cached"):
            lines.append(f"| {p['name']} | {p['dataset']} | - | - | - | - |")
            continue
        status = "" if p["returncode"] == 0 else f" **FAILED (exit {p['returncode']})**"
        elapsed = p.get("dbt_elapsed_seconds")
        lines.append(
            f"| {p['name']}{status} | {p['dataset']} | {p['seconds']:.1f} | "
            f"{'-' if elapsed is None else f'{elapsed:.1f}'} | "
            f"{p['peak_rss_mb']:,} | {p['raw_rows_per_second'] or 0:,} |"
        )
    ratios = result["ratios"]

    def show(value: float | None) -> str:
        return "n/a" if value is None else f"{value}x"

    lines += [
        "",
        "dbt elapsed = dbt's own clock (run_results.json): wall time minus startup and parsing.",
        "",
        f"Warehouse: {result['warehouse_mb']} MB after the full build, "
        f"{result['warehouse_mb_after_incremental']} MB after the incremental run.",
        "",
        f"Ratios (wall time): full build / floor = {show(ratios['full_build_over_floor'])}; "
        f"core facts / floor = {show(ratios['core_facts_over_floor'])}; "
        f"incremental run / floor = {show(ratios['incremental_over_floor'])}.",
    ]
    agreement = result.get("floor_agreement_with_core_facts") or {}
    if "tickets_compared" in agreement:
        shares = ", ".join(
            f"{name} {value:.1%}" for name, value in agreement.items() if name != "tickets_compared"
        )
        lines += [
            "",
            f"Floor vs fact_ticket, share of {agreement['tickets_compared']:,} tickets that "
            f"agree: {shares} (fcr_status differs by design: the floor skips the "
            "new-contact rule).",
        ]
    check = result.get("fcr_status_check") or {}
    if check.get("floor") and check.get("core_facts"):
        lines += [
            "",
            "| fcr_status | floor | fact_ticket (core facts) |",
            "|---|---:|---:|",
        ]
        for status in sorted(set(check["floor"]) | set(check["core_facts"])):
            lines.append(
                f"| {status} | {check['floor'].get(status, 0):,} | "
                f"{check['core_facts'].get(status, 0):,} |"
            )
    layered = [p for p in result["phases"] if p.get("seconds_by_layer")]
    if layered:
        lines += [
            "",
            "Execution seconds by layer (summed over threads): incremental models = raw tables,",
            "ticket models, facts, the KPI ledger and mart_ticket_kpis; other models =",
            "dimensions and the other marts, rebuilt every run.",
            "",
            "| phase | incremental models | other models | data tests | seeds |",
            "|---|---:|---:|---:|---:|",
        ]
        for p in layered:
            layer = p["seconds_by_layer"]
            lines.append(
                f"| {p['name']} | {layer['incremental_models']} | {layer['other_models']} | "
                f"{layer['data_tests']} | {layer['seeds']} |"
            )
    for key, models in result["slowest_models_by_phase"].items():
        if not models:
            continue
        lines += ["", f"| slowest models: {key} | s |", "|---|---:|"]
        lines += [f"| {m['model']} | {m['seconds']} |" for m in models]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
