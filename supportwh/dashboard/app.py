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
    "segment": "Customer segment",
    "plan": "Customer plan",
    "team": "Team (first assignee)",
    "created_weekday": "Weekday created",
    "created_hour": "Hour created (UTC)",
}
# the docs block defining each series of mart_kpi_trends (its anchor on the Definitions page)
SERIES_DOCS = {
    "tickets_created": "ticket_kpi_cohorts",
    "first_response_minutes_median": "metric_first_response_time",
    "fcr_rate": "metric_fcr_rate",
    "reopen_rate": "metric_reopen_rate",
    "csat_rate": "metric_csat_rate",
    "aht_seconds": "metric_aht",
    "resolution_minutes_median": "metric_resolution_time",
    "requester_wait_minutes_median": "metric_requester_wait",
    "escalation_rate": "metric_escalation_rate",
    "first_reply_sla_attainment_rate": "metric_sla_attainment_rate",
    "resolution_sla_attainment_rate": "metric_sla_attainment_rate",
    "automation_resolution_rate": "metric_automation_resolution_rate",
    "backlog_growth_rate": "metric_backlog_growth_rate",
    "cost_per_ticket": "metric_cost_per_ticket",
}
# what a period-over-period change is called at each grain of mart_kpi_trends
CHANGE_NAMES = {"daily": "DoD", "weekly": "WoW", "monthly": "MoM", "quarterly": "QoQ"}


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
    "_relative",
    "_share",
    "_rate_gap_to_category",
    "_mrr_ratio",
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


def is_true(value) -> bool:
    """A flag of a mart row: true, not false or null."""
    return value is not None and not pd.isna(value) and bool(value)


def fmt_relative(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{float(value):+.1%}"


def fmt_number(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{float(value):,.1f}"


def fmt_money(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def series_kind(series: str) -> str:
    """How a KPI column's values read: rate, minutes, seconds, money or count."""
    if series.endswith("_rate"):
        return "rate"
    if "_minutes" in series:
        return "minutes"
    if series.endswith("_seconds"):
        return "seconds"
    if series.startswith("cost") or series.endswith(("mrr", "arr")):
        return "money"
    return "count"


def fmt_series(series: str, value) -> str:
    kind = series_kind(series)
    if kind == "seconds":
        return "n/a" if value is None or pd.isna(value) else fmt_minutes(float(value) / 60)
    return {"rate": fmt_rate, "minutes": fmt_minutes, "money": fmt_money}.get(kind, fmt_count)(
        value
    )


def fmt_change(series: str, value) -> str:
    """A signed period-over-period change in the series' unit."""
    if value is None or pd.isna(value):
        return "n/a"
    kind = series_kind(series)
    value = float(value)
    if kind == "rate":
        return f"{value * 100:+.1f} pts"
    if kind == "seconds":
        return f"{value / 60:+,.1f} min"
    if kind == "minutes":
        return f"{value:+,.0f} min"
    return f"{value:+,.0f}"


def series_format(series: str) -> str:
    """The Vega axis format of a series."""
    return ".0%" if series_kind(series) == "rate" else ",.0f"


def target_verdict(row) -> str:
    """The mart's on/off-target verdict in words (is_on_target is null until final)."""
    if row is None:
        return "no target"
    on_target = row["is_on_target"]
    if on_target is None or pd.isna(on_target):
        return "not judged yet (value not final)"
    return "on target" if bool(on_target) else "off target"


def target_text(row) -> str:
    sign = "≥" if row["direction"] == "higher" else "≤"
    return f"target {sign} {fmt_series(row['metric'], row['target'])}"


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
    grain = sidebar.radio(
        "Period grain", ["week", "day", "month", "quarter"], key="grain", horizontal=True
    )
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
        "Slice (channel, category, segment, team, weekday ...)",
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
    targets = load("kpi_targets_for_period", "weekly", week_start, slice_name, slice_value)
    target_rows = {row["metric"]: row for _, row in targets.iterrows()}
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
            target = target_rows.get(column)
            if target is not None:
                verdict = target_verdict(target)
                colour = {"on target": "green", "off target": "red"}.get(verdict, "gray")
                st.caption(
                    f":{colour}[**{verdict}**] · {target_text(target)} ({target['target_id']})"
                )
            else:
                st.caption("no target for this slice")
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
    grain = data.TREND_GRAINS[st.session_state.get("grain", "week")]
    st.subheader(f"Targets ({grain})", anchor=False)
    latest = load("kpi_targets_latest_final")
    latest = latest[latest["grain"] == grain]
    if latest.empty:
        st.info("No KPI target has a final value yet (seed kpi_targets, mart_kpi_targets).")
    else:
        shown = latest.assign(
            period_start=[f"{as_date(value)}" for value in latest["period_start"]],
            verdict=[target_verdict(row) for _, row in latest.iterrows()],
            value=[fmt_series(row["metric"], row["series_value"]) for _, row in latest.iterrows()],
            target_value=[fmt_series(row["metric"], row["target"]) for _, row in latest.iterrows()],
        )
        table(
            shown[
                [
                    "target_id",
                    "metric",
                    "slice_name",
                    "slice_value",
                    "period_start",
                    "value",
                    "direction",
                    "target_value",
                    "verdict",
                    "target_gap_relative",
                ]
            ]
        )
    target = load("service_level_target")
    st.caption(
        f"Each target (seed kpi_targets) at the latest {grain} period (sidebar grain) whose "
        "value is final "
        "(mart_kpi_targets; a running period or a rate still waiting on its window is never "
        f"judged) · {metric_link('metric_kpi_target', 'Definition: metric_kpi_target')}. "
        "Other targets: the contact-centre service_level_target "
        f"({fmt_rate(target)}, Contact centre page), first_assignment_accuracy_target (Agents "
        "page) and the SLA policy targets (SLA page)."
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
    agent_monthly_sections(team)


def trends_page() -> None:
    st.title("Trends")
    data_as_of_header()
    grain = data.TREND_GRAINS[st.session_state.get("grain", "week")]
    change_name = CHANGE_NAMES[grain]
    slice_name, slice_value = selected_slice()
    slices = load("kpi_trend_slices")
    if not ((slices["slice_name"] == slice_name) & (slices["slice_value"] == slice_value)).any():
        st.info(f"mart_kpi_trends has no rows for {slice_caption()}: showing all tickets.")
        slice_name, slice_value = "overall", "all"
    latest = load("kpi_trend_latest", grain, slice_name, slice_value)
    st.caption(
        f"Grain {grain} (sidebar) · slice: {slice_name} = {slice_value} · source: "
        "mart_kpi_trends. Each series at its latest complete period against the period before "
        f"({change_name}); a value still waiting on its window gets no verdict and is not "
        "scored for anomalies. "
        + " · ".join(
            [
                metric_link("metric_period_over_period_change", "period-over-period change"),
                metric_link("metric_week_over_week_change", "week-over-week change"),
                metric_link("metric_robust_z_score", "anomaly score"),
            ]
        )
    )
    if latest.empty:
        st.info("No complete period at this grain yet.")
        return
    rows = []
    for _, row in latest.iterrows():
        series = row["series"]
        anomaly = row["is_anomaly"]
        rows.append(
            {
                "series": series,
                "period_start": f"{as_date(row['period_start'])}",
                "value": fmt_series(series, row["series_value"]),
                "previous": fmt_series(series, row["previous_period_value"]),
                change_name: fmt_change(series, row["period_over_period_change"]),
                f"{change_name} %": fmt_relative(row["period_over_period_relative_change"]),
                "verdict": row["change_verdict"] or "not compared",
                "final": "yes" if is_true(row["is_value_final"]) else "no",
                "anomaly": (
                    "not scored"
                    if anomaly is None or pd.isna(anomaly)
                    else (row["anomaly_direction"] if bool(anomaly) else "no")
                ),
            }
        )
    # a static table (HTML, not a canvas grid): 14 rows, every cell readable as shown
    st.table(pd.DataFrame(rows).set_index("series"))
    series_names = latest["series"].tolist()
    default = (
        series_names.index("first_response_minutes_median")
        if ("first_response_minutes_median" in series_names)
        else 0
    )
    series = st.selectbox("Series", series_names, index=default, key="trend_series")
    frame = load("kpi_trend", grain, series, slice_name, slice_value)
    targets = load("kpi_targets_for_period", grain, None, slice_name, slice_value)
    target = targets.loc[targets["metric"] == series, "target"]
    show_chart(
        charts.trend_with_anomalies(
            frame.tail(60),
            "series_value",
            f"{series} per {grain.removesuffix('ly').replace('dai', 'day')} period",
            value_format=series_format(series),
            target=float(target.iloc[0]) if not target.empty else None,
        ),
        SERIES_DOCS.get(series, "metric_robust_z_score"),
        "Red rings: anomalies (mart_kpi_trends.is_anomaly); green dashed rule: the target "
        "(mart_kpi_targets) when one is set; dashed and hollow: incomplete period or window "
        f"pending · {metric_link('metric_robust_z_score', 'anomaly score')}",
    )
    changes = frame.dropna(subset=["period_over_period_relative_change"]).tail(60)
    show_chart(
        charts.kpi_trend(
            changes,
            "period_over_period_relative_change",
            f"{series}: {change_name} relative change",
            value_format="+.0%",
            pending_column="pending_count",
        ),
        "metric_period_over_period_change",
        "period_over_period_relative_change of mart_kpi_trends",
    )
    st.subheader("Latest anomalies", anchor=False)
    anomalies = load("kpi_anomalies", grain, 30)
    st.caption(
        f"Every slice and series at grain {grain}, newest first (|robust z| above "
        f"anomaly_z_threshold) · {metric_link('metric_robust_z_score')}"
    )
    if anomalies.empty:
        st.info("No anomaly at this grain.")
    else:
        table(anomalies)


IMPACT_VERDICTS = [
    "improved",
    "worsened",
    "no_significant_change",
    "after_window_open",
    "insufficient_sample",
    "not_testable",
]
IMPACT_COLORS = ["#74c476", "#fb6a4a", "#d9d9d9", "#f7f7f7", "#fdd0a2", "#dadaeb"]


def impact_sentence(row) -> str:
    """One plain sentence per change x KPI, from the mart's own numbers and verdict."""
    kpi = row["kpi_name"]
    before = fmt_series(kpi, row["baseline_value"])
    after = fmt_series(kpi, row["after_value"])
    verdict = row["impact_verdict"]
    if verdict == "after_window_open":
        return f"{kpi}: the after window ends {as_date(row['after_end_date'])}: not scored yet."
    change = fmt_change(kpi, row["absolute_change"])
    relative = row["relative_change"]
    relative_text = "" if relative is None or pd.isna(relative) else f", {relative:+.0%}"
    p_value = row["p_value"]
    p_text = "" if p_value is None or pd.isna(p_value) else f"p = {p_value:.3f}"
    head = f"{kpi}: {before} → {after} ({change}{relative_text})"
    if verdict == "improved":
        return f"{head}: a significant improvement ({p_text}, {row['test_name']})."
    if verdict == "worsened":
        return f"{head}: significantly worse ({p_text}, {row['test_name']})."
    if verdict == "no_significant_change":
        return f"{head}: no significant change ({p_text}, {row['test_name']})."
    if verdict == "insufficient_sample":
        return (
            f"{head}: too few observations to test (n = {fmt_count(row['baseline_n'])} before, "
            f"{fmt_count(row['after_n'])} after)."
        )
    return f"{head}: {verdict.replace('_', ' ')}."


def changes_page() -> None:
    st.title("Changes")
    data_as_of_header()
    impact = load("change_impact")
    st.caption(
        "Did the change help? Every headline KPI over the tickets of the change's scope, in the "
        "baseline window before the go-live against the after window, with a test suited to "
        "the KPI (source: mart_change_impact; changes: seed kpi_changes) · "
        + " · ".join(
            [
                metric_link("metric_change_impact", "change impact"),
                metric_link("metric_change_significance", "significance"),
            ]
        )
    )
    if impact.empty:
        st.info("No change in seed kpi_changes.")
        return
    show_chart(
        charts.verdict_grid(
            # an open after window: no interim value (not final), only its state
            impact.assign(
                relative_change=impact["relative_change"].where(
                    impact["impact_verdict"] != "after_window_open"
                )
            ),
            "change_id",
            "kpi_name",
            "relative_change",
            "impact_verdict",
            "Relative change after the go-live, per change and KPI",
            IMPACT_VERDICTS,
            IMPACT_COLORS,
            height=22 * impact["kpi_name"].nunique(),
        ),
        "metric_change_impact",
        "Colour: the mart's impact_verdict (green / red: significant at alpha); light grey "
        "after_window_open: the after window has not ended at as_of (incomplete period: the "
        "change is not scored and its interim value not shown)",
    )
    for change_id, rows in impact.groupby("change_id", sort=False):
        first = rows.iloc[0]
        scope = (
            "all tickets"
            if first["scope_type"] == "all"
            else f"{first['scope_type']} = {first['scope_value']}"
        )
        st.subheader(f"{change_id}: {first['change_name']}", anchor=False)
        st.caption(
            f"{first['change_type']} · go-live {as_date(first['go_live_date'])} · scope: {scope}"
            f" · baseline {as_date(first['baseline_start_date'])} to "
            f"{as_date(first['baseline_end_date'])} · after {as_date(first['after_start_date'])}"
            f" to {as_date(first['after_end_date'])} · alpha {first['alpha']}"
            + ("" if bool(first["is_after_window_complete"]) else " · after window still open")
            + f" · {metric_link('change_windows', 'windows')}"
        )
        st.markdown("\n".join(f"- {impact_sentence(row)}" for _, row in rows.iterrows()))
        with st.expander("Numbers (mart_change_impact)"):
            table(
                rows[
                    [
                        "kpi_name",
                        "kpi_unit",
                        "baseline_n",
                        "baseline_value",
                        "after_n",
                        "after_value",
                        "absolute_change",
                        "relative_change",
                        "test_name",
                        "p_value",
                        "change_ci_lower",
                        "change_ci_upper",
                        "is_significant",
                        "impact_verdict",
                    ]
                ]
            )


def evidence_rows(signals: pd.DataFrame) -> pd.DataFrame:
    """Each flagged agent with its flags and, beside each flag, the mart's evidence columns
    (values as the mart has them, only formatted)."""
    rows = []
    for _, row in signals.iterrows():
        flags, evidence = [], []
        if is_true(row["is_cherry_picking"]):
            flags.append("cherry-picking")
            evidence.append(
                f"low-complexity share of self-assigned {fmt_rate(row['self_assigned_low_share'])}"
                f" vs team {fmt_rate(row['team_peer_self_assigned_low_share'])} "
                f"(z {fmt_number(row['self_assigned_low_share_z'])})"
            )
        if is_true(row["is_fast_with_low_csat"]):
            flags.append("fast AHT, low CSAT")
            evidence.append(
                f"AHT {fmt_series('aht_seconds', row['first_assigned_aht_seconds'])} vs tier mix "
                f"{fmt_series('aht_seconds', row['tier_mix_baseline_aht_seconds'])}; CSAT "
                f"{fmt_rate(row['first_assigned_csat_rate'])} vs category baseline "
                f"{fmt_rate(row['csat_category_baseline'])}"
            )
        if is_true(row["is_low_escalation"]):
            flags.append("low escalation vs peers")
            evidence.append(
                f"escalations {fmt_count(row['escalations_observed'])} observed vs "
                f"{fmt_number(row['escalations_expected'])} expected "
                f"(z {fmt_number(row['escalation_deviation_z'])})"
            )
        if is_true(row["is_high_recategorisation"]):
            flags.append("high recategorisation")
            evidence.append(
                f"recategorised {fmt_rate(row['recategorisation_rate'])} vs team "
                f"{fmt_rate(row['team_peer_recategorisation_rate'])}"
            )
        rows.append(
            {
                "agent_name": row["agent_name"],
                "team": row["team"],
                "tickets": row["first_assigned_tickets"],
                "flags": ", ".join(flags),
                "evidence": "; ".join(evidence),
            }
        )
    return pd.DataFrame(rows, columns=["agent_name", "team", "tickets", "flags", "evidence"])


AGENT_CATEGORY_MEASURES = {
    "fcr_rate_gap_to_category": ("FCR vs category", "metric_fcr_rate", "+.0%", False),
    "reopen_rate_gap_to_category": ("Reopen rate vs category", "metric_reopen_rate", "+.0%", True),
    "aht_seconds_gap_to_category": ("AHT vs category (seconds)", "metric_aht", "+,.0f", True),
    "ticket_csat_rate_gap_to_category": (
        "CSAT vs category",
        "metric_ticket_csat_rate",
        "+.0%",
        False,
    ),
}


def agent_monthly_sections(team: str | None) -> None:
    """Coaching signals of a month, and agent x category against the category baselines."""
    st.subheader("Coaching signals of the month", anchor=False)
    months = load("coaching_signal_months")
    if months.empty:
        st.info("mart_agent_coaching_signals_monthly has no rows.")
    else:
        options = [as_date(value) for value in months["period_start"]]
        complete = {as_date(v) for v in months.loc[months["is_period_complete"], "period_start"]}
        default = next((i for i, value in enumerate(options) if value in complete), 0)
        month = st.selectbox(
            "Month",
            options,
            index=default,
            key="coaching_month",
            format_func=lambda value: (
                f"{value:%Y-%m}" + ("" if value in complete else " (incomplete)")
            ),
        )
        signals = load("coaching_signals", month, team)
        st.caption(
            f"Team: {team or 'all teams'} · source: mart_agent_coaching_signals_monthly · "
            + " · ".join(
                metric_link(metric, label)
                for label, metric in [
                    ("cherry-picking", "metric_cherry_picking"),
                    ("fast with low CSAT", "metric_fast_with_low_csat"),
                    ("low escalation", "metric_low_escalation"),
                    ("recategorisation", "metric_recategorisation_rate"),
                ]
            )
        )
        if signals.empty:
            st.info("No agent has a coaching signal this month.")
        else:
            table(evidence_rows(signals))
    st.subheader("Agent × category", anchor=False)
    months = load("agent_category_months")
    options = [None, *[as_date(value) for value in months["period_month"]]]
    complete = {as_date(v) for v in months.loc[months["is_period_complete"], "period_month"]}
    left, right = st.columns(2)
    month = left.selectbox(
        "Period",
        options,
        key="agent_category_month",
        format_func=lambda value: (
            "all time"
            if value is None
            else f"{value:%Y-%m}" + ("" if value in complete else " (incomplete)")
        ),
    )
    measure = right.selectbox(
        "Measure",
        list(AGENT_CATEGORY_MEASURES),
        format_func=lambda name: AGENT_CATEGORY_MEASURES[name][0],
        key="agent_category_measure",
    )
    label, metric, value_format, reverse = AGENT_CATEGORY_MEASURES[measure]
    frame = load("agent_category", month, team)
    agents = frame[frame["agent_id"] != "all"]
    if "is_sample_sufficient" in agents and measure != "aht_seconds_gap_to_category":
        agents = agents[agents["is_sample_sufficient"].fillna(False).astype(bool)]
    show_chart(
        charts.heatmap(
            agents,
            "category",
            "agent_name",
            measure,
            f"{label}: agent minus the category's baseline",
            value_format=value_format,
            reverse=reverse,
            height=max(200, 18 * agents["agent_name"].nunique()),
        ),
        metric,
        f"Source: mart_agent_category_monthly ({'all time' if month is None else month}); "
        "green: better than the category's human agents; rates only with a sufficient sample"
        + ("" if month is None or month in complete else " · incomplete period: not final"),
    )
    with st.expander("Category baselines and agent rows"):
        table(
            frame[
                [
                    "category",
                    "agent_id",
                    "agent_name",
                    "team",
                    "tickets_first_resolved",
                    "fcr_rate",
                    "category_fcr_rate",
                    "reopen_rate",
                    "aht_seconds",
                    "ticket_csat_rate",
                    "resolution_minutes_median",
                    "fcr_rate_gap_to_category",
                    "reopen_rate_gap_to_category",
                    "aht_seconds_gap_to_category",
                    "ticket_csat_rate_gap_to_category",
                ]
            ]
        )


def month_picker(months: pd.DataFrame, column: str, key: str, label: str = "Month"):
    """A month selectbox, newest first, defaulting to the latest complete month."""
    options = [as_date(value) for value in months[column]]
    complete = {as_date(v) for v in months.loc[months["is_period_complete"].astype(bool), column]}
    default = next((i for i, value in enumerate(options) if value in complete), 0)
    return st.selectbox(
        label,
        options,
        index=default,
        key=key,
        format_func=lambda value: f"{value:%Y-%m}" + ("" if value in complete else " (incomplete)"),
    )


def quality_feedback_page() -> None:
    st.title("Quality & feedback")
    data_as_of_header()
    months = load("diagnostics_months")
    if months.empty:
        st.info("No first responses in the warehouse.")
        return
    month = month_picker(months, "period_month", "quality_month")
    st.subheader("First-response quality", anchor=False)
    overall = load("first_response_quality", "overall")
    long = overall.melt(
        id_vars=["period_month", "is_period_complete"],
        value_vars=[
            "substantive_first_response_rate",
            "acknowledgement_only_first_response_rate",
            "help_centre_link_first_response_rate",
        ],
        var_name="share",
        value_name="rate",
    )
    long["share"] = long["share"].str.removesuffix("_first_response_rate").str.replace("_", " ")
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.multi_trend(
                long, "rate", "share", "First responses by what they say", x="period_month"
            ),
            "metric_first_response_quality_rate",
            "Source: mart_first_response_quality_monthly (overall); the share of first "
            "responses with a text that is substantive, acknowledgement only or links an "
            "article · " + metric_link("metric_first_response_quality", "quality classes"),
        )
    with right:
        show_chart(
            charts.kpi_trend(
                overall,
                "first_response_minutes_median",
                "First response time beside it, median (minutes)",
                x="period_month",
            ),
            "metric_first_response_time",
            "Same cohort (tickets created in the month with a first response)",
        )
    dimension = st.radio("Per", ["agent", "category"], horizontal=True, key="quality_dimension")
    cut = load("first_response_quality", dimension, month)
    table(
        cut[
            [
                "dimension_value",
                "first_responses",
                "first_responses_classified",
                "substantive_first_response_rate",
                "acknowledgement_only_first_response_rate",
                "help_centre_link_first_response_rate",
                "first_response_minutes_median",
            ]
        ]
    )
    outcomes = load("first_response_quality_outcomes", month)
    long = outcomes.melt(
        id_vars=["first_response_quality"],
        value_vars=["fcr_rate", "reopen_rate"],
        var_name="measure",
        value_name="value",
    )
    pending = int(
        outcomes["fcr_pending"].fillna(0).sum() + outcomes["reopen_pending"].fillna(0).sum()
    )
    show_chart(
        charts.grouped_bars(
            long.dropna(subset=["value"]),
            "first_response_quality",
            "value",
            f"FCR and reopen rate by first-response quality, {month:%Y-%m}",
            color="measure",
        ),
        "metric_first_response_quality",
        "Source: mart_first_response_quality_outcomes_monthly (tickets first resolved in the "
        "month)"
        + (f" · {pending:,} tickets still inside their window: not final" if pending else "")
        + f" · {metric_link('metric_fcr_rate', 'FCR')}"
        + f" · {metric_link('metric_reopen_rate', 'reopen')}",
    )
    st.subheader("Reopen root causes", anchor=False)
    causes = load("reopen_root_causes", month)
    if causes.empty:
        st.info(f"No reopen in {month:%Y-%m}.")
    else:
        show_chart(
            charts.bar_counts(
                causes, "reopen_reason", "reopens", f"Reopens by root cause, {month:%Y-%m}"
            ),
            "metric_reopen_root_cause",
            "Source: mart_reopen_root_causes_monthly (summed over its category × agent rows); "
            "root_cause_share in the table is the mart's share of the tagged reopens",
        )
        with st.expander("By root cause, category and agent"):
            table(load("reopen_root_cause_rows", month))
        table(causes)
    st.subheader(
        "Product feedback: tickets that became bug reports or feature requests", anchor=False
    )
    feedback = load("product_feedback", "all")
    long = feedback.melt(
        id_vars=["period_month", "is_period_complete"],
        value_vars=["linked_issue_rate", "bug_report_rate", "feature_request_rate"],
        var_name="measure",
        value_name="rate",
    )
    long["measure"] = long["measure"].str.removesuffix("_rate").str.replace("_", " ")
    show_chart(
        charts.multi_trend(
            long, "rate", "measure", "Linked to an engineering issue, per month", x="period_month"
        ),
        "metric_linked_issue_rate",
        "Source: mart_product_feedback_monthly (category all; tickets created in the month)",
    )
    table(load("product_feedback_by_category", month))
    st.subheader("CSAT by survey timing", anchor=False)
    delay = load("csat_by_survey_delay", month)
    if delay.empty:
        st.info(f"No CSAT survey sent in {month:%Y-%m}.")
    else:
        show_chart(
            charts.grouped_bars(
                delay.dropna(subset=["csat_rate"]),
                "survey_delay_bucket",
                "csat_rate",
                f"CSAT by delay from resolution to survey, {month:%Y-%m}",
            ).encode(y=alt_sort("survey_delay_bucket", delay["survey_delay_bucket"].tolist())),
            "metric_survey_delay",
            "Source: mart_csat_by_survey_delay_monthly · "
            + metric_link("metric_csat_rate", "CSAT rate"),
        )
        table(
            delay[
                [
                    "survey_delay_bucket",
                    "csat_surveys_sent",
                    "csat_responses",
                    "csat_rate",
                    "csat_response_rate",
                    "survey_delay_minutes_median",
                ]
            ]
        )


def alt_sort(field: str, order: list[str]):
    import altair as alt

    return alt.Y(f"{field}:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))


def customers_revenue_page() -> None:
    st.title("Customers & revenue")
    data_as_of_header()
    churn = load("segment_churn_monthly", "overall")
    if churn.empty:
        st.info("No customers in the warehouse.")
        return
    months = churn[["period_start", "is_period_complete"]].sort_values(
        "period_start", ascending=False
    )
    month = month_picker(months, "period_start", "revenue_month")
    row = churn[churn["period_start"] == pd.Timestamp(month)].iloc[0]
    segment_costs = load("segment_cost_to_serve", "overall")
    cost_row = segment_costs[segment_costs["period_start"] == pd.Timestamp(month)]
    expansion = load("expansion_signals_monthly")
    expansion_row = expansion[expansion["period_start"] == pd.Timestamp(month)]
    tiles = [
        ("MRR at risk (month end)", fmt_money(row["mrr_at_risk_at_end"]), "metric_mrr_at_risk"),
        ("Share of MRR at risk", fmt_rate(row["mrr_at_risk_rate"]), "metric_mrr_at_risk"),
        (
            "Customers at risk",
            fmt_count(row["customers_at_risk_at_end"]),
            "metric_churn_risk_signal",
        ),
        ("MRR churned", fmt_money(row["mrr_churned"]), "metric_mrr_churned"),
        (
            "Accounts with expansion signal",
            fmt_count(expansion_row["accounts_with_expansion_signal"].iloc[0])
            if not expansion_row.empty
            else "n/a",
            "metric_expansion_signal",
        ),
        (
            "Cost to serve / MRR",
            fmt_rate(cost_row["cost_to_serve_mrr_ratio"].iloc[0]) if not cost_row.empty else "n/a",
            "metric_cost_to_serve_mrr_ratio",
        ),
    ]
    columns = st.columns(3)
    for position, (label, value, metric) in enumerate(tiles):
        columns[position % 3].metric(label, value, border=True, help=f"Definition: {metric}")
    st.caption(
        f"{month:%Y-%m}"
        + ("" if bool(row["is_period_complete"]) else " (incomplete period: not final)")
        + " · sources: mart_customer_segment_churn (overall), mart_account_expansion_signals_"
        "monthly, mart_segment_cost_to_serve_monthly (overall) · "
        + " · ".join(
            metric_link(metric, label)
            for label, metric in [
                ("MRR at risk", "metric_mrr_at_risk"),
                ("churn risk", "metric_churn_risk_signal"),
                ("MRR churned", "metric_mrr_churned"),
                ("expansion", "metric_expansion_signal"),
                ("cost to serve / MRR", "metric_cost_to_serve_mrr_ratio"),
            ]
        )
    )
    st.subheader("Revenue at risk", anchor=False)
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.kpi_trend(churn, "mrr_at_risk_at_end", "MRR at risk at month end"),
            "metric_mrr_at_risk",
            "MRR of the customers with the churn-risk signal at the month's end",
        )
    with right:
        by_segment = load("segment_churn_monthly", "segment")
        show_chart(
            charts.multi_trend(
                by_segment, "mrr_at_risk_rate", "segment", "Share of MRR at risk, by segment"
            ),
            "metric_mrr_at_risk",
            "Source: mart_customer_segment_churn (slice segment)",
        )
    st.caption(f"Customers with the churn-risk signal at the end of {month:%Y-%m}, most MRR first")
    table(load("customers_at_risk", month))
    st.subheader("Expansion signals", anchor=False)
    show_chart(
        charts.kpi_trend(
            expansion, "accounts_with_expansion_signal", "Accounts with an expansion signal"
        ),
        "metric_expansion_signal",
        "Accounts whose customers contacted about an expansion-signal category in the month "
        "(seed ticket_categories) · counted from mart_account_expansion_signals_monthly",
    )
    table(load("expansion_signals", month))
    st.subheader("Cost to serve against revenue", anchor=False)
    segments = load("segment_cost_to_serve", "segment")
    this_month = segments[segments["period_start"] == pd.Timestamp(month)]
    long = this_month.melt(
        id_vars=["segment"],
        value_vars=["cost_to_serve", "mrr"],
        var_name="measure",
        value_name="amount",
    )
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.grouped_bars(
                long.dropna(subset=["amount"]),
                "segment",
                "amount",
                f"Cost to serve and MRR by segment, {month:%Y-%m}",
                color="measure",
                value_format=",.0f",
            ),
            "metric_cost_to_serve",
            "Source: mart_segment_cost_to_serve_monthly (slice segment) · "
            + metric_link("metric_mrr", "MRR"),
        )
    with right:
        show_chart(
            charts.multi_trend(
                segments,
                "cost_to_serve_mrr_ratio",
                "segment",
                "Cost to serve / MRR, by segment",
            ),
            "metric_cost_to_serve_mrr_ratio",
            "Source: mart_segment_cost_to_serve_monthly",
        )
    st.caption(f"Customers with tickets in {month:%Y-%m}, highest cost to serve / MRR first")
    table(load("customer_cost_to_serve", month))


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
    (trends_page, "Trends", "trends", False),
    (sla_page, "SLA", "sla", False),
    (agents_page, "Agents", "agents", False),
    (changes_page, "Changes", "changes", False),
    (quality_feedback_page, "Quality & feedback", "quality_feedback", False),
    (customers_revenue_page, "Customers & revenue", "customers_revenue", False),
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
