"""Engine benchmark: the same generated dataset built on DuckDB and on
PostgreSQL (and, if asked, on a local Spark session), one after the other in
one run, so the figures are comparable as ratios.

Per engine:
1. load (PostgreSQL, Spark): `python -m supportwh.load_raw --target ENGINE`
   into the engine's raw schema (DuckDB reads the files where they are);
2. build: `dbt build --resource-type seed --resource-type model` (every seed
   and model, no tests) into a fresh warehouse (`--with-tests`: plain
   `dbt build --exclude test_type:unit`, data tests included).

PostgreSQL runs on a throwaway cluster under bench/work/engines_N/pg
(supportwh_dev.pgcluster: fsync off, shared_buffers 256MB, work_mem 64MB), which
is stopped and deleted at the end. Peak RSS is that of the dbt (and loader)
process tree: the PostgreSQL server's memory is not in it.

`--compare` then compares every relation of the public schema except the two
facts (their rows would not fit in this process at 1M tickets; every mart is
built from them) row by row with the DuckDB build, as the cross-engine test
does on the demo (supportwh_dev.compare_engines, 1e-6 relative).

Usage: python -m bench.engines --tickets 1000000 [--seed 1] [--threads 2]
           [--engines duckdb,postgres] [--with-tests] [--compare]
Results: bench/results/engines_<tickets>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from bench.run import REPO, RESULTS, Phase, dataset, dbt_phase, raw_rows, run_measured

ENGINES = ("duckdb", "postgres", "spark")
# too large to hold in Python at scale; the marts built from them are compared
NOT_COMPARED = ("fact_ticket", "fact_interaction")


def load_phase(engine: str, raw_dir: Path, env: dict, work: Path) -> Phase:
    command = [
        sys.executable,
        "-m",
        "supportwh.load_raw",
        "--target",
        engine,
        "--raw-data-path",
        str(raw_dir),
    ]
    phase = run_measured(f"{engine}: load raw", command, env, work / f"load_{engine}.log")
    phase.key = f"{engine}_load"
    phase.dataset = raw_dir.name
    if phase.returncode != 0:
        print((work / f"load_{engine}.log").read_text()[-4000:])
    return phase


def compare_by_relation(duckdb_path: Path, read_other, label: str) -> list[str]:
    """Another engine's build against the DuckDB one, one relation at a time
    (all at once took 14 GB at 1M tickets). read_other(exclude=, only=) reads
    the other engine's relations."""
    import duckdb

    from supportwh_dev.compare_engines import compare, duckdb_relations, read_duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    names = duckdb_relations(con)
    con.close()
    problems = []
    for name in names:
        if name in NOT_COMPARED:
            continue
        problems += compare(
            read_duckdb(str(duckdb_path), only={name}),
            read_other(only={name}),
            1e-6,
            ("duckdb", label),
        )
    # a relation only the other engine has
    problems += compare({}, read_other(exclude={*names, *NOT_COMPARED}), 1e-6, ("duckdb", label))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.engines",
        description="Time the build on several engines, one after the other in one run "
        "(bench/results/engines_<tickets>.md).",
        epilog="example: python -m bench.engines --tickets 100000 --engines duckdb,postgres "
        "--compare",
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("SUPPORT_THREADS", 2)))
    parser.add_argument("--engines", default="duckdb,postgres")
    parser.add_argument("--with-tests", action="store_true", help="run the data tests too")
    parser.add_argument(
        "--compare", action="store_true", help="compare the marts with the DuckDB build"
    )
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or "duckdb" not in engines:
        parser.error(f"--engines: choose from {', '.join(ENGINES)}, duckdb included")
    # DuckDB first: the others are compared with it and timed against it
    engines = ["duckdb", *[e for e in dict.fromkeys(engines) if e != "duckdb"]]

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = REPO / "bench" / "work" / f"engines_{args.tickets}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    base_env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "SUPPORT_THREADS": str(args.threads),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    raw_dir, _ = dataset(args.tickets, args.seed, base_env, work)
    build = (
        ["build", "--exclude", "test_type:unit"]
        if args.with_tests
        else ["build", "--resource-type", "seed", "--resource-type", "model"]
    )
    phases: list[Phase] = []
    comparisons: dict[str, list[str]] = {}
    duckdb_path = work / "warehouse.duckdb"
    duckdb_built = False
    for engine in engines:
        env = {**base_env, "SUPPORT_TARGET": engine}
        engine_work = work / engine
        engine_work.mkdir()
        if engine == "duckdb":
            env |= {
                "SUPPORT_WAREHOUSE_PATH": str(duckdb_path),
                "SUPPORT_DUCKDB_TEMP_DIR": str(work / "tmp"),
            }
            phases.append(
                dbt_phase("duckdb_build", "duckdb: build", build, env, engine_work, raw_dir)
            )
            duckdb_built = phases[-1].returncode == 0
        elif engine == "postgres":
            from supportwh_dev.compare_engines import read_postgres
            from supportwh_dev.pgcluster import cluster

            # not under a root-only directory: the server runs as the postgres user
            pg_dir = Path(tempfile.mkdtemp(prefix="support-pg-bench-"))
            try:
                with cluster(pg_dir) as pg_env:
                    env |= pg_env
                    phases.append(load_phase(engine, raw_dir, env, engine_work))
                    phases.append(
                        dbt_phase(
                            "postgres_build", "postgres: build", build, env, engine_work, raw_dir
                        )
                    )
                    if args.compare and phases[-1].returncode == 0 and duckdb_built:
                        comparisons[engine] = compare_by_relation(
                            duckdb_path,
                            lambda **kw: read_postgres(pg_env, **kw),  # noqa: B023
                            engine,
                        )
            finally:
                shutil.rmtree(pg_dir, ignore_errors=True)
        else:
            from supportwh.connections import spark_session
            from supportwh_dev.compare_engines import read_spark

            env |= {"SUPPORT_SPARK_DIR": str(engine_work / "spark"), "TZ": "UTC"}
            phases.append(load_phase(engine, raw_dir, env, engine_work))
            phases.append(
                dbt_phase("spark_build", "spark: build", build, env, engine_work, raw_dir)
            )
            if args.compare and phases[-1].returncode == 0 and duckdb_built:
                session = spark_session(env["SUPPORT_SPARK_DIR"])
                try:
                    comparisons[engine] = compare_by_relation(
                        duckdb_path,
                        lambda **kw: read_spark(session=session, **kw),  # noqa: B023
                        engine,
                    )
                finally:
                    session.stop()

    by_key = {p.key: p for p in phases}
    duck = by_key["duckdb_build"]
    ratios = {}
    for engine in engines[1:]:
        built = by_key.get(f"{engine}_build")
        if built and built.returncode == 0 and duck.returncode == 0:
            loaded = by_key[f"{engine}_load"].seconds
            ratios[f"{engine}_build_over_duckdb"] = round(built.seconds / duck.seconds, 2)
            ratios[f"{engine}_load_and_build_over_duckdb"] = round(
                (loaded + built.seconds) / duck.seconds, 2
            )
    result = {
        "tickets": args.tickets,
        "seed": args.seed,
        "threads": args.threads,
        "command": "dbt " + " ".join(build),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "raw_rows": sum(raw_rows(raw_dir).values()),
        "phases": [
            {
                "name": p.name,
                "key": p.key,
                "seconds": round(p.seconds, 1),
                "peak_rss_mb": round(p.peak_rss_bytes / 2**20),
                "returncode": p.returncode,
                **{k: v for k, v in p.extra.items() if k != "seconds_by_layer"},
            }
            for p in phases
        ],
        "ratios": ratios,
        "comparisons": {
            engine: {"differences": len(problems), "problems": problems[:40]}
            for engine, problems in comparisons.items()
        },
    }
    stem = RESULTS / f"engines_{args.tickets}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(render_markdown(result))
    print(stem.with_suffix(".md").read_text())
    failed = [p.name for p in phases if p.returncode != 0]
    if failed or any(comparisons.values()):
        print("failed: " + ", ".join(failed) if failed else "engines disagree", file=sys.stderr)
        return 1
    return 0


def render_markdown(result: dict) -> str:
    lines = [
        f"# Engines: {result['tickets']:,} tickets (seed {result['seed']}, "
        f"{result['threads']} threads, {result['raw_rows']:,} raw rows)",
        "",
        f"Build command: `{result['command']}`, fresh warehouse per engine, one run.",
        "",
        "| phase | wall s | dbt elapsed s | peak RSS MB (client side) |",
        "|---|---:|---:|---:|",
    ]
    for p in result["phases"]:
        status = "" if p["returncode"] == 0 else f" **FAILED (exit {p['returncode']})**"
        elapsed = p.get("dbt_elapsed_seconds")
        lines.append(
            f"| {p['name']}{status} | {p['seconds']:.1f} | "
            f"{'-' if elapsed is None else f'{elapsed:.1f}'} | {p['peak_rss_mb']:,} |"
        )
    if result["ratios"]:
        lines += [
            "",
            "Ratios (wall time): "
            + "; ".join(f"{name} = {value}x" for name, value in result["ratios"].items())
            + ".",
        ]
    for engine, outcome in result["comparisons"].items():
        verdict = (
            "agrees with DuckDB on every row of every relation but the two facts"
            if not outcome["differences"]
            else f"{outcome['differences']} differences from DuckDB"
        )
        lines += ["", f"{engine}: {verdict}."]
        lines += [f"- {problem}" for problem in outcome["problems"]]
    for p in result["phases"]:
        if p.get("slowest_models"):
            lines += ["", f"| slowest models: {p['name']} | s |", "|---|---:|"]
            lines += [f"| {m['model']} | {m['seconds']} |" for m in p["slowest_models"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
