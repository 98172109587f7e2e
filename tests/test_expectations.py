"""The Great Expectations suites (supportwh_dev.expectations) pass on the demo
warehouse, and each expectation fails when the data breaks its rule.

Every expectation has a break: an UPDATE on a copy of the demo warehouse that
violates exactly that rule and nothing else (the marts are kept consistent
with a relabelled fact, distinct tickets are used for distinct breaks). To
keep the run short the breaks are applied in four batches, one copy and one
validation each; a batch must fail exactly the expectations it targets, and
each of them must name the one row that was broken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from supportwh_dev.expectations import load_settings, run_expectations
from supportwh_dev.expectations.settings import SettingsError, parse_as_of
from supportwh_dev.expectations.suites import (
    NOT_SHARES,
    TICKET_KPI_MARTS,
    build_datasets,
    prepare_evidence,
    resolve_as_of,
)

REPO = Path(__file__).resolve().parents[1]


def fcr_column(status: str, elapsed: bool) -> str | None:
    """The KPI count a ticket of this fcr_status is in (SPEC: a verdict counts
    once the window has elapsed; inside it, pending and early failures are
    fcr_pending; a first_contact inside its window, impossible in a real
    build, counts nowhere)."""
    if elapsed:
        return {
            "first_contact": "fcr_first_contact",
            "not_first_contact": "fcr_not_first_contact",
        }.get(status)
    return "fcr_pending" if status in ("pending", "not_first_contact") else None


@dataclass
class Expected:
    """What the failed expectation must report: the broken row's key, how many rows."""

    row_key: str | None
    count: int = 1


class Breaker:
    """A read-write connection to a warehouse copy, with helpers to break it."""

    def __init__(self, path: Path):
        self.con = duckdb.connect(str(path))
        self.used: set[str] = set()
        self.shared: dict[tuple, Expected] = {}
        settings = load_settings()
        prepare_evidence(self.con, settings, resolve_as_of(self.con, settings))

    def value(self, sql: str, *params):
        row = self.con.execute(sql, list(params)).fetchone()
        assert row is not None, f"no row for: {sql}"
        return row[0] if len(row) == 1 else row

    def update(self, sql: str, *params, rows: int = 1) -> None:
        changed = self.con.execute(sql, list(params)).fetchone()[0]
        assert changed == rows, f"{changed} rows changed, expected {rows}: {sql}"

    def ticket(self, where: str, source: str = "main.fact_ticket") -> str:
        """An unused ticket of ``source`` matching ``where`` (the smallest id)."""
        used = ", ".join(f"'{t}'" for t in self.used) or "''"
        ticket_id = self.value(
            f"select min(ticket_id) from {source} where ({where}) and ticket_id not in ({used})"
        )
        assert ticket_id is not None, f"the demo has no ticket with {where} in {source}"
        self.used.add(ticket_id)
        return ticket_id

    def evidence_ticket(self, status: str, elapsed: bool, signals: str) -> str:
        """A ticket by fcr_status, window elapsed or not, and which signals (a, b, c) it has."""
        flags = {
            "a": "new_contacts_before_resolution > 0",
            "b": "reopens_in_fcr_window > 0",
            "c": "follow_up_tickets_in_fcr_window > 0",
        }
        where = [f"fcr_status = '{status}'"]
        where.append(("" if elapsed else "not ") + "(fcr_window_end_at <= as_of_at)")
        where += [flag if key in signals else f"not ({flag})" for key, flag in flags.items()]
        return self.ticket(" and ".join(where), source="ge_fcr_evidence")

    def slice_filter(self, ticket_id: str) -> tuple[str, int]:
        """The KPI mart rows a ticket counts in (its slices), and how many."""
        pairs = self.con.execute(
            "select slice_name, slice_value from intermediate.int_ticket_slices "
            "where ticket_id = ?",
            [ticket_id],
        ).fetchall()
        assert pairs, f"{ticket_id} has no slices"
        text = " or ".join(
            "(slice_name = '{}' and slice_value = '{}')".format(
                name.replace("'", "''"), str(value).replace("'", "''")
            )
            for name, value in pairs
        )
        return f"({text})", len(pairs)

    def shared_relabel(self, key: tuple, pick: Callable[[], str], new_status: str) -> Expected:
        """One relabelled ticket for several breaks (each names the same row):
        the first call picks and relabels it, later calls with the same key
        return the same Expected."""
        if key not in self.shared:
            self.shared[key] = self.relabel_fcr(pick(), new_status)
        return self.shared[key]

    def relabel_fcr(self, ticket_id: str, new_status: str) -> Expected:
        """Give a ticket another fcr_status and keep the KPI marts consistent with it
        (the KPI column a ticket counts in depends on its window: SPEC counts
        a verdict only once the window has elapsed, the others are pending)."""
        old_status, first_resolved_at, elapsed = self.value(
            "select fcr_status, first_resolved_at, fcr_window_end_at <= as_of_at "
            "from main.fact_ticket where ticket_id = ?",
            ticket_id,
        )
        flag = {"first_contact": True, "not_first_contact": False}.get(new_status)
        self.update(
            "update main.fact_ticket set fcr_status = ?, is_first_contact_resolved = ? "
            "where ticket_id = ?",
            new_status,
            flag,
            ticket_id,
        )
        slices, slice_count = self.slice_filter(ticket_id)
        old, new = fcr_column(old_status, elapsed), fcr_column(new_status, elapsed)
        for mart, grain in TICKET_KPI_MARTS.items():
            rows = f"period_start = cast(date_trunc('{grain}', ?) as date) and {slices}"
            moves = [f"{c} = {c} {sign} 1" for c, sign in ((old, "-"), (new, "+")) if c]
            if old != new and moves:
                self.update(
                    f"update main.{mart} set {', '.join(moves)} where {rows}",
                    first_resolved_at,
                    rows=slice_count,
                )
            self.update(
                f"update main.{mart} set fcr_rate = cast(fcr_first_contact as double) "
                f"/ nullif(fcr_first_contact + fcr_not_first_contact, 0) where {rows}",
                first_resolved_at,
                rows=slice_count,
            )
        return Expected(ticket_id)

    def close(self) -> None:
        self.con.execute("checkpoint")
        self.con.close()


# --------------------------------------------------------------------------
# One break per expectation
# --------------------------------------------------------------------------

CASES: dict[str, tuple[str, Callable[[Breaker], Expected]]] = {}


def case(check_id: str, batch: str):
    def register(function):
        CASES[check_id] = (batch, function)
        return function

    return register


# A ticket whose id can change without moving any other check: never resolved
# (no status history to match, no FCR evidence) and, when customer-created,
# alone with its customer and category (nobody's follow-up).
OPEN_ALONE = """first_resolved_at is null and not coalesce(is_reopened_within_window, false)
    and (coalesce(created_by_type, '') <> 'customer' or not exists (
        select 1 from main.fact_ticket as other
        where other.customer_id = fact_ticket.customer_id
            and other.category = fact_ticket.category
            and other.ticket_id <> fact_ticket.ticket_id))"""


@case("fact_ticket.ticket_id_not_null", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket(OPEN_ALONE)
    b.update("update main.fact_ticket set ticket_id = null where ticket_id = ?", ticket_id)
    return Expected(None)


@case("fact_ticket.ticket_id_unique", "facts")
def _(b: Breaker) -> Expected:
    first, second = b.ticket(OPEN_ALONE), b.ticket(OPEN_ALONE)
    b.update("update main.fact_ticket set ticket_id = ? where ticket_id = ?", second, first)
    return Expected(second, count=2)


@case("fact_ticket.fcr_status_in_set", "facts")
def _(b: Breaker) -> Expected:
    # a status the FCR counts ignore (an unknown one has no scope to check)
    ticket_id = b.ticket("fcr_status in ('not_applicable', 'unresolved')")
    b.update("update main.fact_ticket set fcr_status = 'resolved' where ticket_id = ?", ticket_id)
    return Expected(ticket_id)


@case("fact_ticket.fcr_status_scope", "facts")
def _(b: Breaker) -> Expected:
    # an outbound ticket called unresolved instead of not_applicable
    ticket_id = b.ticket("fcr_status = 'not_applicable'")
    b.update("update main.fact_ticket set fcr_status = 'unresolved' where ticket_id = ?", ticket_id)
    return Expected(ticket_id)


@case("fact_ticket.is_first_contact_resolved_matches_status", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("fcr_status = 'first_contact'")
    b.update(
        "update main.fact_ticket set is_first_contact_resolved = false where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("fact_ticket.first_resolved_at_matches_events", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket(
        "first_resolved_at - interval 1 second >= created_at "
        "and cast(first_resolved_at - interval 1 second as date) = cast(first_resolved_at as date)"
    )
    b.update(
        "update main.fact_ticket set first_resolved_at = first_resolved_at - interval 1 second "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("fact_ticket.is_reopened_within_window_matches_events", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("not is_reopened_within_window")
    b.update(
        "update main.fact_ticket set is_reopened_within_window = true where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("fact_ticket.is_one_touch_matches_replies", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("is_one_touch")
    b.update("update main.fact_ticket set is_one_touch = false where ticket_id = ?", ticket_id)
    return Expected(ticket_id)


@case("fact_ticket.first_response_not_before_created", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("first_response_at is not null")
    b.update(
        "update main.fact_ticket set first_response_at = created_at - interval 1 minute "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("fact_ticket.first_resolved_not_before_created", "facts")
def _(b: Breaker) -> Expected:
    # an outbound ticket (no first response, never a follow-up) resolved on its creation day
    ticket_id = b.ticket(
        "coalesce(created_by_type, '') <> 'customer' and first_resolved_at is not null "
        "and cast(first_resolved_at + interval 1 second as date) = cast(created_at as date)"
    )
    b.update(
        "update main.fact_ticket set created_at = first_resolved_at + interval 1 second "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("fact_ticket.resolved_not_before_first_resolved", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket(
        "resolved_at is not null "
        "and cast(first_resolved_at - interval 1 second as date) = cast(resolved_at as date)"
    )
    b.update(
        "update main.fact_ticket set resolved_at = first_resolved_at - interval 1 second "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


for _measure in ["first_response", "resolution"]:

    @case(f"fact_ticket.{_measure}_business_not_above_calendar", "facts")
    def _(b: Breaker, measure=_measure) -> Expected:
        ticket_id = b.ticket(f"{measure}_business_minutes is not null")
        b.update(
            f"update main.fact_ticket set {measure}_business_minutes = {measure}_minutes + 1 "
            "where ticket_id = ?",
            ticket_id,
        )
        return Expected(ticket_id)


for _column in [
    "first_response_minutes",
    "resolution_minutes",
    "handle_seconds",
    "reopen_count",
    "agent_reply_count",
    "escalation_count",
    "assignment_count",
]:

    @case(f"fact_ticket.{_column}_not_negative", "facts")
    def _(b: Breaker, column=_column) -> Expected:
        # agent_reply_count = 1 decides is_one_touch: leave those tickets alone;
        # a ticket resolved once and never reopened has its resolution time
        # checked against its status minutes (ticket_lifecycle)
        extra_where = (
            " and (resolution_count <> 1 or reopen_count > 0)"
            if column == "resolution_minutes"
            else ""
        )
        ticket_id = b.ticket(f"{column} is not null and agent_reply_count <> 1{extra_where}")
        extra = ""
        if column.endswith("_minutes"):
            # keep business <= calendar true: only the sign is broken
            business = column.replace("_minutes", "_business_minutes")
            extra = f", {business} = case when {business} is not null then -1 end"
        b.update(f"update main.fact_ticket set {column} = -1{extra} where ticket_id = ?", ticket_id)
        return Expected(ticket_id)


for _column, _value in [("csat_score", 6), ("ces_score", 8)]:

    @case(f"fact_ticket.{_column}_on_scale", "facts")
    def _(b: Breaker, column=_column, value=_value) -> Expected:
        ticket_id = b.ticket(f"{column} is not null")
        b.update(f"update main.fact_ticket set {column} = {value} where ticket_id = ?", ticket_id)
        return Expected(ticket_id)


# The ticket lifecycle: each column moved off the life it must add up to.
@case("ticket_lifecycle.waits_equal_life_until_single_resolution", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("resolution_count = 1 and reopen_count = 0 and resolved_at is not null")
    b.update(
        "update main.fact_ticket set open_minutes = open_minutes + 1, "
        "requester_wait_minutes = requester_wait_minutes + 1 where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("ticket_lifecycle.waits_equal_life_until_as_of_unresolved", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("resolution_count = 0 and age_minutes is not null")
    b.update(
        "update main.fact_ticket set pending_minutes = pending_minutes + 1, "
        "agent_wait_minutes = agent_wait_minutes + 1 where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


for _column in ["requester_wait_minutes", "agent_wait_minutes"]:

    @case(
        "ticket_lifecycle."
        + (
            "requester_wait_minus_statuses"
            if _column.startswith("requester")
            else "agent_wait_minus_pending"
        )
        + "_is_zero",
        "facts",
    )
    def _(b: Breaker, column=_column) -> Expected:
        # reopened: neither life check applies to it
        ticket_id = b.ticket("reopen_count > 0 and resolution_count > 1")
        b.update(
            f"update main.fact_ticket set {column} = {column} + 1 where ticket_id = ?", ticket_id
        )
        return Expected(ticket_id)


for _status in ["new", "open", "pending", "on_hold"]:

    @case(f"ticket_lifecycle.{_status}_business_not_above_calendar", "facts")
    def _(b: Breaker, status=_status) -> Expected:
        ticket_id = b.ticket(f"{status}_business_minutes is not null")
        b.update(
            f"update main.fact_ticket set {status}_business_minutes = {status}_minutes + 1 "
            "where ticket_id = ?",
            ticket_id,
        )
        return Expected(ticket_id)


for _column in [
    "minutes_to_first_assignment",
    "unassigned_minutes",
    "minutes_since_status_change",
    "max_reply_minutes",
]:

    @case(f"ticket_lifecycle.{_column}_not_negative", "facts")
    def _(b: Breaker, column=_column) -> Expected:
        ticket_id = b.ticket(f"{column} is not null")
        b.update(f"update main.fact_ticket set {column} = -1 where ticket_id = ?", ticket_id)
        return Expected(ticket_id)


@case("ticket_lifecycle.minutes_since_status_change_within_age", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("age_minutes is not null")
    b.update(
        "update main.fact_ticket set minutes_since_status_change = age_minutes + 1 "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


@case("ticket_lifecycle.total_reply_minutes_at_least_the_longest", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.ticket("max_reply_minutes is not null")
    b.update(
        "update main.fact_ticket set max_reply_minutes = total_reply_minutes + 1 "
        "where ticket_id = ?",
        ticket_id,
    )
    return Expected(ticket_id)


# The SLA clocks: one clock each, moved off its rule.
def sla_clock(b: Breaker, where: str) -> tuple[str, str]:
    """An SLA clock of an unused ticket (row key and the condition that finds it)."""
    ticket_id = b.ticket(where, source="main.fact_sla_event")
    metric, sequence = b.value(
        f"select sla_metric, min(clock_sequence) from main.fact_sla_event "
        f"where ticket_id = ? and ({where}) group by sla_metric order by sla_metric limit 1",
        ticket_id,
    )
    key = f"{ticket_id}:{metric}:{sequence}"
    condition = (
        f"ticket_id = '{ticket_id}' and sla_metric = '{metric}' and clock_sequence = {sequence}"
    )
    return key, condition


for _check, _where, _set in [
    (
        "breach_at_after_started_at",
        "breach_at is not null",
        "breach_at = started_at - interval 1 minute",
    ),
    (
        "stopped_at_not_before_started_at",
        "stopped_at is not null",
        "stopped_at = started_at - interval 1 minute",
    ),
    ("elapsed_minutes_not_negative", "is_breached = false", "elapsed_minutes = -1"),
    ("verdict_matches_elapsed_and_target", "is_breached = false", "is_breached = true"),
    ("active_exactly_while_running", "true", "is_active = not is_active"),
]:

    @case(f"sla_clocks.{_check}", "facts")
    def _(b: Breaker, where=_where, assignment=_set) -> Expected:
        key, condition = sla_clock(b, where)
        b.update(f"update main.fact_sla_event set {assignment} where {condition}")
        return Expected(key)


# FCR: a ticket relabelled against its evidence, the marts kept consistent.
for _signal, _name in [
    ("a", "no_new_contact_before_resolution"),
    ("b", "no_reopen_in_fcr_window"),
    ("c", "no_follow_up_ticket_in_fcr_window"),
]:

    @case(f"fcr_first_contact.{_name}", "facts")
    def _(b: Breaker, signal=_signal) -> Expected:
        ticket_id = b.evidence_ticket("not_first_contact", elapsed=True, signals=signal)
        return b.relabel_fcr(ticket_id, "first_contact")

    @case(f"fcr_pending.{_name}", "facts")
    def _(b: Breaker, signal=_signal) -> Expected:
        if signal == "c":
            ticket_id = b.evidence_ticket("not_first_contact", elapsed=False, signals=signal)
            return b.relabel_fcr(ticket_id, "pending")
        # inside the window the demo has no ticket with a reopen alone: one
        # ticket with both a new contact and a reopen, relabelled pending,
        # breaks both rules on the same row
        return b.shared_relabel(
            ("not_first_contact", False, "ab"),
            lambda: b.evidence_ticket("not_first_contact", elapsed=False, signals="ab"),
            "pending",
        )


@case("fcr_first_contact.fcr_window_elapsed", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.evidence_ticket("pending", elapsed=False, signals="")
    return b.relabel_fcr(ticket_id, "first_contact")


@case("fcr_pending.fcr_window_open", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.evidence_ticket("first_contact", elapsed=True, signals="")
    return b.relabel_fcr(ticket_id, "pending")


@case("fcr_not_first_contact.has_a_signal", "facts")
def _(b: Breaker) -> Expected:
    ticket_id = b.evidence_ticket("first_contact", elapsed=True, signals="")
    return b.relabel_fcr(ticket_id, "not_first_contact")


# Marts against the facts.
for _measure in [
    "tickets_created",
    "inbound_tickets_created",
    "tickets_escalated",
    "tickets_resolved",
    "tickets_first_resolved",
    "fcr_first_contact",
    "fcr_not_first_contact",
    "fcr_pending",
]:

    @case(f"ticket_kpis_vs_facts.{_measure}_matches_facts", "marts")
    def _(b: Breaker, measure=_measure) -> Expected:
        # one more in the overall slice and in the ticket's value of every other
        # slice, so the slices still add up
        ticket_id = b.value("select min(ticket_id) from main.fact_ticket")
        period = b.value(
            "select cast(date_trunc('month', created_at) as date) from main.fact_ticket "
            "where ticket_id = ?",
            ticket_id,
        )
        slices, slice_count = b.slice_filter(ticket_id)
        b.update(
            f"update main.mart_ticket_kpis_monthly set {measure} = {measure} + 1 "
            f"where period_start = ? and {slices}",
            period,
            rows=slice_count,
        )
        return Expected(f"mart_ticket_kpis_monthly|{period}")


for _measure in ["tickets_created", "tickets_resolved", "tickets_first_resolved"]:

    @case(f"ticket_kpi_slices.{_measure}_slices_add_up", "marts")
    def _(b: Breaker, measure=_measure) -> Expected:
        period = b.value(
            "select min(period_start) from main.mart_ticket_kpis_daily "
            f"where slice_name = 'overall' and {measure} > 0"
        )
        value = b.value(
            "select min(slice_value) from main.mart_ticket_kpis_daily "
            "where slice_name = 'priority' and period_start = ?",
            period,
        )
        b.update(
            f"update main.mart_ticket_kpis_daily set {measure} = {measure} + 1 "
            "where period_start = ? and slice_name = 'priority' and slice_value = ?",
            period,
            value,
        )
        return Expected(f"mart_ticket_kpis_daily|{period}|priority")


@case("ticket_kpis_vs_facts.fcr_rate_excludes_pending", "marts")
def _(b: Breaker) -> Expected:
    # the drift the rule guards: pending tickets counted as resolved at first contact
    period = b.value(
        "select min(period_start) from main.mart_ticket_kpis_weekly "
        "where slice_name = 'overall' and fcr_pending > 0"
    )
    b.update(
        "update main.mart_ticket_kpis_weekly "
        "set fcr_rate = cast(fcr_first_contact + fcr_pending as double) "
        "/ (fcr_first_contact + fcr_not_first_contact + fcr_pending) "
        "where period_start = ? and slice_name = 'overall'",
        period,
    )
    return Expected(f"mart_ticket_kpis_weekly|{period}")


def break_key(b: Breaker, table: str, key: list[str]) -> Expected:
    """Duplicate one row's key."""
    if table in TICKET_KPI_MARTS:
        # two values of the priority slice in one period: the slices still add up
        period, value = b.value(
            f"select period_start, min(slice_value) from main.{table} "
            "where slice_name = 'priority' group by period_start "
            "having count(*) > 1 order by period_start limit 1"
        )
        b.update(
            f"update main.{table} set slice_value = ? where period_start = ? "
            "and slice_name = 'priority' and slice_value = "
            f"(select max(slice_value) from main.{table} "
            "where slice_name = 'priority' and period_start = ?)",
            value,
            period,
            period,
        )
        return Expected(f"{period}|priority|{value}", count=2)
    # elsewhere a copy of a row: the same values, so only the key check can see it
    # (in fact_interaction a system message, which no FCR evidence counts)
    where = "author_type = 'system'" if table == "fact_interaction" else "true"
    rowid = b.value(f"select min(rowid) from main.{table} where {where}")
    row_key = b.value(
        "select "
        + " || '|' || ".join(f"coalesce(cast({c} as varchar), '')" for c in key)
        + f" from main.{table} where rowid = ?",
        rowid,
    )
    b.update(f"insert into main.{table} select * from main.{table} where rowid = ?", rowid)
    return Expected(row_key, count=2)


def table_checks(warehouse: Path) -> tuple[dict, dict]:
    """The generated checks of the key/rate datasets: (keys, rates).

    keys: check id -> (table, key columns); rates: check id -> (table, column,
    a value outside the check's range).
    """
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as warehouse (read_only)")
    con.execute("use warehouse")
    keys, rates = {}, {}
    for data in build_datasets(con, []):
        if not data.name.startswith(("mart_", "fact_", "dim_")) or data.name == "fact_ticket":
            continue
        for check in data.checks:
            if check.expectation == "ExpectColumnValuesToBeUnique":
                keys[check.check_id] = (data.name, [check.kwargs["column"]])
            elif check.expectation == "ExpectCompoundColumnsToBeUnique":
                keys[check.check_id] = (data.name, list(check.kwargs["column_list"]))
            elif check.expectation == "ExpectColumnValuesToBeBetween":
                low, high = check.kwargs.get("min_value"), check.kwargs.get("max_value")
                value = high + 0.5 if high is not None else low - 0.5
                rates[check.check_id] = (data.name, check.kwargs["column"], value)
    con.close()
    return keys, rates


def break_rates(b: Breaker, checks: dict[str, tuple[str, str, float]]) -> None:
    for table, column, value in checks.values():
        # not the overall slice of a KPI mart: fcr_rate is also reconciled there
        where = "slice_name <> 'overall'" if table in TICKET_KPI_MARTS else "true"
        target = b.value(f"select min(rowid) from main.{table} where {where}")
        b.update(f"update main.{table} set {column} = ? where rowid = ?", value, target)


# --------------------------------------------------------------------------
# Fixtures: the demo report and one broken copy per batch
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture(scope="module")
def demo_report(demo_warehouse, settings):
    return run_expectations(demo_warehouse, settings)


@pytest.fixture(scope="module")
def batches(demo_warehouse, settings, tmp_path_factory):
    """batch -> (report, {check_id: Expected}, warehouse copy)."""
    results = {}
    keys, rates = table_checks(demo_warehouse)
    for batch in ["facts", "marts", "keys", "rates"]:
        copy = tmp_path_factory.mktemp(f"broken_{batch}") / "warehouse.duckdb"
        shutil.copy(demo_warehouse, copy)
        breaker = Breaker(copy)
        expected: dict[str, Expected] = {}
        if batch == "keys":
            for check_id, (table, key) in keys.items():
                expected[check_id] = break_key(breaker, table, key)
        elif batch == "rates":
            break_rates(breaker, rates)
            expected = {check_id: Expected(None) for check_id in rates}
        else:
            for check_id, (case_batch, function) in CASES.items():
                if case_batch == batch:
                    expected[check_id] = function(breaker)
        breaker.close()
        results[batch] = (run_expectations(copy, settings), expected, copy)
    return results


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


def test_demo_warehouse_passes(demo_report):
    assert demo_report.success, "\n".join(f.line() for f in demo_report.failures)
    assert len(demo_report.outcomes) > 80


def test_fcr_evidence_is_not_vacuous(demo_report):
    """The FCR suites see tickets, and the not_first_contact evidence was found."""
    counts = {o.check_id: o.element_count for o in demo_report.outcomes}
    assert counts["fcr_first_contact.no_follow_up_ticket_in_fcr_window"] > 100
    assert counts["fcr_not_first_contact.has_a_signal"] > 100
    assert counts["ticket_kpis_vs_facts.tickets_created_matches_facts"] > 100


def test_every_expectation_has_a_break(demo_report, demo_warehouse):
    keys, rates = table_checks(demo_warehouse)
    covered = set(CASES) | set(keys) | set(rates)
    missing = {o.check_id for o in demo_report.outcomes} - covered
    assert not missing, f"expectations without a break in this file: {sorted(missing)}"


@pytest.mark.parametrize("batch", ["facts", "marts", "keys", "rates"])
def test_batch_fails_exactly_its_expectations(batches, batch):
    report, expected, _ = batches[batch]
    unexpected = report.failed_ids - set(expected)
    missing = set(expected) - report.failed_ids
    assert not unexpected, "broken by a break aimed elsewhere:\n" + "\n".join(
        f.line() for f in report.failures if f.check_id in unexpected
    )
    assert not missing, f"not reported failed: {sorted(missing)}"
    assert len(expected) >= {"facts": 30, "marts": 12, "keys": 15, "rates": 30}[batch]


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_break_fails_its_expectation_on_the_broken_row(batches, check_id):
    report, expected, _ = batches[CASES[check_id][0]]
    outcome = next(o for o in report.outcomes if o.check_id == check_id)
    want = expected[check_id]
    assert not outcome.success and outcome.error is None, outcome.line()
    assert outcome.unexpected_count == want.count, outcome.line()
    if want.row_key is not None:
        assert want.row_key in outcome.examples, outcome.line()


@pytest.mark.parametrize("batch", ["keys", "rates"])
def test_generated_breaks_name_their_rows(batches, batch):
    report, expected, _ = batches[batch]
    for check_id, want in expected.items():
        outcome = next(o for o in report.outcomes if o.check_id == check_id)
        assert outcome.unexpected_count == want.count, outcome.line()
        if want.row_key is not None:
            assert want.row_key in outcome.examples, outcome.line()


def test_cli_prints_failures_exits_1_and_writes_data_docs(batches, tmp_path):
    report, _, copy = batches["marts"]
    docs = tmp_path / "docs"
    proc = subprocess.run(
        [sys.executable, "-m", "supportwh_dev.expectations", "--warehouse", str(copy), "--docs-dir",
         str(docs)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = {line.split(":")[0].removeprefix("FAILED ") for line in proc.stdout.splitlines()
              if line.startswith("FAILED ")}  # fmt: skip
    assert failed == report.failed_ids
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "ticket_kpis_vs_facts" in index
    summary = (docs / "summary.html").read_text(encoding="utf-8")
    assert all(f"FAILED {check_id}:" in summary for check_id in report.failed_ids)
    pages = list((docs / "validations" / "ticket_kpis_vs_facts").rglob("*.html"))
    assert pages and "fcr_rate_abs_difference" in pages[0].read_text(encoding="utf-8")
    # a second run replaces the docs; a foreign non-empty directory is refused
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    proc = subprocess.run(
        [sys.executable, "-m", "supportwh_dev.expectations", "--warehouse", str(copy), "--docs-dir",
         str(tmp_path / "mine")],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2 and "not a Data Docs directory" in proc.stderr
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_cli_missing_warehouse_exits_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "supportwh_dev.expectations", "--warehouse", str(tmp_path / "none"),
         "--no-docs"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr


def test_settings_come_from_dbt_project_and_vars():
    import yaml

    project = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
    settings = load_settings()
    assert settings.fcr_window_hours == project["fcr_window_hours"]
    assert settings.reopen_window_days == project["reopen_window_days"]
    assert list(settings.fcr_conversation_channels) == project["fcr_conversation_channels"]
    assert settings.fcr_conversation_gap_minutes == project["fcr_conversation_gap_minutes"]
    changed = load_settings("{fcr_window_hours: 12, as_of: '2025-04-14T10:00:00-04:00'}")
    assert changed.fcr_window_hours == 12
    assert changed.fcr_window_microseconds == 12 * 3600 * 1_000_000
    assert changed.as_of == parse_as_of("2025-04-14 14:00:00")
    with pytest.raises(SettingsError, match="fcr_window_hours"):
        load_settings({"fcr_window_hours": "soon"})
    with pytest.raises(SettingsError, match="fcr_conversation_channels"):
        load_settings({"fcr_conversation_channels": "chat"})


def test_evidence_follows_the_vars(demo_warehouse):
    """The FCR evidence is computed with the vars given, not with fixed numbers."""

    def evidence(overrides: dict) -> tuple:
        con = duckdb.connect()
        con.execute(f"attach '{demo_warehouse}' as warehouse (read_only)")
        con.execute("use warehouse")
        settings = load_settings(overrides)
        prepare_evidence(con, settings, resolve_as_of(con, settings))
        row = con.execute(
            "select sum(new_contacts_before_resolution), sum(reopens_in_fcr_window), "
            "sum(follow_up_tickets_in_fcr_window), count(*) filter (where fcr_window_end_at "
            "<= as_of_at) from ge_fcr_evidence"
        ).fetchone()
        con.close()
        return row

    base = evidence({})
    wider = evidence({"fcr_window_hours": 24 * 60})
    no_conversations = evidence({"fcr_conversation_channels": []})
    early = evidence({"as_of": "2025-03-01T00:00:00Z"})
    assert wider[1] > base[1] and wider[2] > base[2] and wider[3] < base[3]
    assert no_conversations[0] > base[0]
    assert early[3] < base[3]


def test_not_shares_are_documented():
    for column, (low, high, why) in NOT_SHARES.items():
        assert why and (low, high) != (0, 1), column
