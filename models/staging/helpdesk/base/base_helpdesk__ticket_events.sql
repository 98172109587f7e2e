{#- Every raw row of ticket_events (SPEC section 1), parsed and judged: one
    row per raw row with its typed columns and dq_reason, null when the row
    is accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below; a row whose ticket_id is missing, unknown or rejected
    is rejected (and one whose event_at precedes the ticket's creation)).
    stg_helpdesk__ticket_events holds the accepted rows; dq_rejected_rows
    lists the others with their raw text. Incremental: a run restages only
    the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (event_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'event_id': clean_text('event_id'),
} -%}
{#- reason is optional on a status_change (the root cause of a reopen) and on a
    linked_issue (bug or feature_request; to_value: the engineering issue id);
    an unknown value rejects the row, as an unknown escalation reason does -#}
{%- set to_value_rules -%}
    case event_type
        when 'status_change' then to_value not in {{ enum_sql('status') }}
            or coalesce(from_value not in {{ enum_sql('status') }}, false)
            -- a reason is judged on a reopen only (from solved or closed)
            or coalesce(from_value in ('solved', 'closed') and to_value not in ('solved', 'closed')
                and reason not in {{ enum_sql('reopen_reason') }}, false)
        when 'escalation' then to_value not in {{ enum_sql('tier') }}
            or coalesce(reason not in {{ enum_sql('escalation_reason') }}, false)
        when 'priority_change' then to_value not in {{ enum_sql('priority') }}
        when 'linked_issue' then coalesce(reason not in {{ enum_sql('linked_issue_reason') }}, false)
        else false
    end
{%- endset -%}
{%- set checks = timestamp_checks('event_at')
    + enum_check('event_type', 'event_type')
    + [["to_value is null", "'missing to_value for ' || event_type"],
       [to_value_rules, "'unknown value for ' || event_type || ': ' || coalesce(raw_from_value, '') || ' -> ' || coalesce(raw_to_value, '') || ' ' || coalesce(raw_reason, '')"]] -%}

with source as (
    select * from {{ helpdesk_raw_relation('ticket_events') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('ticket_events', key, ticket_reference='required') }}
    {%- endif %}
),

parsed as (
    select
        {{ key['event_id'] }} as event_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ parse_timestamp_utc('event_at') }} as event_at,
        {{ clean_text('event_type', lower=true) }} as event_type,
        {{ clean_text('actor_id') }} as actor_id,
        case lower(trim(event_type))
            when 'status_change' then {{ clean_text('from_value', lower=true) }}
            when 'priority_change' then {{ clean_text('from_value', lower=true) }}
            when 'category_change' then {{ clean_text('from_value', lower=true) }}
            when 'escalation' then upper(trim(from_value))
            else {{ clean_text('from_value') }}
        end as from_value,
        case lower(trim(event_type))
            when 'status_change' then {{ clean_text('to_value', lower=true) }}
            when 'priority_change' then {{ clean_text('to_value', lower=true) }}
            when 'category_change' then {{ clean_text('to_value', lower=true) }}
            when 'escalation' then upper(trim(to_value))
            else {{ clean_text('to_value') }}
        end as to_value,
        {{ clean_text('reason', lower=true) }} as reason,
        {{- raw_text_columns('ticket_events') }}
    from source
),

{{ judge_raw_rows(
    'ticket_events', key, checks,
    ticket_reference='required', not_before_creation='event_at',
) }}

final as (
    select
        checked.event_id,
        checked.ticket_id,
        checked.event_at,
        checked.event_type,
        checked.actor_id,
        checked.from_value,
        checked.to_value,
        checked.reason,
        {{ judged_columns('ticket_events', key) }}
    from checked
)

select * from final
