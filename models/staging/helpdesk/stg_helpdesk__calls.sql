{#- The accepted rows of calls (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__calls and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__calls') }}
),

final as (
    select
        call_id,
        ticket_id,
        customer_id,
        agent_id,
        direction,
        queued_at,
        answered_at,
        ended_at,
        abandoned_at,
        hold_seconds,
        after_call_work_seconds,
        outcome
    from judged
    where dq_reason is null
)

select * from final
