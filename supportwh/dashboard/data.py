"""Data access of the dashboard: plain functions returning pandas DataFrames.

Every function takes the warehouse path first and opens a short-lived
read-only DuckDB connection for its one query (the nightly build swaps the
file, so no connection outlives a call). No Streamlit here: the weekly report
and the tests call these functions directly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

TICKET_KPI_MARTS = {
    "day": "mart_ticket_kpis_daily",
    "week": "mart_ticket_kpis_weekly",
    "month": "mart_ticket_kpis_monthly",
    "quarter": "mart_ticket_kpis_quarterly",
}
SLICE_NAMES = (
    "overall",
    "channel",
    "category",
    "complexity_tier",
    "priority",
    "segment",
    "plan",
    "team",
    "created_weekday",
    "created_hour",
)
# the grains of mart_kpi_trends and mart_kpi_targets, by the ticket KPI marts' grain names
TREND_GRAINS = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}


class WarehouseUnavailable(Exception):
    """The warehouse file is missing, unreadable or lacks a model we need."""


def warehouse_mtime(path: str | Path) -> float:
    """Modification time of the warehouse file (the cache key); 0 when missing."""
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


@contextlib.contextmanager
def connect(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse, closed on exit."""
    path = Path(path)
    if not path.is_file():
        raise WarehouseUnavailable(
            f"No warehouse at {path}: build it with make build "
            "(or pass --warehouse PATH to a built warehouse)."
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise WarehouseUnavailable(
            f"Cannot open the warehouse {path} read-only ({error}). If a build is "
            "writing it, wait for it to finish; otherwise build it with make build."
        ) from error
    try:
        yield con
    finally:
        con.close()


def query(path: str | Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one query on a fresh read-only connection."""
    with connect(path) as con:
        try:
            return con.execute(sql, params or []).df()
        except duckdb.CatalogException as error:
            raise WarehouseUnavailable(
                f"The warehouse {path} lacks a model the dashboard reads ({error}). "
                "Rebuild it with make build."
            ) from error


def relations(path: str | Path) -> pd.DataFrame:
    """Tables and views of the warehouse (schema, name)."""
    return query(
        path,
        "select table_schema, table_name, table_type from information_schema.tables "
        "order by table_schema, table_name",
    )


# --- build metadata --------------------------------------------------------


def build_metadata(path: str | Path) -> pd.DataFrame:
    """The one row of dq_build_metadata (built_at, as_of_at, staleness ...)."""
    return query(path, "select * from dq_build_metadata")


# --- ticket KPIs -------------------------------------------------------------


def ticket_kpi_slices(path: str | Path) -> pd.DataFrame:
    """The (slice_name, slice_value) pairs of the weekly ticket KPI mart."""
    return query(
        path,
        "select distinct slice_name, slice_value from mart_ticket_kpis_weekly "
        "order by slice_name, slice_value",
    )


def ticket_kpis(
    path: str | Path,
    grain: str = "week",
    slice_name: str = "overall",
    slice_value: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Rows of mart_ticket_kpis_<grain> for one slice (the mart's own rates,
    never re-aggregated), oldest first, within [start, end] when given."""
    mart = TICKET_KPI_MARTS[grain]
    sql = f"""
        select *
        from {mart}
        where slice_name = ? and slice_value = ?
          and (?::date is null or period_start >= ?::date)
          and (?::date is null or period_start <= ?::date)
        order by period_start
    """
    return query(path, sql, [slice_name, slice_value, start, start, end, end])


def ticket_kpi_period_range(path: str | Path, grain: str = "week") -> tuple[dt.date, dt.date]:
    """First and last period_start of a ticket KPI mart (overall slice)."""
    frame = query(
        path,
        f"select min(period_start) as first, max(period_start) as last "
        f"from {TICKET_KPI_MARTS[grain]} where slice_name = 'overall'",
    )
    return pd.Timestamp(frame.at[0, "first"]).date(), pd.Timestamp(frame.at[0, "last"]).date()


def last_complete_weeks(
    path: str | Path, slice_name: str = "overall", slice_value: str = "all", weeks: int = 2
) -> pd.DataFrame:
    """The last `weeks` complete weeks of mart_ticket_kpis_weekly for one slice,
    newest first (row 0: last complete week; row 1: the week before)."""
    return query(
        path,
        """
        select *
        from mart_ticket_kpis_weekly
        where slice_name = ? and slice_value = ? and is_period_complete
        order by period_start desc
        limit ?
        """,
        [slice_name, slice_value, weeks],
    )


def backlog_daily(path: str | Path, slice_name: str = "overall", slice_value: str = "all"):
    """Open tickets per day by age bucket for one slice (mart_backlog_aging_daily)."""
    return query(
        path,
        """
        select *
        from mart_backlog_aging_daily
        where slice_name = ? and slice_value = ?
        order by period_start
        """,
        [slice_name, slice_value],
    )


def backlog_by_status(path: str | Path) -> pd.DataFrame:
    """Open tickets per day and status at the day's end (fact_backlog_daily)."""
    return query(
        path,
        """
        select snapshot_date, status, is_day_complete, count(*) as open_tickets
        from fact_backlog_daily
        group by all
        order by snapshot_date, status
        """,
    )


# --- SLA ---------------------------------------------------------------------

SLA_METRICS = ("first_reply", "next_reply", "requester_wait", "resolution")


def sla_attainment(
    path: str | Path,
    grain: str = "week",
    slice_name: str = "overall",
    slice_value: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Long form of the SLA attainment columns of the ticket KPI mart: one row
    per period and SLA metric (decided, attained, attainment_rate)."""
    wide = ticket_kpis(path, grain, slice_name, slice_value, start, end)
    parts = []
    for metric in SLA_METRICS:
        part = wide[["period_start", "is_period_complete"]].copy()
        part["sla_metric"] = metric
        part["decided"] = wide[f"{metric}_sla_decided"]
        part["attained"] = wide[f"{metric}_sla_attained"]
        part["attainment_rate"] = wide[f"{metric}_sla_attainment_rate"]
        parts.append(part)
    columns = [
        "period_start",
        "is_period_complete",
        "sla_metric",
        "decided",
        "attained",
        "attainment_rate",
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def sla_open_clocks(path: str | Path, team: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The running SLA clocks nearest their breach (overdue first)."""
    return query(
        path,
        """
        select breach_rank, team_breach_rank, ticket_id, sla_metric, priority, channel,
               category, status, team, assignee_name, target_minutes, elapsed_minutes,
               minutes_remaining, calendar_minutes_to_breach, breach_at, is_overdue,
               is_business_hours, age_days
        from mart_sla_open_clocks
        where ?::varchar is null or team = ?
        order by breach_rank
        limit ?
        """,
        [team, team, limit],
    )


def sla_open_clock_counts(path: str | Path) -> pd.DataFrame:
    """Running SLA clocks per metric: how many, and how many overdue."""
    return query(
        path,
        """
        select sla_metric, count(*) as open_clocks,
               count(*) filter (where is_overdue) as overdue_clocks
        from mart_sla_open_clocks
        group by sla_metric
        order by sla_metric
        """,
    )


# --- agents ------------------------------------------------------------------


def agent_teams(path: str | Path) -> list[str]:
    """Teams of the agent scorecard."""
    frame = query(
        path,
        "select distinct team from mart_agent_scorecard_weekly where team is not null order by 1",
    )
    return frame["team"].tolist()


def agent_scorecard(path: str | Path, week: dt.date | None = None, team: str | None = None):
    """mart_agent_scorecard_weekly for one week (default: the last complete
    week), optionally one team, human agents first."""
    return query(
        path,
        """
        with chosen as (
            select coalesce(
                ?::date,
                (select max(period_start) from mart_agent_scorecard_weekly
                 where is_period_complete)
            ) as week
        )
        select scorecard.*
        from mart_agent_scorecard_weekly as scorecard
        inner join chosen on scorecard.period_start = chosen.week
        where ?::varchar is null or scorecard.team = ?
        order by scorecard.is_bot, scorecard.team, scorecard.agent_name
        """,
        [week, team, team],
    )


def scorecard_weeks(path: str | Path) -> pd.DataFrame:
    """Weeks of the scorecard with their completeness, newest first."""
    return query(
        path,
        "select distinct period_start, is_period_complete from mart_agent_scorecard_weekly "
        "order by period_start desc",
    )


def coaching_list(path: str | Path, week: dt.date | None = None, team: str | None = None):
    """Human agents of a week's scorecard with a coaching flag: speed trap, AHT
    outlier tier, first-assignment accuracy below target (why, per agent)."""
    card = agent_scorecard(path, week, team)
    if card.empty:
        return card.assign(reasons=pd.Series(dtype="object"))
    card = card[~card["is_bot"].fillna(False).astype(bool)]
    reasons = []
    for _, row in card.iterrows():
        found = []
        if row["is_speed_trap"] is True:
            found.append("speed trap (AHT down, reopens up)")
        if row["has_aht_outlier_tier"] is True:
            found.append(f"AHT outlier ({row['aht_outlier_tiers']})")
        if row["is_below_first_assignment_target"] is True:
            found.append("first-assignment accuracy below target")
        reasons.append(", ".join(found))
    card = card.assign(reasons=reasons)
    return card[card["reasons"] != ""].reset_index(drop=True)


def agent_weekly(path: str | Path, team: str | None = None) -> pd.DataFrame:
    """Utilization, occupancy and adherence per team and week, from the agent
    rows of mart_agent_weekly: minutes summed, ratios recomputed from them
    (the mart's own definitions, metric_utilization / metric_adherence)."""
    return query(
        path,
        """
        select period_start, bool_and(is_period_complete) as is_period_complete, team,
               count(distinct agent_id) as agents,
               sum(productive_minutes) as productive_minutes,
               sum(staffed_minutes) as staffed_minutes,
               sum(logged_minutes) as logged_minutes,
               sum(adherent_minutes) as adherent_minutes,
               sum(scheduled_minutes) as scheduled_minutes,
               sum(tickets_resolved) as tickets_resolved,
               sum(productive_minutes) / nullif(sum(staffed_minutes), 0) as utilization,
               sum(adherent_minutes) / nullif(sum(scheduled_minutes), 0) as adherence,
               count(*) filter (where is_sustained_high_utilization) as agents_sustained_high,
               count(*) filter (where is_sustained_low_utilization) as agents_sustained_low
        from mart_agent_weekly
        where not is_bot and (?::varchar is null or team = ?)
        group by period_start, team
        order by period_start, team
        """,
        [team, team],
    )


def agent_weekly_rows(path: str | Path, week: dt.date, team: str | None = None):
    """mart_agent_weekly rows (human agents) of one week."""
    return query(
        path,
        """
        select agent_id, team, tier, utilization, occupancy, availability, adherence,
               tickets_handled, tickets_resolved, is_sustained_high_utilization,
               is_sustained_low_utilization, is_period_complete
        from mart_agent_weekly
        where period_start = ? and not is_bot and (?::varchar is null or team = ?)
        order by team, agent_id
        """,
        [week, team, team],
    )


# --- contact centre ------------------------------------------------------------


def contact_center_daily(path: str | Path) -> pd.DataFrame:
    return query(path, "select * from mart_contact_center_daily order by date_day")


def contact_center_days(path: str | Path) -> list[dt.date]:
    frame = query(path, "select distinct date_day from mart_contact_center_interval order by 1")
    return [pd.Timestamp(value).date() for value in frame["date_day"]]


def contact_center_interval(path: str | Path, day: dt.date) -> pd.DataFrame:
    """Intervals of one day: service level, ASA, abandonment, with the Erlang C
    requirement and staffing gap of mart_staffing_interval."""
    return query(
        path,
        """
        select interval.interval_start_at, interval.interval_end_at, interval.is_period_complete,
               interval.calls_offered, interval.calls_answered, interval.calls_abandoned,
               interval.service_level, interval.asa_seconds, interval.abandonment_rate,
               staffing.agents_required, staffing.agents_staffed, staffing.staffing_gap,
               staffing.is_understaffed, staffing.service_level_target
        from mart_contact_center_interval as interval
        left join mart_staffing_interval as staffing
            on interval.interval_start_at = staffing.interval_start_at
        where interval.date_day = ?
        order by interval.interval_start_at
        """,
        [day],
    )


def service_level_target(path: str | Path) -> float | None:
    """The var service_level_target the warehouse was built with."""
    frame = query(path, "select max(service_level_target) as target from mart_staffing_interval")
    value = frame.at[0, "target"] if not frame.empty else None
    return None if value is None or pd.isna(value) else float(value)


# --- self-service and automation --------------------------------------------------


def self_service_deflection(path: str | Path) -> pd.DataFrame:
    """Monthly deflection by entry point (slice entry_point)."""
    return query(
        path,
        """
        select period_start, entry_point, is_period_complete, sessions,
               confirmed_resolved_sessions, deflection_rate, session_escalation_rate,
               session_abandonment_rate
        from mart_self_service_deflection
        where period_grain = 'month' and slice_name = 'entry_point'
        order by period_start, entry_point
        """,
    )


def self_service_deflection_all_time(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        """
        select entry_point, sessions, confirmed_resolved_sessions, deflection_rate,
               session_escalation_rate, session_abandonment_rate
        from mart_self_service_deflection
        where period_grain = 'all' and slice_name in ('overall', 'entry_point')
        order by slice_name desc, entry_point
        """,
    )


def ai_vs_human(path: str | Path) -> pd.DataFrame:
    """All-time AI against human resolutions over all categories."""
    return query(
        path,
        """
        select *
        from mart_ai_vs_human
        where period_grain = 'all_time' and category = 'all'
        order by resolver_class
        """,
    )


def ai_vs_human_monthly(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        """
        select period_month, is_period_complete, resolver_class, fcr_rate, reopen_rate,
               ticket_csat_rate, tickets_first_resolved, fcr_pending, reopen_pending
        from mart_ai_vs_human
        where period_grain = 'month' and category = 'all' and resolver_class <> 'all'
        order by period_month, resolver_class
        """,
    )


def automation_comparison(path: str | Path) -> pd.DataFrame:
    """Monthly automation resolution rate over all categories and classes."""
    return query(
        path,
        """
        select period_month, is_period_complete, tickets_created, bot_touched_tickets,
               created_cohort_automated_resolutions, automation_resolution_rate
        from mart_automation_comparison
        where period_grain = 'month' and category = 'all' and handling_class = 'all'
        order by period_month
        """,
    )


# --- data quality ------------------------------------------------------------------


def rejected_rows_by_reason(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        """
        select source_table, reason, count(*) as rejected_rows
        from dq_rejected_rows
        group by all
        order by rejected_rows desc, source_table, reason
        """,
    )


def source_freshness(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        """
        select source_table, is_present, loaded_at_column, latest_at,
               hours_since_latest_at_build, hours_before_as_of, is_stale
        from dq_source_freshness
        order by is_stale desc nulls last, source_table
        """,
    )


def raw_row_counts(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        """
        select source_table, is_present, rows_read, rows_accepted, rows_rejected
        from dq_raw_row_counts
        order by source_table
        """,
    )


# --- targets and period comparisons (mart_kpi_targets, mart_kpi_trends) ---------------------


def kpi_targets_for_period(
    path: str | Path,
    grain: str = "weekly",
    period_start: dt.date | None = None,
    slice_name: str = "overall",
    slice_value: str = "all",
) -> pd.DataFrame:
    """The targets of one period of a grain (default: its latest complete period) for one
    slice: the series' value beside the target, and the mart's on/off-target verdict
    (null while the value is not final)."""
    return query(
        path,
        """
        with chosen as (
            select coalesce(
                ?::date,
                (select max(period_start) from mart_kpi_targets
                 where grain = ? and is_period_complete)
            ) as period_start
        )
        select targets.*
        from mart_kpi_targets as targets
        inner join chosen on targets.period_start = chosen.period_start
        where targets.grain = ? and targets.slice_name = ? and targets.slice_value = ?
        order by targets.target_id
        """,
        [period_start, grain, grain, slice_name, slice_value],
    )


def kpi_targets_latest_final(path: str | Path) -> pd.DataFrame:
    """Every target at each grain it is set for: the latest period whose value is final, with
    its verdict (one row per target and grain)."""
    return query(
        path,
        """
        select *
        from mart_kpi_targets
        where is_value_final
        qualify row_number() over (
            partition by target_id, grain order by period_start desc
        ) = 1
        order by target_id, case grain when 'daily' then 1 when 'weekly' then 2
            when 'monthly' then 3 else 4 end
        """,
    )


def kpi_trend_slices(path: str | Path) -> pd.DataFrame:
    """The (slice_name, slice_value) pairs of mart_kpi_trends."""
    return query(
        path,
        "select distinct slice_name, slice_value from mart_kpi_trends order by 1, 2",
    )


def kpi_trend_series(path: str | Path, grain: str = "weekly") -> list[str]:
    frame = query(
        path,
        "select distinct series from mart_kpi_trends where grain = ? order by series",
        [grain],
    )
    return frame["series"].tolist()


def kpi_trend(
    path: str | Path,
    grain: str = "weekly",
    series: str = "tickets_created",
    slice_name: str = "overall",
    slice_value: str = "all",
) -> pd.DataFrame:
    """One series of mart_kpi_trends over its periods, oldest first."""
    return query(
        path,
        """
        select *
        from mart_kpi_trends
        where grain = ? and series = ? and slice_name = ? and slice_value = ?
        order by period_start
        """,
        [grain, series, slice_name, slice_value],
    )


def kpi_trend_latest(
    path: str | Path, grain: str = "weekly", slice_name: str = "overall", slice_value: str = "all"
) -> pd.DataFrame:
    """Every series at its latest complete period of the grain (one row per series): the
    value, the previous period's, the change, its verdict and the anomaly flag."""
    return query(
        path,
        """
        select *
        from mart_kpi_trends
        where grain = ? and slice_name = ? and slice_value = ? and is_period_complete
        qualify row_number() over (partition by series order by period_start desc) = 1
        order by series
        """,
        [grain, slice_name, slice_value],
    )


def kpi_anomalies(path: str | Path, grain: str = "weekly", limit: int = 50) -> pd.DataFrame:
    """The latest anomalies (is_anomaly) of a grain over every slice and series."""
    return query(
        path,
        """
        select period_start, slice_name, slice_value, series, series_value, trailing_median,
               robust_z_score, anomaly_direction, change_verdict
        from mart_kpi_trends
        where grain = ? and is_anomaly
        order by period_start desc, abs(robust_z_score) desc
        limit ?
        """,
        [grain, limit],
    )


# --- change impact (mart_change_impact) ---------------------------------------------------


def change_impact(path: str | Path) -> pd.DataFrame:
    """Every change x KPI row of mart_change_impact, by go-live date."""
    return query(
        path, "select * from mart_change_impact order by go_live_date, change_id, kpi_name"
    )


# --- coaching signals, agent x category --------------------------------------------------


def coaching_signal_months(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        "select distinct period_start, is_period_complete "
        "from mart_agent_coaching_signals_monthly order by period_start desc",
    )


def coaching_signals(
    path: str | Path, month: dt.date, team: str | None = None, flagged_only: bool = True
) -> pd.DataFrame:
    """mart_agent_coaching_signals_monthly of one month: the agents with a flag (most flags
    first), each flag beside its evidence columns."""
    return query(
        path,
        """
        select *
        from mart_agent_coaching_signals_monthly
        where period_start = ? and (?::varchar is null or team = ?)
          and (not ? or coaching_signals_flagged > 0)
        order by coaching_signals_flagged desc, agent_name
        """,
        [month, team, team, flagged_only],
    )


def agent_category_months(path: str | Path) -> pd.DataFrame:
    return query(
        path,
        "select distinct period_month, is_period_complete from mart_agent_category_monthly "
        "where period_grain = 'month' order by period_month desc",
    )


def agent_category(
    path: str | Path, month: dt.date | None = None, team: str | None = None
) -> pd.DataFrame:
    """mart_agent_category_monthly of one month (None: all_time), agents and baselines."""
    return query(
        path,
        """
        select *
        from mart_agent_category_monthly
        where (case when ?::date is null then period_grain = 'all_time'
                    else period_grain = 'month' and period_month = ?::date end)
          and (?::varchar is null or team = ? or agent_id = 'all')
        order by category, agent_id = 'all' desc, agent_name
        """,
        [month, month, team, team],
    )


# --- quality and feedback -------------------------------------------------------------------


def first_response_quality(
    path: str | Path, dimension_name: str = "overall", month: dt.date | None = None
) -> pd.DataFrame:
    """mart_first_response_quality_monthly for one dimension (overall, agent, category),
    every month or one."""
    return query(
        path,
        """
        select *
        from mart_first_response_quality_monthly
        where dimension_name = ? and (?::date is null or period_month = ?::date)
        order by period_month, dimension_value
        """,
        [dimension_name, month, month],
    )


def first_response_quality_outcomes(path: str | Path, month: dt.date) -> pd.DataFrame:
    return query(
        path,
        """
        select *
        from mart_first_response_quality_outcomes_monthly
        where period_month = ?
        order by first_response_quality = 'all' desc, first_response_quality
        """,
        [month],
    )


def reopen_root_causes(path: str | Path, month: dt.date) -> pd.DataFrame:
    """Reopens of one month by root cause, summed over the mart's category x agent rows (a
    row's root_cause_share is its share of the month's tagged reopens: summed too)."""
    return query(
        path,
        """
        select reopen_reason, sum(reopens) as reopens,
               sum(reopens_within_window) as reopens_within_window,
               max(month_reopens) as month_reopens,
               max(month_reopens_tagged) as month_reopens_tagged,
               sum(root_cause_share) as root_cause_share
        from mart_reopen_root_causes_monthly
        where period_month = ?
        group by reopen_reason
        order by reopens desc, reopen_reason
        """,
        [month],
    )


def reopen_root_cause_rows(path: str | Path, month: dt.date) -> pd.DataFrame:
    return query(
        path,
        """
        select reopen_reason, category, resolving_agent_id, reopens, reopens_within_window
        from mart_reopen_root_causes_monthly
        where period_month = ?
        order by reopens desc, reopen_reason, category, resolving_agent_id
        """,
        [month],
    )


def product_feedback(path: str | Path, category: str = "all") -> pd.DataFrame:
    return query(
        path,
        "select * from mart_product_feedback_monthly where category = ? order by period_month",
        [category],
    )


def product_feedback_by_category(path: str | Path, month: dt.date) -> pd.DataFrame:
    return query(
        path,
        """
        select category, tickets_created, tickets_linked_to_issue, tickets_linked_bug,
               tickets_linked_feature_request, linked_issue_rate, bug_report_rate,
               feature_request_rate
        from mart_product_feedback_monthly
        where period_month = ?
        order by category = 'all' desc, linked_issue_rate desc nulls last, category
        """,
        [month],
    )


def csat_by_survey_delay(path: str | Path, month: dt.date) -> pd.DataFrame:
    return query(
        path,
        """
        select *
        from mart_csat_by_survey_delay_monthly
        where period_month = ?
        order by survey_delay_bucket_order
        """,
        [month],
    )


def diagnostics_months(path: str | Path) -> pd.DataFrame:
    """Months of mart_first_response_quality_monthly (overall) with their completeness."""
    return query(
        path,
        "select distinct period_month, is_period_complete "
        "from mart_first_response_quality_monthly where dimension_name = 'overall' "
        "order by period_month desc",
    )


# --- customers and revenue -------------------------------------------------------------------


def segment_churn_monthly(path: str | Path, slice_name: str = "overall") -> pd.DataFrame:
    """mart_customer_segment_churn per month for one slice (overall, segment, plan)."""
    return query(
        path,
        """
        select *
        from mart_customer_segment_churn
        where period_grain = 'month' and slice_name = ?
        order by period_start, segment, plan
        """,
        [slice_name],
    )


def customers_at_risk(path: str | Path, month: dt.date, limit: int = 25) -> pd.DataFrame:
    """Customers with the churn-risk signal at the end of a month, the most MRR first."""
    return query(
        path,
        """
        select customer_id, account_id, segment, plan, mrr, mrr_at_risk, churn_risk_reasons,
               risk_window_inbound_tickets, risk_window_escalations,
               risk_window_low_csat_responses, is_churned_next_period
        from mart_customer_health
        where period_start = ? and has_churn_risk_signal and is_active_at_period_end
        order by mrr_at_risk desc nulls last, customer_id
        limit ?
        """,
        [month, limit],
    )


def expansion_signals(path: str | Path, month: dt.date, limit: int = 25) -> pd.DataFrame:
    """Accounts with an expansion signal in a month, the most expansion contacts first."""
    return query(
        path,
        """
        select account_id, segment, plan, contacts, expansion_contacts, expansion_customers,
               expansion_contact_rate, account_customers_at_end, account_mrr, account_arr
        from mart_account_expansion_signals_monthly
        where period_start = ? and has_expansion_signal
        order by expansion_contacts desc, account_mrr desc nulls last, account_id
        limit ?
        """,
        [month, limit],
    )


def expansion_signals_monthly(path: str | Path) -> pd.DataFrame:
    """Per month: accounts with an expansion signal and their MRR (summed account rows)."""
    return query(
        path,
        """
        select period_start, bool_and(is_period_complete) as is_period_complete,
               count(*) filter (where has_expansion_signal) as accounts_with_expansion_signal,
               sum(account_mrr) filter (where has_expansion_signal) as expansion_account_mrr
        from mart_account_expansion_signals_monthly
        group by period_start
        order by period_start
        """,
    )


def segment_cost_to_serve(path: str | Path, slice_name: str = "segment") -> pd.DataFrame:
    return query(
        path,
        """
        select *
        from mart_segment_cost_to_serve_monthly
        where slice_name = ?
        order by period_start, segment, plan
        """,
        [slice_name],
    )


def customer_cost_to_serve(path: str | Path, month: dt.date, limit: int = 25) -> pd.DataFrame:
    """Customers of a month by cost to serve against their MRR, the highest ratio first."""
    return query(
        path,
        """
        select customer_id, account_id, segment, plan, tickets_created, handle_seconds_total,
               cost_to_serve, mrr, cost_to_serve_mrr_ratio
        from mart_customer_cost_to_serve_monthly
        where period_start = ? and tickets_created > 0
        order by cost_to_serve_mrr_ratio desc nulls last, cost_to_serve desc, customer_id
        limit ?
        """,
        [month, limit],
    )
