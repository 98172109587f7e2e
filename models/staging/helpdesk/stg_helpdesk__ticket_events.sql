{#- The accepted rows of ticket_events (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__ticket_events and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__ticket_events') }}
),

final as (
    select
        event_id,
        ticket_id,
        event_at,
        event_type,
        actor_id,
        from_value,
        to_value,
        reason
    from judged
    where dq_reason is null
)

select * from final
