"""The intercom connector source (docs/connectors/intercom.md): Intercom's
tables, as Fivetran's connector lands them, give the same warehouse as the
canonical layout.

- Round trip: a generated dataset written as Intercom's tables (and as the
  canonical tables holding what Intercom carries,
  supportwh.connectors.intercom) builds two warehouses whose every public
  relation agrees; the Intercom one passes the data tests, the contract
  check, and its ledger accounts for every connector row.
- Hand-written Intercom tables with the system's quirks: several versions of
  a conversation, a part and a contact (the latest wins; a priority change
  is a new version), duplicate rows, team assignments up and down a tier, an
  unassignment, a bot that is not an admin and an admin listed as a bot, an
  author type, a channel and a priority the value maps lack, a rating off
  the 1-5 scale, a conversation with no contact.
- Two workspaces (several connector schemas) are unioned, ids prefixed.
- The same tables landed in a PostgreSQL schema give the same facts.
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

from supportwh.connectors import PROVIDED_TABLES, converter
from supportwh.connectors.intercom import INTERCOM_TABLES, to_intercom
from supportwh_dev.compare_engines import compare, compare_duckdb_files, read_duckdb, read_postgres

QUIRKS = REPO / "tests" / "fixtures" / "intercom_quirks"
PUBLIC_FACTS = ("fact_ticket", "fact_interaction")


@pytest.fixture(scope="module")
def intercom_round_trip(tmp_path_factory, generated_for_connectors):
    """(canonical warehouse, Intercom warehouse, export) of one generated dataset."""
    return connector_round_trip(
        "intercom", generated_for_connectors, tmp_path_factory.mktemp("intercom")
    )


query = query_warehouse


def test_the_converter_is_found_by_name():
    assert converter("intercom") is to_intercom
    assert PROVIDED_TABLES["intercom"] == (
        "tickets",
        "ticket_events",
        "messages",
        "agents",
        "customers",
        "surveys",
    )


def test_every_public_relation_agrees_with_the_canonical_build(intercom_round_trip):
    canonical, intercom, export = intercom_round_trip
    # business hours come from raw_data_path in both builds, and only they
    assert sorted(p.name for p in export.raw_dir.iterdir()) == [
        "holidays.parquet",
        "schedules.parquet",
    ]
    problems, compared = compare_duckdb_files(
        str(canonical),
        str(intercom),
        # the connector's tables have no file; only a connector build accounts for its rows
        exclude=["dq_raw_row_counts.file_path", "dq_connector_row_counts"],
        labels=("canonical", "intercom"),
    )
    assert problems == [], "\n".join(problems[:40])
    assert compared >= 40
    tickets, replied, escalated, rated, reopened, assigned, resolved, rejected = query(
        intercom,
        "select count(*), count(first_response_minutes), sum(escalation_count), "
        "count(csat_score), sum(reopen_count), sum(assignment_count), count(resolved_at), "
        "(select count(*) from dq_rejected_rows) from fact_ticket",
    )[0]
    # the comparison is of real content, not of empty relations
    assert tickets == 1500 and replied > 1000 and escalated > 50 and rated > 200
    assert reopened > 50 and assigned > 1000 and resolved > 1000
    assert rejected == 0
    channels = dict(query(intercom, "select channel, count(*) from fact_ticket group by 1"))
    assert set(channels) == {"email", "chat", "phone", "social"}
    bots, priority_changes, business = query(
        intercom,
        "select (select count(*) from dim_agent where is_bot), "
        "(select count(*) from staging.stg_helpdesk__ticket_events "
        "where event_type = 'priority_change'), "
        "(select count(first_response_business_minutes) from fact_ticket)",
    )[0]
    assert bots == 3 and priority_changes > 20 and business > 1000


def test_the_intercom_warehouse_meets_the_contract(intercom_round_trip):
    _, intercom, _ = intercom_round_trip
    check_contract(intercom, "--lifecycle")


def test_the_ledger_accounts_for_every_connector_row(intercom_round_trip):
    _, intercom, export = intercom_round_trip
    counts = query(
        intercom,
        "select source_table, sum(row_count) from dq_connector_row_counts "
        "where source_system = 'intercom' group by 1",
    )
    con = duckdb.connect()
    try:
        read = {
            table: con.execute(
                "select count(*) from read_parquet(?)",
                [str(export.intercom_dir / f"{table}.parquet")],
            ).fetchone()[0]
            for table in INTERCOM_TABLES
        }
    finally:
        con.close()
    assert dict(counts) == read
    # every mapped part is an event or a message; every conversation a ticket
    rows = dict(
        ((table, outcome), count)
        for table, outcome, count in query(
            intercom, "select source_table, outcome, row_count from dq_connector_row_counts"
        )
    )
    assert rows[("conversation_history", "tickets")] == 1500
    events, messages = query(
        intercom,
        "select (select count(*) from staging.stg_helpdesk__ticket_events), "
        "(select count(*) from staging.stg_helpdesk__messages "
        "where message_id not like '%:source')",
    )[0]
    assert (
        rows[("conversation_part_history", "ticket_events")]
        + rows[("conversation_history", "ticket_events")]
        == events
    )
    assert rows[("conversation_part_history", "messages")] == messages


@pytest.fixture(scope="module")
def quirks_warehouse(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("intercom_quirks")
    return build_ok(
        workdir,
        "none",
        dbt_vars={
            "helpdesk_source": "intercom",
            "connector_data_path": str(QUIRKS),
            "connector_bot_user_ids": ["13"],
        },
    )


def test_quirks_tickets(quirks_warehouse):
    rows = query(
        quirks_warehouse,
        "select ticket_id, customer_id, channel, category, priority, escalation_count, "
        "csat_score from fact_ticket order by ticket_id",
    )
    assert rows == [
        # created not_priority, a later version made it priority (a priority
        # change: the fact has the priority now); tag category_Billing;
        # Tier 1 -> Tier 2 an escalation; rated 4
        ("101", "c1", "chat", "billing", "high", 1, 4.0),
        # started by an admin: the customer is the conversation's contact;
        # no priority takes the default; no category tag: uncategorized
        ("102", "c2", "email", "uncategorized", "normal", 0, None),
        # sms is social; urgent_ish is in no map: the default; the latest
        # version's tag (category_Refund) wins over the first one's; Tier 2 ->
        # Tier 1 is no escalation; a rating of 9 is rejected
        ("103", "c3", "social", "refund", "normal", 0, None),
        # a lead is a customer; carrier_pigeon is in no map: other
        ("104", "c4", "other", "uncategorized", "high", 0, None),
        # an admin's call with no contact: kept with no customer (a warning lists it)
        ("105", None, "phone", "uncategorized", "normal", 0, None),
        # two identical versions of the conversation: one ticket
        ("106", "c1", "chat", "uncategorized", "normal", 0, None),
    ]
    assert query(
        quirks_warehouse,
        "select ticket_id, created_by_type from staging.stg_helpdesk__tickets "
        "where created_by_type <> 'customer' order by 1",
    ) == [("102", "agent"), ("105", "agent")]


def test_quirks_events(quirks_warehouse):
    assert query(
        quirks_warehouse,
        "select event_id, event_type, actor_id, from_value, to_value "
        "from staging.stg_helpdesk__ticket_events order by ticket_id, event_at",
    ) == [
        # assigned by a rule (a bot, no actor)
        ("1004", "assignment", None, None, "11"),
        ("1005", "escalation", "11", "L1", "L2"),
        ("1006", "status_change", "11", None, "pending"),
        # a later version of the conversation with another priority
        ("101:priority:2025-03-03 11:00:00", "priority_change", None, "normal", "high"),
        ("1007", "status_change", None, "pending", "open"),
        ("1009", "status_change", "11", "open", "solved"),
        ("2005", "status_change", "fin", None, "solved"),
        ("3002", "assignment", None, None, "12"),
    ]
    assert query(
        quirks_warehouse,
        "select reopen_count, assignment_count, is_escalated, resolved_at is not null "
        "from fact_ticket where ticket_id = '101'",
    ) == [(0, 1, True, True)]


def test_quirks_messages_agents_and_customers(quirks_warehouse):
    assert query(
        quirks_warehouse,
        "select message_id, author_type, author_id, is_public, body "
        "from staging.stg_helpdesk__messages where ticket_id in ('101', '102', '103') "
        "order by message_id",
    ) == [
        ("1001", "agent", "11", True, "Looking into it"),
        # a note edited later: its latest version, private
        ("1002", "agent", "11", False, "Checked the ledger"),
        ("1008", "customer", "c1", True, "Any news?"),
        # the conversation's source is its opening message
        ("101:source", "customer", "c1", True, "My invoice is wrong"),
        ("102:source", "agent", "11", True, "Your renewal is due"),
        ("103:source", "customer", "c3", True, "Where is my parcel"),
        ("2001", "customer", "c2", True, "Thanks I will renew"),
        # an admin of connector_bot_user_ids, and a bot author
        ("2002", "bot", "13", True, "Here is the renewal link"),
        ("3001", "bot", "fin", True, "Here is an article that may help"),
    ]
    assert query(
        quirks_warehouse,
        "select agent_id, agent_name, team, tier, is_bot from staging.stg_helpdesk__agents "
        "order by 1",
    ) == [
        # the team without a tier is the agent's team, the highest tier its tier
        ("11", "Ana Lima", "Billing Squad", "L1", False),
        # a deleted membership is not read
        ("12", "Ben Okafor", "Tier 2", "L2", False),
        ("13", "Answer Bot", None, None, True),
        # a bot that wrote parts but is not an admin
        ("fin", None, None, None, True),
    ]
    assert query(
        quirks_warehouse,
        "select customer_id, account_id, cast(signed_up_at as varchar) "
        "from staging.stg_helpdesk__customers order by 1",
    ) == [
        # the latest version (a lead then a user); of two companies the first
        ("c1", "coB", "2025-02-01 00:00:00"),
        ("c2", "coA", "2025-01-02 00:00:00"),
        ("c3", None, "2025-01-03 00:00:00"),
        # a lead never signed up: when the contact was created
        ("c4", None, "2025-01-04 00:00:00"),
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


def test_quirks_rejected_rows_name_their_reason(quirks_warehouse):
    assert query(
        quirks_warehouse,
        "select source_table, source_row_id, reason from dq_rejected_rows order by all",
    ) == [
        (
            "messages",
            "2003",
            "unknown author_type value: unmapped intercom author type team "
            "(add it to seeds/connectors/connector_value_maps.csv)",
        ),
        ("surveys", "103", "score outside the csat scale: 9"),
    ]


def test_quirks_every_connector_row_is_accounted_for(quirks_warehouse):
    """Rows read = the sum of a table's outcomes; each row not mapped says why."""
    rows = dict(
        ((table, outcome), count)
        for table, outcome, count in query(
            quirks_warehouse,
            "select source_table, outcome, row_count from dq_connector_row_counts",
        )
    )
    later = (
        "not mapped: a later version of the conversation with no priority change"
        " (its current values are read into tickets)"
    )
    assert rows[("conversation_history", "tickets")] == 6
    assert rows[("conversation_history", "ticket_events")] == 1
    assert rows[("conversation_history", later)] == 3
    assert rows[("conversation_part_history", "messages")] == 9
    assert rows[("conversation_part_history", "ticket_events")] == 7
    assert (
        rows[
            (
                "conversation_part_history",
                "not mapped: an earlier version of the part (history mode)",
            )
        ]
        == 2
    )
    assert rows[("conversation_part_history", "not mapped: the initial team (no event)")] == 2
    assert (
        rows[
            (
                "conversation_part_history",
                "not mapped: team change to no higher tier (no escalation)",
            )
        ]
        == 1
    )
    assert rows[("conversation_part_history", "not mapped: unassignment (no canonical event)")] == 1
    assert (
        rows[
            (
                "conversation_part_history",
                "not mapped: part type conversation_rating_changed not read",
            )
        ]
        == 1
    )
    assert rows[("contact_history", "customers")] == 4
    assert (
        rows[
            (
                "contact_history",
                "not mapped: role visitor is not a customer in "
                "seeds/connectors/connector_value_maps.csv",
            )
        ]
        == 1
    )
    assert rows[("team_admin", "not mapped: deleted in Intercom")] == 1
    read = {}
    for path in QUIRKS.glob("*.csv"):
        with path.open() as handle:
            read[path.stem] = sum(1 for _ in handle) - 1
    totals: dict[str, int] = {}
    for (table, _), count in rows.items():
        totals[table] = totals.get(table, 0) + count
    assert totals == read


def test_two_workspaces_are_unioned_without_collisions(tmp_path):
    """Two Intercom workspaces (connector_schema a list): every id, and every
    id value inside a part or a version, is prefixed with its workspace
    before any join; the bot list names prefixed ids. Only the mapping
    models are built."""
    result = run_dbt(
        [
            "build",
            "--select",
            # the mapping models and what they read (seeds, shared connector models)
            "+path:models/staging/intercom",
            "--exclude",
            "test_type:unit",
            "test_type:data",
        ],
        tmp_path,
        "none",
        dbt_vars={
            "helpdesk_source": "intercom",
            "connector_schema": ["eu", "us"],
            "connector_data_path": [str(QUIRKS), str(QUIRKS)],
            "connector_bot_user_ids": ["eu:13"],
        },
    )
    assert result.returncode == 0, result.output[-4000:]
    warehouse = result.warehouse
    assert query(
        warehouse,
        "select ticket_id, source_relation, customer_id from staging.intercom__tickets "
        "where ticket_id like '%:101' order by 1",
    ) == [("eu:101", "eu", "eu:c1"), ("us:101", "us", "us:c1")]
    assert query(
        warehouse,
        "select event_id, actor_id, to_value from staging.intercom__ticket_events "
        "where ticket_id = 'us:101' and event_type <> 'status_change' order by 1",
    ) == [
        ("us:1004", None, "us:11"),
        ("us:1005", "us:11", "L2"),
        ("us:101:priority:2025-03-03 11:00:00", None, "high"),
    ]
    assert query(
        warehouse,
        "select agent_id, is_bot from staging.intercom__agents "
        "where agent_id like '%:13' or agent_id like '%:fin' order by 1",
    ) == [("eu:13", "true"), ("eu:fin", "true"), ("us:13", "false"), ("us:fin", "true")]
    assert query(
        warehouse,
        "select message_id, author_id from staging.intercom__messages "
        "where ticket_id = 'us:101' order by 1",
    ) == [
        ("us:1001", "us:11"),
        ("us:1002", "us:11"),
        ("us:1008", "us:c1"),
        ("us:101:source", "us:c1"),
    ]


def test_intercom_tables_landed_in_postgres_give_the_same_facts(
    intercom_round_trip, postgres_env, tmp_path
):
    """The connector's tables in a PostgreSQL schema (loaded there the way a
    connector lands them: typed, by the project's loader) build the facts
    the DuckDB build of the same export gives."""
    _, intercom, export = intercom_round_trip
    env = postgres_env
    loaded = subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.load_raw",
            "--target",
            "postgres",
            "--helpdesk-source",
            "intercom",
            "--raw-data-path",
            str(export.raw_dir),
            "--connector-data-path",
            str(export.intercom_dir),
        ],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
    assert "postgres: intercom.conversation_part_history:" in loaded.stdout
    dbt_vars = export.dbt_vars()
    del dbt_vars["connector_data_path"]
    result = run_dbt(
        FACTS_BUILD,
        tmp_path,
        str(export.raw_dir),
        dbt_vars=dbt_vars,
        env={**env, "SUPPORT_TARGET": "postgres"},
    )
    assert result.returncode == 0, result.output[-6000:]
    duck = read_duckdb(str(intercom), only=PUBLIC_FACTS)
    pg = read_postgres(env, only=PUBLIC_FACTS)
    assert set(duck) == set(PUBLIC_FACTS) == set(pg)
    problems = compare(duck, pg, 1e-6, ("duckdb", "postgres"))
    assert not problems, "\n".join(problems[:40])
