-- What is notable right now? The findings of mart_insights, most severe
-- first within each kind, with the sentence and the numbers behind it.
select
    finding_type,
    period_start,
    finding_rank,
    finding,
    metric_value,
    baseline_value,
    sample_size
from {{ ref('mart_insights') }}
order by finding_type, finding_rank
