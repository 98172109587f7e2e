"""The MetricFlow semantic layer (models/semantic/) equals the marts.

Every metric is queried through MetricFlow's own engine, in process (the
semantic manifest `dbt build` writes, compiled to SQL by MetricFlowEngine
for DuckDB and run on a copy of the demo warehouse into which the time
spine is built), and compared with the mart column that carries the same
definition, for every period and slice the mart has: the ticket KPIs at
day, week, month and quarter grain overall and by each slice of
mart_ticket_kpis_weekly, automation by month and category, cost per
resolution by month, deflection by month and entry point, the contact
centre by day, agent utilization and availability by agent and day; and
what issue 22 added: change impact counts per change and KPI, first-response
quality by agent and category and FCR/reopen by it, reopens by root cause,
product feedback, CSAT by survey delay, coaching flags, revenue at risk,
cost to serve against MRR and expansion contacts per account.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt

# metric -> mart column (same name unless listed here)
TICKET_KPI_COLUMNS = {
    "fcr_decided": "fcr_first_contact + fcr_not_first_contact",
    "backlog": "backlog_at_end",
}
TICKET_KPI_METRICS = [
    # created cohort
    "tickets_created",
    "inbound_tickets_created",
    "first_response_minutes_avg",
    "first_response_minutes_median",
    "first_response_minutes_p90",
    "first_response_business_minutes_median",
    "tickets_escalated",
    "escalation_rate",
    "first_response_sla_measured",
    "first_response_sla_breached",
    "first_response_sla_breach_rate",
    "resolution_sla_measured",
    "resolution_sla_breached",
    "resolution_sla_breach_rate",
    # resolved cohort
    "tickets_resolved",
    "resolution_minutes_avg",
    "resolution_minutes_median",
    "resolution_minutes_p90",
    "resolution_business_minutes_median",
    "requester_wait_minutes_median",
    "requester_wait_business_minutes_median",
    "one_touch_tickets",
    "one_touch_rate",
    "automated_resolutions",
    "handle_seconds_total",
    "tickets_with_handle_time",
    "aht_seconds",
    # first-resolved cohort
    "fcr_first_contact",
    "fcr_decided",
    "fcr_pending",
    "fcr_rate",
    "tickets_reopened_within_window",
    "reopen_window_elapsed",
    "reopen_pending",
    "reopen_rate",
    # surveys sent
    "csat_surveys_sent",
    "csat_responses",
    "csat_satisfied_responses",
    "csat_rate",
    "csat_response_rate",
    "csat_average",
    "ces_average",
    "nps_responses",
    "nps_promoters",
    "nps_detractors",
    "nps",
    # SLA verdicts
    "first_reply_sla_attainment_rate",
    "next_reply_sla_attainment_rate",
    "requester_wait_sla_attainment_rate",
    "resolution_sla_attainment_rate",
    # backlog
    "backlog_net_change",
    "reopens",
    "resolutions",
    "backlog",
    "backlog_growth_rate",
]
# metrics that count or add up: no row in MetricFlow's answer is a 0 in the mart
ADDITIVE = {
    "tickets_created",
    "inbound_tickets_created",
    "tickets_escalated",
    "first_response_sla_measured",
    "first_response_sla_breached",
    "resolution_sla_measured",
    "resolution_sla_breached",
    "tickets_resolved",
    "one_touch_tickets",
    "automated_resolutions",
    "tickets_with_handle_time",
    "fcr_first_contact",
    "fcr_decided",
    "fcr_pending",
    "tickets_reopened_within_window",
    "reopen_window_elapsed",
    "reopen_pending",
    "csat_surveys_sent",
    "csat_responses",
    "csat_satisfied_responses",
    "nps_responses",
    "nps_promoters",
    "nps_detractors",
    "backlog_net_change",
    "reopens",
    "resolutions",
    # a cumulative metric starts at its first change: before it, nothing is open
    "backlog",
    "bot_touched_tickets",
    "created_cohort_automated_resolutions",
    "self_service_sessions",
    "confirmed_resolved_sessions",
    "calls_offered",
    "calls_answered",
    "calls_abandoned",
    # issue 22
    "change_kpis_compared",
    "change_kpis_tested",
    "change_kpis_significantly_improved",
    "change_kpis_significantly_worsened",
    "change_kpis_improved",
    "first_responses",
    "first_responses_classified",
    "first_responses_unknown",
    "substantive_first_responses",
    "acknowledgement_only_first_responses",
    "help_centre_link_first_responses",
    "reopens_within_window",
    "tickets_linked_to_issue",
    "tickets_linked_bug",
    "tickets_linked_feature_request",
    "coaching_agent_months",
    "agent_months_cherry_picking",
    "agent_months_fast_with_low_csat",
    "agent_months_low_escalation",
    "agent_months_high_recategorisation",
    "agent_months_flagged",
    "expansion_contacts",
    "account_contacts",
}
SLICE_DIMENSIONS = [
    "channel",
    "category",
    "complexity_tier",
    "priority",
    "segment",
    "plan",
    "team",
    "created_weekday",
    "created_hour",
]


class _ExplainOnlyClient:
    """The SqlClient MetricFlowEngine needs to compile SQL for DuckDB; the
    test runs the SQL itself."""

    from metricflow.protocols.sql_client import SqlEngine
    from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer

    sql_engine_type = SqlEngine.DUCKDB
    sql_plan_renderer = DuckDbSqlPlanRenderer()

    def query(self, *args, **kwargs):
        raise NotImplementedError

    def execute(self, *args, **kwargs):
        raise NotImplementedError

    def dry_run(self, *args, **kwargs):
        raise NotImplementedError

    def close(self) -> None:
        pass

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return "$" + bind_parameter_key


class SemanticLayer:
    def __init__(self, warehouse: Path, semantic_manifest: Path) -> None:
        from metricflow.engine.metricflow_engine import MetricFlowEngine
        from metricflow_semantics.model.dbt_manifest_parser import (
            parse_manifest_from_dbt_generated_manifest,
        )
        from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

        text = semantic_manifest.read_text()
        manifest = parse_manifest_from_dbt_generated_manifest(text)
        self.engine = MetricFlowEngine(SemanticManifestLookup(manifest), _ExplainOnlyClient())
        self.saved_queries = _saved_query_params(json.loads(text))
        self.con = duckdb.connect(str(warehouse), read_only=True)

    def sql(self, metrics: list[str], group_by: list[str], where: list[str] | None = None) -> str:
        from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

        request = MetricFlowQueryRequest.create(
            metric_names=metrics, group_by_names=group_by, where_constraints=where
        )
        return self.engine.explain(request).sql_statement.sql

    def query(
        self, metrics: list[str], group_by: list[str], where: list[str] | None = None
    ) -> dict[tuple, dict]:
        """{group-by values (dates as date, null dimensions as 'unknown'): {metric: value}}.
        where: MetricFlow filters (Jinja), e.g. to leave out groups the mart has no row for."""
        return self._grouped(self.sql(metrics, group_by, where), metrics, group_by)

    def saved_query(self, name: str) -> dict[tuple, dict]:
        """As query, for a saved query (its metrics and group-by from the manifest)."""
        from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

        metrics, group_by = self.saved_queries[name]
        request = MetricFlowQueryRequest.create(saved_query_name=name)
        return self._grouped(self.engine.explain(request).sql_statement.sql, metrics, group_by)

    def _grouped(self, sql: str, metrics: list[str], group_by: list[str]) -> dict[tuple, dict]:
        cursor = self.con.execute(sql)
        columns = [column[0] for column in cursor.description]
        result = {}
        for row in cursor.fetchall():
            record = dict(zip(columns, row, strict=True))
            key = tuple(_key_value(record[column]) for column in group_by)
            assert key not in result, f"duplicate group {key}"
            result[key] = {metric: record[metric] for metric in metrics}
        return result

    def mart(self, sql: str) -> list[dict]:
        cursor = self.con.execute(sql)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _key_value(value):
    if value is None:
        return "unknown"
    if hasattr(value, "date"):
        return value.date()
    return value


def _close(actual, expected) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    if isinstance(actual, float) and math.isnan(actual):
        return expected is None or math.isnan(expected)
    return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-6)


def compare(
    semantic: dict[tuple, dict],
    mart_rows: list[dict],
    key_columns: list[str],
    columns: dict[str, str],
    label: str,
) -> int:
    """Every mart row against MetricFlow's row for the same key; no
    MetricFlow row without a mart row. Returns the values compared."""
    mismatches = []
    mart_keys = set()
    compared = 0
    for row in mart_rows:
        key = tuple(row[column] for column in key_columns)
        mart_keys.add(key)
        values = semantic.get(key, {})
        for metric, column in columns.items():
            actual = values.get(metric)
            if actual is None and metric in ADDITIVE:
                actual = 0
            compared += 1
            if not _close(actual, row[column]):
                mismatches.append((key, metric, actual, row[column]))
    extra = [key for key in semantic if key not in mart_keys]
    assert not mismatches, f"{label}: {len(mismatches)} mismatches, e.g. {mismatches[:5]}"
    assert not extra, f"{label}: MetricFlow groups without a mart row: {extra[:5]}"
    return compared


def compare_grouped(
    semantic_layer: SemanticLayer,
    metrics: list[str],
    aggregates: str,
    table: str,
    groupings: list[tuple[list[str], list[str]]],
    label: str,
) -> None:
    """For each (MetricFlow group-by, mart columns) of groupings: the metrics
    against the mart's rows aggregated here (aggregates: SQL naming each
    metric)."""
    for group_by, columns in groupings:
        semantic = semantic_layer.query(metrics, group_by)
        mart_rows = semantic_layer.mart(
            f"select {', '.join(columns)}, {aggregates} from {table} group by {', '.join(columns)}"
        )
        assert mart_rows
        compare(semantic, mart_rows, columns, {m: m for m in metrics}, f"{label} {group_by}")


@pytest.fixture(scope="module")
def semantic_layer(demo_warehouse: Path, tmp_path_factory) -> SemanticLayer:
    """A copy of the demo warehouse with the time spine built into it, and
    MetricFlow over the semantic manifest of that build. The copy is named
    warehouse.duckdb: the manifest's relations name the file's catalog."""
    workdir = tmp_path_factory.mktemp("semantic_layer")
    warehouse = workdir / "warehouse.duckdb"
    shutil.copy(demo_warehouse, warehouse)
    wal = demo_warehouse.with_name(demo_warehouse.name + ".wal")
    if wal.exists():
        shutil.copy(wal, warehouse.with_name(warehouse.name + ".wal"))
    result = run_dbt(
        ["build", "--select", "metricflow_time_spine", "--exclude", "test_type:unit"],
        workdir,
        warehouse=warehouse,
    )
    assert result.returncode == 0, result.output[-4000:]
    layer = SemanticLayer(warehouse, workdir / "target" / "semantic_manifest.json")
    yield layer
    layer.con.close()


TICKET_KPI_CUTS = [
    ("day", "overall"),
    ("month", "overall"),
    ("month", "channel"),
    ("quarter", "overall"),
    ("quarter", "segment"),
] + [("week", slice_name) for slice_name in ["overall", *SLICE_DIMENSIONS]]


@pytest.mark.parametrize(("grain", "slice_name"), TICKET_KPI_CUTS)
def test_ticket_kpis_equal_the_mart(semantic_layer: SemanticLayer, grain, slice_name):
    group_by = [f"metric_time__{grain}"]
    if slice_name != "overall":
        group_by.append(f"ticket__{slice_name}")
    semantic = semantic_layer.query(TICKET_KPI_METRICS, group_by)
    columns = {metric: TICKET_KPI_COLUMNS.get(metric, metric) for metric in TICKET_KPI_METRICS}
    select = ", ".join(f"{column} as {metric}" for metric, column in columns.items())
    mart_rows = semantic_layer.mart(
        f"select period_start, slice_value, {select} from mart_ticket_kpis "
        f"where grain = '{grain}' and slice_name = '{slice_name}'"
    )
    assert mart_rows
    key_columns = ["period_start"] + (["slice_value"] if slice_name != "overall" else [])
    compared = compare(
        semantic,
        mart_rows,
        key_columns,
        {metric: metric for metric in columns},
        f"{grain}/{slice_name}",
    )
    assert compared == len(mart_rows) * len(columns)


def test_automation_resolution_rate_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = [
        "bot_touched_tickets",
        "created_cohort_automated_resolutions",
        "automation_resolution_rate",
    ]
    for group_by, category_filter in [
        (["metric_time__month"], "category = 'all'"),
        (["metric_time__month", "ticket__category"], "category <> 'all'"),
    ]:
        semantic = semantic_layer.query(metrics, group_by)
        mart_rows = semantic_layer.mart(
            "select period_month, category, bot_touched_tickets, "
            "created_cohort_automated_resolutions, automation_resolution_rate "
            "from mart_automation_comparison where period_grain = 'month' "
            f"and handling_class = 'all' and {category_filter}"
        )
        assert mart_rows
        keys = ["period_month"] + (["category"] if len(group_by) > 1 else [])
        compare(semantic, mart_rows, keys, {m: m for m in metrics}, f"automation {group_by}")


def test_cost_per_resolution_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = ["support_cost_total", "tickets_resolved", "cost_per_resolution"]
    semantic = semantic_layer.query(metrics, ["metric_time__month"])
    mart_rows = semantic_layer.mart(
        "select period_start, support_cost_total, tickets_resolved, cost_per_resolution "
        "from mart_support_costs_monthly"
    )
    assert any(row["cost_per_resolution"] is not None for row in mart_rows)
    compare(semantic, mart_rows, ["period_start"], {m: m for m in metrics}, "costs")


def test_deflection_rate_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = ["self_service_sessions", "confirmed_resolved_sessions", "deflection_rate"]
    columns = {
        "self_service_sessions": "sessions",
        "confirmed_resolved_sessions": "confirmed_resolved_sessions",
        "deflection_rate": "deflection_rate",
    }
    for group_by, slice_name in [
        (["metric_time__month"], "overall"),
        (["metric_time__month", "self_service_session__entry_point"], "entry_point"),
    ]:
        semantic = semantic_layer.query(metrics, group_by)
        mart_rows = semantic_layer.mart(
            "select * from mart_self_service_deflection "
            f"where period_grain = 'month' and slice_name = '{slice_name}'"
        )
        assert mart_rows
        keys = ["period_start"] + (["entry_point"] if slice_name != "overall" else [])
        compare(semantic, mart_rows, keys, columns, f"deflection {slice_name}")


def test_contact_centre_equals_the_mart(semantic_layer: SemanticLayer):
    columns = {
        "calls_offered": "calls_offered",
        "calls_answered": "calls_answered",
        "calls_abandoned": "calls_abandoned",
        "service_level": "service_level",
        "asa_seconds": "asa_seconds",
        "call_abandonment_rate": "abandonment_rate",
    }
    semantic = semantic_layer.query(list(columns), ["metric_time__day"])
    mart_rows = semantic_layer.mart(
        "select * from mart_contact_center_daily where calls_offered + outbound_calls > 0"
    )
    assert mart_rows
    compare(semantic, mart_rows, ["date_day"], columns, "contact centre")


@pytest.mark.parametrize(
    ("grain", "mart"), [("day", "mart_agent_daily"), ("week", "mart_agent_weekly")]
)
def test_agent_utilization_equals_the_mart(semantic_layer: SemanticLayer, grain, mart):
    metrics = ["utilization", "availability"]
    semantic = semantic_layer.query(metrics, [f"metric_time__{grain}", "agent"])
    mart_rows = semantic_layer.mart(
        f"select period_start, agent_id, utilization, availability from {mart} "
        "where logged_minutes > 0 or scheduled_minutes > 0"
    )
    assert any(row["utilization"] is not None for row in mart_rows)
    compare(semantic, mart_rows, ["period_start", "agent_id"], {m: m for m in metrics}, mart)


def test_target_attainment_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = ["target_periods_judged", "target_periods_met", "target_attainment_rate"]
    semantic = semantic_layer.query(metrics, ["kpi_target_period__target_id"])
    mart_rows = semantic_layer.mart(
        "select target_id, count(is_on_target) as target_periods_judged,"
        " count(case when is_on_target then 1 end) as target_periods_met,"
        " count(case when is_on_target then 1 end) / nullif(count(is_on_target), 0)"
        " as target_attainment_rate from mart_kpi_targets group by target_id"
    )
    assert mart_rows
    compare(semantic, mart_rows, ["target_id"], {m: m for m in metrics}, "targets")


@pytest.mark.parametrize(("grain", "short"), [("month", "mom"), ("quarter", "qoq")])
def test_period_over_period_changes_equal_the_marts(semantic_layer: SemanticLayer, grain, short):
    """MetricFlow's offset metric is the KPI mart's value minus the previous
    period's; where mart_kpi_trends compares two final periods it gives the
    same change."""
    series = [
        "fcr_rate",
        "csat_rate",
        "first_response_minutes_median",
        "aht_seconds",
        "resolution_minutes_median",
        "escalation_rate",
    ]
    metrics = [f"{name}_{short}_change" for name in series]
    semantic = semantic_layer.query(metrics, [f"metric_time__{grain}"])
    kpis = semantic_layer.mart(
        f"select period_start, {', '.join(series)} from mart_ticket_kpis"
        f" where grain = '{grain}' and slice_name = 'overall' order by period_start"
    )
    assert len(kpis) >= 2
    compared = 0
    for previous, row in zip(kpis, kpis[1:], strict=False):
        for name in series:
            if row[name] is None or previous[name] is None:
                continue
            actual = semantic[(row["period_start"],)][f"{name}_{short}_change"]
            assert _close(actual, row[name] - previous[name]), (name, row["period_start"])
            compared += 1
    assert compared >= len(series)
    trends = semantic_layer.mart(
        f"select period_start, series, period_over_period_change from mart_kpi_trends"
        f" where grain = '{grain}ly' and slice_name = 'overall'"
        f" and period_over_period_change is not null"
        f" and series in ({', '.join(repr(name) for name in series)})"
    )
    for row in trends:
        actual = semantic[(row["period_start"],)][f"{row['series']}_{short}_change"]
        assert _close(actual, row["period_over_period_change"]), row


def test_fcr_by_agent_and_category_equals_the_mart(semantic_layer: SemanticLayer):
    """FCR and reopen judged by the maker of the first resolution, per month,
    category and agent: mart_agent_category_monthly's human agents."""
    metrics = ["fcr_rate", "fcr_decided", "reopen_rate"]
    semantic = semantic_layer.query(
        metrics,
        ["metric_time__month", "ticket__category", "ticket__first_resolution_agent_id"],
    )
    mart_rows = semantic_layer.mart(
        "select period_month, category, agent_id, fcr_rate,"
        " fcr_first_contact + fcr_not_first_contact as fcr_decided, reopen_rate"
        " from mart_agent_category_monthly where period_grain = 'month' and agent_id <> 'all'"
    )
    assert mart_rows
    compared = 0
    for row in mart_rows:
        # a mart row may come from another cohort (handle time, escalation) with no
        # ticket first resolved by the agent that month: no MetricFlow row, nothing decided
        values = semantic.get((row["period_month"], row["category"], row["agent_id"]), {})
        for metric in metrics:
            actual = values.get(metric)
            if actual is None and metric in ADDITIVE:
                actual = 0
            assert _close(actual, row[metric]), (row, metric, values)
            compared += 1
    assert compared == 3 * len(mart_rows)


# ---------------------------------------------------------------- issue 22


def test_change_impact_counts_equal_the_mart(semantic_layer: SemanticLayer):
    """The KPI comparisons of each change (and of each KPI and scope) by
    verdict, counted here from mart_change_impact's rows."""
    metrics = [
        "change_kpis_compared",
        "change_kpis_tested",
        "change_kpis_significantly_improved",
        "change_kpis_significantly_worsened",
        "change_kpis_improved",
    ]
    counts = (
        "count(*) as change_kpis_compared,"
        " count(p_value) as change_kpis_tested,"
        " count(case when impact_verdict = 'improved' then 1 end)"
        " as change_kpis_significantly_improved,"
        " count(case when impact_verdict = 'worsened' then 1 end)"
        " as change_kpis_significantly_worsened,"
        " count(case when is_improved then 1 end) as change_kpis_improved"
    )
    groupings = [
        (["change_kpi__change_id"], ["change_id"]),
        (["change_kpi__kpi", "change_kpi__scope"], ["kpi_name", "scope_type"]),
    ]
    compare_grouped(
        semantic_layer, metrics, counts, "mart_change_impact", groupings, "change impact"
    )


FIRST_RESPONSE_QUALITY_METRICS = [
    "first_responses",
    "first_responses_classified",
    "first_responses_unknown",
    "substantive_first_responses",
    "acknowledgement_only_first_responses",
    "help_centre_link_first_responses",
    "substantive_first_response_rate",
    "acknowledgement_only_first_response_rate",
    "help_centre_link_first_response_rate",
    "first_response_minutes_median",
    "first_response_minutes_avg",
]
# tickets without a first response have no quality (the outcomes mart leaves them out)
WITH_FIRST_RESPONSE = ["{{ Dimension('ticket__first_response_quality') }} is not null"]


@pytest.mark.parametrize(
    ("dimension_name", "dimension"),
    [("overall", None), ("agent", "first_response_agent_id"), ("category", "category")],
)
def test_first_response_quality_equals_the_mart(
    semantic_layer: SemanticLayer, dimension_name, dimension
):
    group_by = ["metric_time__month"] + ([f"ticket__{dimension}"] if dimension else [])
    semantic = semantic_layer.query(FIRST_RESPONSE_QUALITY_METRICS, group_by)
    # groups holding only tickets without a first response: no row in the mart
    # (dropped here, not filtered in the query, so that the metrics' own cohort is tested)
    semantic = {key: values for key, values in semantic.items() if values["first_responses"]}
    mart_rows = semantic_layer.mart(
        "select * from mart_first_response_quality_monthly"
        f" where dimension_name = '{dimension_name}'"
    )
    assert any(row["substantive_first_response_rate"] is not None for row in mart_rows)
    keys = ["period_month"] + (["dimension_value"] if dimension else [])
    columns = {metric: metric for metric in FIRST_RESPONSE_QUALITY_METRICS}
    compare(semantic, mart_rows, keys, columns, f"first response quality {dimension_name}")


def test_fcr_and_reopen_by_first_response_quality_equal_the_mart(semantic_layer: SemanticLayer):
    metrics = [
        "fcr_first_contact",
        "fcr_decided",
        "fcr_pending",
        "fcr_rate",
        "tickets_reopened_within_window",
        "reopen_window_elapsed",
        "reopen_pending",
        "reopen_rate",
    ]
    columns = {metric: metric for metric in metrics}
    columns["fcr_decided"] = "fcr_decided"
    select = (
        "select period_month, first_response_quality, fcr_first_contact,"
        " fcr_first_contact + fcr_not_first_contact as fcr_decided, fcr_pending, fcr_rate,"
        " tickets_reopened_within_window, reopen_window_elapsed, reopen_pending, reopen_rate"
        " from mart_first_response_quality_outcomes_monthly"
    )
    for group_by, quality_filter in [
        (["metric_time__month"], "= 'all'"),
        (["metric_time__month", "ticket__first_response_quality"], "<> 'all'"),
    ]:
        semantic = semantic_layer.query(metrics, group_by, WITH_FIRST_RESPONSE)
        mart_rows = semantic_layer.mart(f"{select} where first_response_quality {quality_filter}")
        assert any(row["fcr_rate"] is not None for row in mart_rows)
        keys = ["period_month"] + (["first_response_quality"] if len(group_by) > 1 else [])
        compare(semantic, mart_rows, keys, columns, f"outcomes by quality {group_by}")


def test_reopens_by_root_cause_equal_the_mart(semantic_layer: SemanticLayer):
    """reopens (the backlog's reopen changes) and reopens_within_window by
    month, root cause, category and the agent whose resolution was reopened;
    and every month's reopens (month_reopens)."""
    metrics = ["reopens", "reopens_within_window"]
    semantic = semantic_layer.query(
        metrics,
        [
            "metric_time__month",
            "reopen__reopen_reason",
            "ticket__category",
            "reopen__resolving_agent_id",
        ],
        # the other backlog changes (creations, resolutions) have no reopen
        ["{{ Dimension('reopen__reopen_reason') }} is not null"],
    )
    mart_rows = semantic_layer.mart("select * from mart_reopen_root_causes_monthly")
    assert any(row["reopen_reason"] != "unspecified" for row in mart_rows)
    keys = ["period_month", "reopen_reason", "category", "resolving_agent_id"]
    compare(semantic, mart_rows, keys, {m: m for m in metrics}, "reopens by root cause")
    monthly = semantic_layer.query(["reopens"], ["metric_time__month"])
    month_rows = semantic_layer.mart(
        "select distinct period_month, month_reopens as reopens"
        " from mart_reopen_root_causes_monthly"
    )
    for row in month_rows:
        assert monthly[(row["period_month"],)]["reopens"] == row["reopens"], row


def test_product_feedback_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = [
        "tickets_created",
        "tickets_linked_to_issue",
        "tickets_linked_bug",
        "tickets_linked_feature_request",
        "linked_issue_rate",
        "bug_report_rate",
        "feature_request_rate",
    ]
    for group_by, category_filter in [
        (["metric_time__month"], "= 'all'"),
        (["metric_time__month", "ticket__category"], "<> 'all'"),
    ]:
        semantic = semantic_layer.query(metrics, group_by)
        mart_rows = semantic_layer.mart(
            f"select * from mart_product_feedback_monthly where category {category_filter}"
        )
        # the demo data have links: the rates are set (absent input: null in the mart)
        assert any(row["bug_report_rate"] for row in mart_rows)
        keys = ["period_month"] + (["category"] if len(group_by) > 1 else [])
        compare(semantic, mart_rows, keys, {m: m for m in metrics}, f"feedback {group_by}")


def test_csat_by_survey_delay_equals_the_mart(semantic_layer: SemanticLayer):
    metrics = [
        "csat_surveys_sent",
        "csat_responses",
        "csat_satisfied_responses",
        "csat_rate",
        "csat_average",
        "csat_response_rate",
        "survey_delay_minutes_median",
        "survey_delay_minutes_avg",
    ]
    semantic = semantic_layer.query(metrics, ["metric_time__month", "survey__survey_delay_bucket"])
    # buckets holding only NPS/CES surveys: no row in the CSAT mart (dropped here,
    # not filtered in the query, so that the metrics' own CSAT restriction is tested)
    semantic = {key: values for key, values in semantic.items() if values["csat_surveys_sent"]}
    mart_rows = semantic_layer.mart("select * from mart_csat_by_survey_delay_monthly")
    assert len({row["survey_delay_bucket"] for row in mart_rows}) > 1
    keys = ["period_month", "survey_delay_bucket"]
    compare(semantic, mart_rows, keys, {m: m for m in metrics}, "csat by survey delay")


def test_coaching_signal_counts_equal_the_mart(semantic_layer: SemanticLayer):
    """Flagged agent-months per signal, counted here from the mart's flags."""
    flags = {
        "agent_months_cherry_picking": "is_cherry_picking",
        "agent_months_fast_with_low_csat": "is_fast_with_low_csat",
        "agent_months_low_escalation": "is_low_escalation",
        "agent_months_high_recategorisation": "is_high_recategorisation",
    }
    metrics = ["coaching_agent_months", *flags, "agent_months_flagged"]
    counts = ", ".join(
        [
            "count(*) as coaching_agent_months",
            *(f"count(case when {flag} then 1 end) as {metric}" for metric, flag in flags.items()),
            "count(case when coaching_signals_flagged > 0 then 1 end) as agent_months_flagged",
        ]
    )
    groupings = [
        (["metric_time__month"], ["period_start"]),
        (["metric_time__month", "agent_month__coaching_team"], ["period_start", "team"]),
    ]
    compare_grouped(
        semantic_layer,
        metrics,
        counts,
        "mart_agent_coaching_signals_monthly",
        groupings,
        "coaching",
    )


@pytest.mark.parametrize("slice_name", ["overall", "segment", "plan"])
def test_revenue_equals_the_marts(semantic_layer: SemanticLayer, slice_name):
    """Revenue at risk and churned (mart_customer_segment_churn), MRR billed
    and cost to serve (mart_segment_cost_to_serve_monthly), by month."""
    group_by = ["metric_time__month"] + (
        [f"customer__{slice_name}"] if slice_name != "overall" else []
    )
    keys = ["period_start"] + ([slice_name] if slice_name != "overall" else [])
    metrics = ["mrr_at_risk_at_end", "mrr_churned"]
    semantic = semantic_layer.query(
        metrics,
        group_by,
        # customers seen only on tickets have no churn: no row in the mart
        ["{{ Dimension('customer_month__is_known_customer') }} = true"],
    )
    mart_rows = semantic_layer.mart(
        "select * from mart_customer_segment_churn"
        f" where period_grain = 'month' and slice_name = '{slice_name}'"
    )
    assert any(row["mrr_at_risk_at_end"] for row in mart_rows)
    compare(semantic, mart_rows, keys, {m: m for m in metrics}, f"churn revenue {slice_name}")
    metrics = ["cost_to_serve", "mrr", "cost_to_serve_mrr_ratio"]
    semantic = semantic_layer.query(metrics, group_by)
    mart_rows = semantic_layer.mart(
        f"select * from mart_segment_cost_to_serve_monthly where slice_name = '{slice_name}'"
    )
    assert any(row["cost_to_serve_mrr_ratio"] for row in mart_rows)
    compare(semantic, mart_rows, keys, {m: m for m in metrics}, f"cost to serve {slice_name}")


def test_expansion_contacts_equal_the_mart(semantic_layer: SemanticLayer):
    columns = {
        "expansion_contacts": "expansion_contacts",
        "account_contacts": "contacts",
        "expansion_contact_rate": "expansion_contact_rate",
    }
    semantic = semantic_layer.query(
        list(columns),
        ["metric_time__month", "customer__account_id"],
        # months in which an account had only agent-created tickets: no contact, no mart row
        [
            "{{ Dimension('customer__account_id') }} is not null",
            "{{ Dimension('ticket__is_inbound') }} = true",
        ],
    )
    mart_rows = semantic_layer.mart("select * from mart_account_expansion_signals_monthly")
    assert any(row["expansion_contacts"] for row in mart_rows)
    compare(semantic, mart_rows, ["period_start", "account_id"], columns, "expansion")


def test_current_mrr_equals_dim_customer(semantic_layer: SemanticLayer):
    columns = {"current_mrr": "current_mrr", "current_arr": "current_arr"}
    semantic = semantic_layer.query(list(columns), ["customer__segment"])
    mart_rows = semantic_layer.mart(
        "select coalesce(segment, 'unknown') as segment, sum(mrr) as current_mrr,"
        " sum(arr) as current_arr from dim_customer group by 1"
    )
    assert any(row["current_mrr"] for row in mart_rows)
    compare(semantic, mart_rows, ["segment"], columns, "current MRR")


def _saved_query_params(manifest: dict) -> dict[str, tuple[list[str], list[str]]]:
    """{saved query: (metrics, group-by names)} from the semantic manifest."""
    saved = {}
    for query in manifest["saved_queries"]:
        group_by = []
        for spec in query["query_params"]["group_by"]:
            time = re.fullmatch(r"TimeDimension\('(\w+)',\s*'(\w+)'\)", spec)
            dimension = re.fullmatch(r"Dimension\('(\w+)'\)", spec)
            assert time or dimension, f"{query['name']}: group-by {spec!r} not read here"
            group_by.append(f"{time[1]}__{time[2]}" if time else dimension[1])
        saved[query["name"]] = (query["query_params"]["metrics"], group_by)
    return saved


# saved query -> the mart rows it answers (key columns first, then one per metric)
SAVED_QUERY_MARTS = {
    "weekly_ticket_kpis": (
        "mart_ticket_kpis_weekly where slice_name = 'overall'",
        ["period_start"],
    ),
    "weekly_ticket_kpis_by_channel": (
        "mart_ticket_kpis_weekly where slice_name = 'channel'",
        ["period_start", "slice_value"],
    ),
}


def test_saved_queries_run_and_equal_their_metrics(semantic_layer: SemanticLayer):
    """Every saved query (`mf query --saved-query <name>`) runs on DuckDB,
    returns a row per group with a value for each of its metrics, and equals
    the same metrics queried by its group-by; the weekly ticket reviews equal
    mart_ticket_kpis_weekly, row for row."""
    saved = semantic_layer.saved_queries
    assert set(SAVED_QUERY_MARTS) <= set(saved), sorted(saved)
    for name, (metrics, group_by) in saved.items():
        answers = semantic_layer.saved_query(name)
        assert answers, f"saved query {name}: no rows"
        for metric in metrics:
            assert any(row[metric] is not None for row in answers.values()), (name, metric)
        expected = semantic_layer.query(metrics, group_by)
        assert answers.keys() == expected.keys(), name
        differ = [
            (key, m, answers[key][m], expected[key][m])
            for key in expected
            for m in metrics
            if not _close(answers[key][m], expected[key][m])
        ]
        assert not differ, f"saved query {name}: {differ[:5]}"
        if name in SAVED_QUERY_MARTS:
            relation, key_columns = SAVED_QUERY_MARTS[name]
            select = ", ".join(
                f"{TICKET_KPI_COLUMNS.get(metric, metric)} as {metric}" for metric in metrics
            )
            mart_rows = semantic_layer.mart(
                f"select {', '.join(key_columns)}, {select} from {relation}"
            )
            compared = compare(
                answers, mart_rows, key_columns, {m: m for m in metrics}, f"saved query {name}"
            )
            assert compared == len(mart_rows) * len(metrics) > 0
