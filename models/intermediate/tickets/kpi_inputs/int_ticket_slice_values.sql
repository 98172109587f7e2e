{#- One row per slice (name and value) of int_ticket_slices: the slices every
    period of the ticket KPI marts has a row for. -#}
with slices as (
    select * from {{ ref('int_ticket_slices') }}
),

final as (
    select distinct
        slice_name,
        slice_value
    from slices
)

select * from final
