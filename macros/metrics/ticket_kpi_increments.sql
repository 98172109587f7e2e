{#- Incremental ticket KPI marts (mart_ticket_kpis_daily / _weekly / _monthly).

    Every value of those marts is an aggregate, per period and slice, of
    per-ticket contributions: the ticket's creation, resolution and first
    resolution (with the fact columns each cohort reads), its surveys, its
    agents' replies and its backlog changes, each carrying the ticket's slice
    values. int_ticket_kpi_contributions keeps one row per contribution: its
    instant and a hash of everything the marts read of it.

    On an incremental run int_ticket_kpi_changes (built before the ledger is
    rewritten) compares the contributions of the tickets in int_ticket_scope
    with the ledger's previous rows: the earliest instant of a contribution
    that appeared, vanished or changed is the first instant whose period can
    differ. Each mart then replaces its periods from that one on (at least its
    last period, which grows with as_of), seeding the backlog running sum and
    the weekly growth alert from the periods it keeps. It rebuilds every
    period instead when the ticket configuration changed (every ticket in
    scope), the mart's own vars changed, the set of slice values changed, the
    data ends before the mart's last period, a change precedes its first
    period, or the mart missed an earlier ledger update. -#}

{#- The slice columns of int_ticket_slices (besides 'overall'). -#}
{% macro ticket_slice_columns() %}
    {{ return(['channel', 'category', 'complexity_tier', 'priority']) }}
{% endmacro %}

{#- Contributions of the tickets in scope (every ticket on a full build; scoped
    overrides, see ticket_scope_filter): one row per ticket, kind, instant and
    hash, with the number of identical contributions. -#}
{% macro ticket_kpi_contributions(scoped=none) %}
{%- set slice_text = row_text_sql(ticket_slice_columns()) -%}
with attributes as (
    select
        ticket_id,
        {{ slice_text }} as slice_text
    from {{ ref('int_ticket_attributes') }}
    where {{ ticket_scope_filter(scoped=scoped) }}
),

tickets as (
    select * from {{ ref('fact_ticket') }}
    where {{ ticket_scope_filter(scoped=scoped) }}
),

surveys as (
    select
        ticket_id,
        sent_at,
        survey_type,
        score
    from {{ ref('int_surveys_validated') }}
    where dq_reason is null
        and {{ ticket_scope_filter(scoped=scoped) }}
),

replies as (
    select
        ticket_id,
        interaction_at,
        author_id
    from {{ ref('fact_interaction') }}
    where is_reply and author_type = 'agent'
        and {{ ticket_scope_filter(scoped=scoped) }}
),

backlog_deltas as (
    select
        ticket_id,
        changed_at,
        change_type,
        backlog_delta
    from {{ ref('int_ticket_backlog_deltas') }}
    where {{ ticket_scope_filter(scoped=scoped) }}
),

{#- kind -> (instant, what the marts read of it), in the order of macro ticket_kpis -#}
{%- set ticket_cohorts = {
    'created': ('created_at', ['is_inbound', 'first_response_at', 'first_response_minutes',
                               'first_response_business_minutes', 'is_escalated',
                               'is_first_response_sla_breached', 'is_resolution_sla_breached']),
    'resolved': ('resolved_at', ['resolution_minutes', 'resolution_business_minutes',
                                 'is_one_touch', 'is_automated_resolution', 'handle_seconds']),
    'first_resolved': ('first_resolved_at', ['fcr_status', 'is_reopened_within_window',
                                             'is_reopen_window_elapsed']),
} -%}
{%- set event_lists = {
    'survey': ('surveys', 'sent_at', ['survey_type', 'score']),
    'reply': ('replies', 'interaction_at', ['author_id']),
    'backlog_change': ('backlog_deltas', 'changed_at', ['change_type', 'backlog_delta']),
} %}

contributions as (
    {%- for kind, (instant, columns) in ticket_cohorts.items() %}
    {%- set read = ['tickets.' ~ instant] -%}
    {%- for column in columns -%}{%- do read.append('tickets.' ~ column) -%}{%- endfor %}
    select
        tickets.ticket_id,
        '{{ kind }}' as contribution_kind,
        tickets.{{ instant }} as contributed_at,
        attributes.slice_text || '|' || {{ row_text_sql(read) }} as contribution_text
    from tickets
    inner join attributes
        on tickets.ticket_id = attributes.ticket_id
    where tickets.{{ instant }} is not null
    union all
    {%- endfor %}
    {%- for kind, (cte, instant, columns) in event_lists.items() %}
    {%- set read = [cte ~ '.' ~ instant] -%}
    {%- for column in columns -%}{%- do read.append(cte ~ '.' ~ column) -%}{%- endfor %}
    select
        {{ cte }}.ticket_id,
        '{{ kind }}' as contribution_kind,
        {{ cte }}.{{ instant }} as contributed_at,
        attributes.slice_text || '|' || {{ row_text_sql(read) }} as contribution_text
    from {{ cte }}
    inner join attributes
        on {{ cte }}.ticket_id = attributes.ticket_id
    where {{ cte }}.{{ instant }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        ticket_id,
        contribution_kind,
        contributed_at,
        {{ hash64('contribution_text') }} as contribution_hash,
        count(*) as contribution_count,
        {{ run_loaded_at() }} as dbt_updated_at
    from contributions
    group by 1, 2, 3, 4
)

select * from final
{%- endmacro %}

{#- Fingerprint of what the KPI marts read besides their input tables: their
    own vars, and the version of their definitions (raise it when the SQL of
    macro ticket_kpis changes what a stored period holds). -#}
{% macro ticket_kpis_config_fingerprint() %}
    {%- set settings = {
        'definition_version': 1,
        'csat_min_response_rate': var('csat_min_response_rate'),
        'backlog_growth_alert_pct': var('backlog_growth_alert_pct'),
        'backlog_growth_alert_weeks': var('backlog_growth_alert_weeks'),
    } -%}
    {{ return(local_md5(tojson(settings))) }}
{% endmacro %}

{#- The last day the KPI marts cover: as_of, or the latest stamp in the data
    when that is later. -#}
{% macro ticket_kpis_end_date(as_of) -%}
    cast(case
        when {{ as_of }}.as_of_at > {{ as_of }}.last_stamp_at then {{ as_of }}.as_of_at
        else {{ as_of }}.last_stamp_at
    end as date)
{%- endmacro %}

{#- Query of one row and column: the first period_start of the KPI mart
    `relation` that an incremental run replaces (see the top of this file);
    0001-01-01 to rebuild every period. Read by the mart's SQL and by the
    kpi_periods strategy, both before the mart changes. -#}
{% macro ticket_kpis_replace_from(relation) -%}
    select
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
            else coalesce((
                select max(kept.period_start)
                from {{ relation }} as kept
                where kept.period_start <= cast(changes.changed_from_at as date)
                    and kept.period_start < previous.last_period
            ), previous.last_period)
        end as replace_from
    from {{ ref('int_ticket_kpi_changes') }} as changes
    cross join {{ ref('int_as_of') }} as as_of
    cross join (
        select
            min(period_start) as first_period,
            max(period_start) as last_period,
            max(dbt_updated_at) as updated_at,
            count(distinct dbt_config_fingerprint) as fingerprints,
            max(dbt_config_fingerprint) as config_fingerprint
        from {{ relation }}
    ) as previous
{%- endmacro %}

{#- The kpi_periods incremental strategy (dbt calls get_incremental_<strategy>_sql):
    delete the periods the run replaces and insert the recomputed ones. -#}
{% macro get_incremental_kpi_periods_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where period_start >= ({{ ticket_kpis_replace_from(target) }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
