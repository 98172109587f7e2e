"""SPEC: a period row says whether it is final (is_period_complete: the period
has ended at as_of).

Every table mart_* of schema main with a period column (but those of
EXPECTED_LATER) carries is_period_complete, and it is true exactly where the
period's end <= as_of.
The end is computed here in Python (next day, next Monday, first of the next
month, interval start + var interval_minutes), not with the project's macro,
and as_of is the one the build exposes in main (dq_build_metadata.as_of_at).
Checked on the demo warehouse, and on the demo built with as_of on a day and
month boundary, where periods end exactly at as_of (complete, SPEC): the
demo's own as_of (23:59:30) is on no boundary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DEMO_DATA, REPO, build_ok

# The columns that hold a mart's period (start of the day, week, month or
# contact-centre interval).
PERIOD_COLUMNS = ("period_start", "date_day", "interval_start_at", "period_month")

# Every periodic mart: its period column and grain (day, week = Monday,
# month, quarter = first day, interval = var interval_minutes from interval_start_at).
# A null period (the rows of all periods of a cube mart) must have a null flag.
GRAINS: dict[str, tuple[str, str]] = {
    "mart_contact_center_daily": ("date_day", "day"),
    "mart_outbound_daily": ("date_day", "day"),
    "mart_contact_center_interval": ("interval_start_at", "interval"),
    "mart_staffing_interval": ("interval_start_at", "interval"),
    "mart_agent_daily": ("period_start", "day"),
    "mart_agent_weekly": ("period_start", "week"),
    "mart_agent_aht_tier_weekly": ("period_start", "week"),
    "mart_team_health_monthly": ("period_start", "month"),
    "mart_customer_health": ("period_start", "month"),
    "mart_customer_segment_churn": ("period_start", "month"),
    "mart_self_service_deflection": ("period_start", "month"),
    # one row per escalated session; period_start is the month it started in
    "mart_self_service_escalations": ("period_start", "month"),
    "mart_support_costs_monthly": ("period_start", "month"),
    "mart_escalation_matrix": ("period_month", "month"),
    "mart_routing_accuracy": ("period_month", "month"),
    "mart_automation_comparison": ("period_month", "month"),
    "mart_ai_vs_human": ("period_month", "month"),
    "mart_reopen_analysis": ("period_month", "month"),
    "mart_first_response_quality_monthly": ("period_month", "month"),
    "mart_first_response_quality_outcomes_monthly": ("period_month", "month"),
    "mart_reopen_root_causes_monthly": ("period_month", "month"),
    "mart_product_feedback_monthly": ("period_month", "month"),
    "mart_csat_by_survey_delay_monthly": ("period_month", "month"),
    "mart_category_economics": ("period_start", "month"),
    "mart_account_expansion_signals_monthly": ("period_start", "month"),
    "mart_customer_cost_to_serve_monthly": ("period_start", "month"),
    "mart_segment_cost_to_serve_monthly": ("period_start", "month"),
    "mart_agent_scorecard_weekly": ("period_start", "week"),
    "mart_agent_coaching_signals_monthly": ("period_start", "month"),
    "mart_ticket_kpis_daily": ("period_start", "day"),
    "mart_ticket_kpis_weekly": ("period_start", "week"),
    "mart_ticket_kpis_monthly": ("period_start", "month"),
    "mart_ticket_kpis_quarterly": ("period_start", "quarter"),
    "mart_agent_category_monthly": ("period_month", "month"),
    "mart_backlog_aging_daily": ("period_start", "day"),
    # the grain is a column of the row
    "mart_ticket_kpis": ("period_start", "column:grain"),
    "mart_kpi_trends": ("period_start", "column:grain"),
    "mart_insights": ("period_start", "column:period_grain"),
    "mart_kpi_targets": ("period_start", "column:grain"),
}

# The values of a grain column, as grains.
ROW_GRAINS = {
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "quarter": "quarter",
    "quarterly": "quarter",
}

# Marts that hold complete periods only, by construction (an insight
# describes the last complete week or month).
COMPLETE_ONLY = {"mart_insights"}

# Periodic marts not checked yet (none: every periodic mart carries the
# flag). A mart listed here that has the column fails
# test_every_periodic_mart_is_checked until it moves into GRAINS.
EXPECTED_LATER: set[str] = set()

# Marts whose demo rows stop before the period holding as_of (2025-06-29
# 23:59:30, the latest ticket, event or message): the demo's last call is
# early that morning and its last outbound call or lead on 06-26. Every other
# mart must show an incomplete period on the demo.
DEMO_ENDS_BEFORE_AS_OF = {
    "mart_contact_center_interval",
    "mart_staffing_interval",
    "mart_outbound_daily",
}

# On a day, month and interval boundary (a Sunday: the week of 05-26 runs on).
BOUNDARY_AS_OF = "2025-06-01T00:00:00Z"

# var interval_minutes: the project default, which the demo is built with
PROJECT_VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
INTERVAL_MINUTES = int(PROJECT_VARS["interval_minutes"])


def period_end(grain: str, start: dt.date | dt.datetime) -> dt.datetime:
    """First instant after the period of `grain` starting at `start`."""
    if grain == "interval":
        assert isinstance(start, dt.datetime), start
        return start + dt.timedelta(minutes=INTERVAL_MINUTES)
    assert not isinstance(start, dt.datetime), f"{grain} period is a date: {start!r}"
    midnight = dt.datetime.combine(start, dt.time())
    if grain == "day":
        return midnight + dt.timedelta(days=1)
    if grain == "week":
        assert start.weekday() == 0, f"week does not start on a Monday: {start}"
        return midnight + dt.timedelta(days=7)
    assert grain in ("month", "quarter"), grain
    assert start.day == 1, f"{grain} does not start on its first day: {start}"
    months = 1
    if grain == "quarter":
        assert start.month % 3 == 1, f"quarter does not start in Jan, Apr, Jul or Oct: {start}"
        months = 3
    index = start.month - 1 + months
    return dt.datetime(start.year + index // 12, index % 12 + 1, 1)


def build_as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    rows = con.execute("select as_of_at from main.dq_build_metadata").fetchall()
    assert len(rows) == 1 and rows[0][0] is not None, rows
    return rows[0][0]


def main_columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Tables mart_* of schema main -> column name -> data type."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'main'"
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        if table.startswith("mart_"):
            tables.setdefault(table, {})[column] = data_type
    return tables


@dataclass
class Flags:
    """What one mart's rows say, against the ends computed here."""

    counts: Counter = field(default_factory=Counter)  # flag -> rows
    problems: list[str] = field(default_factory=list)
    reaches_as_of: bool = False  # some period ends after as_of
    ending_at_as_of: int = 0  # rows whose period ends exactly at as_of


def read_flags(con: duckdb.DuckDBPyConnection, mart: str, as_of: dt.datetime) -> Flags:
    column, grain = GRAINS[mart]
    grain_column = grain.split(":", 1)[1] if grain.startswith("column:") else "null"
    columns = main_columns(con).get(mart)
    assert columns is not None, f"{mart} is not in schema main"
    assert "is_period_complete" in columns, f"{mart} has no is_period_complete"
    assert columns["is_period_complete"] == "BOOLEAN", columns["is_period_complete"]
    # the interval marts also state their end: it must agree
    stated_end = ", interval_end_at" if grain == "interval" else ""
    rows = con.execute(
        f"select {column}, is_period_complete, {grain_column}{stated_end}, count(*)"
        f" from main.{mart} group by all"
    ).fetchall()
    flags = Flags()
    for row in rows:
        start, flag, count = row[0], row[1], row[-1]
        if grain_column != "null":
            grain = ROW_GRAINS[row[2]]
        flags.counts[flag] += count
        if start is None:
            expected = None  # no period (the rows of all periods)
        else:
            end = period_end(grain, start)
            if grain == "interval" and row[3] != end:
                flags.problems.append(f"{start}: interval_end_at {row[3]}, expected {end}")
            expected = end <= as_of
            flags.reaches_as_of |= end > as_of
            flags.ending_at_as_of += count if end == as_of else 0
        if flag != expected:
            flags.problems.append(
                f"{column} {start}: is_period_complete {flag}, expected {expected} "
                f"(as_of {as_of}, {count} rows)"
            )
    return flags


@pytest.fixture(scope="module")
def boundary_warehouse(tmp_path_factory) -> Path:
    """The demo built with as_of on a boundary (models only)."""
    workdir = tmp_path_factory.mktemp("period_boundary")
    return build_ok(workdir, DEMO_DATA, data_tests=False, dbt_vars={"as_of": BOUNDARY_AS_OF})


def test_every_periodic_mart_is_checked(demo_warehouse: Path):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    tables = main_columns(con)
    periodic = {t for t, columns in tables.items() if set(PERIOD_COLUMNS) & set(columns)}
    assert periodic - EXPECTED_LATER == set(GRAINS), (
        "periodic marts not in GRAINS (add them with their grain): "
        f"{sorted(periodic - EXPECTED_LATER - set(GRAINS))}; "
        f"in GRAINS but not periodic in main: {sorted(set(GRAINS) - periodic)}"
    )
    landed = sorted(t for t in EXPECTED_LATER & periodic if "is_period_complete" in tables[t])
    assert not landed, f"have is_period_complete now: move from EXPECTED_LATER to GRAINS: {landed}"


@pytest.mark.parametrize("mart", sorted(GRAINS))
def test_is_period_complete_on_demo(demo_warehouse: Path, mart: str):
    """True exactly where the period has ended at as_of; the demo holds
    complete periods and, where it reaches as_of, the incomplete one."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    flags = read_flags(con, mart, build_as_of(con))
    assert not flags.problems, "\n".join(flags.problems[:20])
    assert flags.counts[True] > 0, f"{mart}: no complete period on the demo: {flags.counts}"
    if mart in COMPLETE_ONLY:
        assert flags.counts[False] == 0, f"{mart} holds an incomplete period: {flags.counts}"
    elif mart in DEMO_ENDS_BEFORE_AS_OF:
        assert not flags.reaches_as_of, f"{mart} now reaches as_of: drop it from the list"
    else:
        assert flags.counts[False] > 0, f"{mart}: no incomplete period on the demo: {flags.counts}"


def test_period_ending_at_as_of_is_complete(boundary_warehouse: Path):
    """as_of on a boundary: the periods that end exactly then are complete."""
    con = duckdb.connect(str(boundary_warehouse), read_only=True)
    as_of = build_as_of(con)
    assert as_of == dt.datetime(2025, 6, 1), as_of
    at_boundary: Counter = Counter()
    for mart, (_, grain) in sorted(GRAINS.items()):
        flags = read_flags(con, mart, as_of)
        assert not flags.problems, f"{mart}:\n" + "\n".join(flags.problems[:20])
        if not grain.startswith("column:"):
            at_boundary[grain] += flags.ending_at_as_of
    # the day of 05-31, the month of May and the interval 05-31 23:30 end
    # at as_of in the demo
    assert all(at_boundary[grain] > 0 for grain in ("day", "month", "interval")), at_boundary
