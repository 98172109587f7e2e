{#- The counts behind the rates that wait on a window after the first
    resolution (SPEC section 2): FCR and reopen. A ticket counts in a rate only
    once its window has elapsed at as_of, whatever its verdict (a failure is
    known before its window ends, a success is not, so counting early
    failures would bias every recent period down); the tickets still inside
    their window are the _pending counts, beside the rate and never in it.

    Reads fcr_status, is_fcr_window_elapsed, is_reopened_within_window and
    is_reopen_window_elapsed of fact_ticket (through `alias`); outputs the
    aggregate columns <prefix>fcr_first_contact, <prefix>fcr_not_first_contact,
    <prefix>fcr_pending (metrics 'fcr'), <prefix>tickets_reopened_within_window,
    <prefix>reopen_window_elapsed and <prefix>reopen_pending (metrics 'reopen'). -#}
{% macro window_metric_counts(alias=none, prefix='', metrics=['fcr', 'reopen']) -%}
    {%- set c = (alias ~ '.') if alias else '' -%}
    {%- if 'fcr' in metrics %}
    count(case
        when {{ c }}is_fcr_window_elapsed and {{ c }}fcr_status = 'first_contact' then 1
    end) as {{ prefix }}fcr_first_contact,
    count(case
        when {{ c }}is_fcr_window_elapsed and {{ c }}fcr_status = 'not_first_contact' then 1
    end) as {{ prefix }}fcr_not_first_contact,
    count(case
        when not {{ c }}is_fcr_window_elapsed
            and {{ c }}fcr_status in ('pending', 'not_first_contact') then 1
    end) as {{ prefix }}fcr_pending
    {%- endif %}
    {%- if 'fcr' in metrics and 'reopen' in metrics %},{% endif %}
    {%- if 'reopen' in metrics %}
    count(case
        when {{ c }}is_reopened_within_window and {{ c }}is_reopen_window_elapsed then 1
    end) as {{ prefix }}tickets_reopened_within_window,
    count(case when {{ c }}is_reopen_window_elapsed then 1 end) as {{ prefix }}reopen_window_elapsed,
    count(case when not {{ c }}is_reopen_window_elapsed then 1 end) as {{ prefix }}reopen_pending
    {%- endif %}
{%- endmacro %}

{#- The columns of window_metric_counts() read from a left-joined aggregate
    `alias` (0 when it has no row), with the rates they make: fcr_rate =
    first_contact / (first_contact + not_first_contact) and reopen_rate =
    reopened within window / window elapsed (SPEC section 2), null without a
    denominator. -#}
{% macro window_metric_rates(alias) -%}
    coalesce({{ alias }}.fcr_first_contact, 0) as fcr_first_contact,
    coalesce({{ alias }}.fcr_not_first_contact, 0) as fcr_not_first_contact,
    coalesce({{ alias }}.fcr_pending, 0) as fcr_pending,
    {{ safe_ratio(alias ~ '.fcr_first_contact',
        alias ~ '.fcr_first_contact + ' ~ alias ~ '.fcr_not_first_contact') }} as fcr_rate,
    coalesce({{ alias }}.tickets_reopened_within_window, 0) as tickets_reopened_within_window,
    coalesce({{ alias }}.reopen_window_elapsed, 0) as reopen_window_elapsed,
    coalesce({{ alias }}.reopen_pending, 0) as reopen_pending,
    {{ safe_ratio(alias ~ '.tickets_reopened_within_window',
        alias ~ '.reopen_window_elapsed') }} as reopen_rate
{%- endmacro %}
