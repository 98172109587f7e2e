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


# --- issue 22: targets, the month just completed, changes, signals, quality and revenue -------

VERDICT_OF = {True: "on", False: "off", None: "not-judged"}


def test_on_off_target_per_kpi_equals_mart_kpi_targets(demo_warehouse, page, report_week):
    """Every weekly overall target of the report week is in the Targets table, and on a headline
    card when its KPI has one, with the mart's verdict (not judged while not final)."""
    tab, _, _ = page
    rows = query_warehouse(
        demo_warehouse,
        "select target_id, metric, is_on_target from mart_kpi_targets "
        "where grain = 'weekly' and slice_name = 'overall' "
        f"and period_start = '{report_week}'",
    )
    assert rows, "the demo warehouse should have weekly targets"
    headline = {kpi.column for kpi in metrics.HEADLINE}
    for target_id, metric, on_target in rows:
        shown = tab.locator(f'#targets tr[data-target-id="{target_id}"]')
        assert shown.get_attribute("data-target-verdict") == VERDICT_OF[on_target], target_id
        if metric in headline:
            card = tab.locator(f'.kpi[data-kpi="{metric}"] .target')
            assert card.get_attribute("data-target-verdict") == VERDICT_OF[on_target], metric
    assert tab.locator("#targets tbody tr").count() == len(rows)


def test_first_response_target_verdict_from_the_kpi_mart(demo_warehouse, page, report_week):
    """Independently of mart_kpi_targets: the week's FRT median (mart_ticket_kpis_weekly)
    against the seed's frt_median target gives the card's verdict."""
    import csv

    tab, _, _ = page
    with (REPO / "seeds" / "kpi_targets.csv").open(newline="") as seed:
        target = next(row for row in csv.DictReader(seed) if row["target_id"] == "frt_median")
    (median,) = query_warehouse(
        demo_warehouse,
        "select first_response_minutes_median from mart_ticket_kpis_weekly "
        f"where slice_name = 'overall' and period_start = '{report_week}'",
    )[0]
    on_target = median <= float(target["target"])
    card = tab.locator('.kpi[data-kpi="first_response_minutes_median"] .target')
    assert card.get_attribute("data-target-verdict") == VERDICT_OF[on_target]


def week_sections(warehouse: Path, week) -> str:
    """The rendered page of one week (no browser): the sections that depend on the week."""
    from supportwh.docs_blocks import default_project_dir
    from supportwh.report import data, definitions, render

    loaded = data.load(warehouse, week)
    return render.render(loaded, definitions.load_definitions(default_project_dir()))


def test_month_over_month_only_when_a_month_ended_in_the_week(demo_warehouse):
    """A week holding a month's last day shows that month against the one before, with the
    monthly KPI mart's tickets_created; a week inside a month shows no such section."""
    from datetime import date, timedelta

    (first, last) = query_warehouse(
        demo_warehouse,
        "select min(period_start), max(period_start) from mart_ticket_kpis_monthly "
        "where slice_name = 'overall' and is_period_complete",
    )[0]
    assert first < last, "the demo needs two complete months"
    month_end = last.replace(day=28) + timedelta(days=4)
    month_end = month_end - timedelta(days=month_end.day)  # last day of that month
    page = week_sections(demo_warehouse, month_end)
    section = re.search(r'<section id="period-change">.*?</section>', page, re.S)
    assert section, "a month ended in the week: the section must be there"
    month_block = re.search(r'data-grain="month".*?</table>', section.group(0), re.S).group(0)
    assert f"{last:%B %Y}" in month_block
    (tickets, previous) = query_warehouse(
        demo_warehouse,
        "select this.tickets_created, before.tickets_created from mart_ticket_kpis_monthly "
        "as this join mart_ticket_kpis_monthly as before on before.slice_name = 'overall' "
        "and before.period_start = this.period_start - interval 1 month "
        f"where this.slice_name = 'overall' and this.period_start = '{last}'",
    )[0]
    row = re.search(r'<tr data-series="tickets_created".*?</tr>', month_block, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[1] == f"{tickets:,}" and cells[2] == f"{previous:,}", cells
    # the middle of a month: no month ended in the week
    middle = date(last.year, last.month, 15)
    assert 'id="period-change"' not in week_sections(demo_warehouse, middle)


def test_changes_whose_after_window_ended_in_the_week(demo_warehouse, page, report_week):
    """The changes section lists exactly the changes whose after window ended in the report
    week, each KPI with the mart's verdict; the others still measuring are named."""
    from datetime import date, timedelta

    tab, _, _ = page
    start = date.fromisoformat(report_week)
    end = start + timedelta(days=6)
    rows = query_warehouse(
        demo_warehouse,
        "select change_id, kpi_name, impact_verdict, after_end_date, go_live_date "
        "from mart_change_impact",
    )
    ended = {(c, k): v for c, k, v, after_end, _ in rows if start <= after_end <= end}
    shown = {
        (change.get_attribute("data-change-id"), item.get_attribute("data-kpi")): (
            item.get_attribute("data-verdict")
        )
        for change in tab.locator("#changes .change").all()
        for item in change.locator("li").all()
    }
    assert shown == ended
    # live by the week's end, after window not over: named as still measuring
    still = {c for c, _, _, after_end, live in rows if after_end > end and live <= end}
    text = tab.locator("#changes").inner_text()
    for change in still:
        assert change in text


def test_the_week_a_change_ended_states_each_verdict(demo_warehouse):
    """The week holding the latest completed after window: that change is listed, each KPI with
    the mart's verdict and p-value, and a sentence that matches p < alpha in the KPI's
    direction."""
    from datetime import timedelta

    rows = query_warehouse(
        demo_warehouse,
        "select change_id, kpi_name, impact_verdict, p_value, alpha, absolute_change, "
        "kpi_direction from mart_change_impact where after_end_date = (select "
        "max(after_end_date) from mart_change_impact where is_after_window_complete)",
    )
    assert rows, "the demo should have a change with its after window over"
    (after_end,) = query_warehouse(
        demo_warehouse,
        "select max(after_end_date) from mart_change_impact where is_after_window_complete",
    )[0]
    page = week_sections(demo_warehouse, after_end - timedelta(days=after_end.weekday()))
    section = re.search(r'<section id="changes">.*?</section>', page, re.S).group(0)
    for change, kpi, verdict, p_value, alpha, change_value, direction in rows:
        assert f'data-change-id="{change}"' in section
        item = re.search(
            rf'<li data-kpi="{kpi}" data-verdict="([a-z_]+)">(.*?)</li>', section, re.S
        )
        assert item and item.group(1) == verdict, (kpi, item and item.group(1), verdict)
        if p_value is None:
            continue
        sentence = item.group(2)
        assert f"p = {p_value:.3f}" in sentence, sentence
        if p_value >= alpha:
            assert "no significant change" in sentence, sentence
        elif (change_value > 0) == (direction == "higher_is_better"):
            assert "significant improvement" in sentence, sentence
        else:
            assert "significantly worse" in sentence, sentence


def test_review_section_numbers_equal_the_marts(demo_warehouse, page, report_week):
    """The quality / feedback / revenue section: MRR at risk is the sum of the customers'
    mrr_at_risk (mart_customer_health), the linked-issue share is fact_ticket's tickets with a
    linked issue over the tickets created (mart_product_feedback_monthly counts), of the latest
    month ended by the week's end."""
    from datetime import date, timedelta

    tab, _, _ = page
    end = date.fromisoformat(report_week) + timedelta(days=6)
    month = (end + timedelta(days=1)).replace(day=1)
    if (end + timedelta(days=1)).day != 1:
        month = end.replace(day=1)
    month = (month - timedelta(days=1)).replace(day=1)
    assert f"{month:%B %Y}" in tab.locator("#review h2").inner_text()
    (at_risk,) = query_warehouse(
        demo_warehouse,
        f"select sum(mrr_at_risk) from mart_customer_health where period_start = '{month}'",
    )[0]
    revenue = tab.locator('#review li[data-field="revenue"] strong').first.inner_text()
    assert int(revenue.replace(",", "")) == round(at_risk), (revenue, at_risk)
    (linked, created) = query_warehouse(
        demo_warehouse,
        "select tickets_linked_to_issue, tickets_created from mart_product_feedback_monthly "
        f"where category = 'all' and period_month = '{month}'",
    )[0]
    feedback = tab.locator('#review li[data-field="product-feedback"]').inner_text()
    assert f"{linked / created * 100:.1f}%" in feedback and f"({linked:,} of {created:,})" in (
        feedback
    ), feedback


def test_monthly_coaching_signals_with_their_evidence(demo_warehouse, page, report_week):
    """Every agent with a monthly coaching signal of the review month is listed with as many
    signals as the mart's flags say."""
    tab, _, _ = page
    flagged = query_warehouse(
        demo_warehouse,
        "select agent_id, is_cherry_picking, is_fast_with_low_csat, is_low_escalation, "
        "is_high_recategorisation from mart_agent_coaching_signals_monthly "
        "where period_start = (select max(period_start) from mart_agent_coaching_signals_monthly "
        f"where period_start + interval 1 month <= date '{report_week}' + interval 7 day)",
    )
    expected = {row[0]: sum(bool(flag) for flag in row[1:]) for row in flagged}
    expected = {agent: count for agent, count in expected.items() if count}
    rows = tab.locator("#coaching table.signals tbody tr")
    shown = {
        rows.nth(i).get_attribute("data-agent-id"): rows.nth(i).locator("a.def").count()
        for i in range(rows.count())
    }
    assert shown == expected
