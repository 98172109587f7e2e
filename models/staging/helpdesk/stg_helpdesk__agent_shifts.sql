{#- The accepted rows of agent_shifts (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__agent_shifts and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__agent_shifts') }}
),

final as (
    select
        shift_id,
        agent_id,
        activity,
        scheduled_start,
        scheduled_end
    from judged
    where dq_reason is null
)

select * from final
