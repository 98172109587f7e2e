{#- What a user reads when an incremental run fails: the models whose
    bookkeeping could not go on, and the command that recovers. -#}

{#- The message a run stops with when the bookkeeping of an incremental
    model cannot go on: what is wrong, and the command that recovers (the
    model and what depends on it; whole=true: the whole warehouse, for a
    warehouse built by an earlier version of the project). -#}
{% macro incremental_recovery_message(model_name, problem, whole=false) %}
    {%- set command = "dbt build --full-refresh" if whole
        else "dbt build --full-refresh --select " ~ model_name ~ "+" -%}
    {{ return("Incremental run of " ~ model_name ~ " cannot continue: " ~ problem
        ~ ". Nothing was written to it. Recover with:\n    " ~ command) }}
{% endmacro %}

{#- on-run-end: after a run that was not a full refresh, when a model that
    is built incrementally failed, or a data test of one failed or errored,
    one message names those models and the command that rebuilds them and
    what depends on them (instead of leaving the user a cascade of failed
    and skipped nodes to read). Returns no SQL. -#}
{% macro incremental_recovery_hint(results) %}
    {%- if not execute or flags.FULL_REFRESH or results is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set failing = {} -%}
    {%- for result in results -%}
        {%- if result.status in ('fail', 'error') -%}
            {%- set node = result.node -%}
            {%- set model_ids = [] -%}
            {%- if node.resource_type == 'model' -%}
                {%- do model_ids.append(node.unique_id) -%}
            {%- elif node.resource_type == 'test' -%}
                {%- if node.attached_node -%}
                    {%- do model_ids.append(node.attached_node) -%}
                {%- else -%}
                    {%- do model_ids.extend(node.depends_on.nodes) -%}
                {%- endif -%}
            {%- endif -%}
            {%- for model_id in model_ids -%}
                {%- set model_node = graph.nodes.get(model_id) -%}
                {%- if model_node is not none and model_node.config.materialized == 'incremental' -%}
                    {%- do failing.update({model_node.name:
                        failing.get(model_node.name, []) + [result.status]}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if failing | length > 0 -%}
        {%- set names = failing.keys() | list | sort -%}
        {%- set described = [] -%}
        {%- for name in names -%}
            {%- set statuses = failing[name] -%}
            {%- do described.append(name ~ " (" ~ (statuses | select('equalto', 'fail') | list | length)
                ~ " failed tests, " ~ (statuses | select('equalto', 'error') | list | length)
                ~ " errors)") -%}
        {%- endfor -%}
        {%- set selection = [] -%}
        {%- for name in names -%}{%- do selection.append(name ~ "+") -%}{%- endfor -%}
        {{ log("Incremental models failed or failed their tests in this run: "
            ~ described | join(", ") ~ ". If the raw data changed in a way an incremental "
            ~ "run cannot follow, or a run left them inconsistent, rebuild them and what "
            ~ "depends on them:\n    dbt build --full-refresh --select " ~ selection | join(" ")
            ~ "\n(or the whole warehouse: dbt build --full-refresh).", info=true) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
