{#- One row per accepted call: queue wait, answered/abandoned, talk, hold and
    after-call work, and the service-level verdict of var
    service_level_seconds. Inbound waits run from queued_at to answered_at
    (or abandoned_at); outbound calls have no queue. -#}
{%- set sl_seconds = var('service_level_seconds') -%}
with calls as (
    select * from {{ ref('stg_helpdesk__calls') }}
),

measured as (
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
        outcome,
        direction = 'inbound' as is_inbound,
        answered_at is not null as is_answered,
        direction = 'inbound' and abandoned_at is not null as is_abandoned,
        case
            when direction = 'inbound' and answered_at is not null
                then {{ seconds_between('queued_at', 'answered_at') }}
            when direction = 'inbound' and abandoned_at is not null
                then {{ seconds_between('queued_at', 'abandoned_at') }}
        end as queue_wait_seconds,
        case
            when answered_at is not null and ended_at is not null
                then {{ seconds_between('answered_at', 'ended_at') }}
        end as talk_seconds,
        hold_seconds,
        after_call_work_seconds
    from calls
),

final as (
    select
        measured.*,
        is_abandoned and queue_wait_seconds <= {{ sl_seconds }} as is_short_abandon,
        is_inbound and is_answered and queue_wait_seconds <= {{ sl_seconds }}
            as is_answered_within_service_level,
        case
            when is_answered
                then coalesce(talk_seconds, 0) + coalesce(after_call_work_seconds, 0)
        end as handle_seconds,
        not is_inbound and is_answered as is_outbound_connected,
        not is_inbound and is_answered and outcome = 'converted' as is_converted
    from measured
)

select * from final
