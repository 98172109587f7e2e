"""Honest recent periods (SPEC section 2, issue 19): a window metric counts a
ticket only once its window has elapsed, every periodic KPI row says whether
it is final, and nothing that still moves is compared, scored, alerted on or
put in a sentence.

The demo warehouse is the dataset: its latest week holds both early FCR
failures (not_first_contact seen while the window still runs) and pending
tickets, the situation that once read 0.0% and was flagged as a collapse.
The test first proves that the situation is there, so it cannot pass on a
dataset that lacks it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest


def rows(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@pytest.fixture(scope="module")
def con(demo_warehouse: Path):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


def test_latest_week_has_early_failures_and_pending_tickets(con):
    """The precondition: the latest week holds both, in fact_ticket."""
    (found,) = con.execute(
        """
        select
            count(case
                when fcr_status = 'not_first_contact' and not is_fcr_window_elapsed then 1
            end),
            count(case when fcr_status = 'pending' then 1 end)
        from main.fact_ticket
        where date_trunc('week', first_resolved_at) = (
            select max(period_start) from main.mart_ticket_kpis_weekly
        )
        """
    ).fetchall()
    early_failures, pending = found
    assert early_failures > 0 and pending > 0, found


def test_fcr_and_reopen_count_matured_tickets_only(con):
    """Every FCR and reopen count of every KPI row, recomputed from fact_ticket
    with SPEC's rule (window elapsed at as_of, whatever the verdict)."""
    grains = {
        "mart_ticket_kpis_daily": "day",
        "mart_ticket_kpis_weekly": "week",
        "mart_ticket_kpis_monthly": "month",
    }
    for mart, grain in grains.items():
        mismatches = rows(
            con,
            f"""
            with expected as (
                select
                    cast(date_trunc('{grain}', first_resolved_at) as date) as period_start,
                    count(case when fcr_window_end_at <= as_of_at and fcr_status = 'first_contact'
                        then 1 end) as fcr_first_contact,
                    count(case when fcr_window_end_at <= as_of_at
                        and fcr_status = 'not_first_contact' then 1 end) as fcr_not_first_contact,
                    count(case when fcr_window_end_at > as_of_at
                        and fcr_status in ('pending', 'not_first_contact') then 1 end)
                        as fcr_pending,
                    count(case when first_resolved_at + interval 7 day <= as_of_at then 1 end)
                        as reopen_window_elapsed
                from main.fact_ticket
                where first_resolved_at is not null
                group by 1
            )
            select kpis.period_start
            from main.{mart} as kpis
            left join expected using (period_start)
            where kpis.slice_name = 'overall'
                and (kpis.fcr_first_contact <> coalesce(expected.fcr_first_contact, 0)
                    or kpis.fcr_not_first_contact <> coalesce(expected.fcr_not_first_contact, 0)
                    or kpis.fcr_pending <> coalesce(expected.fcr_pending, 0)
                    or kpis.reopen_window_elapsed <> coalesce(expected.reopen_window_elapsed, 0))
            """,
        )
        assert not mismatches, (mart, mismatches[:5])


def test_latest_week_is_not_reported_at_zero_nor_flagged(con):
    (latest,) = rows(
        con,
        """
        select * from main.mart_ticket_kpis_weekly
        where slice_name = 'overall'
        order by period_start desc limit 1
        """,
    )
    assert latest["is_period_complete"] is False
    assert latest["fcr_pending"] > 0
    # every first resolution of the week is still inside its window: no rate yet
    assert latest["fcr_first_contact"] + latest["fcr_not_first_contact"] == 0
    assert latest["fcr_rate"] is None
    assert latest["is_backlog_growth_alert"] is None

    trend_rows = rows(
        con,
        """
        select series, is_value_final, week_over_week_change, robust_z_score, is_anomaly
        from main.mart_kpi_trends
        where grain = 'weekly' and period_start = ?
        """,
        [latest["period_start"]],
    )
    assert trend_rows
    for row in trend_rows:
        assert row["is_value_final"] is False, row
        assert row["week_over_week_change"] is None, row
        assert row["robust_z_score"] is None, row
        assert row["is_anomaly"] is None, row


def test_no_score_on_values_that_still_move(con):
    """Across every grain and slice: a value that is not final is never
    compared or scored, and only final values are ever flagged."""
    bad = rows(
        con,
        """
        select grain, period_start, slice_name, slice_value, series
        from main.mart_kpi_trends
        where not is_value_final
            and (week_over_week_change is not null or robust_z_score is not null
                or is_anomaly is not null)
        limit 5
        """,
    )
    assert not bad
    # a rate still waiting on its window is not final even in a complete period
    (waiting,) = con.execute(
        """
        select count(*) from main.mart_kpi_trends
        where is_period_complete and pending_count > 0 and is_value_final
        """
    ).fetchone()
    assert waiting == 0


def test_every_ticket_kpi_row_says_whether_it_is_final(con):
    (as_of,) = con.execute("select max(as_of_at) from main.fact_ticket").fetchone()
    for mart, step in [
        ("mart_ticket_kpis_daily", "1 day"),
        ("mart_ticket_kpis_weekly", "7 day"),
        ("mart_ticket_kpis_monthly", "1 month"),
    ]:
        wrong = rows(
            con,
            f"""
            select period_start, is_period_complete from main.{mart}
            where is_period_complete is distinct from (period_start + interval {step} <= ?)
            limit 5
            """,
            [as_of],
        )
        assert not wrong, (mart, wrong)
        (incomplete,) = con.execute(
            f"select count(distinct period_start) from main.{mart} where not is_period_complete"
        ).fetchone()
        assert incomplete == 1, mart
    # the alert judges complete weeks only
    (alerts_on_running_weeks,) = con.execute(
        """
        select count(*) from main.mart_ticket_kpis_weekly
        where not is_period_complete and is_backlog_growth_alert is not null
        """
    ).fetchone()
    assert alerts_on_running_weeks == 0


def test_insights_describe_complete_periods_and_final_values(con):
    (as_of,) = con.execute("select max(as_of_at) from main.fact_ticket").fetchone()
    findings = rows(con, "select finding_type, period_grain, period_start from main.mart_insights")
    assert findings
    for finding in findings:
        step = timedelta(days=7) if finding["period_grain"] == "week" else None
        start = finding["period_start"]
        if step is not None:
            end = start + step
        else:
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        assert str(end) <= str(as_of.date()), finding
    (open_gaps,) = con.execute(
        """
        select count(*) from main.mart_insights as insights
        inner join main.mart_ticket_kpis_monthly as kpis
            on insights.period_start = kpis.period_start
            and kpis.slice_name = 'overall'
        where insights.finding_type = 'segment_gap'
            and insights.metric in ('fcr_rate', 'reopen_rate')
            and (case insights.metric when 'fcr_rate' then kpis.fcr_pending
                else kpis.reopen_pending end) > 0
        """
    ).fetchone()
    assert open_gaps == 0
