"""The trend charts: Altair specs rendered to SVG offline by vl-convert.

A week is drawn as final (solid line, filled dot), as still waiting on its
window (hollow dot, dashed line into it: the rate leaves out the tickets still
inside the window and will move) or as the week in progress (grey hollow dot,
dashed line: its counts still grow). A missing value is a gap, never a drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import ReportError
from .metrics import Kpi, pending_count

FINAL = "final"
PENDING = "window still open"
RUNNING = "week in progress"
STATUSES = (FINAL, PENDING, RUNNING)
STATUS_COLORS = ("#1f5fa8", "#1f5fa8", "#8a8a8a")
STATUS_FILLS = ("#1f5fa8", "#ffffff", "#ffffff")
REPORT_WEEK_COLOR = "#f2c94c"
# anything in the SVG that could make a viewer fetch: a link, an import, a url()
EXTERNAL = re.compile(
    r"(?:href|src)\s*=\s*[\"'](?!#)[^\"']+|url\(\s*[\"']?(?!#)|@import|@font-face", re.I
)


@dataclass
class ChartPoint:
    week: date
    value: float | None
    status: str
    pending: int


def points(kpi: Kpi, trend: list[dict]) -> list[ChartPoint]:
    """The chart's points: each week's value and whether it is final."""
    result = []
    for row in trend:
        pending = pending_count(kpi, row)
        if not row["is_period_complete"]:
            status = RUNNING
        elif pending:
            status = PENDING
        else:
            status = FINAL
        value = row.get(kpi.column)
        result.append(ChartPoint(row["period_start"], value, status, pending))
    return result


def _label(week: date) -> str:
    return week.strftime("%b %d")


def _scale(kpi: Kpi, values: list[float]) -> tuple[float, str, str]:
    """Factor, axis title and axis format for the KPI's unit."""
    if kpi.unit == "rate":
        return 1.0, "share", ".0%"
    if kpi.unit == "minutes":
        if values and max(values) >= 180:
            return 1 / 60, "hours", ",.1f"
        return 1.0, "minutes", ",.0f"
    return 1.0, "tickets", ",d"


def chart_spec(kpi: Kpi, trend: list[dict], report_week: date) -> dict:
    """The Vega-Lite spec of one KPI's trailing weeks."""
    import altair as alt
    import pandas as pd

    chart_points = points(kpi, trend)
    known = [point.value for point in chart_points if point.value is not None]
    factor, axis_title, axis_format = _scale(kpi, known)
    order = [_label(point.week) for point in chart_points]
    frame = pd.DataFrame(
        [
            {
                "week": _label(point.week),
                "value": point.value * factor,
                "status": point.status,
            }
            for point in chart_points
            if point.value is not None
        ],
        columns=["week", "value", "status"],
    )
    segments = pd.DataFrame(
        [
            {
                "week": _label(left.week),
                "next_week": _label(right.week),
                "value": left.value * factor,
                "next_value": right.value * factor,
                "line": "final" if left.status == right.status == FINAL else "provisional",
            }
            for left, right in zip(chart_points, chart_points[1:], strict=False)
            if left.value is not None
            and right.value is not None
            and right.week - left.week == timedelta(weeks=1)
        ],
        columns=["week", "next_week", "value", "next_value", "line"],
    )
    x = alt.X("week:O", sort=order, title=None, axis=alt.Axis(labelAngle=-40))
    x_scale = alt.Scale(domain=order, type="point", padding=0.5)
    highlight = (
        alt.Chart(pd.DataFrame({"week": [_label(report_week)]}))
        .mark_rule(size=22, color=REPORT_WEEK_COLOR, opacity=0.35)
        .encode(x=alt.X("week:O", sort=order, scale=x_scale, title=None))
    )
    lines = (
        alt.Chart(segments)
        .mark_rule(strokeWidth=2, color=STATUS_COLORS[0])
        .encode(
            x=alt.X("week:O", sort=order, scale=x_scale, title=None),
            x2="next_week",
            y=alt.Y("value:Q"),
            y2="next_value",
            strokeDash=alt.condition(
                alt.datum.line == "final", alt.value([1, 0]), alt.value([5, 4])
            ),
        )
    )
    status_scale = alt.Scale(domain=list(STATUSES), range=list(STATUS_COLORS))
    dots = (
        alt.Chart(frame)
        .mark_point(size=60, strokeWidth=2, opacity=1)
        .encode(
            x=x.scale(x_scale),
            y=alt.Y(
                "value:Q",
                title=axis_title,
                axis=alt.Axis(format=axis_format),
                scale=alt.Scale(zero=kpi.unit in ("count", "rate")),
            ),
            stroke=alt.Stroke("status:N", scale=status_scale, title=None),
            fill=alt.Fill(
                "status:N",
                scale=alt.Scale(domain=list(STATUSES), range=list(STATUS_FILLS)),
                title=None,
            ),
            shape=alt.value("circle"),
        )
    )
    # no line at all when no two consecutive weeks have a value (nothing to infer types from)
    layers = [highlight, lines, dots] if len(segments) else [highlight, dots]
    chart = (
        alt.layer(*layers)
        .properties(width=330, height=150, title=kpi.label)
        .configure_legend(orient="bottom", symbolStrokeWidth=2, labelFontSize=10)
        .configure_view(stroke=None)
        .configure_title(anchor="start", fontSize=13)
    )
    return chart.to_dict()


def render_svg(spec: dict) -> str:
    """The spec as an SVG string, rendered offline; refuses an SVG that would fetch anything."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    found = EXTERNAL.search(svg)
    if found:
        raise ReportError(f"a chart's SVG refers to an outside resource: {found.group(0)[:80]}")
    return svg


def chart_svg(kpi: Kpi, trend: list[dict], report_week: date) -> str:
    return render_svg(chart_spec(kpi, trend, report_week))
