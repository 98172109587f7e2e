"""Write a canonical helpdesk dataset (SPEC section 1) as Freshdesk's tables,
the way Fivetran's connector lands them, and beside them the canonical
dataset as Freshdesk can carry it.

    to_freshdesk(canonical_dir, out_dir) -> FreshdeskExport

out_dir/freshdesk/ ticket, conversation, contact, agent, group, agent_group,
                   company, time_entries, satisfaction_rating,
                   satisfaction_rating_value, business_hour,
                   business_hour_working_hour, business_hour_holiday
                   (Parquet, the connector's column names and types: integer
                   ids and codes, UTC timestamps)
out_dir/canonical/ the nine tables of SPEC section 1 the freshdesk source
                   provides, holding exactly what the Freshdesk tables say:
                   the round-trip test builds the warehouse on each and
                   compares every public relation.

What Freshdesk cannot carry is left out of the canonical copy too:
- ids become Freshdesk's integers;
- status history: Freshdesk keeps none, only the ticket's current status and
  its stats timestamps (the last time it was resolved, closed, reopened, set
  pending, and its status changed). The canonical events are the ones the
  dbt model freshdesk__ticket_events rebuilds from them: an open at
  creation (no new status), then at most one pending, resolved, closed,
  reopen and current-status change, in time order; earlier resolutions,
  reopens and pending spells are lost (a ticket reopened and solved again
  shows no reopen). No actor;
- assignments, escalations, priority and category changes: none (Freshdesk
  records no time for them; is_escalated is an SLA flag). The ticket keeps
  its current priority and category (type);
- channel: api tickets are portal (web) tickets; an agent- or bot-created
  ticket is an outbound email (channel email, created by an agent);
- messages: the ticket's first message is its description, dated at
  creation (by the requester, or on an outbound ticket by its current
  agent); system messages (auto-acknowledgements) are not conversations;
  a message's channel is the ticket's;
- work sessions: time_spent is whole minutes (rounded); a session under half
  a minute is 00:00, not a session;
- agents: team is the tier group (Tier 1..3), no termination or cost;
  customers: no segment, plan or churn;
- surveys: only answered csat surveys, sent when answered, on Freshdesk's
  5-point scale (103, 102, 100, -102, -103); ces and nps are lost;
- schedules: one interval per day (first start to last end: a lunch break is
  lost); holidays recur yearly without a year ("Jan 01"), so a holiday is
  every year the tickets span.
Input: a dataset without the generator's bad rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..raw.register import sql_string
from .convert import case_sql, open_canonical, ts_sql

CONTACT_ID_BASE = 1_000_000  # agents 1.., contacts from here
QUEUE_GROUP_BASE = 100  # groups of tickets (one per schedule) from here
TIER_GROUPS = {"L1": (1, "Tier 1"), "L2": (2, "Tier 2"), "L3": (3, "Tier 3")}
SOURCES = {"email": 1, "web": 2, "phone": 3, "social": 5, "chat": 7, "api": 2}
OUTBOUND_SOURCE = 10
SOURCE_CHANNELS = {1: "email", 2: "web", 3: "phone", 5: "social", 7: "chat", 10: "email"}
STATUSES = {"new": 2, "open": 2, "pending": 3, "solved": 4, "closed": 5, "on_hold": 6}
STATUS_NAMES = {2: "open", 3: "pending", 4: "solved", 5: "closed", 6: "on_hold"}
PRIORITIES = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
RATINGS = {5: 103, 4: 102, 3: 100, 2: -102, 1: -103}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FRESHDESK_TABLES = (
    "ticket",
    "conversation",
    "contact",
    "agent",
    "group",
    "agent_group",
    "company",
    "time_entries",
    "satisfaction_rating",
    "satisfaction_rating_value",
    "business_hour",
    "business_hour_working_hour",
    "business_hour_holiday",
)
CANONICAL_TABLES = (
    "tickets",
    "ticket_events",
    "messages",
    "work_sessions",
    "agents",
    "customers",
    "surveys",
    "schedules",
    "holidays",
)


@dataclass(frozen=True)
class FreshdeskExport:
    freshdesk_dir: Path
    canonical_dir: Path
    bot_user_ids: list[str]

    @property
    def connector_dir(self) -> Path:
        return self.freshdesk_dir

    def dbt_vars(self) -> dict:
        """The vars a build of the Freshdesk tables needs (with connector_data_path)."""
        return {
            "helpdesk_source": "freshdesk",
            "connector_data_path": str(self.freshdesk_dir),
            "connector_bot_user_ids": self.bot_user_ids,
            "raw_data_path": "none",
        }


def _iso(expr: str) -> str:
    """A naive UTC timestamp as canonical ISO-8601 text."""
    return f"strftime({expr}, '%Y-%m-%dT%H:%M:%SZ')"


def _clock(expr: str) -> str:
    """A time as Freshdesk writes it: 8:00 am, 5:30 pm (24:00 is 11:59 pm)."""
    hours = f"extract(hour from cast({expr} as time))"
    minutes = f"extract(minute from cast({expr} as time))"
    return (
        f"case when {expr} like '24:%' then '11:59 pm' else "
        f"cast(case when {hours} % 12 = 0 then 12 else {hours} % 12 end as varchar) || ':' || "
        f"lpad(cast({minutes} as varchar), 2, '0') || "
        f"case when {hours} < 12 then ' am' else ' pm' end end"
    )


# The status history freshdesk__ticket_events rebuilds from a ticket's stats
# (the same rule, on the Freshdesk ticket table).
STATUS_EVENTS_SQL = """
with stats as (
    select id, 'created' as kind, 1 as stats_rank, created_at as event_at, 2 as code,
        created_at, coalesce(stats_status_updated_at, updated_at) as status_updated_at
    from fd_ticket
    union all
    select id, 'reopened', 2, stats_reopened_at, 2, created_at,
        coalesce(stats_status_updated_at, updated_at)
    from fd_ticket
    union all
    select id, 'pending', 3, stats_pending_since, 3, created_at,
        coalesce(stats_status_updated_at, updated_at)
    from fd_ticket
    union all
    select id, 'resolved', 4, stats_resolved_at, 4, created_at,
        coalesce(stats_status_updated_at, updated_at)
    from fd_ticket
    union all
    select id, 'closed', 5, stats_closed_at, 5, created_at,
        coalesce(stats_status_updated_at, updated_at)
    from fd_ticket
    union all
    select id, 'current', 6, coalesce(stats_status_updated_at, updated_at), status,
        created_at, coalesce(stats_status_updated_at, updated_at)
    from fd_ticket
),
in_range as (
    select * from stats
    where event_at is not null
        and (kind = 'created' or (event_at >= created_at
            and (status_updated_at is null or event_at <= status_updated_at)))
),
one_per_instant as (
    select *, row_number() over (partition by id, event_at order by stats_rank desc) as n
    from in_range
),
ordered as (
    select *, lag(code) over (partition by id order by event_at, stats_rank) as previous_code
    from one_per_instant where n = 1
),
changes as (
    select id, kind, event_at, code,
        lag(code) over (partition by id order by event_at, stats_rank) as previous_code
    from ordered
    where previous_code is null or code <> previous_code
)
select cast(id as varchar) || ':status:' || kind as event_id,
    cast(id as varchar) as ticket_id,
    {event_at} as event_at,
    'status_change' as event_type,
    null::varchar as actor_id,
    {from_value} as from_value,
    {to_value} as to_value,
    null::varchar as reason
from changes
"""


def to_freshdesk(canonical_dir: str | Path, out_dir: str | Path) -> FreshdeskExport:
    source = Path(canonical_dir)
    out = Path(out_dir)
    freshdesk_dir, canonical_out = out / "freshdesk", out / "canonical"
    freshdesk_dir.mkdir(parents=True, exist_ok=True)
    canonical_out.mkdir(parents=True, exist_ok=True)
    con = open_canonical(source, CANONICAL_TABLES)
    zones_csv = Path(__file__).resolve().parents[2] / "seeds/connectors/zendesk_time_zones.csv"
    con.execute(
        f"create table zones as select * from read_csv({sql_string(str(zones_csv))}, "
        "header = true, all_varchar = true)"
    )

    # ---- ids: Freshdesk's integers
    con.execute(
        f"""
        create table agent_ids as
        select agent_id, cast(dense_rank() over (order by agent_id) as bigint) as fd_id,
            is_bot, tier
        from src_agents;
        create table contact_ids as
        select customer_id,
            cast(dense_rank() over (order by customer_id) as bigint) + {CONTACT_ID_BASE}
                as fd_id
        from src_customers;
        create table user_ids as
        select agent_id as source_id, fd_id from agent_ids
        union all select customer_id, fd_id from contact_ids;
        create table ticket_ids as
        select ticket_id, cast(dense_rank() over (order by ticket_id) as bigint) as fd_id
        from src_tickets;
        create table company_ids as
        select account_id, cast(dense_rank() over (order by account_id) as bigint) as fd_id
        from (select distinct account_id from src_customers where account_id is not null);
        create table schedule_ids as
        select schedule_id, is_default,
            cast(row_number() over (order by not is_default, schedule_id) as bigint) as fd_id
        from (select schedule_id, bool_or(is_default) as is_default from src_schedules group by 1);
        """
    )

    # ---- each ticket's current state and stats, from its events
    status_code = case_sql(STATUSES, "to_value")
    con.execute(
        f"""
        create table ticket_state as
        with events as (
            select e.*, {ts_sql("e.event_at")} as event_time from src_ticket_events as e
        ),
        statuses as (
            select ticket_id,
                arg_max(to_value, (event_time, event_id)) as status,
                max(event_time) as status_updated_at,
                max(case when to_value = 'solved' then event_time end) as resolved_at,
                max(case when to_value = 'closed' then event_time end) as closed_at,
                max(case when to_value = 'pending' then event_time end) as pending_since,
                max(case when from_value in ('solved', 'closed')
                    and to_value not in ('solved', 'closed') then event_time end) as reopened_at
            from events where event_type = 'status_change' group by 1
        ),
        assignees as (
            select ticket_id, arg_max(to_value, (event_time, event_id)) as agent_id
            from events where event_type = 'assignment' group by 1
        ),
        priorities as (
            select ticket_id, arg_max(to_value, (event_time, event_id)) as priority
            from events where event_type = 'priority_change' group by 1
        ),
        categories as (
            select ticket_id, arg_max(to_value, (event_time, event_id)) as category
            from events where event_type = 'category_change' group by 1
        ),
        replies as (
            select m.ticket_id, min({ts_sql("m.sent_at")}) as first_responded_at
            from src_messages as m join src_tickets as t using (ticket_id)
            where m.author_type in ('agent', 'bot') and m.is_public
                and {ts_sql("m.sent_at")} >= {ts_sql("t.created_at")}
            group by 1
        )
        select t.ticket_id, ids.fd_id, {ts_sql("t.created_at")} as created_at,
            t.created_by_type in ('agent', 'bot') as is_outbound,
            coalesce(priorities.priority, t.priority) as priority,
            coalesce(categories.category, t.category) as category,
            coalesce({status_code.replace("to_value", "statuses.status")}, 2) as status,
            coalesce(statuses.status_updated_at, {ts_sql("t.created_at")}) as status_updated_at,
            statuses.resolved_at, statuses.closed_at, statuses.pending_since,
            statuses.reopened_at, replies.first_responded_at,
            assignees.agent_id as assignee_id
        from src_tickets as t
        join ticket_ids as ids using (ticket_id)
        left join statuses using (ticket_id)
        left join assignees using (ticket_id)
        left join priorities using (ticket_id)
        left join categories using (ticket_id)
        left join replies using (ticket_id)
        """
    )

    # ---- the ticket's first message is its description
    con.execute(
        f"""
        create table descriptions as
        select t.ticket_id, arg_min(m.message_id, m.message_id) as message_id
        from src_tickets as t
        join src_messages as m
            on m.ticket_id = t.ticket_id
            and {ts_sql("m.sent_at")} = {ts_sql("t.created_at")}
            and ((t.created_by_type = 'customer' and m.author_type = 'customer'
                    and m.author_id = t.customer_id)
                or (t.created_by_type <> 'customer' and m.author_type in ('agent', 'bot')))
        group by 1
        """
    )

    source_case = case_sql(SOURCES, "t.channel")
    queries = {
        "ticket": f"""
            select s.fd_id as id, contacts.fd_id as requester_id,
                agents.fd_id as responder_id,
                case when t.schedule_id is not null
                    then {QUEUE_GROUP_BASE} + schedules.fd_id end as group_id,
                companies.fd_id as company_id,
                s.created_at, greatest(s.created_at, s.status_updated_at) as updated_at,
                null::timestamp as due_by, null::timestamp as fr_due_by,
                false as is_escalated,
                {case_sql(PRIORITIES, "s.priority")} as priority,
                case when s.is_outbound then {OUTBOUND_SOURCE} else {source_case} end as source,
                s.status, s.category as type, false as spam, false as deleted,
                case when d.message_id is not null then 'Message ' || d.message_id end
                    as description_text,
                s.first_responded_at as stats_first_responded_at,
                s.resolved_at as stats_resolved_at, s.closed_at as stats_closed_at,
                s.status_updated_at as stats_status_updated_at,
                s.pending_since as stats_pending_since, s.reopened_at as stats_reopened_at,
                false as _fivetran_deleted
            from src_tickets as t
            join ticket_state as s using (ticket_id)
            left join descriptions as d using (ticket_id)
            left join contact_ids as contacts on t.customer_id = contacts.customer_id
            left join src_customers as c on t.customer_id = c.customer_id
            left join company_ids as companies on c.account_id = companies.account_id
            left join agent_ids as agents on s.assignee_id = agents.agent_id
            left join schedule_ids as schedules on t.schedule_id = schedules.schedule_id
            order by id""",
        "conversation": f"""
            select cast(row_number() over (order by m.message_id) as bigint) as id,
                ids.fd_id as ticket_id, authors.fd_id as user_id,
                'Message ' || m.message_id as body_text,
                m.author_type = 'customer' as incoming,
                not m.is_public as private,
                case when m.is_public then 0 else 2 end as source,
                {ts_sql("m.sent_at")} as created_at,
                false as _fivetran_deleted
            from src_messages as m
            join ticket_ids as ids using (ticket_id)
            left join user_ids as authors on m.author_id = authors.source_id
            left join descriptions as d on m.message_id = d.message_id
            where m.author_type <> 'system' and d.message_id is null
            order by id""",
        "contact": f"""
            select ids.fd_id as id, 'Customer ' || c.customer_id as name,
                companies.fd_id as company_id, {ts_sql("c.signed_up_at")} as created_at,
                {ts_sql("c.signed_up_at")} as updated_at, false as _fivetran_deleted
            from src_customers as c
            join contact_ids as ids using (customer_id)
            left join company_ids as companies using (account_id)
            order by id""",
        "agent": f"""
            select ids.fd_id as id, a.agent_name as contact_name,
                {ts_sql("a.hired_at")} as created_at, {ts_sql("a.hired_at")} as updated_at,
                false as occasional, false as _fivetran_deleted
            from src_agents as a join agent_ids as ids using (agent_id)
            order by id""",
        "group": "\nunion all\n".join(
            [
                f"select {gid} as id, {sql_string(name)} as name, null::bigint as business_hour_id"
                for gid, name in TIER_GROUPS.values()
            ]
            + [
                f"select {QUEUE_GROUP_BASE} + fd_id, 'Queue ' || schedule_id, fd_id "
                "from schedule_ids"
            ]
        ),
        "agent_group": f"""
            select fd_id as agent_id, {case_sql({k: v[0] for k, v in TIER_GROUPS.items()}, "tier")}
                as group_id
            from agent_ids where tier is not null
            order by agent_id""",
        "company": """
            select fd_id as id, 'Company ' || account_id as name, false as _fivetran_deleted
            from company_ids order by id""",
        "time_entries": f"""
            with sessions as (
                select w.*, {ts_sql("w.started_at")} as started,
                    cast(floor((epoch({ts_sql("w.ended_at")}) - epoch({ts_sql("w.started_at")})
                        + 30) / 60) as bigint) as minutes
                from src_work_sessions as w
            )
            select cast(row_number() over (order by w.session_id) as bigint) as id,
                ids.fd_id as ticket_id, agents.fd_id as agent_id,
                w.started as start_time, w.started as executed_at,
                lpad(cast(w.minutes // 60 as varchar), 2, '0') || ':'
                    || lpad(cast(w.minutes % 60 as varchar), 2, '0') as time_spent,
                false as timer_running, true as billable, false as _fivetran_deleted
            from sessions as w
            join ticket_ids as ids using (ticket_id)
            left join agent_ids as agents using (agent_id)
            order by id""",
        "satisfaction_rating": f"""
            select cast(row_number() over (order by s.survey_id) as bigint) as id,
                ids.fd_id as ticket_id, 1 as survey_id, null::bigint as agent_id,
                contacts.fd_id as contact_id,
                {ts_sql("s.responded_at")} as created_at, {ts_sql("s.responded_at")} as updated_at
            from src_surveys as s
            join ticket_ids as ids using (ticket_id)
            join src_tickets as t using (ticket_id)
            left join contact_ids as contacts on t.customer_id = contacts.customer_id
            where s.survey_type = 'csat' and s.score is not null
            order by id""",
        "satisfaction_rating_value": f"""
            select cast(row_number() over (order by s.survey_id) as bigint)
                    as satisfaction_rating_id,
                'default_question' as survey_question_id,
                {case_sql(RATINGS, "cast(s.score as integer)")} as value
            from src_surveys as s
            join ticket_ids using (ticket_id)
            where s.survey_type = 'csat' and s.score is not null
            order by 1""",
        "business_hour": """
            select ids.fd_id as id, 'Business hours ' || ids.schedule_id as name,
                coalesce(
                    (select min(zendesk_time_zone) from zones
                     where zones.iana_time_zone = s.timezone),
                    s.timezone) as time_zone,
                ids.is_default,
                timestamp '2020-01-01 00:00:00' + ids.fd_id * interval 1 day as created_at,
                false as _fivetran_deleted
            from schedule_ids as ids
            join (select schedule_id, min(timezone) as timezone from src_schedules group by 1)
                as s using (schedule_id)
            order by id""",
        "business_hour_working_hour": f"""
            with days as (
                select schedule_id, day_of_week, min(start_time) as start_time,
                    max(end_time) as end_time
                from src_schedules group by 1, 2
            )
            select ids.fd_id as business_hour_id,
                {case_sql(dict(enumerate(DAYS)), "d.day_of_week")} as day,
                {_clock("d.start_time")} as start_time, {_clock("d.end_time")} as end_time
            from days as d join schedule_ids as ids using (schedule_id)
            order by 1, d.day_of_week""",
        "business_hour_holiday": """
            select distinct ids.fd_id as business_hour_id, h.holiday_name as name,
                strftime(cast(h.holiday_date as date), '%b %d') as date
            from src_holidays as h join schedule_ids as ids using (schedule_id)
            order by 1, 3, 2""",
    }
    for table, query in queries.items():
        con.execute(f"create table fd_{table} as {query}")
        con.execute(
            f"copy fd_{table} to {sql_string(str(freshdesk_dir / (table + '.parquet')))} "
            "(format parquet)"
        )

    # ---- the canonical tables as Freshdesk carries them
    status_name = case_sql(STATUS_NAMES, "code")
    canonical = {
        "tickets": f"""
            select cast(t.id as varchar) as ticket_id,
                cast(t.requester_id as varchar) as customer_id, src.created_at,
                {case_sql(SOURCE_CHANNELS, "t.source")} as channel,
                t.type as category,
                {case_sql({v: k for k, v in PRIORITIES.items()}, "t.priority")} as priority,
                case when t.source = {OUTBOUND_SOURCE} then 'agent' else 'customer' end
                    as created_by_type,
                cast(g.business_hour_id as varchar) as schedule_id,
                -- the account: the connector schema the tables are read from
                'freshdesk' as source_relation
            from fd_ticket as t
            join ticket_ids as ids on t.id = ids.fd_id
            join src_tickets as src using (ticket_id)
            left join fd_group as g on t.group_id = g.id""",
        "ticket_events": STATUS_EVENTS_SQL.format(
            event_at=_iso("event_at"),
            from_value=status_name.replace("code", "previous_code"),
            to_value=status_name,
        ),
        "messages": f"""
            select cast(t.id as varchar) || ':description' as message_id,
                cast(t.id as varchar) as ticket_id, src.created_at as sent_at,
                case when t.source <> {OUTBOUND_SOURCE} then 'customer'
                    when agents.is_bot then 'bot' else 'agent' end as author_type,
                cast(case when t.source = {OUTBOUND_SOURCE} then t.responder_id
                    else t.requester_id end as varchar) as author_id,
                true as is_public, null::varchar as channel, t.description_text as body
            from fd_ticket as t
            join ticket_ids as ids on t.id = ids.fd_id
            join src_tickets as src using (ticket_id)
            left join agent_ids as agents on t.responder_id = agents.fd_id
            where t.description_text is not null
            union all
            select cast(c.id as varchar), cast(c.ticket_id as varchar), m.sent_at,
                case when c.incoming then 'customer' when agents.is_bot then 'bot'
                    else 'agent' end,
                cast(c.user_id as varchar), not c.private, null, c.body_text
            from fd_conversation as c
            join src_messages as m on c.body_text = 'Message ' || m.message_id
            left join agent_ids as agents on c.user_id = agents.fd_id""",
        "work_sessions": f"""
            select cast(e.id as varchar) as session_id, cast(e.ticket_id as varchar) as ticket_id,
                cast(e.agent_id as varchar) as agent_id,
                {_iso("e.start_time")} as started_at,
                {
            _iso(
                "e.start_time + (cast(split_part(e.time_spent, ':', 1) as integer) * 60"
                " + cast(split_part(e.time_spent, ':', 2) as integer)) * interval 1 minute"
            )
        } as ended_at
            from fd_time_entries as e
            where e.time_spent <> '00:00'""",
        "agents": """
            select cast(a.id as varchar) as agent_id, a.contact_name as agent_name,
                g.name as team, ids.tier, ids.is_bot, src.hired_at,
                null::varchar as terminated_at, null::double as hourly_cost
            from fd_agent as a
            join agent_ids as ids on a.id = ids.fd_id
            join src_agents as src using (agent_id)
            left join fd_agent_group as ag on a.id = ag.agent_id
            left join fd_group as g on ag.group_id = g.id""",
        "customers": """
            select cast(c.id as varchar) as customer_id,
                cast(c.company_id as varchar) as account_id,
                null::varchar as segment, null::varchar as plan, src.signed_up_at,
                null::varchar as churned_at
            from fd_contact as c
            join contact_ids as ids on c.id = ids.fd_id
            join src_customers as src using (customer_id)""",
        "surveys": f"""
            select cast(r.id as varchar) as survey_id, cast(r.ticket_id as varchar) as ticket_id,
                'csat' as survey_type, {_iso("r.created_at")} as sent_at,
                {_iso("r.created_at")} as responded_at,
                {case_sql({v: k for k, v in RATINGS.items()}, "v.value")} as score
            from fd_satisfaction_rating as r
            join fd_satisfaction_rating_value as v on v.satisfaction_rating_id = r.id""",
        "schedules": """
            select cast(ids.fd_id as varchar) as schedule_id, s.timezone, s.day_of_week,
                min(s.start_time) as start_time, max(s.end_time) as end_time, ids.is_default
            from src_schedules as s join schedule_ids as ids using (schedule_id)
            group by all""",
        "holidays": """
            with years as (
                select unnest(range(
                    cast(min(year(created_at)) as integer),
                    cast(max(year(created_at)) as integer) + 1)) as holiday_year
                from fd_ticket
            ),
            days as (
                select h.business_hour_id, h.name,
                    try_strptime(cast(y.holiday_year as varchar) || ' ' || h.date, '%Y %b %d')
                        as holiday_day
                from fd_business_hour_holiday as h cross join years as y
            )
            select cast(business_hour_id as varchar) as schedule_id,
                strftime(holiday_day, '%Y-%m-%d') as holiday_date,
                min(name) as holiday_name
            from days where holiday_day is not null
            group by all""",
    }
    for table, query in canonical.items():
        con.execute(
            f"copy ({query}) to {sql_string(str(canonical_out / (table + '.parquet')))} "
            "(format parquet)"
        )
    bots = [
        str(row[0])
        for row in con.execute("select fd_id from agent_ids where is_bot order by fd_id").fetchall()
    ]
    con.close()
    return FreshdeskExport(freshdesk_dir, canonical_out, bots)
