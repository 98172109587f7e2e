{#- Every raw row of surveys (SPEC section 1), parsed and judged: one row
    per raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below; a row whose ticket_id is missing, unknown or rejected
    is rejected). stg_helpdesk__surveys holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. Incremental: a
    run restages only the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (survey_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'survey_id': clean_text('survey_id'),
} -%}
{%- set scale_rule -%}
    score is not null and (
        score <> floor(score)
        or (survey_type = 'csat' and (score < 1 or score > 5))
        or (survey_type = 'ces' and (score < 1 or score > 7))
        or (survey_type = 'nps' and (score < 0 or score > 10))
    )
{%- endset -%}
{%- set checks = enum_check('survey_type', 'survey_type')
    + timestamp_checks('sent_at')
    + timestamp_checks('responded_at', required=false)
    + order_check('sent_at', 'responded_at')
    + [[is_unparseable('raw_score', 'score'), "'not a number in score: ' || raw_score"],
       [scale_rule, "'score outside the ' || survey_type || ' scale: ' || raw_score"],
       ["score is not null and responded_at is null", "'score without responded_at'"]] -%}

with source as (
    select * from {{ helpdesk_raw_relation('surveys') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('surveys', key, ticket_reference='required') }}
    {%- endif %}
),

parsed as (
    select
        {{ key['survey_id'] }} as survey_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('survey_type', lower=true) }} as survey_type,
        {{ parse_timestamp_utc('sent_at') }} as sent_at,
        {{ parse_timestamp_utc('responded_at') }} as responded_at,
        {{ parse_number('score') }} as score,
        {{- raw_text_columns('surveys') }}
    from source
),

{{ judge_raw_rows('surveys', key, checks, ticket_reference='required') }}

final as (
    select
        checked.survey_id,
        checked.ticket_id,
        checked.survey_type,
        checked.sent_at,
        checked.responded_at,
        checked.score,
        {{ judged_columns('surveys', key) }}
    from checked
)

select * from final
