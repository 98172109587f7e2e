-- SPEC 2 calls: every inbound call of fact_call is offered in exactly one
-- contact-centre interval (the one holding its queued_at), so the interval
-- mart adds up to the fact: offered = inbound calls, answered and abandoned
-- likewise, and total_calls = all calls (inbound and outbound).
with fact_totals as (
    select
        count(case when is_inbound then 1 end) as calls_offered,
        count(case when is_inbound and is_answered then 1 end) as calls_answered,
        count(case when is_abandoned then 1 end) as calls_abandoned,
        count(*) as total_calls
    from {{ ref('fact_call') }}
),

interval_totals as (
    select
        coalesce(sum(calls_offered), 0) as calls_offered,
        coalesce(sum(calls_answered), 0) as calls_answered,
        coalesce(sum(calls_abandoned), 0) as calls_abandoned,
        coalesce(sum(total_calls), 0) as total_calls
    from {{ ref('mart_contact_center_interval') }}
)

select
    fact_totals.calls_offered as fact_calls_offered,
    interval_totals.calls_offered as interval_calls_offered,
    fact_totals.calls_answered as fact_calls_answered,
    interval_totals.calls_answered as interval_calls_answered,
    fact_totals.calls_abandoned as fact_calls_abandoned,
    interval_totals.calls_abandoned as interval_calls_abandoned,
    fact_totals.total_calls as fact_total_calls,
    interval_totals.total_calls as interval_total_calls
from fact_totals
cross join interval_totals
where fact_totals.calls_offered <> interval_totals.calls_offered
    or fact_totals.calls_answered <> interval_totals.calls_answered
    or fact_totals.calls_abandoned <> interval_totals.calls_abandoned
    or fact_totals.total_calls <> interval_totals.total_calls
