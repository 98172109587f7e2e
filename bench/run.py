"""Benchmark: generate N tickets (cached by N, seed and generator source), run the full dbt build,
and record wall time, peak memory of the whole process tree, the warehouse
size and the slowest models.

Usage: python -m bench.run --tickets 100000 [--seed 1] [--keep-warehouse]
Results: bench/results/<tickets>.json and .md (and a line in bench/results/history.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DATA_ROOT = REPO / "bench" / "data"
RESULTS = REPO / "bench" / "results"


@dataclass
class Phase:
    name: str
    seconds: float
    peak_rss_bytes: int
    returncode: int


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
        returncode = proc.wait()
        done.set()
        sampler.join()
        seconds = time.perf_counter() - start
    return Phase(name, seconds, peak, returncode)


def generator_fingerprint() -> str:
    """Hash of the generator's source: a cached dataset from other code is stale."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "supportwh" / "generator").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


def raw_rows(raw_dir: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(raw_dir.glob("*.parquet"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the warehouse build.")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("SUPPORT_THREADS", 2)))
    parser.add_argument("--keep-warehouse", action="store_true")
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = REPO / "bench" / "work" / f"tickets_{args.tickets}"
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "warehouse.duckdb"
    for stale in (warehouse, work / "warehouse.duckdb.wal"):
        stale.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "SUPPORT_WAREHOUSE_PATH": str(warehouse),
        "SUPPORT_DUCKDB_TEMP_DIR": str(work / "tmp"),
        "SUPPORT_THREADS": str(args.threads),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    raw_dir, generate = dataset(args.tickets, args.seed, env, work)
    dbt = str(Path(sys.executable).with_name("dbt"))
    common = [
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--vars",
        json.dumps({"raw_data_path": str(raw_dir)}),
    ]
    phases = [generate] if generate else []
    phases.append(
        run_measured(
            "dbt build (models, seeds, data tests)",
            [dbt, "build", "--exclude", "test_type:unit", *common],
            env,
            work / "build.log",
        )
    )
    build = phases[-1]
    if build.returncode != 0:
        print((work / "build.log").read_text()[-4000:])
        raise SystemExit("dbt build failed")

    run_results = json.loads((work / "target" / "run_results.json").read_text())
    models = [r for r in run_results["results"] if r["unique_id"].startswith("model.")]
    slowest = sorted(models, key=lambda r: -r["execution_time"])[:10]
    rows = raw_rows(raw_dir)
    result = {
        "tickets": args.tickets,
        "seed": args.seed,
        "threads": args.threads,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
        },
        "raw_rows": rows,
        "raw_rows_total": sum(rows.values()),
        "phases": [p.__dict__ for p in phases],
        "build_seconds": round(build.seconds, 1),
        "build_peak_rss_mb": round(build.peak_rss_bytes / 2**20),
        "tickets_per_second": round(args.tickets / build.seconds),
        "raw_rows_per_second": round(sum(rows.values()) / build.seconds),
        "warehouse_mb": round(warehouse.stat().st_size / 2**20, 1),
        "slowest_models": [
            {"model": r["unique_id"].split(".")[-1], "seconds": round(r["execution_time"], 2)}
            for r in slowest
        ],
    }
    (RESULTS / f"{args.tickets}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Benchmark: {args.tickets:,} tickets (seed {args.seed}, {args.threads} threads)",
        "",
        f"Raw rows: {result['raw_rows_total']:,}",
        "",
        "| phase | wall s | peak RSS MB |",
        "|---|---:|---:|",
        *[f"| {p.name} | {p.seconds:.1f} | {p.peak_rss_bytes / 2**20:.0f} |" for p in phases],
        "",
        f"Build: {result['tickets_per_second']:,} tickets/s, "
        f"{result['raw_rows_per_second']:,} raw rows/s; warehouse {result['warehouse_mb']} MB",
        "",
        "| slowest models | s |",
        "|---|---:|",
        *[f"| {m['model']} | {m['seconds']} |" for m in result["slowest_models"]],
    ]
    (RESULTS / f"{args.tickets}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if not args.keep_warehouse:
        warehouse.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
