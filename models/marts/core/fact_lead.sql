{#- One row per accepted lead: response time (created_at -> first_contacted_at)
    and conversion. -#}
with leads as (
    select * from {{ ref('stg_helpdesk__leads') }}
),

final as (
    select
        lead_id,
        agent_id,
        created_at,
        first_contacted_at,
        converted_at,
        {{ seconds_between('created_at', 'first_contacted_at') }} / 60.0
            as lead_response_minutes,
        first_contacted_at is not null as is_contacted,
        converted_at is not null as is_converted
    from leads
)

select * from final
