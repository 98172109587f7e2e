"""An incremental run after a day of new data equals a full refresh on the same data.

The demo dataset is split (supportwh_dev.snapshot) into the export at a cutoff and
the export a day later: new rows appended, late-arriving rows from before the
cutoff, surveys answered after it (an update in place), customers churning.
Warehouse A is built on the first and then run incrementally on the second;
warehouse B is built from scratch on the second. Every row of every table in
the main schema (facts, dimensions, marts, data quality) and of the
incremental intermediate tables must agree.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_DATA, run_dbt

from supportwh_dev import snapshot

# columns that legitimately differ between two builds: when a row was written,
# and when the build ran
BOOKKEEPING = {
    "dbt_updated_at",
    "dbt_loaded_at",
    "built_at",
    "build_started_at",
    "hours_since_latest_data_at_build",
    "hours_since_latest_at_build",
}
# seeds and models; the data tests run once, on the incremental result
BUILD = ["build", "--exclude", "test_type:unit", "test_type:data"]
BUILD_AND_TEST = ["build", "--exclude", "test_type:unit"]
# relative tolerance for doubles: sums may be taken in another order
REL_TOL = 1e-9


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[tuple[str, str]]:
    rows = con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where table_catalog = ? and table_type = 'BASE TABLE'
            and (table_schema = 'main'
                 or (table_schema = 'staging' and table_name like 'base_helpdesk__%')
                 or (table_schema = 'intermediate'
                     and (table_name like 'int_ticket%'
                          or table_name = 'int_interactions_sequenced')))
            and table_name not in ('int_ticket_scope', 'int_ticket_config_state',
                                   'int_ticket_kpi_changes')
        order by 1, 2
        """,
        [catalog],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def _rows(con, catalog: str, schema: str, table: str, columns: list[str]) -> list[tuple]:
    select = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(f'select {select} from {catalog}."{schema}"."{table}"').fetchall()
    return sorted(rows, key=lambda r: tuple((v is None, repr(v)) for v in r))


def _close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)
    return a == b


def compare_warehouses(incremental: Path, full: Path) -> dict[str, int]:
    """Assert every compared table holds the same rows; return row counts."""
    con = duckdb.connect()
    con.execute(f"attach '{incremental}' as inc (read_only)")
    con.execute(f"attach '{full}' as ful (read_only)")
    tables = _tables(con, "ful")
    assert _tables(con, "inc") == tables
    counts = {}
    problems = []
    for schema, table in tables:
        columns = [
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns where table_catalog = 'ful'"
                " and table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            if r[0] not in BOOKKEEPING
        ]
        # exact comparison first (fast); rows that differ are then matched with
        # the float tolerance
        select = ", ".join(f'"{c}"' for c in columns)
        only_inc = con.execute(
            f'select {select} from inc."{schema}"."{table}" except all '
            f'select {select} from ful."{schema}"."{table}"'
        ).fetchall()
        only_full = con.execute(
            f'select {select} from ful."{schema}"."{table}" except all '
            f'select {select} from inc."{schema}"."{table}"'
        ).fetchall()
        counts[f"{schema}.{table}"] = con.execute(
            f'select count(*) from ful."{schema}"."{table}"'
        ).fetchone()[0]
        if not only_inc and not only_full:
            continue
        key = lambda r: tuple((v is None, repr(v) if not isinstance(v, float) else "") for v in r)  # noqa: E731
        left, right = sorted(only_inc, key=key), sorted(only_full, key=key)
        if len(left) == len(right) and all(
            all(_close(a, b) for a, b in zip(x, y, strict=True))
            for x, y in zip(left, right, strict=True)
        ):
            continue
        problems.append(
            f"{schema}.{table}: {len(only_inc)} rows only after the incremental run, "
            f"{len(only_full)} only after the full refresh; e.g.\n  incremental: "
            f"{dict(zip(columns, left[0], strict=True)) if left else None}\n  full refresh: "
            f"{dict(zip(columns, right[0], strict=True)) if right else None}"
        )
    assert not problems, "\n".join(problems)
    return counts


# The demo's last days: from this cutoff every kind of change occurs (new
# rows, late rows of every table that has them, a survey answered after it).
# The demo regenerated for issue 22 has no late call and no survey answered
# across a later midnight (06-21 .. 06-24).
CUTOFF = datetime(2025, 6, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def split_demo(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("split")
    summary = snapshot.split(DEMO_DATA, root / "base", root / "appended", cutoff=CUTOFF)
    return root / "base", root / "appended", summary


@pytest.fixture(scope="module")
def base_warehouse(tmp_path_factory, split_demo) -> Path:
    """A warehouse built on the export at the cutoff; tests copy it."""
    base, _, _ = split_demo
    result = run_dbt(BUILD, tmp_path_factory.mktemp("base"), base)
    assert result.returncode == 0, result.output[-4000:]
    return result.warehouse


@pytest.fixture(scope="module")
def full_refresh_warehouse(tmp_path_factory, split_demo) -> Path:
    """A full refresh on the appended export (default vars): what the
    incremental runs of several tests must equal. Read only."""
    _, appended, _ = split_demo
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path_factory.mktemp("full"), appended)
    assert full.returncode == 0, full.output[-4000:]
    return full.warehouse


def _copy_of(warehouse: Path, workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    return copy


def as_of_turning_tickets(con: duckdb.DuckDBPyConnection, base: Path) -> dict:
    """The tickets of the base build (attached from base) with a stored value
    that as_of decides and that can turn between the base as_of and the new
    one (SPEC windows; the reopen window is 7 days), against those the run
    scoped as as_of_dependent (con: the warehouse after the run)."""
    con.execute(f"attach '{base}' as base (read_only)")
    rows = con.execute(
        """
        with new_as_of as (select as_of_at from intermediate.int_as_of)
        select
            ticket_id,
            not is_fcr_window_elapsed and fcr_window_end_at <= new_as_of.as_of_at as fcr,
            not is_reopen_window_elapsed
                and first_resolved_at + interval 7 day <= new_as_of.as_of_at as reopen,
            -- open at the base as_of: its age and current status spell grow
            age_minutes is not null as open_ticket,
            not is_fcr_window_elapsed or not is_reopen_window_elapsed or first_resolved_at is null
                or (is_inbound and first_response_at is null) or age_minutes is not null
                as waiting
        from base.main.fact_ticket, new_as_of
        """
    ).fetchall()
    scoped = {
        r[0]
        for r in con.execute(
            "select ticket_id from intermediate.int_ticket_scope"
            " where scope_reason = 'as_of_dependent'"
        ).fetchall()
    }
    con.execute("detach base")
    return {
        "expected": {r[0] for r in rows if r[1] or r[2] or r[3]},
        "scoped": scoped,
        "kinds": {kind: sum(1 for r in rows if r[i]) for i, kind in enumerate(KINDS, 1)},
        "waiting": sum(1 for r in rows if r[4]),
    }


# (a running SLA clock is always on an open ticket)
KINDS = ("fcr_window_ends", "reopen_window_ends", "open_ticket")


KPI_MARTS = ("mart_ticket_kpis_daily", "mart_ticket_kpis_weekly", "mart_ticket_kpis_monthly")


def kpi_refresh(warehouse: Path) -> dict:
    """What the last run did to the ticket KPI marts: int_ticket_kpi_changes,
    and per mart the rows the run wrote, all rows, the first period it wrote
    and whether it wrote every period from there on."""
    con = duckdb.connect(str(warehouse), read_only=True)
    full, changed_from, changed = con.execute(
        "select is_full_rebuild, changed_from_at, changed_contributions "
        "from intermediate.int_ticket_kpi_changes"
    ).fetchone()
    marts = {}
    for mart in KPI_MARTS:
        marts[mart] = con.execute(
            f"""
            with latest as (select max(dbt_updated_at) as at from main.{mart})
            select
                count(case when dbt_updated_at = latest.at then 1 end),
                count(*),
                min(case when dbt_updated_at = latest.at then period_start end),
                count(case when dbt_updated_at < latest.at and period_start >= (
                    select min(period_start) from main.{mart}, latest
                    where dbt_updated_at = latest.at) then 1 end) = 0
            from main.{mart}, latest
            """
        ).fetchone()
    slices = con.execute("select count(*) from intermediate.int_ticket_slice_values").fetchone()[0]
    con.close()
    return {
        "full": full,
        "changed_from": changed_from,
        "changed": changed,
        "marts": marts,
        "slices": slices,
    }


def test_incremental_run_equals_full_refresh(
    tmp_path: Path, split_demo, base_warehouse, full_refresh_warehouse
):
    _, appended, summary = split_demo
    # the split exercises what an incremental run must handle
    assert summary["tables"]["tickets"]["new"] > 0
    assert summary["tables"]["messages"]["late"] > 0
    assert summary["tables"]["surveys"]["updated"] > 0
    # the other incremental raw tables get late rows too (by a natural key on
    # agent_status_log)
    for table in ("calls", "agent_status_log", "self_service_sessions"):
        assert summary["tables"][table]["late"] > 0, table

    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    second = run_dbt(BUILD_AND_TEST, inc_dir, appended)
    assert second.returncode == 0, second.output[-4000:]
    assert "incremental model" in second.output

    con = duckdb.connect(str(second.warehouse), read_only=True)
    reasons = dict(
        con.execute(
            "select scope_reason, count(*) from intermediate.int_ticket_scope group by 1"
        ).fetchall()
    )
    total = con.execute("select count(*) from main.fact_ticket").fetchone()[0]
    as_of_turns = as_of_turning_tickets(con, base_warehouse)
    con.close()
    # the run recomputed a part of the tickets, for each of the reasons
    assert set(reasons) >= {"changed", "follow_up_target", "as_of_dependent"}, reasons
    assert sum(reasons.values()) < total / 2, (reasons, total)
    # as_of_dependent (it wins over the other reasons) is exactly the tickets
    # with a value that the move of as_of can turn, each kind present, and far
    # fewer than the tickets still waiting for something
    assert as_of_turns["scoped"] == as_of_turns["expected"], as_of_turns
    assert all(as_of_turns["kinds"].values()), as_of_turns
    # (a ticket open at as_of always is: its age grows; a ticket waiting on a
    # window that does not end in this move is left alone)
    assert len(as_of_turns["expected"]) < as_of_turns["waiting"], as_of_turns

    # the KPI marts replaced the periods from the first one a change reaches
    # (late events reach back a day before the cutoff), and kept the others
    refresh = kpi_refresh(second.warehouse)
    assert not refresh["full"] and refresh["changed"] > 0, refresh
    assert refresh["changed_from"] < CUTOFF.replace(tzinfo=None), refresh
    for mart, (written, rows, first, contiguous) in refresh["marts"].items():
        assert 0 < written < rows and contiguous, (mart, refresh)
        assert first <= refresh["changed_from"].date(), (mart, refresh)

    counts = compare_warehouses(second.warehouse, full_refresh_warehouse)
    assert counts["main.fact_ticket"] == total
    assert counts["main.fact_interaction"] > 0
    assert kpi_refresh(full_refresh_warehouse)["full"]
    # the test-scope check below alters a warehouse: it gets this run's copy
    check_dir = tmp_path / "check"
    shutil.copytree(inc_dir, check_dir)

    # a second incremental run with nothing new changes nothing: no
    # contribution differs, and each KPI mart rewrites only its last period
    third = run_dbt(BUILD, inc_dir, appended)
    assert third.returncode == 0, third.output[-4000:]
    compare_warehouses(third.warehouse, full_refresh_warehouse)
    refresh = kpi_refresh(third.warehouse)
    assert not refresh["full"] and refresh["changed"] == 0, refresh
    assert all(m[0] == refresh["slices"] for m in refresh["marts"].values()), refresh

    # (on the copy of the second run's warehouse: the check alters it, and
    # reuses the run's parse)
    check_data_test_scope(check_dir, appended)


SCOPED_TESTS = {
    # a row the last run wrote, with a negative duration
    "changed_row": "not_negative_fact_ticket_first_response_minutes",
    # a row the last run left alone, with a negative duration
    "old_row": "not_negative_fact_ticket_resolution_minutes",
    # an old accepted row repeating the id of a row the last run loaded
    "old_duplicate": "unique_base_helpdesk__messages_message_id",
}


def _failed_tests(workdir: Path) -> set[str]:
    results = json.loads((workdir / "target" / "run_results.json").read_text())
    return {
        r["unique_id"].split(".")[2] for r in results["results"] if r["status"] in ("fail", "error")
    }


def check_data_test_scope(workdir: Path, raw_dir: Path) -> None:
    """After an incremental run (in workdir, on raw_dir), a data test of an
    incremental model reads the rows the run wrote (data_test_scope 'changed',
    the default), and a key test every row sharing a key with them; 'all'
    reads every row. Alters the warehouse."""
    con = duckdb.connect(str(workdir / "warehouse.duckdb"))
    scope = "select ticket_id from intermediate.int_ticket_scope"
    changed, old = (
        con.execute(
            f"select min(ticket_id) from main.fact_ticket where ticket_id {op} ({scope})"
            " and first_response_minutes is not null and resolution_minutes is not null"
        ).fetchone()[0]
        for op in ("in", "not in")
    )
    assert changed and old
    con.execute(
        "update main.fact_ticket set first_response_minutes = -1 where ticket_id = ?", [changed]
    )
    con.execute("update main.fact_ticket set resolution_minutes = -1 where ticket_id = ?", [old])
    latest, earlier = con.execute(
        "select max(dbt_loaded_at), min(dbt_loaded_at) from staging.base_helpdesk__messages"
    ).fetchone()
    assert earlier < latest
    copied = con.execute(
        "insert into staging.base_helpdesk__messages select * replace ("
        " cast(? as timestamp) as dbt_loaded_at, source_row_number + 1000000 as source_row_number,"
        " '#copy' as dq_key) from staging.base_helpdesk__messages"
        " where dbt_loaded_at = ? and dq_reason is null and message_id is not null limit 1",
        [earlier, latest],
    ).fetchone()[0]
    assert copied == 1
    con.close()
    select = ["test", "--select", "fact_ticket", "base_helpdesk__messages"]
    failed = {}
    for scope_var in ("changed", "all"):
        dbt_vars = {"data_test_scope": scope_var} if scope_var == "all" else None
        result = run_dbt(select, workdir, raw_dir, dbt_vars=dbt_vars)
        assert result.returncode != 0, result.output[-4000:]
        # one message names the incremental models and the command that recovers
        assert (
            "dbt build --full-refresh --select base_helpdesk__messages+ fact_ticket+"
            in result.output
        ), result.output[-4000:]
        failed[scope_var] = _failed_tests(workdir) & set(SCOPED_TESTS.values())
    assert failed["changed"] == {SCOPED_TESTS["changed_row"], SCOPED_TESTS["old_duplicate"]}, failed
    assert failed["all"] == set(SCOPED_TESTS.values()), failed


def test_config_change_recomputes_every_ticket(tmp_path: Path, split_demo, base_warehouse):
    """A changed var that the ticket models read puts every ticket in scope."""
    _, appended, _ = split_demo
    work = tmp_path / "wh"
    _copy_of(base_warehouse, work)
    changed = {"fcr_window_hours": 72}
    result = run_dbt(BUILD, work, appended, dbt_vars=changed)
    assert result.returncode == 0, result.output[-4000:]
    assert kpi_refresh(result.warehouse)["full"]
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", appended, dbt_vars=changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)


def test_kpi_mart_var_change_recomputes_every_period(tmp_path: Path, split_demo, base_warehouse):
    """Vars read only by the KPI marts change no ticket and no contribution: the
    marts see them in their own fingerprint and recompute every period."""
    _, appended, _ = split_demo
    work = tmp_path / "wh"
    _copy_of(base_warehouse, work)
    changed = {"backlog_growth_alert_pct": 1, "csat_min_response_rate": 0.9}
    result = run_dbt(BUILD, work, appended, dbt_vars=changed)
    assert result.returncode == 0, result.output[-4000:]
    refresh = kpi_refresh(result.warehouse)
    assert not refresh["full"], refresh
    assert all(written == rows for written, rows, *_ in refresh["marts"].values()), refresh
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", appended, dbt_vars=changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)


def _append_rows(directory: Path, table: str, extra_sql: str) -> None:
    """Append the rows of extra_sql (same columns) to a raw parquet table, in place."""
    path = directory / f"{table}.parquet"
    staged = directory / f"{table}.new.parquet"
    con = duckdb.connect()
    con.execute(
        f"copy (select * from read_parquet('{path}') union all {extra_sql}) "
        f"to '{staged}' (format parquet)"
    )
    con.close()
    staged.replace(path)


def test_appended_duplicates_reject_old_rows_like_a_full_refresh(
    tmp_path: Path, split_demo, base_warehouse
):
    """Rows appended later that repeat an old id: a conflicting copy of an old
    ticket rejects the ticket (and, through the reference check, its events and
    messages); an identical copy of an old event is a duplicate; a conflicting
    copy of an old message rejects both copies; a copy of an old agent status
    spell (natural key agent_id and started_at, the instant written with
    another offset) with another status rejects both spells; a conflicting
    copy of an old self-service session rejects both. All of them are far
    older than the lookback, so only the key-group rule can find the old rows."""
    _, appended, _ = split_demo
    changed = tmp_path / "appended"
    shutil.copytree(appended, changed)
    old_ticket = (
        "(select ticket_id from read_parquet('{d}/tickets.parquet') "
        "order by created_at limit 1 offset 5)"
    )
    _append_rows(
        changed,
        "tickets",
        f"select * replace ('urgent' as priority) from read_parquet('{appended}/tickets.parquet') "
        f"where ticket_id = {old_ticket.format(d=appended)}",
    )
    _append_rows(
        changed,
        "ticket_events",
        f"select * from read_parquet('{appended}/ticket_events.parquet') "
        "where event_id = (select min(event_id) from "
        f"read_parquet('{appended}/ticket_events.parquet') where event_at < '2025-03-01')",
    )
    _append_rows(
        changed,
        "messages",
        f"select * replace (not is_public as is_public) from "
        f"read_parquet('{appended}/messages.parquet') where message_id = (select min(message_id) "
        f"from read_parquet('{appended}/messages.parquet') where sent_at < '2025-03-01')",
    )

    _append_rows(
        changed,
        "agent_status_log",
        "select * replace (case when status = 'available' then 'offline' else 'available' end"
        " as status, replace(started_at, 'Z', '+00:00') as started_at) from ("
        f"select * from read_parquet('{appended}/agent_status_log.parquet') "
        "where started_at like '2025-02-%Z' order by started_at, agent_id limit 1)",
    )
    _append_rows(
        changed,
        "self_service_sessions",
        "select * replace ('abandoned' as outcome, null as ticket_id) from "
        f"read_parquet('{appended}/self_service_sessions.parquet') where session_id = "
        f"(select min(session_id) from read_parquet('{appended}/self_service_sessions.parquet')"
        " where outcome = 'escalated' and started_at < '2025-03-01')",
    )

    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    result = run_dbt(BUILD, inc_dir, changed)
    assert result.returncode == 0, result.output[-4000:]
    # the rejected old ticket takes its early contributions out of the KPI marts
    refresh = kpi_refresh(result.warehouse)
    assert not refresh["full"] and refresh["changed_from"] < datetime(2025, 3, 1), refresh
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)

    con = duckdb.connect(str(result.warehouse), read_only=True)
    reasons = dict(
        con.execute(
            "select reason, count(*) from main.dq_rejected_rows "
            "where reason in ('conflicting duplicate id', 'duplicate row') "
            "or reason like 'ticket_id refers to a rejected ticket%' group by 1"
        ).fetchall()
    )
    # both copies of the spell and of the session, found by the incremental run
    conflicts = {
        table: con.execute(
            f"select count(*) from staging.base_helpdesk__{table} "
            "where dq_reason = 'conflicting duplicate id'"
        ).fetchone()[0]
        for table in ("agent_status_log", "self_service_sessions")
    }
    con.close()
    assert conflicts == {"agent_status_log": 2, "self_service_sessions": 2}, conflicts
    assert reasons.get("conflicting duplicate id", 0) >= 8, reasons
    assert reasons.get("duplicate row", 0) >= 1, reasons
    assert sum(v for k, v in reasons.items() if k.startswith("ticket_id refers")) > 0, reasons


def test_late_reply_to_an_old_ticket_reaches_back_to_its_period(
    tmp_path: Path, split_demo, base_warehouse
):
    """A late agent reply months back (on a ticket with several replies, so no
    other contribution of the ticket moves) is the earliest change of the run:
    the KPI marts recompute from its period on, and equal a full refresh."""
    _, appended, _ = split_demo
    changed = tmp_path / "appended"
    shutil.copytree(appended, changed)
    _append_rows(
        changed,
        "messages",
        f"select * replace ('M9999999999' as message_id, '2025-01-02T06:07:55.486Z' as sent_at) "
        # (an agent reply of the demo's first ticket, which has seven)
        f"from read_parquet('{appended}/messages.parquet') where message_id = 'M0000000002'",
    )
    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    result = run_dbt(BUILD, inc_dir, changed)
    assert result.returncode == 0, result.output[-4000:]
    refresh = kpi_refresh(result.warehouse)
    assert refresh["changed_from"] == datetime(2025, 1, 2, 6, 7, 55, 486000), refresh
    # the period of 2025-01-02 06:07 at each grain, and every period after it
    expected_first = {
        "daily": date(2025, 1, 2),
        "weekly": date(2024, 12, 30),
        "monthly": date(2025, 1, 1),
    }
    for mart, (_, _, first, contiguous) in refresh["marts"].items():
        assert first == expected_first[mart.rsplit("_", 1)[1]] and contiguous, (mart, refresh)
    assert (
        refresh["marts"]["mart_ticket_kpis_daily"][0]
        < refresh["marts"]["mart_ticket_kpis_daily"][1]
    )
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)


def test_run_that_skipped_the_kpi_ledger_is_caught_up(
    tmp_path: Path, split_demo, base_warehouse, full_refresh_warehouse
):
    """A run that writes the facts but not the KPI ledger and marts (excluded
    here; a failed test does the same) leaves the next run to find those
    changes: the facts are newer than the ledger, so every ticket is in scope
    and the marts are rebuilt, equal to a full refresh."""
    _, appended, _ = split_demo
    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    partial = run_dbt([*BUILD, "--exclude", "int_ticket_kpi_contributions+"], inc_dir, appended)
    assert partial.returncode == 0, partial.output[-4000:]
    caught_up = run_dbt(BUILD, inc_dir, appended)
    assert caught_up.returncode == 0, caught_up.output[-4000:]
    assert kpi_refresh(caught_up.warehouse)["full"]
    compare_warehouses(caught_up.warehouse, full_refresh_warehouse)


def _rewrite(directory: Path, table: str, select_sql: str) -> None:
    """Rewrite a raw parquet table in place from select_sql over `raw` (the
    table as it is, with its line number _n), in the order of _n."""
    path = directory / f"{table}.parquet"
    staged = directory / f"{table}.new.parquet"
    con = duckdb.connect()
    con.execute(
        "create view raw as select * exclude (file_row_number), file_row_number as _n"
        f" from read_parquet('{path}', file_row_number = true)"
    )
    con.execute(
        f"copy (select * exclude (_n) from ({select_sql}) order by _n) to '{staged}'"
        " (format parquet)"
    )
    con.close()
    staged.replace(path)


# per large raw table: (its id column, an edit in place as a replace clause
# over raw, the ids of the old rows edited and deleted); old = months before
# the cutoff, far outside any lookback
EDITS = {
    "tickets": (
        "ticket_id",
        "case when priority = 'low' then 'high' else 'low' end as priority,"
        " case when category = 'billing' then 'shipping' else 'billing' end as category",
        ["T0000000010"],
        "T0000000020",
    ),
    "ticket_events": (
        "event_id",
        "case when event_type = 'status_change' then to_value else 'note' end as to_value",
        ["E0000000031"],
        "E0000000032",
    ),
    "messages": ("message_id", "not is_public as is_public", ["M0000000300"], "M0000000200"),
    "work_sessions": ("session_id", "started_at as ended_at", ["WS0000000040"], "WS0000000041"),
    "calls": ("call_id", "hold_seconds + 5 as hold_seconds", ["CL0000000005"], "CL0000000006"),
    "surveys": (
        "survey_id",
        "case when score >= 4 then 1 else 5 end as score",
        ["SV0000000003"],
        "SV0000000004",
    ),
    "self_service_sessions": (
        "session_id",
        "'abandoned' as outcome, cast(null as varchar) as ticket_id",
        ["SS0000000007"],
        "SS0000000008",
    ),
}


def test_edits_in_place_and_deletions_equal_a_full_refresh(
    tmp_path: Path, split_demo, base_warehouse
):
    """Rows edited in place (old ones, far outside the lookback, and recent
    ones), rows deleted, and a message moved to another ticket, in every large
    raw table, with nothing appended: the incremental run finds them by
    content, its tests pass, and it equals a full refresh."""
    _, appended, _ = split_demo
    edits = {table: (c, e, list(ids), d) for table, (c, e, ids, d) in EDITS.items()}
    changed = tmp_path / "appended"
    shutil.copytree(appended, changed)
    con = duckdb.connect()
    # a recent ticket (the day before the cutoff) and a recent survey answer
    recent_ticket, recent_survey = (
        con.execute(
            f"select max({column}) from read_parquet('{appended}/{table}.parquet')"
            f" where {stamp} < '{CUTOFF:%Y-%m-%d}'"
            f" and {stamp} >= '{CUTOFF - timedelta(days=1):%Y-%m-%d}'"
        ).fetchone()[0]
        for table, column, stamp in (
            ("tickets", "ticket_id", "created_at"),
            ("surveys", "survey_id", "responded_at"),
        )
    )
    con.close()
    assert recent_ticket and recent_survey
    edits["tickets"][2].append(recent_ticket)
    edits["surveys"][2].append(recent_survey)
    for table, (column, edit, edited, deleted) in edits.items():
        ids = ", ".join(f"'{value}'" for value in edited)
        _rewrite(
            changed,
            table,
            f"select * replace ({edit}) from raw where {column} in ({ids}) "
            f"union all by name select * from raw where {column} not in ({ids}, '{deleted}')",
        )
    # agent_status_log (natural key agent_id, started_at): one spell edited,
    # one deleted; a message moved from its ticket to another one
    _rewrite(
        changed,
        "agent_status_log",
        "select * replace (case when _n = 3 then case when status = 'available'"
        " then 'offline' else 'available' end else status end as status)"
        " from raw where _n <> 4",
    )
    _rewrite(
        changed,
        "messages",
        "select * replace (case when message_id = 'M0000000150' then 'T0000000001'"
        " else ticket_id end as ticket_id) from raw",
    )

    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    result = run_dbt(BUILD_AND_TEST, inc_dir, changed)
    assert result.returncode == 0, result.output[-4000:]

    con = duckdb.connect(str(result.warehouse), read_only=True)
    scope = dict(
        con.execute("select ticket_id, scope_reason from intermediate.int_ticket_scope").fetchall()
    )
    total = con.execute("select count(*) from main.fact_ticket").fetchone()[0]
    tickets_of = {
        table: {
            r[0]
            for r in con.execute(
                f"select distinct ticket_id from staging.base_helpdesk__{table}"
                f" where {column} in ({', '.join(repr(v) for v in [*edited, deleted])})"
            ).fetchall()
            if r[0]
        }
        for table, (column, _, edited, deleted) in edits.items()
        if table not in ("tickets", "self_service_sessions")
    }
    stored_deleted = {
        table: con.execute(
            f"select count(*) from staging.base_helpdesk__{table} where {column} = ?", [deleted]
        ).fetchone()[0]
        for table, (column, _, _, deleted) in edits.items()
    }
    con.close()
    # every ticket an edit, a deletion or the move touched was recomputed, and
    # only a small part of the tickets
    touched = set().union(*tickets_of.values()) | {"T0000000001", "T0000000020"}
    touched |= set(edits["tickets"][2])
    assert touched <= set(scope), sorted(touched - set(scope))
    assert sum(1 for reason in scope.values() if reason == "all") == 0, scope
    assert len(scope) < total / 4, (len(scope), total)
    # the deleted rows are gone from the staging tables (the deleted ticket's
    # events and messages stay, rejected: their ticket is unknown now)
    assert not any(stored_deleted.values()), stored_deleted

    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)


@pytest.mark.parametrize(
    ("relation", "column", "model"),
    [
        ("staging.base_helpdesk__messages", "dq_row_hash", "base_helpdesk__messages"),
        ("main.fact_ticket", "dbt_input_fingerprint", "int_ticket_scope"),
    ],
)
def test_bookkeeping_that_cannot_go_on_names_the_recovery(
    tmp_path: Path, split_demo, base_warehouse, relation: str, column: str, model: str
):
    """A warehouse whose incremental bookkeeping lacks what this version
    keeps (as one built by an earlier version does) stops the run at the
    model that reads it, with one message naming the model and the command
    that recovers; that command then rebuilds it."""
    _, appended, _ = split_demo
    work = tmp_path / "wh"
    warehouse = _copy_of(base_warehouse, work)
    con = duckdb.connect(str(warehouse))
    con.execute(f"alter table {relation} drop column {column}")
    con.close()
    result = run_dbt(BUILD, work, appended)
    assert result.returncode != 0
    assert f"Incremental run of {model} cannot continue" in result.output, result.output[-3000:]
    assert f"no column {column}" in result.output
    assert "Recover with:" in result.output and "dbt build --full-refresh" in result.output
    recovered = run_dbt([*BUILD, "--full-refresh"], work, appended)
    assert recovered.returncode == 0, recovered.output[-3000:]


def test_changed_judging_var_judges_old_rows_again(tmp_path: Path, split_demo, base_warehouse):
    """A var that decides which raw rows are rejected (here a call or work
    session longer than 1 hour is implausible) changes the verdict of rows
    loaded long ago: the incremental run judges every row again, as a full
    refresh does."""
    _, appended, _ = split_demo
    changed = {"plausible_max_duration_hours": 1}
    work = tmp_path / "wh"
    _copy_of(base_warehouse, work)
    result = run_dbt(BUILD, work, appended, dbt_vars=changed)
    assert result.returncode == 0, result.output[-4000:]
    con = duckdb.connect(str(result.warehouse), read_only=True)
    old_rejected = con.execute(
        "select count(*) from main.dq_rejected_rows"
        " where reason like '%plausible_max_duration_hours%'"
    ).fetchone()[0]
    con.close()
    assert old_rejected > 0
    full = run_dbt([*BUILD, "--full-refresh"], tmp_path / "full", appended, dbt_vars=changed)
    assert full.returncode == 0, full.output[-4000:]
    compare_warehouses(result.warehouse, full.warehouse)


def test_run_that_left_out_fact_interaction_is_caught_up(
    tmp_path: Path, split_demo, base_warehouse, full_refresh_warehouse
):
    """A run that writes fact_ticket but not fact_interaction (left out here;
    a failure or an interruption does the same) leaves the next run to
    recompute those tickets' interactions: it equals a full refresh."""
    _, appended, _ = split_demo
    inc_dir = tmp_path / "incremental"
    _copy_of(base_warehouse, inc_dir)
    partial = run_dbt([*BUILD, "--exclude", "fact_interaction"], inc_dir, appended)
    assert partial.returncode == 0, partial.output[-4000:]
    caught_up = run_dbt(BUILD, inc_dir, appended)
    assert caught_up.returncode == 0, caught_up.output[-4000:]
    compare_warehouses(caught_up.warehouse, full_refresh_warehouse)
