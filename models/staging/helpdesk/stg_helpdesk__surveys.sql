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
{{ stage_helpdesk_table(
    'surveys',
    key=['survey_id'],
    columns={
        'survey_id': clean_text('survey_id'),
        'ticket_id': clean_text('ticket_id'),
        'survey_type': clean_text('survey_type', lower=true),
        'sent_at': parse_timestamp_utc('sent_at'),
        'responded_at': parse_timestamp_utc('responded_at'),
        'score': parse_number('score'),
    },
    checks=checks,
) }}
