{#- Helpers of the Erlang C staffing model (mart_staffing_interval). Plain
    standard SQL: no engine-specific function is needed. -#}

{#- exp(x) that returns 0 instead of underflowing. Postgres raises "value out
    of range: underflow" on exp() of a very negative double; exp(-700) is
    about 1e-304, so anything below is 0 for every use in the model. -#}
{% macro exp_or_zero(expr) -%}
    (case when ({{ expr }}) < -700 then 0.0 else exp({{ expr }}) end)
{%- endmacro %}

{#- Largest agent count N tried for a traffic of A Erlangs: enough for any
    service-level target the Erlang C model can reach in practice, whatever
    service_level_seconds is. Even with a 0-second threshold (SL = 1 - C),
    N = A + 6 sqrt(A) gives a waiting probability below 1e-8 (Halfin-Whitt),
    and the + 20 covers tiny traffic. Var-free on purpose: the candidates do
    not change when the target does. -#}
{% macro erlang_max_agents(traffic) -%}
    (cast(ceil({{ traffic }} + 6 * sqrt({{ traffic }})) as {{ dbt.type_int() }}) + 20)
{%- endmacro %}
