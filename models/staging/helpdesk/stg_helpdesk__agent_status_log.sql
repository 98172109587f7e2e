{#- The accepted rows of agent_status_log (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__agent_status_log and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__agent_status_log') }}
),

final as (
    select
        agent_id,
        status,
        started_at,
        ended_at
    from judged
    where dq_reason is null
)

select * from final
