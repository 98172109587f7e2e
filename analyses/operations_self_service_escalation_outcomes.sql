-- When self-service fails and the customer escalates, what happens to the
-- ticket, per entry point: how fast it is opened, how often it is resolved
-- at first contact, and how satisfied the customer is afterwards?
select
    entry_point,
    count(*) as escalated_sessions,
    count(case when not is_ticket_found then 1 end) as sessions_without_ticket,
    avg(minutes_to_ticket) as avg_minutes_to_ticket,
    count(case when is_first_contact_resolved then 1 end) as fcr_first_contact,
    count(is_first_contact_resolved) as fcr_decided,
    {{ safe_ratio('count(case when is_first_contact_resolved then 1 end)',
        'count(is_first_contact_resolved)') }} as fcr_rate,
    count(case when is_ticket_escalated then 1 end) as tickets_escalated_to_tier,
    count(csat_score) as csat_responses,
    avg(csat_score) as csat_score_avg,
    count(case when not is_same_category then 1 end) as tickets_in_other_category
from {{ ref('mart_self_service_escalations') }}
group by entry_point
order by escalated_sessions desc
