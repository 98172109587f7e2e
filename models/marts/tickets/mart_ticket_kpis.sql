{#- One row per grain (day, week, month, quarter), period, slice_name and
    slice_value: the core ticket KPIs. mart_ticket_kpis_daily, _weekly,
    _monthly and _quarterly are this model at one grain. Each metric belongs to one cohort of tickets
    (docs block ticket_kpi_cohorts):
    - created in the period: volume, first response, escalation, SLA
      verdicts (first response and resolution, once decided), automation
      resolution rate (of the tickets a bot touched);
    - resolved (resolved_at) in the period: resolution time, one-touch, AHT
      and tickets per agent (both over human-handled tickets);
    - first resolved (first_resolved_at) in the period: FCR and reopen rate
      (over tickets whose window has elapsed at as_of, the others pending:
      window_metric_counts);
    - surveys sent in the period: CSAT, CES, NPS, response rate;
    - backlog: open tickets at the period's start and end, from the running
      sum of int_ticket_backlog_deltas; the growth alert (SPEC: weekly) is
      set on the weekly grain only.
    Rates carry their numerator and denominator so they can be re-aggregated.

    Incremental runs (macros/incremental/README.md, strategy kpi_periods):
    each grain replaces its periods from grains.replace_from on, the first
    period the run's changes reach; the periods before it are kept, and seed
    the backlog running sum and the weekly growth alert. A full build has
    replace_from 0001-01-01 at every grain. -#}
{%- set alert_weeks = var('backlog_growth_alert_weeks') | int -%}
{%- set sla_metrics = ['first_reply', 'next_reply', 'requester_wait', 'resolution'] -%}
{#- exact medians and p90s: (cohort CTE, fact_ticket column) -#}
{%- set percentile_measures = [
    ('created_tickets', 'first_response_minutes'),
    ('created_tickets', 'first_response_business_minutes'),
    ('resolved_tickets', 'resolution_minutes'),
    ('resolved_tickets', 'resolution_business_minutes'),
    ('resolved_tickets', 'requester_wait_minutes'),
    ('resolved_tickets', 'requester_wait_business_minutes'),
    ('resolved_tickets', 'agent_wait_minutes'),
    ('resolved_tickets', 'on_hold_minutes'),
    ('resolved_tickets', 'minutes_to_first_assignment'),
] -%}
{%- set incremental = is_incremental_run() -%}
{#- per grain, the first period replaced (YYYY-MM-DD); 0001-01-01 on a full build -#}
{%- set replace_from = ticket_kpis_replace_from_values(this if incremental else none) -%}
{#- the inputs are read from the earliest of them on (all of them on a full build) -#}
{%- set since = replace_from.values() | min if incremental else none %}
{#- dbt cannot see these reads: ticket_kpis_replace_from_values queries them
    when the model runs, and an incremental run reads the ledger -#}
-- depends_on: {{ ref('int_ticket_kpi_changes') }}
-- depends_on: {{ ref('int_ticket_kpi_contributions') }}
{# the import CTEs tickets (fact_ticket), surveys (stg_helpdesk__surveys),
    replies (fact_interaction, agent replies) and backlog_deltas
    (int_ticket_backlog_deltas), with exactly the columns of
    ticket_kpi_inputs(), which the ledger hashes; every ticket (false: not
    limited to the run's ticket scope) -#}
with {{ ticket_kpi_input_ctes(false) }},

slice_values as (
    select * from {{ ref('int_ticket_slice_values') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

days as (
    select date_day from {{ ref('int_calendar_days') }}
),

grains as (
    -- each grain with the first period this run computes
    {%- for grain in ticket_kpi_grains() %}
        select
            '{{ grain }}' as grain,
            cast('{{ replace_from[grain] }}' as date) as replace_from
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),
{%- if incremental %}

kept_periods as (
    select
        kept.grain,
        kept.period_start,
        kept.slice_name,
        kept.slice_value,
        kept.backlog_at_end,
        kept.backlog_growth_rate
    from {{ this }} as kept
    inner join grains
        on kept.grain = grains.grain
    where kept.period_start < grains.replace_from
),

last_kept_periods as (
    select
        grain,
        max(period_start) as period_start
    from kept_periods
    group by grain
),

backlog_seed as (
    -- open tickets at the end of the last period kept
    select
        kept_periods.grain,
        kept_periods.slice_name,
        kept_periods.slice_value,
        kept_periods.backlog_at_end as backlog_before
    from kept_periods
    inner join last_kept_periods
        on kept_periods.grain = last_kept_periods.grain
        and kept_periods.period_start = last_kept_periods.period_start
),

replaced_tickets as (
    -- the tickets with a contribution in the periods replaced (from the
    -- ledger, written before this model): only their slices are read
    select distinct contributions.ticket_id
    from {{ ref('int_ticket_kpi_contributions') }} as contributions
    where {{ ticket_kpis_since('contributions.contributed_at', since) }}
),
{%- endif %}

slices as (
    -- read by every cohort: on an incremental run the engines materialise
    -- this small set once (a CTE read several times)
    select * from {{ ref('int_ticket_slices') }}
    {%- if incremental %}
    where ticket_id in (select replaced_tickets.ticket_id from replaced_tickets)
    {%- endif %}
),

created_tickets as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'tickets.created_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        tickets.is_inbound,
        tickets.first_response_at,
        tickets.first_response_minutes,
        tickets.first_response_business_minutes,
        tickets.is_escalated,
        tickets.is_first_response_sla_breached,
        tickets.is_resolution_sla_breached,
        tickets.is_bot_touched,
        tickets.is_automated_resolution
    -- tickets times their slices (about five rows per ticket) times the three
    -- grains, joined where each cohort reads them (the engine may store this
    -- CTE once for its three readers; it spills under the memory limit)
    from tickets
    inner join slices
        on tickets.ticket_id = slices.ticket_id
    cross join grains
    where {{ ticket_kpis_since('tickets.created_at', since) }}
),

resolved_tickets as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'tickets.resolved_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        tickets.resolution_minutes,
        tickets.resolution_business_minutes,
        tickets.is_one_touch,
        tickets.is_automated_resolution,
        tickets.handle_seconds,
        tickets.requester_wait_minutes,
        tickets.requester_wait_business_minutes,
        tickets.agent_wait_minutes,
        tickets.on_hold_minutes,
        tickets.minutes_to_first_assignment
    from tickets
    inner join slices
        on tickets.ticket_id = slices.ticket_id
    cross join grains
    where tickets.resolved_at is not null
        and {{ ticket_kpis_since('tickets.resolved_at', since) }}
),

{#- medians and p90s: exact, and spilling to disk (see exact_percentiles:
    quantile_cont holds every value in memory, too much at 10M tickets) -#}
{%- set period_slice = ['grain', 'period_start', 'slice_name', 'slice_value'] %}

{%- for cohort, measure in percentile_measures %}

    {{ measure }}_percentiles as (
    {{ exact_percentiles(cohort, period_slice, measure,
        {measure ~ '_median': 0.5, measure ~ '_p90': 0.9}) }}
    ),
{% endfor %}
created as (
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        count(*) as tickets_created,
        count(case when is_inbound then 1 end) as inbound_tickets_created,
        count(first_response_at) as tickets_with_first_response,
        avg(first_response_minutes) as first_response_minutes_avg,
        count(case when is_escalated then 1 end) as tickets_escalated,
        count(is_first_response_sla_breached) as first_response_sla_measured,
        count(case when is_first_response_sla_breached then 1 end)
            as first_response_sla_breached,
        count(is_resolution_sla_breached) as resolution_sla_measured,
        count(case when is_resolution_sla_breached then 1 end) as resolution_sla_breached,
        count(case when is_bot_touched then 1 end) as bot_touched_tickets,
        count(case when is_bot_touched and is_automated_resolution then 1 end)
            as created_cohort_automated_resolutions
    from created_tickets
    group by grain, period_start, slice_name, slice_value
),

resolved as (
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        count(*) as tickets_resolved,
        avg(resolution_minutes) as resolution_minutes_avg,
        count(case when is_one_touch then 1 end) as one_touch_tickets,
        -- AHT is a human measure: automated resolutions (no handle time) stay out
        count(case when not is_automated_resolution then handle_seconds end)
            as tickets_with_handle_time,
        sum(case when not is_automated_resolution then handle_seconds end)
            as handle_seconds_total,
        count(case when is_automated_resolution then 1 end) as automated_resolutions
    from resolved_tickets
    group by grain, period_start, slice_name, slice_value
),

first_resolved as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'tickets.first_resolved_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        count(*) as tickets_first_resolved,
        -- FCR and reopen over the tickets whose window has elapsed at as_of,
        -- the others pending (SPEC: counting early failures, or recent
        -- tickets only once they reopen, would bias recent periods)
        {{ window_metric_counts('tickets') | indent(8) }}
    from tickets
    inner join slices
        on tickets.ticket_id = slices.ticket_id
    cross join grains
    where tickets.first_resolved_at is not null
        and {{ ticket_kpis_since('tickets.first_resolved_at', since) }}
    group by grains.grain, period_start, slices.slice_name, slices.slice_value
),

survey_results as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'surveys.sent_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        count(case when surveys.survey_type = 'csat' then 1 end) as csat_surveys_sent,
        count(case when surveys.survey_type = 'csat' and surveys.score is not null then 1 end)
            as csat_responses,
        count(case when surveys.survey_type = 'csat' and surveys.score >= 4 then 1 end)
            as csat_satisfied_responses,
        avg(case when surveys.survey_type = 'csat' then surveys.score end) as csat_average,
        count(case when surveys.survey_type = 'ces' and surveys.score is not null then 1 end)
            as ces_responses,
        avg(case when surveys.survey_type = 'ces' then surveys.score end) as ces_average,
        count(case when surveys.survey_type = 'nps' and surveys.score is not null then 1 end)
            as nps_responses,
        count(case when surveys.survey_type = 'nps' and surveys.score >= 9 then 1 end)
            as nps_promoters,
        count(case when surveys.survey_type = 'nps' and surveys.score <= 6 then 1 end)
            as nps_detractors
    from surveys
    inner join slices
        on surveys.ticket_id = slices.ticket_id
    cross join grains
    where {{ ticket_kpis_since('surveys.sent_at', since) }}
    group by grains.grain, period_start, slices.slice_name, slices.slice_value
),

agent_activity as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'replies.interaction_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        count(distinct replies.author_id) as active_agents
    from replies
    inner join slices
        on replies.ticket_id = slices.ticket_id
    cross join grains
    where {{ ticket_kpis_since('replies.interaction_at', since) }}
    group by grains.grain, period_start, slices.slice_name, slices.slice_value
),

backlog_changes as (
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'backlog_deltas.changed_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        cast(sum(backlog_deltas.backlog_delta) as {{ dbt.type_bigint() }}) as backlog_net_change,
        count(case when backlog_deltas.change_type = 'resolution' then 1 end)
            as resolutions,
        count(case when backlog_deltas.change_type = 'reopen' then 1 end) as reopens
    from backlog_deltas
    inner join slices
        on backlog_deltas.ticket_id = slices.ticket_id
    cross join grains
    where {{ ticket_kpis_since('backlog_deltas.changed_at', since) }}
    group by grains.grain, period_start, slices.slice_name, slices.slice_value
),

sla_decisions as (
    -- SLA clocks by the period their verdict became known (decided_at: the
    -- breach instant, or the stop within target), per metric
    select
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'sla_events.decided_at') }} as period_start,
        slices.slice_name,
        slices.slice_value,
        {%- for metric in sla_metrics %}
            count(case when sla_events.sla_metric = '{{ metric }}' then 1 end)
                as {{ metric }}_sla_decided,
            count(
                case
                    when
                        sla_events.sla_metric = '{{ metric }}' and not sla_events.is_breached
                        then 1
                end
            ) as {{ metric }}_sla_attained
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from sla_events
    inner join slices
        on sla_events.ticket_id = slices.ticket_id
    cross join grains
    where sla_events.decided_at is not null
        and {{ ticket_kpis_since('sla_events.decided_at', since) }}
    group by grains.grain, period_start, slices.slice_name, slices.slice_value
),

periods as (
    -- every period from the first ticket's to the last day covered, at each
    -- grain, from the first one replaced
    select distinct
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'days.date_day') }} as period_start
    from days
    cross join as_of
    cross join grains
    where days.date_day >= (select cast(min(tickets.created_at) as date) from tickets)
        and days.date_day <= {{ ticket_kpis_end_date('as_of') }}
        and {{ ticket_kpis_since('days.date_day', since) }}
        and {{ period_start_at_grain('grains.grain', 'days.date_day') }} >= grains.replace_from
),

spine as (
    select
        periods.grain,
        periods.period_start,
        slice_values.slice_name,
        slice_values.slice_value
    from periods
    cross join slice_values
),

combined as (
    select
        spine.grain,
        spine.period_start,
        spine.slice_name,
        spine.slice_value,
        coalesce(created.tickets_created, 0) as tickets_created,
        coalesce(created.inbound_tickets_created, 0) as inbound_tickets_created,
        coalesce(created.tickets_with_first_response, 0) as tickets_with_first_response,
        created.first_response_minutes_avg,
        {%- for measure in ['first_response_minutes', 'first_response_business_minutes'] %}
            {{ measure }}_percentiles.{{ measure }}_median,
            {{ measure }}_percentiles.{{ measure }}_p90,
        {%- endfor %}
        coalesce(created.tickets_escalated, 0) as tickets_escalated,
        coalesce(created.first_response_sla_measured, 0) as first_response_sla_measured,
        coalesce(created.first_response_sla_breached, 0) as first_response_sla_breached,
        coalesce(created.resolution_sla_measured, 0) as resolution_sla_measured,
        coalesce(created.resolution_sla_breached, 0) as resolution_sla_breached,
        coalesce(created.bot_touched_tickets, 0) as bot_touched_tickets,
        coalesce(created.created_cohort_automated_resolutions, 0)
            as created_cohort_automated_resolutions,
        coalesce(resolved.tickets_resolved, 0) as tickets_resolved,
        resolved.resolution_minutes_avg,
        {%- for cohort, measure in percentile_measures if cohort == 'resolved_tickets' %}
            {{ measure }}_percentiles.{{ measure }}_median,
            {{ measure }}_percentiles.{{ measure }}_p90,
        {%- endfor %}
        coalesce(resolved.one_touch_tickets, 0) as one_touch_tickets,
        coalesce(resolved.tickets_with_handle_time, 0) as tickets_with_handle_time,
        resolved.handle_seconds_total,
        coalesce(resolved.automated_resolutions, 0) as automated_resolutions,
        coalesce(first_resolved.tickets_first_resolved, 0) as tickets_first_resolved,
        coalesce(first_resolved.fcr_first_contact, 0) as fcr_first_contact,
        coalesce(first_resolved.fcr_not_first_contact, 0) as fcr_not_first_contact,
        coalesce(first_resolved.fcr_pending, 0) as fcr_pending,
        coalesce(first_resolved.tickets_reopened_within_window, 0)
            as tickets_reopened_within_window,
        coalesce(first_resolved.reopen_window_elapsed, 0) as reopen_window_elapsed,
        coalesce(first_resolved.reopen_pending, 0) as reopen_pending,
        coalesce(survey_results.csat_surveys_sent, 0) as csat_surveys_sent,
        coalesce(survey_results.csat_responses, 0) as csat_responses,
        coalesce(survey_results.csat_satisfied_responses, 0) as csat_satisfied_responses,
        survey_results.csat_average,
        coalesce(survey_results.ces_responses, 0) as ces_responses,
        survey_results.ces_average,
        coalesce(survey_results.nps_responses, 0) as nps_responses,
        coalesce(survey_results.nps_promoters, 0) as nps_promoters,
        coalesce(survey_results.nps_detractors, 0) as nps_detractors,
        coalesce(agent_activity.active_agents, 0) as active_agents,
        coalesce(backlog_changes.backlog_net_change, 0) as backlog_net_change,
        coalesce(backlog_changes.resolutions, 0) as resolutions,
        {%- for metric in sla_metrics %}
            coalesce(sla_decisions.{{ metric }}_sla_decided, 0) as {{ metric }}_sla_decided,
            coalesce(sla_decisions.{{ metric }}_sla_attained, 0) as {{ metric }}_sla_attained,
        {%- endfor %}
        coalesce(backlog_changes.reopens, 0) as reopens
    from spine
        {%- set percentile_ctes = [] %}
        {%- for cohort, measure in percentile_measures %}
            {%- do percentile_ctes.append(measure ~ '_percentiles') %}
        {%- endfor %}
    {%- for cte in ['created', 'resolved', 'first_resolved', 'survey_results',
                    'agent_activity', 'backlog_changes', 'sla_decisions'] + percentile_ctes %}
    left join {{ cte }}
        on spine.grain = {{ cte }}.grain
            and spine.period_start = {{ cte }}.period_start
            and spine.slice_name = {{ cte }}.slice_name
            and spine.slice_value = {{ cte }}.slice_value
    {%- endfor %}
),

backlog as (
    select
        combined.*,
        cast(
            {% if incremental %}coalesce(backlog_seed.backlog_before, 0) + {% endif -%}
            sum(combined.backlog_net_change) over (
                partition by combined.grain, combined.slice_name, combined.slice_value
                order by combined.period_start
                rows between unbounded preceding and current row
            ) as {{ dbt.type_bigint() }}
        ) as backlog_at_end
    from combined
    {%- if incremental %}
    left join backlog_seed
        on combined.grain = backlog_seed.grain
        and combined.slice_name = backlog_seed.slice_name
        and combined.slice_value = backlog_seed.slice_value
    {%- endif %}
),

rates as (
    select
        backlog.*,
        -- the period has ended at as_of: its numbers are final
        {{ is_period_complete_at_grain('backlog.grain', 'backlog.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        backlog.backlog_at_end - backlog.backlog_net_change as backlog_at_start,
        {{ safe_ratio('tickets_escalated', 'tickets_created') }} as escalation_rate,
        {{ safe_ratio('created_cohort_automated_resolutions', 'bot_touched_tickets') }}
            as automation_resolution_rate,
        {{ safe_ratio('first_response_sla_breached', 'first_response_sla_measured') }}
            as first_response_sla_breach_rate,
        {{ safe_ratio('one_touch_tickets', 'tickets_resolved') }} as one_touch_rate,
        {{ safe_ratio('handle_seconds_total', 'tickets_with_handle_time') }} as aht_seconds,
        {{ safe_ratio('fcr_first_contact', 'fcr_first_contact + fcr_not_first_contact') }}
            as fcr_rate,
        {{ safe_ratio('tickets_reopened_within_window', 'reopen_window_elapsed') }}
            as reopen_rate,
        {{ safe_ratio('resolution_sla_breached', 'resolution_sla_measured') }}
            as resolution_sla_breach_rate,
        {{ safe_ratio('csat_satisfied_responses', 'csat_responses') }} as csat_rate,
        {{ safe_ratio('csat_responses', 'csat_surveys_sent') }} as csat_response_rate,
        {{ safe_ratio('nps_promoters - nps_detractors', 'nps_responses') }} * 100 as nps,
        {{ safe_ratio('tickets_resolved - automated_resolutions', 'active_agents') }}
            as tickets_per_agent,
        -- (backlog at end - backlog at start) / backlog at start: created +
        -- reopened - resolutions (a reopen puts a ticket back in the backlog)
        {{ safe_ratio('backlog_net_change', 'backlog_at_end - backlog_net_change') }}
            as backlog_growth_rate,
        {%- for metric in sla_metrics %}
            {{ safe_ratio(metric ~ '_sla_attained', metric ~ '_sla_decided') }}
                as {{ metric }}_sla_attainment_rate
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from backlog
    cross join as_of
),

growth_runs as (
    -- complete weeks in a row (the last alert_weeks ones) over the growth
    -- threshold; the run reaches back into the periods kept
    select
        growth.grain,
        growth.period_start,
        growth.slice_name,
        growth.slice_value,
        sum(case
            when growth.backlog_growth_rate > {{ var('backlog_growth_alert_pct') }} / 100.0
                and {{ is_period_complete_at_grain('growth.grain', 'growth.period_start',
                    'as_of.as_of_at') }}
                then 1
            else 0
        end) over (
            partition by growth.grain, growth.slice_name, growth.slice_value
            order by growth.period_start
            rows between {{ alert_weeks - 1 }} preceding and current row
        ) as growing_periods
    from (
        select
            grain,
            period_start,
            slice_name,
            slice_value,
            backlog_growth_rate
        from rates
        {%- if incremental %}
        union all
        select
            grain,
            period_start,
            slice_name,
            slice_value,
            backlog_growth_rate
        from kept_periods
        {%- endif %}
    ) as growth
    cross join as_of
),

final as (
    select
        rates.*,
        rates.csat_surveys_sent > 0
        and coalesce(rates.csat_response_rate, 0) < {{ var('csat_min_response_rate') }}
            as is_csat_low_sample,
        -- SPEC: the backlog growth alert is weekly, on complete weeks only
        -- (null on the week still running at as_of: not judged yet)
        case
            when rates.grain = 'week' and rates.is_period_complete
                then growth_runs.growing_periods = {{ alert_weeks }}
        end as is_backlog_growth_alert,
        {{ run_loaded_at() }} as dbt_updated_at,
        '{{ ticket_kpis_config_fingerprint() }}' as dbt_config_fingerprint
    from rates
    inner join growth_runs
        on rates.grain = growth_runs.grain
            and rates.period_start = growth_runs.period_start
            and rates.slice_name = growth_runs.slice_name
            and rates.slice_value = growth_runs.slice_value
)

select * from final
