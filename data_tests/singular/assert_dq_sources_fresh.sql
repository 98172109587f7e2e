-- Raw tables whose latest event is older than var freshness_warn_after_hours
-- (default 48) when the warehouse was built, or that are present without any
-- accepted row (dq_source_freshness.is_stale). A warning, not an error: stale
-- data still builds correct history (a backfill or an analysis as of a past
-- date is stale on purpose); the warning tells whoever reads the marts that
-- the feed of these tables may have stopped.
{{ config(severity='warn') }}

select
    source_table,
    loaded_at_column,
    latest_at,
    built_at,
    hours_since_latest_at_build,
    freshness_warn_after_hours
from {{ ref('dq_source_freshness') }}
where is_stale
