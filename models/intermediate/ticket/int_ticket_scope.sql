{#- One row per ticket an incremental run recomputes in the ticket models
    (see macros/incremental/ticket_scope.sql), with the reason it is in scope.
    Built from the validated rows loaded since the facts were last written and
    from the facts' previous state (read directly: the facts come after this
    model). A ticket is in scope when
    - changed: one of its rows in tickets, ticket_events, messages,
      work_sessions, calls or surveys was (re)loaded since;
    - follow_up_target: another ticket of its customer changed, and its first
      resolution is at most fcr_window_hours before that ticket's creation
      (a follow-up can turn its FCR verdict);
    - as_of_dependent: its state depends on as_of, which moves with new data
      (FCR pending, reopen window open, waiting for a first response or a
      resolution);
    - all: there are no previous facts, the configuration fingerprint
      (vars, seeds, agents, schedules, holidays, present tables) changed, or
      the ticket KPI ledger (int_ticket_kpi_contributions) is older than the
      facts: a run wrote the facts but not the ledger (a failed test stopped
      it, or it was not selected), so the changes of that run must be
      compared again.
    On a full build nothing reads it. -#}
{%- set previous_tickets = built_model_relation('fact_ticket', 'main') -%}
{%- set previous_interactions = built_model_relation('fact_interaction', 'main') -%}
{%- set previous_ledger = built_model_relation('int_ticket_kpi_contributions', 'intermediate') -%}
{%- set has_previous = previous_tickets is not none and previous_interactions is not none
    and not flags.FULL_REFRESH -%}
{%- if has_previous and execute -%}
    {%- set previous_columns = adapter.get_columns_in_relation(previous_tickets)
        | map(attribute='name') | list -%}
    {%- set has_previous = 'dbt_config_fingerprint' in previous_columns -%}
{%- endif -%}
{% for table in incremental_helpdesk_tables() -%}
-- depends_on: {{ ref('int_' ~ table ~ '_validated') }}
{% endfor -%}
-- depends_on: {{ ref('int_ticket_config_state') }}
with tickets as (
    select
        ticket_id,
        customer_id,
        created_at,
        dq_reason
    from {{ ref('int_tickets_validated') }}
    where ticket_id is not null
),

{%- if has_previous %}

state as (
    select config_fingerprint from {{ ref('int_ticket_config_state') }}
),

previous_tickets as (
    select
        ticket_id,
        customer_id,
        created_at,
        is_inbound,
        first_response_at,
        first_resolved_at,
        fcr_status,
        is_reopen_window_elapsed,
        dbt_config_fingerprint
    from {{ previous_tickets }}
),

loaded_since as (
    -- the last run whose facts were written: rows loaded after it are new to them
    select min(last_updated_at) as last_updated_at
    from (
        select max(dbt_updated_at) as last_updated_at from {{ previous_tickets }}
        union all
        select max(dbt_updated_at) as last_updated_at from {{ previous_interactions }}
    ) as facts
),

is_config_changed as (
    select count(*) > 0 as is_changed
    from (
        select distinct dbt_config_fingerprint from previous_tickets
    ) as previous_state
    cross join state
    where previous_state.dbt_config_fingerprint <> state.config_fingerprint
),

changed as (
    {%- for table in incremental_helpdesk_tables() %}
    select loaded.ticket_id
    from {{ ref('int_' ~ table ~ '_validated') }} as loaded
    cross join loaded_since
    where loaded.ticket_id is not null
        and (loaded.dbt_loaded_at > loaded_since.last_updated_at
            or loaded_since.last_updated_at is null)
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
),

changed_customers as (
    -- the customers of changed tickets, now and before, with their earliest
    -- changed ticket
    select
        customer_id,
        min(created_at) as earliest_created_at
    from (
        select
            tickets.customer_id,
            tickets.created_at
        from tickets
        inner join changed
            on tickets.ticket_id = changed.ticket_id
        where tickets.dq_reason is null
        union all
        select
            previous_tickets.customer_id,
            previous_tickets.created_at
        from previous_tickets
        inner join changed
            on previous_tickets.ticket_id = changed.ticket_id
    ) as customer_tickets
    where customer_id is not null
    group by customer_id
),

follow_up_targets as (
    select previous_tickets.ticket_id
    from previous_tickets
    inner join changed_customers
        on previous_tickets.customer_id = changed_customers.customer_id
    where previous_tickets.first_resolved_at
        >= {{ dbt.dateadd('hour', -1 * (var('fcr_window_hours') | float), 'changed_customers.earliest_created_at') }}
),

as_of_dependent as (
    select ticket_id
    from previous_tickets
    where fcr_status = 'pending'
        or not is_reopen_window_elapsed
        or first_resolved_at is null
        or (is_inbound and first_response_at is null)
),

is_ledger_behind as (
    {%- if previous_ledger is not none and target.type != 'spark' %}
    select
        (select max(dbt_updated_at) from {{ previous_ledger }})
        < (select max(dbt_updated_at) from {{ previous_tickets }}) as is_behind
    {%- else %}
        -- no ledger yet: it is built whole
        select false as is_behind
    {%- endif %}
),

everything as (
    select tickets.ticket_id from tickets
    cross join is_config_changed
    cross join is_ledger_behind
    where is_config_changed.is_changed or is_ledger_behind.is_behind
    union
    select previous_tickets.ticket_id from previous_tickets
    cross join is_config_changed
    cross join is_ledger_behind
    where is_config_changed.is_changed or is_ledger_behind.is_behind
),

{%- endif %}

reasons as (
    {%- if has_previous %}
    select ticket_id, 'changed' as scope_reason from changed
    union all
    select ticket_id, 'follow_up_target' as scope_reason from follow_up_targets
    union all
    select ticket_id, 'as_of_dependent' as scope_reason from as_of_dependent
    union all
    select ticket_id, 'all' as scope_reason from everything
    {%- else %}
        -- no previous facts: every ticket
        select
            ticket_id,
            'all' as scope_reason
        from tickets
    {%- endif %}
),

final as (
    select
        ticket_id,
        min(scope_reason) as scope_reason
    from reasons
    group by ticket_id
)

select * from final
