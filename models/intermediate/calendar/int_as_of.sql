{#- One row: the instant at which windows are judged (var as_of, else the
    latest accepted timestamp in tickets, ticket_events and messages), and the
    date range the calendars must cover. A var as_of outside the data stops
    the build (check_as_of_bounds). -#}
{{ config(post_hook="{{ check_as_of_bounds(this) }}") }}
with tickets as (
    select created_at from {{ ref('stg_helpdesk__tickets') }}
),

events as (
    select event_at from {{ ref('stg_helpdesk__ticket_events') }}
),

messages as (
    select sent_at from {{ ref('stg_helpdesk__messages') }}
),

stamps as (
    select created_at as stamp_at from tickets
    union all
    select event_at from events
    union all
    select sent_at from messages
),

bounds as (
    select
        min(stamp_at) as first_stamp_at,
        max(stamp_at) as last_stamp_at
    from stamps
),

final as (
    select
        {% if var('as_of') is not none -%}
            {{ parse_timestamp_utc("'" ~ var('as_of') ~ "'") }}
        {%- else -%}
            last_stamp_at
        {%- endif %} as as_of_at,
        first_stamp_at,
        last_stamp_at
    from bounds
)

select * from final
