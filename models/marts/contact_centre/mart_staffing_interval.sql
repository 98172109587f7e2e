{#- One row per contact-centre interval of mart_contact_center_interval: the
    Erlang C staffing requirement next to the agents actually staffed.

    Traffic A = calls_offered * AHT / interval seconds (Erlangs), with AHT the
    interval's avg_handle_seconds, or, when that is null or 0 while calls
    were offered, the overall AHT (mean handle time of the answered inbound
    calls of every interval whose AHT is positive). For every
    candidate agent count N = 0 .. erlang_max_agents(A):
      log term_k = k ln(A) - ln(k!)      (ln(k!) a running sum of ln(j))
      Erlang B(N) = term_N / sum_{k <= N} term_k, every term scaled by
                    exp(-max_k log term_k) so nothing overflows
      Erlang C(N) = N B / (N - A (1 - B))                      (N > A)
      SL(N)       = 1 - C exp(-(N - A) T / AHT)   T = var service_level_seconds
      ASA(N)      = C AHT / (N - A)
    agents_required is the smallest N > A with SL(N) >= var
    service_level_target. No factorials, so hundreds of Erlangs are fine.
    Intervals without offered calls need 0 agents; their expected_* are null.
    Traffic above 9000 Erlangs (a handle time of years on one call) is beyond
    the candidate agents: agents_required null, is_traffic_beyond_model.
    is_period_complete comes with the interval from
    mart_contact_center_interval (same rows, same definition). -#}
{%- set interval_seconds = (var('interval_minutes') | int) * 60 -%}
{%- set sl_seconds = var('service_level_seconds') -%}
{%- set sl_target = var('service_level_target') -%}
{%- set max_traffic = 9000 -%}
with intervals as (
    select * from {{ ref('mart_contact_center_interval') }}
),

overall_handle_time as (
    -- avg_handle_seconds is the mean over the interval's answered inbound
    -- calls, so weighting it by calls_answered gives the mean over all of
    -- them; intervals whose AHT is 0 (no time recorded) are left out, as
    -- they are the ones that need the fallback
    select
        {{ safe_ratio('sum(avg_handle_seconds * calls_answered)',
            'sum(calls_answered)') }} as overall_avg_handle_seconds
    from intervals
    where avg_handle_seconds > 0
),

handle_times as (
    select
        intervals.*,
        intervals.calls_offered > 0
        and coalesce(intervals.avg_handle_seconds, 0) <= 0 as is_handle_time_fallback,
        case
            when intervals.calls_offered > 0 and intervals.avg_handle_seconds > 0
                then intervals.avg_handle_seconds
            when intervals.calls_offered > 0
                then overall_handle_time.overall_avg_handle_seconds
        end as staffing_handle_seconds
    from intervals
    cross join overall_handle_time
),

traffic as (
    select
        handle_times.*,
        case
            when handle_times.calls_offered = 0 then 0.0
            else cast(handle_times.calls_offered as {{ type_double() }})
                * handle_times.staffing_handle_seconds / {{ interval_seconds }}.0
        end as traffic_erlangs
    from handle_times
),

loaded as (
    -- intervals with traffic to staff, and the largest agent count tried;
    -- traffic beyond {{ max_traffic }} Erlangs (only absurd handle times get
    -- there) is outside the 0 .. 9999 candidate agents: no requirement
    select
        interval_start_at,
        traffic_erlangs,
        staffing_handle_seconds,
        {{ erlang_max_agents('traffic_erlangs') }} as max_agents_considered
    from traffic
    where traffic_erlangs > 0 and traffic_erlangs <= {{ max_traffic }}
),

digits as (
    select 0 as digit
    union all
    select 1 as digit
    union all
    select 2 as digit
    union all
    select 3 as digit
    union all
    select 4 as digit
    union all
    select 5 as digit
    union all
    select 6 as digit
    union all
    select 7 as digit
    union all
    select 8 as digit
    union all
    select 9 as digit
),

agent_counts as (
    -- 0 .. 9999 candidate agents, trimmed to the largest bound needed
    select
        thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit
            as agent_count
    from digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
    where thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit
        <= (select max(loaded.max_agents_considered) from loaded)
),

log_terms as (
    -- log of A^k / k!, the unnormalised Poisson term of k busy agents
    select
        loaded.interval_start_at,
        loaded.traffic_erlangs,
        loaded.staffing_handle_seconds,
        agent_counts.agent_count,
        agent_counts.agent_count * ln(loaded.traffic_erlangs)
        - sum(ln(case when agent_counts.agent_count = 0 then 1 else agent_counts.agent_count end))
            over (
                partition by loaded.interval_start_at
                order by agent_counts.agent_count
                rows between unbounded preceding and current row
            ) as log_term
    from loaded
    inner join agent_counts
        on loaded.max_agents_considered >= agent_counts.agent_count
),

scaled_terms as (
    -- divided by the largest term (at k = floor(A), which every N > A
    -- includes): the terms are <= 1 and their running sum >= 1
    select
        interval_start_at,
        traffic_erlangs,
        staffing_handle_seconds,
        agent_count,
        {{ exp_or_zero('log_term - max(log_term) over (partition by interval_start_at)') }}
            as scaled_term
    from log_terms
),

erlang_b as (
    select
        interval_start_at,
        traffic_erlangs,
        staffing_handle_seconds,
        agent_count,
        scaled_term / sum(scaled_term) over (
            partition by interval_start_at
            order by agent_count
            rows between unbounded preceding and current row
        ) as blocking_probability
    from scaled_terms
),

erlang_c as (
    select
        interval_start_at,
        traffic_erlangs,
        staffing_handle_seconds,
        agent_count,
        agent_count * blocking_probability
        / (agent_count - traffic_erlangs * (1 - blocking_probability))
            as probability_of_waiting
    from erlang_b
    where agent_count > traffic_erlangs
),

candidate_service_levels as (
    select
        interval_start_at,
        agent_count,
        probability_of_waiting,
        1 - probability_of_waiting * {{ exp_or_zero(
            '-(agent_count - traffic_erlangs) * ' ~ sl_seconds ~ ' / staffing_handle_seconds') }}
            as expected_service_level,
        probability_of_waiting * staffing_handle_seconds / (agent_count - traffic_erlangs)
            as expected_asa_seconds,
        traffic_erlangs / agent_count as expected_occupancy
    from erlang_c
),

requirements as (
    select
        interval_start_at,
        min(agent_count) as agents_required
    from candidate_service_levels
    where expected_service_level >= {{ sl_target }}
    group by interval_start_at
),

staffing as (
    select
        traffic.*,
        case
            when traffic.calls_offered = 0 then 0
            else requirements.agents_required
        end as agents_required,
        candidate_service_levels.expected_service_level,
        candidate_service_levels.expected_asa_seconds,
        candidate_service_levels.expected_occupancy,
        candidate_service_levels.probability_of_waiting
    from traffic
    left join requirements
        on traffic.interval_start_at = requirements.interval_start_at
    left join candidate_service_levels
        on requirements.interval_start_at = candidate_service_levels.interval_start_at
            and requirements.agents_required = candidate_service_levels.agent_count
),

final as (
    select
        date_day,
        interval_start_at,
        interval_end_at,
        is_period_complete,
        calls_offered,
        calls_answered,
        avg_handle_seconds,
        staffing_handle_seconds,
        is_handle_time_fallback,
        traffic_erlangs,
        agents_required,
        expected_service_level,
        expected_asa_seconds,
        expected_occupancy,
        probability_of_waiting,
        agents_staffed,
        agents_logged_in,
        agents_required - agents_staffed as staffing_gap,
        agents_required - agents_staffed > 0 as is_understaffed,
        traffic_erlangs > {{ max_traffic }} as is_traffic_beyond_model,
        service_level,
        asa_seconds,
        cast({{ sl_target }} as {{ type_double() }}) as service_level_target
    from staffing
)

select * from final
