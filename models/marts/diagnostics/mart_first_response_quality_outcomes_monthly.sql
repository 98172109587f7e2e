{#- One row per month (of first resolution) and first-response quality: the
    FCR and reopen rates of SPEC section 2 of the tickets whose first
    response was substantive, only an acknowledgement, a help-centre link or
    of unknown quality (no message text), plus the overall row ('all').
    Cohort and windows as in mart_ticket_kpis: tickets first resolved in the
    month; only tickets whose FCR (reopen) window has elapsed at as_of count
    in fcr_rate (reopen_rate), the others are fcr_pending (reopen_pending).
    Tickets without a first response (outbound, closed without a reply) are
    left out. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
    where first_resolved_at is not null
        and first_response_quality is not null
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

sliced as (
    select
        'all' as first_response_quality_slice,
        tickets.*
    from tickets
    union all
    select
        first_response_quality as first_response_quality_slice,
        tickets.*
    from tickets
),

aggregated as (
    select
        {{ period_start('month', 'first_resolved_at') }} as period_month,
        first_response_quality_slice as first_response_quality,
        count(*) as tickets_first_resolved,
        {{ window_metric_counts() | indent(8) }}
    from sliced
    group by {{ period_start('month', 'first_resolved_at') }}, first_response_quality_slice
),

final as (
    select
        aggregated.period_month,
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        aggregated.first_response_quality,
        aggregated.tickets_first_resolved,
        aggregated.fcr_first_contact,
        aggregated.fcr_not_first_contact,
        {{ safe_ratio('aggregated.fcr_first_contact',
            'aggregated.fcr_first_contact + aggregated.fcr_not_first_contact') }} as fcr_rate,
        aggregated.fcr_pending,
        aggregated.tickets_reopened_within_window,
        aggregated.reopen_window_elapsed,
        {{ safe_ratio('aggregated.tickets_reopened_within_window',
            'aggregated.reopen_window_elapsed') }} as reopen_rate,
        aggregated.reopen_pending
    from aggregated
    cross join as_of
)

select * from final
