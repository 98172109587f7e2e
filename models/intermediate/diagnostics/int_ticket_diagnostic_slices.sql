{#- One row per accepted ticket and diagnostic slice: the dimensions the
    long-format diagnostic marts (reopen analysis, routing accuracy) cut by,
    as dimension_name / dimension_value:
    - overall ('all'), category, channel and team: as int_ticket_slices
      ('unknown' for a null; team: the first assignee's team, 'unassigned'
      when never assigned);
    - agent: resolved_by_agent_id; 'currently_unresolved' when the ticket is
      not solved or closed now, 'unknown' when resolved without an agent;
    - first_resolution_agent: the agent of the first resolution
      (int_ticket_diagnostic_attributes); 'unresolved' when never resolved,
      'unknown' when resolved without an agent;
    - handling_class (int_ticket_diagnostic_attributes);
    - first_resolver_class: who made the first resolution (bot, human,
      unknown, unattributed; int_ticket_diagnostic_attributes), 'unresolved'
      when never resolved.
    A mart keeps the dimensions it reports. -#}
with slices as (
    select * from {{ ref('int_ticket_slices') }}
    where slice_name in ('overall', 'category', 'channel', 'team')
),

timings as (
    select * from {{ ref('int_ticket_timings') }}
),

ownership as (
    select * from {{ ref('int_ticket_ownership') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

ticket_values as (
    select
        timings.ticket_id,
        case
            when timings.resolved_at is null then 'currently_unresolved'
            else coalesce(ownership.resolved_by_agent_id, 'unknown')
        end as agent,
        case
            when timings.first_resolved_at is null then 'unresolved'
            else coalesce(attributes.first_resolution_agent_id, 'unknown')
        end as first_resolution_agent,
        attributes.handling_class,
        coalesce(attributes.first_resolver_class, 'unresolved') as first_resolver_class
    from timings
    inner join ownership
        on timings.ticket_id = ownership.ticket_id
    inner join attributes
        on timings.ticket_id = attributes.ticket_id
),

final as (
    select
        ticket_id,
        slice_name as dimension_name,
        slice_value as dimension_value
    from slices
    {%- for dimension in ['agent', 'first_resolution_agent', 'handling_class',
                          'first_resolver_class'] %}
        union all
        select
            ticket_id,
            '{{ dimension }}' as dimension_name,
            {{ dimension }} as dimension_value
        from ticket_values
    {%- endfor %}
)

select * from final
