"""Whole-warehouse checks: the public contract and agreement with the
independent plain-Python implementation of SPEC.md (tests/reference)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest
from compare import (
    compare_backlog_daily,
    compare_interactions,
    compare_rejections,
    compare_sla_events,
    compare_tickets,
)
from conftest import DEMO_DATA, REPO, build_ok

from supportwh.dashboard.data import SLICE_NAMES

CONTRACT_CHECK = REPO.parent / "shared" / "tools" / "check_contract.py"


def test_public_contract(demo_warehouse: Path):
    if not CONTRACT_CHECK.exists():
        pytest.skip(f"{CONTRACT_CHECK} not found (shared/ must sit beside the repo)")
    proc = subprocess.run(
        [sys.executable, str(CONTRACT_CHECK), str(demo_warehouse)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "contract: 0 missing" in proc.stdout


def test_demo_matches_reference(demo_warehouse: Path):
    """Every ticket (lifecycle included), interaction, SLA clock, backlog
    snapshot row and rejected row of the demo agrees with the reference."""
    for check in (
        compare_tickets,
        compare_interactions,
        compare_sla_events,
        compare_backlog_daily,
        compare_rejections,
    ):
        problems = check(str(demo_warehouse), str(DEMO_DATA))
        assert not problems, f"{check.__name__}:\n" + "\n".join(problems[:30])


def test_generated_csv_with_offsets_matches_reference(generated_dataset: Path, tmp_path: Path):
    """A fresh CSV dataset (offsets in timestamps), judged at an as_of inside the
    data so pending FCR windows and open backlogs exist."""
    con = duckdb.connect()
    as_of = "2025-05-15T12:00:00Z"
    warehouse = build_ok(tmp_path, generated_dataset, dbt_vars={"as_of": as_of})
    params = {"as_of": as_of}
    for check in (compare_tickets, compare_interactions, compare_sla_events, compare_backlog_daily):
        problems = check(str(warehouse), str(generated_dataset), params)
        assert not problems, f"{check.__name__}:\n" + "\n".join(problems[:30])
    con = duckdb.connect(str(warehouse), read_only=True)
    statuses = dict(
        con.execute("select fcr_status, count(*) from main.fact_ticket group by 1").fetchall()
    )
    # the dataset must exercise every FCR outcome, or the comparison proves little
    for status in ("first_contact", "not_first_contact", "pending", "unresolved", "not_applicable"):
        assert statuses.get(status, 0) > 0, statuses


def test_results_do_not_depend_on_session_time_zone(tmp_path: Path):
    """SPEC section 1: results must not depend on the session time zone."""
    utc = build_ok(tmp_path / "utc", DEMO_DATA, data_tests=False, env={"TZ": "UTC"})
    other = build_ok(
        tmp_path / "la", DEMO_DATA, data_tests=False, env={"TZ": "America/Los_Angeles"}
    )
    # dbt_updated_at is when each build ran, not a result
    query = "select * exclude (dbt_updated_at) from main.fact_ticket order by ticket_id"
    a = duckdb.connect(str(utc), read_only=True).execute(query).fetchall()
    b = duckdb.connect(str(other), read_only=True).execute(query).fetchall()
    assert a == b


def test_marts_answer_questions(demo_warehouse: Path):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    marts = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_name like 'mart_%'"
        ).fetchall()
    }
    assert {
        "mart_ticket_kpis_daily",
        "mart_ticket_kpis_weekly",
        "mart_ticket_kpis_monthly",
        "mart_support_costs_monthly",
    } <= marts
    weekly = con.execute(
        "select count(*), count(fcr_rate), count(csat_rate), count(backlog_growth_rate) "
        "from main.mart_ticket_kpis_weekly where slice_name = 'overall'"
    ).fetchone()
    assert weekly[0] > 10 and weekly[1] > 0 and weekly[2] > 0 and weekly[3] > 0
    cost = con.execute(
        "select count(cost_per_resolution) from main.mart_support_costs_monthly"
    ).fetchone()
    assert cost[0] > 0
    slices = {
        r[0]
        for r in con.execute(
            "select distinct slice_name from main.mart_ticket_kpis_monthly"
        ).fetchall()
    }
    # the slices the dashboard offers (supportwh.dashboard.data)
    assert slices == set(SLICE_NAMES)


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_kpi_percentiles_match_numpy(demo_warehouse: Path, grain: str):
    """The medians and p90s of the ticket KPI marts (ranked by a window so
    they spill, see macro percentile_ranks) equal numpy's linear percentiles
    of the same tickets, for every period and slice."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    tickets = con.execute(
        f"""
        select
            slices.slice_name,
            slices.slice_value,
            cast(date_trunc('{grain}', tickets.created_at) as date) as created_period,
            cast(date_trunc('{grain}', tickets.resolved_at) as date) as resolved_period,
            tickets.first_response_minutes,
            tickets.first_response_business_minutes,
            tickets.resolution_minutes,
            tickets.resolution_business_minutes,
            tickets.requester_wait_minutes,
            tickets.requester_wait_business_minutes,
            tickets.agent_wait_minutes,
            tickets.on_hold_minutes,
            tickets.minutes_to_first_assignment
        from main.fact_ticket as tickets
        inner join intermediate.int_ticket_slices as slices using (ticket_id)
        """
    ).df()
    mart = con.execute(
        f"select * from main.mart_ticket_kpis_{'daily' if grain == 'day' else grain + 'ly'}"
    ).df()
    mart = mart.set_index(["period_start", "slice_name", "slice_value"])
    checked = 0
    for period, measures in (
        ("created_period", ("first_response_minutes", "first_response_business_minutes")),
        (
            "resolved_period",
            (
                "resolution_minutes",
                "resolution_business_minutes",
                "requester_wait_minutes",
                "requester_wait_business_minutes",
                "agent_wait_minutes",
                "on_hold_minutes",
                "minutes_to_first_assignment",
            ),
        ),
    ):
        groups = tickets.dropna(subset=[period]).groupby([period, "slice_name", "slice_value"])
        for measure in measures:
            for p, suffix in ((0.5, "median"), (0.9, "p90")):
                expected = groups[measure].quantile(p, interpolation="linear").dropna()
                expected.index = expected.index.set_names(mart.index.names)
                actual = mart[f"{measure}_{suffix}"]
                assert set(actual.dropna().index) == set(expected.index), (measure, suffix)
                got = actual.loc[expected.index]
                assert np.allclose(got, expected, rtol=1e-9, atol=0), (measure, suffix)
                checked += len(expected)
    assert checked > 1000
