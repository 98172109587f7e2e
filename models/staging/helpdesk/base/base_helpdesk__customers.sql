{#- Every raw row of customers (SPEC section 1), parsed and judged: one row
    per raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__customers holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. mrr is optional
    (SPEC section 1): null when the file lacks it; a negative, unparseable
    or absurd value (above var plausible_max_mrr) rejects the row. -#}
{#- the key (customer_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'customer_id': clean_text('customer_id'),
} -%}
{%- set checks = timestamp_checks('signed_up_at', required=false)
    + timestamp_checks('churned_at', required=false, planned=true)
    + order_check('signed_up_at', 'churned_at')
    + number_checks('mrr')
    + upper_bound_check('mrr', 'plausible_max_mrr') -%}

with source as (
    select * from {{ helpdesk_raw_relation('customers') }}
),

parsed as (
    select
        {{ key['customer_id'] }} as customer_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('segment', lower=true) }} as segment,
        {{ clean_text('plan', lower=true) }} as plan,
        {{ parse_timestamp_utc('signed_up_at') }} as signed_up_at,
        {{ parse_timestamp_utc('churned_at') }} as churned_at,
        -- optional: monthly recurring revenue, reporting currency
        {{ parse_number('mrr') }} as mrr,
        {{- raw_text_columns('customers') }}
    from source
),

{{ judge_raw_rows('customers', key, checks) }}

final as (
    select
        checked.customer_id,
        checked.account_id,
        checked.segment,
        checked.plan,
        checked.signed_up_at,
        checked.churned_at,
        checked.mrr,
        {{ judged_columns('customers', key) }}
    from checked
)

select * from final
