"""Invalid configuration stops the run with one message naming the var."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO_DATA, REPO, run_dbt

BAD_VALUES = [
    ("reopen_window_days", -1),
    ("fcr_window_hours", "abc"),
    ("fcr_window_hours", -168),
    ("fcr_conversation_gap_minutes", -5),
    ("fcr_conversation_channels", ["chat", "carrier_pigeon"]),
    ("fcr_conversation_channels", "chat"),
    ("fcr_conversation_channels", 5),
    ("tenure_band_days", 5),
    ("tenure_band_days", [90]),
    ("aht_outlier_z", "two"),
    ("backlog_growth_alert_pct", -10),
    ("backlog_growth_alert_weeks", 0),
    ("csat_min_response_rate", 1.5),
    ("first_assignment_accuracy_target", -0.1),
    ("service_level_seconds", "fast"),
    ("tenure_band_days", [365, 90]),
    ("as_of", "yesterday"),
    ("as_of", "2025-02-30T00:00:00Z"),
    ("as_of", "2025-03-01T25:00:00Z"),
    ("as_of", "2025-03-01T10:00:00 America/New_York"),
    ("as_of", "2025-03-01T10:00:00+99:00"),
    ("as_of", "2025-03-01T10:00:00+13:60"),
    ("as_of", "2025-03-01T10:00:00-14:30"),
    ("calendar_padding_days", -1),
    ("raw_data_path", ""),
    ("interval_minutes", 7),
    ("interval_minutes", 0),
    ("service_level_target", 1.5),
    ("utilization_high_threshold", "high"),
    ("utilization_low_threshold", -0.2),
    ("utilization_sustained_weeks", 0),
    ("speed_trap_aht_drop_pct", -20),
    ("speed_trap_reopen_rise", 2),
    ("scorecard_min_surveys", 2.5),
    ("coaching_signal_z", -1),
    ("coaching_cherry_pick_ratio", 0.9),
    ("coaching_cherry_pick_min_tickets", 0),
    ("coaching_fast_aht_z", "fast"),
    ("coaching_low_csat_gap", 1.5),
    ("coaching_fast_low_csat_min_tickets", 2.5),
    ("coaching_fast_low_csat_min_surveys", 0),
    ("coaching_low_escalation_ratio", 1.2),
    ("coaching_low_escalation_min_expected", 0),
    ("coaching_recategorisation_ratio", "<.nan>"),
    ("coaching_recategorisation_min_tickets", -3),
    ("anomaly_window_periods", 2),
    ("anomaly_z_threshold", "high"),
    ("trend_min_sample", 0),
    ("insight_gap_ratio", 0.5),
    ("change_baseline_days", 0),
    ("change_impact_alpha", 0.9),
    ("change_impact_min_sample", 2.5),
    ("churn_risk_window_days", -1),
    ("churn_risk_min_contacts", 0),
    ("churn_risk_low_csat", 6),
    ("automation_score_weight_volume", -1),
    ("automation_score_weight_consistency", "high"),
    ("freshness_warn_after_hours", -1),
    ("incremental_lookback_hours", "a day"),
    ("automation_score_weight_agent_hours", [1]),
    ("raw_schema", "raw; drop table x"),
    ("data_test_scope", "latest"),
    ("data_test_scope", ["all"]),
    ("plausible_earliest_date", "0001-13-01"),
    ("plausible_earliest_date", "1970-01-01'); copy (select 1) to '/tmp/x"),
    ("plausible_earliest_date", "1970-01-01T00:00:00Z"),
    ("plausible_future_hours", -1),
    ("plausible_planned_days", "a year"),
    ("plausible_max_duration_hours", "<.inf>"),
    ("plausible_max_hourly_cost", -5),
    ("plausible_max_cost_amount", "lots"),
    ("helpdesk_source", "salesforce"),
    ("connector_schema", "zendesk; drop table x"),
    ("connector_schema", ["zendesk_eu", "zendesk_eu"]),
    ("connector_schema", ["zendesk_eu", "us; drop table x"]),
    ("connector_schema", []),
    ("connector_data_path", " "),
    ("connector_data_path", ["/data/eu", " "]),
    ("connector_default_priority", "critical"),
    ("connector_bot_user_ids", "9"),
    ("zendesk_category_field", "  "),
    ("zendesk_category_tag_prefix", 5),
    ("first_response_help_centre_patterns", "/hc/"),
    ("first_response_help_centre_patterns", ["/hc/", " "]),
    ("first_response_acknowledgement_patterns", []),
    ("first_response_acknowledgement_max_chars", 0),
    ("first_response_acknowledgement_max_chars", 12.5),
    ("survey_delay_bucket_hours", [24, 1]),
    ("survey_delay_bucket_hours", [0, 24]),
    ("survey_delay_bucket_hours", "1,24"),
]


# each kind of check, through a real run: the on-run-start hook stops it
RUN_CASES = [
    ("interval_minutes", 7),
    ("as_of", "2025-02-30T00:00:00Z"),
    ("fcr_conversation_channels", ["chat", "carrier_pigeon"]),
    ("raw_data_path", ""),
    ("raw_schema", "raw; drop table x"),
    ("helpdesk_source", "salesforce"),
]


@pytest.mark.parametrize(("name", "value"), RUN_CASES, ids=[f"{n}={v}" for n, v in RUN_CASES])
def test_bad_var_stops_the_run(tmp_path: Path, name: str, value):
    dbt_vars = {name: value}
    raw = None if name == "raw_data_path" else DEMO_DATA
    result = run_dbt(["run", "--select", "int_as_of"], tmp_path, raw, dbt_vars=dbt_vars)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert f"Invalid configuration: var '{name}'" in result.output, result.output[-2000:]
    assert result.output.count("Invalid configuration") == 1
    assert "Completed successfully" not in result.output


def var_problems(tmp_path: Path, cases: list[dict]) -> list[str | None]:
    """The problem the run-start check finds for each set of var values, all
    checked in one dbt invocation (check_var_values: the same macro the
    on-run-start hook calls, with the values in place of the vars)."""
    # YAML's infinity and not-a-number, which JSON cannot spell
    args = json.dumps({"cases": cases}).replace('"<.inf>"', ".inf").replace('"<.nan>"', ".nan")
    result = run_dbt(
        ["run-operation", "check_var_values", "--args", args],
        tmp_path,
        DEMO_DATA,
    )
    assert result.returncode == 0, result.output[-3000:]
    found = {}
    for line in result.output.splitlines():
        if line.startswith('{"case":'):
            record = json.loads(line)
            found[record["case"]] = record["problem"]
    assert sorted(found) == list(range(len(cases))), result.output[-3000:]
    return [found[i] for i in range(len(cases))]


def test_every_bad_value_is_named(tmp_path: Path):
    problems = var_problems(tmp_path, [{name: value} for name, value in BAD_VALUES])
    for (name, value), problem in zip(BAD_VALUES, problems, strict=True):
        assert problem is not None, f"{name}={value!r} passed the check"
        assert problem.startswith(f"Invalid configuration: var '{name}' = "), problem
        assert "(expected " in problem, problem


def test_a_connector_source_does_not_mix_in_the_demo_data(tmp_path: Path):
    """With a connector as helpdesk_source, raw_data_path names the tables the
    connector lacks, or none: left at the demo data it would mix the demo's
    calls and shifts into the connector's tickets."""
    problems = var_problems(
        tmp_path,
        [
            {"helpdesk_source": "zendesk", "raw_data_path": "demo_data"},
            {"helpdesk_source": "zendesk", "raw_data_path": str(DEMO_DATA)},
            {"helpdesk_source": "zendesk", "raw_data_path": "none"},
            {"helpdesk_source": "helpdesk", "raw_data_path": "demo_data"},
        ],
    )
    assert [p and p.split(" = ")[0] for p in problems] == [
        "Invalid configuration: var 'raw_data_path'",
        "Invalid configuration: var 'raw_data_path'",
        None,
        None,
    ], problems


def test_several_connector_accounts(tmp_path: Path):
    """connector_schema may list one schema per account; connector_data_path
    then lists one directory per schema, in the same order."""
    problems = var_problems(
        tmp_path,
        [
            {"connector_schema": ["zendesk_eu", "zendesk_us"]},
            {
                "connector_schema": ["zendesk_eu", "zendesk_us"],
                "connector_data_path": ["/data/eu", "/data/us"],
            },
            {"connector_schema": "zendesk_eu", "connector_data_path": "/data/eu"},
            {"connector_schema": ["zendesk_eu", "zendesk_us"], "connector_data_path": ["/d"]},
            {"connector_schema": ["zendesk_eu", "zendesk_us"], "connector_data_path": "/d"},
        ],
    )
    assert [p and p.split(" = ")[0] for p in problems] == [
        None,
        None,
        None,
        "Invalid configuration: var 'connector_data_path'",
        "Invalid configuration: var 'connector_data_path'",
    ], problems


def test_first_bad_var_in_check_order_is_named(tmp_path: Path):
    """Several bad values: the run names the first in the check order (the
    order of validate_project_vars, combined checks after the vars they read),
    and infinite or not-a-number values are refused, not crashed on."""
    cases = [
        ({"interval_minutes": 7, "service_level_target": 1.5}, "interval_minutes"),
        ({"service_level_target": 1.5, "fcr_window_hours": -1}, "fcr_window_hours"),
        (
            {
                "automation_score_weight_volume": 0,
                "automation_score_weight_agent_hours": 0,
                "automation_score_weight_consistency": 0,
                "csat_min_response_rate": 2,
            },
            "automation_score_weight_volume",
        ),
        ({"churn_risk_low_csat": 9, "tenure_band_days": [5]}, "churn_risk_low_csat"),
        ({"scorecard_min_surveys": "<.inf>"}, "scorecard_min_surveys"),
        ({"aht_outlier_z": "<.nan>"}, "aht_outlier_z"),
        ({"fcr_window_hours": "<.inf>"}, "fcr_window_hours"),
    ]
    problems = var_problems(tmp_path, [values for values, _ in cases])
    for (values, name), problem in zip(cases, problems, strict=True):
        assert problem is not None, f"{values} passed the check"
        assert problem.startswith(f"Invalid configuration: var '{name}' = "), (values, problem)


def test_good_values_pass_the_check(tmp_path: Path):
    """The defaults and valid edge values give no problem (so the bad ones
    above fail for their value, not for being checked at all)."""
    good = [
        {},
        {"interval_minutes": 1440},
        {"interval_minutes": 15},
        {"fcr_conversation_channels": []},
        {"as_of": "2024-02-29T23:59:59.5-08:00"},
        {"as_of": "2025-03-01"},
        {"as_of": "9999-12-31T23:59:59Z"},
        {"as_of": "2025-03-01T10:00:00+14:00"},
        {"as_of": "2025-03-01T10:00:00-0930"},
        {"plausible_earliest_date": "2000-01-01"},
        {"as_of": None},
        {"tenure_band_days": [30, 365]},
        {"churn_risk_low_csat": 5},
        {"service_level_target": 1},
        {"anomaly_window_periods": 3},
        {"automation_score_weight_volume": 0},
        {"coaching_signal_z": 0, "coaching_cherry_pick_ratio": 1, "coaching_low_csat_gap": 1},
        {"coaching_low_escalation_ratio": 1, "coaching_low_escalation_min_expected": 1},
        {"raw_schema": "raw_2025"},
        {"data_test_scope": "all"},
        {"survey_delay_bucket_hours": [0.5]},
        {"first_response_acknowledgement_patterns": ["we've got it"]},
    ]
    assert var_problems(tmp_path, good) == [None] * len(good)


def test_unknown_var_stops_the_run(tmp_path: Path):
    """A var the project does not know (a typo) stops the run with one message
    naming it and the nearest known name, instead of building with the default."""
    result = run_dbt(
        ["run", "--select", "int_as_of"], tmp_path, DEMO_DATA, dbt_vars={"fcr_window_hour": 72}
    )
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert (
        "Invalid configuration: unknown var 'fcr_window_hour' (did you mean 'fcr_window_hours'?)"
        in result.output
    ), result.output[-2000:]
    assert result.output.count("Invalid configuration") == 1


def test_project_var_names_match_dbt_project():
    """The list the unknown-var check reads is the vars block of dbt_project.yml."""
    import re

    import yaml
    from conftest import REPO

    declared = list(yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"])
    source = (REPO / "macros" / "config" / "project_var_names.sql").read_text()
    listed = re.findall(r"'([a-z_]+)'", source.split("return([", 1)[1].split("])", 1)[0])
    assert listed == declared


def test_good_vars_run(tmp_path: Path):
    result = run_dbt(
        ["run", "--select", "+int_as_of"],
        tmp_path,
        DEMO_DATA,
        dbt_vars={
            "fcr_window_hours": 72,
            "fcr_conversation_channels": [],
            "as_of": "2025-03-01T00:00:00+01:00",
        },
    )
    assert result.returncode == 0, result.output[-2000:]


BAD_ENV = [
    # (env var, value, what the message says)
    ("SUPPORT_THREADS", "abc", "SUPPORT_THREADS must be a whole number from 1 up, not abc"),
    ("SUPPORT_THREADS", "0", "SUPPORT_THREADS must be a whole number from 1 up, not 0"),
    ("SUPPORT_DUCKDB_MEMORY_LIMIT", "banana", "SUPPORT_DUCKDB_MEMORY_LIMIT (the profile's"),
    ("SUPPORT_WAREHOUSE_PATH", "README.md", "exists and is not a DuckDB database file"),
    ("SUPPORT_WAREHOUSE_PATH", "demo_data", "is a directory, not a DuckDB database file"),
    ("SUPPORT_DUCKDB_TEMP_DIR", "README.md", "exists and is not a directory"),
    ("SUPPORT_SPARK_DRIVER_MEMORY", "banana", "SUPPORT_SPARK_DRIVER_MEMORY must be a size"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_ENV)
def test_bad_env_var_stops_with_its_name(tmp_path: Path, name: str, value: str, message: str):
    """An env var the profile reads that dbt or DuckDB would reject with a
    stack trace stops the command with a message naming it; the file it
    points at is left as it was."""
    if name in ("SUPPORT_WAREHOUSE_PATH", "SUPPORT_DUCKDB_TEMP_DIR"):
        value = str(REPO / value)
        before = (Path(value).stat().st_mtime_ns, Path(value).is_file())
    env = {name: value}
    if name.startswith("SUPPORT_SPARK_"):
        # the spark target's profile (checked before any session starts)
        env |= {"SUPPORT_TARGET": "spark", "SUPPORT_SPARK_DIR": str(tmp_path / "spark")}
    result = run_dbt(["run", "--select", "dq_build_metadata"], tmp_path, DEMO_DATA, env=env)
    assert result.returncode != 0
    assert message in result.output, result.output[-3000:]
    assert "Traceback" not in result.output, result.output[-3000:]
    if name in ("SUPPORT_WAREHOUSE_PATH", "SUPPORT_DUCKDB_TEMP_DIR"):
        assert (Path(value).stat().st_mtime_ns, Path(value).is_file()) == before


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2020-01-01T00:00:00Z", "before the earliest ticket, event or message"),
        ("2030-01-01T00:00:00Z", "more than var as_of_max_days_after_data (31)"),
    ],
)
def test_as_of_outside_the_data_stops(tmp_path: Path, as_of: str, message: str):
    """The demo data spans 2025-01-01 to 2025-06-30."""
    result = run_dbt(["run", "--select", "+int_as_of"], tmp_path, DEMO_DATA, {"as_of": as_of})
    assert result.returncode != 0
    assert message in result.output and "var 'as_of'" in result.output, result.output[-3000:]
    assert "Traceback" not in result.output


def test_back_dated_as_of_warns_and_is_recorded(tmp_path: Path):
    import duckdb

    select = ["run", "--select", "+dq_build_metadata"]
    result = run_dbt(select, tmp_path, DEMO_DATA, {"as_of": "2025-06-01T00:00:00Z"})
    assert result.returncode == 0, result.output[-3000:]
    assert "is before the latest data" in result.output
    con = duckdb.connect(str(result.warehouse), read_only=True)
    got = con.execute(
        "select as_of_source, is_as_of_before_latest_data from main.dq_build_metadata"
    ).fetchall()
    con.close()
    assert got == [("var as_of", True)]
