"""Everything the report reads from the warehouse: opened read-only, one query per part.

The report never computes a metric: it reads the marts (mart_ticket_kpis_weekly,
mart_insights, mart_agent_scorecard_weekly, mart_kpi_targets, mart_kpi_trends,
mart_change_impact, the monthly coaching, diagnostics and revenue marts) and the
data-quality models (dq_build_metadata, dq_rejected_rows) and passes their rows on
as dicts. A mart the warehouse lacks leaves its part out (None).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from .errors import ReportError
from .metrics import KPI_MART

REQUIRED = (KPI_MART, "dq_build_metadata")
TRAILING_WEEKS = 12
COACHING_TOP = 5


@dataclass
class ReportData:
    """The rows behind one weekly report."""

    warehouse: Path
    week_start: date
    # the overall rows of the KPI mart: the report week and the week before (None if absent)
    week: dict
    previous: dict | None
    # the overall rows of the trailing weeks (oldest first), and the week in progress after
    # the report week when there is one
    trend: list[dict]
    build: dict
    week_insights: list[dict] | None
    month_insights: list[dict] | None
    month_insights_start: date | None
    coaching: list[dict] | None
    coaching_flagged_total: int
    rejected: list[dict] | None
    tables: set[str] = field(default_factory=set)
    # mart_kpi_targets: the weekly targets of the report week (overall slice), by target_id
    targets: list[dict] | None = None
    # mart_kpi_trends: the month (quarter) that ended within the report week, overall slice,
    # one row per series; None when no month (quarter) ended in the week
    month_completed: date | None = None
    month_trends: list[dict] | None = None
    quarter_completed: date | None = None
    quarter_trends: list[dict] | None = None
    # mart_change_impact: rows of the changes whose after window ended within the report week,
    # and of those whose after window is still open at the report week's end
    changes_completed: list[dict] | None = None
    changes_open: list[dict] | None = None
    # the latest change whose after window ended before the report week, when none ended in it
    change_last_measured: dict | None = None
    # the latest month that ended by the report week's end: the monthly marts' rows
    review_month: date | None = None
    coaching_signals: list[dict] | None = None
    review: dict = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only; ReportError when it is missing or not a DuckDB file."""
    if not warehouse.is_file():
        raise ReportError(
            f"warehouse not found: {warehouse} (build it with `make build`, or pass --warehouse)"
        )
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReportError(f"cannot open warehouse {warehouse}: {first_line}") from None


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = current_schema()"
    ).fetchall()
    return {row[0] for row in rows}


def _week_start(con: duckdb.DuckDBPyConnection, week: date | None) -> date:
    if week is None:
        found = con.execute(
            f"select max(period_start) from {KPI_MART} "
            "where slice_name = 'overall' and is_period_complete"
        ).fetchone()[0]
        if found is None:
            raise ReportError(f"no complete week in {KPI_MART}: nothing to report yet")
        return found
    monday = week - timedelta(days=week.weekday())
    exists = con.execute(
        f"select count(*) from {KPI_MART} where slice_name = 'overall' and period_start = ?",
        [monday],
    ).fetchone()[0]
    if not exists:
        first, last = con.execute(
            f"select min(period_start), max(period_start) from {KPI_MART} "
            "where slice_name = 'overall'"
        ).fetchone()
        available = f"weeks {first} to {last}" if first else "no weeks at all"
        raise ReportError(f"no data for the week starting {monday} in {KPI_MART} ({available})")
    return monday


def load(warehouse: Path, week: date | None = None) -> ReportData:
    """Read the report's rows for the week holding `week` (default: latest complete week)."""
    con = connect(warehouse)
    try:
        tables = _tables(con)
        missing = [name for name in REQUIRED if name not in tables]
        if missing:
            raise ReportError(
                f"{warehouse} is not a built support warehouse: missing {', '.join(missing)}"
            )
        week_start = _week_start(con, week)
        first_week = week_start - timedelta(weeks=TRAILING_WEEKS - 1)
        trend = _rows(
            con,
            f"select * from {KPI_MART} where slice_name = 'overall' "
            "and period_start between ? and ? "
            # the week after the report week too, when it is still running: drawn as such
            "and (period_start <= ? or not is_period_complete) order by period_start",
            [first_week, week_start + timedelta(weeks=1), week_start],
        )
        by_week = {row["period_start"]: row for row in trend}
        previous = _rows(
            con,
            f"select * from {KPI_MART} where slice_name = 'overall' and period_start = ?",
            [week_start - timedelta(weeks=1)],
        )
        build = _rows(con, "select * from dq_build_metadata")
        if not build:
            raise ReportError(f"{warehouse}: dq_build_metadata is empty")

        week_insights = month_insights = month_start = None
        if "mart_insights" in tables:
            week_insights = _rows(
                con,
                "select * from mart_insights where period_grain = 'week' and period_start = ? "
                "order by finding_type, finding_rank",
                [week_start],
            )
            # the monthly findings (segment gaps) of the latest month ended by the week's end
            month_start = con.execute(
                "select max(period_start) from mart_insights where period_grain = 'month' "
                "and period_start + interval 1 month <= ?",
                [week_start + timedelta(weeks=1)],
            ).fetchone()[0]
            month_insights = _rows(
                con,
                "select * from mart_insights where period_grain = 'month' and period_start = ? "
                "order by finding_type, finding_rank",
                [month_start],
            )

        coaching, flagged_total = None, 0
        if "mart_agent_scorecard_weekly" in tables:
            coaching, flagged_total = _coaching(con, week_start)

        rejected = None
        if "dq_rejected_rows" in tables:
            rejected = _rows(
                con,
                "select source_table, reason, count(*) as rejected_rows "
                "from dq_rejected_rows group by source_table, reason "
                "order by rejected_rows desc, source_table, reason",
            )
        review = _review(con, tables, week_start)
        return ReportData(
            **review,
            warehouse=warehouse,
            week_start=week_start,
            week=by_week[week_start],
            previous=previous[0] if previous else None,
            trend=trend,
            build=build[0],
            week_insights=week_insights,
            month_insights=month_insights,
            month_insights_start=month_start,
            coaching=coaching,
            coaching_flagged_total=flagged_total,
            rejected=rejected,
            tables=tables,
        )
    except duckdb.Error as error:
        raise ReportError(f"query failed on {warehouse}: {str(error).splitlines()[0]}") from None
    finally:
        con.close()


# the scorecard's own flags (mart_agent_scorecard_weekly), most urgent first; CSAT below
# the category baseline counts only when the agent's CSAT sample is not low
COACHING_FLAGS = {
    "is_speed_trap": "speed trap",
    "has_aht_outlier_tier": "AHT outlier",
    "is_below_first_assignment_target": "below first-assignment target",
    "is_csat_below_baseline": "CSAT below category baseline",
}


def _coaching(con: duckdb.DuckDBPyConnection, week_start: date) -> tuple[list[dict], int]:
    """The human agents of the week with at least one coaching flag, most flags first."""
    rows = _rows(
        con,
        """
        with flagged as (
            select
                *,
                coalesce(csat_normalized < 0 and not is_agent_csat_low_sample, false)
                    as is_csat_below_baseline
            from mart_agent_scorecard_weekly
            where period_start = ? and not coalesce(is_bot, false)
        ),
        counted as (
            select
                *,
                coalesce(is_speed_trap, false)::int
                + coalesce(has_aht_outlier_tier, false)::int
                + coalesce(is_below_first_assignment_target, false)::int
                + is_csat_below_baseline::int as coaching_flags
            from flagged
        )
        select * from counted
        where coaching_flags > 0
        order by coaching_flags desc, coalesce(is_speed_trap, false) desc,
            coalesce(max_abs_aht_z_score, 0) desc, agent_id
        """,
        [week_start],
    )
    return rows[:COACHING_TOP], len(rows)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict | None:
    rows = _rows(con, sql, params)
    return rows[0] if rows else None


def _ended_in_week(con, table: str, column: str, where: str, week_start: date, unit: str):
    """The start of the period (month, quarter) of `table` whose last day falls in the report
    week, or None."""
    return con.execute(
        f"select max({column}) from {table} where {where} "
        f"and {column} + interval 1 {unit} > ? and {column} + interval 1 {unit} <= ?",
        [week_start, week_start + timedelta(weeks=1)],
    ).fetchone()[0]


def _review(con: duckdb.DuckDBPyConnection, tables: set[str], week_start: date) -> dict:
    """The issue-22 parts of the report: targets, the month / quarter just completed, the
    changes whose after window ended in the week, and the latest complete month's coaching
    signals, quality, feedback and revenue rows. Each part is None when its mart is absent."""
    week_end = week_start + timedelta(days=6)
    found: dict = {"review": {}}
    if "mart_kpi_targets" in tables:
        found["targets"] = _rows(
            con,
            "select * from mart_kpi_targets where grain = 'weekly' and slice_name = 'overall' "
            "and period_start = ? order by target_id",
            [week_start],
        )
    if "mart_kpi_trends" in tables:
        for grain, unit, key in (
            ("monthly", "month", "month"),
            ("quarterly", "quarter", "quarter"),
        ):
            start = _ended_in_week(
                con,
                "mart_kpi_trends",
                "period_start",
                f"grain = '{grain}' and slice_name = 'overall' and is_period_complete",
                week_start,
                unit,
            )
            found[f"{key}_completed"] = start
            if start is not None:
                found[f"{key}_trends"] = _rows(
                    con,
                    "select * from mart_kpi_trends where grain = ? and slice_name = 'overall' "
                    "and period_start = ? order by series",
                    [grain, start],
                )
    if "mart_change_impact" in tables:
        found["changes_completed"] = _rows(
            con,
            "select * from mart_change_impact where after_end_date between ? and ? "
            "order by go_live_date, change_id, kpi_name",
            [week_start, week_end],
        )
        found["changes_open"] = _rows(
            con,
            "select change_id, change_name, scope_type, scope_value, go_live_date, "
            "after_end_date from mart_change_impact where after_end_date > ? "
            "and go_live_date <= ? group by all order by go_live_date, change_id",
            [week_end, week_end],
        )
        if not found["changes_completed"]:
            found["change_last_measured"] = _one(
                con,
                "select change_id, change_name, after_end_date, "
                "count(*) filter (where is_significant) as significant, "
                "count(*) filter (where is_significant is not null) as scored "
                "from mart_change_impact where after_end_date < ? and is_after_window_complete "
                "group by all order by after_end_date desc, change_id limit 1",
                [week_start],
            )
    # the latest month that ended by the report week's end
    month = _latest_month_ended(week_end)
    found["review_month"] = month
    review = found["review"]
    if "mart_agent_coaching_signals_monthly" in tables:
        found["coaching_signals"] = _rows(
            con,
            "select * from mart_agent_coaching_signals_monthly where period_start = ? "
            "and coaching_signals_flagged > 0 "
            "order by coaching_signals_flagged desc, agent_name, agent_id",
            [month],
        )
    if "mart_first_response_quality_monthly" in tables:
        review["first_response_quality"] = _one(
            con,
            "select * from mart_first_response_quality_monthly where period_month = ? "
            "and dimension_name = 'overall'",
            [month],
        )
    if "mart_first_response_quality_outcomes_monthly" in tables:
        review["first_response_outcomes"] = _rows(
            con,
            "select * from mart_first_response_quality_outcomes_monthly where period_month = ? "
            "and first_response_quality <> 'all' order by first_response_quality",
            [month],
        )
    if "mart_reopen_root_causes_monthly" in tables:
        # root_cause_share is each row's share of the month's tagged reopens: a reason's
        # share is the sum over its category x agent rows (null for unspecified reopens)
        review["reopen_root_causes"] = _rows(
            con,
            "select reopen_reason, sum(reopens) as reopens, sum(root_cause_share) as "
            "root_cause_share, max(month_reopens) as month_reopens, max(month_reopens_tagged) "
            "as month_reopens_tagged from mart_reopen_root_causes_monthly "
            "where period_month = ? group by reopen_reason order by reopens desc, reopen_reason",
            [month],
        )
    if "mart_product_feedback_monthly" in tables:
        review["product_feedback"] = _one(
            con,
            "select * from mart_product_feedback_monthly where period_month = ? "
            "and category = 'all'",
            [month],
        )
    if "mart_csat_by_survey_delay_monthly" in tables:
        review["csat_by_survey_delay"] = _rows(
            con,
            "select * from mart_csat_by_survey_delay_monthly where period_month = ? "
            "order by survey_delay_bucket_order",
            [month],
        )
    if "mart_customer_segment_churn" in tables:
        review["revenue"] = _one(
            con,
            "select * from mart_customer_segment_churn where period_grain = 'month' "
            "and slice_name = 'overall' and period_start = ?",
            [month],
        )
    if "mart_account_expansion_signals_monthly" in tables:
        review["expansion"] = _one(
            con,
            "select count(*) filter (where has_expansion_signal) as accounts_with_signal, "
            "count(*) as accounts_with_contacts from mart_account_expansion_signals_monthly "
            "where period_start = ?",
            [month],
        )
    if "mart_segment_cost_to_serve_monthly" in tables:
        review["cost_to_serve"] = _one(
            con,
            "select * from mart_segment_cost_to_serve_monthly where slice_name = 'overall' "
            "and period_start = ?",
            [month],
        )
    return found


def _latest_month_ended(week_end: date) -> date:
    """The first day of the latest calendar month whose last day is on or before week_end."""
    next_day = week_end + timedelta(days=1)
    if next_day.day == 1:
        month_end_month = next_day.replace(day=1)
    else:
        month_end_month = week_end.replace(day=1)
    previous = month_end_month - timedelta(days=1)
    return previous.replace(day=1)
