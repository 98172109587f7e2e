"""What the expectations guard: one dataset (a SQL query on the warehouse) per suite.

Each dataset is read with DuckDB into pandas and validated by Great
Expectations with its checks. Where a definition needs more than one row to
judge (a follow-up ticket, a reopen, a mart total), the query computes the
evidence from the facts and the accepted raw rows, independently of the
intermediate models that compute the metric, and the check expects the
evidence. Every dataset has a ``row_key`` column: failures name the rows.

This module does not import Great Expectations: a check names the
expectation class and its arguments, ``runner`` builds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import yaml

from supportwh.dashboard.data import SLICE_NAMES

from .settings import PROJECT_DIR, Settings

# Tolerance for comparisons of doubles computed two ways (minutes, rates).
FLOAT_TOLERANCE = 1e-6

FCR_STATUSES = ["not_applicable", "unresolved", "not_first_contact", "pending", "first_contact"]

# Keys of the public models (SPEC section 4) and marts, unique in every build:
# the key each model declares in its YAML (a model-level unique_combination
# test, else a column's unique test); this map for models that declare none.
TABLE_KEYS: dict[str, list[str]] = {
    "fact_interaction": ["interaction_type", "interaction_id"],
    "fact_call": ["call_id"],
    "fact_lead": ["lead_id"],
    "fact_agent_schedule": ["shift_id"],
    "dim_agent": ["agent_id"],
    "dim_customer": ["customer_id"],
    "dim_date": ["date_day"],
    "dim_category": ["category"],
    "mart_ticket_kpis_daily": ["period_start", "slice_name", "slice_value"],
    "mart_ticket_kpis_weekly": ["period_start", "slice_name", "slice_value"],
    "mart_ticket_kpis_monthly": ["period_start", "slice_name", "slice_value"],
    "mart_agent_daily": ["agent_id", "period_start"],
    "mart_agent_weekly": ["agent_id", "period_start"],
    "mart_contact_center_daily": ["date_day"],
    "mart_contact_center_interval": ["interval_start_at"],
    "mart_staffing_interval": ["interval_start_at"],
    "mart_outbound_daily": ["date_day", "agent_id"],
    "mart_support_costs_monthly": ["period_start"],
    "mart_team_health_monthly": ["period_start"],
}

# A rate column: a non-integer numeric column of a mart whose name has one of
# these words (split on "_"), or "service_level" in it. Each must lie in 0..1.
RATE_WORDS = {
    "rate",
    "share",
    "accuracy",
    "probability",
    "utilization",
    "occupancy",
    "adherence",
    "availability",
}
# A name with one of these words is a signed difference or growth, not a share
# (agent_resolved_reopen_rate_change, backlog_growth_rate: (created + reopened - resolved) /
# backlog at start, negative or above 1): no 0..1 check.
DIFFERENCE_WORDS = {"change", "delta", "diff", "difference", "deviation", "gap", "growth", "lift"}
# Columns that match the pattern but are not shares of a whole: their range
# (min, max; None = unbounded) and why. Unbounded both ways = no range check.
NOT_SHARES: dict[str, tuple[float | None, float | None, str]] = {
    "availability": (
        0,
        None,
        "staffed / scheduled work time: above 1 when staffed beyond the schedule (overtime)",
    ),
}

# The ticket KPI marts, their grain and DuckDB's truncation to the period start.
TICKET_KPI_MARTS = {
    "mart_ticket_kpis_daily": "day",
    "mart_ticket_kpis_weekly": "week",
    "mart_ticket_kpis_monthly": "month",
    "mart_ticket_kpis_quarterly": "quarter",
}
# Ticket slices in which each ticket has exactly one value (they partition the
# overall slice): every slice of int_ticket_slices, 'unknown' included.
PARTITION_SLICES = [name for name in SLICE_NAMES if name != "overall"]


@dataclass(frozen=True)
class Check:
    """One expectation: ``expectation`` is a class of ``great_expectations.expectations``."""

    check_id: str
    expectation: str
    kwargs: dict
    description: str


@dataclass
class Dataset:
    name: str
    sql: str
    description: str
    checks: list[Check] = field(default_factory=list)

    def add(self, name: str, expectation: str, description: str, **kwargs) -> None:
        self.checks.append(Check(f"{self.name}.{name}", expectation, kwargs, description))


# --------------------------------------------------------------------------
# Shared evidence: temp tables computed once per run
# --------------------------------------------------------------------------


def _timestamp(value: datetime | None) -> str:
    if value is None:  # an empty warehouse
        return "cast(null as timestamp)"
    return f"timestamp '{value.isoformat(sep=' ')}'"


def _interval(microseconds: int) -> str:
    return f"to_microseconds(cast({int(microseconds)} as bigint))"


def resolve_as_of(con: duckdb.DuckDBPyConnection, settings: Settings) -> datetime | None:
    """Var as_of, else the latest accepted tickets/ticket_events/messages timestamp."""
    if settings.as_of is not None:
        return settings.as_of
    return con.execute(
        """
        select max(stamp_at) from (
            select max(created_at) as stamp_at from main.fact_ticket
            union all
            select max(event_at) from staging.stg_helpdesk__ticket_events
            union all
            select max(interaction_at) from main.fact_interaction
            where interaction_type = 'message'
        )
        """
    ).fetchone()[0]


def prepare_evidence(
    con: duckdb.DuckDBPyConnection, settings: Settings, as_of: datetime | None
) -> None:
    """Temp tables ``ge_status_history``, ``ge_ticket_history``, ``ge_fcr_evidence``.

    Recomputed from the accepted events and the facts, following SPEC
    section 2 and docs/definitions.md (not from the intermediate FCR models).
    """
    fcr_window = _interval(settings.fcr_window_microseconds)
    reopen_window = _interval(settings.reopen_window_microseconds)
    channels = ", ".join(f"'{c}'" for c in settings.fcr_conversation_channels)
    # a ticket whose customer messages within the gap belong to one contact
    is_conversation = f"coalesce(resolved.channel in ({channels}), false)" if channels else "false"
    con.execute(
        """
        create or replace temp table ge_status_history as
        with events as (
            select ticket_id, event_id, event_at, from_value, to_value
            from staging.stg_helpdesk__ticket_events
            where event_type = 'status_change'
        ),
        ordered as (
            select
                *,
                coalesce(lag(to_value) over ticket_order, 'new') as from_status,
                row_number() over ticket_order as status_sequence
            from events
            window ticket_order as (partition by ticket_id order by event_at, event_id)
        ),
        flagged as (
            select
                *,
                to_value in ('solved', 'closed')
                    and from_status not in ('solved', 'closed') as is_resolution,
                from_status in ('solved', 'closed')
                    and to_value in ('new', 'open', 'pending', 'on_hold') as is_reopen
            from ordered
        )
        select
            *,
            max(case when is_resolution then event_at end) over (
                partition by ticket_id order by status_sequence
                rows between unbounded preceding and 1 preceding
            ) as previous_resolution_at
        from flagged
        """
    )
    con.execute(
        f"""
        create or replace temp table ge_ticket_history as
        with first_resolutions as (
            select
                ticket_id,
                status_sequence as first_resolution_sequence,
                event_at as first_resolution_at
            from ge_status_history
            where is_resolution
            qualify row_number() over (partition by ticket_id order by status_sequence) = 1
        )
        select
            history.ticket_id,
            any_value(first_resolutions.first_resolution_at) as first_resolution_at,
            count(
                case
                    when history.is_reopen
                        and history.status_sequence > first_resolutions.first_resolution_sequence
                        and history.event_at
                        <= first_resolutions.first_resolution_at + {fcr_window}
                        then 1
                end
            ) as reopens_in_fcr_window,
            coalesce(
                bool_or(
                    history.is_reopen
                    and history.event_at <= history.previous_resolution_at + {reopen_window}
                ),
                false
            ) as is_reopened_within_window
        from ge_status_history as history
        left join first_resolutions using (ticket_id)
        group by history.ticket_id
        """
    )
    con.execute(
        f"""
        create or replace temp table ge_fcr_evidence as
        with tickets as (
            select ticket_id, customer_id, category, channel, created_at, created_by_type,
                fcr_status
            from main.fact_ticket
        ),
        interactions as (
            select ticket_id, interaction_id, interaction_type, interaction_at, author_type,
                is_public
            from main.fact_interaction
        ),
        resolved as (
            select
                tickets.*,
                history.first_resolution_at,
                history.reopens_in_fcr_window,
                history.first_resolution_at + {fcr_window} as fcr_window_end_at
            from tickets
            inner join ge_ticket_history as history using (ticket_id)
            where coalesce(tickets.created_by_type, '') = 'customer'
                and history.first_resolution_at is not null
        ),
        first_responses as (
            select ticket_id, interaction_at as first_response_at,
                interaction_id as first_response_id
            from (
                select
                    interactions.*,
                    row_number() over (
                        partition by interactions.ticket_id
                        order by interactions.interaction_at, interactions.interaction_id
                    ) as reply_number
                from interactions
                inner join tickets using (ticket_id)
                where interactions.interaction_type = 'message'
                    and interactions.is_public
                    and interactions.author_type in ('agent', 'bot')
                    and interactions.interaction_at >= tickets.created_at
            )
            where reply_number = 1
        ),
        previous_interactions as (
            -- calls come before messages of the same instant (queued_at <= sent_at)
            select
                *,
                max(interaction_at) over (
                    partition by ticket_id
                    order by interaction_at,
                        case interaction_type when 'call' then 0 else 1 end,
                        interaction_id
                    rows between unbounded preceding and 1 preceding
                ) as previous_interaction_at
            from interactions
        ),
        new_contacts as (
            select resolved.ticket_id, count(*) as new_contacts
            from resolved
            inner join first_responses using (ticket_id)
            inner join previous_interactions as message using (ticket_id)
            where message.interaction_type = 'message'
                and message.author_type = 'customer'
                and message.is_public
                and (
                    message.interaction_at > first_responses.first_response_at
                    or (
                        message.interaction_at = first_responses.first_response_at
                        and message.interaction_id > first_responses.first_response_id
                    )
                )
                and message.interaction_at < resolved.first_resolution_at
                and (
                    not {is_conversation}
                    or message.previous_interaction_at is null
                    or epoch(message.interaction_at) - epoch(message.previous_interaction_at)
                        > {settings.conversation_gap_seconds!r}
                )
            group by resolved.ticket_id
        ),
        follow_ups as (
            select resolved.ticket_id, count(*) as follow_up_tickets
            from resolved
            inner join tickets as later
                on later.customer_id = resolved.customer_id
                and later.category = resolved.category
                and later.ticket_id <> resolved.ticket_id
            where later.created_by_type = 'customer'
                and later.created_at > resolved.first_resolution_at
                and later.created_at <= resolved.fcr_window_end_at
            group by resolved.ticket_id
        )
        select
            resolved.ticket_id,
            resolved.fcr_status,
            resolved.first_resolution_at,
            resolved.fcr_window_end_at,
            {_timestamp(as_of)} as as_of_at,
            coalesce(new_contacts.new_contacts, 0) as new_contacts_before_resolution,
            resolved.reopens_in_fcr_window,
            coalesce(follow_ups.follow_up_tickets, 0) as follow_up_tickets_in_fcr_window
        from resolved
        left join new_contacts using (ticket_id)
        left join follow_ups using (ticket_id)
        """
    )


# --------------------------------------------------------------------------
# Datasets and their checks
# --------------------------------------------------------------------------


def _fact_ticket() -> Dataset:
    statuses = ", ".join(f"'{s}'" for s in FCR_STATUSES)
    data = Dataset(
        "fact_ticket",
        f"""
        select
            tickets.ticket_id as row_key,
            tickets.ticket_id,
            tickets.created_at,
            tickets.first_response_at,
            tickets.first_resolved_at,
            tickets.resolved_at,
            tickets.first_response_minutes,
            tickets.resolution_minutes,
            tickets.handle_seconds,
            tickets.reopen_count,
            tickets.agent_reply_count,
            tickets.escalation_count,
            tickets.assignment_count,
            tickets.csat_score,
            tickets.ces_score,
            tickets.fcr_status,
            tickets.first_response_minutes - tickets.first_response_business_minutes
                as first_response_calendar_minus_business_minutes,
            tickets.resolution_minutes - tickets.resolution_business_minutes
                as resolution_calendar_minus_business_minutes,
            -- (an unknown status is fcr_status_in_set's to report: no scope for it)
            case
                when tickets.fcr_status not in ({statuses}) then null
                when coalesce(tickets.created_by_type, '') <> 'customer' then 'not_applicable'
                when tickets.first_resolved_at is null then 'unresolved'
                else 'resolved'
            end as fcr_scope_expected,
            case
                when tickets.fcr_status in ('first_contact', 'not_first_contact', 'pending')
                    then 'resolved'
                when tickets.fcr_status in ('not_applicable', 'unresolved')
                    then tickets.fcr_status
            end as fcr_scope,
            case tickets.fcr_status
                when 'first_contact' then 'true'
                when 'not_first_contact' then 'false'
                else 'null'
            end as fcr_flag_expected,
            coalesce(cast(tickets.is_first_contact_resolved as varchar), 'null') as fcr_flag,
            history.first_resolution_at as first_resolution_event_at,
            coalesce(history.is_reopened_within_window, false) as reopened_within_window_expected,
            coalesce(tickets.is_reopened_within_window, false) as reopened_within_window,
            coalesce(tickets.resolved_at is not null and tickets.agent_reply_count = 1, false)
                as one_touch_expected,
            coalesce(tickets.is_one_touch, false) as one_touch
        from main.fact_ticket as tickets
        left join ge_ticket_history as history using (ticket_id)
        """,
        "One row per ticket of fact_ticket, with the evidence recomputed from the accepted "
        "status changes.",
    )
    data.add("ticket_id_not_null", "ExpectColumnValuesToNotBeNull", "Every ticket has an id.",
             column="ticket_id")  # fmt: skip
    data.add("ticket_id_unique", "ExpectColumnValuesToBeUnique", "One row per ticket.",
             column="ticket_id")  # fmt: skip
    data.add(
        "fcr_status_in_set",
        "ExpectColumnValuesToBeInSet",
        "fcr_status is one of the five statuses of SPEC section 2.",
        column="fcr_status",
        value_set=FCR_STATUSES,
    )
    data.add(
        "fcr_status_scope",
        "ExpectColumnPairValuesToBeEqual",
        "not_applicable exactly for outbound tickets, unresolved exactly for inbound tickets "
        "never resolved; the other statuses only for inbound tickets with a first resolution.",
        column_A="fcr_scope",
        column_B="fcr_scope_expected",
        ignore_row_if="both_values_are_missing",
    )
    data.add(
        "is_first_contact_resolved_matches_status",
        "ExpectColumnPairValuesToBeEqual",
        "is_first_contact_resolved is true for first_contact, false for not_first_contact, "
        "null otherwise.",
        column_A="fcr_flag",
        column_B="fcr_flag_expected",
    )
    data.add(
        "first_resolved_at_matches_events",
        "ExpectColumnPairValuesToBeEqual",
        "first_resolved_at is the first status change into solved/closed from neither "
        "(kept after a reopen).",
        column_A="first_resolved_at",
        column_B="first_resolution_event_at",
        ignore_row_if="both_values_are_missing",
    )
    data.add(
        "is_reopened_within_window_matches_events",
        "ExpectColumnPairValuesToBeEqual",
        "is_reopened_within_window: some reopen came within reopen_window_days of the "
        "resolution before it.",
        column_A="reopened_within_window",
        column_B="reopened_within_window_expected",
    )
    data.add(
        "is_one_touch_matches_replies",
        "ExpectColumnPairValuesToBeEqual",
        "is_one_touch: resolved and exactly one reply.",
        column_A="one_touch",
        column_B="one_touch_expected",
    )
    for later, earlier, name in [
        ("first_response_at", "created_at", "first_response_not_before_created"),
        ("first_resolved_at", "created_at", "first_resolved_not_before_created"),
        ("resolved_at", "first_resolved_at", "resolved_not_before_first_resolved"),
    ]:
        data.add(
            name,
            "ExpectColumnPairValuesAToBeGreaterThanB",
            f"{later} never precedes {earlier}.",
            column_A=later,
            column_B=earlier,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
    for measure in ["first_response", "resolution"]:
        data.add(
            f"{measure}_business_not_above_calendar",
            "ExpectColumnValuesToBeBetween",
            f"{measure}_business_minutes never exceed {measure}_minutes (calendar).",
            column=f"{measure}_calendar_minus_business_minutes",
            min_value=-FLOAT_TOLERANCE,
        )
    for column in [
        "first_response_minutes",
        "resolution_minutes",
        "handle_seconds",
        "reopen_count",
        "agent_reply_count",
        "escalation_count",
        "assignment_count",
    ]:
        data.add(
            f"{column}_not_negative",
            "ExpectColumnValuesToBeBetween",
            f"{column} is never negative.",
            column=column,
            min_value=0,
        )
    for column, top in [("csat_score", 5), ("ces_score", 7)]:
        data.add(
            f"{column}_on_scale",
            "ExpectColumnValuesToBeBetween",
            f"{column} lies on its survey scale 1..{top}.",
            column=column,
            min_value=1,
            max_value=top,
        )
    return data


def _fcr_datasets() -> list[Dataset]:
    columns = """
        ticket_id as row_key,
        ticket_id,
        first_resolution_at,
        fcr_window_end_at,
        as_of_at,
        new_contacts_before_resolution,
        reopens_in_fcr_window,
        follow_up_tickets_in_fcr_window,
        new_contacts_before_resolution + reopens_in_fcr_window
            + follow_up_tickets_in_fcr_window as not_first_contact_signals
    """
    signals = [
        (
            "no_new_contact_before_resolution",
            "new_contacts_before_resolution",
            "(a) no public customer message after the first response and before the first "
            "resolution starts a new contact (on fcr_conversation_channels only after a gap "
            "over fcr_conversation_gap_minutes).",
        ),
        (
            "no_reopen_in_fcr_window",
            "reopens_in_fcr_window",
            "(b) no reopen within fcr_window_hours after the first resolution.",
        ),
        (
            "no_follow_up_ticket_in_fcr_window",
            "follow_up_tickets_in_fcr_window",
            "(c) no customer-created ticket of the same customer and category within "
            "fcr_window_hours after the first resolution.",
        ),
    ]
    first_contact = Dataset(
        "fcr_first_contact",
        f"select {columns} from ge_fcr_evidence where fcr_status = 'first_contact'",
        "Tickets with fcr_status first_contact and the FCR evidence recomputed from the facts.",
    )
    pending = Dataset(
        "fcr_pending",
        f"select {columns} from ge_fcr_evidence where fcr_status = 'pending'",
        "Tickets with fcr_status pending and the FCR evidence recomputed from the facts.",
    )
    for data in (first_contact, pending):
        for name, column, description in signals:
            data.add(name, "ExpectColumnValuesToBeInSet", description, column=column, value_set=[0])
    first_contact.add(
        "fcr_window_elapsed",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "first_contact only once the window has elapsed: first resolution + fcr_window_hours "
        "<= as_of.",
        column_A="as_of_at",
        column_B="fcr_window_end_at",
        or_equal=True,
    )
    pending.add(
        "fcr_window_open",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "pending only while the window is open: first resolution + fcr_window_hours > as_of.",
        column_A="fcr_window_end_at",
        column_B="as_of_at",
        or_equal=False,
    )
    not_first_contact = Dataset(
        "fcr_not_first_contact",
        f"select {columns} from ge_fcr_evidence where fcr_status = 'not_first_contact'",
        "Tickets with fcr_status not_first_contact and the FCR evidence recomputed from the facts.",
    )
    not_first_contact.add(
        "has_a_signal",
        "ExpectColumnValuesToBeBetween",
        "not_first_contact only with evidence: a new contact, a reopen or a follow-up ticket.",
        column="not_first_contact_signals",
        min_value=1,
    )
    return [first_contact, pending, not_first_contact]


RECONCILED_MEASURES = {
    # mart column: (fact cohort timestamp, fact condition)
    "tickets_created": ("created_at", "true"),
    "inbound_tickets_created": ("created_at", "coalesce(created_by_type, '') = 'customer'"),
    "tickets_escalated": ("created_at", "coalesce(is_escalated, false)"),
    "tickets_resolved": ("resolved_at", "true"),
    "tickets_first_resolved": ("first_resolved_at", "true"),
    # SPEC: FCR counts a ticket once its window has elapsed, whatever its
    # verdict; the others (pending, or a failure seen early) are fcr_pending
    "fcr_first_contact": (
        "first_resolved_at",
        "fcr_status = 'first_contact' and fcr_window_end_at <= as_of_at",
    ),
    "fcr_not_first_contact": (
        "first_resolved_at",
        "fcr_status = 'not_first_contact' and fcr_window_end_at <= as_of_at",
    ),
    "fcr_pending": (
        "first_resolved_at",
        "fcr_status in ('pending', 'not_first_contact') and fcr_window_end_at > as_of_at",
    ),
}


def _ticket_kpis_vs_facts(present: set[str]) -> Dataset:
    parts = []
    for mart, grain in TICKET_KPI_MARTS.items():
        if mart not in present:
            continue
        fact_ctes = []
        for measure, (stamp, condition) in RECONCILED_MEASURES.items():
            fact_ctes.append(
                f"""select cast(date_trunc('{grain}', {stamp}) as date) as period_start,
                    '{measure}' as measure, cast(count(*) as bigint) as fact_value
                from main.fact_ticket where {stamp} is not null and ({condition})
                group by 1"""
            )
        fact_sql = "\nunion all\n".join(fact_ctes)
        mart_columns = ", ".join(f"mart.{m} as mart_{m}" for m in RECONCILED_MEASURES)
        fact_columns = ", ".join(
            f"coalesce(facts.fact_{m}, 0) as fact_{m}" for m in RECONCILED_MEASURES
        )
        pivot = ", ".join(
            f"cast(sum(case when measure = '{m}' then fact_value end) as bigint) as fact_{m}"
            for m in RECONCILED_MEASURES
        )
        parts.append(
            f"""
            select
                '{mart}|' || cast(coalesce(mart.period_start, facts.period_start) as varchar)
                    as row_key,
                '{mart}' as mart,
                coalesce(mart.period_start, facts.period_start) as period_start,
                {mart_columns},
                {fact_columns},
                mart.fcr_rate as mart_fcr_rate,
                cast(coalesce(facts.fact_fcr_first_contact, 0) as double)
                    / nullif(coalesce(facts.fact_fcr_first_contact, 0)
                        + coalesce(facts.fact_fcr_not_first_contact, 0), 0) as fact_fcr_rate
            from (select * from main.{mart} where slice_name = 'overall') as mart
            full outer join (
                select period_start, {pivot}
                from ({fact_sql}) group by period_start
            ) as facts
                on mart.period_start = facts.period_start
            """
        )
    sql = "\nunion all\n".join(parts) or "select null as row_key where false"
    sql = f"""
        select
            *,
            case
                when mart_fcr_rate is null and fact_fcr_rate is null then 0
                when mart_fcr_rate is null or fact_fcr_rate is null then 1
                else abs(mart_fcr_rate - fact_fcr_rate)
            end as fcr_rate_abs_difference
        from ({sql})
    """
    data = Dataset(
        "ticket_kpis_vs_facts",
        sql,
        "The overall slice of the daily, weekly, monthly and quarterly ticket KPI marts, "
        "period by period, "
        "next to the same counts taken from fact_ticket.",
    )
    for measure, (stamp, _) in RECONCILED_MEASURES.items():
        data.add(
            f"{measure}_matches_facts",
            "ExpectColumnPairValuesToBeEqual",
            f"{measure} of each period equals the fact_ticket count by {stamp}.",
            column_A=f"mart_{measure}",
            column_B=f"fact_{measure}",
            ignore_row_if="neither",
        )
    data.add(
        "fcr_rate_excludes_pending",
        "ExpectColumnValuesToBeBetween",
        "fcr_rate = first_contact / (first_contact + not_first_contact) from fact_ticket, "
        "over the tickets whose FCR window has elapsed: pending ones are in neither.",
        column="fcr_rate_abs_difference",
        min_value=0,
        max_value=FLOAT_TOLERANCE,
    )
    return data


def _ticket_kpi_slices(present: set[str]) -> Dataset:
    measures = ["tickets_created", "tickets_resolved", "tickets_first_resolved"]
    parts = []
    for mart in TICKET_KPI_MARTS:
        if mart not in present:
            continue
        slice_list = ", ".join(f"'{s}'" for s in PARTITION_SLICES)
        sums = ", ".join(f"cast(sum(sliced.{m}) as bigint) as slice_sum_{m}" for m in measures)
        overall = ", ".join(f"any_value(overall.{m}) as overall_{m}" for m in measures)
        parts.append(
            f"""
            select
                '{mart}|' || cast(sliced.period_start as varchar) || '|' || sliced.slice_name
                    as row_key,
                {sums},
                {overall}
            from main.{mart} as sliced
            left join main.{mart} as overall
                on overall.period_start = sliced.period_start
                and overall.slice_name = 'overall'
            where sliced.slice_name in ({slice_list})
            group by sliced.period_start, sliced.slice_name
            """
        )
    data = Dataset(
        "ticket_kpi_slices",
        "\nunion all\n".join(parts) or "select null as row_key where false",
        "Per ticket KPI mart, period and slice (channel, category, complexity tier, priority, "
        "segment, plan, team, weekday and hour created): "
        "the slice values' counts summed, next to the overall slice.",
    )
    for measure in measures:
        data.add(
            f"{measure}_slices_add_up",
            "ExpectColumnPairValuesToBeEqual",
            f"{measure} summed over the values of a slice equals the overall slice.",
            column_A=f"slice_sum_{measure}",
            column_B=f"overall_{measure}",
            ignore_row_if="neither",
        )
    return data


def is_rate_column(name: str, data_type: str) -> bool:
    if not re.match(r"(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)", data_type.upper()):
        return False
    words = set(name.lower().split("_"))
    if words & DIFFERENCE_WORDS:
        return False
    return bool(RATE_WORDS & words) or "service_level" in name.lower()


def _tests(node: dict) -> list:
    return list(node.get("data_tests") or []) + list(node.get("tests") or [])


def declared_keys(project_dir: Path = PROJECT_DIR) -> dict[str, list[str]]:
    """model -> key columns, from the models' YAML (``models/**/_*__models.yml``)."""
    keys: dict[str, list[str]] = {}
    for path in sorted((project_dir / "models").rglob("_*__models.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or []:
            name = model.get("name")
            for test in _tests(model):
                if isinstance(test, dict) and isinstance(test.get("unique_combination"), dict):
                    spec = test["unique_combination"]
                    columns = (spec.get("arguments") or spec).get("columns")
                    if columns and name not in keys:
                        keys[name] = [str(c) for c in columns]
            for column in model.get("columns") or []:
                for test in _tests(column):
                    if test == "unique" or (isinstance(test, dict) and "unique" in test):
                        keys.setdefault(name, [column["name"]])
    return keys


def _table_datasets(con: duckdb.DuckDBPyConnection, notes: list[str]) -> list[Dataset]:
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(
        """
        select table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = current_database() and table_schema = 'main'
        order by table_name, ordinal_position
        """
    ).fetchall():
        columns.setdefault(table, []).append((column, data_type))
    declared = {**TABLE_KEYS, **declared_keys()}
    public = {t for t in columns if t.startswith(("mart_", "fact_", "dim_")) and t != "fact_ticket"}
    datasets = []
    for table in sorted(set(TABLE_KEYS) | public):
        if table not in columns:
            notes.append(f"{table}: not in the warehouse, its checks are skipped")
            continue
        key = declared.get(table)
        rates = [c for c, t in columns[table] if is_rate_column(c, t)]
        names = {c for c, _ in columns[table]}
        if key is None:
            notes.append(f"{table}: no key declared (YAML unique test, or TABLE_KEYS)")
        elif not set(key) <= names:
            notes.append(f"{table}: key {key} not all in the table")
        if key and set(key) <= names:
            row_key = " || '|' || ".join(f"coalesce(cast({c} as varchar), '')" for c in key)
        else:
            row_key = "cast(row_number() over () as varchar)"
        selected = list(dict.fromkeys([*(key or []), *rates]))
        data = Dataset(
            table,
            f"select {row_key} as row_key, {', '.join(selected) or '1 as one'} from main.{table}",
            f"{table}: its key and its rate columns.",
        )
        if key:
            if len(key) == 1:
                data.add(f"{key[0]}_unique", "ExpectColumnValuesToBeUnique",
                         f"{key[0]} is the key of {table}.", column=key[0])  # fmt: skip
            else:
                data.add(
                    "key_unique",
                    "ExpectCompoundColumnsToBeUnique",
                    f"({', '.join(key)}) is the key of {table}.",
                    column_list=key,
                )
        for rate in rates:
            low, high, why = NOT_SHARES.get(rate, (0, 1, ""))
            if low is None and high is None:
                continue
            if (low, high) == (0, 1):
                name, description = f"{rate}_between_0_and_1", f"{rate} is a share: 0..1."
            else:
                name, description = f"{rate}_not_negative", f"{rate} is never negative ({why})."
            data.add(
                name,
                "ExpectColumnValuesToBeBetween",
                description,
                column=rate,
                min_value=low,
                max_value=high,
            )
        datasets.append(data)
    return datasets


def _ticket_lifecycle() -> Dataset:
    """The ticket lifecycle columns (SPEC section 2): status minutes add up to
    the ticket's open life, business time never exceeds calendar time."""
    statuses = ["new", "open", "pending", "on_hold"]
    business_gaps = ",\n            ".join(
        f"tickets.{s}_minutes - tickets.{s}_business_minutes as {s}_calendar_minus_business"
        for s in statuses
    )
    data = Dataset(
        "ticket_lifecycle",
        f"""
        select
            tickets.ticket_id as row_key,
            -- resolved once, never reopened: the whole life until the
            -- resolution was spent in new, open, pending or on_hold
            case
                when tickets.resolution_count = 1 and tickets.reopen_count = 0
                    and tickets.resolved_at is not null
                    then tickets.requester_wait_minutes + tickets.agent_wait_minutes
                        - tickets.resolution_minutes
            end as waits_minus_life_until_single_resolution,
            -- never resolved, open at as_of: the whole life until as_of
            case
                when tickets.resolution_count = 0 and tickets.age_minutes is not null
                    then tickets.requester_wait_minutes + tickets.agent_wait_minutes
                        - tickets.age_minutes
            end as waits_minus_life_until_as_of_unresolved,
            tickets.requester_wait_minutes
                - (tickets.new_minutes + tickets.open_minutes + tickets.on_hold_minutes)
                as requester_wait_minus_statuses,
            tickets.agent_wait_minutes - tickets.pending_minutes as agent_wait_minus_pending,
            {business_gaps},
            tickets.minutes_to_first_assignment,
            tickets.unassigned_minutes,
            tickets.age_minutes,
            tickets.minutes_since_status_change,
            tickets.max_reply_minutes,
            tickets.total_reply_minutes
        from main.fact_ticket as tickets
        """,
        "One row per ticket: its lifecycle columns next to the life they must add up to.",
    )
    for other in ["life_until_single_resolution", "life_until_as_of_unresolved"]:
        data.add(
            f"waits_equal_{other}",
            "ExpectColumnValuesToBeBetween",
            "requester_wait_minutes + agent_wait_minutes (new + open + on_hold + pending) equal "
            f"the ticket's open life ({other.replace('_', ' ')}).",
            column=f"waits_minus_{other}",
            min_value=-FLOAT_TOLERANCE,
            max_value=FLOAT_TOLERANCE,
        )
    for column in ["requester_wait_minus_statuses", "agent_wait_minus_pending"]:
        data.add(
            f"{column}_is_zero",
            "ExpectColumnValuesToBeBetween",
            "requester wait is new + open + on_hold; agent wait is pending.",
            column=column,
            min_value=-FLOAT_TOLERANCE,
            max_value=FLOAT_TOLERANCE,
        )
    for status in statuses:
        data.add(
            f"{status}_business_not_above_calendar",
            "ExpectColumnValuesToBeBetween",
            f"{status}_business_minutes never exceed {status}_minutes (calendar).",
            column=f"{status}_calendar_minus_business",
            min_value=-FLOAT_TOLERANCE,
        )
    # (age_minutes and total_reply_minutes are held by the pair checks below:
    # never below minutes_since_status_change and max_reply_minutes)
    for column in [
        "minutes_to_first_assignment",
        "unassigned_minutes",
        "minutes_since_status_change",
        "max_reply_minutes",
    ]:
        data.add(
            f"{column}_not_negative",
            "ExpectColumnValuesToBeBetween",
            f"{column} is never negative.",
            column=column,
            min_value=0,
        )
    data.add(
        "minutes_since_status_change_within_age",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "An open ticket's last status change is no older than the ticket.",
        column_A="age_minutes",
        column_B="minutes_since_status_change",
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )
    data.add(
        "total_reply_minutes_at_least_the_longest",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "The total reply minutes include the longest wait.",
        column_A="total_reply_minutes",
        column_B="max_reply_minutes",
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )
    return data


def _sla_events(present: set[str]) -> list[Dataset]:
    """The SLA clocks (SPEC section 2): a target runs out after its clock
    starts, and the verdict agrees with the elapsed time."""
    if "fact_sla_event" not in present:
        return []
    data = Dataset(
        "sla_clocks",
        """
        select
            ticket_id || ':' || sla_metric || ':' || cast(clock_sequence as varchar) as row_key,
            started_at,
            breach_at,
            stopped_at,
            elapsed_minutes,
            target_minutes,
            case
                when elapsed_minutes > target_minutes then 'breached'
                when stopped_at is not null and elapsed_minutes is not null then 'attained'
                when elapsed_minutes is not null then 'running'
            end as verdict_expected,
            case
                when is_breached then 'breached'
                when not is_breached then 'attained'
                when elapsed_minutes is not null then 'running'
            end as verdict,
            is_active,
            stopped_at is null as is_running
        from main.fact_sla_event
        """,
        "One row per SLA clock, with its verdict recomputed from elapsed and target minutes.",
    )
    data.add(
        "breach_at_after_started_at",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "breach_at comes after started_at (a target is positive).",
        column_A="breach_at",
        column_B="started_at",
        ignore_row_if="either_value_is_missing",
    )
    data.add(
        "stopped_at_not_before_started_at",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "A clock never stops before it starts.",
        column_A="stopped_at",
        column_B="started_at",
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )
    data.add(
        "elapsed_minutes_not_negative",
        "ExpectColumnValuesToBeBetween",
        "elapsed_minutes is never negative.",
        column="elapsed_minutes",
        min_value=0,
    )
    data.add(
        "verdict_matches_elapsed_and_target",
        "ExpectColumnPairValuesToBeEqual",
        "is_breached: elapsed > target (strictly); false when stopped within target; null "
        "while running within target.",
        column_A="verdict",
        column_B="verdict_expected",
        ignore_row_if="both_values_are_missing",
    )
    data.add(
        "active_exactly_while_running",
        "ExpectColumnPairValuesToBeEqual",
        "is_active exactly for the clocks that have not stopped at as_of.",
        column_A="is_active",
        column_B="is_running",
    )
    return [data]


def build_datasets(con: duckdb.DuckDBPyConnection, notes: list[str]) -> list[Dataset]:
    """Every dataset and its checks; ``prepare_evidence`` must have run on ``con``."""
    present = {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = current_database() and table_schema = 'main'"
        ).fetchall()
    }
    return [
        _fact_ticket(),
        _ticket_lifecycle(),
        *_sla_events(present),
        *_fcr_datasets(),
        _ticket_kpis_vs_facts(present),
        _ticket_kpi_slices(present),
        *_table_datasets(con, notes),
    ]
