"""The Streamlit app of the support dashboard (run through `python -m
supportwh.dashboard`, which passes `-- --warehouse PATH`).

Read-only: every query opens its own short-lived read-only connection
(data.py); results are cached per warehouse file modification time, so a
rebuilt warehouse is read again on the next rerun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

import pandas as pd
import streamlit as st

from supportwh.dashboard import charts, data, definitions

DEFINITIONS_URL = "definitions"
SLICE_LABELS = {
    "overall": "All tickets",
    "channel": "Channel",
    "category": "Category",
    "complexity_tier": "Complexity tier",
    "priority": "Priority",
}


# --- settings, cache and errors ----------------------------------------------------------


def app_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
    )
    parser.add_argument("--project-dir", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, path: str, mtime: float, args: tuple, kwargs: tuple):
    """One data.<name> call; the warehouse mtime is part of the key."""
    del mtime  # only a cache key: a rebuilt file gives a new one
    return getattr(data, name)(path, *args, **dict(kwargs))


def load(name: str, *args, **kwargs):
    path = st.session_state["warehouse"]
    return _cached(name, path, data.warehouse_mtime(path), args, tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False)
def _definitions(project_dir: str | None) -> list[definitions.Definition]:
    return definitions.read_definitions(project_dir)


def metric_link(metric: str, text: str = "definition") -> str:
    return f"[{text}]({DEFINITIONS_URL}#{metric.replace('_', '-')})"


def anchor_of(metric: str) -> str:
    # Streamlit anchors: lower case with hyphens, as in its own header slugs
    return metric.replace("_", "-")


def show_chart(chart, metric: str, caption: str | None = None) -> None:
    """An Altair chart with its caption linking to the metric's definition."""
    st.altair_chart(chart, width="stretch")
    text = f"{caption} · " if caption else ""
    st.caption(f"{text}{metric_link(metric, 'Definition: ' + metric)}")


PERCENT_SUFFIXES = (
    "_rate",
    "utilization",
    "occupancy",
    "availability",
    "adherence",
    "accuracy",
    "csat_normalized",
    "_change",
)


def table(frame: pd.DataFrame) -> None:
    """A dataframe with rates shown as percentages and durations rounded."""
    config = {}
    for column in frame.columns:
        if column.endswith(PERCENT_SUFFIXES) and pd.api.types.is_float_dtype(frame[column]):
            config[column] = st.column_config.NumberColumn(format="percent")
        elif column.endswith(("_seconds", "_minutes", "_hours", "_days")):
            config[column] = st.column_config.NumberColumn(format="%.1f")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def as_date(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def fmt_minutes(value) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    value = float(value)
    if value >= 24 * 60:
        return f"{value / 1440:.1f} d"
    if value >= 60:
        return f"{value / 60:.1f} h"
    return f"{value:.0f} min"


def fmt_rate(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{float(value):.1%}"


def fmt_count(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{int(value):,}"


# --- header on every page -------------------------------------------------------------------


def data_as_of_header() -> None:
    meta = load("build_metadata")
    if meta.empty:
        st.warning("dq_build_metadata is empty: the build did not record itself.")
        return
    row = meta.iloc[0]
    st.caption(
        f"Data as of **{pd.Timestamp(row['as_of_at']):%Y-%m-%d %H:%M} UTC** "
        f"({row.get('as_of_source', 'as_of')}) · latest data "
        f"{pd.Timestamp(row['latest_data_at']):%Y-%m-%d %H:%M} UTC · warehouse built "
        f"{pd.Timestamp(row['built_at']):%Y-%m-%d %H:%M} UTC · raw rows read "
        f"{fmt_count(row['raw_rows_read'])}, rejected {fmt_count(row['raw_rows_rejected'])}"
    )
    if bool(row["is_data_stale"]):
        hours = row["hours_since_latest_data_at_build"]
        age = "no data at all" if pd.isna(hours) else f"{hours / 24:,.1f} days old at build time"
        stale = row["stale_tables"] or "none listed"
        st.warning(
            f"**Stale data**: the latest data was {age} (threshold "
            f"{row['freshness_warn_after_hours']:.0f} h). Stale tables: {stale}. "
            "See the Data quality page.",
            icon="⚠️",
        )
    if bool(row.get("is_as_of_before_latest_data", False)):
        st.info("Back-dated build: windows are judged at var as_of, before the latest data.")


# --- sidebar slicers --------------------------------------------------------------------------


def sidebar_slicers() -> None:
    """Slicers shared by the pages (kept in session state across pages)."""
    sidebar = st.sidebar
    sidebar.header("Slicers")
    grain = sidebar.radio("Period grain", ["week", "day", "month"], key="grain", horizontal=True)
    first, last = load("ticket_kpi_period_range", grain="day")
    default_start = max(first, last - dt.timedelta(weeks=26))
    picked = sidebar.date_input(
        "Period range",
        value=(default_start, last),
        min_value=first,
        max_value=last,
        key="period_range",
    )
    if isinstance(picked, tuple | list) and len(picked) == 2:
        st.session_state["range"] = (picked[0], picked[1])
    else:
        st.session_state["range"] = (default_start, last)
    slices = load("ticket_kpi_slices")
    names = [name for name in data.SLICE_NAMES if name in set(slices["slice_name"])]
    slice_name = sidebar.selectbox(
        "Slice (channel, category, priority ...)",
        names,
        format_func=lambda name: SLICE_LABELS.get(name, name),
        key="slice_name",
    )
    values = slices.loc[slices["slice_name"] == slice_name, "slice_value"].tolist()
    slice_value = sidebar.selectbox("Slice value", values, key=f"slice_value_{slice_name}")
    st.session_state["slice"] = (slice_name, slice_value)
    teams = load("agent_teams")
    sidebar.selectbox("Team (agents, SLA clocks)", ["all teams", *teams], key="team")
    sidebar.caption(
        f"Grain {grain} and the period range apply to the ticket and SLA charts; the slice "
        "to the ticket KPIs, backlog and SLA attainment (the mart's own slice rows, never "
        "re-aggregated); the team to the Agents and SLA pages."
    )


def selected_team() -> str | None:
    team = st.session_state.get("team", "all teams")
    return None if team == "all teams" else team


def selected_slice() -> tuple[str, str]:
    return st.session_state.get("slice", ("overall", "all"))


def slice_caption() -> str:
    name, value = selected_slice()
    return "all tickets" if name == "overall" else f"{SLICE_LABELS.get(name, name)} = {value}"


# --- pages ---------------------------------------------------------------------------------


def overview_page() -> None:
    st.title("Overview")
    data_as_of_header()
    slice_name, slice_value = selected_slice()
    weeks = load("last_complete_weeks", slice_name, slice_value, 2)
    if weeks.empty:
        st.info("No complete week in the warehouse yet.")
        return
    this = weeks.iloc[0]
    prev = weeks.iloc[1] if len(weeks) > 1 else None
    week_start = as_date(this["period_start"])
    st.subheader(
        f"Last complete week: {week_start:%Y-%m-%d} – "
        f"{week_start + dt.timedelta(days=6):%Y-%m-%d} vs the week before"
    )
    st.caption(f"Slice: {slice_caption()} · source: mart_ticket_kpis_weekly")

    def delta(column, kind):
        if prev is None or pd.isna(this[column]) or pd.isna(prev[column]):
            return None
        change = float(this[column]) - float(prev[column])
        if kind == "rate":
            return f"{change * 100:+.1f} pts"
        if kind == "minutes":
            return f"{change:+,.0f} min"
        return f"{change:+,.0f}"

    tiles = [
        ("Tickets created", "tickets_created", "count", "normal", "ticket_kpi_cohorts"),
        (
            "First response",
            "first_response_minutes_median",
            "minutes",
            "inverse",
            "metric_first_response_time",
        ),
        (
            "Resolution time",
            "resolution_minutes_median",
            "minutes",
            "inverse",
            "metric_resolution_time",
        ),
        ("FCR rate", "fcr_rate", "rate", "normal", "metric_fcr_rate"),
        ("Reopen rate", "reopen_rate", "rate", "inverse", "metric_reopen_rate"),
        ("Escalation rate", "escalation_rate", "rate", "inverse", "metric_escalation_rate"),
        ("CSAT", "csat_rate", "rate", "normal", "metric_csat_rate"),
        (
            "First-reply SLA",
            "first_reply_sla_attainment_rate",
            "rate",
            "normal",
            "metric_sla_attainment_rate",
        ),
        (
            "Resolution SLA",
            "resolution_sla_attainment_rate",
            "rate",
            "normal",
            "metric_sla_attainment_rate",
        ),
        ("Backlog", "backlog_at_end", "count", "inverse", "metric_backlog"),
    ]
    formats = {"count": fmt_count, "minutes": fmt_minutes, "rate": fmt_rate}
    columns = st.columns(5)
    for position, (label, column, kind, colour, metric) in enumerate(tiles):
        note = ""
        if column == "fcr_rate" and this["fcr_pending"] > 0:
            note = f" ({int(this['fcr_pending'])} tickets still in their FCR window)"
        if column == "reopen_rate" and this["reopen_pending"] > 0:
            note = f" ({int(this['reopen_pending'])} tickets still in their reopen window)"
        with columns[position % 5]:
            st.metric(
                label,
                formats[kind](this[column]),
                delta=delta(column, kind),
                delta_color=colour,
                help=f"{label}: {column} of mart_ticket_kpis_weekly{note}. "
                f"Definition: Definitions page, {metric}.",
                border=True,
            )
    st.caption(
        "Definitions: "
        + " · ".join(
            metric_link(metric, label)
            for label, metric in [
                ("volume", "ticket_kpi_cohorts"),
                ("first response", "metric_first_response_time"),
                ("resolution", "metric_resolution_time"),
                ("FCR", "metric_fcr_rate"),
                ("reopen", "metric_reopen_rate"),
                ("escalation", "metric_escalation_rate"),
                ("CSAT", "metric_csat_rate"),
                ("SLA attainment", "metric_sla_attainment_rate"),
                ("backlog", "metric_backlog"),
            ]
        )
    )
    target = load("service_level_target")
    st.info(
        "**Targets**: the project defines no targets for these ticket KPIs (no targets seed "
        "or var), so none is shown. The targets it has: the contact-centre "
        f"service_level_target ({fmt_rate(target)}, Contact centre page), the "
        "first_assignment_accuracy_target (Agents page, per agent) and the SLA policy "
        "targets of the sla_policies seed (SLA page)."
    )
    history = load("ticket_kpis", "week", slice_name, slice_value)
    show_chart(
        charts.kpi_trend(history.tail(26), "tickets_created", "Tickets created per week"),
        "ticket_kpi_cohorts",
        "Last 26 weeks; the running week is drawn dashed and hollow (incomplete period)",
    )


def ticket_page() -> None:
    st.title("Tickets")
    data_as_of_header()
    grain = st.session_state.get("grain", "week")
    start, end = st.session_state.get("range", (None, None))
    slice_name, slice_value = selected_slice()
    frame = load("ticket_kpis", grain, slice_name, slice_value, start, end)
    st.caption(
        f"Grain: {grain} · {start} to {end} · slice: {slice_caption()} · source: "
        f"{data.TICKET_KPI_MARTS[grain]}. Dashed segments and hollow points: the period is "
        "incomplete at as_of, or its FCR / reopen windows are still open (window pending)."
    )
    if frame.empty:
        st.info("No rows for this slice and range.")
        return
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.kpi_trend(frame, "tickets_created", f"Tickets created per {grain}"),
            "ticket_kpi_cohorts",
        )
        show_chart(
            charts.kpi_trend(
                frame,
                "resolution_minutes_median",
                "Resolution time, median (minutes)",
                value_format=",.0f",
            ),
            "metric_resolution_time",
        )
        show_chart(
            charts.kpi_trend(
                frame,
                "reopen_rate",
                "Reopen rate",
                value_format=".0%",
                pending_column="reopen_pending",
            ),
            "metric_reopen_rate",
        )
    with right:
        show_chart(
            charts.kpi_trend(
                frame,
                "first_response_minutes_median",
                "First response time, median (minutes)",
                value_format=",.0f",
            ),
            "metric_first_response_time",
        )
        show_chart(
            charts.kpi_trend(
                frame, "fcr_rate", "FCR rate", value_format=".0%", pending_column="fcr_pending"
            ),
            "metric_fcr_rate",
        )
        show_chart(
            charts.kpi_trend(frame, "backlog_at_end", f"Backlog at {grain} end"),
            "metric_backlog",
        )
    if grain == "week":
        show_chart(
            charts.kpi_trend(
                frame, "backlog_growth_rate", "Backlog growth rate per week", value_format=".0%"
            ),
            "metric_backlog_growth_rate",
        )
        alerts = frame.loc[frame["is_backlog_growth_alert"].fillna(False).astype(bool)]
        if not alerts.empty:
            st.warning(
                "Backlog growth alert in the weeks starting "
                + ", ".join(f"{as_date(value)}" for value in alerts["period_start"])
                + f" ({metric_link('metric_backlog_growth_alert')})."
            )
    st.subheader("Backlog aging", anchor=False)
    aging = load("backlog_daily", slice_name, slice_value)
    if start and end:
        aging = aging[
            (aging["period_start"] >= pd.Timestamp(start))
            & (aging["period_start"] <= pd.Timestamp(end))
        ]
    buckets = {
        "open_under_1_day": "< 1 day",
        "open_1_to_3_days": "1-3 days",
        "open_3_to_7_days": "3-7 days",
        "open_7_to_30_days": "7-30 days",
        "open_over_30_days": "> 30 days",
    }
    long = aging.melt(
        id_vars=["period_start", "is_period_complete"],
        value_vars=list(buckets),
        var_name="bucket",
        value_name="tickets",
    )
    long["age"] = long["bucket"].map(buckets)
    long["stack_order"] = long["bucket"].map({key: i for i, key in enumerate(buckets)})
    incomplete = aging.loc[~aging["is_period_complete"].astype(bool), "period_start"]
    show_chart(
        charts.stacked_area(
            long,
            "period_start",
            "tickets",
            "age",
            "Open tickets at day end, by age",
            order=list(buckets.values()),
            incomplete_from=incomplete.min() if not incomplete.empty else None,
        ),
        "metric_backlog_snapshot",
        f"Slice: {slice_caption()} · source: mart_backlog_aging_daily; the day holding as_of "
        "(right of the dashed rule) is the backlog at as_of, an incomplete period",
    )
    if slice_name == "overall":
        status = load("backlog_by_status")
        if start and end:
            status = status[
                (status["snapshot_date"] >= pd.Timestamp(start))
                & (status["snapshot_date"] <= pd.Timestamp(end))
            ]
        incomplete = status.loc[~status["is_day_complete"].astype(bool), "snapshot_date"]
        show_chart(
            charts.stacked_area(
                status,
                "snapshot_date",
                "open_tickets",
                "status",
                "Open tickets at day end, by status",
                incomplete_from=incomplete.min() if not incomplete.empty else None,
            ),
            "metric_backlog_snapshot",
            "Source: fact_backlog_daily (all tickets)",
        )


def sla_page() -> None:
    st.title("SLA")
    data_as_of_header()
    grain = st.session_state.get("grain", "week")
    start, end = st.session_state.get("range", (None, None))
    slice_name, slice_value = selected_slice()
    long = load("sla_attainment", grain, slice_name, slice_value, start, end)
    show_chart(
        charts.multi_trend(
            long,
            "attainment_rate",
            "sla_metric",
            f"SLA attainment per {grain}, by SLA metric",
        ),
        "metric_sla_attainment_rate",
        f"Slice: {slice_caption()} · source: {data.TICKET_KPI_MARTS[grain]} "
        "(<metric>_sla_attainment_rate); clocks count in the period their verdict is known",
    )
    team = selected_team()
    st.subheader("Open clocks nearest their breach", anchor=False)
    counts = load("sla_open_clock_counts")
    columns = st.columns(max(len(counts), 1))
    for position, row in counts.iterrows():
        columns[position].metric(
            f"{row['sla_metric']} clocks running",
            fmt_count(row["open_clocks"]),
            help="Overdue: the target has run out and the clock still runs.",
        )
        columns[position].caption(f"{fmt_count(row['overdue_clocks'])} overdue")
    clocks = load("sla_open_clocks", team, 50)
    st.caption(
        f"Team: {team or 'all teams'} · the 50 running clocks nearest their breach, overdue "
        f"first (mart_sla_open_clocks) · {metric_link('metric_sla_clock')}"
    )
    table(clocks)


def agents_page() -> None:
    st.title("Agents")
    data_as_of_header()
    team = selected_team()
    weeks = load("scorecard_weeks")
    complete = weeks.loc[weeks["is_period_complete"].astype(bool), "period_start"]
    options = [as_date(value) for value in weeks["period_start"]]
    default = options.index(as_date(complete.iloc[0])) if not complete.empty else 0
    week = st.selectbox(
        "Week (Monday)",
        options,
        index=default,
        format_func=lambda value: (
            f"{value}" + ("" if value in {as_date(v) for v in complete} else " (incomplete)")
        ),
    )
    st.caption(f"Team: {team or 'all teams'} · source: mart_agent_scorecard_weekly")
    card = load("agent_scorecard", week, team)
    coaching = load("coaching_list", week, team)
    st.subheader("Coaching list", anchor=False)
    st.caption(
        "Human agents flagged this week: "
        + " · ".join(
            [
                metric_link("metric_speed_trap", "speed trap"),
                metric_link("metric_aht_z_score", "AHT outlier"),
                metric_link("metric_first_assignment_accuracy", "first-assignment accuracy"),
            ]
        )
    )
    if coaching.empty:
        st.info("No agent flagged this week.")
    else:
        table(
            coaching[
                [
                    "agent_name",
                    "team",
                    "agent_tier",
                    "reasons",
                    "agent_aht_seconds",
                    "agent_aht_relative_change",
                    "agent_resolved_reopen_rate",
                    "first_assignment_accuracy",
                ]
            ]
        )
    st.subheader("Scorecard", anchor=False)
    shown = [
        "agent_name",
        "team",
        "agent_tier",
        "is_bot",
        "tickets_worked",
        "tickets_resolved",
        "agent_aht_seconds",
        "agent_fcr_rate",
        "agent_fcr_pending",
        "agent_resolved_reopen_rate",
        "agent_reopen_pending",
        "agent_escalation_rate",
        "ticket_csat_rate",
        "is_agent_csat_low_sample",
        "csat_normalized",
        "first_assignment_accuracy",
    ]
    table(card[[c for c in shown if c in card]])
    st.caption(
        " · ".join(
            metric_link(metric, label)
            for label, metric in [
                ("AHT", "metric_agent_aht"),
                ("FCR", "metric_agent_fcr_rate"),
                ("reopen", "metric_agent_reopen_rate"),
                ("escalation", "metric_agent_escalation_rate"),
                ("CSAT", "metric_agent_csat"),
                ("CSAT normalised", "metric_csat_normalized"),
            ]
        )
    )
    st.subheader("Utilization and adherence by team", anchor=False)
    weekly = load("agent_weekly", team)
    start, end = st.session_state.get("range", (None, None))
    if start and end:
        weekly = weekly[
            (weekly["period_start"] >= pd.Timestamp(start))
            & (weekly["period_start"] <= pd.Timestamp(end))
        ]
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.multi_trend(weekly, "utilization", "team", "Utilization per week"),
            "metric_utilization",
            "Team value: the summed minutes of its agents' mart_agent_weekly rows",
        )
    with right:
        show_chart(
            charts.multi_trend(weekly, "adherence", "team", "Schedule adherence per week"),
            "metric_adherence",
            "Team value: the summed minutes of its agents' mart_agent_weekly rows",
        )
    rows = load("agent_weekly_rows", week, team)
    flagged = rows[
        rows["is_sustained_high_utilization"].fillna(False).astype(bool)
        | rows["is_sustained_low_utilization"].fillna(False).astype(bool)
    ]
    st.caption(
        f"Sustained high / low utilization this week: {len(flagged)} agents "
        f"({metric_link('metric_sustained_utilization')})"
    )
    if not flagged.empty:
        table(flagged)


def contact_centre_page() -> None:
    st.title("Contact centre")
    data_as_of_header()
    days = load("contact_center_days")
    if not days:
        st.info("No calls in the warehouse.")
        return
    daily = load("contact_center_daily")
    complete_days = [
        as_date(value) for value in daily.loc[daily["is_period_complete"].astype(bool), "date_day"]
    ]
    default_day = complete_days[-1] if complete_days else days[-1]
    day = st.date_input(
        "Day (UTC)", value=default_day, min_value=days[0], max_value=days[-1], key="cc_day"
    )
    target = load("service_level_target")
    intervals = load("contact_center_interval", day)
    st.caption(
        f"Intervals of {day} (mart_contact_center_interval, mart_staffing_interval); "
        f"service level target {fmt_rate(target)} (var service_level_target)"
    )
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.interval_bars(
                intervals, "service_level", "Service level", value_format=".0%", target=target
            ),
            "metric_service_level",
            "Red rule: service_level_target",
        )
        show_chart(
            charts.interval_bars(
                intervals, "abandonment_rate", "Abandonment rate", value_format=".0%"
            ),
            "metric_call_abandonment_rate",
        )
    with right:
        show_chart(
            charts.interval_bars(intervals, "asa_seconds", "ASA (seconds)"),
            "metric_asa",
        )
        show_chart(
            charts.staffing_gap(intervals, "Erlang C staffing gap (agents)"),
            "metric_staffing_gap",
        )
    start, end = st.session_state.get("range", (None, None))
    if start and end:
        daily = daily[
            (daily["date_day"] >= pd.Timestamp(start)) & (daily["date_day"] <= pd.Timestamp(end))
        ]
    show_chart(
        charts.kpi_trend(
            daily, "service_level", "Service level per day", x="date_day", value_format=".0%"
        ),
        "metric_service_level",
        "Source: mart_contact_center_daily",
    )


def self_service_page() -> None:
    st.title("Self-service and automation")
    data_as_of_header()
    deflection = load("self_service_deflection")
    show_chart(
        charts.multi_trend(
            deflection,
            "deflection_rate",
            "entry_point",
            "Deflection rate per month, by entry point",
        ),
        "metric_deflection_rate",
        "Source: mart_self_service_deflection (period_grain month, slice entry_point)",
    )
    table(load("self_service_deflection_all_time"))
    st.caption("All periods together; entry_point 'all' is the overall row.")
    st.subheader("AI against human resolutions", anchor=False)
    ai = load("ai_vs_human")
    long = ai.melt(
        id_vars=["resolver_class"],
        value_vars=["fcr_rate", "reopen_rate", "ticket_csat_rate"],
        var_name="measure",
        value_name="value",
    )
    long = long[long["resolver_class"] != "all"]
    show_chart(
        charts.grouped_bars(
            long, "measure", "value", "AI vs human (all time)", color="resolver_class"
        ),
        "metric_ticket_csat_rate",
        "Source: mart_ai_vs_human (all_time, all categories) · "
        + metric_link("metric_fcr_rate", "FCR")
        + " · "
        + metric_link("metric_reopen_rate", "reopen"),
    )
    monthly = load("ai_vs_human_monthly")
    show_chart(
        charts.multi_trend(
            monthly,
            "fcr_rate",
            "resolver_class",
            "FCR rate per month, bot vs human",
            x="period_month",
            pending_column="fcr_pending",
        ),
        "metric_fcr_rate",
        "Hollow points: incomplete month or tickets still in their FCR window",
    )
    automation = load("automation_comparison")
    show_chart(
        charts.kpi_trend(
            automation,
            "automation_resolution_rate",
            "Automation resolution rate per month",
            x="period_month",
            value_format=".0%",
        ),
        "metric_automation_resolution_rate",
        "Source: mart_automation_comparison (all categories, all handling classes)",
    )


def data_quality_page() -> None:
    st.title("Data quality")
    data_as_of_header()
    rejected = load("rejected_rows_by_reason")
    st.subheader("Rejected rows by reason", anchor=False)
    if rejected.empty:
        st.success("No raw row was rejected.")
    else:
        show_chart(
            charts.bar_counts(
                rejected.assign(label=rejected["source_table"] + ": " + rejected["reason"]),
                "label",
                "rejected_rows",
                "Rejected raw rows",
                color="source_table",
            ),
            "dq_rejection_rules",
            "Source: dq_rejected_rows (the first rule each row broke)",
        )
        table(rejected)
    st.subheader("Source freshness", anchor=False)
    table(load("source_freshness"))
    st.caption("Source: dq_source_freshness; is_stale uses var freshness_warn_after_hours.")
    st.subheader("Raw row counts", anchor=False)
    table(load("raw_row_counts"))
    st.caption("Source: dq_raw_row_counts (rows read = accepted + rejected).")


def definitions_page() -> None:
    st.title("Definitions")
    data_as_of_header()
    found = _definitions(st.session_state.get("project_dir"))
    if not found:
        st.warning("No metric docs blocks found (models/**/*.md of the dbt project).")
        return
    st.caption(
        f"{len(found)} definitions, read from the dbt docs blocks "
        "({% docs metric_... %}) of models/**/*.md."
    )
    st.markdown(" · ".join(f"[{item.title}](#{anchor_of(item.name)})" for item in found))
    for item in found:
        st.subheader(item.title, anchor=anchor_of(item.name), divider="gray")
        st.markdown(definitions.for_streamlit(item.body))
        st.caption(f"`{item.name}` · {item.source}")


PAGES = [
    (overview_page, "Overview", "overview", True),
    (ticket_page, "Tickets", "tickets", False),
    (sla_page, "SLA", "sla", False),
    (agents_page, "Agents", "agents", False),
    (contact_centre_page, "Contact centre", "contact_centre", False),
    (self_service_page, "Self-service and automation", "self_service", False),
    (data_quality_page, "Data quality", "data_quality", False),
    (definitions_page, "Definitions", "definitions", False),
]


def guarded(page):
    """A page that shows a clear message, not a stack trace, when the
    warehouse is missing or lacks a model."""

    def run() -> None:
        try:
            page()
        except data.WarehouseUnavailable as error:
            st.error(str(error))

    run.__name__ = page.__name__
    return run


def main() -> None:
    args = app_args()
    st.set_page_config(page_title="Support dashboard", page_icon="📊", layout="wide")
    st.session_state["warehouse"] = args.warehouse
    st.session_state["project_dir"] = args.project_dir
    pages = [
        st.Page(guarded(function), title=title, url_path=path, default=default)
        for function, title, path, default in PAGES
    ]
    navigation = st.navigation(pages)
    try:
        sidebar_slicers()
    except data.WarehouseUnavailable as error:
        st.error(str(error))
        st.stop()
    st.sidebar.caption(f"Warehouse (read-only): {args.warehouse}")
    navigation.run()


if __name__ == "__main__":
    main()
