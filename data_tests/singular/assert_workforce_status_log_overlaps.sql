{{ config(severity='warn') }}
-- Data-quality warning, not an error: agent_status_log rows that overlap the
-- agent's next status were trimmed in fact_agent_status_interval (an agent
-- is in one status at a time). Many of them point to an export that does
-- not close statuses; the rows are listed so the source can be fixed.
select
    agent_id,
    status,
    started_at,
    ended_at,
    logged_ended_at
from {{ ref('fact_agent_status_interval') }}
where is_trimmed
