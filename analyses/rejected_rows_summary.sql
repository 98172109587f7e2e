-- What was kept out of the facts, by table and reason?
select
    source_table,
    reason,
    count(*) as rows_rejected,
    min(source_row_id) as example_row_id
from {{ ref('dq_rejected_rows') }}
group by source_table, reason
order by rows_rejected desc
