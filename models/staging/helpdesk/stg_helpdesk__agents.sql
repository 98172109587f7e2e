{#- The accepted rows of agents (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__agents and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__agents') }}
),

final as (
    select
        agent_id,
        agent_name,
        team,
        tier,
        is_bot,
        hired_at,
        terminated_at,
        hourly_cost
    from judged
    where dq_reason is null
)

select * from final
