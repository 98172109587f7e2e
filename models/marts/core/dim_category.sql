{#- One row per category: every category of the ticket_categories seed and
    every category seen on tickets (is_in_seed false: null tier, class and
    expansion flag). -#}
with seed as (
    select
        lower(category) as category,
        complexity_tier,
        service_class,
        is_expansion_signal
    from {{ ref('ticket_categories') }}
),

seen as (
    select
        category,
        count(*) as ticket_count
    from {{ ref('int_ticket_attributes') }}
    where category is not null
    group by category
),

final as (
    select
        coalesce(seed.category, seen.category) as category,
        seed.complexity_tier,
        seed.service_class,
        seed.is_expansion_signal,
        seed.category is not null as is_in_seed,
        coalesce(seen.ticket_count, 0) as ticket_count
    from seed
    full outer join seen
        on seed.category = seen.category
)

select * from final
