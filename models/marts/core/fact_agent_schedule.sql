{#- One row per accepted scheduled block (agent_shifts): the schedule that
    adherence and availability are measured against. -#}
with shifts as (
    select * from {{ ref('stg_helpdesk__agent_shifts') }}
),

final as (
    select
        shift_id,
        agent_id,
        activity,
        scheduled_start,
        scheduled_end,
        {{ seconds_between('scheduled_start', 'scheduled_end') }} / 60.0 as scheduled_minutes
    from shifts
)

select * from final
