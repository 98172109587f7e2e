"""Issue 22, items 1 and 3, recomputed in pandas from the facts and compared
with the marts: the new slices of the ticket KPI marts (segment, plan, team,
weekday and hour created), the quarter grain, the KPI targets and the
agent x category mart.

The slices are recomputed from fact_ticket, dim_customer and dim_agent, and
the weekday and hour from created_at converted by Python's zoneinfo (not by
the engine) to the ticket's business-hours schedule time zone.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture(scope="module")
def con(demo_warehouse: Path):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


def frame(con, sql: str) -> pd.DataFrame:
    """A query's rows; period columns as dates (pandas reads them as timestamps)."""
    result = con.execute(sql).fetchdf()
    for column in ["period_start", "period_month"]:
        if column in result and pd.api.types.is_datetime64_any_dtype(result[column]):
            result[column] = result[column].dt.date
    return result


@pytest.fixture(scope="module")
def tickets(con) -> pd.DataFrame:
    """fact_ticket with its slice values worked out in Python."""
    facts = frame(
        con,
        """
        select
            tickets.ticket_id, tickets.created_at, tickets.first_resolved_at,
            tickets.channel, tickets.fcr_status, tickets.is_fcr_window_elapsed,
            tickets.first_assignee_agent_id, tickets.business_schedule_id,
            customers.segment, customers.plan, agents.team as agent_team,
            agents.agent_id as known_agent
        from fact_ticket as tickets
        left join dim_customer as customers on tickets.customer_id = customers.customer_id
        left join dim_agent as agents on tickets.first_assignee_agent_id = agents.agent_id
        """,
    )
    zones = dict(
        con.execute(
            "select schedule_id, min(timezone) from staging.stg_helpdesk__schedules group by 1"
        ).fetchall()
    )

    def local(row):
        zone = ZoneInfo(zones.get(row.business_schedule_id) or "UTC")
        return row.created_at.tz_localize("UTC").tz_convert(zone)

    local_created = facts.apply(local, axis=1)
    facts["created_weekday"] = [WEEKDAYS[stamp.weekday()] for stamp in local_created]
    facts["created_hour"] = [f"{stamp.hour:02d}" for stamp in local_created]
    facts["team"] = [
        "unassigned" if pd.isna(agent) else (team if isinstance(team, str) else "unknown")
        for agent, team in zip(facts.first_assignee_agent_id, facts.agent_team, strict=True)
    ]
    for column in ["segment", "plan"]:
        facts[column] = facts[column].fillna("unknown")
    return facts


NEW_SLICES = ["segment", "plan", "team", "created_weekday", "created_hour"]


@pytest.mark.parametrize("slice_name", NEW_SLICES)
def test_new_slices_recomputed(con, tickets, slice_name):
    """Volume by month and FCR by quarter of each value of a new slice equal
    a recomputation from the facts, and every value the facts have is there."""
    created = tickets.assign(month=tickets.created_at.dt.to_period("M").dt.start_time.dt.date)
    expected_volume = created.groupby(["month", slice_name]).size()
    mart = frame(
        con,
        f"""
        select period_start, slice_value, tickets_created
        from mart_ticket_kpis_monthly where slice_name = '{slice_name}'
        """,
    )
    actual = mart.set_index(["period_start", "slice_value"]).tickets_created
    actual = actual[actual > 0]
    expected_volume.index = expected_volume.index.set_names(["period_start", "slice_value"])
    assert actual.sort_index().to_dict() == expected_volume.sort_index().to_dict()

    first = tickets[tickets.first_resolved_at.notna() & tickets.is_fcr_window_elapsed.fillna(False)]
    first = first.assign(quarter=first.first_resolved_at.dt.to_period("Q").dt.start_time.dt.date)
    decided = first[first.fcr_status.isin(["first_contact", "not_first_contact"])]
    expected_fcr = decided.groupby(["quarter", slice_name]).fcr_status.apply(
        lambda statuses: (statuses == "first_contact").mean()
    )
    quarterly = (
        frame(
            con,
            f"""
        select period_start, slice_value, fcr_rate
        from mart_ticket_kpis_quarterly
        where slice_name = '{slice_name}' and fcr_rate is not null
        """,
        )
        .set_index(["period_start", "slice_value"])
        .fcr_rate
    )
    assert set(quarterly.index) == set(expected_fcr.index)
    for key, value in expected_fcr.items():
        assert math.isclose(quarterly[key], value, rel_tol=1e-12), (slice_name, key)


def test_weekend_and_hour_slices_cover_every_ticket(con, tickets):
    """The seven weekdays and 24 hours partition the tickets of every quarter."""
    for slice_name, values in [("created_weekday", 7), ("created_hour", 24)]:
        rows = con.execute(
            f"""
            select period_start, count(*), sum(tickets_created)
            from mart_ticket_kpis_quarterly where slice_name = '{slice_name}'
            group by period_start
            """
        ).fetchall()
        overall = dict(
            con.execute(
                "select period_start, tickets_created from mart_ticket_kpis_quarterly"
                " where slice_name = 'overall'"
            ).fetchall()
        )
        for period_start, count, total in rows:
            assert count == values
            assert total == overall[period_start]


def test_quarter_grain_rolls_up_the_months(con):
    """Additive counts of a quarter equal the sum of its months; its backlog
    at end equals that of its last month; it is complete only when its last
    month is."""
    columns = ["tickets_created", "tickets_resolved", "tickets_escalated", "reopens"]
    months = frame(
        con,
        "select * from mart_ticket_kpis_monthly",
    )
    months["quarter"] = pd.to_datetime(months.period_start).dt.to_period("Q").dt.start_time.dt.date
    quarters = frame(con, "select * from mart_ticket_kpis_quarterly")
    assert len(quarters) > 0
    summed = months.groupby(["quarter", "slice_name", "slice_value"])[columns].sum()
    last = (
        months.sort_values("period_start").groupby(["quarter", "slice_name", "slice_value"]).last()
    )
    for row in quarters.itertuples():
        key = (row.period_start, row.slice_name, row.slice_value)
        for column in columns:
            assert getattr(row, column) == summed.loc[key, column], (key, column)
        assert row.backlog_at_end == last.loc[key, "backlog_at_end"], key
        assert row.is_period_complete == last.loc[key, "is_period_complete"], key


def _on_target(value, target, direction):
    return value >= target if direction == "higher" else value <= target


def test_targets_judged_against_the_seed(con):
    """Every target of the seed is judged on every period of its metric, from
    the KPI marts' own values, on final values only."""
    with (REPO / "seeds" / "kpi_targets.csv").open() as handle:
        targets = list(csv.DictReader(handle))
    assert targets
    grain_marts = {
        "daily": "mart_ticket_kpis_daily",
        "weekly": "mart_ticket_kpis_weekly",
        "monthly": "mart_ticket_kpis_monthly",
        "quarterly": "mart_ticket_kpis_quarterly",
    }
    pending = {"fcr_rate": "fcr_pending", "reopen_rate": "reopen_pending"}
    judged = frame(con, "select * from mart_kpi_targets")
    compared = 0
    on_target_seen = set()
    for target in targets:
        grains = [target["grain"]] if target["grain"] else list(grain_marts)
        for grain in grains:
            if target["metric"] == "cost_per_ticket":
                if grain != "monthly":
                    continue
                sql = (
                    "select period_start, is_period_complete, cost_per_ticket as value,"
                    " 0 as pending from mart_support_costs_monthly"
                )
            else:
                slice_name = target["slice_name"] or "overall"
                slice_value = target["slice_value"] or "all"
                sql = (
                    f"select period_start, is_period_complete, {target['metric']} as value,"
                    f" {pending.get(target['metric'], '0')} as pending from {grain_marts[grain]}"
                    f" where slice_name = '{slice_name}' and slice_value = '{slice_value}'"
                )
            expected = frame(con, sql)
            actual = judged[(judged.target_id == target["target_id"]) & (judged.grain == grain)]
            actual = actual.set_index("period_start")
            assert len(actual) == len(expected), (target["target_id"], grain)
            for row in expected.itertuples():
                got = actual.loc[row.period_start]
                final = bool(row.is_period_complete) and row.pending == 0
                if final and row.value is not None and not pd.isna(row.value):
                    want = _on_target(row.value, float(target["target"]), target["direction"])
                    assert got.is_on_target == want, (target["target_id"], grain, row)
                    on_target_seen.add(want)
                else:
                    assert got.is_on_target is None or pd.isna(got.is_on_target)
                compared += 1
    assert compared > 500
    # the shipped targets are neither all met nor all missed on the demo
    assert on_target_seen == {True, False}


def test_agent_by_category_recomputed(con):
    """FCR of the first resolutions each human agent made, and CSAT and AHT
    of the resolutions it holds, per category and month, against the
    category baseline."""
    facts = frame(
        con,
        """
        select tickets.*, attributes.first_resolution_agent_id,
            attributes.first_resolver_class, attributes.final_resolver_class
        from fact_ticket as tickets
        inner join intermediate.int_ticket_diagnostic_attributes as attributes
            on tickets.ticket_id = attributes.ticket_id
        """,
    )
    facts["category"] = facts.category.fillna("unknown")
    mart = frame(
        con, "select * from mart_agent_category_monthly where period_grain = 'month'"
    ).set_index(["period_month", "category", "agent_id"])

    first = facts[
        (facts.first_resolver_class == "human") & facts.is_fcr_window_elapsed.fillna(False)
    ]
    first = first[first.fcr_status.isin(["first_contact", "not_first_contact"])]
    first = first.assign(
        month=first.first_resolved_at.dt.to_period("M").dt.start_time.dt.date,
        hit=first.fcr_status == "first_contact",
    )
    per_agent = first.groupby(["month", "category", "first_resolution_agent_id"]).hit.mean()
    baseline = first.groupby(["month", "category"]).hit.mean()
    for (month, category, agent), rate in per_agent.items():
        row = mart.loc[(month, category, agent)]
        assert math.isclose(row.fcr_rate, rate, rel_tol=1e-12)
        assert math.isclose(
            row.fcr_rate_gap_to_category, rate - baseline[(month, category)], abs_tol=1e-12
        )
    assert len(per_agent) > 50

    final = facts[(facts.final_resolver_class == "human") & facts.resolved_at.notna()]
    final = final.assign(month=final.resolved_at.dt.to_period("M").dt.start_time.dt.date)
    scored = final[final.csat_score.notna()]
    csat = scored.groupby(["month", "category", "resolved_by_agent_id"]).csat_score.apply(
        lambda scores: (scores >= 4).mean()
    )
    for key, rate in csat.items():
        assert math.isclose(mart.loc[key].ticket_csat_rate, rate, rel_tol=1e-12), key
    handled = final[~final.is_automated_resolution.astype(bool) & final.handle_seconds.notna()]
    aht = handled.groupby(["month", "category", "resolved_by_agent_id"]).handle_seconds.mean()
    for key, seconds in aht.items():
        assert math.isclose(mart.loc[key].aht_seconds, seconds, rel_tol=1e-9), key
