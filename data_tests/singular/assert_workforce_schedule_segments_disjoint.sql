-- SPEC 2 adherence and availability divide by scheduled minutes, so each
-- scheduled minute must count once: the segments of an agent never overlap,
-- and per agent the segments cover exactly the union of the accepted
-- agent_shifts blocks (overlaps are resolved, never dropped or doubled).
with segments as (
    select
        agent_id,
        scheduled_start,
        scheduled_end,
        lag(scheduled_end) over (
            partition by agent_id order by scheduled_start
        ) as previous_end
    from {{ ref('int_agent_schedule_segments') }}
),

overlapping as (
    select
        agent_id,
        scheduled_start,
        'segment overlaps the previous one' as problem
    from segments
    where previous_end > scheduled_start
),

blocks as (
    select
        agent_id,
        scheduled_start,
        scheduled_end,
        max(scheduled_end) over (
            partition by agent_id order by scheduled_start, scheduled_end
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from {{ ref('fact_agent_schedule') }}
),

islands as (
    -- the union of the blocks: a new island starts where no earlier block reaches
    select
        agent_id,
        scheduled_start,
        scheduled_end,
        sum(case when covered_until >= scheduled_start then 0 else 1 end) over (
            partition by agent_id order by scheduled_start, scheduled_end
            rows between unbounded preceding and current row
        ) as island_number
    from blocks
),

union_minutes as (
    select
        agent_id,
        sum(island_seconds) / 60.0 as minutes
    from (
        select
            agent_id,
            island_number,
            {{ seconds_between('min(scheduled_start)', 'max(scheduled_end)') }}
                as island_seconds
        from islands
        group by agent_id, island_number
    ) as island_spans
    group by agent_id
),

segment_minutes as (
    select
        agent_id,
        sum(scheduled_minutes) as minutes
    from {{ ref('int_agent_schedule_segments') }}
    group by agent_id
),

uncovered as (
    select
        union_minutes.agent_id,
        cast(null as {{ dbt.type_timestamp() }}) as scheduled_start,
        'segment minutes differ from the union of the blocks' as problem
    from union_minutes
    left join segment_minutes
        on union_minutes.agent_id = segment_minutes.agent_id
    where abs(coalesce(segment_minutes.minutes, 0) - union_minutes.minutes) > 1e-6
)

select * from overlapping
union all
select * from uncovered
