{#- The incremental ticket KPI model, mart_ticket_kpis (of which
    mart_ticket_kpis_daily, _weekly and _monthly are one grain each).

    Every value of it is an aggregate, per grain, period and slice, of
    per-ticket contributions: the ticket's creation, resolution and first
    resolution (with the fact columns each cohort reads), its surveys, its
    agents' replies and its backlog changes, each carrying the ticket's slice
    values. int_ticket_kpi_contributions keeps one row per contribution: its
    instant and a hash of everything the model reads of it.

    On an incremental run int_ticket_kpi_changes (built before the ledger is
    rewritten) compares the contributions of the tickets in int_ticket_scope
    with the ledger's previous rows: the earliest instant of a contribution
    that appeared, vanished or changed is the first instant whose period can
    differ. At each grain the model then replaces its periods from that one
    on (at least its last period, which grows with as_of), seeding the
    backlog running sum and the weekly growth alert from the periods it
    keeps. It rebuilds every period of a grain instead when the ticket
    configuration changed (every ticket in scope), the model's own vars
    changed, the set of slice values changed, the data ends before the
    grain's last period, a change precedes its first period, or the model
    missed an earlier ledger update. -#}

{#- The slice columns of int_ticket_slices (besides 'overall'): columns of
    int_ticket_slice_attributes. -#}
{% macro ticket_slice_columns() %}
    {{ return(['channel', 'category', 'complexity_tier', 'priority', 'segment', 'plan', 'team',
               'created_weekday', 'created_hour']) }}
{% endmacro %}

{#- The grains of the ticket KPI model, finest first. -#}
{% macro ticket_kpi_grains() %}
    {{ return(['day', 'week', 'month', 'quarter']) }}
{% endmacro %}

{#- What the ticket KPI model reads, per contribution kind: the input it
    comes from, the instant that places it in a period, and the columns it
    aggregates. Its import CTEs select exactly these columns
    (ticket_kpi_input_ctes), so a model that reads another column fails until
    it is listed here, which also puts it in the ledger's hash. -#}
{% macro ticket_kpi_inputs() %}
    {{ return([
        {'kind': 'created', 'source': 'tickets', 'instant': 'created_at',
         'columns': ['is_inbound', 'first_response_at', 'first_response_minutes',
                     'first_response_business_minutes', 'is_escalated',
                     'is_first_response_sla_breached', 'is_resolution_sla_breached',
                     'is_bot_touched', 'is_automated_resolution']},
        {'kind': 'resolved', 'source': 'tickets', 'instant': 'resolved_at',
         'columns': ['resolution_minutes', 'resolution_business_minutes', 'is_one_touch',
                     'is_automated_resolution', 'handle_seconds', 'requester_wait_minutes',
                     'requester_wait_business_minutes', 'agent_wait_minutes', 'on_hold_minutes',
                     'minutes_to_first_assignment']},
        {'kind': 'first_resolved', 'source': 'tickets', 'instant': 'first_resolved_at',
         'columns': ['fcr_status', 'is_fcr_window_elapsed', 'is_reopened_within_window',
                     'is_reopen_window_elapsed']},
        {'kind': 'survey', 'source': 'surveys', 'instant': 'sent_at',
         'columns': ['survey_type', 'score']},
        {'kind': 'reply', 'source': 'replies', 'instant': 'interaction_at',
         'columns': ['author_id']},
        {'kind': 'backlog_change', 'source': 'backlog_deltas', 'instant': 'changed_at',
         'columns': ['change_type', 'backlog_delta']},
        {'kind': 'sla_decided', 'source': 'sla_events', 'instant': 'decided_at',
         'columns': ['sla_metric', 'is_breached']},
    ]) }}
{% endmacro %}

{#- The import CTEs tickets, surveys, replies and backlog_deltas of the KPI
    model and of the ledger: ticket_id and the columns of ticket_kpi_inputs,
    for the tickets in scope (every ticket unless scoped, see
    ticket_scope_filter). -#}
{% macro ticket_kpi_input_ctes(scoped=none) %}
    {%- set sources = {
        'tickets': (ref('fact_ticket'), none),
        'surveys': (ref('stg_helpdesk__surveys'), none),
        'replies': (ref('fact_interaction'), "is_reply and author_type = 'agent'"),
        'backlog_deltas': (ref('int_ticket_backlog_deltas'), none),
        'sla_events': (ref('fact_sla_event'), none),
    } -%}
    {%- for source, (relation, condition) in sources.items() -%}
        {%- set columns = ['ticket_id'] -%}
        {%- for input in ticket_kpi_inputs() if input['source'] == source -%}
            {#- a column two kinds read (is_automated_resolution) is selected once:
                PostgreSQL and Spark reject a reference to a duplicated name -#}
            {%- for column in [input['instant']] + input['columns'] if column not in columns -%}
                {%- do columns.append(column) -%}
            {%- endfor -%}
        {%- endfor %}
        {%- set conditions = [condition] if condition else [] -%}
        {%- if scoped is none and is_incremental_run() or scoped -%}
            {%- do conditions.append(ticket_scope_filter(scoped=true)) -%}
        {%- endif -%}
        {{ ',\n\n' if not loop.first }}{{ source }} as (
    select
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- if conditions %}
    where {{ conditions | join('\n        and ') }}
    {%- endif %}
)
    {%- endfor -%}
{% endmacro %}

{#- Fingerprint of what the KPI model reads besides its input tables: its
    own vars, and the version of its definitions (raise it when a change to
    mart_ticket_kpis.sql changes what a stored period holds; 2: backlog
    growth counts reopens; 3: FCR over matured tickets, is_period_complete,
    the growth alert on complete weeks, lifecycle medians; 4: the quarter
    grain, the segment, plan, team, weekday and hour slices, the automation
    resolution rate). -#}
{% macro ticket_kpis_config_fingerprint() %}
    {%- set settings = {
        'definition_version': 4,
        'csat_min_response_rate': var('csat_min_response_rate'),
        'backlog_growth_alert_pct': var('backlog_growth_alert_pct'),
        'backlog_growth_alert_weeks': var('backlog_growth_alert_weeks'),
    } -%}
    {{ return(local_md5(tojson(settings))) }}
{% endmacro %}

{#- The last day the KPI model covers: as_of, or the latest stamp in the data
    when that is later. -#}
{% macro ticket_kpis_end_date(as_of) -%}
    cast(case
        when {{ as_of }}.as_of_at > {{ as_of }}.last_stamp_at then {{ as_of }}.as_of_at
        else {{ as_of }}.last_stamp_at
    end as date)
{%- endmacro %}

{#- Query of one row per grain of the KPI model `relation`: the first
    period_start an incremental run replaces at that grain (see the top of this
    file); 0001-01-01 to rebuild every period. Read when the model runs and by
    the kpi_periods strategy, both before the model changes. -#}
{% macro ticket_kpis_replace_from(relation) -%}
    select
        previous.grain,
        case
            when changes.is_full_rebuild
                or previous.last_period is null
                or previous.updated_at < changes.previous_updated_at
                or previous.fingerprints <> 1
                or previous.config_fingerprint <> '{{ ticket_kpis_config_fingerprint() }}'
                or {{ ticket_kpis_end_date('as_of') }} < previous.last_period
                or cast(changes.changed_from_at as date) < previous.first_period
                or exists (
                    select
                        slice_name,
                        slice_value
                    from {{ ref('int_ticket_slice_values') }}
                    except
                    select
                        slice_name,
                        slice_value
                    from {{ relation }}
                )
                or exists (
                    select
                        slice_name,
                        slice_value
                    from {{ relation }}
                    except
                    select
                        slice_name,
                        slice_value
                    from {{ ref('int_ticket_slice_values') }}
                )
                then cast('0001-01-01' as date)
            when changes.changed_from_at is null then previous.last_period
            -- the period of the earliest change, at most the last period
            else coalesce((
                select max(kept.period_start)
                from {{ relation }} as kept
                where kept.grain = previous.grain
                    and kept.period_start <= cast(changes.changed_from_at as date)
            ), previous.last_period)
        end as replace_from
    from {{ ref('int_ticket_kpi_changes') }} as changes
    cross join {{ ref('int_as_of') }} as as_of
    cross join (
        select
            grain,
            min(period_start) as first_period,
            max(period_start) as last_period,
            max(dbt_updated_at) as updated_at,
            count(distinct dbt_config_fingerprint) as fingerprints,
            max(dbt_config_fingerprint) as config_fingerprint
        from {{ relation }}
        group by grain
    ) as previous
{%- endmacro %}

{#- The values of ticket_kpis_replace_from, as a dict grain -> YYYY-MM-DD
    (0001-01-01 for a grain the model does not hold yet, and for every grain
    when relation is none: a full build), queried when the model runs (its
    SQL is compiled after its inputs are built); placeholders while dbt
    parses. -#}
{% macro ticket_kpis_replace_from_values(relation) %}
    {%- set values = {} -%}
    {%- for grain in ticket_kpi_grains() -%}
        {%- do values.update({grain: '0001-01-01'}) -%}
    {%- endfor -%}
    {%- if execute and relation is not none -%}
        {%- for row in run_query(ticket_kpis_replace_from(relation)).rows -%}
            {%- do values.update({row[0]: row[1] | string}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(values) }}
{% endmacro %}

{#- The kpi_periods incremental strategy (dbt calls get_incremental_<strategy>_sql):
    delete the periods the run replaces, at each grain, and insert the
    recomputed ones. -#}
{% macro get_incremental_kpi_periods_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set replace_from = ticket_kpis_replace_from_values(target) -%}
    delete from {{ target }}
    where period_start >= case grain
        {%- for grain, first_period in replace_from.items() %}
        when '{{ grain }}' then cast('{{ first_period }}' as date)
        {%- endfor %}
    end;

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}

{#- Keeps the rows of the periods an incremental run replaces (true on a full
    build); the column's period starts at replace_from or later exactly when
    the column is at replace_from (a period start) or later. -#}
{% macro ticket_kpis_since(column, since) -%}
    {%- if since is not none -%}
        {{ column }} >= cast('{{ since }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
