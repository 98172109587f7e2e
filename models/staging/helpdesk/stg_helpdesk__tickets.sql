{#- The accepted rows of tickets (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__tickets and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__tickets') }}
),

final as (
    select
        ticket_id,
        customer_id,
        created_at,
        channel,
        category,
        priority,
        created_by_type,
        schedule_id,
        source_relation
    from judged
    where dq_reason is null
)

select * from final
