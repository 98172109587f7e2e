{#- One row per category and period: per month (period_grain 'month',
    period_start = first day of the month) and over all periods together
    (period_grain 'all', period_start null). The counts come from the
    category slice of mart_ticket_kpis_monthly, so each keeps that mart's
    cohort: volume and escalations over tickets created in the period, AHT
    over human-handled tickets resolved in the period, FCR over tickets first
    resolved in the period. 'all' rows re-aggregate the monthly counts.

    - aht_seconds = handle_seconds_total / tickets_with_handle_time (resolved
      tickets with handle time that are not automated resolutions).
    - agent_hours = aht_seconds x tickets_created / 3600 (SPEC: AHT x volume).
    - resolution_consistency = 1 - (Q3 - Q1) / (Q3 + Q1) of handle_seconds
      over the AHT cohort (1 - the quartile coefficient of dispersion):
      robust to outliers, scale-free, in 0..1 for non-negative times; 1 when
      every ticket takes the same time. Null without such a ticket.
    - automation candidates (is_automation_candidate): categories with
      tickets created in the period whose service class is not
      human_judgment (SPEC: those are never automation candidates; a
      category missing from the seed has no class and stays a candidate,
      the seed warning test lists it).
    - automation potential (candidates only; each
      component normalised across the period's candidates as a percent
      rank, 0 = lowest .. 1 = highest, a component that cannot be measured
      counts as 0):
        score = (w_v x volume_score + w_h x agent_hours_score
                 + w_c x consistency_score) / (w_v + w_h + w_c)
      with the weights of vars automation_score_weight_volume,
      automation_score_weight_agent_hours and
      automation_score_weight_consistency (default 1 each: equal weights).
      automation_potential_rank 1 = the best candidate (rank: ties share). -#}
{%- set weight_volume = var('automation_score_weight_volume') -%}
{%- set weight_agent_hours = var('automation_score_weight_agent_hours') -%}
{%- set weight_consistency = var('automation_score_weight_consistency') -%}
{%- set quartiles = [('p25', 0.25), ('median', 0.5), ('p75', 0.75)] -%}
with kpis as (
    -- another area's mart, on purpose: the category counts must be the
    -- ticket KPIs' own (same cohorts), not a second computation of them
    select * from {{ ref('mart_ticket_kpis_monthly') }}
    where slice_name = 'category'
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

categories as (
    select * from {{ ref('dim_category') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

handled as (
    -- the AHT cohort of mart_ticket_kpis (resolved, human-handled)
    select
        coalesce(category, 'unknown') as category,
        {{ period_start('month', 'resolved_at') }} as period_start,
        handle_seconds
    from tickets
    where resolved_at is not null
        and not is_automated_resolution
        and handle_seconds is not null
),

monthly_spread as (
    select
        period_start,
        category,
        {%- for name, fraction in quartiles %}
            {{ percentile_cont('handle_seconds', fraction) }} as handle_seconds_{{ name }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from handled
    group by period_start, category
),

overall_spread as (
    select
        category,
        {%- for name, fraction in quartiles %}
            {{ percentile_cont('handle_seconds', fraction) }} as handle_seconds_{{ name }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from handled
    group by category
),

monthly as (
    select
        'month' as period_grain,
        kpis.period_start,
        kpis.slice_value as category,
        kpis.tickets_created,
        kpis.tickets_with_handle_time,
        kpis.handle_seconds_total,
        monthly_spread.handle_seconds_p25,
        monthly_spread.handle_seconds_median,
        monthly_spread.handle_seconds_p75,
        kpis.fcr_first_contact,
        kpis.fcr_not_first_contact,
        kpis.fcr_pending,
        kpis.tickets_escalated
    from kpis
    left join monthly_spread
        on kpis.period_start = monthly_spread.period_start
            and kpis.slice_value = monthly_spread.category
),

overall_counts as (
    select
        slice_value as category,
        sum(tickets_created) as tickets_created,
        sum(tickets_with_handle_time) as tickets_with_handle_time,
        sum(handle_seconds_total) as handle_seconds_total,
        sum(fcr_first_contact) as fcr_first_contact,
        sum(fcr_not_first_contact) as fcr_not_first_contact,
        sum(fcr_pending) as fcr_pending,
        sum(tickets_escalated) as tickets_escalated
    from kpis
    group by slice_value
),

overall as (
    select
        'all' as period_grain,
        cast(null as date) as period_start,
        overall_counts.category,
        overall_counts.tickets_created,
        overall_counts.tickets_with_handle_time,
        overall_counts.handle_seconds_total,
        overall_spread.handle_seconds_p25,
        overall_spread.handle_seconds_median,
        overall_spread.handle_seconds_p75,
        overall_counts.fcr_first_contact,
        overall_counts.fcr_not_first_contact,
        overall_counts.fcr_pending,
        overall_counts.tickets_escalated
    from overall_counts
    left join overall_spread
        on overall_counts.category = overall_spread.category
),

periods as (
    select * from monthly
    union all
    select * from overall
),

measured as (
    select
        periods.period_grain,
        periods.period_start,
        periods.category,
        categories.complexity_tier,
        categories.service_class,
        coalesce(categories.is_in_seed, false) as is_in_seed,
        cast(periods.tickets_created as {{ dbt.type_bigint() }}) as tickets_created,
        cast(periods.tickets_with_handle_time as {{ dbt.type_bigint() }})
            as tickets_with_handle_time,
        periods.handle_seconds_total,
        {{ safe_ratio('periods.handle_seconds_total', 'periods.tickets_with_handle_time') }}
            as aht_seconds,
        {{ safe_ratio('periods.handle_seconds_total', 'periods.tickets_with_handle_time') }}
        * periods.tickets_created / 3600.0 as agent_hours,
        periods.handle_seconds_p25,
        periods.handle_seconds_median,
        periods.handle_seconds_p75,
        1 - {{ safe_ratio('periods.handle_seconds_p75 - periods.handle_seconds_p25',
            'periods.handle_seconds_p75 + periods.handle_seconds_p25') }}
            as resolution_consistency,
        cast(periods.fcr_first_contact as {{ dbt.type_bigint() }}) as fcr_first_contact,
        cast(periods.fcr_not_first_contact as {{ dbt.type_bigint() }})
            as fcr_not_first_contact,
        {{ safe_ratio('periods.fcr_first_contact',
            'periods.fcr_first_contact + periods.fcr_not_first_contact') }} as fcr_rate,
        cast(periods.fcr_pending as {{ dbt.type_bigint() }}) as fcr_pending,
        cast(periods.tickets_escalated as {{ dbt.type_bigint() }}) as tickets_escalated,
        {{ safe_ratio('periods.tickets_escalated', 'periods.tickets_created') }}
            as escalation_rate,
        periods.tickets_created > 0 as is_scored,
        periods.tickets_created > 0
        and coalesce(categories.service_class, '') <> 'human_judgment'
            as is_automation_candidate,
        -- null on the 'all' rows (no period)
        {{ is_period_complete('month', 'periods.period_start', 'as_of.as_of_at') }}
            as is_period_complete
    from periods
    cross join as_of
    left join categories
        on periods.category = categories.category
),

normalised as (
    -- percent rank among the period's automation candidates that have the
    -- component (the partition keeps the others out of the ranking)
    select
        measured.*,
        {%- for score, component in [('volume', 'tickets_created'),
                                     ('agent_hours', 'agent_hours'),
                                     ('consistency', 'resolution_consistency')] %}
            case
                when is_automation_candidate and {{ component }} is not null
                    then percent_rank() over (
                            partition by
                                period_grain,
                                period_start,
                                is_automation_candidate and {{ component }} is not null
                            order by {{ component }}
                        )
            end as {{ score }}_score
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from measured
),

scored as (
    select
        normalised.*,
        case
            when is_automation_candidate
                then (
                    {{ weight_volume }} * coalesce(volume_score, 0)
                    + {{ weight_agent_hours }} * coalesce(agent_hours_score, 0)
                    + {{ weight_consistency }} * coalesce(consistency_score, 0)
                ) / ({{ weight_volume }} + {{ weight_agent_hours }} + {{ weight_consistency }})
        end as automation_potential_score
    from normalised
),

final as (
    select
        scored.*,
        case
            when is_automation_candidate
                then rank() over (
                        partition by period_grain, period_start, is_automation_candidate
                        order by automation_potential_score desc
                    )
        end as automation_potential_rank
    from scored
)

select * from final
