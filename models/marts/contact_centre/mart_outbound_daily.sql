{#- One row per UTC day and agent, plus one row per day with agent_id
    'all': outbound calls, connected (answered) and converted calls, the
    conversion rate (converted / connected, SPEC section 2), leads created
    and contacted that day, and lead response time (created_at ->
    first_contacted_at) median and p90 of the leads created that day.
    is_period_complete: the day has ended at as_of. -#}
with calls as (
    select * from {{ ref('fact_call') }}
    where not is_inbound
),

leads as (
    select * from {{ ref('fact_lead') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

call_rows as (
    -- each call counts for its agent and for the day's total ('all')
    select
        cast(queued_at as date) as date_day,
        coalesce(agent_id, 'unknown') as agent_id,
        is_outbound_connected,
        is_converted
    from calls
    union all
    select
        cast(queued_at as date) as date_day,
        'all' as agent_id,
        is_outbound_connected,
        is_converted
    from calls
),

lead_rows as (
    select
        cast(created_at as date) as date_day,
        coalesce(agent_id, 'unknown') as agent_id,
        is_contacted,
        lead_response_minutes
    from leads
    union all
    select
        cast(created_at as date) as date_day,
        'all' as agent_id,
        is_contacted,
        lead_response_minutes
    from leads
),

call_days as (
    select
        date_day,
        agent_id,
        count(*) as outbound_calls,
        count(case when is_outbound_connected then 1 end) as connected_calls,
        count(case when is_converted then 1 end) as converted_calls
    from call_rows
    group by date_day, agent_id
),

lead_days as (
    select
        date_day,
        agent_id,
        count(*) as leads_created,
        count(case when is_contacted then 1 end) as leads_contacted,
        {{ percentile_cont('lead_response_minutes', 0.5) }} as lead_response_minutes_median,
        {{ percentile_cont('lead_response_minutes', 0.9) }} as lead_response_minutes_p90
    from lead_rows
    group by date_day, agent_id
),

final as (
    select
        coalesce(call_days.date_day, lead_days.date_day) as date_day,
        {{ is_period_complete('day', 'coalesce(call_days.date_day, lead_days.date_day)',
            'as_of.as_of_at') }} as is_period_complete,
        coalesce(call_days.agent_id, lead_days.agent_id) as agent_id,
        coalesce(call_days.outbound_calls, 0) as outbound_calls,
        coalesce(call_days.connected_calls, 0) as connected_calls,
        coalesce(call_days.converted_calls, 0) as converted_calls,
        {{ safe_ratio('call_days.converted_calls', 'call_days.connected_calls') }}
            as conversion_rate,
        coalesce(lead_days.leads_created, 0) as leads_created,
        coalesce(lead_days.leads_contacted, 0) as leads_contacted,
        lead_days.lead_response_minutes_median,
        lead_days.lead_response_minutes_p90
    from call_days
    full outer join lead_days
        on call_days.date_day = lead_days.date_day
            and call_days.agent_id = lead_days.agent_id
    cross join as_of
)

select * from final
