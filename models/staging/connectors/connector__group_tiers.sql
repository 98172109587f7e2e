{{ config(enabled=var('helpdesk_source', 'helpdesk') != 'helpdesk') }}
{#- The tier of each group (team) of the connector source (var
    helpdesk_source) from seeds/connectors/connector_group_tiers.csv, group
    names trimmed and lower-cased for a case-insensitive match: a move to a
    group of a higher tier is an escalation (docs/connectors.md). -#}
with group_tiers as (
    select * from {{ ref('connector_group_tiers') }}
),

final as (
    select
        lower(trim(group_name)) as group_name,
        tier
    from group_tiers
    where source_system = {{ sql_text_literal(var('helpdesk_source')) }}
)

select * from final
