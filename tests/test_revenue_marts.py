"""The revenue metrics of the optional customers.mrr (SPEC section 1), recomputed.

On the demo warehouse (the demo dataset's customers carry mrr and one
negative-mrr bad row): revenue at risk and MRR churned
(mart_customer_health, mart_customer_segment_churn), the allocation of the
support costs to tickets and the cost to serve against MRR per customer and
per segment (mart_customer_cost_to_serve_monthly,
mart_segment_cost_to_serve_monthly) and the expansion signals per account
(mart_account_expansion_signals_monthly), each recomputed here in pandas from
the facts, dimensions, staged costs and the category seed, with the
definitions of their docs blocks (models/marts/operations/_operations__docs.md).
The churn-risk signal itself is an input (its own tests pin it); the customer
spans, the MRR sums, the allocation and the expansion counts are not.

One build of its own: the demo dataset with its customers file rewritten
without the mrr column builds, and every revenue metric is null.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import DEMO_DATA, REPO, copy_dataset, run_dbt


def frame(warehouse: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def month_start(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()


def close(actual, expected) -> bool:
    """Equal numbers (relative 1e-9), or both null."""
    a = np.array(actual, dtype=float)
    e = np.array(expected, dtype=float)
    return bool(np.all(np.isclose(a, e, rtol=1e-9, atol=1e-6, equal_nan=True)))


@pytest.fixture(scope="module")
def customers(demo_warehouse: Path) -> pd.DataFrame:
    """dim_customer with the span in which each customer is a customer."""
    dim = frame(
        demo_warehouse,
        "select customer_id, account_id, segment, plan, signed_up_at, churned_at, "
        "is_known_customer, first_ticket_at, mrr, arr from main.dim_customer",
    )
    dim["active_from_at"] = dim["signed_up_at"].fillna(dim["first_ticket_at"])
    return dim


def active_at(rows: pd.DataFrame, instant: pd.Series) -> pd.Series:
    """A customer at the instant: active from before it (or since before the
    data), not churned before it."""
    started = rows["active_from_at"].isna() | (rows["active_from_at"] < instant)
    not_churned = rows["churned_at"].isna() | (rows["churned_at"] >= instant)
    return started & not_churned


def test_demo_carries_mrr_and_rejects_the_negative_one(demo_warehouse: Path, customers):
    known = customers[customers["is_known_customer"]]
    assert known["mrr"].notna().all(), "every generated customer has an MRR"
    assert (known["mrr"] > 0).any() and (known["mrr"] >= 0).all()
    assert close(known["arr"], 12 * known["mrr"])
    reasons = frame(
        demo_warehouse,
        "select source_row_id, reason from main.dq_rejected_rows where source_table = 'customers'",
    )
    assert [r for r in reasons["reason"] if r.startswith("negative mrr")], reasons
    assert not set(reasons["source_row_id"]) & set(known["customer_id"])


def test_revenue_at_risk_and_churned(demo_warehouse: Path, customers):
    health = frame(
        demo_warehouse,
        "select customer_id, period_start, has_churn_risk_signal, mrr as mart_mrr, "
        "mrr_at_risk, mrr_churned from main.mart_customer_health where is_known_customer",
    )
    rows = health.merge(customers, on="customer_id", how="left", validate="many_to_one")
    start = pd.to_datetime(rows["period_start"])
    end = start + pd.DateOffset(months=1)
    at_start = active_at(rows, start)
    at_end = active_at(rows, end)
    churned = (
        rows["churned_at"].notna() & (rows["churned_at"] >= start) & (rows["churned_at"] < end)
    )
    rows["want_at_start"] = rows["mrr"].where(at_start, 0.0)
    rows["want_churned"] = rows["mrr"].where(at_start & churned, 0.0)
    rows["want_at_end"] = rows["mrr"].where(at_end, 0.0)
    rows["want_at_risk"] = rows["mrr"].where(at_end & rows["has_churn_risk_signal"], 0.0)
    assert rows["want_at_risk"].sum() > 0, "the demo has revenue at risk"
    assert rows["want_churned"].sum() > 0, "the demo has churned revenue"
    # per customer and month
    assert close(rows["mart_mrr"], rows["mrr"])
    assert close(rows["mrr_at_risk"], rows["want_at_risk"])
    assert close(rows["mrr_churned"], rows["want_churned"])
    # per month, overall and per segment
    rows["segment"] = rows["segment"].fillna("unknown")
    wanted = ["want_at_start", "want_churned", "want_at_end", "want_at_risk"]
    per_segment = rows.groupby(["period_start", "segment"])[wanted].sum().reset_index()
    overall = rows.groupby("period_start")[wanted].sum().reset_index().assign(segment="all")
    expected = pd.concat([per_segment, overall])
    mart = frame(
        demo_warehouse,
        "select period_start, segment, mrr_at_start, mrr_churned, mrr_churn_rate, mrr_at_end, "
        "mrr_at_risk_at_end, mrr_at_risk_rate from main.mart_customer_segment_churn "
        "where period_grain = 'month' and slice_name in ('overall', 'segment')",
    )
    both = mart.merge(expected, on=["period_start", "segment"], how="outer", indicator=True)
    assert (both["_merge"] == "both").all(), both[both["_merge"] != "both"]
    assert close(both["mrr_at_start"], both["want_at_start"])
    assert close(both["mrr_churned"], both["want_churned"])
    assert close(both["mrr_at_end"], both["want_at_end"])
    assert close(both["mrr_at_risk_at_end"], both["want_at_risk"])
    assert close(both["mrr_churn_rate"], both["want_churned"] / both["want_at_start"])
    assert close(both["mrr_at_risk_rate"], both["want_at_risk"] / both["want_at_end"])


@pytest.fixture(scope="module")
def allocation(demo_warehouse: Path) -> pd.DataFrame:
    """Each ticket's share of its creation month's support costs (the staged
    cost rows, summed here), by handle-time share, else by ticket share."""
    tickets = frame(
        demo_warehouse,
        "select ticket_id, customer_id, created_at, handle_seconds from main.fact_ticket",
    )
    costs = frame(
        demo_warehouse,
        "select month, amount from staging.stg_helpdesk__support_costs",
    )
    costs["period_start"] = pd.to_datetime(costs["month"])
    monthly = costs.groupby("period_start")["amount"].sum().rename("support_costs")
    tickets["period_start"] = month_start(tickets["created_at"])
    handle = tickets["handle_seconds"].fillna(0.0)
    month_handle = handle.groupby(tickets["period_start"]).transform("sum")
    month_tickets = tickets.groupby("period_start")["ticket_id"].transform("count")
    tickets["share"] = np.where(month_handle > 0, handle / month_handle, 1.0 / month_tickets)
    tickets = tickets.join(monthly, on="period_start")
    tickets["cost"] = tickets["support_costs"] * tickets["share"]
    return tickets


def test_cost_to_serve_per_customer(demo_warehouse: Path, customers, allocation):
    assert allocation["cost"].notna().any(), "the demo has support costs"
    mart = frame(
        demo_warehouse,
        "select customer_id, period_start, tickets_created, cost_to_serve, mrr, "
        "cost_to_serve_mrr_ratio from main.mart_customer_cost_to_serve_monthly",
    )
    mart["period_start"] = pd.to_datetime(mart["period_start"])
    per_customer = (
        allocation.dropna(subset=["customer_id"])
        .groupby(["customer_id", "period_start"])
        .agg(want_tickets=("ticket_id", "count"), want_cost=("cost", "sum"))
        .reset_index()
    )
    both = mart.merge(per_customer, on=["customer_id", "period_start"], how="left")
    assert both["want_tickets"].notna().sum() == len(per_customer), "a ticket's month is missing"
    costed = set(allocation.loc[allocation["cost"].notna(), "period_start"])
    both["want_cost"] = np.where(
        both["period_start"].isin(costed), both["want_cost"].fillna(0.0), np.nan
    )
    assert (both["tickets_created"] == both["want_tickets"].fillna(0)).all()
    assert close(both["cost_to_serve"], both["want_cost"])
    # the MRR billed in the month: a customer at some instant of it
    rows = both.merge(customers, on="customer_id", how="left", suffixes=("", "_dim"))
    start = rows["period_start"]
    end = start + pd.DateOffset(months=1)
    billed = (rows["active_from_at"].isna() | (rows["active_from_at"] < end)) & (
        rows["churned_at"].isna() | (rows["churned_at"] >= start)
    )
    want_mrr = rows["mrr_dim"].where(billed, 0.0)
    assert close(rows["mrr"], want_mrr)
    assert close(rows["cost_to_serve_mrr_ratio"], rows["want_cost"] / want_mrr.replace(0.0, np.nan))


def test_cost_to_serve_per_segment_adds_up_to_the_costs(
    demo_warehouse: Path, customers, allocation
):
    rows = allocation.merge(
        customers[["customer_id", "segment"]], on="customer_id", how="left"
    ).assign(segment=lambda df: df["segment"].fillna("unknown"))
    per_segment = rows.groupby(["period_start", "segment"])["cost"].sum(min_count=1)
    overall = rows.groupby("period_start")["cost"].sum(min_count=1)
    mart = frame(
        demo_warehouse,
        "select period_start, slice_name, segment, tickets_created, cost_to_serve, mrr, "
        "cost_to_serve_mrr_ratio from main.mart_segment_cost_to_serve_monthly "
        "where slice_name in ('overall', 'segment')",
    )
    mart["period_start"] = pd.to_datetime(mart["period_start"])
    for row in mart.itertuples():
        if row.slice_name == "overall":
            want = overall.get(row.period_start)
            assert row.tickets_created == (allocation["period_start"] == row.period_start).sum()
        else:
            want = per_segment.get((row.period_start, row.segment), 0.0)
        assert close([row.cost_to_serve], [want]), row
        assert close([row.cost_to_serve_mrr_ratio], [row.cost_to_serve / row.mrr]), row
    # the overall cost to serve of a month is its support_cost_total
    totals = frame(
        demo_warehouse,
        "select costs.period_start, costs.support_cost_total, segments.cost_to_serve "
        "from main.mart_support_costs_monthly as costs "
        "inner join main.mart_segment_cost_to_serve_monthly as segments "
        "on costs.period_start = segments.period_start and segments.slice_name = 'overall'",
    )
    assert len(totals) > 0
    assert close(totals["cost_to_serve"], totals["support_cost_total"])


def test_expansion_signals_per_account(demo_warehouse: Path, customers):
    seed = pd.read_csv(REPO / "seeds" / "ticket_categories.csv")
    expansion = set(seed.loc[seed["is_expansion_signal"], "category"].str.lower())
    assert expansion, "the seed marks some categories as expansion signals"
    tickets = frame(
        demo_warehouse,
        "select ticket_id, customer_id, category, created_at from main.fact_ticket "
        "where is_inbound",
    )
    tickets = tickets.merge(customers[["customer_id", "account_id"]], on="customer_id")
    tickets = tickets[tickets["account_id"].notna()].copy()
    tickets["period_start"] = month_start(tickets["created_at"])
    tickets["is_expansion"] = tickets["category"].str.lower().isin(expansion)
    tickets["expansion_customer"] = tickets["customer_id"].where(tickets["is_expansion"])
    expected = (
        tickets.groupby(["account_id", "period_start"])
        .agg(
            want_contacts=("ticket_id", "count"),
            want_customers=("customer_id", "nunique"),
            want_expansion=("is_expansion", "sum"),
            want_expansion_customers=("expansion_customer", "nunique"),
        )
        .reset_index()
    )
    assert expected["want_expansion"].sum() > 0, "the demo has expansion contacts"
    mart = frame(
        demo_warehouse,
        "select account_id, period_start, contacts, contacting_customers, expansion_contacts, "
        "expansion_customers, has_expansion_signal, account_mrr, account_arr "
        "from main.mart_account_expansion_signals_monthly",
    )
    mart["period_start"] = pd.to_datetime(mart["period_start"])
    both = mart.merge(expected, on=["account_id", "period_start"], how="outer", indicator=True)
    assert (both["_merge"] == "both").all(), both[both["_merge"] != "both"].head()
    assert (both["contacts"] == both["want_contacts"]).all()
    assert (both["contacting_customers"] == both["want_customers"]).all()
    assert (both["expansion_contacts"] == both["want_expansion"]).all()
    assert (both["expansion_customers"] == both["want_expansion_customers"]).all()
    assert (both["has_expansion_signal"] == (both["want_expansion"] > 0)).all()
    # the account's MRR: its customers at the month's end
    members = customers[customers["account_id"].notna()]
    months = both[["account_id", "period_start"]].merge(members, on="account_id")
    end = months["period_start"] + pd.DateOffset(months=1)
    months["mrr_at_end"] = months["mrr"].where(active_at(months, end), 0.0)
    want_mrr = months.groupby(["account_id", "period_start"])["mrr_at_end"].sum()
    got = both.set_index(["account_id", "period_start"])
    assert got["account_mrr"].notna().all()
    assert close(got["account_mrr"], want_mrr.reindex(got.index))
    assert close(got["account_arr"], 12 * want_mrr.reindex(got.index))


REVENUE_COLUMNS = {
    "main.dim_customer": ["mrr", "arr"],
    "main.mart_customer_health": ["mrr", "mrr_at_risk", "mrr_churned"],
    "main.mart_customer_segment_churn": [
        "mrr_at_start",
        "mrr_churned",
        "mrr_churn_rate",
        "mrr_at_end",
        "mrr_at_risk_at_end",
        "mrr_at_risk_rate",
    ],
    "main.mart_customer_cost_to_serve_monthly": ["mrr", "cost_to_serve_mrr_ratio"],
    "main.mart_segment_cost_to_serve_monthly": ["mrr", "cost_to_serve_mrr_ratio"],
    "main.mart_account_expansion_signals_monthly": ["account_mrr", "account_arr"],
}


def test_customers_without_mrr_build_with_null_revenue(tmp_path: Path):
    """SPEC section 1, optional columns: a customers file without mrr builds
    (data tests included) and every revenue metric is null, not 0, while the
    counts and the costs stand."""
    raw = copy_dataset(DEMO_DATA, tmp_path / "raw")
    table = pq.read_table(raw / "customers.parquet")
    if "mrr" in table.column_names:
        table = table.drop_columns(["mrr"])
    pq.write_table(table, raw / "customers.parquet")
    marts = [name.split(".")[1] for name in REVENUE_COLUMNS]
    # the marts and what they read (seeds too), then the data tests of the marts alone
    built = [f"+{mart}" for mart in marts]
    result = run_dbt(
        ["build", "--select", *built, "--exclude", "test_type:unit", "test_type:data"],
        tmp_path,
        raw,
    )
    assert result.returncode == 0, result.output[-4000:]
    tested = run_dbt(
        [
            "test",
            "--select",
            *marts,
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        tmp_path,
        raw,
    )
    failed = [line for line in tested.output.splitlines() if "FAIL" in line or "Error" in line]
    assert tested.returncode == 0, "\n".join(failed[:40]) or tested.output[-4000:]
    con = duckdb.connect(str(result.warehouse), read_only=True)
    for relation, columns in REVENUE_COLUMNS.items():
        counts = ", ".join(f"count({column})" for column in columns)
        row = con.execute(f"select count(*), {counts} from {relation}").fetchone()
        assert row[0] > 0, relation
        assert row[1:] == (0,) * len(columns), (
            f"{relation}: {dict(zip(columns, row[1:], strict=True))}"
        )
    stand = con.execute(
        "select (select count(*) from main.mart_customer_segment_churn "
        "where customers_at_risk_at_end > 0), "
        "(select count(cost_to_serve) from main.mart_segment_cost_to_serve_monthly), "
        "(select sum(expansion_contacts) from main.mart_account_expansion_signals_monthly), "
        "(select count(*) from staging.base_helpdesk__customers where dq_reason is not null)"
    ).fetchone()
    con.close()
    assert stand[0] > 0 and stand[1] > 0 and stand[2] > 0
    assert stand[3] == 0, "no mrr, no negative mrr row to reject"
