{#- One row per period and slice of self-service sessions: month (period_grain
    'month', period_start = first day of the month the session started, UTC)
    or all periods together (period_grain 'all', period_start null), cut by
    slice_name overall (entry_point and category 'all'), entry_point,
    category, or entry_point_category (both set). A null category is
    reported as 'unknown'. Only combinations with at least one session have
    a row.

    deflection rate (SPEC 2) = confirmed_resolved sessions / all sessions;
    abandoned sessions are never deflections (they stay in the denominator).
    session_escalation_rate and session_abandonment_rate share the
    denominator, so the three rates add up to 1. Accepted sessions only (rejected rows are listed in
    dq_rejected_rows); without a self_service_sessions table the mart is
    empty. is_period_complete: the month has ended at as_of (null on the
    rows of all periods). -#}
with sessions as (
    select
        session_id,
        {{ period_start('month', 'started_at') }} as period_start,
        entry_point,
        coalesce(category, 'unknown') as category,
        outcome
    from {{ ref('stg_helpdesk__self_service_sessions') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

grouped as (
    select
        period_start,
        entry_point,
        category,
        count(*) as sessions,
        count(case when outcome = 'confirmed_resolved' then 1 end)
            as confirmed_resolved_sessions,
        count(case when outcome = 'escalated' then 1 end) as escalated_sessions,
        count(case when outcome = 'abandoned' then 1 end) as abandoned_sessions
    from sessions
    -- every combination of the three columns, each one kept or rolled up
    group by cube(period_start, entry_point, category)
    -- the grand total of an empty input would be a row of zeros: none wanted
    having count(*) > 0
),

flagged as (
    -- whether the month has ended; null on the rows of all periods
    select
        grouped.*,
        {{ is_period_complete('month', 'grouped.period_start', 'as_of.as_of_at') }}
            as is_period_complete
    from grouped
    cross join as_of
),

final as (
    -- inputs are never null (started_at, entry_point are required, category
    -- is coalesced), so a null here marks a rolled-up column
    select
        {{ cube_slice_labels('entry_point', 'category') }},
        is_period_complete,
        sessions,
        confirmed_resolved_sessions,
        escalated_sessions,
        abandoned_sessions,
        {{ safe_ratio('confirmed_resolved_sessions', 'sessions') }} as deflection_rate,
        {{ safe_ratio('escalated_sessions', 'sessions') }} as session_escalation_rate,
        {{ safe_ratio('abandoned_sessions', 'sessions') }} as session_abandonment_rate
    from flagged
)

select * from final
