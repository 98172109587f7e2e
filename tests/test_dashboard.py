"""The dashboard in a real browser: every page renders its charts without an
error, and shows the marts' own numbers.

One Streamlit server (python -m supportwh.dashboard, read-only on the demo
warehouse) and one headless Chromium serve the whole module. Each page is
reached the way a user does, from the sidebar navigation (a deep link to a
page makes Streamlit's front end probe `<page>/_stcore/health`, a 404 by
design, which would drown real failed requests). A full-page screenshot of
each page lands in target/screenshots/dashboard_<page>.png.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import need_chromium

from supportwh_dev.browser import PageErrors, open_browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "target" / "screenshots"
# (sidebar title, screenshot name, has charts)
PAGES = [
    ("Overview", "overview", True),
    ("Tickets", "tickets", True),
    ("Trends", "trends", True),
    ("SLA", "sla", True),
    ("Agents", "agents", True),
    ("Changes", "changes", True),
    ("Quality & feedback", "quality_feedback", True),
    ("Customers & revenue", "customers_revenue", True),
    ("Contact centre", "contact_centre", True),
    ("Self-service and automation", "self_service", True),
    ("Data quality", "data_quality", True),
    ("Definitions", "definitions", False),
]
ERROR_ELEMENTS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
RUNNING = '[data-testid="stStatusWidget"]'
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(warehouse: Path, log: Path) -> Iterator[str]:
    """python -m supportwh.dashboard on a free port; yields its URL once it answers."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = [sys.executable, "-m", "supportwh.dashboard"]
    command += ["--warehouse", str(warehouse), "--port", str(port)]
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        # the server runs in a session of its own: stop it and nothing else
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="module")
def dashboard_url(demo_warehouse: Path, tmp_path_factory):
    log = tmp_path_factory.mktemp("dashboard") / "streamlit.log"
    with serve(demo_warehouse, log) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    with open_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def app(browser, dashboard_url):
    """One browser page on the dashboard, with what it reports and requests."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = PageErrors().watch(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(dashboard_url)
    page.wait_for_selector('[data-testid="stSidebarNavLink"]', timeout=TIMEOUT_MS)
    yield page, errors, requests
    page.close()


def shown_errors(page) -> list[str]:
    """Texts of the Streamlit exceptions and error alerts on the page."""
    failures = page.locator(ERROR_ELEMENTS)
    return [failures.nth(i).inner_text()[:800] for i in range(failures.count())]


def wait_for_page(page, title: str, has_charts: bool) -> None:
    """The page's title is shown, the script has finished, every chart drawn;
    an exception or error alert fails at once, with its text."""
    page.wait_for_selector(f'h1:has-text("{title}")', timeout=TIMEOUT_MS)
    page.wait_for_function(
        f"() => !document.querySelector('{RUNNING}')"
        " && document.querySelectorAll('[data-stale=\"true\"]').length === 0",
        timeout=TIMEOUT_MS,
    )
    errors = shown_errors(page)
    assert not errors, f"{title}: the page shows errors:\n" + "\n".join(errors)
    if has_charts:
        page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
            ".every(chart => chart.querySelector('canvas, svg'))",
            timeout=TIMEOUT_MS,
        )


def full_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main element: grow the viewport to it first."""
    tallest = "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    height = 0
    for _ in range(3):  # until the layout stops growing (charts redraw to their width)
        grown = min(max(page.evaluate(tallest), 900), 16000)
        if grown == height:
            break
        height = grown
        page.set_viewport_size({"width": 1400, "height": height})
        page.wait_for_timeout(600)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


DEFINITION_LINKS: set[str] = set()


@pytest.mark.parametrize(("title", "name", "has_charts"), PAGES, ids=[p[1] for p in PAGES])
def test_page_renders_without_errors(app, dashboard_url, title, name, has_charts):
    page, errors, requests = app
    errors.messages.clear()
    requests.clear()
    page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first.click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        wait_for_page(page, title, has_charts)
    finally:  # a failing page is screenshot too: it shows what went wrong
        full_page_screenshot(page, SCREENSHOTS / f"dashboard_{name}.png")
    assert not shown_errors(page), f"{title}: the page shows errors"
    assert not errors.messages, f"{title}: the browser reported:\n" + "\n".join(errors.messages)
    outside = [url for url in requests if not url.startswith((dashboard_url, "data:", "blob:"))]
    assert not outside, f"{title}: requests left localhost: {outside}"
    assert page.locator('[data-testid="stCaptionContainer"]', has_text="Data as of").count()
    if has_charts:
        # every chart's caption links to its metric's definition
        charts = page.locator('[data-testid="stVegaLiteChart"]').count()
        hrefs = page.eval_on_selector_all(
            'a[href*="definitions#"]', "links => links.map(link => link.getAttribute('href'))"
        )
        assert len(hrefs) >= charts, f"{title}: {charts} charts, {len(hrefs)} definition links"
        DEFINITION_LINKS.update(href.split("#", 1)[1] for href in hrefs)


def test_every_definition_link_has_its_anchor(app):
    page, _, _ = app
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Definitions").first.click()
    wait_for_page(page, "Definitions", has_charts=False)
    anchors = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    assert len(anchors & {"metric-fcr-rate", "metric-backlog", "period-is-complete"}) == 3
    assert DEFINITION_LINKS, "the page tests collected no definition link"
    missing = sorted(DEFINITION_LINKS - anchors)
    assert not missing, f"links to definitions the page lacks: {missing}"


def test_overview_ticket_volume_is_the_marts(app, demo_warehouse):
    page, _, _ = app
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Overview").first.click()
    wait_for_page(page, "Overview", has_charts=True)
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        week_start, tickets = con.execute(
            """
            select period_start, tickets_created
            from mart_ticket_kpis_weekly
            where slice_name = 'overall' and is_period_complete
            order by period_start desc
            limit 1
            """
        ).fetchone()
    heading = page.locator("h3", has_text="Last complete week").inner_text()
    assert f"{week_start:%Y-%m-%d}" in heading
    tile = page.locator('[data-testid="stMetric"]', has_text="Tickets created")
    shown = tile.locator('[data-testid="stMetricValue"]').inner_text()
    assert int(re.sub(r"[^\d]", "", shown)) == tickets, (shown, tickets)


def open_page(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first.click()
    wait_for_page(page, title, has_charts=True)


def seed_target(target_id: str) -> dict:
    with (REPO / "seeds" / "kpi_targets.csv").open(newline="") as seed:
        return next(row for row in csv.DictReader(seed) if row["target_id"] == target_id)


def test_overview_targets_are_judged_on_the_weeks_value(app, demo_warehouse):
    """The first-response tile's verdict is the week's median (mart_ticket_kpis_weekly)
    against the seed's target, judged here independently of mart_kpi_targets."""
    page, _, _ = app
    open_page(page, "Overview")
    target = seed_target("frt_median")
    assert target["metric"] == "first_response_minutes_median" and not target["slice_name"]
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (median,) = con.execute(
            """
            select first_response_minutes_median
            from mart_ticket_kpis_weekly
            where slice_name = 'overall' and is_period_complete
            order by period_start desc
            limit 1
            """
        ).fetchone()
    on_target = (median <= float(target["target"])) == (target["direction"] == "lower")
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="(frt_median)")
    caption = caption.inner_text()
    expected = "on target" if on_target else "off target"
    assert expected in caption and "frt_median" in caption, (caption, median, target)


def test_trends_week_over_week_is_the_weekly_marts(app, demo_warehouse):
    """The Trends table's tickets_created of the latest complete week, and the week before,
    are mart_ticket_kpis_weekly's (the trends mart must not drift from the KPI mart)."""
    page, _, _ = app
    open_page(page, "Trends")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select period_start, tickets_created
            from mart_ticket_kpis_weekly
            where slice_name = 'overall' and is_period_complete
            order by period_start desc
            limit 2
            """
        ).fetchall()
    (week, tickets), (_, previous) = rows
    row = page.locator('[data-testid="stTable"] tr', has_text="tickets_created").first
    cells = row.locator("td").all_inner_texts()
    # period_start, value, previous, WoW, WoW %, verdict, ...
    assert cells[0] == f"{week:%Y-%m-%d}", cells
    assert int(cells[1].replace(",", "")) == tickets, (cells, tickets)
    assert int(cells[2].replace(",", "")) == previous, (cells, previous)
    assert cells[3] == f"{tickets - previous:+,}", cells


def test_changes_page_states_each_scored_verdict(app, demo_warehouse):
    """Each scored change x KPI of mart_change_impact has its sentence, with the mart's
    p-value and a wording that matches p < alpha in the KPI's direction."""
    page, _, _ = app
    open_page(page, "Changes")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select change_id, kpi_name, kpi_direction, absolute_change, p_value, alpha
            from mart_change_impact
            where p_value is not null
            order by change_id, kpi_name
            """
        ).fetchall()
    assert rows, "the demo warehouse should score some change"
    text = " ".join(page.locator('[data-testid="stMarkdownContainer"] li').all_inner_texts())
    for change_id, kpi, direction, change, p_value, alpha in rows:
        sentence = next(
            (
                item
                for item in page.locator('[data-testid="stMarkdownContainer"] li')
                .filter(has_text=f"{kpi}:")
                .all_inner_texts()
                if f"p = {p_value:.3f}" in item
            ),
            None,
        )
        assert sentence, (change_id, kpi, p_value, text[:2000])
        if p_value >= alpha:
            assert "no significant change" in sentence, sentence
        elif (change > 0) == (direction == "higher_is_better"):
            assert "significant improvement" in sentence, sentence
        else:
            assert "significantly worse" in sentence, sentence


def test_revenue_at_risk_is_the_customers_sum(app, demo_warehouse):
    """The MRR-at-risk tile of the default (latest complete) month equals the sum of the
    customers' mrr_at_risk in mart_customer_health."""
    page, _, _ = app
    open_page(page, "Customers & revenue")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        month, at_risk = con.execute(
            """
            select period_start, sum(mrr_at_risk)
            from mart_customer_health
            where period_start = (
                select max(period_start) from mart_customer_segment_churn
                where period_grain = 'month' and slice_name = 'overall' and is_period_complete
            )
            group by period_start
            """
        ).fetchone()
    tile = page.locator('[data-testid="stMetric"]', has_text="MRR at risk (month end)")
    shown = tile.locator('[data-testid="stMetricValue"]').inner_text()
    assert at_risk is not None, "the demo customers should carry mrr"
    assert int(re.sub(r"[^\d]", "", shown)) == round(at_risk), (shown, at_risk, month)


def test_quarter_grain_reaches_the_quarterly_marts(app, demo_warehouse):
    """Grain quarter in the sidebar: the Tickets page draws from mart_ticket_kpis_quarterly
    without an error, and the Trends table compares the latest complete quarter with the one
    before (QoQ), equal to the quarterly KPI mart's tickets_created."""
    page, errors, _ = app
    errors.messages.clear()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("quarter", exact=True).click()
    try:
        open_page(page, "Tickets")
        open_page(page, "Trends")
        with duckdb.connect(str(demo_warehouse), read_only=True) as con:
            rows = con.execute(
                """
                select period_start, tickets_created
                from mart_ticket_kpis_quarterly
                where slice_name = 'overall' and is_period_complete
                order by period_start desc
                limit 2
                """
            ).fetchall()
        row = page.locator('[data-testid="stTable"] tr', has_text="tickets_created").first
        cells = row.locator("td").all_inner_texts()
        assert cells[0] == f"{rows[0][0]:%Y-%m-%d}", cells
        assert int(cells[1].replace(",", "")) == rows[0][1], (cells, rows)
        previous = "n/a" if len(rows) < 2 else f"{rows[1][1]:,}"
        assert cells[2] == previous, (cells, rows)
        assert "QoQ" in page.locator('[data-testid="stTable"] thead').inner_text()
        assert not errors.messages, errors.messages
    finally:
        sidebar.get_by_text("week", exact=True).click()


def test_missing_warehouse_says_how_to_build_it(browser, tmp_path):
    missing = tmp_path / "no_such_warehouse.duckdb"
    with serve(missing, tmp_path / "streamlit.log") as url:
        page = browser.new_page()
        try:
            page.goto(url)
            page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=TIMEOUT_MS)
            message = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
            assert "make build" in message, message
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()
    assert not missing.exists(), "the dashboard created the warehouse file"
