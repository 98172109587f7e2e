{#- One row per accepted ticket linked to an engineering issue (the optional
    event_type linked_issue: to_value the issue id, reason bug or
    feature_request): how many links, whether one is a bug report or a
    feature request, and the first link's time. Tickets without a link have
    no row. -#}
with links as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'linked_issue'
),

final as (
    select
        ticket_id,
        count(*) as linked_issue_count,
        count(distinct to_value) as linked_issues,
        max(case when reason = 'bug' then 1 else 0 end) = 1 as has_bug_link,
        max(case when reason = 'feature_request' then 1 else 0 end) = 1
            as has_feature_request_link,
        min(event_at) as first_linked_at
    from links
    group by ticket_id
)

select * from final
