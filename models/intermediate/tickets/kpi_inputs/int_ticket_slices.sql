{#- One row per ticket and slice: the dimensions the core marts are cut by
    (overall and the columns of int_ticket_slice_attributes: channel,
    category, complexity_tier, priority, segment, plan, team,
    created_weekday, created_hour). A null value is reported as 'unknown'. Marts join it to aggregate every slice in one pass.
    Each ticket meets the list of slices (not a union of one select per
    slice: DuckDB 2.0 stores a view's chain of unions in DuckDB 1.0's file
    format so that a 1.x reader sees two branches of it). -#}
{%- set slice_columns = ticket_slice_columns() -%}
{%- set slice_rows = ["('overall')"] -%}
{%- for column in slice_columns -%}
    {%- do slice_rows.append("('" ~ column ~ "')") -%}
{%- endfor -%}
with tickets as (
    select * from {{ ref('int_ticket_slice_attributes') }}
),

slices as (
    select slice_list.slice_name
    from (values {{ slice_rows | join(', ') }}) as slice_list (slice_name)
),

final as (
    select
        tickets.ticket_id,
        slices.slice_name,
        case slices.slice_name
            when 'overall' then 'all'
            {%- for column in slice_columns %}
                when '{{ column }}' then coalesce(tickets.{{ column }}, 'unknown')
            {%- endfor %}
        end as slice_value
    from tickets
    cross join slices
)

select * from final
