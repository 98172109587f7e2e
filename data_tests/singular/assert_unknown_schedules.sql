-- Tickets whose schedule_id is not in the schedules table: their business
-- minutes are null. A warning: the ticket and its calendar metrics are still
-- right; only the schedules table needs the missing id.
{{ config(severity='warn') }}

with tickets as (
    select * from {{ ref('fact_ticket') }}
),

raw_tables as (
    select is_present
    from {{ ref('stg_helpdesk__raw_tables') }}
    where table_name = 'schedules'
)

select
    tickets.schedule_id,
    count(*) as ticket_count
from tickets
cross join raw_tables
where raw_tables.is_present
    and tickets.schedule_id is not null
    and tickets.business_schedule_id is null
group by tickets.schedule_id
