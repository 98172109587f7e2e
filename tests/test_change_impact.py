"""mart_change_impact recomputed independently on the demo warehouse.

From fact_ticket, dim_agent, the accepted surveys and the seed file
seeds/kpi_changes.csv (windows and defaults read here, not from the
warehouse), each change's baseline and after observations are selected in
pandas with the cohorts of mart_ticket_kpis; the values are numpy medians,
rates and means; the tests come from scipy: the two-proportion z-test as the
uncorrected chi-square test of the 2x2 table (the same p-value, another
route), scipy's Mann-Whitney U (asymptotic, tie and continuity corrections)
and Welch's t-test with its confidence interval. p-values agree to 1e-3
(the mart's normal and t distributions are closed-form approximations).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO

stats = pytest.importorskip("scipy.stats")

VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
ALPHA = VARS["change_impact_alpha"]
MIN_SAMPLE = VARS["change_impact_min_sample"]
KPI_COUNT = 10


def frame(warehouse: Path, sql: str) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def mart(demo_warehouse: Path) -> pd.DataFrame:
    return frame(demo_warehouse, "select * from main.mart_change_impact")


@pytest.fixture(scope="module")
def expected(demo_warehouse: Path) -> pd.DataFrame:
    tickets = frame(
        demo_warehouse,
        """
        select tickets.*, agents.team as first_assignee_team
        from main.fact_ticket as tickets
        left join main.dim_agent as agents
            on tickets.first_assignee_agent_id = agents.agent_id
        """,
    )
    answers = frame(
        demo_warehouse,
        """
        select survey_id, ticket_id, sent_at, score
        from staging.stg_helpdesk__surveys
        where survey_type = 'csat' and score is not null
        """,
    )
    as_of = pd.Timestamp(tickets["as_of_at"].max())
    changes = pd.read_csv(REPO / "seeds" / "kpi_changes.csv", dtype=str, keep_default_na=False)
    rows = [
        row
        for change in changes.to_dict("records")
        for row in expected_rows(change, tickets, answers, as_of)
    ]
    return pd.DataFrame(rows)


def windows_of(change: dict) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Inclusive UTC dates, blank = defaults; as [start, end) instants."""
    go_live = pd.Timestamp(change["go_live_date"])
    day = pd.Timedelta(days=1)

    def date(column: str, default: pd.Timestamp) -> pd.Timestamp:
        return pd.Timestamp(change[column]) if change[column] else default

    baseline = (
        date("baseline_start", go_live - VARS["change_baseline_days"] * day),
        date("baseline_end", go_live - day) + day,
    )
    after = (
        date("after_start", go_live),
        date("after_end", go_live + (VARS["change_after_days"] - 1) * day) + day,
    )
    return {"baseline": baseline, "after": after}


def in_scope(change: dict, tickets: pd.DataFrame) -> pd.DataFrame:
    kind, value = change["scope_type"], change["scope_value"]
    if kind == "all":
        return tickets
    column = {"channel": "channel", "category": "category", "team": "first_assignee_team"}[kind]
    wanted = value.lower() if kind in ("channel", "category") else value
    return tickets[tickets[column] == wanted]


def kpi_observations(tickets: pd.DataFrame, answers: pd.DataFrame) -> dict[str, tuple]:
    """Per KPI: (cohort timestamps, values, pending flags) of its observations,
    with the cohorts and definitions of the ticket KPI marts."""
    t = tickets
    # SQL's three-valued logic: a null flag is neither true nor false
    fcr_elapsed = t["is_fcr_window_elapsed"].eq(True)
    fcr_not_elapsed = t["is_fcr_window_elapsed"].eq(False)
    fcr_counted = fcr_elapsed & t["fcr_status"].isin(["first_contact", "not_first_contact"])
    fcr_pending = fcr_not_elapsed & t["fcr_status"].isin(["pending", "not_first_contact"])
    fcr = t[fcr_counted | fcr_pending]
    resolved = t[t["resolved_at"].notna()]
    human = resolved[
        resolved["is_automated_resolution"].eq(False) & resolved["handle_seconds"].notna()
    ]
    first_resolved = t[t["first_resolved_at"].notna()]
    sla = t[t["is_first_response_sla_breached"].notna()]
    bot = t[t["is_bot_touched"].eq(True)]
    replied = t[t["first_response_minutes"].notna()]

    def none(df: pd.DataFrame) -> pd.Series:
        return pd.Series(False, index=df.index)

    return {
        "first_response_minutes_median": (
            replied["created_at"],
            replied["first_response_minutes"],
            none(replied),
        ),
        "resolution_minutes_median": (
            resolved["resolved_at"],
            resolved["resolution_minutes"],
            none(resolved),
        ),
        "aht_seconds": (human["resolved_at"], human["handle_seconds"], none(human)),
        "fcr_rate": (
            fcr["first_resolved_at"],
            (fcr["fcr_status"] == "first_contact").astype(float),
            fcr["is_fcr_window_elapsed"].eq(False),
        ),
        "reopen_rate": (
            first_resolved["first_resolved_at"],
            first_resolved["is_reopened_within_window"].eq(True).astype(float),
            ~first_resolved["is_reopen_window_elapsed"].eq(True),
        ),
        "escalation_rate": (t["created_at"], t["is_escalated"].eq(True).astype(float), none(t)),
        "one_touch_rate": (
            resolved["resolved_at"],
            resolved["is_one_touch"].eq(True).astype(float),
            none(resolved),
        ),
        "first_response_sla_breach_rate": (
            sla["created_at"],
            sla["is_first_response_sla_breached"].eq(True).astype(float),
            none(sla),
        ),
        "automation_resolution_rate": (
            bot["created_at"],
            bot["is_automated_resolution"].eq(True).astype(float),
            none(bot),
        ),
        "csat_rate": (answers["sent_at"], (answers["score"] >= 4).astype(float), none(answers)),
    }


MEDIANS = {"first_response_minutes_median", "resolution_minutes_median"}
LOWER_IS_BETTER = {
    "first_response_minutes_median",
    "resolution_minutes_median",
    "aht_seconds",
    "reopen_rate",
    "escalation_rate",
    "first_response_sla_breach_rate",
}


def expected_rows(change: dict, tickets: pd.DataFrame, answers: pd.DataFrame, as_of) -> list:
    windows = windows_of(change)
    scoped = in_scope(change, tickets)
    scoped_answers = answers[answers["ticket_id"].isin(scoped["ticket_id"])]
    complete = windows["after"][1] <= as_of
    rows = []
    for kpi, (stamps, values, pending) in kpi_observations(scoped, scoped_answers).items():
        side = {}
        for name, (start, end) in windows.items():
            inside = (stamps >= start) & (stamps < end)
            side[name] = {
                "values": values[inside & ~pending].to_numpy(dtype=float),
                "pending": int((inside & pending).sum()),
            }
        rows.append(score(change, kpi, side, complete))
    return rows


def score(change: dict, kpi: str, side: dict, complete: bool) -> dict:
    base, after = side["baseline"]["values"], side["after"]["values"]
    aggregate = np.median if kpi in MEDIANS else np.mean
    base_value = float(aggregate(base)) if len(base) else None
    after_value = float(aggregate(after)) if len(after) else None
    row = {
        "change_id": change["change_id"],
        "kpi_name": kpi,
        "baseline_n": len(base),
        "after_n": len(after),
        "baseline_pending": side["baseline"]["pending"],
        "after_pending": side["after"]["pending"],
        "baseline_value": base_value,
        "after_value": after_value,
        "is_after_window_complete": complete,
        "is_low_sample": len(base) < MIN_SAMPLE or len(after) < MIN_SAMPLE,
        "statistic": None,
        "p_value": None,
        "ci": (None, None),
        "u": None,
        "df": None,
    }
    lower = kpi in LOWER_IS_BETTER
    if complete and base_value is not None and after_value is not None:
        row["is_improved"] = after_value < base_value if lower else after_value > base_value
    else:
        row["is_improved"] = None
    if not complete or row["is_low_sample"]:
        row["verdict"] = "after_window_open" if not complete else "insufficient_sample"
        return row
    if kpi in MEDIANS:
        result = stats.mannwhitneyu(
            after, base, use_continuity=True, alternative="two-sided", method="asymptotic"
        )
        row["u"] = float(result.statistic)
        mean_u = len(after) * len(base) / 2
        ranks = stats.rankdata(np.concatenate([after, base]))
        _, counts = np.unique(ranks, return_counts=True)
        n = len(after) + len(base)
        sd = math.sqrt(
            len(after) * len(base) / 12 * ((n + 1) - (counts**3 - counts).sum() / (n * (n - 1)))
        )
        if sd > 0:
            row["statistic"] = math.copysign(
                max(abs(row["u"] - mean_u) - 0.5, 0) / sd, row["u"] - mean_u
            )
            row["p_value"] = float(result.pvalue)
    elif kpi == "aht_seconds":
        result = stats.ttest_ind(after, base, equal_var=False)
        interval = result.confidence_interval(1 - ALPHA)
        row.update(
            statistic=float(result.statistic),
            p_value=float(result.pvalue),
            df=float(result.df),
            ci=(float(interval.low), float(interval.high)),
        )
    else:
        successes = [after.sum(), base.sum()]
        table = np.array([successes, [len(after) - successes[0], len(base) - successes[1]]])
        if 0 < table[0].sum() < len(after) + len(base):
            chi2, p_value, _, _ = stats.chi2_contingency(table, correction=False)
            diff = after_value - base_value
            row["statistic"] = math.copysign(math.sqrt(chi2), diff) if diff else 0.0
            row["p_value"] = float(p_value)
            se = math.sqrt(
                after_value * (1 - after_value) / len(after)
                + base_value * (1 - base_value) / len(base)
            )
            half = stats.norm.ppf(1 - ALPHA / 2) * se
            row["ci"] = (diff - half, diff + half)
    if row["p_value"] is None:
        row["verdict"] = "not_testable"
    elif row["p_value"] >= ALPHA:
        row["verdict"] = "no_significant_change"
    else:
        row["verdict"] = "improved" if (row["statistic"] < 0) == lower else "worsened"
    return row


def close(a, b, *, rel=1e-9, abs_=1e-9) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


def nullable(value):
    return None if value is None or pd.isna(value) else value


def test_one_row_per_change_and_kpi(mart: pd.DataFrame):
    changes = pd.read_csv(REPO / "seeds" / "kpi_changes.csv", dtype=str)
    assert len(mart) == len(changes) * KPI_COUNT
    assert set(mart["change_id"]) == set(changes["change_id"])


def test_the_shipped_changes_cover_every_scope_and_verdict_kind(mart: pd.DataFrame):
    """The demo seed has a change per scope type, one still open at as_of, and
    enough scored rows to show the tests."""
    assert set(mart["scope_type"]) == {"all", "channel", "category", "team"}
    assert (~mart["is_after_window_complete"]).any()
    assert mart["p_value"].notna().sum() >= 30


def test_every_row_matches_an_independent_computation(mart, expected):
    merged = mart.merge(expected, on=["change_id", "kpi_name"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    problems = []
    for row in merged.to_dict("records"):
        key = f"{row['change_id']} {row['kpi_name']}"
        checks = [
            ("baseline_n", row["baseline_n_x"], row["baseline_n_y"], 0),
            ("after_n", row["after_n_x"], row["after_n_y"], 0),
            ("baseline_pending", row["baseline_pending_x"], row["baseline_pending_y"], 0),
            ("after_pending", row["after_pending_x"], row["after_pending_y"], 0),
            ("baseline_value", nullable(row["baseline_value_x"]), row["baseline_value_y"], 1e-9),
            ("after_value", nullable(row["after_value_x"]), row["after_value_y"], 1e-9),
            ("test_statistic", nullable(row["test_statistic"]), row["statistic"], 1e-6),
            ("mann_whitney_u", nullable(row["mann_whitney_u"]), row["u"], 1e-9),
            ("degrees_of_freedom", nullable(row["degrees_of_freedom"]), row["df"], 1e-6),
        ]
        for name, got, want, rel in checks:
            if not close(got, want, rel=rel or 1e-12, abs_=1e-9):
                problems.append(f"{key}: {name} {got} != {want}")
        if not close(nullable(row["p_value_x"]), row["p_value_y"], rel=0, abs_=1e-3):
            problems.append(f"{key}: p_value {row['p_value_x']} != {row['p_value_y']}")
        for name, got, want in [
            ("change_ci_lower", nullable(row["change_ci_lower"]), row["ci"][0]),
            ("change_ci_upper", nullable(row["change_ci_upper"]), row["ci"][1]),
        ]:
            scale = abs(row["ci"][1] - row["ci"][0]) if row["ci"][0] is not None else 1
            if not close(got, want, rel=0, abs_=1e-3 * scale):
                problems.append(f"{key}: {name} {got} != {want}")
        for name, got, want in [
            ("is_low_sample", row["is_low_sample_x"], row["is_low_sample_y"]),
            (
                "is_after_window_complete",
                row["is_after_window_complete_x"],
                row["is_after_window_complete_y"],
            ),
            ("is_improved", nullable(row["is_improved_x"]), row["is_improved_y"]),
            ("impact_verdict", row["impact_verdict"], row["verdict"]),
            (
                "is_significant",
                nullable(row["is_significant"]),
                None if nullable(row["p_value_y"]) is None else row["p_value_y"] < ALPHA,
            ),
        ]:
            if (None if got is None else bool(got) if name != "impact_verdict" else got) != want:
                problems.append(f"{key}: {name} {got!r} != {want!r}")
    assert not problems, "\n".join(problems)
