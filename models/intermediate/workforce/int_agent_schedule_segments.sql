{#- One row per agent and stretch of time in which the agent's schedule names
    exactly one activity: the accepted agent_shifts blocks laid on a single
    timeline. Where blocks overlap (a workforce-management export that nests a
    break inside a whole-shift work block, or two colliding blocks) the more
    specific activity wins, in this order: break, meeting, training, work.
    Time that no block covers is not scheduled. A sweep over block starts and
    ends (running count of open blocks per activity), so the cost is linear in
    blocks whatever their overlaps. -#}
with shifts as (
    select * from {{ ref('stg_helpdesk__agent_shifts') }}
),

block_edges as (
    select
        agent_id,
        activity,
        scheduled_start as edge_at,
        1 as open_change
    from shifts
    union all
    select
        agent_id,
        activity,
        scheduled_end as edge_at,
        -1 as open_change
    from shifts
),

edges as (
    select
        agent_id,
        edge_at,
        sum(case when activity = 'break' then open_change else 0 end) as break_change,
        sum(case when activity = 'meeting' then open_change else 0 end) as meeting_change,
        sum(case when activity = 'training' then open_change else 0 end) as training_change,
        sum(case when activity = 'work' then open_change else 0 end) as work_change
    from block_edges
    group by agent_id, edge_at
),

pieces as (
    select
        agent_id,
        edge_at as scheduled_start,
        lead(edge_at) over (partition by agent_id order by edge_at) as scheduled_end,
        sum(break_change) over agent_timeline as open_break_blocks,
        sum(meeting_change) over agent_timeline as open_meeting_blocks,
        sum(training_change) over agent_timeline as open_training_blocks,
        sum(work_change) over agent_timeline as open_work_blocks
    from edges
    window agent_timeline as (
        partition by agent_id order by edge_at rows between unbounded preceding and current row
    )
),

resolved as (
    select
        agent_id,
        scheduled_start,
        scheduled_end,
        case
            when open_break_blocks > 0 then 'break'
            when open_meeting_blocks > 0 then 'meeting'
            when open_training_blocks > 0 then 'training'
            when open_work_blocks > 0 then 'work'
        end as activity
    from pieces
    where scheduled_end is not null
),

stretches as (
    -- consecutive pieces of one activity form one stretch
    select
        agent_id,
        activity,
        scheduled_start,
        scheduled_end,
        sum(case when continues_previous then 0 else 1 end) over (
            partition by agent_id order by scheduled_start
            rows between unbounded preceding and current row
        ) as stretch_number
    from (
        select
            agent_id,
            activity,
            scheduled_start,
            scheduled_end,
            coalesce(
                lag(activity) over (partition by agent_id order by scheduled_start) = activity
                and lag(scheduled_end) over (partition by agent_id order by scheduled_start)
                = scheduled_start,
                false
            ) as continues_previous
        from resolved
        where activity is not null
    ) as scheduled_pieces
),

final as (
    select
        agent_id,
        activity,
        min(scheduled_start) as scheduled_start,
        max(scheduled_end) as scheduled_end,
        {{ seconds_between('min(scheduled_start)', 'max(scheduled_end)') }} / 60.0
            as scheduled_minutes
    from stretches
    group by agent_id, activity, stretch_number
)

select * from final
