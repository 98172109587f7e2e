{#- One row per accepted ticket: the values it is sliced by in the ticket KPI
    marts (ticket_slice_columns(); null where unknown, int_ticket_slices
    reports a null as 'unknown'):
    - channel, category, complexity_tier, priority: int_ticket_attributes
      (the current category and priority);
    - segment, plan: the ticket's customer's (dim_customer);
    - team: the team of the ticket's first assignee; 'unassigned' when it was
      never assigned (the rule of the diagnostic marts' team dimension);
    - created_weekday (mon .. sun) and created_hour (00 .. 23): when the
      ticket was created, on the wall clock of its business-hours schedule
      (its own, else the default one; UTC when there are no schedules), so
      that "weekend tickets" are the customer-facing team's weekend. -#}
{%- set weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] -%}
with attributes as (
    select * from {{ ref('int_ticket_attributes') }}
),

timings as (
    select * from {{ ref('int_ticket_timings') }}
),

customers as (
    select * from {{ ref('stg_helpdesk__customers') }}
),

agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

schedules as (
    select * from {{ ref('int_schedules_resolved') }}
),

local_created as (
    select
        attributes.ticket_id,
        {{ utc_to_local('attributes.created_at', "coalesce(schedules.timezone, 'UTC')") }}
            as created_local_at
    from attributes
    left join schedules
        on attributes.business_schedule_id = schedules.schedule_id
),

final as (
    select
        attributes.ticket_id,
        attributes.channel,
        attributes.category,
        attributes.complexity_tier,
        attributes.priority,
        customers.segment,
        customers.plan,
        case
            when timings.first_assignee_agent_id is null then 'unassigned'
            else agents.team
        end as team,
        case {{ iso_day_of_week_index('cast(local_created.created_local_at as date)') }}
            {%- for weekday in weekdays %}
                when {{ loop.index0 }} then '{{ weekday }}'
            {%- endfor %}
        end as created_weekday,
        {{ dbt.right(
            dbt.concat(["'0'", 'cast(extract(hour from local_created.created_local_at) as '
                ~ dbt.type_string() ~ ')']), '2') }} as created_hour
    from attributes
    inner join timings
        on attributes.ticket_id = timings.ticket_id
    inner join local_created
        on attributes.ticket_id = local_created.ticket_id
    left join customers
        on attributes.customer_id = customers.customer_id
    left join agents
        on timings.first_assignee_agent_id = agents.agent_id
)

select * from final
