{#- One row per accepted ticket: its current category and priority (the last
    category_change / priority_change, else the raw value), the category's
    complexity tier and service class, and the business-hours
    schedule that applies (its own, else the default schedule). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with tickets as (
    select * from {{ ref('stg_helpdesk__tickets') }}
    where {{ ticket_scope_filter() }}
),

events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type in ('category_change', 'priority_change')
        and {{ ticket_scope_filter() }}
),

categories as (
    select * from {{ ref('ticket_categories') }}
),

schedules as (
    select * from {{ ref('int_schedules_resolved') }}
),

default_schedule as (
    select min(schedule_id) as schedule_id
    from schedules
    where is_default
),

ranked_changes as (
    select
        ticket_id,
        event_type,
        to_value,
        row_number() over (
            partition by ticket_id, event_type
            order by event_at desc, event_id desc
        ) as recency_rank
    from events
),

current_values as (
    select
        ticket_id,
        max(case when event_type = 'category_change' then to_value end) as category,
        max(case when event_type = 'priority_change' then to_value end) as priority
    from ranked_changes
    where recency_rank = 1
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        tickets.source_relation,
        tickets.customer_id,
        tickets.channel,
        coalesce(current_values.category, tickets.category) as category,
        coalesce(current_values.priority, tickets.priority) as priority,
        tickets.category as original_category,
        tickets.priority as original_priority,
        tickets.created_by_type,
        tickets.created_by_type = 'customer' as is_inbound,
        tickets.created_at,
        tickets.schedule_id,
        case
            when tickets.schedule_id is null then default_schedule.schedule_id
            else schedules.schedule_id
        end as business_schedule_id,
        categories.complexity_tier,
        categories.service_class
    from tickets
    left join current_values
        on tickets.ticket_id = current_values.ticket_id
    left join schedules
        on tickets.schedule_id = schedules.schedule_id
    cross join default_schedule
    left join categories
        on coalesce(current_values.category, tickets.category) = lower(categories.category)
)

select * from final
