"""Coaching signals (mart_agent_coaching_signals_monthly), recomputed here.

Every evidence column and every flag is computed again in pandas from the
demo warehouse's fact_ticket, dim_agent, the accepted ticket events, work
sessions and calls (staging) and as_of (dq_build_metadata), following the
docs blocks (metric_cherry_picking, metric_fast_with_low_csat,
metric_low_escalation, metric_recategorisation_rate, coaching_agent_tickets),
not the project's SQL: the agent's tickets are those first assigned to a
human agent (first assignment event by event_at, then event_id), by month of
that assignment. Checked twice: with the project's thresholds on the demo
build, and with loose thresholds (one `dbt run` of the mart on a copy of the
demo warehouse) so that every flag is true somewhere and both branches of
each flag are compared on real data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import DEMO_DATA, REPO, run_dbt

MART = "mart_agent_coaching_signals_monthly"
PROJECT_VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
VAR_NAMES = [
    "coaching_signal_z",
    "coaching_cherry_pick_ratio",
    "coaching_cherry_pick_min_tickets",
    "coaching_fast_aht_z",
    "coaching_low_csat_gap",
    "coaching_fast_low_csat_min_tickets",
    "coaching_fast_low_csat_min_surveys",
    "coaching_low_escalation_ratio",
    "coaching_low_escalation_min_expected",
    "coaching_recategorisation_ratio",
    "coaching_recategorisation_min_tickets",
]
DEFAULT_VARS = {name: PROJECT_VARS[name] for name in VAR_NAMES}
# thresholds loose enough that each flag is true for some agent-month of the demo
LOOSE_VARS = {
    "coaching_signal_z": 0.5,
    "coaching_cherry_pick_ratio": 1.05,
    "coaching_cherry_pick_min_tickets": 5,
    "coaching_fast_aht_z": 0.2,
    "coaching_low_csat_gap": 0.02,
    "coaching_fast_low_csat_min_tickets": 3,
    "coaching_fast_low_csat_min_surveys": 3,
    "coaching_low_escalation_ratio": 0.9,
    "coaching_low_escalation_min_expected": 1,
    "coaching_recategorisation_ratio": 1.1,
    "coaching_recategorisation_min_tickets": 5,
}
FLAGS = [
    "is_cherry_picking",
    "is_fast_with_low_csat",
    "is_low_escalation",
    "is_high_recategorisation",
]
KEY = ["agent_id", "period_start"]


def read(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def agent_tickets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per ticket first assigned to a human agent, with what the
    signals read (coaching_agent_tickets)."""
    tickets = read(
        con,
        "select ticket_id, first_assignee_agent_id as agent_id, first_assigned_at, category,"
        " complexity_tier, csat_score from main.fact_ticket",
    )
    agents = read(con, "select agent_id, team, is_bot from main.dim_agent")
    events = read(
        con,
        "select event_id, ticket_id, event_at, event_type, actor_id, to_value"
        " from staging.stg_helpdesk__ticket_events",
    )
    sessions = read(
        con,
        "select agent_id, ticket_id, started_at, ended_at from staging.stg_helpdesk__work_sessions",
    )
    calls = read(
        con,
        "select agent_id, ticket_id, answered_at, ended_at, after_call_work_seconds"
        " from staging.stg_helpdesk__calls where answered_at is not null",
    )

    # category baseline: share 4-5 of every CSAT score of the category
    scored = tickets[tickets["csat_score"].notna()]
    baseline = (scored["csat_score"] >= 4).groupby(scored["category"]).mean()

    cohort = tickets[tickets["agent_id"].notna()].merge(agents, on="agent_id", how="inner")
    cohort = cohort[~cohort["is_bot"].fillna(False).astype(bool)].copy()
    cohort["period_start"] = cohort["first_assigned_at"].dt.to_period("M").dt.start_time.dt.date
    cohort["complexity_tier"] = cohort["complexity_tier"].fillna("unclassified")
    cohort["category_csat_baseline"] = cohort["category"].map(baseline)

    assignments = events[events["event_type"] == "assignment"].sort_values(
        ["ticket_id", "event_at", "event_id"]
    )
    first = assignments.groupby("ticket_id").head(1)
    self_assigned = set(first.loc[first["actor_id"] == first["to_value"], "ticket_id"])
    cohort["is_self_assigned"] = cohort["ticket_id"].isin(self_assigned)

    def acted(event_type: str) -> set[tuple[str, str]]:
        rows = events[(events["event_type"] == event_type) & events["actor_id"].notna()]
        return set(zip(rows["ticket_id"], rows["actor_id"], strict=True))

    pairs = list(zip(cohort["ticket_id"], cohort["agent_id"], strict=True))
    escalated, recategorised = acted("escalation"), acted("category_change")
    cohort["is_escalated_by_assignee"] = [pair in escalated for pair in pairs]
    cohort["is_recategorised_by_assignee"] = [pair in recategorised for pair in pairs]

    # the agent's own handle seconds on the ticket: sessions, talk + after-call work
    work = pd.DataFrame(
        {
            "agent_id": sessions["agent_id"],
            "ticket_id": sessions["ticket_id"],
            "seconds": (sessions["ended_at"] - sessions["started_at"]).dt.total_seconds(),
        }
    )
    talk = (calls["ended_at"] - calls["answered_at"]).dt.total_seconds().fillna(0)
    call_work = pd.DataFrame(
        {
            "agent_id": calls["agent_id"],
            "ticket_id": calls["ticket_id"],
            "seconds": talk + calls["after_call_work_seconds"].fillna(0),
        }
    )
    handle = (
        pd.concat([work, call_work])
        .dropna(subset=["agent_id", "ticket_id"])
        .groupby(["agent_id", "ticket_id"])["seconds"]
        .sum()
        .rename("assignee_handle_seconds")
    )
    return cohort.merge(handle, left_on=["agent_id", "ticket_id"], right_index=True, how="left")


def pooled_se(x_a, n_a, x_b, n_b):
    p = (x_a + x_b) / (n_a + n_b)
    return np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))


def ratio(numerator, denominator):
    denominator = denominator.astype(float)
    return numerator / denominator.where(denominator != 0)


def expected_signals(con: duckdb.DuckDBPyConnection, v: dict) -> pd.DataFrame:
    cohort = agent_tickets(con)
    as_of = con.execute("select as_of_at from main.dq_build_metadata").fetchone()[0]
    classified_self = cohort["is_self_assigned"] & (cohort["complexity_tier"] != "unclassified")
    cohort = cohort.assign(
        self_t=classified_self,
        self_low=classified_self & (cohort["complexity_tier"] == "low"),
        recat=cohort["is_recategorised_by_assignee"],
        scored=cohort["csat_score"].notna(),
        satisfied=cohort["csat_score"] >= 4,
        baseline_if_scored=cohort["category_csat_baseline"].where(cohort["csat_score"].notna()),
    )
    rows = cohort.groupby(KEY).agg(
        team=("team", "first"),
        first_assigned_tickets=("ticket_id", "size"),
        self_assigned_tickets=("self_t", "sum"),
        self_assigned_low_tickets=("self_low", "sum"),
        recategorised_tickets=("recat", "sum"),
        csat_scored_tickets=("scored", "sum"),
        csat_satisfied_tickets=("satisfied", "sum"),
        csat_category_baseline=("baseline_if_scored", "mean"),
    )
    rows = rows.reset_index()

    # team peers: the other agents of the team that month
    peers = []
    for _, row in rows.iterrows():
        others = rows[
            (rows["team"] == row["team"])
            & (rows["period_start"] == row["period_start"])
            & (rows["agent_id"] != row["agent_id"])
        ]
        has_team = pd.notna(row["team"])
        peers.append(
            {
                "team_peer_agents": len(others) if has_team else np.nan,
                "team_peer_self_assigned_tickets": others["self_assigned_tickets"].sum()
                if has_team
                else np.nan,
                "team_peer_self_assigned_low_tickets": others["self_assigned_low_tickets"].sum()
                if has_team
                else np.nan,
                "team_peer_first_assigned_tickets": others["first_assigned_tickets"].sum()
                if has_team
                else np.nan,
                "team_peer_recategorised_tickets": others["recategorised_tickets"].sum()
                if has_team
                else np.nan,
            }
        )
    rows = pd.concat([rows, pd.DataFrame(peers, index=rows.index)], axis=1)
    rows["self_assigned_low_share"] = ratio(
        rows["self_assigned_low_tickets"], rows["self_assigned_tickets"]
    )
    rows["team_peer_self_assigned_low_share"] = ratio(
        rows["team_peer_self_assigned_low_tickets"], rows["team_peer_self_assigned_tickets"]
    )
    rows["self_assigned_low_share_lift"] = ratio(
        rows["self_assigned_low_share"], rows["team_peer_self_assigned_low_share"]
    )
    cherry_se = pooled_se(
        rows["self_assigned_low_tickets"],
        rows["self_assigned_tickets"].where(rows["self_assigned_tickets"] > 0),
        rows["team_peer_self_assigned_low_tickets"],
        rows["team_peer_self_assigned_tickets"].where(rows["team_peer_self_assigned_tickets"] > 0),
    )
    rows["self_assigned_low_share_deviation_z"] = ratio(
        rows["self_assigned_low_share"] - rows["team_peer_self_assigned_low_share"], cherry_se
    )
    rows["recategorisation_rate"] = ratio(
        rows["recategorised_tickets"], rows["first_assigned_tickets"]
    )
    rows["team_peer_recategorisation_rate"] = ratio(
        rows["team_peer_recategorised_tickets"], rows["team_peer_first_assigned_tickets"]
    )
    rows["recategorisation_rate_lift"] = ratio(
        rows["recategorisation_rate"], rows["team_peer_recategorisation_rate"]
    )
    recat_se = pooled_se(
        rows["recategorised_tickets"],
        rows["first_assigned_tickets"],
        rows["team_peer_recategorised_tickets"],
        rows["team_peer_first_assigned_tickets"].where(
            rows["team_peer_first_assigned_tickets"] > 0
        ),
    )
    rows["recategorisation_rate_deviation_z"] = ratio(
        rows["recategorisation_rate"] - rows["team_peer_recategorisation_rate"], recat_se
    )

    # AHT against the tier baselines: per tier, mean and sample sd of the agents' AHTs
    timed = cohort[cohort["assignee_handle_seconds"].notna()]
    tiers = (
        timed.groupby([*KEY, "complexity_tier"])["assignee_handle_seconds"]
        .agg(n="size", seconds="sum", aht="mean")
        .reset_index()
    )
    spread = tiers.groupby(["period_start", "complexity_tier"])["aht"].agg(base="mean", sd="std")
    tiers = tiers.merge(spread, left_on=["period_start", "complexity_tier"], right_index=True)
    tiers["z"] = (tiers["aht"] - tiers["base"]) / tiers["sd"].where(tiers["sd"] > 0)
    tiers["nz"] = tiers["n"].where(tiers["z"].notna())
    tiers["zn"] = tiers["z"] * tiers["n"]
    tiers["bn"] = tiers["base"] * tiers["n"]
    aht = tiers.groupby(KEY).agg(
        handle_time_tickets=("n", "sum"),
        seconds=("seconds", "sum"),
        bn=("bn", "sum"),
        zn=("zn", lambda s: s.sum(min_count=1)),
        nz=("nz", lambda s: s.sum(min_count=1)),
    )
    aht["first_assigned_aht_seconds"] = aht["seconds"] / aht["handle_time_tickets"]
    aht["tier_mix_baseline_aht_seconds"] = aht["bn"] / aht["handle_time_tickets"]
    aht["tier_aht_z_score"] = aht["zn"] / aht["nz"]
    rows = rows.merge(
        aht[
            [
                "handle_time_tickets",
                "first_assigned_aht_seconds",
                "tier_mix_baseline_aht_seconds",
                "tier_aht_z_score",
            ]
        ],
        left_on=KEY,
        right_index=True,
        how="left",
    )
    rows["handle_time_tickets"] = rows["handle_time_tickets"].fillna(0)
    rows["first_assigned_csat_rate"] = ratio(
        rows["csat_satisfied_tickets"], rows["csat_scored_tickets"]
    )
    rows["first_assigned_csat_normalized"] = (
        rows["first_assigned_csat_rate"] - rows["csat_category_baseline"]
    )

    # escalations against the peers' rate of each category (all other agents)
    by_category = (
        cohort.groupby([*KEY, "category"])["is_escalated_by_assignee"]
        .agg(n="size", e="sum")
        .reset_index()
    )
    totals = by_category.groupby(["period_start", "category"])[["n", "e"]].sum()
    by_category = by_category.merge(
        totals, left_on=["period_start", "category"], right_index=True, suffixes=("", "_all")
    )
    by_category["peer_rate"] = ratio(
        by_category["e_all"] - by_category["e"], by_category["n_all"] - by_category["n"]
    )
    compared = by_category[by_category["peer_rate"].notna()].copy()
    compared["expected"] = compared["n"] * compared["peer_rate"]
    compared["variance"] = compared["n"] * compared["peer_rate"] * (1 - compared["peer_rate"])
    escalation = compared.groupby(KEY).agg(
        escalation_compared_tickets=("n", "sum"),
        escalations_observed=("e", "sum"),
        escalations_expected=("expected", "sum"),
        variance=("variance", "sum"),
    )
    rows = rows.merge(escalation, left_on=KEY, right_index=True, how="left")
    rows[["escalation_compared_tickets", "escalations_observed"]] = rows[
        ["escalation_compared_tickets", "escalations_observed"]
    ].fillna(0)
    rows["escalation_observed_expected_ratio"] = ratio(
        rows["escalations_observed"], rows["escalations_expected"]
    )
    rows["escalation_deviation_z"] = ratio(
        rows["escalations_observed"] - rows["escalations_expected"], np.sqrt(rows["variance"])
    )

    # the flags: null below the minimum samples and on a month not ended at as_of
    month_end = pd.to_datetime(rows["period_start"]) + pd.offsets.MonthBegin(1)
    rows["is_period_complete"] = month_end <= pd.Timestamp(as_of)
    complete = rows["is_period_complete"]
    z = v["coaching_signal_z"]

    def flag(judged: pd.Series, condition: pd.Series) -> pd.Series:
        return condition.astype(object).where(judged & complete, None)

    m = v["coaching_cherry_pick_min_tickets"]
    share, peer = rows["self_assigned_low_share"], rows["team_peer_self_assigned_low_share"]
    rows["is_cherry_picking"] = flag(
        (rows["self_assigned_tickets"] >= m)
        & (rows["team_peer_self_assigned_tickets"].fillna(0) >= m),
        (share > peer)
        & (share >= v["coaching_cherry_pick_ratio"] * peer)
        & (share - peer >= z * cherry_se),
    )
    rows["is_fast_with_low_csat"] = flag(
        (rows["handle_time_tickets"] >= v["coaching_fast_low_csat_min_tickets"])
        & (rows["csat_scored_tickets"] >= v["coaching_fast_low_csat_min_surveys"])
        & rows["tier_aht_z_score"].notna(),
        (rows["tier_aht_z_score"] <= -v["coaching_fast_aht_z"])
        & (rows["first_assigned_csat_normalized"] <= -v["coaching_low_csat_gap"]),
    )
    observed, expected = rows["escalations_observed"], rows["escalations_expected"]
    rows["is_low_escalation"] = flag(
        expected.fillna(0) >= v["coaching_low_escalation_min_expected"],
        (observed <= v["coaching_low_escalation_ratio"] * expected)
        & (observed - expected <= -z * np.sqrt(rows["variance"])),
    )
    m = v["coaching_recategorisation_min_tickets"]
    rate, peer = rows["recategorisation_rate"], rows["team_peer_recategorisation_rate"]
    rows["is_high_recategorisation"] = flag(
        (rows["first_assigned_tickets"] >= m)
        & (rows["team_peer_first_assigned_tickets"].fillna(0) >= m),
        (rate > peer)
        & (rate >= v["coaching_recategorisation_ratio"] * peer)
        & (rate - peer >= z * recat_se),
    )
    rows["coaching_signals_flagged"] = sum((rows[f] == True).astype(int) for f in FLAGS)  # noqa: E712
    return rows.drop(columns=["variance"])


def compare(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    actual = actual.copy()
    actual["period_start"] = pd.to_datetime(actual["period_start"]).dt.date
    merged = actual.merge(expected, on=KEY, how="outer", suffixes=("", "_expected"), indicator=True)
    unmatched = merged[merged["_merge"] != "both"][[*KEY, "_merge"]]
    assert unmatched.empty, f"agent-months on one side only:\n{unmatched}"
    columns = [c for c in expected.columns if c not in KEY]
    missing = sorted(set(columns) - set(actual.columns))
    assert not missing, f"columns not in the mart: {missing}"
    problems = []
    for column in columns:
        got, want = merged[column], merged[f"{column}_expected"]
        if column in FLAGS or column in ("is_period_complete", "team"):
            same = [
                (pd.isna(g) and pd.isna(w)) or (not pd.isna(g) and not pd.isna(w) and g == w)
                for g, w in zip(got, want, strict=True)
            ]
        else:
            same = np.isclose(
                got.astype(float), want.astype(float), rtol=1e-9, atol=1e-9, equal_nan=True
            )
        bad = merged.loc[~np.asarray(same), [*KEY, column, f"{column}_expected"]]
        if not bad.empty:
            problems.append(bad.head(5).to_string())
    assert not problems, "mart and recomputation differ:\n" + "\n".join(problems)


def mart_rows(warehouse: Path) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(f"select * from main.{MART}").df()
    finally:
        con.close()


def recompute(warehouse: Path, dbt_vars: dict) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return expected_signals(con, dbt_vars)
    finally:
        con.close()


def test_signals_equal_the_recomputation(demo_warehouse: Path):
    actual = mart_rows(demo_warehouse)
    assert len(actual) > 0
    compare(actual, recompute(demo_warehouse, DEFAULT_VARS))


@pytest.fixture(scope="module")
def loose_warehouse(demo_warehouse: Path, tmp_path_factory) -> Path:
    """A copy of the demo warehouse whose coaching mart was rebuilt with
    LOOSE_VARS (only that model: its inputs are the demo build's)."""
    workdir = tmp_path_factory.mktemp("coaching_loose")
    copy = workdir / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse, copy)
    result = run_dbt(
        ["run", "--select", MART], workdir, DEMO_DATA, dbt_vars=LOOSE_VARS, warehouse=copy
    )
    assert result.returncode == 0, result.output[-4000:]
    return copy


def test_loose_thresholds_flag_every_signal_and_equal_the_recomputation(loose_warehouse: Path):
    actual = mart_rows(loose_warehouse)
    compare(actual, recompute(loose_warehouse, LOOSE_VARS))
    for flag in FLAGS:
        values = actual[flag].dropna()
        assert values.any(), f"{flag}: no agent-month flagged with loose thresholds"
        assert not values.all(), f"{flag}: every judged agent-month flagged"
