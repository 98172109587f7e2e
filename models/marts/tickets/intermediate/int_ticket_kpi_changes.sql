{#- One row: what changed in the inputs of mart_ticket_kpis in this run.
    Built after the facts and before int_ticket_kpi_contributions is
    rewritten: the contributions of the tickets in scope, now
    (int_ticket_kpi_contributions_current), against the ledger's rows for them
    (read directly: the ledger comes after this model). mart_ticket_kpis
    replaces, at each grain, its periods from changed_from_at on, or every
    period when is_full_rebuild (see macros/incremental/ticket_kpi_increments.sql). -#}
{%- set previous = built_model_relation('int_ticket_kpi_contributions', 'intermediate') -%}
{%- set has_previous = previous is not none and not flags.FULL_REFRESH
    and target.type != 'spark' -%}
{#- dbt cannot see this read: it happens on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_kpi_contributions_current') }}
with scope as (
    select * from {{ ref('int_ticket_scope') }}
),
{%- if has_previous %}

current_contributions as (
    select * from {{ ref('int_ticket_kpi_contributions_current') }}
),

previous_contributions as (
    select * from {{ previous }}
),

differences as (
    -- contributions whose count differs: appeared, vanished or changed
    select
        contributed_at,
        sum(net_count) as net_count
    from (
        select
            ticket_id,
            contribution_kind,
            contributed_at,
            contribution_hash,
            contribution_count as net_count
        from current_contributions
        union all
        select
            ticket_id,
            contribution_kind,
            contributed_at,
            contribution_hash,
            -1 * contribution_count as net_count
        from previous_contributions
        where ticket_id in (select scope.ticket_id from scope)
    ) as signed
    group by ticket_id, contribution_kind, contributed_at, contribution_hash
    having sum(net_count) <> 0
),
{%- endif %}

{#- without a ledger to compare with (or on a full refresh) the KPI model rebuilds whole -#}
{%- set summary = {
    'is_full_rebuild': "(select count(*) from scope where scope_reason = 'all') > 0",
    'changed_from_at': '(select min(contributed_at) from differences)',
    'changed_contributions': '(select count(*) from differences)',
    'previous_updated_at': '(select max(dbt_updated_at) from previous_contributions)',
} if has_previous else {
    'is_full_rebuild': 'true',
    'changed_from_at': 'cast(null as ' ~ dbt.type_timestamp() ~ ')',
    'changed_contributions': 'cast(null as ' ~ dbt.type_bigint() ~ ')',
    'previous_updated_at': 'cast(null as ' ~ dbt.type_timestamp() ~ ')',
} %}

final as (
    select
        (select count(*) from scope) as tickets_in_scope,
        {{ summary['is_full_rebuild'] }} as is_full_rebuild,
        {{ summary['changed_from_at'] }} as changed_from_at,
        {{ summary['changed_contributions'] }} as changed_contributions,
        {{ summary['previous_updated_at'] }} as previous_updated_at
)

select * from final
