{#- The accepted rows of support_costs (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__support_costs and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__support_costs') }}
),

final as (
    select
        month,
        cost_type,
        amount
    from judged
    where dq_reason is null
)

select * from final
