{#- All rows of a staging model with the final dq_reason: the row-level
    reason from staging, else (when the table refers to tickets) whether its
    ticket_id is among the accepted tickets.
    ticket_reference: none, 'required' or 'optional' (null ticket_id allowed).
    not_before_creation: a timestamp column that may not precede the ticket's
    created_at (the row is rejected: an event cannot happen to a ticket
    before it exists). -#}
{% macro validated_rows(staging_model, ticket_reference=none, not_before_creation=none) %}
{%- set table = staging_model | replace('stg_helpdesk__', '') -%}
{%- set incremental = is_incremental_run() -%}
with staged as (
    {%- if incremental %}
    -- incremental run: only the key groups this run must look at are staged
    {{ stage_helpdesk_table(table,
        source_filter=incremental_source_filter(table, ticket_reference),
        **staging_spec(table)) }}
    {%- else %}
    select * from {{ ref(staging_model) }}
    {%- endif %}
),
{%- if ticket_reference is none %}

checked as (
    select
        staged.*,
        staged.row_dq_reason as dq_reason
    from staged
),
{%- else %}

ticket_ids as (
    select
        ticket_id,
        max(case when dq_reason is null then 1 else 0 end) as is_accepted,
        min(case when dq_reason is null then created_at end) as created_at
    from {{ ref('int_tickets_validated') }}
    where ticket_id is not null
    {%- if incremental %}
        and ticket_id in (select staged.ticket_id from staged)
    {%- endif %}
    group by ticket_id
),

checked as (
    select
        staged.*,
        coalesce(
            staged.row_dq_reason,
            case
                {%- if ticket_reference == 'required' %}
                when staged.ticket_id is null then 'missing ticket_id'
                {%- endif %}
                when staged.ticket_id is not null and ticket_ids.ticket_id is null
                    then 'unknown ticket_id: ' || staged.ticket_id
                when ticket_ids.is_accepted = 0
                    then 'ticket_id refers to a rejected ticket: ' || staged.ticket_id
                {%- if not_before_creation is not none %}
                when staged.{{ not_before_creation }} < ticket_ids.created_at
                    then '{{ not_before_creation }} before ticket creation'
                {%- endif %}
            end
        ) as dq_reason
    from staged
    left join ticket_ids
        on staged.ticket_id = ticket_ids.ticket_id
),
{%- endif %}

final as (
    -- the raw text is kept only where it is needed: on rejected rows
    select
        {%- for column in staging_spec(table).columns %}
        checked.{{ column }},
        {%- endfor %}
        checked.source_row_number,
        checked.row_dq_reason,
        checked.dq_reason,
        case when checked.dq_reason is not null then checked.raw_values end as raw_values
        {%- if table in incremental_helpdesk_tables() %},
        -- incremental bookkeeping: the key a run replaces, and when the row was loaded
        {{ validated_row_key(table, 'checked') }} as dq_key,
        {{ run_loaded_at() }} as dbt_loaded_at
        {%- endif %}
    from checked
)

select * from final
{% endmacro %}
