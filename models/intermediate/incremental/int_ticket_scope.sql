{#- One row per ticket an incremental run recomputes in the ticket models
    (see macros/incremental/ticket_scope.sql), with the reason it is in scope.
    Built from the fingerprints of the tickets' accepted raw rows and
    from the facts' previous state (read directly: the facts come after this
    model). A ticket is in scope when
    - changed: the fingerprint of its accepted rows in tickets,
      ticket_events, messages, work_sessions, calls and surveys
      (int_ticket_input_fingerprints) differs from the one its fact_ticket
      row was computed from: a row was added, edited in place (at any age),
      deleted, moved from or to it, accepted or rejected; a ticket with a
      fact and no accepted row any more (deleted, or now rejected) too; and
      a ticket whose fact_ticket row is newer than every fact_interaction
      row (a run wrote one fact and not the other);
    - follow_up_target: another ticket of its customer changed, and its first
      resolution is at most fcr_window_hours before that ticket's creation
      (a follow-up can turn its FCR verdict);
    - as_of_dependent: a value that as_of decides can turn between the
      previous as_of and the new one (which moves with new data): its FCR
      window or reopen window ends, or it was open at the previous as_of (its
      age, its current status spell and its running SLA clocks grow with
      as_of: a running clock is always on an open ticket);
    - all: there are no previous facts, the configuration fingerprint
      (vars, seeds, agents, schedules, holidays, present tables) changed,
      as_of moved back, or
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
    {#- the columns this model reads that earlier versions did not write -#}
    {%- for column in ['dbt_config_fingerprint', 'dbt_input_fingerprint',
                       'is_fcr_window_elapsed', 'age_minutes'] -%}
        {%- if column not in previous_columns -%}
            {{ exceptions.raise_compiler_error(incremental_recovery_message('int_ticket_scope',
                "fact_ticket was built by an earlier version of the project (it has no column "
                ~ column ~ ")", whole=true)) }}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{#- dbt cannot see these reads: they happen on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_input_fingerprints') }}
-- depends_on: {{ ref('int_ticket_config_state') }}
-- depends_on: {{ ref('int_as_of') }}
with tickets as (
    select
        ticket_id,
        customer_id,
        created_at,
        dq_reason
    from {{ ref('base_helpdesk__tickets') }}
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
        fcr_window_end_at,
        is_fcr_window_elapsed,
        is_reopen_window_elapsed,
        age_minutes,
        as_of_at,
        dbt_updated_at,
        dbt_config_fingerprint,
        dbt_input_fingerprint
    from {{ previous_tickets }}
),

as_of_change as (
    -- the instant the stored facts were judged at (the post-hook of
    -- fact_ticket moves every row to the last one), and the new one
    select
        previous.as_of_at as previous_as_of_at,
        current_as_of.as_of_at
    from (select max(as_of_at) as as_of_at from previous_tickets) as previous
    cross join {{ ref('int_as_of') }} as current_as_of
),

is_config_changed as (
    -- the configuration changed, or as_of moved back (a value it decided
    -- may be undone: nothing above tracks that)
    select count(*) > 0 as is_changed
    from (
        select distinct dbt_config_fingerprint from previous_tickets
    ) as previous_state
    cross join state
    cross join as_of_change
    where previous_state.dbt_config_fingerprint <> state.config_fingerprint
        or as_of_change.as_of_at < as_of_change.previous_as_of_at
),

changed as (
    -- the tickets whose accepted raw rows differ from those their fact was
    -- computed from (new, edited, deleted, moved, accepted or rejected rows)
    select coalesce(current_inputs.ticket_id, previous_tickets.ticket_id) as ticket_id
    from {{ ref('int_ticket_input_fingerprints') }} as current_inputs
    full outer join previous_tickets
        on current_inputs.ticket_id = previous_tickets.ticket_id
    where current_inputs.input_fingerprint is distinct from previous_tickets.dbt_input_fingerprint
    union
    -- the tickets a run wrote into fact_ticket after the last write of
    -- fact_interaction (that run stopped before it, or left it out): their
    -- interactions were not recomputed with them
    select previous_tickets.ticket_id
    from previous_tickets
    where previous_tickets.dbt_updated_at
        > (select max(interactions.dbt_updated_at) from {{ previous_interactions }} as interactions)
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
    -- the stored values that as_of decides, and that the move from the
    -- previous as_of to the new one can turn (as_of moving back puts every
    -- ticket in scope, below)
    select previous_tickets.ticket_id
    from previous_tickets
    cross join as_of_change
    where
        -- the FCR window ends: pending becomes first contact, and any
        -- verdict starts counting in the FCR rate
        (
            not previous_tickets.is_fcr_window_elapsed
            and previous_tickets.fcr_window_end_at <= as_of_change.as_of_at
        )
        -- open at the previous as_of: its age, its current status spell and
        -- its unassigned time grow with as_of
        or previous_tickets.age_minutes is not null
        -- the reopen window ends
        or (
            not previous_tickets.is_reopen_window_elapsed
            and {{ dbt.dateadd('day', var('reopen_window_days'), 'previous_tickets.first_resolved_at') }}
            <= as_of_change.as_of_at
        )
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
