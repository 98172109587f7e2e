{#- Membership tests for things with a start and an optional end (agents
    employed, customers subscribed), used by the team-health mart. -#}

{#- Started before `instant` and not ended by then. -#}
{% macro is_active_at(start_column, end_column, instant) -%}
    ({{ start_column }} < {{ instant }}
        and ({{ end_column }} is null or {{ end_column }} >= {{ instant }}))
{%- endmacro %}

{#- The timestamp falls in [period_start, period_end). -#}
{% macro is_within(timestamp_column, period_start, period_end) -%}
    ({{ timestamp_column }} >= {{ period_start }} and {{ timestamp_column }} < {{ period_end }})
{%- endmacro %}
