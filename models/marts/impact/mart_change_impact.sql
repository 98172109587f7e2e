{#- One row per change (seed kpi_changes) and headline KPI: the KPI over the
    change's scope in its baseline window and in its after window, the
    change, and a two-sided significance test suited to the KPI (docs
    blocks metric_change_impact and metric_change_significance):
    - rates: two-proportion z-test with the pooled standard error; the
      confidence interval of the difference uses the unpooled one (Wald);
    - medians of durations: Mann-Whitney U rank test (after against
      baseline), normal approximation with tie correction and continuity
      correction; average ranks from window functions; no interval;
    - the AHT mean: Welch's t-test (Welch-Satterthwaite degrees of freedom),
      p-value by Wallace's normal approximation, interval from the t
      quantile (Cornish-Fisher).
    Nothing is judged while the after window is open at as_of (SPEC: never
    score a window still open): is_improved needs it ended; the test, the
    interval and the verdict also need change_impact_min_sample
    observations on each side (else no test, is_low_sample). -#}
{%- set kpis = change_impact_kpis() -%}
{%- set alpha = var('change_impact_alpha') -%}
{%- set min_sample = var('change_impact_min_sample') | int -%}
with change_windows as (
    select * from {{ ref('int_change_windows') }}
),

observations as (
    select * from {{ ref('int_change_kpi_observations') }}
),

kpis as (
    {%- for kpi in kpis %}
        select
            '{{ kpi.name }}' as kpi_name,
            '{{ kpi.docs_block }}' as kpi_docs_block,
            '{{ kpi.aggregate }}' as kpi_aggregate,
            '{{ kpi.unit }}' as kpi_unit,
            '{{ kpi.cohort }}' as kpi_cohort,
            '{{ kpi.direction }}' as kpi_direction,
            '{{ kpi.test }}' as test_name
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

measured as (
    select * from observations
    where observation_value is not null
),

ranked as (
    -- average rank of each duration among the change's and KPI's pooled
    -- observations (ties share the mean of their ranks), and the size of
    -- its tie group
    select
        change_id,
        kpi_name,
        window_name,
        cast(
            rank() over (partition by change_id, kpi_name order by observation_value)
            as {{ type_double() }}
        )
        + cast(
            count(*) over (partition by change_id, kpi_name, observation_value) - 1
            as {{ type_double() }}
        ) / 2 as average_rank,
        count(*) over (partition by change_id, kpi_name, observation_value) as tie_size
    from measured
    where kpi_name in (
            {%- for kpi in kpis if kpi.test == 'mann_whitney_u' -%}
                '{{ kpi.name }}'{{ ', ' if not loop.last }}
            {%- endfor -%}
        )
),

rank_sums as (
    select
        change_id,
        kpi_name,
        sum(case when window_name = 'after' then average_rank end) as after_rank_sum,
        -- sum over tie groups of t^3 - t, as a sum over their members of t^2 - 1
        sum(cast(tie_size * tie_size - 1 as {{ type_double() }})) as tie_term
    from ranked
    group by change_id, kpi_name
),

medians as (
    {{ exact_percentiles('measured', ['change_id', 'kpi_name', 'window_name'],
        'observation_value', {'median_value': 0.5}) }}
),

window_stats as (
    select
        change_id,
        kpi_name,
        window_name,
        count(*) as observations,
        sum(observation_value) as value_sum,
        avg(observation_value) as value_mean,
        var_samp(observation_value) as value_variance
    from measured
    group by change_id, kpi_name, window_name
),

pending_counts as (
    select
        change_id,
        kpi_name,
        count(case when window_name = 'baseline' then 1 end) as baseline_pending,
        count(case when window_name = 'after' then 1 end) as after_pending
    from observations
    where is_pending
    group by change_id, kpi_name
),

sides as (
    -- one row per change and KPI with both change_windows side by side
    select
        change_windows.change_id,
        kpis.*,
        {%- for side in ['baseline', 'after'] %}
            coalesce({{ side }}_stats.observations, 0) as {{ side }}_n,
            {{ side }}_stats.value_sum as {{ side }}_sum,
            {{ side }}_stats.value_mean as {{ side }}_mean,
            {{ side }}_stats.value_variance as {{ side }}_variance,
            case kpis.kpi_aggregate
                when 'median' then {{ side }}_medians.median_value
                when 'rate' then {{ side }}_stats.value_mean
                when 'mean' then {{ side }}_stats.value_mean
            end as {{ side }}_value,
        {%- endfor %}
        coalesce(pending_counts.baseline_pending, 0) as baseline_pending,
        coalesce(pending_counts.after_pending, 0) as after_pending,
        rank_sums.after_rank_sum,
        rank_sums.tie_term
    from change_windows
    cross join kpis
    {%- for side in ['baseline', 'after'] %}
        left join window_stats as {{ side }}_stats
            on change_windows.change_id = {{ side }}_stats.change_id
                and kpis.kpi_name = {{ side }}_stats.kpi_name
                and {{ side }}_stats.window_name = '{{ side }}'
        left join medians as {{ side }}_medians
            on change_windows.change_id = {{ side }}_medians.change_id
                and kpis.kpi_name = {{ side }}_medians.kpi_name
                and {{ side }}_medians.window_name = '{{ side }}'
    {%- endfor %}
    left join pending_counts
        on change_windows.change_id = pending_counts.change_id
            and kpis.kpi_name = pending_counts.kpi_name
    left join rank_sums
        on change_windows.change_id = rank_sums.change_id
            and kpis.kpi_name = rank_sums.kpi_name
),

test_inputs as (
    select
        sides.*,
        -- Mann-Whitney: U of the after sample, its mean and tie-corrected sd
        sides.after_rank_sum
        - cast(sides.after_n * (sides.after_n + 1) as {{ type_double() }}) / 2 as mann_whitney_u,
        cast(sides.after_n * sides.baseline_n as {{ type_double() }}) / 2 as mann_whitney_u_mean,
        sqrt(
            cast(sides.after_n * sides.baseline_n as {{ type_double() }}) / 12
            * (
                cast(sides.baseline_n + sides.after_n + 1 as {{ type_double() }})
                - {{ safe_ratio('sides.tie_term',
                    '(sides.baseline_n + sides.after_n) * (sides.baseline_n + sides.after_n - 1)')
                }}
            )
        ) as mann_whitney_u_sd,
        -- two proportions: pooled se (test) and unpooled se (interval)
        {{ pooled_proportion_se('sides.after_sum', 'sides.after_n',
            'sides.baseline_sum', 'sides.baseline_n') }} as pooled_se,
        sqrt(
            {{ safe_ratio('sides.after_mean * (1 - sides.after_mean)', 'sides.after_n') }}
            + {{ safe_ratio('sides.baseline_mean * (1 - sides.baseline_mean)',
                'sides.baseline_n') }}
        ) as unpooled_se,
        -- Welch: standard error and the two variance terms of its df
        {{ safe_ratio('sides.after_variance', 'sides.after_n') }} as after_mean_variance,
        {{ safe_ratio('sides.baseline_variance', 'sides.baseline_n') }} as baseline_mean_variance
    from sides
),

critical_values as (
    -- z with a two-sided tail of change_impact_alpha
    select {{ normal_upper_quantile(alpha / 2) }} as z_critical
),

{%- set mwu_gap = 'abs(test_inputs.mann_whitney_u - test_inputs.mann_whitney_u_mean)' %}
{%- set mwu_corrected_gap =
    '(case when ' ~ mwu_gap ~ ' > 0.5 then ' ~ mwu_gap ~ ' - 0.5 else 0.0 end)' %}
{%- set mwu_sign = '(case when test_inputs.mann_whitney_u < test_inputs.mann_whitney_u_mean'
    ~ ' then -1.0 else 1.0 end)' %}

test_statistics as (
    select
        test_inputs.*,
        change_windows.as_of_at,
        change_windows.after_end_at <= change_windows.as_of_at as is_after_window_complete,
        test_inputs.baseline_n < {{ min_sample }} or test_inputs.after_n < {{ min_sample }}
            as is_low_sample,
        test_inputs.after_value - test_inputs.baseline_value as absolute_change,
        sqrt(test_inputs.after_mean_variance + test_inputs.baseline_mean_variance) as welch_se,
        case
            when test_inputs.test_name = 'welch_t'
                then {{ safe_ratio(
                    '(test_inputs.after_mean_variance + test_inputs.baseline_mean_variance)'
                    ~ ' * (test_inputs.after_mean_variance + test_inputs.baseline_mean_variance)',
                    'test_inputs.after_mean_variance * test_inputs.after_mean_variance'
                    ~ ' / (test_inputs.after_n - 1) + test_inputs.baseline_mean_variance'
                    ~ ' * test_inputs.baseline_mean_variance / (test_inputs.baseline_n - 1)') }}
        end as degrees_of_freedom,
        case test_inputs.test_name
            when 'two_proportion_z'
                then {{ safe_ratio('test_inputs.after_mean - test_inputs.baseline_mean',
                    'test_inputs.pooled_se') }}
            when 'mann_whitney_u'
                -- continuity correction: |U - mean| shrinks by 1/2, never below 0
                then case
                        when test_inputs.mann_whitney_u_sd > 0
                            then {{ mwu_sign }} * {{ mwu_corrected_gap }}
                                / test_inputs.mann_whitney_u_sd
                    end
            when 'welch_t'
                then {{ safe_ratio('test_inputs.after_mean - test_inputs.baseline_mean',
                    'sqrt(test_inputs.after_mean_variance + test_inputs.baseline_mean_variance)') }}
        end as raw_statistic
    from test_inputs
    inner join change_windows
        on test_inputs.change_id = change_windows.change_id
),

scored as (
    select
        test_statistics.*,
        test_statistics.is_after_window_complete and not test_statistics.is_low_sample as is_scored,
        case
            when test_statistics.is_after_window_complete and not test_statistics.is_low_sample
                then test_statistics.raw_statistic
        end as test_statistic
    from test_statistics
),

tested as (
    select
        scored.*,
        case
            when scored.test_statistic is null then null
            when scored.test_name = 'welch_t'
                then {{ student_t_two_sided_p_value('scored.test_statistic',
                    'scored.degrees_of_freedom') }}
            else {{ normal_two_sided_p_value('scored.test_statistic') }}
        end as p_value,
        case
            when not scored.is_scored then null
            when scored.test_name = 'two_proportion_z'
                then critical_values.z_critical * scored.unpooled_se
            when scored.test_name = 'welch_t'
                then {{ student_t_quantile('critical_values.z_critical',
                    'scored.degrees_of_freedom') }} * scored.welch_se
        end as interval_half_width
    from scored
    cross join critical_values
),

final as (
    select
        change_windows.change_id,
        change_windows.change_name,
        change_windows.change_type,
        change_windows.go_live_date,
        change_windows.scope_type,
        change_windows.scope_value,
        change_windows.baseline_start_date,
        change_windows.baseline_end_date,
        change_windows.after_start_date,
        change_windows.after_end_date,
        tested.kpi_name,
        tested.kpi_docs_block,
        tested.kpi_aggregate,
        tested.kpi_unit,
        tested.kpi_cohort,
        tested.kpi_direction,
        tested.baseline_n,
        tested.baseline_value,
        tested.baseline_pending,
        tested.after_n,
        tested.after_value,
        tested.after_pending,
        tested.absolute_change,
        {{ safe_ratio('tested.absolute_change', 'tested.baseline_value') }} as relative_change,
        case
            when not tested.is_after_window_complete then null
            when tested.kpi_direction = 'lower_is_better'
                then tested.after_value < tested.baseline_value
            else tested.after_value > tested.baseline_value
        end as is_improved,
        tested.test_name,
        tested.test_statistic,
        case
            when tested.is_scored and tested.test_name = 'mann_whitney_u'
                then tested.mann_whitney_u
        end as mann_whitney_u,
        case when tested.is_scored then tested.degrees_of_freedom end as degrees_of_freedom,
        tested.p_value,
        cast(1 - {{ alpha }} as {{ type_double() }}) as confidence_level,
        tested.absolute_change - tested.interval_half_width as change_ci_lower,
        tested.absolute_change + tested.interval_half_width as change_ci_upper,
        cast({{ alpha }} as {{ type_double() }}) as alpha,
        tested.p_value < {{ alpha }} as is_significant,
        tested.is_low_sample,
        tested.is_after_window_complete,
        case
            when not tested.is_after_window_complete then 'after_window_open'
            when tested.is_low_sample then 'insufficient_sample'
            when tested.p_value is null then 'not_testable'
            when tested.p_value >= {{ alpha }} then 'no_significant_change'
            when (tested.test_statistic < 0 and tested.kpi_direction = 'lower_is_better')
                or (tested.test_statistic > 0 and tested.kpi_direction = 'higher_is_better')
                then 'improved'
            else 'worsened'
        end as impact_verdict,
        tested.as_of_at
    from tested
    inner join change_windows
        on tested.change_id = change_windows.change_id
)

select * from final
