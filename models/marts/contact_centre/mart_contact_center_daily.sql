{#- One row per day (UTC): the contact-centre measures of
    mart_contact_center_interval summed over the day (rates recomputed from
    the day's counts, ASA weighted by answered calls), and customer contact
    frequency: contacts (customer-created tickets, plus inbound calls that
    belong to no ticket), distinct customers, contacts per customer and the
    share of contacts from customers who contacted more than once that day.
    is_period_complete: the day has ended at as_of. -#}
with intervals as (
    select * from {{ ref('mart_contact_center_interval') }}
),

tickets as (
    select
        ticket_id,
        customer_id,
        created_at
    from {{ ref('fact_ticket') }}
    where is_inbound and customer_id is not null
),

calls as (
    select
        call_id,
        customer_id,
        queued_at
    from {{ ref('fact_call') }}
    where is_inbound and ticket_id is null and customer_id is not null
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

contacts as (
    select
        customer_id,
        cast(created_at as date) as date_day
    from tickets
    union all
    select
        customer_id,
        cast(queued_at as date) as date_day
    from calls
),

per_customer as (
    select
        date_day,
        customer_id,
        count(*) as contact_count
    from contacts
    group by date_day, customer_id
),

contact_frequency as (
    select
        date_day,
        sum(contact_count) as contacts,
        count(*) as contacting_customers,
        sum(case when contact_count > 1 then contact_count else 0 end) as repeat_contacts
    from per_customer
    group by date_day
),

daily_calls as (
    select
        date_day,
        sum(calls_offered) as calls_offered,
        sum(calls_answered) as calls_answered,
        sum(calls_abandoned) as calls_abandoned,
        sum(short_abandons) as short_abandons,
        sum(answered_within_service_level) as answered_within_service_level,
        sum(asa_seconds * calls_answered) as wait_seconds_answered,
        max(longest_queue_wait_seconds) as longest_queue_wait_seconds,
        sum(avg_hold_seconds * calls_answered) as hold_seconds_answered,
        sum(avg_after_call_work_seconds * calls_answered) as after_call_work_seconds_answered,
        sum(outbound_calls) as outbound_calls,
        sum(total_calls) as total_calls,
        max(agents_logged_in) as peak_agents_logged_in
    from intervals
    group by date_day
),

final as (
    select
        coalesce(daily_calls.date_day, contact_frequency.date_day) as date_day,
        {{ is_period_complete('day',
            'coalesce(daily_calls.date_day, contact_frequency.date_day)',
            'as_of.as_of_at') }} as is_period_complete,
        cast(coalesce(daily_calls.calls_offered, 0) as {{ dbt.type_bigint() }}) as calls_offered,
        cast(coalesce(daily_calls.calls_answered, 0) as {{ dbt.type_bigint() }})
            as calls_answered,
        cast(coalesce(daily_calls.calls_abandoned, 0) as {{ dbt.type_bigint() }})
            as calls_abandoned,
        cast(coalesce(daily_calls.short_abandons, 0) as {{ dbt.type_bigint() }})
            as short_abandons,
        {{ safe_ratio('daily_calls.answered_within_service_level',
            'daily_calls.calls_offered - daily_calls.short_abandons') }} as service_level,
        {{ safe_ratio('daily_calls.calls_abandoned', 'daily_calls.calls_offered') }}
            as abandonment_rate,
        {{ safe_ratio('daily_calls.wait_seconds_answered', 'daily_calls.calls_answered') }}
            as asa_seconds,
        daily_calls.longest_queue_wait_seconds,
        {{ safe_ratio('daily_calls.hold_seconds_answered', 'daily_calls.calls_answered') }}
            as avg_hold_seconds,
        {{ safe_ratio('daily_calls.after_call_work_seconds_answered',
            'daily_calls.calls_answered') }} as avg_after_call_work_seconds,
        cast(coalesce(daily_calls.outbound_calls, 0) as {{ dbt.type_bigint() }})
            as outbound_calls,
        cast(coalesce(daily_calls.total_calls, 0) as {{ dbt.type_bigint() }}) as total_calls,
        daily_calls.peak_agents_logged_in,
        cast(coalesce(contact_frequency.contacts, 0) as {{ dbt.type_bigint() }}) as contacts,
        cast(coalesce(contact_frequency.contacting_customers, 0) as {{ dbt.type_bigint() }})
            as contacting_customers,
        {{ safe_ratio('contact_frequency.contacts', 'contact_frequency.contacting_customers') }}
            as contacts_per_customer,
        {{ safe_ratio('contact_frequency.repeat_contacts', 'contact_frequency.contacts') }}
            as repeat_contact_share
    from daily_calls
    full outer join contact_frequency
        on daily_calls.date_day = contact_frequency.date_day
    cross join as_of
)

select * from final
