{#- One row per SLA clock: ticket, metric (first_reply, next_reply,
    requester_wait, resolution), the policy of the sla_policies seed that
    applies, target, start, breach instant, stop, elapsed minutes, verdict,
    whether it runs at as_of and the minutes remaining (metric_sla_clock;
    computed in int_ticket_sla_events). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with sla_events as (
    select * from {{ ref('int_ticket_sla_events') }}
    where {{ ticket_scope_filter() }}
),

final as (
    select
        ticket_id,
        sla_metric,
        clock_sequence,
        policy_id,
        priority,
        target_minutes,
        is_business_hours,
        started_at,
        breach_at,
        stopped_at,
        elapsed_minutes,
        is_breached,
        is_active,
        minutes_remaining,
        decided_at,
        {{ run_loaded_at() }} as dbt_updated_at
    from sla_events
)

select * from final
