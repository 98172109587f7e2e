"""Altair chart builders of the dashboard, free of Streamlit (the weekly HTML
report reuses them).

A period that has not ended at as_of (`is_period_complete` false), and a rate
whose window is still open for some of its tickets (its `_pending` count > 0),
is drawn as such: a dashed segment and a hollow point, with the legend
"incomplete period" / "window pending", never as a drop of the solid line.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

FINAL = "final"
INCOMPLETE = "incomplete period"
PENDING = "window pending"
STATUS_DOMAIN = [FINAL, INCOMPLETE, PENDING]
STATUS_COLORS = ["#1f77b4", "#9e9e9e", "#ff7f0e"]
WIDTH = "container"


def period_status(
    frame: pd.DataFrame,
    complete_column: str = "is_period_complete",
    pending_column: str | None = None,
) -> pd.Series:
    """final / incomplete period / window pending, per row."""
    complete = frame[complete_column].fillna(False).astype(bool)
    status = pd.Series(FINAL, index=frame.index)
    if pending_column is not None and pending_column in frame:
        pending = frame[pending_column].fillna(0) > 0
        status = status.mask(pending, PENDING)
    return status.mask(~complete, INCOMPLETE)


def _finish(chart, title: str, height: int):
    """Title, plot height and container width; the width fits the container
    while the height is the plot's own (axes, legend and title add to it)."""
    return chart.properties(
        title=title,
        height=height,
        width=WIDTH,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _day_domain(frame: pd.DataFrame, x: str):
    """The x scale spanning every interval of the frame (empty ones too)."""
    if frame.empty:
        return alt.Undefined
    start = pd.Timestamp(frame[x].min())
    if "interval_end_at" in frame:
        end = pd.Timestamp(frame["interval_end_at"].max())
    else:
        end = pd.Timestamp(frame[x].max())
    return alt.Scale(domain=[start.isoformat(), end.isoformat()])


def _status_legend() -> alt.Scale:
    return alt.Scale(domain=STATUS_DOMAIN, range=STATUS_COLORS)


def kpi_trend(
    frame: pd.DataFrame,
    value: str,
    title: str,
    x: str = "period_start",
    value_title: str | None = None,
    value_format: str = ",.0f",
    pending_column: str | None = None,
    complete_column: str = "is_period_complete",
    height: int = 220,
) -> alt.LayerChart:
    """One KPI over periods: solid line over final values, dashed from the last
    final value on, points filled when final and hollow otherwise."""
    data = frame[[x, value, complete_column]].copy()
    if pending_column is not None and pending_column in frame:
        data[pending_column] = frame[pending_column]
    data["status"] = period_status(data, complete_column, pending_column)
    data = data.dropna(subset=[value]).reset_index(drop=True)
    is_final = data["status"] == FINAL
    solid = data[is_final]
    # the dashed part starts at the last final point so that the line joins up
    last_final = data.index[is_final].max() if is_final.any() else 0
    dashed = data.loc[last_final:]
    y = alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format))
    x_enc = alt.X(f"{x}:T", title=None)
    tooltip = [
        alt.Tooltip(f"{x}:T", title="period"),
        alt.Tooltip(f"{value}:Q", title=value_title or title, format=value_format),
        alt.Tooltip("status:N"),
    ]
    base = alt.Chart(data).encode(x=x_enc, y=y)
    line_solid = alt.Chart(solid).mark_line(color=STATUS_COLORS[0]).encode(x=x_enc, y=y)
    line_dashed = (
        alt.Chart(dashed).mark_line(color=STATUS_COLORS[1], strokeDash=[5, 4]).encode(x=x_enc, y=y)
    )
    points = base.mark_point(size=45, strokeWidth=1.5).encode(
        color=alt.Color(
            "status:N", scale=_status_legend(), title=None, legend=alt.Legend(orient="bottom")
        ),
        fill=alt.condition(
            alt.datum.status == FINAL,
            alt.Color("status:N", scale=_status_legend()),
            alt.value("white"),
        ),
        tooltip=tooltip,
    )
    return _finish(alt.layer(line_solid, line_dashed, points), title, height)


def multi_trend(
    frame: pd.DataFrame,
    value: str,
    series: str,
    title: str,
    x: str = "period_start",
    value_format: str = ".0%",
    complete_column: str = "is_period_complete",
    pending_column: str | None = None,
    height: int = 240,
) -> alt.LayerChart:
    """Several series of one measure (e.g. attainment by SLA metric): a line per
    series, solid over final periods, dashed where the period is incomplete,
    points hollow for incomplete or pending values."""
    data = frame.copy()
    data["status"] = period_status(data, complete_column, pending_column)
    data = data.dropna(subset=[value])
    data["is_final"] = data["status"] == FINAL
    x_enc = alt.X(f"{x}:T", title=None)
    y = alt.Y(f"{value}:Q", title=None, axis=alt.Axis(format=value_format))
    color = alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom"))
    # the dashed layer holds the last final period and everything after it
    last_final = data.loc[data["is_final"], x].max() if data["is_final"].any() else None
    dashed_data = data if last_final is None else data[data[x] >= last_final]
    solid = alt.Chart(data[data["is_final"]]).mark_line().encode(x=x_enc, y=y, color=color)
    dashed = (
        alt.Chart(dashed_data)
        .mark_line(strokeDash=[5, 4], opacity=0.6)
        .encode(x=x_enc, y=y, color=color)
    )
    shapes = alt.Scale(domain=STATUS_DOMAIN, range=["circle", "triangle", "square"])
    points = (
        alt.Chart(data)
        .mark_point(size=40)
        .encode(
            x=x_enc,
            y=y,
            color=color,
            shape=alt.Shape("status:N", scale=shapes, legend=None),
            fill=alt.condition(
                alt.datum.is_final,
                alt.Color(f"{series}:N", legend=None),
                alt.value("white"),
            ),
            tooltip=[
                alt.Tooltip(f"{x}:T", title="period"),
                alt.Tooltip(f"{series}:N"),
                alt.Tooltip(f"{value}:Q", format=value_format),
                alt.Tooltip("status:N"),
            ],
        )
    )
    # the status legend: a layer of invisible points in one grey, so that its
    # symbols show (a shape legend beside a colour field draws none)
    status_legend = (
        alt.Chart(data)
        .mark_point(size=0, color="#666", strokeWidth=1.5)
        .encode(
            x=x_enc,
            y=y,
            shape=alt.Shape(
                "status:N",
                scale=shapes,
                title=None,
                legend=alt.Legend(orient="bottom", symbolSize=50),
            ),
        )
    )
    layers = alt.layer(solid, dashed, points, status_legend).resolve_scale(shape="independent")
    return _finish(layers, title, height)


def stacked_area(
    frame: pd.DataFrame,
    x: str,
    value: str,
    stack: str,
    title: str,
    order: list[str] | None = None,
    incomplete_from=None,
    height: int = 240,
) -> alt.Chart | alt.LayerChart:
    """A stacked area (e.g. backlog by age bucket); x is temporal. From
    `incomplete_from` on (the period holding as_of) a dashed rule and the label
    "incomplete period" mark the values that are not final."""
    color = alt.Color(
        f"{stack}:N",
        title=None,
        sort=order,
        scale=alt.Scale(domain=order) if order else alt.Undefined,
        legend=alt.Legend(orient="bottom"),
    )
    area = (
        alt.Chart(frame)
        .mark_area()
        .encode(
            x=alt.X(f"{x}:T", title=None),
            y=alt.Y(f"{value}:Q", title=title, stack=True),
            color=color,
            order=alt.Order("stack_order:Q") if "stack_order" in frame else alt.Undefined,
            tooltip=[alt.Tooltip(f"{x}:T"), alt.Tooltip(f"{stack}:N"), f"{value}:Q"],
        )
    )
    if incomplete_from is None:
        return _finish(area, title, height)
    marker = pd.DataFrame({x: [pd.Timestamp(incomplete_from)], "label": [INCOMPLETE]})
    rule = alt.Chart(marker).mark_rule(color="#555", strokeDash=[4, 3]).encode(x=f"{x}:T")
    text = (
        alt.Chart(marker)
        .mark_text(align="right", baseline="top", dx=-4, dy=4, color="#555")
        .encode(x=f"{x}:T", y=alt.value(0), text="label:N")
    )
    return _finish(alt.layer(area, rule, text), title, height)


def grouped_bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    color: str | None = None,
    value_format: str = ".0%",
    height: int = 220,
) -> alt.Chart:
    """Horizontal bars, one per category (and colour group when given)."""
    encoding = {
        "y": alt.Y(f"{category}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
        "x": alt.X(
            f"{value}:Q",
            title=None,
            axis=alt.Axis(
                format=value_format, tickMinStep=1 if value_format == ",d" else alt.Undefined
            ),
        ),
        "tooltip": [f"{category}:N", alt.Tooltip(f"{value}:Q", format=value_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom"))
        encoding["yOffset"] = alt.YOffset(f"{color}:N")
    return _finish(alt.Chart(frame).mark_bar().encode(**encoding), title, height)


def interval_bars(
    frame: pd.DataFrame,
    value: str,
    title: str,
    x: str = "interval_start_at",
    value_format: str = ",.0f",
    target: float | None = None,
    height: int = 200,
) -> alt.LayerChart:
    """One measure per contact-centre interval (bars), an optional target rule;
    intervals not complete at as_of are lighter (legend 'incomplete period')."""
    data = frame.copy()
    data["status"] = period_status(data)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{x}:T", title=None, axis=alt.Axis(format="%H:%M"), scale=_day_domain(frame, x)
            ),
            y=alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format=value_format)),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=STATUS_DOMAIN[:2], range=STATUS_COLORS[:2]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip(f"{x}:T", format="%H:%M", title="interval"),
                alt.Tooltip(f"{value}:Q", format=value_format),
                "status:N",
            ],
        )
    )
    layers = [bars]
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"target": [target]}))
            .mark_rule(color="#d62728", strokeDash=[4, 3])
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", format=value_format)])
        )
    return _finish(alt.layer(*layers), title, height)


def staffing_gap(frame: pd.DataFrame, title: str, height: int = 200) -> alt.Chart:
    """Erlang C staffing gap per interval: above zero = understaffed."""
    data = frame.dropna(subset=["staffing_gap"]).copy()
    data["staffing"] = data["staffing_gap"].map(
        lambda gap: "understaffed" if gap > 0 else "covered or overstaffed"
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "interval_start_at:T",
                title=None,
                axis=alt.Axis(format="%H:%M"),
                scale=_day_domain(frame, "interval_start_at"),
            ),
            y=alt.Y("staffing_gap:Q", title="agents required - staffed"),
            color=alt.Color(
                "staffing:N",
                scale=alt.Scale(
                    domain=["understaffed", "covered or overstaffed"], range=["#d62728", "#2ca02c"]
                ),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("interval_start_at:T", format="%H:%M", title="interval"),
                "agents_required:Q",
                "agents_staffed:Q",
                "staffing_gap:Q",
            ],
        )
    )
    return _finish(chart, title, height)


def bar_counts(
    frame: pd.DataFrame, category: str, value: str, title: str, color: str | None = None
):
    """Horizontal bars of counts (e.g. rejected rows by reason)."""
    return grouped_bars(frame, category, value, title, color=None, value_format=",d").encode(
        color=alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom"))
        if color
        else alt.Undefined
    )


def trend_with_anomalies(
    frame: pd.DataFrame,
    value: str,
    title: str,
    x: str = "period_start",
    value_format: str = ",.0f",
    anomaly_column: str = "is_anomaly",
    target: float | None = None,
    height: int = 240,
) -> alt.LayerChart:
    """kpi_trend (final solid, incomplete dashed and hollow) with the periods the mart flags as
    anomalies ringed in red, and an optional target rule."""
    base = kpi_trend(
        frame,
        value,
        title,
        x=x,
        value_format=value_format,
        pending_column="pending_count" if "pending_count" in frame else None,
        height=height,
    )
    layers = list(base.layer)
    flagged = frame[frame[anomaly_column].fillna(False).astype(bool)].dropna(subset=[value])
    if not flagged.empty:
        flagged = flagged.assign(flag="anomaly")
        layers.append(
            alt.Chart(flagged)
            .mark_point(size=220, strokeWidth=2, shape="circle", filled=False)
            .encode(
                x=alt.X(f"{x}:T", title=None),
                y=alt.Y(f"{value}:Q"),
                stroke=alt.Stroke(
                    "flag:N",
                    scale=alt.Scale(domain=["anomaly"], range=["#d62728"]),
                    title=None,
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=[
                    alt.Tooltip(f"{x}:T", title="period"),
                    alt.Tooltip(f"{value}:Q", format=value_format),
                    alt.Tooltip("robust_z_score:Q", format=".1f"),
                    alt.Tooltip("anomaly_direction:N"),
                ],
            )
        )
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"target": [target]}))
            .mark_rule(color="#2ca02c", strokeDash=[6, 3])
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", format=value_format)])
        )
    return _finish(alt.layer(*layers), title, height)


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    title: str,
    value_format: str = "+.0%",
    reverse: bool = False,
    text: str | None = None,
    height: int = 320,
) -> alt.LayerChart:
    """A diverging heatmap of a signed value (e.g. agent minus category baseline): green is
    better, red worse (`reverse`: a positive value is worse); empty cells stay blank."""
    data = frame.dropna(subset=[value])
    limit = float(data[value].abs().max()) if not data.empty else 1.0
    scheme = alt.Scale(
        scheme="redyellowgreen", domain=[-limit, limit], reverse=reverse, domainMid=0
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            f"{x}:N",
            title=None,
            axis=alt.Axis(labelAngle=-35, labelLimit=160, labelOverlap=False),
        ),
        y=alt.Y(f"{y}:N", title=None, axis=alt.Axis(labelLimit=200)),
    )
    rects = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q",
            scale=scheme,
            title=None,
            legend=alt.Legend(orient="bottom", format=value_format),
        ),
        tooltip=[f"{y}:N", f"{x}:N", alt.Tooltip(f"{value}:Q", format=value_format)],
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.Text(
            f"{text or value}:{'N' if text else 'Q'}",
            format=alt.Undefined if text else value_format,
        )
    )
    return _finish(alt.layer(rects, labels), title, height)


def verdict_grid(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    verdict: str,
    title: str,
    domain: list[str],
    colors: list[str],
    value_format: str = "+.0%",
    height: int = 300,
) -> alt.LayerChart:
    """A cell per (x, y) coloured by a verdict and labelled with `value` (e.g. change x KPI:
    the impact verdict and the relative change); a cell without a value is labelled '–'."""
    data = frame.copy()
    data["label"] = [
        "–" if pd.isna(number) else format(float(number), value_format.replace(",", ""))
        for number in data[value]
    ]
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=200, orient="top")),
        y=alt.Y(f"{y}:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            f"{verdict}:N",
            scale=alt.Scale(domain=domain, range=colors),
            title=None,
            legend=alt.Legend(orient="bottom", columns=3),
        ),
        tooltip=[
            f"{x}:N",
            f"{y}:N",
            alt.Tooltip(f"{value}:Q", format=value_format),
            f"{verdict}:N",
        ],
    )
    labels = base.mark_text(fontSize=11, color="black").encode(text="label:N")
    return _finish(alt.layer(cells, labels), title, height)
