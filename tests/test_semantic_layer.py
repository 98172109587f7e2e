"""The MetricFlow semantic layer (models/semantic/) equals the marts.

Every metric is queried through MetricFlow's own engine, in process (the
semantic manifest `dbt build` writes, compiled to SQL by MetricFlowEngine
for DuckDB and run on a copy of the demo warehouse into which the time
spine is built), and compared with the mart column that carries the same
definition, for every period and slice the mart has: the ticket KPIs at
day, week and month grain overall and by each slice of
mart_ticket_kpis_weekly, automation by month and category, cost per
resolution by month, deflection by month and entry point, the contact
centre by day, agent utilization and availability by agent and day.
"""

from __future__ import annotations

import math
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
}
SLICE_DIMENSIONS = ["channel", "category", "complexity_tier", "priority"]


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

        manifest = parse_manifest_from_dbt_generated_manifest(semantic_manifest.read_text())
        self.engine = MetricFlowEngine(SemanticManifestLookup(manifest), _ExplainOnlyClient())
        self.con = duckdb.connect(str(warehouse), read_only=True)

    def sql(self, metrics: list[str], group_by: list[str]) -> str:
        from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

        request = MetricFlowQueryRequest.create(metric_names=metrics, group_by_names=group_by)
        return self.engine.explain(request).sql_statement.sql

    def query(self, metrics: list[str], group_by: list[str]) -> dict[tuple, dict]:
        """{group-by values (dates as date, null dimensions as 'unknown'): {metric: value}}."""
        cursor = self.con.execute(self.sql(metrics, group_by))
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


TICKET_KPI_CUTS = [("day", "overall"), ("month", "overall"), ("month", "channel")] + [
    ("week", slice_name) for slice_name in ["overall", *SLICE_DIMENSIONS]
]


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
