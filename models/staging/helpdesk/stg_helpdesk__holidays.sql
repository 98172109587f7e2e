{#- The accepted rows of holidays (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__holidays and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__holidays') }}
),

final as (
    select
        schedule_id,
        holiday_date,
        holiday_name
    from judged
    where dq_reason is null
)

select * from final
