{#- One row per ticket and slice: the dimensions the core marts are cut by
    (overall, channel, category, complexity_tier, priority). A null value is
    reported as 'unknown'. Marts join it to aggregate every slice in one pass. -#}
{%- set slice_columns = ticket_slice_columns() -%}
with tickets as (
    select * from {{ ref('int_ticket_attributes') }}
),

final as (
    select
        ticket_id,
        'overall' as slice_name,
        'all' as slice_value
    from tickets
    {%- for column in slice_columns %}
        union all
        select
            ticket_id,
            '{{ column }}' as slice_name,
            coalesce({{ column }}, 'unknown') as slice_value
        from tickets
    {%- endfor %}
)

select * from final
