{#- One row per accepted ticket resolved at least once: its two resolutions
    as the diagnostic marts judge them (SPEC section 2: each resolution by
    the one who made it). The first resolution (first_resolved_at) carries
    FCR and reopen, the current one (resolved_at, null when the ticket is
    open again) resolution time, handle time and CSAT; each with its month,
    its maker (agent id) and the maker's class (bot, human, unknown,
    unattributed: int_ticket_diagnostic_attributes). category is the
    ticket's current one, 'unknown' when none. mart_ai_vs_human groups the
    cohorts by class, mart_agent_category_monthly by human agent. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

final as (
    select
        tickets.ticket_id,
        coalesce(tickets.category, 'unknown') as category,
        -- the first resolution
        {{ period_start('month', 'tickets.first_resolved_at') }} as first_resolution_month,
        attributes.first_resolver_class,
        attributes.first_resolution_agent_id,
        tickets.first_resolution_minutes,
        tickets.fcr_status,
        tickets.is_fcr_window_elapsed,
        tickets.is_reopened_within_window,
        tickets.is_reopen_window_elapsed,
        -- the current resolution
        {{ period_start('month', 'tickets.resolved_at') }} as final_resolution_month,
        attributes.final_resolver_class,
        tickets.resolved_by_agent_id,
        tickets.resolution_minutes,
        tickets.handle_seconds,
        tickets.is_automated_resolution,
        tickets.csat_score
    from tickets
    inner join attributes
        on tickets.ticket_id = attributes.ticket_id
    where tickets.first_resolved_at is not null
)

select * from final
