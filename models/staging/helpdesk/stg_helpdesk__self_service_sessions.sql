{#- The accepted rows of self_service_sessions (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__self_service_sessions and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__self_service_sessions') }}
),

final as (
    select
        session_id,
        customer_id,
        started_at,
        ended_at,
        entry_point,
        outcome,
        ticket_id,
        category
    from judged
    where dq_reason is null
)

select * from final
