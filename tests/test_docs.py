"""One home per metric: the columns that carry a metric point to its docs block.

`dbt parse` (into a throwaway target) renders every description; a column
named like a known metric must contain the text of its `metric_*` block, so
its definition comes from that one place and is never a copy. Also: no
machine-made YAML anchors (`&id001`) in models/, every `metric_*` block is
used by some column, and docs/definitions.md indexes every block.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import REPO, run_dbt

# Column name pattern -> the docs block its description must include, for the
# models under models/marts/. First match wins; OVERRIDES (model, column) go
# first: the same column name carries another definition there (see
# docs/metric_name_conflicts.md) or another measure entirely.
METRIC_COLUMNS: list[tuple[str, str]] = [
    (r"first_response_at", "metric_first_response_time"),
    (r"first_response(_business)?_minutes(_avg|_median|_p90)?", "metric_first_response_time"),
    (r"(first_)?resolved_at", "metric_resolution_time"),
    (
        r"(first_|created_cohort_)?resolution(_business)?_minutes(_avg|_median|_p90)?",
        "metric_resolution_time",
    ),
    (
        r"agent_handle_seconds|(previous_)?agent_aht_seconds|agent_aht_relative_change",
        "metric_agent_aht",
    ),
    (r"handle_seconds", "metric_handle_time"),
    (r"avg_handle_seconds", "metric_call_handle_time"),
    (r"aht_seconds", "metric_aht"),
    (r"reopen_count|is_reopened_within_window|is_reopen_window_elapsed", "metric_reopen"),
    (r"(previous_)?agent_resolved_reopen_rate(_change)?", "metric_agent_reopen_rate"),
    (r"(created_cohort_)?reopen_rate", "metric_reopen_rate"),
    (r"fcr_status|is_first_contact_resolved", "metric_fcr_status"),
    (r"agent_fcr_rate", "metric_agent_fcr_rate"),
    (r"(created_cohort_)?fcr_rate", "metric_fcr_rate"),
    (r"is_one_touch", "metric_one_touch"),
    (r"one_touch_rate", "metric_one_touch_rate"),
    (r"is_escalated|escalation_count", "metric_escalation"),
    (r"agent_escalation_rate", "metric_agent_escalation_rate"),
    (r"session_escalation_rate", "metric_session_escalation_rate"),
    (r"escalation_rate", "metric_escalation_rate"),
    (r"escalation_share", "metric_escalation_share"),
    (r"first_response_quality|is_first_response_substantive", "metric_first_response_quality"),
    (
        r"(substantive|acknowledgement_only|help_centre_link)_first_response_rate",
        "metric_first_response_quality_rate",
    ),
    (r"root_cause_share", "metric_reopen_root_cause"),
    (r"(linked_issue|bug_report|feature_request)_rate", "metric_linked_issue_rate"),
    (r"survey_delay_(bucket|minutes_median|minutes_avg)", "metric_survey_delay"),
    (r"is_automated_resolution", "metric_automated_resolution"),
    (r"automation_resolution_rate", "metric_automation_resolution_rate"),
    (r"is_resolved_by_first_assignee", "metric_first_assignment"),
    (r"first_assignment_accuracy", "metric_first_assignment_accuracy"),
    (r"reassignment_rate", "metric_reassignment_rate"),
    (r"csat_score", "metric_csat_score"),
    (r"ces_score", "metric_ces_score"),
    (r"nps_score", "metric_nps_score"),
    (r"ticket_csat_rate|ticket_csat_average", "metric_ticket_csat_rate"),
    (r"csat_rate", "metric_csat_rate"),
    (r"csat_average", "metric_csat_average"),
    (r"(agent_)?csat_response_rate", "metric_csat_response_rate"),
    (r"is_agent_csat_low_sample", "metric_agent_csat_low_sample"),
    (r"is_csat_low_sample", "metric_csat_low_sample"),
    (r"csat_normalized", "metric_csat_normalized"),
    (r"ces_average", "metric_ces_average"),
    (r"nps", "metric_nps"),
    (r"is_first_response_sla_breached", "metric_first_response_sla_breach"),
    (r"is_resolution_sla_breached", "metric_resolution_sla_breach"),
    (r"first_response_sla_breach_rate", "metric_first_response_sla_breach_rate"),
    (r"resolution_sla_breach_rate", "metric_resolution_sla_breach_rate"),
    (r"backlog_at_(start|end)", "metric_backlog"),
    (r"backlog_growth_rate", "metric_backlog_growth_rate"),
    (r"is_backlog_growth_alert", "metric_backlog_growth_alert"),
    (r"tickets_per_agent", "metric_tickets_per_agent"),
    (r"cost_per_resolution", "metric_cost_per_resolution"),
    (r"cost_per_ticket", "metric_cost_per_ticket"),
    (r"handle_labour_cost(_per_resolution)?", "metric_handle_labour_cost"),
    (r"utilization", "metric_utilization"),
    (r"is_sustained_(high|low)_utilization", "metric_sustained_utilization"),
    (r"occupancy", "metric_occupancy"),
    (r"availability", "metric_availability"),
    (r"adherence", "metric_adherence"),
    (r"service_level|is_short_abandon|is_answered_within_service_level", "metric_service_level"),
    (r"asa_seconds", "metric_asa"),
    (r"session_abandonment_rate", "metric_session_abandonment_rate"),
    (r"abandonment_rate", "metric_call_abandonment_rate"),
    (r"longest_queue_wait_seconds", "metric_longest_queue_wait"),
    (r"avg_after_call_work_seconds", "metric_avg_after_call_work"),
    (r"queue_wait_seconds", "metric_call_queue_wait"),
    (r"contacts_per_customer", "metric_contacts_per_customer"),
    (r"repeat_contact_share", "metric_repeat_contact_share"),
    (r"agents_staffed", "metric_agents_staffed"),
    (r"traffic_erlangs", "metric_traffic_erlangs"),
    (r"agents_required", "metric_agents_required"),
    (r"staffing_gap", "metric_staffing_gap"),
    (r"conversion_rate", "metric_conversion_rate"),
    (r"lead_response_minutes(_median|_p90)?", "metric_lead_response_time"),
    (r"attrition_rate", "metric_attrition_rate"),
    (r"signed_up_(churn|retention)_rate", "metric_signed_up_customer_churn_rate"),
    (r"churn_rate|retention_rate", "metric_customer_churn_rate"),
    (
        r"((not_)?at_risk_|(high|low)_contact_)?churn_rate_next_period|churn_risk_lift",
        "metric_churn_rate_next_period",
    ),
    (r"response_minutes", "metric_reply_time"),
    (r"deflection_rate", "metric_deflection_rate"),
    (r"agent_hours", "metric_agent_hours"),
    (r"resolution_consistency", "metric_resolution_consistency"),
    (
        r"automation_potential_(score|rank)|(volume|agent_hours|consistency)_score",
        "metric_automation_potential_score",
    ),
    (r"repeat_contact_rate", "metric_repeat_contact_rate"),
    (r"csat_score_trend", "metric_csat_score_trend"),
    (r"has_churn_risk_signal", "metric_churn_risk_signal"),
    (r"(account_)?mrr", "metric_mrr"),
    (r"(account_)?arr", "metric_arr"),
    (r"mrr_at_risk(_at_end|_rate)?|mrr_at_end", "metric_mrr_at_risk"),
    (r"mrr_churned|mrr_churn_rate|mrr_at_start", "metric_mrr_churned"),
    (
        r"(is|has)_expansion_signal|expansion_(contacts|customers|contact_rate)",
        "metric_expansion_signal",
    ),
    (r"cost_to_serve", "metric_cost_to_serve"),
    (r"cost_to_serve_mrr_ratio", "metric_cost_to_serve_mrr_ratio"),
    (
        r"aht_z_score|is_aht_outlier|has_aht_outlier_tier|aht_outlier_direction",
        "metric_aht_z_score",
    ),
    (r"is_speed_trap", "metric_speed_trap"),
    (
        r"(team_peer_)?self_assigned_low_share(_lift|_deviation_z)?|is_cherry_picking",
        "metric_cherry_picking",
    ),
    (
        r"first_assigned_aht_seconds|tier_mix_baseline_aht_seconds|tier_aht_z_score"
        r"|first_assigned_csat_(rate|normalized)|is_fast_with_low_csat",
        "metric_fast_with_low_csat",
    ),
    (
        r"escalations_(observed|expected)|escalation_observed_expected_ratio"
        r"|escalation_deviation_z|is_low_escalation",
        "metric_low_escalation",
    ),
    (
        r"(team_peer_)?recategorisation_rate(_lift|_deviation_z)?|is_high_recategorisation",
        "metric_recategorisation_rate",
    ),
    (r"week_over_week(_relative)?_change", "metric_week_over_week_change"),
    (r"robust_z_score|is_anomaly", "metric_robust_z_score"),
    (r"is_period_complete", "period_is_complete"),
    (r"(new|open|pending|on_hold)(_business)?_minutes(_median|_p90)?", "metric_status_time"),
    (r"requester_wait(_business)?_minutes(_median|_p90)?", "metric_requester_wait"),
    (r"agent_wait(_business)?_minutes(_median|_p90)?", "metric_agent_wait"),
    (
        r"first_assigned_at|minutes_to_first_assignment(_median|_p90)?|unassigned_minutes"
        r"|first_assignment_to_resolution_minutes",
        "metric_assignment_time",
    ),
    (r"age_minutes|minutes_since_status_change", "metric_ticket_age"),
    (r"total_reply_minutes|max_reply_minutes", "metric_ticket_reply_minutes"),
    (
        r"(first_reply|next_reply|requester_wait|resolution)_sla_(attainment_rate|decided|attained)",
        "metric_sla_attainment_rate",
    ),
    (r"breach_at|elapsed_minutes|is_breached", "metric_sla_clock"),
    (r"age_days", "metric_backlog_snapshot"),
]

SCORECARD = "mart_agent_scorecard_weekly"
OVERRIDES: dict[tuple[str, str], str] = {
    ("fact_call", "handle_seconds"): "metric_call_handle_time",
    (SCORECARD, "ticket_csat_rate"): "metric_agent_csat",
    (SCORECARD, "ticket_csat_average"): "metric_agent_csat",
    ("mart_self_service_escalations", "is_ticket_escalated"): "metric_escalation",
    # change impact (models/marts/impact): generic names, this mart's meaning
    **{
        ("mart_change_impact", column): "metric_change_impact"
        for column in ("baseline_value", "after_value", "absolute_change", "relative_change")
    },
    **{
        ("mart_change_impact", column): "metric_change_significance"
        for column in ("test_statistic", "p_value", "is_significant", "impact_verdict")
    },
}

ANCHOR = re.compile(r"[&*]id\d+\b")
DOCS_BLOCK = re.compile(r"{%-?\s*docs\s+(metric_\w+)\s*-?%}")


def expected_block(model: str, column: str) -> str | None:
    if (model, column) in OVERRIDES:
        return OVERRIDES[(model, column)]
    for pattern, block in METRIC_COLUMNS:
        if re.fullmatch(pattern, column):
            return block
    return None


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    workdir = tmp_path_factory.mktemp("docs")
    result = run_dbt(["parse"], workdir)
    assert result.returncode == 0, result.output[-4000:]
    return json.loads((workdir / "target" / "manifest.json").read_text())


def project_docs(manifest: dict) -> dict[str, str]:
    return {
        doc["name"]: doc["block_contents"].strip()
        for doc in manifest["docs"].values()
        if doc["package_name"] == manifest["metadata"]["project_name"]
    }


def mart_models(manifest: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
        and layer_of(node["original_file_path"]) == "mart"
    ]


def test_mapping_names_existing_blocks(manifest):
    blocks = project_docs(manifest)
    named = {block for _, block in METRIC_COLUMNS} | set(OVERRIDES.values())
    missing = sorted(named - set(blocks))
    assert not missing, f"the test's mapping names docs blocks that do not exist: {missing}"


def test_metric_columns_point_to_their_block(manifest):
    blocks = project_docs(manifest)
    wrong = []
    checked = 0
    for node in mart_models(manifest):
        for column in node["columns"].values():
            block = expected_block(node["name"], column["name"])
            if block is None or block not in blocks:
                continue
            checked += 1
            if blocks[block] not in (column.get("description") or ""):
                wrong.append(f"{node['name']}.{column['name']} (expects {block})")
    assert checked > 150, f"only {checked} metric columns found: is the mapping stale?"
    assert not wrong, (
        "these metric columns do not include their docs block "
        "(description: '{{ doc(\"metric_...\") }}'):\n  " + "\n  ".join(wrong)
    )


def test_every_metric_block_is_used_by_a_column(manifest):
    blocks = {
        name: text for name, text in project_docs(manifest).items() if name.startswith("metric_")
    }
    descriptions = [
        column.get("description") or ""
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        for column in node["columns"].values()
    ]
    unused = sorted(
        name for name, text in blocks.items() if not any(text in d for d in descriptions)
    )
    assert not unused, f"metric docs blocks no column points to: {unused}"


def test_no_machine_made_yaml_anchors():
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "models").rglob("*.yml"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ANCHOR.search(line)
    ]
    assert not found, "machine-made YAML anchors left in models/:\n  " + "\n  ".join(found)


def test_definitions_index_lists_every_metric_block():
    defined = {
        name
        for path in (REPO / "models").rglob("*.md")
        for name in DOCS_BLOCK.findall(path.read_text())
    }
    index = (REPO / "docs" / "definitions.md").read_text()
    listed = set(re.findall(r"`(metric_\w+)`", index))
    assert defined, "no metric docs blocks found"
    assert not sorted(defined - listed), (
        f"blocks missing from docs/definitions.md: {sorted(defined - listed)}"
    )
    assert not sorted(listed - defined), (
        f"docs/definitions.md lists unknown blocks: {sorted(listed - defined)}"
    )


def test_one_block_per_metric_name():
    names: dict[str, list[str]] = {}
    for path in sorted((REPO / "models").rglob("*.md")):
        for name in DOCS_BLOCK.findall(path.read_text()):
            names.setdefault(name, []).append(str(path.relative_to(REPO)))
    twice = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert not twice, f"metric docs blocks defined more than once: {twice}"


# Models without a primary-key test, each with the reason.
NO_PRIMARY_KEY = {
    # ephemeral (a query compiled into its readers): its key is tested on the
    # ledger that stores it, int_ticket_kpi_contributions
    "int_ticket_kpi_contributions_current",
}
PRIMARY_KEY_TESTS = {"unique", "unique_combination", "one_row"}


def test_every_model_has_a_primary_key_test(manifest):
    """STYLE (../shared/STYLE.md): every model has a primary-key test (unique + not_null, a unique
    combination, or one_row for a one-row model)."""
    tested = set()
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and metadata.get("name") in PRIMARY_KEY_TESTS:
            tested.update(node["depends_on"]["nodes"])
    untested = {
        node["name"]
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["package_name"] == manifest["metadata"]["project_name"]
        and unique_id not in tested
    }
    assert untested == NO_PRIMARY_KEY


AREAS = {
    "tickets",
    "workforce",
    "contact_centre",
    "coaching",
    "diagnostics",
    "operations",
    "trends",
    "data_quality",
    "impact",
}


def layer_of(path: str) -> str:
    """staging, intermediate, mart_step (marts/<area>/intermediate), semantic
    (models/semantic: MetricFlow's time spine, read by name, private) or mart."""
    parts = path.split("/")
    if parts[1] == "marts" and "intermediate" in parts[3:]:
        return "mart_step"
    layers = {"staging": "staging", "intermediate": "intermediate", "semantic": "semantic"}
    return layers.get(parts[1], "mart")


def test_layers_and_areas(manifest):
    """STYLE (../shared/STYLE.md): raw -> staging -> intermediate -> marts.
    No intermediate model refs a mart: an area's steps that read core live
    beside their marts in marts/<area>/intermediate, schema intermediate
    (int_ticket_scope reads the previous run's facts by name, outside the
    DAG, on purpose). Marts sit in core or an area folder named like the
    intermediate ones."""
    project = manifest["metadata"]["project_name"]
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == project
    }
    problems = []
    for node in models.values():
        path = node["original_file_path"]
        layer = layer_of(path)
        parents = [models[p] for p in node["depends_on"]["nodes"] if p in models]
        for parent in parents:
            parent_layer = layer_of(parent["original_file_path"])
            if layer in ("staging", "intermediate") and parent_layer in ("mart", "mart_step"):
                problems.append(f"{node['name']} ({layer}) reads {parent['name']} ({parent_layer})")
            if layer == "staging" and parent_layer == "intermediate":
                problems.append(f"{node['name']} (staging) reads {parent['name']}")
        if layer == "mart_step" and (
            node["schema"] != "intermediate" or not node["name"].startswith("int_")
        ):
            problems.append(f"{path}: an intermediate step must be int_* in schema intermediate")
        if layer == "mart":
            area = path.split("/")[2]
            if area != "core" and area not in AREAS:
                problems.append(f"{path}: marts/{area} is not an area ({sorted(AREAS)})")
            if node["schema"] != "main":
                problems.append(f"{path}: a mart must be in schema main")
        if layer == "intermediate" and len(path.split("/")) > 3:
            area = path.split("/")[2]
            if area not in AREAS | {"calendar", "business_hours", "incremental"}:
                problems.append(f"{path}: intermediate/{area} is not an area")
    assert not problems, "\n  ".join(["layering broken:", *problems])


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (YAML
    keeps the last one silently: a second `data_tests:` drops the first)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def test_no_yaml_key_twice():
    """dbt warns (DuplicateYAMLKeysDeprecation) and keeps the last of two
    equal keys: the tests under the first one never run."""
    problems = []
    for folder in ("models", "seeds", "macros", "data_tests"):
        for path in sorted((REPO / folder).rglob("*.yml")):
            try:
                yaml.load(path.read_text(), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
            except yaml.constructor.ConstructorError as error:
                problems.append(f"{path.relative_to(REPO)}: {error}")
    assert not problems, "\n".join(problems)


def test_marts_public_every_step_before_them_private(manifest):
    """Access (models/_groups.yml): what BI tools and other projects may read
    (the marts) is public; staging and intermediate steps are private to the
    warehouse's group, so a project that installs this one cannot ref them."""
    project = manifest["metadata"]["project_name"]
    problems = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["package_name"] != project:
            continue
        want = "public" if layer_of(node["original_file_path"]) == "mart" else "private"
        if node["access"] != want or node["group"] != "support_warehouse":
            problems.append(f"{node['name']}: {node['access']} in {node['group']}, want {want}")
    assert not problems, "\n  ".join(["access:", *problems])


def test_ticket_kpi_marts_have_an_enforced_contract(manifest):
    """The ticket KPI marts BI tools query most: every column typed, the
    contract enforced (DuckDB, the profile's default target)."""
    names = [f"mart_ticket_kpis{grain}" for grain in ("", "_daily", "_weekly", "_monthly")]
    for name in names:
        node = manifest["nodes"][f"model.support_warehouse.{name}"]
        assert node["contract"]["enforced"], name
        untyped = [c for c, column in node["columns"].items() if not column.get("data_type")]
        assert not untyped, f"{name}: columns without data_type: {untyped}"


READERS = {
    "support_dashboard": "supportwh/dashboard/*.py",
    "weekly_report": "supportwh/report/*.py",
    "saved_analyses": "analyses/*.sql",
}


@pytest.mark.parametrize("exposure", sorted(READERS))
def test_exposures_name_the_marts_their_code_reads(manifest, exposure: str):
    """models/_exposures.yml: each reader's depends_on is exactly the public
    models its code names (a mart it starts or stops reading fails here)."""
    project = manifest["metadata"]["project_name"]
    public = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["package_name"] == project
        and node["access"] == "public"
    }
    code = "\n".join(path.read_text() for path in sorted(REPO.glob(READERS[exposure])))
    named = {name for name in public if re.search(rf"\b{name}\b", code)}
    node = manifest["exposures"][f"exposure.{project}.{exposure}"]
    declared = {unique_id.split(".")[-1] for unique_id in node["depends_on"]["nodes"]}
    assert declared == named, (
        f"{exposure}: declared but not read {sorted(declared - named)}, "
        f"read but not declared {sorted(named - declared)}"
    )
