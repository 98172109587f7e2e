{#- The accepted rows of work_sessions (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__work_sessions and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__work_sessions') }}
),

final as (
    select
        session_id,
        ticket_id,
        agent_id,
        started_at,
        ended_at
    from judged
    where dq_reason is null
)

select * from final
