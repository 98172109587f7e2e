-- dq_build_metadata is one row: BI tools cross join it to any mart, so zero
-- rows would hide every mart and two would double them.
select count(*) as row_count
from {{ ref('dq_build_metadata') }}
having count(*) <> 1
