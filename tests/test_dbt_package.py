"""This project as a dbt package (issue "Real helpdesk data in", item 9): a
consumer project lists it in packages.yml (a local package: `dbt deps`
needs no network), sets `helpdesk_source` and the connector's schema in its
own dbt_project.yml, and builds with its own profile, which has none of this
project's plugins. The Zendesk tables sit in a schema of the consumer's
warehouse, the way a connector lands them. Two runs: the second takes the
incremental path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import REPO

DBT = str(Path(sys.executable).with_name("dbt"))
QUIRKS = REPO / "tests" / "fixtures" / "zendesk_quirks"

CONSUMER_PROJECT = """
name: support_consumer
version: "1.0.0"
config-version: 2
profile: support_consumer
model-paths: ["models"]
vars:
  helpdesk_source: zendesk
  connector_schema: zendesk_landed
  connector_bot_user_ids: ["3"]
  raw_data_path: none
"""

CONSUMER_PROFILE = """
support_consumer:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{path}"
      threads: 2
"""


def dbt(args: list[str], project: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop("SUPPORT_WAREHOUSE_PATH", None)
    return subprocess.run(
        [DBT, *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


def test_a_consumer_project_builds_this_one_as_a_package(tmp_path: Path):
    project = tmp_path / "consumer"
    (project / "models").mkdir(parents=True)
    warehouse = project / "consumer.duckdb"
    (project / "dbt_project.yml").write_text(CONSUMER_PROJECT)
    (project / "profiles.yml").write_text(CONSUMER_PROFILE.format(path=warehouse))
    (project / "packages.yml").write_text(f"packages:\n  - local: {REPO}\n")
    # the consumer's own model on top of the package's public fact
    (project / "models" / "weekly_tickets.sql").write_text(
        "select count(*) as tickets, count(first_response_minutes) as replied\n"
        "from {{ ref('fact_ticket') }}\n"
    )
    con = duckdb.connect(str(warehouse))
    con.execute("create schema zendesk_landed")
    for path in sorted(QUIRKS.glob("*.csv")):
        con.execute(
            f'create table zendesk_landed."{path.stem}" as '
            "select * from read_csv(?, header = true, all_varchar = true)",
            [str(path)],
        )
    con.close()

    deps = dbt(["deps"], project)
    assert deps.returncode == 0, deps.stdout[-3000:] + deps.stderr[-2000:]
    # a full build with the data tests, then an incremental run (the
    # start-of-run hooks again, over existing incremental tables; models only)
    for run, command in (
        ("full", ["build", "--exclude", "test_type:unit"]),
        ("incremental", ["run"]),
    ):
        built = dbt(command, project)
        assert built.returncode == 0, f"{run} run:\n" + built.stdout[-5000:]
        assert "Traceback" not in built.stdout

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select tickets from main.weekly_tickets").fetchone()[0] == 7
        rejected = con.execute("select count(*) from main.dq_rejected_rows").fetchone()[0]
        outcomes = con.execute(
            "select sum(row_count) from main.dq_connector_row_counts where source_table = 'ticket'"
        ).fetchone()[0]
    finally:
        con.close()
    assert rejected == 6
    assert outcomes == 9
