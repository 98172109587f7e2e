{#- The accepted rows of schedules (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__schedules and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__schedules') }}
),

final as (
    select
        schedule_id,
        timezone,
        day_of_week,
        start_time,
        end_time,
        is_default
    from judged
    where dq_reason is null
)

select * from final
