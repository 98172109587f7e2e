{#- One row per change, headline KPI and observation (a ticket, or a CSAT
    answer for csat_rate) of the change's scope whose cohort timestamp falls
    in the change's baseline or after window (docs block
    metric_change_impact). The KPIs, their cohorts and values come from
    change_impact_kpis(), the cohorts of mart_ticket_kpis: created_at for
    first response, escalation, first-response SLA and automation;
    resolved_at for resolution time, one-touch and AHT; first_resolved_at
    for FCR and reopen; the survey's sent_at for CSAT. Scope: every ticket
    (all), the ticket's channel or (current) category, or the team
    (dim_agent.team) of its first assignee (a ticket never assigned has no
    team). observation_value is null for an FCR or reopen observation still
    inside its own window at as_of (is_pending), as window_metric_counts
    leaves it out of the rate. -#}
{%- set kpis = change_impact_kpis() -%}
with change_windows as (
    select * from {{ ref('int_change_windows') }}
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

agents as (
    select
        agent_id,
        team
    from {{ ref('dim_agent') }}
),

csat_answers as (
    select
        survey_id,
        ticket_id,
        sent_at,
        score
    from {{ ref('stg_helpdesk__surveys') }}
    where survey_type = 'csat'
        and score is not null
),

ticket_teams as (
    select
        tickets.*,
        agents.team as first_assignee_team
    from tickets
    left join agents
        on tickets.first_assignee_agent_id = agents.agent_id
),

scoped_tickets as (
    -- each ticket once per change whose scope holds it
    select
        change_windows.change_id,
        change_windows.baseline_start_at,
        change_windows.baseline_end_at,
        change_windows.after_start_at,
        change_windows.after_end_at,
        ticket_teams.*
    from change_windows
    inner join ticket_teams
        on change_windows.scope_type = 'all'
            or (
                change_windows.scope_type = 'channel'
                and change_windows.scope_value = ticket_teams.channel
            )
            or (
                change_windows.scope_type = 'category'
                and change_windows.scope_value = ticket_teams.category
            )
            or (
                change_windows.scope_type = 'team'
                and change_windows.scope_value = ticket_teams.first_assignee_team
            )
),

scoped_csat_answers as (
    select
        scoped_tickets.change_id,
        scoped_tickets.baseline_start_at,
        scoped_tickets.baseline_end_at,
        scoped_tickets.after_start_at,
        scoped_tickets.after_end_at,
        csat_answers.survey_id,
        csat_answers.sent_at,
        csat_answers.score
    from scoped_tickets
    inner join csat_answers
        on scoped_tickets.ticket_id = csat_answers.ticket_id
),

{%- for kpi in kpis %}

    {{ kpi.name }}_observations as (
        select
            change_id,
            '{{ kpi.name }}' as kpi_name,
            case
                when {{ kpi.cohort }} >= baseline_start_at and {{ kpi.cohort }} < baseline_end_at
                    then 'baseline'
                when {{ kpi.cohort }} >= after_start_at and {{ kpi.cohort }} < after_end_at
                    then 'after'
            end as window_name,
            {{ 'survey_id' if kpi.source == 'csat_answers' else 'ticket_id' }} as observation_id,
            {{ kpi.cohort }} as observed_at,
            coalesce({{ kpi.pending }}, false) as is_pending,
            case
                when not coalesce({{ kpi.pending }}, false)
                    then cast({{ kpi.value }} as {{ type_double() }})
            end as observation_value
        from {{ 'scoped_csat_answers' if kpi.source == 'csat_answers' else 'scoped_tickets' }}
        where {{ kpi.cohort }} is not null
            and ({{ kpi.condition }})
    ),
{%- endfor %}

unioned as (
    {%- for kpi in kpis %}
        select * from {{ kpi.name }}_observations
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select * from unioned
    where window_name is not null
)

select * from final
