"""Write a canonical helpdesk dataset (SPEC section 1) as Intercom's tables,
the way Fivetran's connector lands them, and beside them the canonical
dataset as Intercom can carry it.

    to_intercom(canonical_dir, out_dir) -> IntercomExport

out_dir/intercom/  conversation_history, conversation_part_history, admin,
                   team, team_admin, contact_history, contact_company_history,
                   conversation_contact_history, conversation_tag_history, tag
                   (Parquet, the connector's column names and types: integer
                   conversation, part, admin, team and tag ids, hex contact
                   and company ids, UTC timestamps; the *_history tables with
                   several versions of a row)
out_dir/raw/       schedules and holidays only: Intercom's connector carries
                   no business hours, so they come from raw_data_path
out_dir/canonical/ the six tables of SPEC section 1 the intercom source
                   provides, holding exactly what the Intercom tables say,
                   with the same schedules and holidays: the round-trip test
                   builds the warehouse on each and compares every public
                   relation.

What Intercom cannot carry is left out of the canonical copy too:
- ids become Intercom's (numbers for conversations, parts and admins, hex
  strings for contacts and companies); the opening message of a
  conversation is its source, message id ``<conversation>:source`` (a ticket
  whose first message is not at created_at gets a customer source message
  then);
- statuses: Intercom has open, snoozed and closed only: new and open are
  open, pending and on_hold snoozed (pending), solved and closed close
  (solved); a conversation is open from its creation, so the changes that do
  not change that state are gone (the first new -> open among them);
- priority: priority (high) or not_priority (normal): low and normal are
  normal, high and urgent high; a change that does not cross is gone, and a
  change has no actor (it is a new version of the conversation);
- category: one tag with the prefix, the ticket's last category: no category
  changes;
- escalations: a team assignment to a team of a higher tier (Tier 1/2/3), no
  reason; assignments by the system (rules) have no actor, nor have status
  changes by the system;
- channel: web and api are Messenger conversations (chat); messages carry
  no channel; auto-acknowledgements (system messages) are not in Intercom's
  parts;
- agents: no hire date, termination, cost; team and tier through team
  membership; customers: no segment, plan, churn;
- surveys: only answered csat ratings (1-5), one per conversation, sent when
  answered; ces and nps not at all;
- schedules: a ticket's own schedule (all tickets use the default).
Input: a dataset without the generator's bad rows.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..raw.register import sql_string
from .convert import case_sql, open_canonical, ts_sql

TIER_TEAMS = {"L1": (123451, "Tier 1"), "L2": (123452, "Tier 2"), "L3": (123453, "Tier 3")}
CATEGORY_TAG_PREFIX = "category_"
SOURCE_TYPES = {
    "email": "email",
    "chat": "conversation",
    "web": "conversation",
    "api": "conversation",
    "phone": "phone_call",
    "social": "whatsapp",
}
INTERCOM_TABLES = (
    "conversation_history",
    "conversation_part_history",
    "admin",
    "team",
    "team_admin",
    "contact_history",
    "contact_company_history",
    "conversation_contact_history",
    "conversation_tag_history",
    "tag",
)
CANONICAL_TABLES = ("tickets", "ticket_events", "messages", "agents", "customers", "surveys")
RAW_TABLES = ("schedules", "holidays")


@dataclass(frozen=True)
class IntercomExport:
    intercom_dir: Path
    canonical_dir: Path
    raw_dir: Path
    bot_user_ids: list[str]

    @property
    def connector_dir(self) -> Path:
        return self.intercom_dir

    def dbt_vars(self) -> dict:
        """The vars a build of the Intercom tables needs (with connector_data_path)."""
        return {
            "helpdesk_source": "intercom",
            "connector_data_path": str(self.intercom_dir),
            "connector_bot_user_ids": self.bot_user_ids,
            "raw_data_path": str(self.raw_dir),
        }


def to_intercom(canonical_dir: str | Path, out_dir: str | Path) -> IntercomExport:
    source = Path(canonical_dir)
    out = Path(out_dir)
    intercom_dir, canonical_out, raw_out = out / "intercom", out / "canonical", out / "raw"
    for directory in (intercom_dir, canonical_out, raw_out):
        directory.mkdir(parents=True, exist_ok=True)
    con = open_canonical(source, CANONICAL_TABLES)
    tier_team_case = case_sql({t: str(i) for t, (i, _) in TIER_TEAMS.items()}, "{}")

    # ---- ids
    con.execute(
        """
        create table admin_ids as
        select agent_id, is_bot,
            4000000 + cast(dense_rank() over (order by agent_id) as bigint) as admin_id
        from src_agents;
        create table contact_ids as
        select customer_id,
            '5f' || lpad(lower(hex(cast(dense_rank() over (order by customer_id) as bigint))),
                22, '0') as contact_id
        from src_customers;
        create table company_ids as
        select account_id,
            '5e' || lpad(lower(hex(cast(dense_rank() over (order by account_id) as bigint))),
                22, '0') as company_id
        from (select distinct account_id from src_customers where account_id is not null);
        create table conversation_ids as
        select ticket_id, created_at, customer_id, channel, category, priority,
            created_by_type,
            156643300000000 + cast(dense_rank() over (order by ticket_id) as bigint)
                as conversation_id
        from src_tickets;
        -- who acted: an admin, a contact, or nobody (the system)
        create table actors as
        select agent_id as actor_id, case when is_bot then 'bot' else 'admin' end as author_type,
            cast(admin_id as varchar) as author_id
        from admin_ids
        union all
        select customer_id, 'user', contact_id from contact_ids;
        """
    )

    # ---- the opening message (the conversation's source) of each ticket
    con.execute(
        """
        create table sources as
        with candidates as (
            select m.ticket_id, m.message_id, m.author_type, m.author_id,
                row_number() over (partition by m.ticket_id order by m.message_id) as n
            from src_messages as m
            join src_tickets as t using (ticket_id)
            where cast(m.sent_at as timestamptz) = cast(t.created_at as timestamptz)
                and m.is_public and m.author_type in ('customer', 'agent', 'bot')
        )
        select c.conversation_id, c.ticket_id, c.created_at, candidates.message_id,
            case coalesce(candidates.author_type, 'customer')
                when 'customer' then 'user'
                when 'bot' then 'bot'
                else 'admin' end as author_type,
            coalesce(actors.author_id, contacts.contact_id) as author_id,
            coalesce('Message ' || candidates.message_id,
                'Conversation ' || c.ticket_id) as body
        from conversation_ids as c
        left join candidates on candidates.ticket_id = c.ticket_id and candidates.n = 1
        left join actors on candidates.author_id = actors.actor_id
        left join contact_ids as contacts on c.customer_id = contacts.customer_id
        """
    )

    # ---- conversation parts: messages, status changes, assignments, teams
    con.execute(
        f"""
        create table part_rows as
        with events as (
            select e.*, c.conversation_id, c.created_at as ticket_created_at
            from src_ticket_events as e join conversation_ids as c using (ticket_id)
        ),
        states as (
            select events.*,
                case to_value
                    when 'new' then 'open' when 'open' then 'open'
                    when 'pending' then 'snoozed' when 'on_hold' then 'snoozed'
                    else 'close' end as state
            from events where event_type = 'status_change'
        ),
        changed_states as (
            select *, coalesce(lag(state) over (
                    partition by ticket_id order by cast(event_at as timestamptz), event_id
                ), 'open') as previous_state
            from states
        ),
        first_escalations as (
            select ticket_id, arg_min(from_value, cast(event_at as timestamptz)) as tier
            from events where event_type = 'escalation' group by 1
        )
        -- messages other than the source and the system's
        select c.conversation_id, m.sent_at as at_text, 1 as kind_order, m.message_id as key,
            case when m.is_public then 'comment' else 'note' end as part_type,
            actors.author_type, actors.author_id,
            null::varchar as assigned_to_type, null::varchar as assigned_to_id,
            'Message ' || m.message_id as body
        from src_messages as m
        join conversation_ids as c using (ticket_id)
        left join actors on m.author_id = actors.actor_id
        where m.author_type <> 'system'
            and m.message_id not in (select message_id from sources where message_id is not null)
        union all
        select conversation_id, event_at, 2, event_id,
            case when state = 'close' then 'close' when state = 'snoozed' then 'snoozed'
                when previous_state = 'snoozed' then 'unsnoozed' else 'open' end,
            coalesce(actors.author_type, 'bot'), actors.author_id, null, null, null
        from changed_states left join actors using (actor_id)
        where state <> previous_state
        union all
        select events.conversation_id, event_at, 2, event_id,
            case when actors.author_id is null then 'default_assignment' else 'assignment' end,
            coalesce(actors.author_type, 'bot'), actors.author_id,
            'admin', cast(admins.admin_id as varchar), null
        from events
        left join actors using (actor_id)
        join admin_ids as admins on events.to_value = admins.agent_id
        where event_type = 'assignment'
        union all
        select c.conversation_id, c.created_at, 0, '',
            'default_assignment', 'bot', null, 'team',
            {tier_team_case.format("coalesce(first_escalations.tier, 'L1')")}, null
        from conversation_ids as c left join first_escalations using (ticket_id)
        union all
        select events.conversation_id, event_at, 2, event_id, 'assignment',
            coalesce(actors.author_type, 'bot'), actors.author_id,
            'team', {tier_team_case.format("to_value")}, null
        from events left join actors using (actor_id)
        where event_type = 'escalation'
        """
    )
    con.execute(
        f"""
        create table parts as
        select 5000000000 + cast(row_number() over (
                order by conversation_id, {ts_sql("at_text")}, kind_order, key, part_type
            ) as bigint) as id,
            conversation_id, part_type, author_id, author_type,
            cast(assigned_to_id as bigint) as assigned_to_id, assigned_to_type, body,
            {ts_sql("at_text")} as created_at, at_text
        from part_rows
        """
    )

    # ---- conversation versions: created, each priority change that crosses
    # between priority and not_priority, and the latest (the last activity)
    con.execute(
        f"""
        create table priority_changes as
        with changes as (
            select c.conversation_id, e.event_at, e.event_id,
                case when e.to_value in ('high', 'urgent') then 'priority'
                    else 'not_priority' end as priority,
                case when c.priority in ('high', 'urgent') then 'priority'
                    else 'not_priority' end as initial_priority
            from src_ticket_events as e join conversation_ids as c using (ticket_id)
            where e.event_type = 'priority_change'
        ),
        ordered as (
            select *, coalesce(lag(priority) over (
                    partition by conversation_id order by cast(event_at as timestamptz), event_id
                ), initial_priority) as previous_priority
            from changes
        )
        select conversation_id, {ts_sql("event_at")} as updated_at, priority
        from ordered where priority <> previous_priority;

        create table ratings as
        select c.conversation_id, arg_max(s.score, cast(s.responded_at as timestamptz)) as score,
            max({ts_sql("s.responded_at")}) as rated_at
        from src_surveys as s join conversation_ids as c using (ticket_id)
        where s.survey_type = 'csat' and s.score is not null
        group by 1;

        create table version_times as
        select conversation_id, {ts_sql("created_at")} as updated_at from conversation_ids
        union
        select conversation_id, updated_at from priority_changes
        union
        select conversation_id, max(created_at) from parts group by 1
        union
        select conversation_id, rated_at from ratings;
        """
    )
    clashes = con.execute(
        "select count(*) from (select conversation_id, updated_at from priority_changes "
        "group by all having count(*) > 1) union all "
        "select count(*) from priority_changes as p join conversation_ids as c "
        f"using (conversation_id) where p.updated_at = {ts_sql('c.created_at')}"
    ).fetchall()
    if sum(row[0] for row in clashes):
        raise ValueError("a priority changes twice in one instant: not one conversation version")
    source_type = case_sql(SOURCE_TYPES, "c.channel")
    con.execute(
        f"""
        create table versions as
        with latest as (
            select conversation_id, max(updated_at) as latest_at
            from version_times group by 1
        ),
        times as (
            select v.*, v.updated_at = latest.latest_at as is_latest,
                coalesce(
                    (select arg_max(p.priority, p.updated_at) from priority_changes as p
                     where p.conversation_id = v.conversation_id
                        and p.updated_at <= v.updated_at),
                    (select case when c.priority in ('high', 'urgent') then 'priority'
                        else 'not_priority' end from conversation_ids as c
                     where c.conversation_id = v.conversation_id)
                ) as priority
            from version_times as v join latest using (conversation_id)
        ),
        last_state as (
            select conversation_id,
                arg_max(case part_type when 'close' then 'closed' when 'snoozed' then 'snoozed'
                    else 'open' end, id) as state
            from parts where part_type in ('open', 'close', 'snoozed', 'unsnoozed') group by 1
        ),
        last_assignee as (
            select conversation_id, arg_max(assigned_to_id, id) as assignee_id
            from parts where assigned_to_type = 'admin' group by 1
        )
        select times.conversation_id as id, times.updated_at,
            {ts_sql("c.created_at")} as created_at,
            case when times.is_latest then coalesce(last_state.state, 'open') else 'open' end
                as state,
            case when times.is_latest then last_assignee.assignee_id end as assignee_id,
            case when times.is_latest and last_assignee.assignee_id is not null then 'admin'
                end as assignee_type,
            {source_type} as source_type,
            case sources.author_type when 'user' then 'customer_initiated'
                when 'bot' then 'automated' else 'admin_initiated' end as source_delivered_as,
            sources.author_id as source_author_id,
            sources.author_type as source_author_type,
            sources.body as source_body,
            times.priority,
            case when times.is_latest then ratings.score end as conversation_rating_value,
            case when times.is_latest then ratings.rated_at end
                as conversation_rating_created_at,
            times.is_latest as _fivetran_active,
            times.updated_at as _fivetran_start
        from times
        join conversation_ids as c using (conversation_id)
        join sources using (conversation_id)
        left join last_state using (conversation_id)
        left join last_assignee using (conversation_id)
        left join ratings using (conversation_id)
        """
    )

    # ---- the Intercom tables
    teams = con.execute("select distinct team from src_agents where team is not null").fetchall()
    team_rows = [(i, name) for i, name in TIER_TEAMS.values()] + [
        (123500 + n, name) for n, (name,) in enumerate(sorted(teams))
    ]
    con.execute("create table teams (id bigint, name varchar)")
    con.executemany("insert into teams values (?, ?)", team_rows)
    queries = {
        "conversation_history": """
            select * from versions order by id, updated_at""",
        "conversation_part_history": """
            select id, conversation_id, part_type, author_id, author_type, assigned_to_id,
                assigned_to_type, body, created_at, created_at as updated_at,
                true as _fivetran_active
            from parts order by id""",
        "admin": """
            select admin_id as id, agent_name as name,
                case when is_bot then 'AI agent' end as job_title,
                terminated_at is not null as _fivetran_deleted
            from src_agents join admin_ids using (agent_id, is_bot) order by id""",
        "team": "select id, name, false as _fivetran_deleted from teams order by id",
        "team_admin": f"""
            select admins.admin_id, teams.id as team_id, false as _fivetran_deleted
            from src_agents as a join admin_ids as admins using (agent_id)
            join teams on teams.name = a.team
            union all
            select admins.admin_id, {tier_team_case.format("a.tier")}::bigint, false
            from src_agents as a join admin_ids as admins using (agent_id)
            where a.tier is not null
            order by 1, 2""",
        "contact_history": f"""
            with contacts as (
                select contacts.contact_id, c.*, row_number() over (order by c.customer_id) as n
                from src_customers as c join contact_ids as contacts using (customer_id)
            )
            select contact_id as id, 'Customer ' || customer_id as name, 'user' as role,
                {ts_sql("signed_up_at")} as created_at, {ts_sql("signed_up_at")} as signed_up_at,
                {ts_sql("signed_up_at")} as updated_at, true as _fivetran_active
            from contacts
            union all
            -- a lead that signed up later: an earlier version
            select contact_id, 'Lead ' || customer_id, 'lead', {ts_sql("signed_up_at")}, null,
                {ts_sql("signed_up_at")} - interval 1 day, false
            from contacts where n % 10 = 0 and signed_up_at is not null
            order by id, updated_at""",
        "contact_company_history": f"""
            select contacts.contact_id, companies.company_id,
                {ts_sql("c.signed_up_at")} as contact_updated_at, true as _fivetran_active
            from src_customers as c
            join contact_ids as contacts using (customer_id)
            join company_ids as companies using (account_id)
            order by 1""",
        "conversation_contact_history": """
            select c.conversation_id, contacts.contact_id,
                v.updated_at as conversation_updated_at, true as _fivetran_active
            from conversation_ids as c
            join contact_ids as contacts using (customer_id)
            join versions as v on v.id = c.conversation_id and v._fivetran_active
            order by 1""",
        "tag": f"""
            select 4600000 + cast(row_number() over (order by name) as bigint) as id, name,
                false as _fivetran_deleted
            from (
                select distinct {sql_string(CATEGORY_TAG_PREFIX)} || category as name
                from src_tickets where category is not null
                union select 'VIP'
            )""",
    }
    for table, query in queries.items():
        con.execute(f"create table ic_{table} as {query}")
    con.execute(
        f"""
        create table ic_conversation_tag_history as
        with last_categories as (
            select t.ticket_id, coalesce(
                    (select arg_max(e.to_value, cast(e.event_at as timestamptz))
                     from src_ticket_events as e
                     where e.ticket_id = t.ticket_id and e.event_type = 'category_change'),
                    t.category) as category,
                t.category as first_category
            from src_tickets as t
        )
        -- the tags of the latest version: the category tag (and VIP on some)
        select c.conversation_id, tags.id as tag_id, v.updated_at as conversation_updated_at,
            true as _fivetran_active
        from last_categories as l
        join conversation_ids as c using (ticket_id)
        join versions as v on v.id = c.conversation_id and v._fivetran_active
        join ic_tag as tags on tags.name = {sql_string(CATEGORY_TAG_PREFIX)} || l.category
        union all
        select c.conversation_id, (select id from ic_tag where name = 'VIP'), v.updated_at, true
        from conversation_ids as c
        join versions as v on v.id = c.conversation_id and v._fivetran_active
        where c.conversation_id % 7 = 0
        union all
        -- the first version's category tag where the category changed later
        select c.conversation_id, tags.id, {ts_sql("c.created_at")}, false
        from last_categories as l
        join conversation_ids as c using (ticket_id)
        join ic_tag as tags on tags.name = {sql_string(CATEGORY_TAG_PREFIX)} || l.first_category
        where l.first_category <> l.category
        order by 1, 3
        """
    )
    for table in INTERCOM_TABLES:
        con.execute(
            f"copy ic_{table} to {sql_string(str(intercom_dir / (table + '.parquet')))} "
            "(format parquet)"
        )

    # ---- the canonical tables as Intercom carries them
    canonical = {
        "tickets": """
            select cast(c.conversation_id as varchar) as ticket_id,
                coalesce(
                    case when s.author_type = 'user' then s.author_id end, contacts.contact_id
                ) as customer_id,
                c.created_at,
                case c.channel when 'web' then 'chat' when 'api' then 'chat'
                    else c.channel end as channel,
                coalesce(tags.category, 'uncategorized') as category,
                v.priority_text as priority,
                case s.author_type when 'user' then 'customer' when 'bot' then 'bot'
                    else case when s.author_id in (select author_id from actors
                        where author_type = 'bot') then 'bot' else 'agent' end
                end as created_by_type,
                null::varchar as schedule_id,
                -- the account (connector schema) the connector build reads it from
                'intercom' as source_relation
            from conversation_ids as c
            join sources as s using (conversation_id)
            left join contact_ids as contacts using (customer_id)
            left join (
                select id, case arg_min(priority, updated_at) when 'priority' then 'high'
                    else 'normal' end as priority_text
                from ic_conversation_history group by id
            ) as v on v.id = c.conversation_id
            left join (
                select h.conversation_id, min(substr(t.name, length('category_') + 1))
                    as category
                from ic_conversation_tag_history as h join ic_tag as t on t.id = h.tag_id
                where h._fivetran_active and t.name like 'category\\_%' escape '\\'
                group by 1
            ) as tags using (conversation_id)""",
        "ticket_events": f"""
            with typed as (
                select p.*,
                    case
                        when part_type in ('open', 'unsnoozed') then 'open'
                        when part_type = 'snoozed' then 'pending'
                        when part_type = 'close' then 'solved'
                    end as status,
                    case when assigned_to_type = 'team' then
                        {
            case_sql(
                {str(i): t for t, (i, _) in TIER_TEAMS.items()}, "cast(assigned_to_id as varchar)"
            )
        } end as tier,
                    case
                        when part_type in ('open', 'unsnoozed', 'snoozed', 'close') then 'status'
                        when assigned_to_type = 'admin' then 'admin'
                        when assigned_to_type = 'team' then 'team'
                    end as kind
                from parts as p
            ),
            sequenced as (
                select *, lag(case kind when 'status' then status
                        when 'admin' then cast(assigned_to_id as varchar) else tier end)
                    over (partition by conversation_id, kind order by created_at, id)
                    as previous_value
                from typed where kind is not null
            ),
            versions as (
                select id, updated_at, priority,
                    lag(priority) over (partition by id order by updated_at) as previous
                from ic_conversation_history
            )
            select cast(id as varchar) as event_id, cast(conversation_id as varchar) as ticket_id,
                at_text as event_at,
                case kind when 'status' then 'status_change' when 'admin' then 'assignment'
                    else 'escalation' end as event_type,
                author_id as actor_id,
                previous_value as from_value,
                case kind when 'status' then status
                    when 'admin' then cast(assigned_to_id as varchar) else tier end as to_value,
                null::varchar as reason
            from sequenced
            where kind in ('status', 'admin') or tier > previous_value
            union all
            select cast(id as varchar) || ':priority:' || cast(updated_at as varchar),
                cast(id as varchar), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ'),
                'priority_change', null,
                case previous when 'priority' then 'high' else 'normal' end,
                case priority when 'priority' then 'high' else 'normal' end,
                null
            from versions where previous is not null and previous <> priority""",
        "messages": """
            select cast(s.conversation_id as varchar) || ':source' as message_id,
                cast(s.conversation_id as varchar) as ticket_id, s.created_at as sent_at,
                s.author_type, s.author_id, true as is_public, s.body
            from sources as s
            union all
            select cast(id as varchar), cast(conversation_id as varchar), at_text, author_type,
                author_id, part_type = 'comment', body
            from parts where part_type in ('comment', 'note')""",
        "agents": """
            select cast(admin_id as varchar) as agent_id, agent_name, a.team, a.tier,
                a.is_bot, null::varchar as hired_at, null::varchar as terminated_at,
                null::double as hourly_cost
            from src_agents as a join admin_ids using (agent_id)""",
        "customers": """
            select contacts.contact_id as customer_id, companies.company_id as account_id,
                null::varchar as segment, null::varchar as plan, c.signed_up_at,
                null::varchar as churned_at
            from src_customers as c
            join contact_ids as contacts using (customer_id)
            left join company_ids as companies using (account_id)""",
        "surveys": """
            select cast(conversation_id as varchar) as survey_id,
                cast(conversation_id as varchar) as ticket_id, 'csat' as survey_type,
                strftime(rated_at, '%Y-%m-%dT%H:%M:%S.%fZ') as sent_at,
                strftime(rated_at, '%Y-%m-%dT%H:%M:%S.%fZ') as responded_at, score
            from ratings""",
    }
    con.execute(
        "create table bot_ids as select cast(admin_id as varchar) as author_id "
        "from admin_ids where is_bot"
    )
    for table, query in canonical.items():
        if table == "messages":
            # author types as the connector's role map gives them
            query = f"""
                select m.message_id, m.ticket_id, m.sent_at,
                    case when m.author_id in (select author_id from bot_ids) then 'bot'
                        when m.author_type = 'user' then 'customer'
                        when m.author_type = 'bot' then 'bot' else 'agent' end as author_type,
                    m.author_id, m.is_public, null::varchar as channel, m.body
                from ({query}) as m"""
        con.execute(
            f"copy ({query}) to {sql_string(str(canonical_out / (table + '.parquet')))} "
            "(format parquet)"
        )
    for table in RAW_TABLES:
        for target in (canonical_out, raw_out):
            shutil.copy(source / f"{table}.parquet", target / f"{table}.parquet")
    bots = [
        str(row[0])
        for row in con.execute(
            "select admin_id from admin_ids where is_bot order by admin_id"
        ).fetchall()
    ]
    con.close()
    return IntercomExport(intercom_dir, canonical_out, raw_out, bots)
