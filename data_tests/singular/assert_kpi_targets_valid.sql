-- Every KPI target (seed kpi_targets) is one the marts can answer: its
-- metric is a series of kpi_series(), its slice is a slice of the KPI marts
-- (blank or overall, else a name of ticket_slice_columns() with a value),
-- its grain one the series is followed at (blank = all), and its direction
-- the series' own (a target saying a higher first response time is better
-- contradicts the metric's definition). A target that fails stops the build
-- with its reason, instead of matching no period in mart_kpi_targets.
{%- set slice_names = ['overall'] + ticket_slice_columns() %}
{%- set slice_list = "'', '" ~ slice_names | join("', '") ~ "'" %}
with targets as (
    select
        target_id,
        metric,
        direction,
        target,
        -- blank cells (on Spark the text 'None') as ''
        coalesce({{ seed_text('slice_name') }}, '') as slice_name,
        coalesce({{ seed_text('slice_value') }}, '') as slice_value,
        coalesce({{ seed_text('grain') }}, '') as grain
    from {{ ref('kpi_targets') }}
),

series as (
    {%- for series in kpi_series() %}
        {%- for grain in series['grains'] %}
            select
                '{{ series['name'] }}' as metric,
                '{{ grain }}' as grain,
                '{{ series['direction'] }}' as direction,
                {{ 'true' if series['name'] == 'cost_per_ticket' else 'false' }} as is_overall_only
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

known_metrics as (
    select
        metric,
        max(direction) as direction,
        max(case when is_overall_only then 1 else 0 end) = 1 as is_overall_only
    from series
    group by metric
),

checked as (
    select
        targets.target_id,
        targets.metric,
        case
            when known_metrics.metric is null
                then 'metric is not a KPI series (macros/metrics/kpi_series.sql)'
            when targets.direction not in ('higher', 'lower')
                then 'direction must be higher or lower'
            when targets.direction <> known_metrics.direction
                then 'direction contradicts the series: ' || known_metrics.direction
                    || ' is better'
            when coalesce(targets.slice_name, '') not in ({{ slice_list }})
                then 'unknown slice_name'
            when coalesce(targets.slice_name, '') not in ('', 'overall')
                and coalesce(targets.slice_value, '') = ''
                then 'slice_value missing'
            when known_metrics.is_overall_only
                and coalesce(targets.slice_name, '') not in ('', 'overall')
                then 'the series has no slices'
            when coalesce(targets.grain, '') <> ''
                and not exists (
                    select 1
                    from series
                    where series.metric = targets.metric
                        and series.grain = targets.grain
                )
                then 'the series is not followed at that grain'
            when targets.target is null then 'target missing'
        end as reason
    from targets
    left join known_metrics
        on targets.metric = known_metrics.metric
)

select * from checked
where reason is not null
