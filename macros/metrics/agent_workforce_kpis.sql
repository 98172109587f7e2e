{#- Agent workforce measures at one grain (day or week, UTC), one row per
    agent and period with any status, schedule or ticket activity:
    minutes per status and scheduled activity, and (SPEC section 2)
    - utilization = (handling + after-call work) / (logged time minus break,
      meeting, training and offline);
    - occupancy = (handling + after-call work) / (available + handling +
      after-call work); with the seven statuses of SPEC section 1 both
      denominators are the same time, so the two rates coincide;
    - availability = (available + handling + after-call work) / scheduled
      work time;
    - adherence = minutes whose status matches the schedule / scheduled
      minutes;
    tickets handled (worked in a session) and resolved. The weekly grain adds
    the sustained high / low utilization flags (vars utilization_*). -#}
{% macro agent_workforce_kpis(grain) %}
{%- set statuses = ['available', 'handling', 'after_call_work', 'break', 'meeting',
                    'training', 'offline'] -%}
{%- set activities = ['work', 'break', 'meeting', 'training'] -%}
{%- set utilization_statuses = statuses | reject('in', ['break', 'meeting', 'training', 'offline'])
    | list -%}
{%- set weeks = var('utilization_sustained_weeks') | int -%}
with day_minutes as (
    select * from {{ ref('int_agent_day_minutes') }}
),

work_sessions as (
    select * from {{ ref('int_work_sessions_validated') }}
    where dq_reason is null
),

tickets as (
    select * from {{ ref('fact_ticket') }}
    where resolved_at is not null and resolved_by_agent_id is not null
),

agents as (
    select * from {{ ref('dim_agent') }}
),

minutes as (
    select
        agent_id,
        {{ period_start(grain, 'date_day') }} as period_start,
        {%- for status in statuses %}
        sum(case when measure = 'status_{{ status }}' then minutes else 0 end)
            as {{ status }}_minutes,
        {%- endfor %}
        {%- for activity in activities %}
        sum(case when measure = 'scheduled_{{ activity }}' then minutes else 0 end)
            as scheduled_{{ activity }}_minutes,
        {%- endfor %}
        sum(case when measure = 'adherent' then minutes else 0 end) as adherent_minutes
    from day_minutes
    group by agent_id, {{ period_start(grain, 'date_day') }}
),

handled as (
    select
        agent_id,
        {{ period_start(grain, 'started_at') }} as period_start,
        count(distinct ticket_id) as tickets_handled,
        sum({{ seconds_between('started_at', 'ended_at') }}) / 60.0 as work_session_minutes
    from work_sessions
    group by agent_id, {{ period_start(grain, 'started_at') }}
),

resolved as (
    select
        resolved_by_agent_id as agent_id,
        {{ period_start(grain, 'resolved_at') }} as period_start,
        count(*) as tickets_resolved
    from tickets
    group by resolved_by_agent_id, {{ period_start(grain, 'resolved_at') }}
),

keys as (
    select agent_id, period_start from minutes
    union
    select agent_id, period_start from handled
    union
    select agent_id, period_start from resolved
),

combined as (
    select
        keys.agent_id,
        keys.period_start,
        agents.team,
        agents.tier,
        agents.is_bot,
        {%- for status in statuses %}
        coalesce(minutes.{{ status }}_minutes, 0) as {{ status }}_minutes,
        {%- endfor %}
        {%- for activity in activities %}
        coalesce(minutes.scheduled_{{ activity }}_minutes, 0) as scheduled_{{ activity }}_minutes,
        {%- endfor %}
        coalesce(minutes.adherent_minutes, 0) as adherent_minutes,
        coalesce(handled.tickets_handled, 0) as tickets_handled,
        coalesce(handled.work_session_minutes, 0) as work_session_minutes,
        coalesce(resolved.tickets_resolved, 0) as tickets_resolved
    from keys
    left join minutes
        on keys.agent_id = minutes.agent_id
        and keys.period_start = minutes.period_start
    left join handled
        on keys.agent_id = handled.agent_id
        and keys.period_start = handled.period_start
    left join resolved
        on keys.agent_id = resolved.agent_id
        and keys.period_start = resolved.period_start
    left join agents
        on keys.agent_id = agents.agent_id
),

totals as (
    select
        combined.*,
        {% for status in statuses %}{{ status }}_minutes{% if not loop.last %} + {% endif %}{% endfor %}
            as logged_minutes,
        handling_minutes + after_call_work_minutes as productive_minutes,
        available_minutes + handling_minutes + after_call_work_minutes as staffed_minutes,
        {% for activity in activities %}scheduled_{{ activity }}_minutes{% if not loop.last %} + {% endif %}{% endfor %}
            as scheduled_minutes
    from combined
),

rates as (
    select
        totals.*,
        -- logged time minus break, meeting, training and offline, summed from
        -- the statuses that remain rather than subtracted (no rounding above 1)
        {{ safe_ratio('productive_minutes',
            utilization_statuses | join('_minutes + ') ~ '_minutes') }}
            as utilization,
        {{ safe_ratio('productive_minutes', 'staffed_minutes') }} as occupancy,
        {{ safe_ratio('staffed_minutes', 'scheduled_work_minutes') }} as availability,
        {{ safe_ratio('adherent_minutes', 'scheduled_minutes') }} as adherence
    from totals
)

{%- if grain == 'week' %},

flagged as (
    select
        rates.*,
        count(case when utilization > {{ var('utilization_high_threshold') }} then 1 end) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) = {{ weeks }}
        -- the window's rows must be consecutive weeks (no week without a row)
        and min(period_start) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) = {{ dbt.dateadd('day', -7 * (weeks - 1), 'period_start') }}
            as is_sustained_high_utilization,
        count(case when utilization < {{ var('utilization_low_threshold') }} then 1 end) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) = {{ weeks }}
        -- the window's rows must be consecutive weeks (no week without a row)
        and min(period_start) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) = {{ dbt.dateadd('day', -7 * (weeks - 1), 'period_start') }}
            as is_sustained_low_utilization
    from rates
)

select * from flagged
{%- else %}

select * from rates
{%- endif %}
{% endmacro %}
