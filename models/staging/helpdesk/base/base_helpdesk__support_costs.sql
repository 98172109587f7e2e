{#- Every raw row of support_costs (SPEC section 1), parsed and judged: one
    row per raw row with its typed columns and dq_reason, null when the row
    is accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__support_costs holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (month, cost_type): duplicates and conflicts are judged per key -#}
{%- set key = {
    'month': 'cast(' ~ parse_timestamp_utc('month') ~ ' as date)',
    'cost_type': clean_text('cost_type', lower=true),
} -%}
{%- set checks = [
       [is_unparseable('raw_month', 'month'), "'unparseable date in month: ' || raw_month"],
       ["month <> " ~ dbt.date_trunc('month', 'month'),
        "'month is not the first day of a month: ' || raw_month"]]
    + enum_check('cost_type', 'cost_type')
    + number_checks('amount', required=true)
    + upper_bound_check('amount', 'plausible_max_cost_amount') -%}

with source as (
    select * from {{ helpdesk_raw_relation('support_costs') }}
),

parsed as (
    select
        -- month: SPEC's column name, a keyword to the linter
        {{ key['month'] }} as month,  -- noqa: RF04
        {{ key['cost_type'] }} as cost_type,
        {{ parse_number('amount') }} as amount,
        {{- raw_text_columns('support_costs') }}
    from source
),

{{ judge_raw_rows('support_costs', key, checks) }}

final as (
    select
        checked.month,
        checked.cost_type,
        checked.amount,
        {{ judged_columns('support_costs', key) }}
    from checked
)

select * from final
