"""Connector sources (docs/connectors.md): a helpdesk's own tables, as its
connector lands them, give the same warehouse as the canonical layout.

- Round trip: a generated dataset written as Zendesk's tables (and as the
  canonical tables holding what Zendesk carries, supportwh.connectors.zendesk)
  builds two warehouses whose every public relation agrees; the Zendesk one
  passes the data tests and the contract check.
- The connector's tables read from warehouse schemas (the way Fivetran lands
  them, typed, one schema per account) give the facts the exported files
  give, each account's ids prefixed and kept apart by source_relation.
- Hand-written Zendesk tables with the system's quirks: deleted tickets,
  identical and conflicting history rows, a comment by an unknown user, a
  time zone missing from the map, a status, channel and priority the value
  maps lack, an interval over midnight, a holiday over several days.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import (
    FACTS_BUILD,
    REPO,
    build_ok,
    check_contract,
    connector_round_trip,
    query_warehouse,
    run_dbt,
)

from supportwh.connectors import PROVIDED_TABLES, SYSTEMS
from supportwh.connectors.zendesk import ZENDESK_TABLES
from supportwh_dev.compare_engines import (
    Relation,
    compare,
    compare_duckdb_files,
    prepare,
    read_duckdb,
    read_postgres,
)

QUIRKS = REPO / "tests" / "fixtures" / "zendesk_quirks"


@pytest.fixture(scope="module")
def zendesk_round_trip(tmp_path_factory, generated_for_connectors):
    """(canonical warehouse, Zendesk warehouse, export) of one generated dataset."""
    return connector_round_trip(
        "zendesk", generated_for_connectors, tmp_path_factory.mktemp("zendesk")
    )


def test_every_public_relation_agrees_with_the_canonical_build(zendesk_round_trip):
    canonical, zendesk, _ = zendesk_round_trip
    problems, compared = compare_duckdb_files(
        str(canonical),
        str(zendesk),
        # the connector's tables have no file; only a connector build accounts for its rows
        exclude=[
            "dq_raw_row_counts.file_path",
            "dq_connector_row_counts",
        ],
        labels=("canonical", "zendesk"),
    )
    assert problems == [], "\n".join(problems[:40])
    assert compared >= 40
    con = duckdb.connect(str(zendesk), read_only=True)
    try:
        tickets, replied, escalated, rated, rejected = con.execute(
            "select count(*), count(first_response_minutes), sum(escalation_count), "
            "count(csat_score), (select count(*) from dq_rejected_rows) from fact_ticket"
        ).fetchone()
    finally:
        con.close()
    # the comparison is of real content, not of empty relations
    assert tickets == 1500 and replied > 1000 and escalated > 50 and rated > 200
    assert rejected == 0


def test_the_zendesk_warehouse_meets_the_contract(zendesk_round_trip):
    _, zendesk, _ = zendesk_round_trip
    check_contract(zendesk, "--lifecycle")


def account_rows(warehouse: Path, relation: str, account: str | None) -> Relation:
    """A relation of a warehouse, prepared for comparison: with an account,
    only its rows, the account's id prefix taken off every text value."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        where = "" if account is None else f"where source_relation = '{account}'"
        # several accounts: a ticket without a schedule is put on its own
        # account's default (business_schedule_id, compared, is the same)
        dropped = "source_relation, schedule_id" if relation == "fact_ticket" else "source_relation"
        cursor = con.execute(f"select * exclude ({dropped}) from main.{relation} {where}")
        columns = [d[0].lower() for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    if account is not None:
        prefix = f"{account}:"
        rows = [
            tuple(v.replace(prefix, "") if isinstance(v, str) else v for v in row) for row in rows
        ]
    return prepare(columns, rows)


def test_two_accounts_landed_in_schemas_are_unioned_without_collisions(
    zendesk_round_trip, tmp_path
):
    """Fivetran lands one schema per account, typed. The same export landed
    as two accounts (every id collides) and read from the schemas
    (connector_schema a list, no files): each id is prefixed with its
    account, each ticket and interaction keeps its source_relation, and each
    account's facts are the single-account build's, row for row."""
    _, zendesk, export = zendesk_round_trip
    accounts = ["zendesk_eu", "zendesk_us"]
    warehouse = tmp_path / "landed.duckdb"
    con = duckdb.connect(str(warehouse))
    for schema in accounts:
        con.execute(f"create schema {schema}")
        for table in ZENDESK_TABLES:
            path = export.zendesk_dir / f"{table}.parquet"
            con.execute(
                f'create table {schema}."{table}" as select * from read_parquet(?)', [str(path)]
            )
    con.close()
    dbt_vars = {
        **export.dbt_vars(),
        "connector_schema": accounts,
        "connector_bot_user_ids": [
            f"{schema}:{bot}" for schema in accounts for bot in export.bot_user_ids
        ],
    }
    del dbt_vars["connector_data_path"]
    result = run_dbt(
        FACTS_BUILD,
        tmp_path,
        "none",
        dbt_vars=dbt_vars,
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.output[-4000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = dict(
            con.execute("select source_relation, count(*) from fact_ticket group by 1").fetchall()
        )
        ids = con.execute(
            "select count(distinct ticket_id), count(*) filter (where ticket_id not like "
            "source_relation || ':%') from fact_ticket"
        ).fetchone()
        unlabelled = con.execute(
            "select count(*) from fact_interaction where ticket_id is not null "
            "and (source_relation is null or ticket_id not like source_relation || ':%')"
        ).fetchone()[0]
    finally:
        con.close()
    assert counts == {"zendesk_eu": 1500, "zendesk_us": 1500}
    assert ids == (3000, 0)
    assert unlabelled == 0
    for relation in ("fact_ticket", "fact_interaction"):
        single = account_rows(zendesk, relation, None)
        for account in accounts:
            problems = compare(
                {relation: single},
                {relation: account_rows(warehouse, relation, account)},
                labels=("one account", account),
            )
            assert problems == [], "\n".join(problems[:20])


def test_a_missing_connector_table_is_named(tmp_path):
    result = run_dbt(
        ["run", "--select", "int_as_of"],
        tmp_path,
        "none",
        dbt_vars={"helpdesk_source": "zendesk", "connector_schema": "nowhere"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert (
        "schema 'nowhere' has no table ticket, ticket_field_history, ticket_comment, user"
        in result.output
    ), result.output[-3000:]


@pytest.fixture(scope="module")
def quirks_warehouse(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("zendesk_quirks")
    return build_ok(
        workdir,
        "none",
        dbt_vars={
            "helpdesk_source": "zendesk",
            "connector_data_path": str(QUIRKS),
            "connector_bot_user_ids": ["3"],
        },
    )


query = query_warehouse


def test_quirks_tickets(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select ticket_id, channel, category, priority, escalation_count, csat_score "
        "from fact_ticket order by ticket_id",
    )
    assert rows == [
        # tag category_billing; escalated from Support (L1) to Tier 2; rated good
        ("1", "email", "billing", "normal", 1, 5.0),
        # ticket 2 was deleted in Zendesk: not a ticket, its rows go with it
        # whatsapp is social; no priority takes the default; no category tag: the type
        ("3", "social", "incident", "normal", 0, None),
        # sms is in no value map: other; priority critical is unknown: the default
        ("4", "other", "task", "normal", 0, None),
        ("5", "phone", "question", "high", 0, None),
        ("6", "api", "problem", "urgent", 0, 1.0),
        # ticket 7 was merged into ticket 1 (tag closed_by_merge): not a ticket
        # no via_channel: other
        ("8", "other", "question", "low", 0, None),
        # no status history (a warning lists it): never solved here
        ("9", "web", "question", "low", 0, None),
    ]
    # submitted by an agent for a requester: outbound, no first response
    assert query(
        quirks_warehouse,
        "select created_by_type from staging.stg_helpdesk__tickets where ticket_id = '5'",
    ) == [("agent",)]


def test_quirks_rejected_rows_name_their_reason(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select source_table, source_row_id, reason from dq_rejected_rows order by all",
    )
    reasons = [(table, row_id, reason) for table, row_id, reason in rows]
    assert reasons[0] == (
        "messages",
        "32",
        "unknown author_type value: unknown zendesk user 999 (not in the user table)",
    )
    assert reasons[1] == ("schedules", "4", "unknown timezone: Atlantis Standard Time")
    # identical history rows: one kept; two values at one second: both rejected
    assert reasons[2] == ("ticket_events", "1:status:2025-03-03 15:00:00", "duplicate row")
    assert (
        reasons[3:5]
        == [("ticket_events", "3:status:2025-03-04 10:20:00", "conflicting duplicate id")] * 2
    )
    # a status the map lacks rejects that event only, naming the map
    assert reasons[5][:2] == ("ticket_events", "6:status:2025-03-05 14:00:00")
    assert "unmapped zendesk status waiting_on_vendor" in reasons[5][2]
    assert "seeds/connectors/connector_value_maps.csv" in reasons[5][2]
    assert len(reasons) == 6
    # the event after it is kept (its from_value unknown)
    assert query(
        quirks_warehouse,
        "select from_value, to_value from staging.stg_helpdesk__ticket_events "
        "where ticket_id = '6' and event_at = timestamp '2025-03-06 09:00:00'",
    ) == [(None, "solved")]


def test_quirks_schedules_holidays_and_messages(quirks_warehouse):
    assert query(
        quirks_warehouse,
        "select timezone, day_of_week, cast(start_time as varchar), cast(end_time as varchar), "
        "is_default from staging.stg_helpdesk__schedules order by day_of_week, start_time",
    ) == [
        # Sunday 22:00 to Monday 02:00 (minutes 1320-1560) is cut at midnight
        ("America/New_York", 0.0, "00:00:00", "02:00:00", True),
        ("America/New_York", 0.0, "09:00:00", "17:00:00", True),
        ("America/New_York", 6.0, "22:00:00", "24:00:00", True),
    ]
    assert query(
        quirks_warehouse,
        "select cast(holiday_date as varchar) from staging.stg_helpdesk__holidays order by 1",
    ) == [("2025-12-24",), ("2025-12-25",), ("2025-12-26",)]
    # two holidays on one day: the day once, the first name
    assert query(
        quirks_warehouse,
        "select holiday_name from staging.stg_helpdesk__holidays "
        "where holiday_date = date '2025-12-25'",
    ) == [("Christmas",)]
    assert query(
        quirks_warehouse,
        "select message_id, author_type, channel, body from staging.stg_helpdesk__messages "
        "where message_id in ('12', '14', '51', '62') order by 1",
    ) == [
        ("12", "system", None, "We received your request."),
        ("14", "agent", None, "Checked the ledger first."),
        ("51", "agent", "phone", "Outbound call about the renewal."),
        ("62", "bot", None, "Here is an article that may help."),
    ]
    # the text stays in staging
    columns = {
        row[0]
        for row in query(
            quirks_warehouse,
            "select column_name from information_schema.columns "
            "where table_name = 'fact_interaction'",
        )
    }
    assert "body" not in columns


def test_the_generator_writes_the_connector_tables(tmp_path):
    """--connector writes the dataset as the connector's tables and the
    canonical tables they carry (the round trip's two inputs)."""
    from supportwh.connectors.zendesk import CANONICAL_TABLES
    from supportwh.generator.cli import main

    out = tmp_path / "gen"
    assert (
        main(["--tickets", "60", "--out", str(out), "--no-progress", "--connector", "zendesk"]) == 0
    )
    assert sorted(p.stem for p in (out / "export" / "zendesk").glob("*.parquet")) == sorted(
        ZENDESK_TABLES
    )
    assert sorted(p.stem for p in (out / "export" / "canonical").glob("*.parquet")) == sorted(
        CANONICAL_TABLES
    )
    with pytest.raises(SystemExit):
        main(["--tickets", "5", "--out", str(out), "--bad-rows", "--connector", "zendesk"])


def test_python_and_dbt_agree_on_the_provided_tables():
    """supportwh.connectors (the raw registration) and the dbt macros list the
    same systems and provided tables."""
    macro = (REPO / "macros" / "connectors" / "connector_source.sql").read_text()
    systems = re.search(r"connector_systems\(\) %\}\s*\{\{ return\((\[.*?\])\) \}\}", macro, re.S)
    assert systems and eval(systems.group(1)) == list(SYSTEMS)  # noqa: S307 - a list literal
    for system, tables in PROVIDED_TABLES.items():
        block = re.search(rf"'{system}': (\[.*?\]),", macro, re.S)
        assert block, system
        assert eval(block.group(1)) == list(tables)  # noqa: S307 - a list literal
        for table in tables:
            assert (REPO / "models" / "staging" / system / f"{system}__{table}.sql").exists()


def test_zendesk_tables_landed_in_postgres_give_the_same_warehouse(
    zendesk_round_trip, postgres_env, tmp_path
):
    """The connector's tables in a PostgreSQL schema (loaded there the way a
    connector lands them: typed, by the project's loader) build the warehouse
    the DuckDB build of the same export gives, relation for relation."""
    _, zendesk, export = zendesk_round_trip
    env = postgres_env
    loaded = subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.load_raw",
            "--target",
            "postgres",
            "--helpdesk-source",
            "zendesk",
            "--raw-data-path",
            "none",
            "--connector-data-path",
            str(export.zendesk_dir),
        ],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
    assert "postgres: zendesk.ticket_field_history:" in loaded.stdout
    dbt_vars = export.dbt_vars()
    del dbt_vars["connector_data_path"]
    # seeds and models: the data tests ran on the DuckDB build of the same
    # export, and on PostgreSQL in test_engines.py
    result = run_dbt(
        ["build", "--exclude", "test_type:unit", "test_type:data"],
        tmp_path,
        "none",
        dbt_vars=dbt_vars,
        env={**env, "SUPPORT_TARGET": "postgres"},
    )
    assert result.returncode == 0, result.output[-6000:]
    problems = compare(
        read_duckdb(str(zendesk)),
        read_postgres(env),
        1e-6,
        ("duckdb", "postgres"),
    )
    assert not problems, "\n".join(problems[:40])


def test_quirks_every_connector_row_is_accounted_for(quirks_warehouse):
    """Rows read = the sum of a table's outcomes; each row not mapped says why."""
    rows = dict(
        ((table, outcome), count)
        for table, outcome, count in query(
            quirks_warehouse,
            "select source_table, outcome, row_count from dq_connector_row_counts",
        )
    )
    merged = "merged into another ticket (closed_by_merge)"
    assert rows[("ticket", "tickets")] == 7
    assert rows[("ticket", "not mapped: deleted in Zendesk")] == 1
    assert rows[("ticket", f"not mapped: {merged}")] == 1
    assert rows[("ticket_comment", "messages")] == 12
    assert rows[("ticket_comment", "not mapped: ticket deleted in Zendesk")] == 1
    assert rows[("ticket_comment", f"not mapped: ticket {merged}")] == 2
    assert rows[("ticket_field_history", "ticket_events")] == 20
    assert rows[("ticket_field_history", f"not mapped: ticket {merged}")] == 2
    assert rows[("user", "not mapped: an earlier version of the user (history mode)")] == 1
    assert rows[("schedule", "not mapped: deleted in Zendesk")] == 1
    assert rows[("ticket_field_history", "not mapped: field not read: subject")] == 1
    assert rows[("ticket_field_history", "not mapped: unassignment (no canonical event)")] == 1
    assert rows[("ticket_schedule", "not mapped: a later schedule (a ticket keeps its first)")] == 1
    assert rows[("satisfaction_rating", "not mapped: unoffered (never sent)")] == 1
    read = {
        "ticket": 9,
        "ticket_field_history": 27,
        "ticket_comment": 15,
        "user": 6,
        "group": 2,
        "schedule": 4,
        "schedule_holiday": 2,
        "ticket_schedule": 2,
        "ticket_tag": 3,
        "satisfaction_rating": 4,
    }
    totals: dict[str, int] = {}
    for (table, _), count in rows.items():
        totals[table] = totals.get(table, 0) + count
    assert totals == read
