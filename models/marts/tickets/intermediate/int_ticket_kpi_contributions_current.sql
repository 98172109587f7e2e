{#- One row per contribution of a ticket in scope to mart_ticket_kpis (its
    creation, resolution, first resolution, surveys, agent replies and
    backlog changes): the contribution's instant, a hash of everything the
    KPI model reads of it (the ticket's slices, the instant, the columns of
    ticket_kpi_inputs), and the number of identical contributions. Ephemeral:
    int_ticket_kpi_changes compares it with the ledger, and the ledger
    (int_ticket_kpi_contributions) stores it. The tickets in scope are every
    ticket unless the ledger is built and this is not a full refresh: then
    the tickets of int_ticket_scope (macros/incremental/ticket_kpi_increments.sql). -#}
{%- set scoped = built_model_relation('int_ticket_kpi_contributions', 'intermediate') is not none
    and not flags.FULL_REFRESH and target.type != 'spark' -%}
{#- dbt cannot see this read: the scope filter reads it on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with {{ ticket_kpi_input_ctes(scoped) }},

attributes as (
    select
        ticket_id,
        {{ ticket_slice_columns() | join(',\n        ') }}
    from {{ ref('int_ticket_slice_attributes') }}
    where {{ ticket_scope_filter(scoped=scoped) }}
),

contributions as (
    {%- for input in ticket_kpi_inputs() %}
        {%- set source = input['source'] -%}
        {#- what the KPI model reads of it: the ticket's slices, the instant, the columns -#}
        {%- set read = [] -%}
        {%- for column in ticket_slice_columns() -%}
            {%- do read.append('attributes.' ~ column) -%}
        {%- endfor -%}
        {%- for column in [input['instant']] + input['columns'] -%}
            {%- do read.append(source ~ '.' ~ column) -%}
        {%- endfor %}
        select
            {{ source }}.ticket_id,
            '{{ input['kind'] }}' as contribution_kind,
            {{ source }}.{{ input['instant'] }} as contributed_at,
            {{ hash64(read) }} as contribution_hash
        from {{ source }}
        inner join attributes
            on {{ source }}.ticket_id = attributes.ticket_id
        where {{ source }}.{{ input['instant'] }} is not null
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
        contribution_hash,
        count(*) as contribution_count,
        {{ run_loaded_at() }} as dbt_updated_at
    from contributions
    group by ticket_id, contribution_kind, contributed_at, contribution_hash
)

select * from final
