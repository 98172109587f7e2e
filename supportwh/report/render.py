"""The report as one self-contained HTML page: inline CSS, inline SVG, no script, no link out.

Every number comes from `data.ReportData`; every metric named on the page
links to its definition in the appendix (the mart column's description and
the docs blocks it carries, from `definitions`).
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from . import charts, metrics
from .data import COACHING_FLAGS, ReportData
from .definitions import Definitions, inline_markdown, markdown_to_html
from .metrics import KPI_MART, Kpi

SCORECARD = "mart_agent_scorecard_weekly"
INSIGHTS = "mart_insights"
TARGETS = "mart_kpi_targets"
TRENDS = "mart_kpi_trends"
IMPACT = "mart_change_impact"
SIGNALS = "mart_agent_coaching_signals_monthly"
FRQ = "mart_first_response_quality_monthly"
FRQ_OUTCOMES = "mart_first_response_quality_outcomes_monthly"
ROOT_CAUSES = "mart_reopen_root_causes_monthly"
FEEDBACK = "mart_product_feedback_monthly"
SURVEY_DELAY = "mart_csat_by_survey_delay_monthly"
CHURN = "mart_customer_segment_churn"
EXPANSION = "mart_account_expansion_signals_monthly"
COST_TO_SERVE = "mart_segment_cost_to_serve_monthly"


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def fmt_minutes(minutes: float) -> str:
    if abs(minutes) < 90:
        return f"{minutes:,.1f} min"
    if abs(minutes) < 48 * 60:
        return f"{minutes / 60:,.1f} h"
    return f"{minutes / 1440:,.1f} d"


def fmt_value(unit: str, value: float | None) -> str:
    """A KPI value for the page; 'n/a' when the mart has none (no denominator)."""
    if value is None:
        return "n/a"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "minutes":
        return fmt_minutes(value)
    if unit == "seconds":
        return fmt_minutes(value / 60)
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "signed_rate":
        return f"{value * 100:+.1f}%"
    return f"{value:,.2f}"


def fmt_number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.10g}"


def fmt_timestamp(value: datetime | None) -> str:
    return "n/a" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


class DefinitionLinks:
    """Links to the appendix: every metric referenced on the page gets an entry there."""

    def __init__(self, definitions: Definitions):
        self.definitions = definitions
        self.entries: dict[tuple[str, str], str] = {}

    @staticmethod
    def anchor(model: str, column: str) -> str:
        return f"def-{model}-{column}"

    def link(self, model: str, column: str, label: str, title: str | None = None) -> str:
        """A link labelled `label`; the appendix entry is titled `title` (default: label)."""
        self.definitions.column(model, column)  # a column the YAML does not describe: error
        title = title or label
        self.entries.setdefault((model, column), title[:1].upper() + title[1:])
        return f'<a class="def" href="#{self.anchor(model, column)}">{esc(label)}</a>'

    def appendix(self, model_blocks: list[str]) -> str:
        blocks: list[str] = list(dict.fromkeys(model_blocks))
        for model, column in self.entries:
            for block in self.definitions.column(model, column).doc_blocks:
                if block not in blocks:
                    blocks.append(block)
        blocks = [block for block in blocks if block in self.definitions.blocks]
        anchors = {block: f"block-{block}" for block in blocks}
        parts = ['<section id="definitions"><h2>Definitions</h2>']
        parts.append(
            "<p class=muted>Each metric as its mart column describes it (models/marts YAML), "
            "followed by the dbt docs blocks that define it.</p><dl class=columns>"
        )
        for (model, column), label in self.entries.items():
            definition = self.definitions.column(model, column)
            refs = ", ".join(
                f'<a href="#{anchors[block]}"><code>{esc(block)}</code></a>'
                for block in definition.doc_blocks
                if block in anchors
            )
            parts.append(
                f'<dt id="{self.anchor(model, column)}">{esc(label)} '
                f"<code>{esc(model)}.{esc(column)}</code></dt><dd>"
                f"{inline_markdown(definition.description, anchors)}"
                + (f" <span class=muted>Definition: {refs}</span>" if refs else "")
                + "</dd>"
            )
        parts.append("</dl>")
        for block in blocks:
            parts.append(
                f'<article class=block id="{anchors[block]}"><h3><code>{esc(block)}</code></h3>'
                f"{markdown_to_html(self.definitions.blocks[block], anchors)}</article>"
            )
        parts.append("</section>")
        return "\n".join(parts)


def compare(kpi: Kpi, row: dict, previous: dict | None) -> tuple[str, str]:
    """(verdict, text) of the week against the previous one. The verdict is better, worse,
    unchanged, neutral (a metric with no good direction) or not-compared (SPEC: only complete
    weeks and final window metrics are compared)."""
    if previous is None:
        return "not-compared", "no previous week in the mart"
    if not row["is_period_complete"]:
        return "not-compared", "not compared: the week is still running"
    if not previous["is_period_complete"]:
        return "not-compared", "not compared: the previous week was not complete"
    pending = metrics.pending_count(kpi, row) + metrics.pending_count(kpi, previous)
    if pending:
        return "not-compared", f"not compared: {pending:,} tickets still inside the window"
    value, before = row.get(kpi.column), previous.get(kpi.column)
    if value is None or before is None:
        return "not-compared", f"previous week: {fmt_value(kpi.unit, before)}"
    delta = value - before
    if kpi.unit in ("rate", "signed_rate"):
        change = f"{delta * 100:+.1f} pts"
    elif kpi.unit == "count":
        change = f"{int(delta):+,}"
    else:
        change = ("+" if delta >= 0 else "-") + fmt_minutes(abs(delta))
    if kpi.unit in ("count", "minutes") and before:
        change += f" ({delta / before:+.0%})"
    text = f"{change} vs {fmt_value(kpi.unit, before)}"
    if delta == 0:
        return "unchanged", f"unchanged vs {fmt_value(kpi.unit, before)}"
    if kpi.better is None:
        return "neutral", text
    improved = (delta > 0) == (kpi.better == "higher")
    return ("better" if improved else "worse"), text


ARROWS = {"better": "▲", "worse": "▼", "neutral": "●", "unchanged": "=", "not-compared": "–"}
VERDICT_WORDS = {"better": "better", "worse": "worse", "neutral": "", "unchanged": ""}


def kpi_card(kpi: Kpi, data: ReportData, links: DefinitionLinks) -> str:
    row = data.week
    verdict, text = compare(kpi, row, data.previous)
    notes = []
    sample = metrics.sample_size(kpi, row)
    if sample is not None:
        notes.append(f"n = {sample:,}")
    pending = metrics.pending_count(kpi, row)
    if pending:
        notes.append(f"{pending:,} tickets still inside the window, not in the rate")
    if kpi is metrics.CSAT and row.get("is_csat_low_sample"):
        notes.append(
            links.link(KPI_MART, "is_csat_low_sample", "low response rate", "CSAT low sample")
        )
    if kpi is metrics.BACKLOG:
        growth = row.get(metrics.BACKLOG_GROWTH.column)
        label = links.link(
            KPI_MART, metrics.BACKLOG_GROWTH.column, "growth", metrics.BACKLOG_GROWTH.label
        )
        notes.append(f"{label} {fmt_value('signed_rate', growth)} in the week")
        if row.get("is_backlog_growth_alert"):
            notes.append(
                links.link(KPI_MART, "is_backlog_growth_alert", "growth alert", "Backlog alert")
            )
    target = target_of(kpi, data)
    if target is not None:
        notes.append(target_note(target, kpi.unit, links))
    word = VERDICT_WORDS.get(verdict, "")
    direction = (
        f'<span class="direction {verdict}">{ARROWS[verdict]} {esc(word)}</span>'
        if word
        else f'<span class="direction {verdict}">{ARROWS[verdict]}</span>'
    )
    return (
        f'<div class="kpi" data-kpi="{esc(kpi.column)}">'
        f'<div class="kpi-label">{links.link(KPI_MART, kpi.column, kpi.label)}</div>'
        f'<div class="kpi-value">{esc(fmt_value(kpi.unit, row.get(kpi.column)))}</div>'
        f'<div class="kpi-change">{direction} {esc(text)}</div>'
        f'<div class="kpi-note">{" · ".join(notes)}</div></div>'
    )


def target_of(kpi: Kpi, data: ReportData) -> dict | None:
    """The week's overall target row of a KPI (mart_kpi_targets), if one is set."""
    for row in data.targets or []:
        if row["metric"] == kpi.column:
            return row
    return None


def target_verdict(row: dict) -> str:
    """on / off / not-judged: the mart's is_on_target (null until the value is final)."""
    if row.get("is_on_target") is None:
        return "not-judged"
    return "on" if row["is_on_target"] else "off"


TARGET_WORDS = {"on": "on target", "off": "off target", "not-judged": "not judged (not final)"}


def target_note(row: dict, unit: str, links: DefinitionLinks) -> str:
    verdict = target_verdict(row)
    sign = "≥" if row["direction"] == "higher" else "≤"
    label = links.link(TARGETS, "is_on_target", TARGET_WORDS[verdict], "on / off target")
    return (
        f'<span class="target {verdict}" data-target-id="{esc(row["target_id"])}" '
        f'data-target-verdict="{verdict}">{label} (target {sign} '
        f"{esc(fmt_value(unit, row['target']))})</span>"
    )


def series_unit(series: str) -> str:
    """The unit of a mart_kpi_trends series, by its column name."""
    if series.endswith("_rate"):
        return "signed_rate" if series == "backlog_growth_rate" else "rate"
    if "_minutes" in series:
        return "minutes"
    if series.endswith("_seconds"):
        return "seconds"
    if series.startswith("cost"):
        return "money"
    return "count"


def fmt_series(series: str, value: float | None) -> str:
    unit = series_unit(series)
    if unit == "money":
        return "n/a" if value is None else f"{value:,.2f}"
    return fmt_value(unit, value)


def fmt_series_change(series: str, delta: float | None) -> str:
    if delta is None:
        return "n/a"
    unit = series_unit(series)
    if unit in ("rate", "signed_rate"):
        return f"{delta * 100:+.1f} pts"
    if unit == "count":
        return f"{delta:+,.0f}"
    if unit == "money":
        return f"{delta:+,.2f}"
    minutes = delta / 60 if unit == "seconds" else delta
    return ("+" if delta >= 0 else "-") + fmt_minutes(abs(minutes))


def targets_section(data: ReportData, links: DefinitionLinks) -> str:
    if data.targets is None:
        return ""
    if not data.targets:
        body = "<p>No weekly target is set (seed kpi_targets).</p>"
    else:
        rows = []
        for row in data.targets:
            verdict = target_verdict(row)
            sign = "≥" if row["direction"] == "higher" else "≤"
            rows.append(
                f'<tr data-target-id="{esc(row["target_id"])}" data-target-verdict="{verdict}">'
                f"<td>{esc(row['metric'])}</td>"
                f"<td class=num>{esc(fmt_series(row['metric'], row['series_value']))}</td>"
                f"<td class=num>{sign} {esc(fmt_series(row['metric'], row['target']))}</td>"
                f'<td><span class="target {verdict}">{esc(TARGET_WORDS[verdict])}</span></td>'
                "</tr>"
            )
        head = links.link(TARGETS, "is_on_target", "verdict", "on / off target")
        value = links.link(TARGETS, "series_value", "value", "target series value")
        body = (
            "<p class=muted>The week's value of each KPI with a weekly target (all tickets), "
            "judged only when final.</p><table><thead><tr><th>KPI</th>"
            f"<th>{value}</th><th>target</th><th>{head}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return f'<section id="targets"><h2>Targets</h2>{body}</section>'


def period_change_section(data: ReportData, links: DefinitionLinks) -> str:
    """The month (and quarter) that ended within the report week against the one before."""
    parts = []
    for start, rows, name, label in (
        (data.month_completed, data.month_trends, "month", "%B %Y"),
        (data.quarter_completed, data.quarter_trends, "quarter", None),
    ):
        if start is None or not rows:
            continue
        title = f"{start:{label}}" if label else f"Q{(start.month - 1) // 3 + 1} {start.year}"
        change = links.link(
            TRENDS, "period_over_period_change", "change", "period-over-period change"
        )
        verdict_head = links.link(TRENDS, "change_verdict", "verdict", "change verdict")
        anomaly_head = links.link(TRENDS, "is_anomaly", "anomaly", "anomaly flag")
        lines = []
        for row in rows:
            verdict = row.get("change_verdict") or "not-compared"
            anomaly = row.get("is_anomaly")
            anomaly_text = (
                "not scored" if anomaly is None else (row["anomaly_direction"] if anomaly else "")
            )
            relative = row.get("period_over_period_relative_change")
            lines.append(
                f'<tr data-series="{esc(row["series"])}" data-verdict="{esc(verdict)}">'
                f"<td>{esc(row['series'])}</td>"
                f"<td class=num>{esc(fmt_series(row['series'], row['series_value']))}</td>"
                f"<td class=num>{esc(fmt_series(row['series'], row['previous_period_value']))}"
                f"</td><td class=num>"
                f"{esc(fmt_series_change(row['series'], row['period_over_period_change']))}"
                + (f" ({relative:+.0%})" if relative is not None else "")
                + f'</td><td><span class="direction {esc(verdict)}">'
                f"{ARROWS.get(verdict, '–')} {esc(verdict.replace('-', ' '))}</span></td>"
                f"<td>{esc(anomaly_text)}</td></tr>"
            )
        parts.append(
            f'<div class="period-change" data-grain="{name}"><h3>The {name} just completed: '
            f"{esc(title)}, against the {name} before</h3>"
            f"<table><thead><tr><th>series</th><th>value</th><th>previous</th><th>{change}</th>"
            f"<th>{verdict_head}</th><th>{anomaly_head}</th></tr></thead>"
            f"<tbody>{''.join(lines)}</tbody></table></div>"
        )
    if not parts:
        return ""
    return (
        '<section id="period-change"><h2>Month over month</h2>'
        "<p class=muted>A month (or quarter) ended during the report week: every trend series "
        f"of <code>{TRENDS}</code> (all tickets) against the period before; a value still "
        "waiting on its window is not compared.</p>" + "".join(parts) + "</section>"
    )


def impact_sentence(row: dict) -> str:
    """A plain sentence of one change x KPI row, from the mart's numbers and verdict."""
    kpi = row["kpi_name"]
    verdict = row["impact_verdict"]
    before, after = fmt_series(kpi, row["baseline_value"]), fmt_series(kpi, row["after_value"])
    head = f"{kpi}: {before} → {after}"
    if row.get("absolute_change") is not None:
        head += f" ({fmt_series_change(kpi, row['absolute_change'])}"
        if row.get("relative_change") is not None:
            head += f", {row['relative_change']:+.0%}"
        head += ")"
    p_value = "" if row.get("p_value") is None else f"p = {row['p_value']:.3f}"
    if verdict == "improved":
        return f"{head}: a significant improvement ({p_value})."
    if verdict == "worsened":
        return f"{head}: significantly worse ({p_value})."
    if verdict == "no_significant_change":
        return f"{head}: no significant change ({p_value})."
    if verdict == "insufficient_sample":
        return (
            f"{head}: too few observations to test ({row['baseline_n']} before, "
            f"{row['after_n']} after)."
        )
    return f"{head}: {verdict.replace('_', ' ')}."


def changes_section(data: ReportData, links: DefinitionLinks) -> str:
    if data.changes_completed is None:
        return ""
    verdict_link = links.link(IMPACT, "impact_verdict", "verdict", "change impact verdict")
    p_link = links.link(IMPACT, "p_value", "p-value", "change impact p-value")
    parts = ['<section id="changes"><h2>Changes measured this week</h2>']
    if not data.changes_completed:
        parts.append(
            "<p>No change's after window ended this week "
            f"(<code>{IMPACT}</code>, seed kpi_changes).</p>"
        )
    by_change: dict[str, list[dict]] = {}
    for row in data.changes_completed:
        by_change.setdefault(row["change_id"], []).append(row)
    for change_id, rows in by_change.items():
        first = rows[0]
        scope = (
            "all tickets"
            if first["scope_type"] == "all"
            else f"{first['scope_type']} {first['scope_value']}"
        )
        items = "".join(
            f'<li data-kpi="{esc(row["kpi_name"])}" data-verdict="{esc(row["impact_verdict"])}">'
            f"{esc(impact_sentence(row))}</li>"
            for row in rows
        )
        parts.append(
            f'<div class="change" data-change-id="{esc(change_id)}"><h3>{esc(change_id)}: '
            f"{esc(first['change_name'])}</h3><p class=muted>{esc(first['change_type'])}, "
            f"{esc(scope)}; baseline {first['baseline_start_date']} to "
            f"{first['baseline_end_date']} against after {first['after_start_date']} to "
            f"{first['after_end_date']}; each KPI with its {verdict_link} and {p_link} "
            f"(alpha {esc(first['alpha'])}).</p><ul>{items}</ul></div>"
        )
    if data.changes_open:
        still = ", ".join(
            f"{esc(row['change_id'])} {esc(row['change_name'])} (after window ends "
            f"{row['after_end_date']})"
            for row in data.changes_open
        )
        parts.append(f'<p class="muted" data-field="changes-open">Still measuring: {still}.</p>')
    if data.change_last_measured:
        last = data.change_last_measured
        parts.append(
            f'<p class="muted" data-field="changes-last">Last measured: {esc(last["change_id"])} '
            f"{esc(last['change_name'])} (after window ended {last['after_end_date']}: "
            f"{last['significant']} of {last['scored']} KPIs changed significantly).</p>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def signal_evidence(row: dict) -> list[tuple[str, str, str]]:
    """(flag column, label, evidence) of each coaching signal the agent has."""
    out = []

    def rate(value):
        return fmt_value("rate", value)

    def number(value):
        return "n/a" if value is None else f"{value:,.1f}"

    if row.get("is_cherry_picking"):
        out.append(
            (
                "is_cherry_picking",
                "cherry-picking",
                f"low-complexity share {rate(row['self_assigned_low_share'])} vs team "
                f"{rate(row['team_peer_self_assigned_low_share'])}",
            )
        )
    if row.get("is_fast_with_low_csat"):
        out.append(
            (
                "is_fast_with_low_csat",
                "fast AHT, low CSAT",
                f"AHT {fmt_value('seconds', row['first_assigned_aht_seconds'])} vs tier mix "
                f"{fmt_value('seconds', row['tier_mix_baseline_aht_seconds'])}, CSAT "
                f"{rate(row['first_assigned_csat_rate'])} vs "
                f"{rate(row['csat_category_baseline'])}",
            )
        )
    if row.get("is_low_escalation"):
        out.append(
            (
                "is_low_escalation",
                "low escalation",
                f"{row['escalations_observed']} escalations vs "
                f"{number(row['escalations_expected'])} expected",
            )
        )
    if row.get("is_high_recategorisation"):
        out.append(
            (
                "is_high_recategorisation",
                "high recategorisation",
                f"{rate(row['recategorisation_rate'])} vs team "
                f"{rate(row['team_peer_recategorisation_rate'])}",
            )
        )
    return out


def signals_block(data: ReportData, links: DefinitionLinks) -> str:
    if data.coaching_signals is None:
        return ""
    month = data.review_month
    if not data.coaching_signals:
        return f"<h3>Coaching signals of {month:%B %Y}</h3><p>No agent has a signal.</p>"
    rows = []
    for row in data.coaching_signals:
        evidence = signal_evidence(row)
        flags = "; ".join(
            f"{links.link(SIGNALS, column, label, f'signal: {label}')}: {esc(text)}"
            for column, label, text in evidence
        )
        rows.append(
            f'<tr data-agent-id="{esc(row["agent_id"])}"><td>{esc(row["agent_name"])} '
            f"<span class=muted>{esc(row['team'])}</span></td>"
            f"<td class=num>{row['first_assigned_tickets']:,}</td>"
            f"<td class=num>{row['coaching_signals_flagged']}</td><td>{flags}</td></tr>"
        )
    flagged = links.link(SIGNALS, "coaching_signals_flagged", "signals", "coaching signals")
    return (
        f"<h3>Coaching signals of {month:%B %Y}</h3>"
        f"<p>{len(data.coaching_signals)} human agent"
        f"{'' if len(data.coaching_signals) == 1 else 's'} with at least one monthly signal "
        f"(<code>{SIGNALS}</code>), each with its evidence.</p>"
        f"<table class=signals><thead><tr><th>agent</th><th>tickets</th><th>{flagged}</th>"
        f"<th>signal and evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def business_section(data: ReportData, links: DefinitionLinks) -> str:
    """One compact section: first-response quality, root causes, product feedback, survey
    timing and revenue of the latest month that ended by the week's end."""
    review = data.review
    if not review:
        return ""
    month = data.review_month
    items = []
    quality = review.get("first_response_quality")
    if quality:
        items.append(
            '<li data-field="first-response-quality">'
            + links.link(
                FRQ,
                "substantive_first_response_rate",
                "Substantive first responses",
                "substantive first-response rate",
            )
            + f" <strong>{fmt_value('rate', quality['substantive_first_response_rate'])}</strong>"
            + ", "
            + links.link(
                FRQ,
                "acknowledgement_only_first_response_rate",
                "acknowledgement only",
                "acknowledgement-only first-response rate",
            )
            + f" {fmt_value('rate', quality['acknowledgement_only_first_response_rate'])}, "
            + links.link(
                FRQ,
                "help_centre_link_first_response_rate",
                "help-centre link",
                "help-centre link first-response rate",
            )
            + f" {fmt_value('rate', quality['help_centre_link_first_response_rate'])}; "
            + "first response median "
            + fmt_value("minutes", quality["first_response_minutes_median"])
            + f" ({quality['first_responses_classified']:,} first responses with a text).</li>"
        )
    outcomes = review.get("first_response_outcomes")
    if outcomes:
        cells = ", ".join(
            f"{esc(row['first_response_quality'])} {fmt_value('rate', row['fcr_rate'])}"
            for row in outcomes
        )
        fcr = links.link(
            FRQ_OUTCOMES,
            "fcr_rate",
            "FCR by first-response quality",
            "FCR by first-response quality",
        )
        items.append(f'<li data-field="first-response-outcomes">{fcr}: {cells}.</li>')
    causes = review.get("reopen_root_causes")
    if causes:
        cells = ", ".join(
            f"{esc(row['reopen_reason'])} {row['reopens']:,}"
            + (
                f" ({fmt_value('rate', row['root_cause_share'])})"
                if row.get("root_cause_share") is not None
                else ""
            )
            for row in causes
        )
        link = links.link(
            ROOT_CAUSES, "root_cause_share", "Reopens by root cause", "reopen root cause share"
        )
        items.append(
            f'<li data-field="reopen-root-causes">{link} ({causes[0]["month_reopens"]:,} '
            f"reopens): {cells}.</li>"
        )
    feedback = review.get("product_feedback")
    if feedback:
        link = links.link(
            FEEDBACK,
            "linked_issue_rate",
            "Tickets linked to an engineering issue",
            "linked issue rate",
        )
        items.append(
            f'<li data-field="product-feedback">{link} '
            f"<strong>{fmt_value('rate', feedback['linked_issue_rate'])}</strong> "
            f"({feedback['tickets_linked_to_issue']:,} of {feedback['tickets_created']:,}): "
            f"bug reports {fmt_value('rate', feedback['bug_report_rate'])}, feature requests "
            f"{fmt_value('rate', feedback['feature_request_rate'])}.</li>"
        )
    delays = review.get("csat_by_survey_delay")
    if delays:
        cells = ", ".join(
            f"{esc(row['survey_delay_bucket'])} {fmt_value('rate', row['csat_rate'])} "
            f"(n = {row['csat_responses']:,})"
            for row in delays
        )
        link = links.link(SURVEY_DELAY, "csat_rate", "CSAT by survey delay", "CSAT by survey delay")
        items.append(f'<li data-field="survey-delay">{link}: {cells}.</li>')
    revenue = review.get("revenue")
    if revenue:
        risk = links.link(CHURN, "mrr_at_risk_at_end", "MRR at risk", "MRR at risk")
        churned = links.link(CHURN, "mrr_churned", "MRR churned", "MRR churned")
        items.append(
            f'<li data-field="revenue">{risk} at the month\'s end '
            f"<strong>{fmt_money(revenue['mrr_at_risk_at_end'])}</strong> "
            f"({fmt_value('rate', revenue['mrr_at_risk_rate'])} of MRR, "
            f"{fmt_value('count', revenue['customers_at_risk_at_end'])} customers); {churned} "
            f"in the month {fmt_money(revenue['mrr_churned'])}.</li>"
        )
    expansion = review.get("expansion")
    if expansion:
        link = links.link(EXPANSION, "has_expansion_signal", "expansion signal", "expansion signal")
        items.append(
            f'<li data-field="expansion">Accounts with an {link}: '
            f"<strong>{expansion['accounts_with_signal']:,}</strong> of the "
            f"{expansion['accounts_with_contacts']:,} accounts that contacted support.</li>"
        )
    cost = review.get("cost_to_serve")
    if cost:
        ratio = links.link(
            COST_TO_SERVE, "cost_to_serve_mrr_ratio", "Cost to serve / MRR", "cost to serve / MRR"
        )
        items.append(
            f'<li data-field="cost-to-serve">{ratio} '
            f"<strong>{fmt_value('rate', cost['cost_to_serve_mrr_ratio'])}</strong> "
            f"(cost to serve {fmt_money(cost['cost_to_serve'])} against MRR "
            f"{fmt_money(cost['mrr'])}).</li>"
        )
    if not items:
        return ""
    return (
        f'<section id="review"><h2>Quality, feedback and revenue: {month:%B %Y}</h2>'
        "<p class=muted>The latest month that ended by the report week's end, from the "
        "monthly marts (all tickets, all customers).</p>"
        f"<ul class=review>{''.join(items)}</ul></section>"
    )


def fmt_money(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def header(data: ReportData) -> str:
    build = data.build
    week_end = data.week_start + timedelta(days=6)
    lines = [
        f"<h1>Weekly support report: week of {data.week_start:%d %b %Y}</h1>",
        f'<p class="period">Monday {data.week_start:%Y-%m-%d} to Sunday {week_end:%Y-%m-%d} '
        "(UTC), compared with the week before.</p>",
        '<p class="asof">Data as of <strong data-field="as_of_at">'
        f"{esc(fmt_timestamp(build.get('as_of_at')))}</strong> · latest raw event "
        f"{esc(fmt_timestamp(build.get('latest_data_at')))} · warehouse built "
        f"{esc(fmt_timestamp(build.get('built_at')))}</p>",
    ]
    if build.get("is_data_stale"):
        hours = build.get("hours_since_latest_data_at_build")
        age = f"{hours:,.0f} hours" if hours is not None else "unknown age"
        tables = build.get("stale_tables") or "none listed"
        lines.append(
            f'<p class="banner warn" data-field="staleness"><strong>Stale data:</strong> the '
            f"latest raw event was {esc(age)} old when the warehouse was built (threshold "
            f"{esc(fmt_number(build.get('freshness_warn_after_hours')))} h). Stale tables: "
            f"{esc(tables)}.</p>"
        )
    else:
        lines.append(
            '<p class="banner ok" data-field="staleness">Fresh data: the latest raw event was '
            "within the freshness threshold when the warehouse was built.</p>"
        )
    if build.get("is_as_of_before_latest_data"):
        lines.append(
            '<p class="banner warn">Back-dated build: as_of lies before the latest data.</p>'
        )
    if not data.week["is_period_complete"]:
        lines.append(
            '<p class="banner warn">This week is still running at as_of: its numbers will '
            "grow and are not compared.</p>"
        )
    return "<header>" + "\n".join(lines) + "</header>"


def chart_section(data: ReportData) -> str:
    figures = []
    for kpi in metrics.CHARTS:
        svg = charts.chart_svg(kpi, data.trend, data.week_start)
        figures.append(
            f'<figure class="chart" data-kpi="{esc(kpi.column)}">{svg}'
            f"<figcaption>{kpi_caption(kpi, data)}</figcaption></figure>"
        )
    return (
        '<section id="trends"><h2>Trailing weeks</h2>'
        '<p class="muted">Solid line and filled dot: a final value. Hollow dot and dashed '
        "line: not final yet, either the week is still running (grey) or some of its tickets "
        "are still inside the metric's window (blue: the rate leaves them out and will move). "
        "A week without a value is a gap. The shaded column is the report week.</p>"
        f'<div class="charts">{"".join(figures)}</div></section>'
    )


def kpi_caption(kpi: Kpi, data: ReportData) -> str:
    notes = []
    for point in charts.points(kpi, data.trend):
        if point.pending:
            value = "no value yet" if point.value is None else "partial value"
            notes.append(
                f"{point.week:%b %d}: {point.pending:,} tickets inside the window ({value})"
            )
    return "; ".join(esc(note) for note in notes)


def insights_section(data: ReportData, links: DefinitionLinks) -> str:
    if data.week_insights is None:
        return (
            '<section id="insights"><h2>Insights</h2>'
            "<p>mart_insights is not in this warehouse.</p></section>"
        )
    finding = links.link(INSIGHTS, "finding", "Findings", "Insight finding")

    def items(rows: list[dict]) -> str:
        out = []
        for row in rows:
            out.append(
                f'<li class="insight" data-finding-id="{esc(row["finding_id"])}">'
                f'<span class="tag">{esc(row["finding_type"].replace("_", " "))}</span> '
                f"{esc(row['finding'])}</li>"
            )
        return "".join(out)

    parts = ['<section id="insights"><h2>Insights</h2>']
    if data.week_insights:
        parts.append(
            f"<p>{finding} of the week ({len(data.week_insights)}), most severe first "
            f"within each type:</p><ul class=insights>{items(data.week_insights)}</ul>"
        )
    else:
        parts.append(
            f"<p>No findings for this week in mart_insights ({finding} describe the "
            "latest complete week before as_of only).</p>"
        )
    if data.month_insights:
        parts.append(
            f"<details open><summary>Monthly findings of {data.month_insights_start:%B %Y} "
            f"({len(data.month_insights)})</summary>"
            f"<ul class=insights>{items(data.month_insights)}</ul></details>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def sla_section(data: ReportData, links: DefinitionLinks) -> str:
    rows = []
    for kpi in metrics.SLA:
        verdict, text = compare(kpi, data.week, data.previous)
        decided = data.week.get(kpi.sample_column)
        attained = data.week.get(kpi.sample_column.replace("_decided", "_attained"))
        rows.append(
            f'<tr data-kpi="{esc(kpi.column)}"><td>{links.link(KPI_MART, kpi.column, kpi.label)}'
            f"</td><td class=num>{esc(fmt_value('count', attained))}</td>"
            f"<td class=num>{esc(fmt_value('count', decided))}</td>"
            f"<td class=num><strong>{esc(fmt_value('rate', data.week.get(kpi.column)))}</strong>"
            f'</td><td><span class="direction {verdict}">{ARROWS[verdict]}</span> {esc(text)}'
            "</td></tr>"
        )
    return (
        '<section id="sla"><h2>SLA attainment</h2>'
        "<table><thead><tr><th>SLA</th><th>attained</th><th>decided this week</th>"
        "<th>attainment</th><th>vs previous week</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


COACHING_COLUMNS = (
    ("tickets_resolved", "resolved", "count"),
    ("agent_aht_seconds", "AHT", "seconds"),
    ("agent_aht_relative_change", "AHT change", "signed_rate"),
    ("agent_resolved_reopen_rate", "reopen rate", "rate"),
    ("agent_fcr_rate", "FCR", "rate"),
    ("csat_normalized", "CSAT vs category", "signed_rate"),
    ("first_assignment_accuracy", "first-assignment accuracy", "rate"),
)


# a flag the report derives links to the column it is read from
FLAG_COLUMNS = {"is_csat_below_baseline": "csat_normalized"}


def coaching_section(data: ReportData, links: DefinitionLinks) -> str:
    if data.coaching is None:
        return ""
    if not data.coaching:
        body = "<p>No agent has a coaching flag this week.</p>"
    else:
        heads = "".join(
            f"<th>{links.link(SCORECARD, column, label, f'agent {label}')}</th>"
            for column, label, _ in COACHING_COLUMNS
        )
        flag_links = {
            flag: links.link(SCORECARD, FLAG_COLUMNS.get(flag, flag), label, f"flag: {label}")
            for flag, label in COACHING_FLAGS.items()
        }
        rows = []
        for row in data.coaching:
            flags = ", ".join(link for flag, link in flag_links.items() if row.get(flag))
            cells = "".join(
                f"<td class=num>{esc(fmt_value(unit, row.get(column)))}</td>"
                for column, _, unit in COACHING_COLUMNS
            )
            rows.append(
                f"<tr><td>{esc(row.get('agent_name'))} <span class=muted>"
                f"{esc(row['agent_id'])} · {esc(row.get('team'))}</span></td>{cells}"
                f"<td>{flags}</td></tr>"
            )
        shown = len(data.coaching)
        body = (
            f"<p>{shown} of {data.coaching_flagged_total} human agents with a coaching flag "
            "this week, most flags first (CSAT below the category baseline counts only "
            "without a low-sample warning).</p>"
            f"<table><thead><tr><th>agent</th>{heads}<th>flags</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    signals = signals_block(data, links)
    return f'<section id="coaching"><h2>Agent coaching list</h2>{body}{signals}</section>'


def quality_section(data: ReportData, links: DefinitionLinks) -> str:
    build = data.build
    summary = (
        f"<p>Raw rows read {esc(fmt_value('count', build.get('raw_rows_read')))}, accepted "
        f"{esc(fmt_value('count', build.get('raw_rows_accepted')))}, "
        f"{links.link('dq_build_metadata', 'raw_rows_rejected', 'rejected', 'raw rows rejected')} "
        f"<strong>{esc(fmt_value('count', build.get('raw_rows_rejected')))}</strong> "
        "(over the whole raw data, not only this week).</p>"
    )
    if data.rejected is None:
        table = "<p>dq_rejected_rows is not in this warehouse.</p>"
    elif not data.rejected:
        table = "<p>No rejected rows.</p>"
    else:
        reason = links.link("dq_rejected_rows", "reason", "reason", "rejection reason")
        rows = "".join(
            f"<tr><td>{esc(row['source_table'])}</td><td>{esc(row['reason'])}</td>"
            f"<td class=num>{row['rejected_rows']:,}</td></tr>"
            for row in data.rejected
        )
        table = (
            f"<table><thead><tr><th>raw table</th><th>{reason}</th><th>rows</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    stale = links.link("dq_build_metadata", "is_data_stale", "stale", "data is stale")
    freshness = (
        f"<p>Freshness: data {stale}: <strong>{'yes' if build.get('is_data_stale') else 'no'}"
        f"</strong>; {esc(build.get('stale_table_count'))} stale tables"
        + (f" ({esc(build['stale_tables'])})" if build.get("stale_tables") else "")
        + ".</p>"
    )
    return f'<section id="quality"><h2>Data quality</h2>{summary}{freshness}{table}</section>'


CSS = """
:root { --ink:#1d2430; --muted:#5f6b7a; --line:#dde2e8; --better:#1a7f37; --worse:#c62828;
  --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.45;
  background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; border-bottom: 2px solid var(--line); padding-bottom: 4px;
  margin-top: 32px; }
h3 { font-size: 1em; margin: 16px 0 4px; }
a { color: var(--accent); }
a.def { color: inherit; text-decoration: underline dotted; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.88em;
  background: #f3f5f7; padding: 0 3px; border-radius: 3px; }
.muted, .period, .asof { color: var(--muted); }
.banner { padding: 8px 12px; border-radius: 6px; }
.banner.warn { background: #fff4e5; border: 1px solid #f0c36d; }
.banner.ok { background: #edf7ee; border: 1px solid #a8d5ad; }
nav { font-size: 0.9em; margin: 12px 0; }
nav a { margin-right: 12px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px;
  break-inside: avoid; }
.kpi-label { font-size: 0.9em; color: var(--muted); }
.kpi-value { font-size: 1.7em; font-weight: 600; }
.kpi-change, .kpi-note { font-size: 0.85em; }
.kpi-note { color: var(--muted); }
.direction.better { color: var(--better); font-weight: 600; }
.direction.worse { color: var(--worse); font-weight: 600; }
.direction.neutral, .direction.unchanged, .direction.not-compared { color: var(--muted); }
.target.on { color: var(--better); } .target.off { color: var(--worse); font-weight: 600; }
.target.not-judged { color: var(--muted); }
ul.review li { margin: 4px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr));
  gap: 16px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px;
  break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.8em; color: var(--muted); min-height: 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: #f7f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.insights { padding-left: 20px; }
li.insight { margin: 4px 0; }
.tag { display: inline-block; font-size: 0.75em; background: #eef2f7; color: var(--muted);
  border-radius: 10px; padding: 0 8px; margin-right: 4px; }
dl.columns dt { font-weight: 600; margin-top: 10px; }
dl.columns dd { margin: 2px 0 0 16px; }
article.block { border-left: 3px solid var(--line); padding-left: 12px; margin: 12px 0;
  font-size: 0.92em; }
footer { margin-top: 32px; font-size: 0.8em; color: var(--muted); }
@media print { body { max-width: none; padding: 0; } nav { display: none; }
  section { break-inside: auto; } }
"""


def render(data: ReportData, definitions: Definitions) -> str:
    """The whole page."""
    links = DefinitionLinks(definitions)
    cards = "".join(kpi_card(kpi, data, links) for kpi in metrics.HEADLINE)
    body = [
        header(data),
        '<nav><a href="#headline">Headline</a><a href="#targets">Targets</a>'
        '<a href="#trends">Trends</a><a href="#changes">Changes</a>'
        '<a href="#insights">Insights</a><a href="#sla">SLA</a><a href="#coaching">Coaching</a>'
        '<a href="#review">Quality, feedback, revenue</a>'
        '<a href="#quality">Data quality</a><a href="#definitions">Definitions</a></nav>',
        '<section id="headline"><h2>Headline KPIs</h2>'
        f'<p class="muted">Week of {data.week_start:%Y-%m-%d} against the week before, from '
        f"<code>{KPI_MART}</code> (overall slice). ▲/▼ say whether the change is better or "
        "worse by the metric's direction; volume has none. A rate still waiting on its "
        f'window is never compared.</p><div class="kpis">{cards}</div></section>',
        targets_section(data, links),
        period_change_section(data, links),
        chart_section(data),
        changes_section(data, links),
        insights_section(data, links),
        sla_section(data, links),
        coaching_section(data, links),
        business_section(data, links),
        quality_section(data, links),
    ]
    model_blocks = definitions.model_docs.get(KPI_MART, []) + ["period_is_complete"]
    body.append(links.appendix(model_blocks))
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body.append(
        f"<footer>Generated {generated} by <code>python -m supportwh.report</code> from "
        f"{esc(data.warehouse.name)}. Self-contained: no script, no network.</footer>"
    )
    title = f"Weekly support report, week of {data.week_start:%Y-%m-%d}"
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        + "\n".join(part for part in body if part)
        + "</body></html>\n"
    )
    return page


def external_references(page: str) -> list[str]:
    """What in the page could make a browser fetch something (should be nothing)."""
    pattern = re.compile(
        r"<script|<link\b|<iframe|<img\b|(?:src|href)\s*=\s*[\"'](?!#)[^\"']*|url\(|@import",
        re.I,
    )
    return [match.group(0)[:80] for match in pattern.finditer(page)]
