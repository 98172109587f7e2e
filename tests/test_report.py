"""The weekly report (supportwh.report) in a headless Chromium, offline.

The report is written once from the demo warehouse (read-only) by the command
line, opened as file:// with every non-file request aborted, and checked: no
request attempted, no console or page error, every chart drawn as SVG, the
numbers and insight sentences equal to the marts'. A full-page screenshot goes
to target/screenshots/report.png for a person to look at.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need_chromium, query_warehouse

from supportwh.report import metrics
from supportwh.report.render import external_references

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "target" / "screenshots" / "report.png"


def run_report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "supportwh.report", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def report(demo_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "weekly_report.html"
    result = run_report("--warehouse", str(demo_warehouse), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def report_week(demo_warehouse) -> str:
    """The default week: the latest complete one of the weekly KPI mart."""
    rows = query_warehouse(
        demo_warehouse,
        "select max(period_start) from mart_ticket_kpis_weekly "
        "where slice_name = 'overall' and is_period_complete",
    )
    return str(rows[0][0])


@pytest.fixture(scope="module")
def page(report):
    """The report in headless Chromium, network blocked; yields (page, errors, attempted)."""
    from supportwh_dev.browser import PageErrors, open_browser

    attempted: list[str] = []

    def block(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    with contextlib.ExitStack() as stack:
        need_chromium()
        browser = stack.enter_context(open_browser())
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        stack.callback(context.close)
        context.route("**/*", block)
        tab = context.new_page()
        errors = PageErrors().watch(tab)
        tab.goto(report.as_uri(), wait_until="load")
        tab.wait_for_selector("figure.chart svg", state="attached", timeout=10_000)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOT), full_page=True)
        yield tab, errors, attempted


def normalized(text: str) -> str:
    return " ".join(text.split())


def test_report_renders_offline_without_errors(report, page):
    tab, errors, attempted = page
    assert attempted == [], f"the report tried the network: {attempted}"
    assert errors.messages == [], errors.messages
    # every trend chart is an inline SVG with marks drawn
    charts = tab.locator("figure.chart svg")
    assert charts.count() == len(metrics.CHARTS)
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert charts.nth(index).locator("path").count() > 0
    # nothing in the file could fetch: no script, link, image, url() or outside href
    assert external_references(report.read_text(encoding="utf-8")) == []
    assert SCREENSHOT.stat().st_size > 10_000


def test_headline_numbers_equal_the_mart(demo_warehouse, page, report_week):
    tab, _, _ = page
    (created, frt_median, previous_created) = query_warehouse(
        demo_warehouse,
        "select this.tickets_created, this.first_response_minutes_median, "
        "previous.tickets_created "
        "from mart_ticket_kpis_weekly as this "
        "left join mart_ticket_kpis_weekly as previous "
        "on previous.slice_name = this.slice_name "
        "and previous.period_start = this.period_start - interval 7 day "
        f"where this.slice_name = 'overall' and this.period_start = '{report_week}'",
    )[0]
    assert report_week in tab.locator("header").inner_text()
    volume = tab.locator('.kpi[data-kpi="tickets_created"]')
    assert volume.locator(".kpi-value").inner_text().strip() == f"{created:,}"
    assert f"vs {previous_created:,}" in volume.locator(".kpi-change").inner_text()
    shown = tab.locator('.kpi[data-kpi="first_response_minutes_median"] .kpi-value').inner_text()
    number, unit = re.fullmatch(r"([\d,.]+) (min|h|d)", shown.strip()).groups()
    minutes = float(number.replace(",", "")) * {"min": 1, "h": 60, "d": 1440}[unit]
    assert minutes == pytest.approx(frt_median, abs={"min": 0.05, "h": 3, "d": 72}[unit])


def test_every_insight_of_the_week_appears(demo_warehouse, page, report_week):
    tab, _, _ = page
    findings = [
        row[0]
        for row in query_warehouse(
            demo_warehouse,
            "select finding from mart_insights "
            f"where period_grain = 'week' and period_start = '{report_week}'",
        )
    ]
    assert findings, "the demo warehouse should have findings for its latest complete week"
    shown = normalized(tab.locator("#insights").inner_text())
    missing = [finding for finding in findings if normalized(finding) not in shown]
    assert not missing, missing
    assert tab.locator("#insights li.insight").count() >= len(findings)


def test_every_metric_links_to_its_definition(page):
    tab, _, _ = page
    links = tab.locator("a.def")
    assert links.count() > 0
    targets = {links.nth(i).get_attribute("href") for i in range(links.count())}
    for target in targets:
        assert tab.locator(f"#definitions [id='{target[1:]}']").count() == 1, target
    # the FCR definition is the docs block's text
    assert "fcr_window_hours" in tab.locator("#block-metric_fcr_rate").inner_text()


def test_unfinished_weeks_are_drawn_as_such(demo_warehouse, report_week):
    """The week in progress and a rate still waiting on its window are hollow dots reached by
    a dashed line, never a final point (a drop); a week without a value is a gap."""
    from supportwh.report import charts, data

    loaded = data.load(demo_warehouse)
    assert str(loaded.week_start) == report_week
    running = [row["period_start"] for row in loaded.trend if not row["is_period_complete"]]
    assert running, "the demo warehouse's as_of falls inside a week"
    for kpi in metrics.CHARTS:
        statuses = {point.week: point.status for point in charts.points(kpi, loaded.trend)}
        assert {statuses[week] for week in running} == {charts.RUNNING}
        spec = charts.chart_spec(kpi, loaded.trend, loaded.week_start)
        segments = [row for rows in spec["datasets"].values() for row in rows if "next_week" in row]
        for segment in segments:
            ends = {segment["week"], segment["next_week"]}
            reaches_unfinished = any(
                statuses[week] != charts.FINAL
                for week in statuses
                if week.strftime("%b %d") in ends
            )
            assert (segment["line"] == "provisional") == reaches_unfinished, (kpi, segment)
        dots = [row for rows in spec["datasets"].values() for row in rows if "status" in row]
        values = [point for point in charts.points(kpi, loaded.trend) if point.value is not None]
        assert len(dots) == len(values)  # a null is left out, never drawn as 0


def test_missing_warehouse_is_one_clear_line(tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    result = run_report("--warehouse", str(missing), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "warehouse not found" in lines[0] and str(missing) in lines[0]
    assert not (tmp_path / "r.html").exists()


def test_week_without_data_is_one_clear_line(demo_warehouse, tmp_path):
    result = run_report(
        "--warehouse",
        str(demo_warehouse),
        "--out",
        str(tmp_path / "r.html"),
        "--week",
        "1999-01-06",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert "no data for the week starting 1999-01-04" in result.stderr
