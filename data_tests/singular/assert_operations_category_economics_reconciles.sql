-- mart_category_economics agrees with fact_ticket: per category, the row
-- over all periods counts every ticket created, escalated, handled (resolved,
-- not automated, with handle time) and first resolved as first_contact /
-- not_first_contact (once its window has elapsed), with the same handle
-- seconds; the monthly rows add up
-- to it; and every category of fact_ticket has exactly one such row.
-- Relative tolerance 1e-9 on handle seconds.
with tickets as (
    select
        coalesce(category, 'unknown') as category,
        count(*) as tickets_created,
        count(case when is_escalated then 1 end) as tickets_escalated,
        count(case
            when resolved_at is not null and not is_automated_resolution
                then handle_seconds
        end) as tickets_with_handle_time,
        sum(case
            when resolved_at is not null and not is_automated_resolution
                then handle_seconds
        end) as handle_seconds_total,
        -- FCR counts only tickets whose window has elapsed (SPEC)
        count(case
            when fcr_status = 'first_contact' and is_fcr_window_elapsed then 1
        end) as fcr_first_contact,
        count(case
            when fcr_status = 'not_first_contact' and is_fcr_window_elapsed then 1
        end) as fcr_not_first_contact
    from {{ ref('fact_ticket') }}
    group by coalesce(category, 'unknown')
),

economics as (
    select * from {{ ref('mart_category_economics') }}
),

overall as (
    select * from economics
    where period_grain = 'all'
),

monthly as (
    select
        category,
        sum(tickets_created) as tickets_created,
        sum(tickets_escalated) as tickets_escalated,
        sum(tickets_with_handle_time) as tickets_with_handle_time
    from economics
    where period_grain = 'month'
    group by category
)

select
    coalesce(overall.category, tickets.category) as category,
    overall.tickets_created,
    tickets.tickets_created as fact_tickets_created,
    monthly.tickets_created as monthly_tickets_created
from overall
full outer join tickets
    on overall.category = tickets.category
left join monthly
    on overall.category = monthly.category
where overall.category is null
    or tickets.category is null
    or overall.tickets_created <> tickets.tickets_created
    or overall.tickets_escalated <> tickets.tickets_escalated
    or overall.tickets_with_handle_time <> tickets.tickets_with_handle_time
    or overall.fcr_first_contact <> tickets.fcr_first_contact
    or overall.fcr_not_first_contact <> tickets.fcr_not_first_contact
    or abs(coalesce(overall.handle_seconds_total, 0) - coalesce(tickets.handle_seconds_total, 0))
    > 1e-9 * greatest(abs(coalesce(tickets.handle_seconds_total, 0)), 1)
    or monthly.tickets_created is distinct from overall.tickets_created
    or monthly.tickets_escalated is distinct from overall.tickets_escalated
    or monthly.tickets_with_handle_time is distinct from overall.tickets_with_handle_time
