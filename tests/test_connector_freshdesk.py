"""The Freshdesk connector source (docs/connectors/freshdesk.md): Freshdesk's
tables, as Fivetran's connector lands them, give the same warehouse as the
canonical layout holding what Freshdesk carries.

- Round trip: a generated dataset written as Freshdesk's tables (and as the
  canonical tables holding what Freshdesk carries,
  supportwh.connectors.freshdesk) builds two warehouses whose every public
  relation agrees; the Freshdesk one passes the data tests and the contract
  check, and its ledger counts every row of the tables written.
- Hand-written Freshdesk tables with the system's quirks: deleted, spam and
  history-mode tickets, a status rebuilt from the stats timestamps, a custom
  status, source and priority the value maps lack, the description as first
  message, a conversation by an unknown user, time entries running, empty
  and negative, Freshdesk's rating scale, a time zone missing from the map,
  working hours in am/pm, holidays without a year.
- The same export landed in PostgreSQL gives the same facts.
"""

from __future__ import annotations

import os
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

from supportwh.connectors import PROVIDED_TABLES
from supportwh_dev.compare_engines import compare, compare_duckdb_files, read_duckdb, read_postgres

QUIRKS = REPO / "tests" / "fixtures" / "freshdesk_quirks"


@pytest.fixture(scope="module")
def freshdesk_round_trip(tmp_path_factory, generated_for_connectors):
    """(canonical warehouse, Freshdesk warehouse, export) of one generated dataset."""
    return connector_round_trip(
        "freshdesk", generated_for_connectors, tmp_path_factory.mktemp("freshdesk")
    )


query = query_warehouse


def test_every_public_relation_agrees_with_the_canonical_build(freshdesk_round_trip):
    canonical, freshdesk, _ = freshdesk_round_trip
    problems, compared = compare_duckdb_files(
        str(canonical),
        str(freshdesk),
        # the connector's tables have no file; only a connector build accounts for its rows
        exclude=["dq_raw_row_counts.file_path", "dq_connector_row_counts"],
        labels=("canonical", "freshdesk"),
    )
    assert problems == [], "\n".join(problems[:40])
    assert compared >= 40
    ((tickets, replied, resolved, reopens, rated, handled, business, escalated, rejected),) = query(
        freshdesk,
        "select count(*), count(first_response_minutes), count(resolved_at), sum(reopen_count), "
        "count(csat_score), count(case when handle_seconds > 0 then 1 end), "
        "count(first_response_business_minutes), sum(escalation_count), "
        "(select count(*) from dq_rejected_rows) from fact_ticket",
    )
    # the comparison is of real content, not of empty relations
    assert tickets == 1500 and replied > 1000 and resolved > 1000 and rated > 200
    assert handled > 1000 and business > 1000 and reopens > 0
    # Freshdesk records no escalation (is_escalated is an SLA flag): none here
    assert escalated == 0
    assert rejected == 0
    # every status event comes from the stats timestamps: an open at creation each
    assert query(
        freshdesk,
        "select count(*) from staging.stg_helpdesk__ticket_events "
        "where event_type = 'status_change' and from_value is null and to_value = 'open'",
    ) == [(1500,)]


def test_the_freshdesk_warehouse_meets_the_contract(freshdesk_round_trip):
    _, freshdesk, _ = freshdesk_round_trip
    check_contract(freshdesk, "--lifecycle")


def test_the_ledger_counts_every_generated_row(freshdesk_round_trip):
    _, freshdesk, export = freshdesk_round_trip
    rows = dict(
        ((table, outcome), count)
        for table, outcome, count in query(
            freshdesk, "select source_table, outcome, row_count from dq_connector_row_counts"
        )
    )
    con = duckdb.connect()
    try:
        for table in ("ticket", "conversation", "time_entries", "satisfaction_rating"):
            path = export.freshdesk_dir / f"{table}.parquet"
            (read,) = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()
            total = sum(count for (name, _), count in rows.items() if name == table)
            assert total == read, table
    finally:
        con.close()
    assert rows[("ticket", "tickets")] == 1500
    assert rows[("satisfaction_rating", "surveys")] > 200


@pytest.fixture(scope="module")
def quirks_warehouse(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("freshdesk_quirks")
    return build_ok(
        workdir,
        "none",
        dbt_vars={
            "helpdesk_source": "freshdesk",
            "connector_data_path": str(QUIRKS),
            "connector_bot_user_ids": ["9"],
        },
    )


def test_quirks_tickets(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select ticket_id, channel, category, priority, reopen_count, escalation_count, "
        "csat_score, handle_seconds from fact_ticket order by ticket_id",
    )
    assert rows == [
        # email; in the Billing queue (business hours 1); is_escalated is no escalation;
        # rated 103 (5); two time entries of 25 and 90 minutes (a running one and an
        # empty one are no sessions)
        ("1", "email", "billing", "normal", 0, 0, 5.0, 6900.0),
        # ticket 2 was deleted, ticket 3 is spam: not tickets, their rows go with them
        # source 99 is in no value map: other; priority 9 is unknown: the default;
        # no type: uncategorized
        ("4", "other", "uncategorized", "normal", 0, 0, None, 0.0),
        # source 10, an outbound email: created by an agent
        ("5", "email", "renewal", "high", 0, 0, None, 0.0),
        # resolved after its last reopen: the reopen is lost (no earlier resolution
        # is kept); rated -101 (2); a negative time entry is rejected
        ("6", "chat", "question", "urgent", 0, 0, 2.0, 0.0),
        # history mode: the current version (resolved), not the earlier one (open)
        ("7", "web", "question", "low", 0, 0, None, 0.0),
        # reopened after its resolution: one reopen; no priority: the default
        ("8", "phone", "bug", "normal", 1, 0, None, 0.0),
        # no stats landed: closed at updated_at
        ("9", "email", "question", "low", 0, 0, None, 0.0),
    ]
    assert query(
        quirks_warehouse,
        "select ticket_id, created_by_type, schedule_id from staging.stg_helpdesk__tickets "
        "where ticket_id in ('1', '5') order by 1",
    ) == [("1", "customer", "1"), ("5", "agent", None)]


def test_quirks_status_history_is_rebuilt_from_the_stats(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select ticket_id, strftime(event_at, '%d %H:%M'), from_value, to_value "
        "from staging.stg_helpdesk__ticket_events order by ticket_id, event_at",
    )
    assert rows == [
        # created (open), pending_since, resolved_at, closed_at (= status_updated_at)
        ("1", "03 09:00", None, "open"),
        ("1", "03 10:00", "open", "pending"),
        ("1", "03 15:00", "pending", "solved"),
        ("1", "05 15:00", "solved", "closed"),
        # its custom status 7 is not in the map: that change is rejected (below)
        ("4", "04 09:00", None, "open"),
        ("5", "04 10:00", None, "open"),
        # the reopen before the last resolution is no change (open to open); the
        # pending_since after the last status change is stale and ignored
        ("6", "05 09:00", None, "open"),
        ("6", "06 09:00", "open", "solved"),
        ("7", "05 09:30", None, "open"),
        ("7", "05 11:00", "open", "solved"),
        ("8", "05 09:00", None, "open"),
        ("8", "05 10:00", "open", "solved"),
        ("8", "05 11:00", "solved", "open"),
        # no stats_status_updated_at: the current status (closed) at updated_at
        ("9", "06 09:00", None, "open"),
        ("9", "06 12:00", "open", "closed"),
    ]


def test_quirks_rejected_rows_name_their_reason(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select source_table, source_row_id, reason from dq_rejected_rows order by all",
    )
    assert rows[0] == (
        "messages",
        "16",
        "unknown author_type value: unknown freshdesk user 999 (not in the agent or contact table)",
    )
    assert rows[1] == ("schedules", "4", "unknown timezone: Atlantis Standard Time")
    assert rows[2] == ("surveys", "3", "score outside the csat scale: 55")
    # a status the map lacks rejects that event only, naming the map
    assert rows[3][:2] == ("ticket_events", "4:status:current")
    assert "unmapped freshdesk status 7" in rows[3][2]
    assert "seeds/connectors/connector_value_maps.csv" in rows[3][2]
    assert rows[4] == ("work_sessions", "5", "ended_at before started_at")
    assert len(rows) == 5


def test_quirks_messages_agents_schedules_and_holidays(quirks_warehouse):
    assert query(
        quirks_warehouse,
        "select message_id, author_type, author_id, is_public, body "
        "from staging.stg_helpdesk__messages where ticket_id in ('1', '5') "
        "order by ticket_id, sent_at",
    ) == [
        # the description is the first message
        ("1:description", "customer", "1000001", True, "My invoice is wrong"),
        ("11", "customer", "1000001", True, "Any update?"),
        ("14", "bot", "9", True, "Here is an article that may help."),
        ("12", "agent", "1", True, "We are on it."),
        ("13", "agent", "1", False, "Checked the ledger first."),
        # an outbound ticket's description is its agent's
        ("5:description", "agent", "1", True, "Your renewal is due"),
    ]
    assert query(
        quirks_warehouse,
        "select agent_id, team, tier, is_bot from staging.stg_helpdesk__agents order by 1",
    ) == [
        # the group of the highest tier
        ("1", "Tier 2", "L2", False),
        # a deleted group is no group
        ("2", "Tier 1", "L1", False),
        ("9", None, None, True),
    ]
    assert query(
        quirks_warehouse,
        "select timezone, day_of_week, cast(start_time as varchar), cast(end_time as varchar), "
        "is_default from staging.stg_helpdesk__schedules order by day_of_week",
    ) == [
        ("America/New_York", 0.0, "09:00:00", "17:00:00", True),
        ("America/New_York", 1.0, "08:30:00", "12:00:00", True),
        # 11:59 pm is the end of the day
        ("America/New_York", 5.0, "10:00:00", "24:00:00", True),
    ]
    # Dec 25 recurs in each year of the tickets (2025), once although listed twice
    assert query(
        quirks_warehouse,
        "select cast(holiday_date as varchar), holiday_name from staging.stg_helpdesk__holidays "
        "order by 1",
    ) == [("2025-12-25", "Christmas"), ("2025-12-26", "Boxing Day")]
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


def test_quirks_every_connector_row_is_accounted_for(quirks_warehouse):
    """Rows read = the sum of a table's outcomes; each row not mapped says why."""
    rows = dict(
        ((table, outcome), count)
        for table, outcome, count in query(
            quirks_warehouse,
            "select source_table, outcome, row_count from dq_connector_row_counts",
        )
    )
    assert rows[("ticket", "tickets")] == 7
    assert rows[("ticket", "not mapped: deleted in Freshdesk")] == 1
    assert rows[("ticket", "not mapped: spam")] == 1
    assert rows[("ticket", "not mapped: an earlier version of the ticket (history mode)")] == 1
    assert rows[("conversation", "messages")] == 6
    assert rows[("conversation", "not mapped: deleted in Freshdesk")] == 1
    assert rows[("conversation", "not mapped: ticket deleted in Freshdesk")] == 1
    assert rows[("time_entries", "work_sessions")] == 3
    assert rows[("time_entries", "not mapped: a timer still running (its time is not final)")] == 1
    assert rows[("time_entries", "not mapped: no time spent (00:00)")] == 1
    assert rows[("satisfaction_rating_value", "not mapped: ticket deleted in Freshdesk")] == 1
    assert rows[("contact", "not mapped: an earlier version of the contact (history mode)")] == 1
    read = {
        "ticket": 10,
        "conversation": 8,
        "contact": 4,
        "agent": 3,
        "group": 4,
        "agent_group": 4,
        "company": 2,
        "time_entries": 6,
        "satisfaction_rating": 4,
        "satisfaction_rating_value": 5,
        "business_hour": 3,
        "business_hour_working_hour": 5,
        "business_hour_holiday": 4,
    }
    totals: dict[str, int] = {}
    for (table, _), count in rows.items():
        totals[table] = totals.get(table, 0) + count
    assert totals == read


def test_the_provided_tables_have_their_models():
    for table in PROVIDED_TABLES["freshdesk"]:
        assert (REPO / "models" / "staging" / "freshdesk" / f"freshdesk__{table}.sql").exists()


def test_freshdesk_tables_landed_in_postgres_give_the_same_facts(
    freshdesk_round_trip, postgres_env, tmp_path
):
    """The connector's tables in a PostgreSQL schema (loaded there the way a
    connector lands them: typed, by the project's loader) build the ticket and
    interaction facts the DuckDB build of the same export gives."""
    _, freshdesk, export = freshdesk_round_trip
    env = postgres_env
    loaded = subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.load_raw",
            "--target",
            "postgres",
            "--helpdesk-source",
            "freshdesk",
            "--raw-data-path",
            "none",
            "--connector-data-path",
            str(export.freshdesk_dir),
        ],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
    dbt_vars = export.dbt_vars()
    del dbt_vars["connector_data_path"]
    result = run_dbt(
        FACTS_BUILD,
        tmp_path,
        "none",
        dbt_vars=dbt_vars,
        env={**env, "SUPPORT_TARGET": "postgres"},
    )
    assert result.returncode == 0, result.output[-6000:]
    wanted = ("fact_ticket", "fact_interaction")
    duck = read_duckdb(str(freshdesk), only=wanted)
    pg = read_postgres(env, only=wanted)
    assert set(pg) == set(wanted)
    problems = compare(duck, pg, 1e-6, ("duckdb", "postgres"))
    assert not problems, "\n".join(problems[:40])
