"""Shared fixtures: run dbt against a raw dataset into a throwaway warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Under pytest-xdist the worker's __main__ module has neither a spec nor a
# file, which pyspark.sql.connect (imported by great_expectations) takes for
# a doctest run, and exits the worker's test with SystemExit(0).
_main = sys.modules["__main__"]
if getattr(_main, "__spec__", None) is None and not hasattr(_main, "__file__"):
    _main.__file__ = "<pytest-xdist worker>"

# The modules that take longest, started first: with `make test`'s two
# workers each taking whole files in collection order, a long module left to
# the end would run alone while the other worker idles.
# (make test passes --no-loadscope-reorder: xdist would otherwise order the
# files by their number of tests, which puts the Spark build last.)
SLOW_MODULES_FIRST = [
    "test_incremental.py",
    "test_engines.py",
    "test_connector_intercom.py",
    "test_connector_freshdesk.py",
    "test_connectors.py",
    "test_corpus.py",
    "test_dbt_package.py",
    "test_warehouse.py",
    "test_config.py",
    "test_properties.py",
    "test_lifecycle_edges.py",
    "test_expectations.py",
    "test_semantic_layer.py",
    "test_revenue_marts.py",
    "test_coaching_signals.py",
]


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_MODULES_FIRST)}
    # a stable sort: within a module, and among the others, the order stays
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


DBT = str(Path(sys.executable).with_name("dbt"))
DEMO_DATA = REPO / "demo_data"


@dataclass
class DbtResult:
    returncode: int
    output: str
    warehouse: Path


# dbt reuses a saved parse (target/partial_parse.msgpack) when the CLI vars,
# the profile's connection values and every project file are unchanged, and
# parses in full otherwise (dbt checks; a stale file costs only the parse).
# A full parse of this project takes about 20 s of a test build's 60-90 s, so
# each worker keeps the first parse of each kind of run and gives it to the
# runs after it. For the connection values to repeat, a run on a raw dataset
# given by its absolute path runs in its workdir and names the warehouse and
# DuckDB's temp directory relative to it.
_SAVED_PARSES: dict[str, Path] = {}
_PARSE_DIR: Path | None = None


def _save_parse(key: str, target: Path) -> None:
    global _PARSE_DIR
    parse = target / "partial_parse.msgpack"
    if key in _SAVED_PARSES or not parse.exists():
        return
    if _PARSE_DIR is None:
        _PARSE_DIR = Path(tempfile.mkdtemp(prefix="support-dbt-parses-"))
    saved = _PARSE_DIR / f"{len(_SAVED_PARSES)}.msgpack"
    shutil.copyfile(parse, saved)
    _SAVED_PARSES[key] = saved


def run_dbt(
    args: list[str],
    workdir: Path,
    raw_dir: Path | str | None = None,
    dbt_vars: dict | None = None,
    env: dict | None = None,
    warehouse: Path | None = None,
) -> DbtResult:
    """Run one dbt command from the repo into a warehouse under workdir."""
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = warehouse or workdir / "warehouse.duckdb"
    all_vars = dict(dbt_vars or {})
    cwd, warehouse_setting, temp_setting = REPO, str(warehouse), str(workdir / "tmp")
    if raw_dir is not None:
        if "raw_data_path" not in all_vars and Path(raw_dir).is_absolute():
            # nothing of the run is relative to the working directory but these
            cwd = workdir
            warehouse_setting = os.path.relpath(warehouse, workdir)
            temp_setting = "tmp"
        all_vars["raw_data_path"] = str(raw_dir)
    full_env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "SUPPORT_WAREHOUSE_PATH": warehouse_setting,
        "SUPPORT_DUCKDB_TEMP_DIR": temp_setting,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(env or {}),
    }
    target = workdir / "target"
    command = [
        DBT,
        *args,
        "--project-dir",
        str(REPO),
        "--target-path",
        str(target),
        "--log-path",
        str(workdir / "logs"),
    ]
    if all_vars:
        command += ["--vars", json.dumps(all_vars)]
    # what dbt compares (env overrides such as TZ seldom matter: when they
    # do, dbt finds the profile changed and parses in full)
    parse_key = json.dumps([all_vars, warehouse_setting, temp_setting], sort_keys=True)
    saved = _SAVED_PARSES.get(parse_key)
    if saved is not None and not (target / "partial_parse.msgpack").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, target / "partial_parse.msgpack")
    proc = subprocess.run(
        command, cwd=cwd, env=full_env, capture_output=True, text=True, check=False
    )
    _save_parse(parse_key, target)
    return DbtResult(proc.returncode, proc.stdout + proc.stderr, warehouse)


def build_ok(workdir: Path, raw_dir: Path | str, data_tests: bool = True, **kwargs) -> Path:
    """dbt build (with data tests unless data_tests=False) and assert success."""
    # unit tests do not depend on the data: the main `dbt build` of make test runs them
    args = ["build", "--exclude", "test_type:unit"]
    if not data_tests:
        args.append("test_type:data")
    result = run_dbt(args, workdir, raw_dir, **kwargs)
    assert result.returncode == 0, result.output[-4000:]
    return result.warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """The demo warehouse: the one `make test` just built, else a fresh build."""
    existing = os.environ.get("SUPPORT_TEST_DEMO_WAREHOUSE")
    if existing and Path(existing).exists():
        return Path(existing)
    workdir = tmp_path_factory.mktemp("demo")
    return build_ok(workdir, DEMO_DATA)


@pytest.fixture(scope="session")
def generated_dataset(tmp_path_factory) -> Path:
    """A fresh generated dataset in CSV (offsets in timestamps), other seed than demo."""
    out = tmp_path_factory.mktemp("generated") / "raw"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.generator",
            "--tickets",
            "4000",
            "--seed",
            "7",
            "--out",
            str(out),
            "--format",
            "csv",
            "--no-progress",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


def copy_dataset(src: Path, dst: Path, tables: list[str] | None = None) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.iterdir():
        if path.suffix in {".csv", ".parquet"} and (tables is None or path.stem in tables):
            shutil.copy(path, dst / path.name)
    return dst


def skip_unless_required(message: str, require_var: str) -> None:
    """Skip a check whose engine or tool is missing, unless `require_var` is
    1 (make test sets it), which turns the skip into a failure so CI cannot
    pass without running the check."""
    if os.environ.get(require_var) == "1":
        pytest.fail(f"{message} and {require_var}=1")
    pytest.skip(message)


@pytest.fixture(scope="module")
def postgres_env():
    """A throwaway PostgreSQL cluster on localhost (supportwh_dev.pgcluster),
    its SUPPORT_PG_* env; skipped without the server binaries (Debian's
    postgresql package), unless SUPPORT_REQUIRE_POSTGRES=1 (make test), which
    turns the skip into a failure so CI cannot pass without running it."""
    from supportwh_dev.pgcluster import cluster, find_bin_dir

    if find_bin_dir() is None:
        skip_unless_required(
            "PostgreSQL server binaries not found (Debian package postgresql)",
            "SUPPORT_REQUIRE_POSTGRES",
        )
    # not under pytest's tmp dir: the server runs as the postgres user when
    # the tests run as root, and pytest's base directory is private to root
    directory = Path(tempfile.mkdtemp(prefix="support-pg-"))
    try:
        with cluster(directory) as env:
            yield env
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def generated_for_connectors(tmp_path_factory) -> Path:
    """One clean generated dataset (1,500 tickets, seed 11) every connector's
    round trip converts (tests/test_connector*.py)."""
    clean = tmp_path_factory.mktemp("connectors") / "clean"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.generator",
            "--tickets",
            "1500",
            "--seed",
            "11",
            "--out",
            str(clean),
            "--no-progress",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return clean


def connector_round_trip(system: str, clean: Path, base: Path):
    """(canonical warehouse, connector warehouse, export): the clean dataset
    written as the system's connector tables and as the canonical tables
    they carry, each built (data tests on the connector build only)."""
    from supportwh.connectors import converter

    export = converter(system)(clean, base / "export")
    canonical = build_ok(base / "canonical_build", export.canonical_dir, data_tests=False)
    dbt_vars = export.dbt_vars()
    connector = build_ok(
        base / f"{system}_build", dbt_vars.pop("raw_data_path", "none"), dbt_vars=dbt_vars
    )
    return canonical, connector, export


def query_warehouse(warehouse: Path, sql: str) -> list[tuple]:
    """The rows of one query on a built warehouse, read-only."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


CONTRACT_CHECK = REPO.parent / "shared" / "tools" / "check_contract.py"

# seeds (the value maps) and the models of the two facts, no tests
FACTS_BUILD = [
    "build",
    "--select",
    "+fact_ticket",
    "+fact_interaction",
    "--exclude",
    "test_type:unit",
    "test_type:data",
]


def check_contract(warehouse: Path, *options: str) -> None:
    """The shared contract check (SPEC section 4) passes on a warehouse;
    skipped when shared/ is not beside the checkout."""
    if not CONTRACT_CHECK.exists():
        pytest.skip(f"{CONTRACT_CHECK} not found (shared/ must sit beside the repo)")
    result = subprocess.run(
        [sys.executable, str(CONTRACT_CHECK), str(warehouse), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def need_chromium() -> None:
    """Skip a browser check without a Chromium (scripts/ensure_chromium.sh
    installs Debian's), unless SUPPORT_REQUIRE_CHROMIUM=1 (make test), which
    turns the skip into a failure so CI cannot pass without running it."""
    from supportwh_dev.browser import chromium_path

    if chromium_path() is None:
        skip_unless_required(
            "no Chromium found (Debian package chromium, or set SUPPORT_CHROMIUM)",
            "SUPPORT_REQUIRE_CHROMIUM",
        )
