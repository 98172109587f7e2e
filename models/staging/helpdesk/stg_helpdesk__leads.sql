{#- The accepted rows of leads (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__leads and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__leads') }}
),

final as (
    select
        lead_id,
        created_at,
        first_contacted_at,
        converted_at,
        agent_id
    from judged
    where dq_reason is null
)

select * from final
