-- mart_self_service_deflection adds up to the accepted sessions: for every
-- period (each month, and all periods) and every slice_name, the rows of the
-- slice hold each session exactly once, so their outcome counts equal those
-- of the sessions of that period counted straight from stg_helpdesk__self_service_sessions.
with sessions as (
    select
        {{ period_start('month', 'started_at') }} as period_start,
        outcome
    from {{ ref('stg_helpdesk__self_service_sessions') }}
),

expected_by_month as (
    select
        'month' as period_grain,
        period_start,
        count(*) as sessions,
        count(case when outcome = 'confirmed_resolved' then 1 end) as confirmed_resolved,
        count(case when outcome = 'escalated' then 1 end) as escalated,
        count(case when outcome = 'abandoned' then 1 end) as abandoned
    from sessions
    group by period_start
),

expected as (
    select * from expected_by_month
    union all
    select
        'all' as period_grain,
        cast(null as date) as period_start,
        count(*) as sessions,
        count(case when outcome = 'confirmed_resolved' then 1 end) as confirmed_resolved,
        count(case when outcome = 'escalated' then 1 end) as escalated,
        count(case when outcome = 'abandoned' then 1 end) as abandoned
    from sessions
    -- no sessions (e.g. no self_service_sessions table): no rows expected
    having count(*) > 0
),

slice_names as (
    select 'overall' as slice_name
    union all
    select 'entry_point'
    union all
    select 'category'
    union all
    select 'entry_point_category'
),

expected_slices as (
    select
        expected.*,
        slice_names.slice_name
    from expected
    cross join slice_names
),

actual as (
    select
        period_grain,
        period_start,
        slice_name,
        sum(sessions) as sessions,
        sum(confirmed_resolved_sessions) as confirmed_resolved,
        sum(escalated_sessions) as escalated,
        sum(abandoned_sessions) as abandoned
    from {{ ref('mart_self_service_deflection') }}
    group by period_grain, period_start, slice_name
)

select
    coalesce(actual.period_grain, expected_slices.period_grain) as period_grain,
    coalesce(actual.period_start, expected_slices.period_start) as period_start,
    coalesce(actual.slice_name, expected_slices.slice_name) as slice_name,
    actual.sessions,
    expected_slices.sessions as expected_sessions,
    actual.confirmed_resolved,
    expected_slices.confirmed_resolved as expected_confirmed_resolved
from actual
full outer join expected_slices
    on actual.period_grain = expected_slices.period_grain
        and (
            actual.period_start = expected_slices.period_start
            or (actual.period_start is null and expected_slices.period_start is null)
        )
        and actual.slice_name = expected_slices.slice_name
where actual.sessions is null
    or expected_slices.sessions is null
    or actual.sessions <> expected_slices.sessions
    or actual.confirmed_resolved <> expected_slices.confirmed_resolved
    or actual.escalated <> expected_slices.escalated
    or actual.abandoned <> expected_slices.abandoned
