{#- One row per change of the seed kpi_changes: its scope and its baseline
    and after windows resolved (docs block change_windows). Dates are UTC
    days and both ends are inclusive; a blank date takes its default: the
    baseline is the change_baseline_days days before the go-live date
    (ending the day before it), the after window the change_after_days days
    from the go-live date on. The _at columns are the instants a timestamp
    is compared with: start inclusive, end exclusive (the midnight after the
    window's last day). A window has ended when its end instant <= as_of. -#}
{%- set baseline_days = var('change_baseline_days') | int -%}
{%- set after_days = var('change_after_days') | int -%}
with changes as (
    select * from {{ ref('kpi_changes') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

resolved as (
    select
        change_id,
        change_name,
        change_type,
        go_live_date,
        scope_type,
        -- blank for scope all; channels and categories are lower case in
        -- the facts, team names are compared as written
        case
            when scope_type in ('channel', 'category')
                then {{ seed_text('scope_value', lower=true) }}
            else {{ seed_text('scope_value') }}
        end as scope_value,
        coalesce(
            baseline_start,
            cast({{ dbt.dateadd('day', -baseline_days, 'go_live_date') }} as date)
        ) as baseline_start_date,
        coalesce(
            baseline_end, cast({{ dbt.dateadd('day', -1, 'go_live_date') }} as date)
        ) as baseline_end_date,
        coalesce(after_start, go_live_date) as after_start_date,
        coalesce(
            after_end,
            cast({{ dbt.dateadd('day', after_days - 1, 'go_live_date') }} as date)
        ) as after_end_date
    from changes
),

final as (
    select
        resolved.*,
        cast(resolved.baseline_start_date as {{ dbt.type_timestamp() }}) as baseline_start_at,
        {{ dbt.dateadd('day', 1,
            'cast(resolved.baseline_end_date as ' ~ dbt.type_timestamp() ~ ')') }}
            as baseline_end_at,
        cast(resolved.after_start_date as {{ dbt.type_timestamp() }}) as after_start_at,
        {{ dbt.dateadd('day', 1,
            'cast(resolved.after_end_date as ' ~ dbt.type_timestamp() ~ ')') }}
            as after_end_at,
        as_of.as_of_at
    from resolved
    cross join as_of
)

select * from final
