{#- One row per accepted ticket: handle time in seconds = work sessions +
    call talk time (answered_at -> ended_at) + after-call work. 0 when those
    tables exist but hold nothing for the ticket; null when neither exists. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with tickets as (
    select ticket_id from {{ ref('int_ticket_attributes') }}
    where {{ ticket_scope_filter() }}
),

work_sessions as (
    select * from {{ ref('stg_helpdesk__work_sessions') }}
    where {{ ticket_scope_filter() }}
),

calls as (
    select * from {{ ref('stg_helpdesk__calls') }}
    where ticket_id is not null
        and {{ ticket_scope_filter() }}
),

raw_tables as (
    select
        max(case when table_name in ('work_sessions', 'calls') and is_present then 1 else 0 end)
        = 1 as has_handle_time_source
    from {{ ref('stg_helpdesk__raw_tables') }}
),

parts as (
    select
        ticket_id,
        {{ seconds_between('started_at', 'ended_at') }} as work_seconds,
        0 as talk_seconds,
        0 as after_call_work_seconds
    from work_sessions
    union all
    select
        ticket_id,
        0 as work_seconds,
        coalesce({{ seconds_between('answered_at', 'ended_at') }}, 0) as talk_seconds,
        coalesce(after_call_work_seconds, 0) as after_call_work_seconds
    from calls
),

per_ticket as (
    select
        ticket_id,
        sum(work_seconds) as work_seconds,
        sum(talk_seconds) as talk_seconds,
        sum(after_call_work_seconds) as after_call_work_seconds
    from parts
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        case when raw_tables.has_handle_time_source then coalesce(per_ticket.work_seconds, 0) end
            as work_seconds,
        case when raw_tables.has_handle_time_source then coalesce(per_ticket.talk_seconds, 0) end
            as talk_seconds,
        case
            when raw_tables.has_handle_time_source
                then coalesce(per_ticket.after_call_work_seconds, 0)
        end as after_call_work_seconds
    from tickets
    cross join raw_tables
    left join per_ticket
        on tickets.ticket_id = per_ticket.ticket_id
)

select
    final.*,
    work_seconds + talk_seconds + after_call_work_seconds as handle_seconds
from final
