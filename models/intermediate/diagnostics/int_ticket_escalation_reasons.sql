{#- One row per accepted ticket and escalation reason it was escalated for:
    how many escalation events gave that reason, and whether the ticket's
    first escalation (by event_at, then event_id) did. A null reason is
    reported as 'unknown'. -#}
with escalations as (
    select
        ticket_id,
        coalesce(reason, 'unknown') as escalation_reason,
        row_number() over (
            partition by ticket_id
            order by event_at, event_id
        ) as escalation_sequence
    from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'escalation'
),

final as (
    select
        ticket_id,
        escalation_reason,
        count(*) as escalation_count,
        max(case when escalation_sequence = 1 then 1 else 0 end) = 1
            as is_first_escalation_reason
    from escalations
    group by ticket_id, escalation_reason
)

select * from final
