{#- One row per accepted ticket: the per-ticket metrics of SPEC section 2. -#}
{#- the lifecycle columns of SPEC section 4 (first_assigned_at comes with
    the timings) -#}
{%- set lifecycle_columns = [
    'new_minutes', 'open_minutes', 'pending_minutes', 'on_hold_minutes',
    'requester_wait_minutes', 'agent_wait_minutes',
    'new_business_minutes', 'open_business_minutes', 'pending_business_minutes',
    'on_hold_business_minutes', 'requester_wait_business_minutes', 'agent_wait_business_minutes',
    'minutes_to_first_assignment', 'unassigned_minutes', 'first_assignment_to_resolution_minutes',
    'age_minutes', 'minutes_since_status_change', 'total_reply_minutes', 'max_reply_minutes',
] -%}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

business_minutes as (
    select * from {{ ref('int_ticket_business_minutes') }}
    where {{ ticket_scope_filter() }}
),

fcr as (
    select * from {{ ref('int_ticket_fcr') }}
    where {{ ticket_scope_filter() }}
),

ownership as (
    select * from {{ ref('int_ticket_ownership') }}
    where {{ ticket_scope_filter() }}
),

handle_time as (
    select * from {{ ref('int_ticket_handle_time') }}
    where {{ ticket_scope_filter() }}
),

surveys as (
    select * from {{ ref('int_ticket_surveys') }}
    where {{ ticket_scope_filter() }}
),

lifecycle_times as (
    select * from {{ ref('int_ticket_lifecycle_times') }}
    where {{ ticket_scope_filter() }}
),

first_response_quality as (
    select * from {{ ref('int_ticket_first_response_quality') }}
    where {{ ticket_scope_filter() }}
),

sla_verdicts as (
    -- the first-reply and resolution clocks (fact_sla_event), one row per ticket
    select
        ticket_id,
        max(case when sla_metric = 'first_reply' then policy_id end)
            as first_response_sla_policy_id,
        max(case when sla_metric = 'first_reply' then target_minutes end)
            as first_response_target_minutes,
        max(case when sla_metric = 'first_reply' then case when is_breached then 1 else 0 end end)
            as first_response_breach_flag,
        max(case when sla_metric = 'first_reply' and is_breached is not null then 1 else 0 end)
            as has_first_response_verdict,
        max(case when sla_metric = 'resolution' then policy_id end) as resolution_sla_policy_id,
        max(case when sla_metric = 'resolution' then target_minutes end)
            as resolution_target_minutes,
        max(case when sla_metric = 'resolution' then case when is_breached then 1 else 0 end end)
            as resolution_breach_flag,
        max(case when sla_metric = 'resolution' and is_breached is not null then 1 else 0 end)
            as has_resolution_verdict
    from {{ ref('int_ticket_sla_events') }}
    where sla_metric in ('first_reply', 'resolution')
        and {{ ticket_scope_filter() }}
    group by ticket_id
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

config_state as (
    select config_fingerprint from {{ ref('int_ticket_config_state') }}
),

input_fingerprints as (
    select * from {{ ref('int_ticket_input_fingerprints') }}
    where {{ ticket_scope_filter() }}
),

joined as (
    select
        timings.*,
        business_minutes.first_response_business_minutes,
        business_minutes.first_resolution_business_minutes,
        business_minutes.resolution_business_minutes,
        fcr.fcr_status,
        fcr.is_first_contact_resolved,
        fcr.fcr_window_end_at,
        fcr.has_new_contact_before_resolution,
        fcr.has_reopen_in_fcr_window,
        fcr.has_follow_up_ticket,
        ownership.resolved_by_agent_id,
        ownership.is_resolved_by_first_assignee,
        ownership.first_resolution_agent_id,
        ownership.is_automated_resolution,
        ownership.is_bot_touched,
        ownership.is_human_touched,
        handle_time.work_seconds,
        handle_time.talk_seconds,
        handle_time.after_call_work_seconds,
        handle_time.handle_seconds,
        surveys.surveys_sent,
        surveys.surveys_answered,
        surveys.csat_surveys_sent,
        surveys.csat_surveys_answered,
        surveys.csat_score,
        surveys.ces_score,
        surveys.nps_score,
        first_response_quality.first_response_agent_id,
        first_response_quality.first_response_quality,
        first_response_quality.is_first_response_substantive,
        {%- for column in lifecycle_columns %}
            lifecycle_times.{{ column }},
        {%- endfor %}
        sla_verdicts.first_response_sla_policy_id,
        sla_verdicts.first_response_target_minutes,
        case
            when sla_verdicts.has_first_response_verdict = 1
                then sla_verdicts.first_response_breach_flag = 1
        end as is_first_response_sla_breached,
        sla_verdicts.resolution_sla_policy_id,
        sla_verdicts.resolution_target_minutes,
        case
            when
                sla_verdicts.has_resolution_verdict = 1
                then sla_verdicts.resolution_breach_flag = 1
        end as is_resolution_sla_breached,
        as_of.as_of_at,
        config_state.config_fingerprint,
        input_fingerprints.input_fingerprint
    from timings
    cross join as_of
    cross join config_state
    left join input_fingerprints
        on timings.ticket_id = input_fingerprints.ticket_id
    left join business_minutes
        on timings.ticket_id = business_minutes.ticket_id
    left join fcr
        on timings.ticket_id = fcr.ticket_id
    left join ownership
        on timings.ticket_id = ownership.ticket_id
    left join handle_time
        on timings.ticket_id = handle_time.ticket_id
    left join surveys
        on timings.ticket_id = surveys.ticket_id
    left join lifecycle_times
        on timings.ticket_id = lifecycle_times.ticket_id
    left join first_response_quality
        on timings.ticket_id = first_response_quality.ticket_id
    left join sla_verdicts
        on timings.ticket_id = sla_verdicts.ticket_id
),

final as (
    select
        ticket_id,
        source_relation,
        customer_id,
        channel,
        category,
        priority,
        complexity_tier,
        service_class,
        original_category,
        original_priority,
        created_by_type,
        is_inbound,
        schedule_id,
        business_schedule_id,
        current_status,
        created_at,
        first_response_at,
        first_response_message_id,
        -- what the first response says (int_ticket_first_response_quality)
        first_response_agent_id,
        first_response_quality,
        is_first_response_substantive,
        first_response_minutes,
        first_response_business_minutes,
        first_resolved_at,
        first_resolution_minutes,
        first_resolution_business_minutes,
        resolved_at,
        resolution_minutes,
        resolution_business_minutes,
        work_seconds,
        talk_seconds,
        after_call_work_seconds,
        handle_seconds,
        status_change_count,
        resolution_count,
        reopen_count,
        is_reopened_within_window,
        {{ dbt.dateadd('day', var('reopen_window_days'), 'first_resolved_at') }}
        <= as_of_at as is_reopen_window_elapsed,
        agent_reply_count,
        bot_reply_count,
        customer_message_count,
        resolved_at is not null and agent_reply_count = 1 as is_one_touch,
        is_first_contact_resolved,
        fcr_status,
        fcr_window_end_at,
        fcr_window_end_at <= as_of_at as is_fcr_window_elapsed,
        as_of_at,
        has_new_contact_before_resolution,
        has_reopen_in_fcr_window,
        has_follow_up_ticket,
        is_escalated,
        escalation_count,
        first_escalation_tier,
        first_escalation_reason,
        first_escalated_at,
        assignment_count,
        first_assignee_agent_id,
        first_assigned_at,
        is_resolved_by_first_assignee,
        resolved_by_agent_id,
        first_resolution_agent_id,
        is_automated_resolution,
        is_bot_touched,
        is_human_touched,
        surveys_sent,
        surveys_answered,
        csat_surveys_sent,
        csat_surveys_answered,
        csat_score,
        ces_score,
        nps_score,
        -- the ticket lifecycle (int_ticket_lifecycle_times)
        {%- for column in lifecycle_columns %}
            {{ column }},
        {%- endfor %}
        -- the first-reply and resolution SLA clocks (fact_sla_event, docs
        -- block metric_sla_clock): policy, target and verdict (null while
        -- the clock runs within its target, or without a policy)
        first_response_sla_policy_id,
        first_response_target_minutes,
        is_first_response_sla_breached,
        resolution_sla_policy_id,
        resolution_target_minutes,
        is_resolution_sla_breached,
        -- incremental bookkeeping (int_ticket_scope): when the row was written,
        -- the configuration and the raw rows it was computed from
        {{ run_loaded_at() }} as dbt_updated_at,
        config_fingerprint as dbt_config_fingerprint,
        input_fingerprint as dbt_input_fingerprint
    from joined
)

select * from final
