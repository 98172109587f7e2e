{#- Every piece of engine-specific SQL of the project, each behind
    adapter.dispatch: duckdb__ implementations here; another engine adds its
    own next to them. An engine without one stops with a message naming the
    macro (see engine_not_supported) instead of running DuckDB SQL. -#}

{% macro engine_not_supported(name) %}
    {{ exceptions.raise_compiler_error(
        "The support warehouse has no " ~ target.type ~ " implementation of macro '"
        ~ name ~ "' yet: add " ~ target.type ~ "__" ~ name ~ " in macros/engine/engine_sql.sql.") }}
{% endmacro %}

{#- Text -> UTC timestamp. A value with an offset (Z, +02:00, -0400) is
    converted to UTC; one without is taken as UTC; null when unparseable. The
    result never depends on the session time zone. -#}
{% macro parse_timestamp_utc(expr) %}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'support_warehouse')(expr)) }}
{% endmacro %}

{% macro duckdb__parse_timestamp_utc(expr) -%}
    {#- upper(): RFC 3339 allows a lower-case t and z, DuckDB's cast does not.
        Only two shapes are read: with a numeric offset (one that exists:
        within +-14:00, minutes below 60) or Z (converted), or
        with no zone at all (UTC). Anything else (a zone name, an
        abbreviation) is unparseable, never silently taken as UTC. -#}
    case
        when regexp_full_match(
            upper(trim({{ expr }})),
            '\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-](0\d|1[0-3])(:?[0-5]\d)?|[+-]14(:?00)?)'
        )
            then timezone('UTC', try_cast(upper(trim({{ expr }})) as timestamptz))
        when regexp_full_match(
            upper(trim({{ expr }})),
            '\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?'
        )
            then try_cast(upper(trim({{ expr }})) as timestamp)
    end
{%- endmacro %}

{#- UTC timestamp -> wall clock in an IANA time zone (a column or literal). -#}
{% macro utc_to_local(ts, tz) %}
    {{ return(adapter.dispatch('utc_to_local', 'support_warehouse')(ts, tz)) }}
{% endmacro %}

{% macro duckdb__utc_to_local(ts, tz) -%}
    timezone({{ tz }}, timezone('UTC', {{ ts }}))
{%- endmacro %}

{#- Wall clock in an IANA time zone -> UTC timestamp (offset in force then). -#}
{% macro local_to_utc(ts, tz) %}
    {{ return(adapter.dispatch('local_to_utc', 'support_warehouse')(ts, tz)) }}
{% endmacro %}

{% macro duckdb__local_to_utc(ts, tz) -%}
    timezone('UTC', timezone({{ tz }}, {{ ts }}))
{%- endmacro %}

{#- One row per day from start_date to end_date inclusive, column date_day. -#}
{% macro date_series(start_date, end_date) %}
    {{ return(adapter.dispatch('date_series', 'support_warehouse')(start_date, end_date)) }}
{% endmacro %}

{% macro duckdb__date_series(start_date, end_date) -%}
    select cast(generate_series as date) as date_day
    from generate_series(
        cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 day
    )
{%- endmacro %}

{#- A clause to put right after `from <relation>` (no other join in that
    select): one output row per input row and day from start_date to
    end_date inclusive, the day as `alias`.`column`. Rows whose start is
    after their end must be filtered out before (Spark raises on them).
    Linear in the rows produced: no join against a calendar. -#}
{% macro per_row_date_series(start_date, end_date, alias='days', column='date_day') %}
    {{ return(adapter.dispatch('per_row_date_series', 'support_warehouse')(
        start_date, end_date, alias, column)) }}
{% endmacro %}

{% macro duckdb__per_row_date_series(start_date, end_date, alias, column) -%}
    cross join lateral (
        select cast(unnest(generate_series(
            cast(cast({{ start_date }} as date) as timestamp),
            cast(cast({{ end_date }} as date) as timestamp),
            interval 1 day
        )) as date) as {{ column }}
    ) as {{ alias }}
{%- endmacro %}

{#- Continuous percentile of expr (p in 0..1) as an aggregate. -#}
{% macro percentile_cont(expr, p) %}
    {{ return(adapter.dispatch('percentile_cont', 'support_warehouse')(expr, p)) }}
{% endmacro %}

{% macro duckdb__percentile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{#- A number as text rounded to a number of decimals, always that many
    (12.50), the same text on every engine (for sentences). -#}
{% macro format_number(expr, decimals) %}
    {{ return(adapter.dispatch('format_number', 'support_warehouse')(expr, decimals)) }}
{% endmacro %}

{#- Seconds between two timestamps as a double (fractions kept). -#}
{% macro seconds_between(start_ts, end_ts) %}
    {{ return(adapter.dispatch('seconds_between', 'support_warehouse')(start_ts, end_ts)) }}
{% endmacro %}

{% macro duckdb__seconds_between(start_ts, end_ts) -%}
    (cast(epoch_us({{ end_ts }}) - epoch_us({{ start_ts }}) as double) / 1000000)
{%- endmacro %}

{#- A 64-bit integer hash of a row of values (a list of SQL expressions):
    compact row identities for the KPI contribution ledger
    (int_ticket_kpi_contributions). Values differ between engines; they are
    only compared within one warehouse. -#}
{% macro hash64(expressions) %}
    {{ return(adapter.dispatch('hash64', 'support_warehouse')(expressions)) }}
{% endmacro %}

{#- DuckDB hashes the values themselves (position-aware, null distinct from
    every value): no text to build -#}
{% macro duckdb__hash64(expressions) -%}
    cast(hash({{ expressions | join(', ') }}) >> 1 as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- Length in bytes (UTF-8) of a text value; DuckDB reads it from the
    string's header instead of counting characters. -#}
{% macro byte_length(expr) %}
    {{ return(adapter.dispatch('byte_length', 'support_warehouse')(expr)) }}
{% endmacro %}

{% macro duckdb__byte_length(expr) -%}
    strlen({{ expr }})
{%- endmacro %}

{#- Timestamp plus a number of minutes (a column or literal, fractions kept). -#}
{% macro add_minutes(ts, minutes) %}
    {{ return(adapter.dispatch('add_minutes', 'support_warehouse')(ts, minutes)) }}
{% endmacro %}

{% macro duckdb__add_minutes(ts, minutes) -%}
    ({{ ts }} + to_microseconds(cast(round(cast({{ minutes }} as double) * 60000000) as bigint)))
{%- endmacro %}

{#- Day of week of a date, 0 = Monday .. 6 = Sunday. -#}
{% macro iso_day_of_week_index(date_expr) %}
    {{ return(adapter.dispatch('iso_day_of_week_index', 'support_warehouse')(date_expr)) }}
{% endmacro %}

{% macro duckdb__iso_day_of_week_index(date_expr) -%}
    (isodow({{ date_expr }}) - 1)
{%- endmacro %}

{#- Date plus a time of day (text HH:MM[:SS]) -> timestamp. -#}
{% macro date_at_time(date_expr, time_expr) %}
    {{ return(adapter.dispatch('date_at_time', 'support_warehouse')(date_expr, time_expr)) }}
{% endmacro %}

{% macro duckdb__date_at_time(date_expr, time_expr) -%}
    (cast({{ date_expr }} as date) + cast({{ time_expr }} as time))
{%- endmacro %}

{#- Text HH:MM[:SS] -> time of day; null when unparseable. -#}
{% macro parse_time_of_day(expr) %}
    {{ return(adapter.dispatch('parse_time_of_day', 'support_warehouse')(expr)) }}
{% endmacro %}

{% macro duckdb__parse_time_of_day(expr) -%}
    try_cast(trim({{ expr }}) as time)
{%- endmacro %}

{#- Whether a text is a time zone name the engine knows. -#}
{% macro is_valid_timezone(expr) %}
    {{ return(adapter.dispatch('is_valid_timezone', 'support_warehouse')(expr)) }}
{% endmacro %}

{% macro duckdb__is_valid_timezone(expr) -%}
    ({{ expr }} in (select tz_names.name from pg_timezone_names() as tz_names))
{%- endmacro %}

{#- Text -> finite double; null when empty, unparseable, NaN or infinite. -#}
{% macro parse_double(expr) %}
    {{ return(adapter.dispatch('parse_double', 'support_warehouse')(expr)) }}
{% endmacro %}

{% macro duckdb__parse_double(expr) -%}
    case
        when isfinite(try_cast(nullif(trim({{ expr }}), '') as double))
            then try_cast(nullif(trim({{ expr }}), '') as double)
    end
{%- endmacro %}

{#- The double-precision type (dbt.type_float() is single precision on DuckDB). -#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'support_warehouse')()) }}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro default__parse_timestamp_utc(expr) %}{{ engine_not_supported('parse_timestamp_utc') }}{% endmacro %}

{% macro default__utc_to_local(ts, tz) %}{{ engine_not_supported('utc_to_local') }}{% endmacro %}

{% macro default__local_to_utc(ts, tz) %}{{ engine_not_supported('local_to_utc') }}{% endmacro %}

{% macro default__date_series(start_date, end_date) %}{{ engine_not_supported('date_series') }}{% endmacro %}

{% macro default__per_row_date_series(start_date, end_date, alias, column) %}{{ engine_not_supported('per_row_date_series') }}{% endmacro %}

{% macro default__percentile_cont(expr, p) %}{{ engine_not_supported('percentile_cont') }}{% endmacro %}

{#- Same SQL on every engine: through decimal(38, 6), so every engine prints
    fixed decimals (never an exponent) and rounds the same way. -#}
{% macro default__format_number(expr, decimals) -%}
    {%- if decimals == 0 -%}
        cast(cast(round(cast(cast({{ expr }} as {{ type_double() }}) as decimal(38, 6)), 0)
            as bigint) as {{ dbt.type_string() }})
    {%- else -%}
        cast(round(cast(cast({{ expr }} as {{ type_double() }}) as decimal(38, 6)), {{ decimals }})
            as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{% macro default__seconds_between(start_ts, end_ts) %}{{ engine_not_supported('seconds_between') }}{% endmacro %}

{% macro default__hash64(expressions) %}{{ engine_not_supported('hash64') }}{% endmacro %}

{% macro default__byte_length(expr) %}{{ engine_not_supported('byte_length') }}{% endmacro %}

{% macro default__add_minutes(ts, minutes) %}{{ engine_not_supported('add_minutes') }}{% endmacro %}

{% macro default__iso_day_of_week_index(date_expr) %}{{ engine_not_supported('iso_day_of_week_index') }}{% endmacro %}

{% macro default__date_at_time(date_expr, time_expr) %}{{ engine_not_supported('date_at_time') }}{% endmacro %}

{% macro default__parse_time_of_day(expr) %}{{ engine_not_supported('parse_time_of_day') }}{% endmacro %}

{% macro default__is_valid_timezone(expr) %}{{ engine_not_supported('is_valid_timezone') }}{% endmacro %}

{% macro default__parse_double(expr) %}{{ engine_not_supported('parse_double') }}{% endmacro %}

{#- ================================ PostgreSQL ================================
    PostgreSQL 15 has no try_cast: a few small functions (installed at run
    start by install_engine_functions, in the target schema) turn a failed
    cast into null. Text is first matched against the accepted shape, so the
    functions only see values that look right (2025-02-30 is the case they
    catch). -#}

{#- Functions the engine macros need, created at run start (on-run-start). -#}
{% macro install_engine_functions() %}
    {{ return(adapter.dispatch('install_engine_functions', 'support_warehouse')()) }}
{% endmacro %}

{% macro default__install_engine_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__install_engine_functions() -%}
    {%- set schema = target.schema -%}
    create schema if not exists {{ schema }};
    {%- for name, type in [('timestamptz', 'timestamp with time zone'),
                           ('timestamp', 'timestamp without time zone'),
                           ('time', 'time without time zone'),
                           ('double', 'double precision')] %}
    {#- parallel unsafe (the default): an exception block opens a
        subtransaction, which PostgreSQL refuses inside a parallel query
        (seen at 1M tickets, never on the demo: small scans are not parallel) #}
    create or replace function {{ schema }}.support_try_{{ name }}(value text)
    returns {{ type }} language plpgsql stable as $$
    begin
        return cast(value as {{ type }});
    exception when others then
        return null;
    end;
    $$;
    {%- endfor %}
{%- endmacro %}

{% macro postgres__parse_timestamp_utc(expr) -%}
    case
        when upper(trim({{ expr }}))
            ~ '^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-](0\d|1[0-3])(:?[0-5]\d)?|[+-]14(:?00)?)$'
            then {{ target.schema }}.support_try_timestamptz(upper(trim({{ expr }})))
                at time zone 'UTC'
        when upper(trim({{ expr }})) ~ '^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$'
            then {{ target.schema }}.support_try_timestamp(upper(trim({{ expr }})))
    end
{%- endmacro %}

{% macro postgres__utc_to_local(ts, tz) -%}
    (({{ ts }}) at time zone 'UTC' at time zone {{ tz }})
{%- endmacro %}

{% macro postgres__local_to_utc(ts, tz) -%}
    (({{ ts }}) at time zone {{ tz }} at time zone 'UTC')
{%- endmacro %}

{% macro postgres__per_row_date_series(start_date, end_date, alias, column) -%}
    cross join lateral (
        select cast(series.day_start as date) as {{ column }}
        from generate_series(
            cast(cast({{ start_date }} as date) as timestamp),
            cast(cast({{ end_date }} as date) as timestamp),
            interval '1 day'
        ) as series (day_start)
    ) as {{ alias }}
{%- endmacro %}

{% macro postgres__date_series(start_date, end_date) -%}
    select cast(series.day_start as date) as date_day
    from generate_series(
        cast(cast({{ start_date }} as date) as timestamp),
        cast(cast({{ end_date }} as date) as timestamp),
        interval '1 day'
    ) as series (day_start)
{%- endmacro %}

{% macro postgres__percentile_cont(expr, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro postgres__seconds_between(start_ts, end_ts) -%}
    cast(extract(epoch from ({{ end_ts }}) - ({{ start_ts }})) as double precision)
{%- endmacro %}

{% macro postgres__hash64(expressions) -%}
    cast(cast(('x' || substr(md5({{ row_text_sql(expressions) }}), 1, 16)) as bit(64)) as bigint)
{%- endmacro %}

{% macro postgres__byte_length(expr) -%}
    octet_length({{ expr }})
{%- endmacro %}

{% macro postgres__add_minutes(ts, minutes) -%}
    ({{ ts }} + round(cast({{ minutes }} as double precision) * 60000000)
        * interval '1 microsecond')
{%- endmacro %}

{% macro postgres__iso_day_of_week_index(date_expr) -%}
    (cast(extract(isodow from {{ date_expr }}) as integer) - 1)
{%- endmacro %}

{% macro postgres__date_at_time(date_expr, time_expr) -%}
    (cast({{ date_expr }} as date) + cast({{ time_expr }} as time))
{%- endmacro %}

{% macro postgres__parse_time_of_day(expr) -%}
    case
        when trim({{ expr }}) ~ '^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$'
            then {{ target.schema }}.support_try_time(trim({{ expr }}))
    end
{%- endmacro %}

{% macro postgres__is_valid_timezone(expr) -%}
    ({{ expr }} in (select tz_names.name from pg_timezone_names as tz_names))
{%- endmacro %}

{% macro postgres__parse_double(expr) -%}
    case
        when trim({{ expr }}) ~ '^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$'
            then {{ target.schema }}.support_try_double(trim({{ expr }}))
    end
{%- endmacro %}

{#- ================================ Apache Spark ===============================
    Spark 3.4+ (try_cast). The session time zone is UTC (profile). Times of
    day are text HH:MM:SS.ffffff (Spark has no time type): they compare in
    order and date_at_time reads them back. -#}

{% macro spark__parse_timestamp_utc(expr) -%}
    case
        when upper(trim({{ expr }}))
            rlike '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-](0\\d|1[0-3])(:?[0-5]\\d)?|[+-]14(:?00)?)$'
            then try_cast(regexp_replace(upper(trim({{ expr }})),
                '\\s*([+-]\\d{2})(\\d{2})$', '$1:$2') as timestamp)
        when upper(trim({{ expr }})) rlike '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$'
            then try_cast(upper(trim({{ expr }})) as timestamp)
    end
{%- endmacro %}

{% macro spark__utc_to_local(ts, tz) -%}
    from_utc_timestamp({{ ts }}, {{ tz }})
{%- endmacro %}

{% macro spark__local_to_utc(ts, tz) -%}
    to_utc_timestamp({{ ts }}, {{ tz }})
{%- endmacro %}

{% macro spark__date_series(start_date, end_date) -%}
    select explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date),
        interval 1 day)) as date_day
{%- endmacro %}

{% macro spark__per_row_date_series(start_date, end_date, alias, column) -%}
    lateral view explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date),
        interval 1 day)) {{ alias }} as {{ column }}
{%- endmacro %}

{% macro spark__percentile_cont(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__seconds_between(start_ts, end_ts) -%}
    (cast(unix_micros({{ end_ts }}) - unix_micros({{ start_ts }}) as double) / 1000000)
{%- endmacro %}

{% macro spark__hash64(expressions) -%}
    xxhash64({{ row_text_sql(expressions) }})
{%- endmacro %}

{% macro spark__byte_length(expr) -%}
    octet_length({{ expr }})
{%- endmacro %}

{% macro spark__add_minutes(ts, minutes) -%}
    timestamp_micros(unix_micros({{ ts }})
        + cast(round(cast({{ minutes }} as double) * 60000000) as bigint))
{%- endmacro %}

{% macro spark__iso_day_of_week_index(date_expr) -%}
    ((dayofweek({{ date_expr }}) + 5) % 7)
{%- endmacro %}

{% macro spark__date_at_time(date_expr, time_expr) -%}
    cast(concat(cast(cast({{ date_expr }} as date) as string), ' ', {{ time_expr }}) as timestamp)
{%- endmacro %}

{% macro spark__parse_time_of_day(expr) -%}
    case
        when trim({{ expr }}) rlike '^\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$'
            then date_format(
                try_cast(concat('1970-01-01 ', trim({{ expr }})) as timestamp),
                'HH:mm:ss.SSSSSS')
    end
{%- endmacro %}

{% macro spark__is_valid_timezone(expr) -%}
    ({{ expr }} in (
        {%- for name in modules.pytz.all_timezones -%}
            '{{ name }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    ))
{%- endmacro %}

{% macro spark__parse_double(expr) -%}
    case
        when trim({{ expr }}) rlike '^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$'
            and abs(try_cast(trim({{ expr }}) as double)) < double('Infinity')
            then try_cast(trim({{ expr }}) as double)
    end
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- Contract data types are written text / double precision (DuckDB and
    PostgreSQL); Spark spells them string / double. -#}
{% macro spark__cast(field, type) -%}
    {%- set spelled = {'text': 'string', 'double precision': 'double', 'varchar': 'string'} -%}
    cast({{ field }} as {{ spelled.get(type | lower | trim, type) }})
{%- endmacro %}

{#- dbt-spark's dateadd goes through whole unix seconds and to_timestamp,
    which moved sub-day steps on the interval grid; microseconds are exact. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set micros = {'hour': 3600000000, 'minute': 60000000, 'second': 1000000} -%}
    {%- if datepart in micros -%}
        timestamp_micros(unix_micros(cast({{ from_date_or_timestamp }} as timestamp))
            + cast(cast(({{ interval }}) as double) * {{ micros[datepart] }} as bigint))
    {%- elif datepart in ('day', 'week') -%}
        (cast({{ from_date_or_timestamp }} as timestamp)
            + make_interval(0, 0, 0, cast(({{ interval }}) * {{ 7 if datepart == 'week' else 1 }} as int)))
    {%- else -%}
        {%- set months = {'month': 1, 'quarter': 3, 'year': 12}[datepart] -%}
        (cast({{ from_date_or_timestamp }} as timestamp)
            + make_interval(0, cast(({{ interval }}) * {{ months }} as int)))
    {%- endif -%}
{%- endmacro %}

{#- dbt-spark's listagg ignores the order: the values are sorted instead
    (every caller here orders by the aggregated value itself). -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter_text }})
{%- endmacro %}

{#- dbt-spark's datediff rounds sub-day differences up (ceil); dbt's meaning,
    as on DuckDB and PostgreSQL, is the number of boundaries crossed. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set micros = {'hour': 3600000000, 'minute': 60000000, 'second': 1000000} -%}
    {%- if datepart in micros -%}
        (floor(unix_micros(cast({{ second_date }} as timestamp)) / {{ micros[datepart] }})
            - floor(unix_micros(cast({{ first_date }} as timestamp)) / {{ micros[datepart] }}))
    {%- elif datepart == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- else -%}
        {{ exceptions.raise_compiler_error("spark__datediff: datepart '" ~ datepart
            ~ "' is not used by the project; add it in macros/engine/engine_sql.sql") }}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook of every model: planner statistics of the table just built.
    PostgreSQL does not gather them when a table is created, and without
    them it plans later joins from default guesses (nested loops over
    hundreds of thousands of rows); DuckDB and Spark need nothing. -#}
{% macro refresh_statistics() %}
    {{ return(adapter.dispatch('refresh_statistics', 'support_warehouse')()) }}
{% endmacro %}

{% macro default__refresh_statistics() %}{% endmacro %}

{% macro postgres__refresh_statistics() -%}
    {%- if config.get('materialized') in ['table', 'incremental'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
