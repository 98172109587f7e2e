{#- The accepted rows of customers (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__customers and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__customers') }}
),

final as (
    select
        customer_id,
        account_id,
        segment,
        plan,
        signed_up_at,
        churned_at,
        -- optional (SPEC section 1): monthly recurring revenue in the
        -- reporting currency, null when the source has none
        mrr
    from judged
    where dq_reason is null
)

select * from final
