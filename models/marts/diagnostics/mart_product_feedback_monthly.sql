{#- One row per month (of ticket creation) and category, plus the overall
    row per month (category 'all'): the share of tickets that became bug
    reports or feature requests (docs block metric_linked_issue_rate): tickets
    linked to an engineering issue by the optional event_type linked_issue
    (reason bug or feature_request). The rates are null when the data holds
    no linked_issue event at all (the input is absent, not zero). A ticket is
    counted in the month it was created, whenever it was linked. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

links as (
    select * from {{ ref('int_ticket_linked_issues') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

has_input as (
    select count(*) > 0 as has_linked_issues
    from links
),

measured as (
    select
        {{ period_start('month', 'tickets.created_at') }} as period_month,
        coalesce(tickets.category, 'unknown') as category,
        links.ticket_id is not null as is_linked,
        coalesce(links.has_bug_link, false) as has_bug_link,
        coalesce(links.has_feature_request_link, false) as has_feature_request_link
    from tickets
    left join links
        on tickets.ticket_id = links.ticket_id
),

sliced as (
    select * from measured
    union all
    select
        period_month,
        'all' as category,
        is_linked,
        has_bug_link,
        has_feature_request_link
    from measured
),

aggregated as (
    select
        period_month,
        category,
        count(*) as tickets_created,
        count(case when is_linked then 1 end) as tickets_linked_to_issue,
        count(case when has_bug_link then 1 end) as tickets_linked_bug,
        count(case when has_feature_request_link then 1 end) as tickets_linked_feature_request
    from sliced
    group by period_month, category
),

final as (
    select
        aggregated.period_month,
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        aggregated.category,
        aggregated.tickets_created,
        aggregated.tickets_linked_to_issue,
        aggregated.tickets_linked_bug,
        aggregated.tickets_linked_feature_request,
        case when has_input.has_linked_issues then {{ safe_ratio(
            'aggregated.tickets_linked_to_issue', 'aggregated.tickets_created') }} end
            as linked_issue_rate,
        case when has_input.has_linked_issues then {{ safe_ratio(
            'aggregated.tickets_linked_bug', 'aggregated.tickets_created') }} end
            as bug_report_rate,
        case when has_input.has_linked_issues then {{ safe_ratio(
            'aggregated.tickets_linked_feature_request', 'aggregated.tickets_created') }} end
            as feature_request_rate
    from aggregated
    cross join as_of
    cross join has_input
)

select * from final
