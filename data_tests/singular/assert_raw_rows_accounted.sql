-- SPEC section 3: for every raw table, rows read = rows accepted + rows
-- rejected, and every rejected row is listed in dq_rejected_rows.
with counts as (
    select * from {{ ref('dq_raw_row_counts') }}
),

listed as (
    select
        source_table,
        count(*) as rows_listed
    from {{ ref('dq_rejected_rows') }}
    group by source_table
)

select
    counts.source_table,
    counts.rows_read,
    counts.rows_accepted,
    counts.rows_rejected,
    listed.rows_listed
from counts
left join listed
    on counts.source_table = listed.source_table
where counts.rows_read <> counts.rows_accepted + counts.rows_rejected
    or counts.rows_rejected <> coalesce(listed.rows_listed, 0)
