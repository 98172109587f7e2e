"""The warehouse file as BI tools open it.

Tools that bundle DuckDB 1.x read the warehouse: the profile writes DuckDB
1.0's file format (storage_compatibility_version). A DuckDB 1.x client in a
side environment of its own (tests/fixtures/duckdb1_client, installed once
into ~/.cache/supportwh) reads every relation of the demo warehouse and the
same rows as DuckDB 2.0. The descriptions of the models' columns are the
warehouse's column comments (persist_docs), which BI tools show.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import REPO

CLIENT_REQUIREMENTS = REPO / "tests" / "fixtures" / "duckdb1_client" / "requirements.txt"

# run by the 1.x client: every relation read whole, its row count
READ_EVERYTHING = r"""
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__, "relations": {}}
relations = con.execute(
    "select table_schema, table_name from information_schema.tables"
    " where table_schema not in ('information_schema', 'pg_catalog') order by 1, 2"
).fetchall()
for schema, table in relations:
    # every row, every column read and decoded by this client
    rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
    out["relations"][f"{schema}.{table}"] = len(rows)
print(json.dumps(out))
"""


def side_client() -> Path:
    """The side environment's python (created on first use, reused after)."""
    digest = hashlib.sha256(CLIENT_REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    env = cache / "supportwh" / f"duckdb1-client-{digest}"
    python = env / "bin" / "python"
    if not (env / ".installed").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(env)], check=True)
        install = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(CLIENT_REQUIREMENTS),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
        (env / ".installed").write_text(CLIENT_REQUIREMENTS.read_text())
    return python


def test_duckdb_1x_client_reads_every_relation(demo_warehouse: Path, tmp_path: Path):
    result = subprocess.run(
        [str(side_client()), "-c", READ_EVERYTHING, str(demo_warehouse)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    read = json.loads(result.stdout)
    assert read["version"].startswith("1."), read["version"]

    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema not in ('information_schema', 'pg_catalog') order by 1, 2"
        ).fetchall()
        counts = {
            f"{schema}.{table}": con.execute(
                f'select count(*) from "{schema}"."{table}"'
            ).fetchone()[0]
            for schema, table in relations
        }
    finally:
        con.close()
    assert set(read["relations"]) == set(counts)
    assert len(counts) > 100
    differ = {k: (read["relations"][k], n) for k, n in counts.items() if read["relations"][k] != n}
    assert not differ, f"row counts differ (1.x, 2.0): {differ}"


def test_columns_carry_their_descriptions(demo_warehouse: Path):
    """Every column and table of the public schema has its description as
    a comment (what a BI tool's field list shows)."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        missing = con.execute(
            "select table_name, column_name from duckdb_columns()"
            " where database_name = ? and schema_name = 'main'"
            " and coalesce(comment, '') = '' order by 1, 2",
            [catalog],
        ).fetchall()
        columns = con.execute(
            "select count(*) from duckdb_columns()"
            " where database_name = ? and schema_name = 'main'",
            [catalog],
        ).fetchone()[0]
        tables = con.execute(
            "select table_name from duckdb_tables() where database_name = ?"
            " and schema_name = 'main' and coalesce(comment, '') = ''",
            [catalog],
        ).fetchall()
        comment = con.execute(
            "select comment from duckdb_columns() where database_name = ?"
            " and table_name = 'mart_ticket_kpis_weekly' and column_name = 'tickets_created'",
            [catalog],
        ).fetchone()[0]
    finally:
        con.close()
    assert columns > 900
    assert not missing, f"{len(missing)} of {columns} columns without a comment: {missing[:10]}"
    assert not tables, f"tables without a comment: {tables}"
    assert comment == "Tickets created in the period."
