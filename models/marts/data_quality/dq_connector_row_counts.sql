{{ config(enabled=var('helpdesk_source', 'helpdesk') != 'helpdesk') }}
{#- One row per table of the connector source (var helpdesk_source) and
    outcome: how many of its rows became rows of which table of SPEC
    section 1, and how many were not mapped, and why (docs/connectors.md).
    Built only with a connector source. With dq_raw_row_counts (rows read =
    accepted + rejected per SPEC table) it accounts for every row. -#}
with source_row_counts as (
    select * from {{ ref(var('helpdesk_source') ~ '__source_row_counts') }}
),

final as (
    select
        '{{ var('helpdesk_source') }}' as source_system,
        source_table,
        outcome,
        row_count
    from source_row_counts
)

select * from final
