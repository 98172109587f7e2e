{#- One row describing this build, for BI tools to show beside any mart (cross
    join it): when it was built, the as_of instant, the latest event in the
    raw data, whether that data is stale (latest event older than var
    freshness_warn_after_hours at build time), which tables are stale, and
    the raw rows read, accepted and rejected. -#}
with freshness as (
    select * from {{ ref('dq_source_freshness') }}
),

row_counts as (
    select * from {{ ref('dq_raw_row_counts') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

freshness_summary as (
    select
        max(built_at) as built_at,
        max(as_of_at) as as_of_at,
        max(latest_at) as latest_data_at,
        max(freshness_warn_after_hours) as freshness_warn_after_hours,
        count(case when is_stale then 1 end) as stale_table_count,
        {{ dbt.listagg(
            "case when is_stale then source_table end",
            "', '",
            "order by source_table",
        ) }} as stale_tables
    from freshness
),

row_summary as (
    select
        cast(sum(rows_read) as {{ dbt.type_bigint() }}) as raw_rows_read,
        cast(sum(rows_accepted) as {{ dbt.type_bigint() }}) as raw_rows_accepted,
        cast(sum(rows_rejected) as {{ dbt.type_bigint() }}) as raw_rows_rejected
    from row_counts
),

final as (
    select
        freshness_summary.built_at,
        freshness_summary.as_of_at,
        freshness_summary.latest_data_at,
        {{ seconds_between('freshness_summary.latest_data_at', 'freshness_summary.built_at') }}
        / 3600.0 as hours_since_latest_data_at_build,
        freshness_summary.freshness_warn_after_hours,
        coalesce(
            {{ seconds_between('freshness_summary.latest_data_at', 'freshness_summary.built_at') }}
            / 3600.0 > freshness_summary.freshness_warn_after_hours,
            true
        ) as is_data_stale,
        freshness_summary.stale_table_count,
        freshness_summary.stale_tables,
        row_summary.raw_rows_read,
        row_summary.raw_rows_accepted,
        row_summary.raw_rows_rejected,
        {{ "'var as_of'" if var('as_of') is not none else "'latest data'" }} as as_of_source,
        -- a back-dated as_of: rows after it are still counted
        coalesce(as_of.as_of_at < as_of.last_stamp_at, false) as is_as_of_before_latest_data
    from freshness_summary
    cross join row_summary
    cross join as_of
)

select * from final
