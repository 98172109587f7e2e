"""The bad-input corpus (supportwh_dev.corpus, SPEC section 3): each case built, each
expectation held.

The corpus is generated from demo_data into a temporary directory by its
command line. Each case is built once with dbt (data tests on, unit tests
off as in build_ok); all cases share one dbt target directory, one raw path
(a symlink switched between cases) and one warehouse path, so dbt parses the
project once and every later run reuses the partial parse.

For each case that succeeds: dq_rejected_rows lists exactly the manifest's
rows with their precise reasons (nothing missing, nothing more); valid but
unusual input lands with the manifest's values; for every raw table rows read
= rows accepted + rows rejected in dq_raw_row_counts, and rows read equals an
independent count of the raw file's lines or rows. For each case that stops:
a non-zero exit with one message naming the table and the column, and no
Python stack trace.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import DEMO_DATA, REPO, DbtResult, run_dbt

CORPUS_TICKETS = 300


@dataclass
class CaseRun:
    returncode: int
    output: str
    warehouse: Path | None
    seconds: float
    freshness: DbtResult | None = None
    freshness_json: Path | None = None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh_dev.corpus",
            "--from",
            str(DEMO_DATA),
            "--out",
            str(out),
            "--tickets",
            str(CORPUS_TICKETS),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out, json.loads((out / "manifest.json").read_text())


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory) -> dict[str, CaseRun]:
    out, manifest = corpus
    work = tmp_path_factory.mktemp("corpus_builds")
    raw = work / "raw"
    warehouse = work / "warehouse.duckdb"
    results = {}
    for case in manifest["cases"]:
        if raw.is_symlink():
            raw.unlink()
        raw.symlink_to(out / case["name"], target_is_directory=True)
        warehouse.unlink(missing_ok=True)
        started = time.perf_counter()
        result = run_dbt(["build", "--exclude", "test_type:unit"], work, raw, warehouse=warehouse)
        seconds = time.perf_counter() - started
        freshness = freshness_json = None
        if case["expect"] == "succeeds":
            # dbt's own source freshness over the views the build registered
            freshness_json = work / f"{case['name']}_sources.json"
            freshness = run_dbt(
                ["source", "freshness", "--output", str(freshness_json)],
                work,
                raw,
                warehouse=warehouse,
            )
        kept = None
        if warehouse.exists():
            kept = work / f"{case['name']}.duckdb"
            warehouse.rename(kept)
        results[case["name"]] = CaseRun(
            result.returncode, result.output, kept, seconds, freshness, freshness_json
        )
    timings = ", ".join(f"{name} {run.seconds:.0f}s" for name, run in results.items())
    print(f"\ncorpus builds: {timings}")
    return results


def cases(manifest: dict, expect: str) -> list[dict]:
    return [c for c in manifest["cases"] if c["expect"] == expect]


def connect(run: CaseRun):
    return duckdb.connect(str(run.warehouse), read_only=True)


def relation(con, name: str) -> str:
    schema = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [name]
    ).fetchone()
    assert schema, f"{name} not in the warehouse"
    return f"{schema[0]}.{name}"


def test_corpus_covers_every_kind_of_damage(corpus):
    _, manifest = corpus
    assert manifest["base"]["tickets"] == CORPUS_TICKETS
    damages = {
        r["damage"] for c in cases(manifest, "succeeds") for r in c["rejected"] + c["accepted"]
    }
    for needle in (
        "unparseable timestamp",
        "converted to UTC",
        "time zone name",
        "end before start",
        "identical duplicate",
        "conflicting duplicate",
        "unknown foreign key",
        "row of a rejected ticket",
        "unknown enum value",
        "ragged line: extra field",
        "unterminated quote",
        "open for 3 years",
        "negative",
        "non-finite",
        "huge number",
        "score outside its scale",
        "impossible UTC offset",
        "over-long value",
        "quoted value spanning two lines",
    ):
        assert any(needle in d for d in damages), needle
    stops = {(c["stop"]["table"], c["stop"]["column"]) for c in cases(manifest, "stops")}
    assert ("ticket_events", None) in stops
    assert {column for _, column in stops} >= {"priority", "sent_at"}


def test_succeeding_cases_build(corpus, runs):
    _, manifest = corpus
    for case in cases(manifest, "succeeds"):
        run = runs[case["name"]]
        assert run.returncode == 0, f"{case['name']}:\n{run.output[-4000:]}"


def test_stopping_cases_stop_with_one_clear_message(corpus, runs):
    _, manifest = corpus
    for case in cases(manifest, "stops"):
        run = runs[case["name"]]
        assert run.returncode != 0, f"{case['name']} built"
        assert "Traceback" not in run.output, run.output[-3000:]
        errors = [line for line in run.output.splitlines() if "Raw table '" in line]
        assert errors, f"{case['name']}: no message naming the table:\n{run.output[-3000:]}"
        assert len({e.split("Raw table ", 1)[1] for e in errors}) == 1, errors
        for needle in case["stop"]["message"]:
            assert needle in errors[0], (needle, errors[0])
        assert f"'{case['stop']['table']}'" in errors[0]
        if case["stop"]["column"]:
            assert f"'{case['stop']['column']}'" in errors[0]


def test_rejected_rows_are_exactly_the_damaged_ones(corpus, runs):
    _, manifest = corpus
    for case in cases(manifest, "succeeds"):
        con = connect(runs[case["name"]])
        got = set(
            con.execute(
                "select source_table, source_row_id, source_row_number, reason "
                "from main.dq_rejected_rows"
            ).fetchall()
        )
        expected = {
            (r["source_table"], r["source_row_id"], r["source_row_number"], r["reason"])
            for r in case["rejected"]
        }
        missing = sorted(expected - got)
        unexpected = sorted(got - expected)
        assert not missing and not unexpected, (
            f"{case['name']}: expected but not rejected {missing}; rejected but not expected "
            f"{unexpected}"
        )


def test_valid_unusual_values_land_as_written(corpus, runs):
    _, manifest = corpus
    for case in cases(manifest, "succeeds"):
        con = connect(runs[case["name"]])
        for check in case["accepted"]:
            rows = con.execute(
                f"select {check['column']} from {relation(con, check['model'])} "
                f"where {check['key_column']} = ?",
                [check["key"]],
            ).fetchall()
            assert len(rows) == 1, (case["name"], check, rows)
            assert same_value(rows[0][0], check["value"]), (case["name"], check, rows[0][0])


def same_value(got, expected) -> bool:
    if expected is None or got is None:
        return got is None and expected is None
    if isinstance(got, datetime):
        return got == datetime.fromisoformat(expected)
    if isinstance(expected, float):
        return math.isclose(got, expected, rel_tol=1e-12)
    return got == expected


def count_raw_rows(path: Path, extra_lines: int = 0) -> int:
    """Rows in a raw file, counted without DuckDB: parquet metadata; CSV non-blank lines after the
    header, less the lines that values with line breaks add (extra_lines, from the writer)."""
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    lines = [line for line in path.read_bytes().split(b"\n") if line.strip(b"\r\n\t ")]
    return max(len(lines) - 1 - extra_lines, 0)


def test_rows_read_equal_accepted_plus_rejected(corpus, runs):
    out, manifest = corpus
    for case in cases(manifest, "succeeds"):
        con = connect(runs[case["name"]])
        counts = {
            row[0]: row[1:]
            for row in con.execute(
                "select source_table, is_present, rows_read, rows_accepted, rows_rejected "
                "from main.dq_raw_row_counts"
            ).fetchall()
        }
        listed = dict(
            con.execute(
                "select source_table, count(*) from main.dq_rejected_rows group by 1"
            ).fetchall()
        )
        assert set(counts) == set(case["tables"])
        for table, expected in case["tables"].items():
            is_present, rows_read, accepted, rejected = counts[table]
            where = f"{case['name']}.{table}"
            assert rows_read == accepted + rejected, where
            assert rejected == listed.get(table, 0), where
            assert is_present == (expected["file"] is not None), where
            assert rows_read == expected["rows_read"], (where, rows_read, expected)
            path = out / case["name"] / expected["file"] if is_present else None
            independent = count_raw_rows(path, expected.get("extra_lines", 0)) if path else 0
            assert rows_read == independent, (where, rows_read, independent)


def test_empty_and_absent_optional_tables(corpus, runs):
    """The damage case has customers.csv of zero bytes, agent_shifts.csv with only its header and
    no schedules or holidays: the tables read as present with no rows (or absent), and the
    metrics that need them are empty or null."""
    _, manifest = corpus
    case = next(c for c in manifest["cases"] if c["name"] == "damage")
    assert case["tables"]["customers"] == {"file": "customers.csv", "rows_read": 0}
    assert case["tables"]["agent_shifts"] == {"file": "agent_shifts.csv", "rows_read": 0}
    assert case["tables"]["schedules"]["file"] is None
    assert case["tables"]["holidays"]["file"] is None
    con = connect(runs["damage"])
    business, calendar = con.execute(
        "select count(first_response_business_minutes), count(first_response_minutes) "
        "from main.fact_ticket"
    ).fetchone()
    assert business == 0, "no schedules: business minutes must be null"
    assert calendar > 0
    assert con.execute("select count(*) from main.fact_agent_schedule").fetchone()[0] == 0
    assert con.execute("select count(segment) from main.dim_customer").fetchone()[0] == 0


def test_dbt_source_freshness_reads_the_raw_views(corpus, runs):
    """`dbt source freshness` runs on the registered raw views: a warning at most (data from 2025
    is stale), one result per event table, each no older than dq_source_freshness.latest_at (dbt
    sees every raw row with a parseable time, the warehouse only the accepted ones)."""
    _, manifest = corpus
    for case in cases(manifest, "succeeds"):
        run = runs[case["name"]]
        assert run.freshness.returncode == 0, run.freshness.output[-3000:]
        assert "Traceback" not in run.freshness.output
        results = json.loads(run.freshness_json.read_text())["results"]
        dbt_latest = {
            r["unique_id"].rsplit(".", 1)[1]: datetime.fromisoformat(r["max_loaded_at"])
            for r in results
        }
        assert {r["status"] for r in results} <= {"pass", "warn"}
        con = connect(run)
        warehouse_latest = dict(
            con.execute(
                "select source_table, latest_at from main.dq_source_freshness "
                "where loaded_at_column is not null and is_present"
            ).fetchall()
        )
        assert set(dbt_latest) == set(warehouse_latest), (dbt_latest, warehouse_latest)
        for table, latest_at in warehouse_latest.items():
            assert dbt_latest[table].replace(tzinfo=None) >= latest_at, table
