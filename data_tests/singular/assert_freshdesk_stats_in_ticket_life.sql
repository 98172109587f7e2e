-- Freshdesk tickets with a stats timestamp outside the ticket's life (before
-- created_at, or after stats_status_updated_at, the last status change) or
-- one that does not read as a timestamp: the status history rebuilt from the
-- stats ignores it; and tickets without stats_status_updated_at (stats not
-- landed), whose current status is dated by updated_at
-- (freshdesk__ticket_events; docs/connectors/freshdesk.md). A warning listing
-- the ticket and the stats field, for a look at the connector's data.
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'freshdesk',
) }}

with tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

stats as (
    {%- set columns = ['reopened_at', 'pending_since', 'resolved_at', 'closed_at'] %}
    {%- for column in columns %}
        select
            ticket_id,
            '{{ column }}' as stats_field,
            {{ parse_timestamp_utc(column) }} as stats_at,
            {{ parse_timestamp_utc('created_at') }} as created_at,
            {{ parse_timestamp_utc('coalesce(status_updated_at, updated_at)') }}
                as status_updated_at
        from tickets
        where {{ column }} is not null
        union all
    {%- endfor %}
    -- no stats_status_updated_at: the current status is dated by updated_at
    select
        ticket_id,
        'status_updated_at missing (updated_at used)' as stats_field,
        cast(null as {{ dbt.type_timestamp() }}) as stats_at,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('updated_at') }} as status_updated_at
    from tickets
    where status_updated_at is null
),

final as (
    select
        ticket_id,
        stats_field,
        stats_at,
        created_at,
        status_updated_at
    from stats
    -- a stats timestamp that does not read is ignored too
    where stats_at is null
        or stats_at < created_at
        or stats_at > status_updated_at
)

select * from final
