{{ config(enabled=var('helpdesk_source', 'helpdesk') != 'helpdesk') }}
{#- The value maps of the connector source (var helpdesk_source) from
    seeds/connectors/connector_value_maps.csv, source values trimmed and
    lower-cased: the connector's mapping models lower-case the data's values
    and match them here, case-insensitively (docs/connectors.md). -#}
with value_maps as (
    select * from {{ ref('connector_value_maps') }}
),

final as (
    select
        field,
        lower(trim(source_value)) as source_value,
        canonical_value
    from value_maps
    where source_system = {{ sql_text_literal(var('helpdesk_source')) }}
)

select * from final
