{#- Every raw row of agents (SPEC section 1), parsed and judged: one row per
    raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__agents holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (agent_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'agent_id': clean_text('agent_id'),
} -%}
{%- set checks = [["tier not in " ~ enum_sql('tier'), "'unknown tier value: ' || raw_tier"],
       [is_unparseable('raw_is_bot', parse_boolean('raw_is_bot')), "'invalid is_bot: ' || raw_is_bot"]]
    + timestamp_checks('hired_at', required=false)
    + timestamp_checks('terminated_at', required=false, planned=true)
    + order_check('hired_at', 'terminated_at')
    + number_checks('hourly_cost')
    + upper_bound_check('hourly_cost', 'plausible_max_hourly_cost') -%}

with source as (
    select * from {{ helpdesk_raw_relation('agents') }}
),

parsed as (
    select
        {{ key['agent_id'] }} as agent_id,
        {{ clean_text('agent_name') }} as agent_name,
        {{ clean_text('team') }} as team,
        upper({{ clean_text('tier') }}) as tier,
        coalesce({{ parse_boolean('is_bot') }}, false) as is_bot,
        {{ parse_timestamp_utc('hired_at') }} as hired_at,
        {{ parse_timestamp_utc('terminated_at') }} as terminated_at,
        {{ parse_number('hourly_cost') }} as hourly_cost,
        {{- raw_text_columns('agents') }}
    from source
),

{{ judge_raw_rows('agents', key, checks) }}

final as (
    select
        checked.agent_id,
        checked.agent_name,
        checked.team,
        checked.tier,
        checked.is_bot,
        checked.hired_at,
        checked.terminated_at,
        checked.hourly_cost,
        {{ judged_columns('agents', key) }}
    from checked
)

select * from final
