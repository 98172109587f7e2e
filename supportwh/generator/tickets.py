"""Ticket arrivals and the vectorised ticket lifecycle (events, messages, sessions, calls, surveys).

A chunk of tickets is simulated at once: every step of the lifecycle is a numpy
operation over all tickets of the chunk that take that step (loops run over
lifecycle rounds, never over rows). ``ChunkSimulation`` holds those steps as
named methods run in a fixed order (the order of the random draws is part of
the output's identity). Child rows are collected in ``Rows`` with integer codes
and turned into strings only when the chunk is written.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from . import config as C
from .population import DAY, HOUR, Agents, Customers, Frame

N_REG = len(C.REGIONS)
CAT_SHARE = np.array([c[1] for c in C.CATEGORIES])
CAT_SHARE = CAT_SHARE / CAT_SHARE.sum()
CAT_CX = np.array([c[2] for c in C.CATEGORIES])
CAT_BOT = np.array([c[3] for c in C.CATEGORIES])
INCIDENT_CAT = np.array([C.CATEGORY_NAMES.index(c) for c in C.INCIDENT_CATEGORIES])
# categories whose tickets often turn out to be product bugs (reopen reasons, linked issues)
BUG_PRONE_CAT = np.array(
    [
        C.CATEGORY_NAMES.index(c)
        for c in ("bug_report", "integration_issue", "api_error", "performance_issue", "data_loss")
    ]
)
FEATURE_REQUEST_CAT = C.CATEGORY_NAMES.index("feature_request")
ENGINEERING_CAT = np.array([C.CATEGORY_NAMES.index(c) for c in C.ENGINEERING_CATEGORIES])
# reply speed factor by priority (low, normal, high, urgent)
PRIORITY_SPEED = np.array([1.5, 1.0, 0.7, 0.4])
# share of the queue tail by priority: an urgent reply never waits a day
PRIORITY_QUEUE_TAIL = np.array([1.2, 1.0, 0.5, 0.0])

# actor / author kinds
K_CUSTOMER, K_AGENT, K_SYSTEM = 0, 1, 2
# reply rounds of a ticket at most
MAX_ROUNDS = 5


class Plan:
    """How many tickets arrive in each UTC hour and region, and how they split into chunks."""

    def __init__(self, frame: Frame, agents: Agents, rng: np.random.Generator, n: int, chunk: int):
        H = frame.days * 24
        hours = frame.t_start + np.arange(H, dtype=np.int64) * HOUR
        w = np.empty((H, N_REG))
        hp = np.array(C.HOUR_PROFILE)
        wp = np.array(C.WEEKDAY_PROFILE)
        for r, (_, _, tz, share, _) in enumerate(C.REGIONS):
            off = _offsets(tz, hours)
            local = hours + off
            lh = (local // HOUR) % 24
            lwd = (local // DAY + 3) % 7
            w[:, r] = share * hp[lh] * wp[lwd]
        d = np.arange(H) // 24
        trend = 1.0 + 0.15 * d / max(frame.days, 1)
        noise = np.exp(0.08 * rng.standard_normal(frame.days))[d]
        mult = np.ones(H)
        self.incident_days = []
        if frame.days >= 14:
            self.incident_days = sorted(rng.choice(np.arange(7, frame.days - 3), 2, replace=False))
            for day in self.incident_days:
                mult[day * 24 + 13 : day * 24 + 23] = 2.2
        w *= (trend * noise * mult)[:, None]
        self.incident_frac = 1.0 - 1.0 / mult
        p = (w / w.sum()).ravel()
        self.counts = rng.multinomial(n, p).reshape(H, N_REG)
        hc = self.counts.sum(1)
        self.hcum = np.cumsum(hc)
        edges = [0]
        k = 1
        while k * chunk < n:
            e = int(np.searchsorted(self.hcum, k * chunk, side="left")) + 1
            if e > edges[-1]:
                edges.append(e)
            k += 1
        if edges[-1] < H:
            edges.append(H)
        self.edges = edges
        self.hours = hours
        # share of tickets arriving while L1 agents are on shift (sets the channel mixes)
        staffed = agents.is_staffed(hours + 1800)
        self.p_staffed = float((hc * staffed).sum() / max(n, 1))
        self.created_per_month = {}
        months = np.array([_month_key(frame.t_start + h * HOUR) for h in range(0, H, 24)])
        for m in np.unique(months):
            self.created_per_month[int(m)] = int(hc.reshape(-1, 24)[months == m].sum())

    @property
    def n_chunks(self):
        return len(self.edges) - 1

    def chunk(self, k, rng):
        """Arrival times (sorted), regions and incident flags of chunk k, plus its first index."""
        lo, hi = self.edges[k], self.edges[k + 1]
        first = int(self.hcum[lo - 1]) if lo > 0 else 0
        cnt = self.counts[lo:hi].ravel()
        cell = np.repeat(np.arange(len(cnt)), cnt)
        h = lo + cell // N_REG
        region = cell % N_REG
        t0 = self.hours[h] + rng.integers(0, HOUR, size=len(cell))
        o = np.argsort(t0, kind="stable")
        t0, region, h = t0[o], region[o], h[o]
        incident = rng.random(len(t0)) < self.incident_frac[h]
        return first, t0, region, incident


def _month_key(t):
    d = dt.datetime.fromtimestamp(int(t), dt.timezone.utc)
    return d.year * 100 + d.month


def _offsets(tz: str, t: np.ndarray) -> np.ndarray:
    """UTC offset in seconds of zone ``tz`` at each instant (hourly resolution is enough)."""
    z = ZoneInfo(tz)
    days = np.unique(t // DAY)
    out = np.empty(len(t), np.int64)
    day_of = t // DAY
    for d in days:
        a = dt.datetime.fromtimestamp(int(d * DAY), z).utcoffset().total_seconds()
        b = dt.datetime.fromtimestamp(int(d * DAY + DAY - 1), z).utcoffset().total_seconds()
        m = day_of == d
        if a == b:
            out[m] = int(a)
        else:
            out[m] = [
                int(dt.datetime.fromtimestamp(int(x), z).utcoffset().total_seconds()) for x in t[m]
            ]
    return out


class Rows:
    """Rows of one child table collected as column parts (one part per lifecycle step)."""

    def __init__(self, n_tickets: int):
        self.n = n_tickets
        self.parts: list[dict] = []

    def add(self, mask, **cols):
        idx = np.flatnonzero(mask) if mask.dtype == bool else mask
        if len(idx) == 0:
            return
        part = {"tix": idx, "seq": np.full(len(idx), len(self.parts), np.int64)}
        for k, v in cols.items():
            if np.ndim(v) == 0:
                part[k] = np.full(len(idx), v)
            else:
                v = np.asarray(v)
                assert len(v) == self.n, k
                part[k] = v[idx]
        self.parts.append(part)

    def collect(self, defaults: dict):
        keys = ["tix", "seq", *defaults]
        out = {}
        for k in keys:
            arrs = []
            for p in self.parts:
                if k in p:
                    arrs.append(p[k])
                else:
                    arrs.append(np.full(len(p["tix"]), defaults[k]))
            out[k] = np.concatenate(arrs) if arrs else np.zeros(0, np.int64)
        return out


def _u(rng, lo, hi, n):
    return rng.integers(lo, hi + 1, size=n).astype(np.int64)


def _logn(rng, median, sigma, n, lo=1, hi=None):
    v = median * np.exp(sigma * rng.standard_normal(n))
    v = np.maximum(v, lo)
    if hi is not None:
        v = np.minimum(v, hi)
    return v.astype(np.int64)


class World:
    """Everything shared by all chunks."""

    def __init__(self, frame: Frame, agents: Agents, customers: Customers, plan: Plan):
        self.frame = frame
        self.agents = agents
        self.customers = customers
        self.plan = plan
        ps = min(max(plan.p_staffed, 0.2), 0.99)
        mix = np.array(C.CHANNEL_MIX)
        tp = mix[C.PHONE]
        unst = mix.copy()
        unst[C.PHONE] = 0
        unst /= unst.sum()
        st = (mix - (1 - ps) * unst) / ps
        st = np.maximum(st, 0)
        self.mix_staffed = st / st.sum()
        self.mix_unstaffed = unst
        # agent outbound only while staffed on email/phone/social, bots on email/chat/web/api
        elig_a = ps * st[[C.EMAIL, C.PHONE, C.SOCIAL]].sum()
        self.p_agent_out = min(0.5, C.SHARE_AGENT_OUTBOUND / max(elig_a, 1e-9))
        self.p_bot_out = C.SHARE_BOT_OUTBOUND / mix[[C.EMAIL, C.CHAT, C.WEB, C.API]].sum()
        _ = tp


class ChunkSimulation:
    """The lifecycle of one chunk of tickets, one named step after another.

    ``run`` calls the steps in a fixed order. The order of the random draws
    (within a step and between steps) is part of the output's identity: the
    same seed must give the same files, byte for byte, so a step must not be
    moved, and a draw must not be added, dropped or reordered, unless the data
    is meant to change: then ``demo_data`` is regenerated (the tests compare it
    with a fresh generation). Draws are made for every ticket of the chunk,
    whether it takes the step or not, so one step's draws do not depend on
    another step's outcome.

    Per-ticket state is held as arrays of length ``ticket_count``; ``-1`` in
    an agent array means none, ``frame.never`` in a time array means never.
    Child rows go to ``Rows`` collections whose short column keys are read by
    the writer (``core.py``): events ``t`` at, ``et`` event type, ``ak`` actor
    kind, ``aa`` actor agent, ``to``/``frm`` new/old value, ``rs`` reason;
    messages ``ms`` milliseconds, ``au`` author type, ``pub`` public, ``ch``
    channel; sessions ``ag`` agent, ``t``/``t2`` start/end; calls ``cust``,
    ``dir`` direction, ``q`` queued, ``a`` answered, ``e`` ended, ``ab``
    abandoned, ``hold``, ``acw`` after-call work, ``out`` outcome.
    """

    def __init__(
        self,
        world: World,
        rng: np.random.Generator,
        created_at: np.ndarray,
        region: np.ndarray,
        is_incident: np.ndarray,
        feedback_rng: np.random.Generator | None = None,
    ):
        self.world = world
        self.rng = rng
        # message text, reopen reasons and links to engineering issues draw
        # from their own stream, so every other value keeps its draws
        self.feedback_rng = feedback_rng or np.random.default_rng(0)
        self.frame = world.frame
        self.agents = world.agents
        self.customers = world.customers
        self.never = world.frame.never
        self.ticket_count = len(created_at)
        self.created_at = created_at
        self.region = region  # changed in place for follow-up tickets, as the caller's array
        self.is_incident = is_incident
        count = self.ticket_count
        self.events = Rows(count)
        self.messages = Rows(count)
        self.work_sessions = Rows(count)
        self.calls = Rows(count)
        self.linked_issues = Rows(count)
        self.owner = np.full(count, -1, np.int64)
        self.tier = np.zeros(count, np.int64)
        self.first_resolved_at = np.full(count, self.never, np.int64)

    # ------------------------------------------------------------------ the steps in order
    def run(self) -> dict:
        self.draw_ticket_attributes()
        self.open_tickets()
        self.bot_first_line()
        self.bot_outbound()
        self.agent_outbound()
        self.select_human_handling()
        self.route_to_first_agent()
        self.draw_priority_and_category_corrections()
        self.take_first_inbound_call()
        self.close_without_reply()
        self.plan_rounds()
        for round_number in range(MAX_ROUNDS):
            if not self.work_round(round_number):
                break
        self.reopen_after_resolution()
        self.turn_later_tickets_into_follow_ups()
        self.link_engineering_issues()
        self.draw_first_response_quality()
        surveys = self.send_surveys()
        self_service, other_self_service = self.self_service_sessions()
        abandoned_calls = self.abandoned_calls()
        return self.result(surveys, self_service, other_self_service, abandoned_calls)

    # ------------------------------------------------------------------ row helpers
    def uniform_int(self, low, high, size=None):
        return _u(self.rng, low, high, self.ticket_count if size is None else size)

    def lognormal_int(self, median, sigma, low=1, high=None, size=None):
        size = self.ticket_count if size is None else size
        return _logn(self.rng, median, sigma, size, lo=low, hi=high)

    def random(self, size=None):
        return self.rng.random(self.ticket_count if size is None else size)

    def add_event(
        self, mask, at, event_type, actor_kind, actor_agent=-1, to=-1, from_value=-1, reason=-1
    ):
        self.events.add(
            mask,
            t=at,
            et=event_type,
            ak=actor_kind,
            aa=actor_agent,
            to=to,
            frm=from_value,
            rs=reason,
        )

    def add_message(
        self, mask, at, author_type, author_agent=-1, public=True, channel=None, milliseconds=None
    ):
        if milliseconds is None:
            milliseconds = self.rng.integers(0, 1000, self.ticket_count)
        self.messages.add(
            mask,
            t=at,
            ms=milliseconds,
            au=author_type,
            aa=author_agent,
            pub=public,
            ch=self.channel if channel is None else channel,
        )

    def set_status(self, mask, at, status, actor_kind, actor_agent=-1):
        self.add_event(mask, at, C.EV_STATUS, actor_kind, actor_agent, to=status)

    def assign(self, mask, at, new_owner, actor_kind, actor_agent):
        """An assignment event from the current owner to new_owner (the owner is not changed)."""
        self.add_event(
            mask, at, C.EV_ASSIGN, actor_kind, actor_agent, to=new_owner, from_value=self.owner
        )

    def set_current_priority(self, mask, priority):
        self.current_priority = np.where(mask, priority, self.current_priority)
        self.priority_speed = PRIORITY_SPEED[self.current_priority]

    def record_first_resolution(self, mask, at):
        self.first_resolved_at = np.where(mask, at, self.first_resolved_at)

    # ------------------------------------------------------------------ ticket attributes
    def draw_ticket_attributes(self):
        """Channel, category, priority, who created the ticket, customer and bot."""
        world, count = self.world, self.ticket_count
        staffed = self.agents.is_staffed(self.created_at)
        channel_draw = self.random()
        staffed_mix = np.cumsum(world.mix_staffed)
        unstaffed_mix = np.cumsum(world.mix_unstaffed)
        channel = np.where(
            staffed,
            np.searchsorted(staffed_mix, channel_draw * staffed_mix[-1]),
            np.searchsorted(unstaffed_mix, channel_draw * unstaffed_mix[-1]),
        )
        self.channel = np.minimum(channel, len(C.CHANNELS) - 1)
        category = np.minimum(
            np.searchsorted(np.cumsum(CAT_SHARE), self.random()), len(CAT_SHARE) - 1
        )
        is_incident_category = self.is_incident & (self.random() < 0.8)
        self.category = np.where(
            is_incident_category,
            INCIDENT_CAT[self.rng.integers(0, len(INCIDENT_CAT), count)],
            category,
        )
        priority = self.rng.choice(4, size=count, p=C.PRIORITY_MIX)
        urgent_names = ("security_concern", "api_error")
        is_urgent = np.isin(self.category, [C.CATEGORY_NAMES.index(c) for c in urgent_names])
        self.priority = np.where(
            is_urgent & (self.random() < 0.5), np.minimum(priority + 1, 3), priority
        )
        created_by = np.zeros(count, np.int64)
        agent_may_open = staffed & np.isin(self.channel, [C.EMAIL, C.PHONE, C.SOCIAL])
        created_by[agent_may_open & (self.random() < world.p_agent_out)] = C.BY_AGENT
        bot_may_open = (created_by == 0) & np.isin(self.channel, [C.EMAIL, C.CHAT, C.WEB, C.API])
        created_by[bot_may_open & (self.random() < world.p_bot_out)] = C.BY_BOT
        self.created_by = created_by
        self.customer = self.customers.sample(self.rng, self.region, self.created_at)
        self.is_inbound = created_by == C.BY_CUSTOMER
        self.is_agent_outbound = created_by == C.BY_AGENT
        self.is_bot_outbound = created_by == C.BY_BOT
        self.complexity = CAT_CX[self.category]
        self.bot = self.agents.bots[self.rng.choice(len(self.agents.bots), size=count, p=C.BOT_MIX)]
        self.is_phone = self.channel == C.PHONE
        self.is_chat = self.channel == C.CHAT
        # written follow-ups of a phone ticket go by email
        self.follow_up_channel = np.where(self.is_phone, C.EMAIL, self.channel)

    # ------------------------------------------------------------------ opener
    def open_tickets(self):
        """The "new" status and the opening message; outbound agents own their ticket."""
        created_at, count = self.created_at, self.ticket_count
        outbound = np.flatnonzero(self.is_agent_outbound)
        opener_tier = np.where(self.random(len(outbound)) < 0.8, 0, 1)
        self.owner[outbound] = self.agents.choose(self.rng, opener_tier, created_at[outbound])
        self.tier[outbound] = self.agents.tier[self.owner[outbound]]
        opener_kind = np.where(self.is_inbound, K_CUSTOMER, K_AGENT)
        opener_agent = np.where(
            self.is_agent_outbound, self.owner, np.where(self.is_bot_outbound, self.bot, -1)
        )
        every_ticket = np.ones(count, bool)
        self.set_status(every_ticket, created_at, C.ST_NEW, opener_kind, opener_agent)
        is_written_inbound = self.is_inbound & np.isin(self.channel, [C.EMAIL, C.WEB])
        message_before_ticket = is_written_inbound & (self.random() < 0.003)
        opening_message_at = np.where(
            message_before_ticket, created_at - self.uniform_int(1, 90), created_at
        )
        opener_author = np.where(
            self.is_inbound, C.AU_CUSTOMER, np.where(self.is_agent_outbound, C.AU_AGENT, C.AU_BOT)
        )
        self.add_message(
            every_ticket,
            opening_message_at,
            opener_author,
            opener_agent,
            milliseconds=np.where(message_before_ticket, self.rng.integers(0, 1000, count), 0),
        )
        self.add_message(is_written_inbound, created_at + self.uniform_int(2, 30), C.AU_SYSTEM)

    # ------------------------------------------------------------------ bot first line
    def bot_first_line(self):
        """A bot answers some inbound tickets first; on chat it converses, and may solve."""
        bot_share_by_channel = np.array([0.15, 0.55, 0.0, 0.35, 0.20, 0.35])
        bot_probability = bot_share_by_channel[self.channel] * CAT_BOT[self.category]
        self.has_bot_first_line = self.is_inbound & (self.random() < bot_probability)
        has_bot = self.has_bot_first_line
        bot_replied_at = self.created_at + np.where(
            self.channel == C.EMAIL, self.uniform_int(20, 90), self.uniform_int(2, 8)
        )
        self.add_message(has_bot, bot_replied_at, C.AU_BOT, self.bot)
        self.set_status(has_bot, bot_replied_at + 1, C.ST_OPEN, K_AGENT, self.bot)
        exchanges = self.rng.choice(4, size=self.ticket_count, p=[0.3, 0.35, 0.25, 0.1])
        exchanges = np.where(self.is_chat, exchanges, 0)  # bot conversations only on chat
        conversation_end = bot_replied_at + 1
        for exchange in range(3):
            in_exchange = has_bot & (exchanges > exchange)
            customer_at = conversation_end + self.uniform_int(15, 90)
            bot_at = customer_at + self.uniform_int(2, 6)
            self.add_message(in_exchange, customer_at, C.AU_CUSTOMER)
            self.add_message(in_exchange, bot_at, C.AU_BOT, self.bot)
            conversation_end = np.where(in_exchange, bot_at, conversation_end)
        self.bot_conversation_end = conversation_end
        after_go_live = self.created_at >= self.frame.t_start + C.AI_GO_LIVE_DAY * DAY
        solve_probability = (
            0.1
            + 0.45 * CAT_BOT[self.category]
            + np.where(after_go_live, C.AI_GO_LIVE_SOLVE_LIFT, 0.0)
        )
        self.is_solved_by_bot = has_bot & (self.random() < solve_probability)
        solved_at = conversation_end + self.uniform_int(20, 120)
        self.set_status(self.is_solved_by_bot, solved_at, C.ST_SOLVED, K_AGENT, self.bot)
        self.record_first_resolution(self.is_solved_by_bot, solved_at)

    # ------------------------------------------------------------------ bot outbound
    def bot_outbound(self):
        """A bot's outbound ticket is done at once, or waits for the customer (or a week)."""
        created_at, bot = self.created_at, self.bot
        is_done = self.is_bot_outbound & (self.random() < 0.65)
        solved_at = created_at + self.uniform_int(1, 5)
        self.set_status(is_done, solved_at, C.ST_SOLVED, K_AGENT, bot)
        self.record_first_resolution(is_done, solved_at)
        is_waiting = self.is_bot_outbound & ~is_done
        self.set_status(is_waiting, created_at + 2, C.ST_PENDING, K_AGENT, bot)
        self.bot_outbound_answered = is_waiting & (self.random() < 0.7)
        self.bot_outbound_answered_at = (
            created_at + 2 + self.lognormal_int(6 * HOUR, 1.0, low=120, high=20 * DAY)
        )
        answered, answered_at = self.bot_outbound_answered, self.bot_outbound_answered_at
        self.add_message(answered, answered_at, C.AU_CUSTOMER)
        self.set_status(answered, answered_at + 1, C.ST_OPEN, K_CUSTOMER)
        auto_solved = is_waiting & ~answered
        auto_solved_at = created_at + 2 + 7 * DAY + self.uniform_int(0, 3600)
        self.set_status(auto_solved, auto_solved_at, C.ST_SOLVED, K_SYSTEM)
        self.record_first_resolution(auto_solved, auto_solved_at)

    # ------------------------------------------------------------------ agent outbound
    def agent_outbound(self):
        """An agent's outbound ticket: assigned to the agent, a call on phone, then
        solved quickly or waiting for the customer's answer (or a week)."""
        created_at, owner, count = self.created_at, self.owner, self.ticket_count
        outbound = self.is_agent_outbound
        self.add_event(outbound, created_at + 1, C.EV_ASSIGN, K_AGENT, owner, to=owner)
        self.set_status(outbound, created_at + 2, C.ST_OPEN, K_AGENT, owner)
        self.work_sessions.add(
            outbound,
            ag=owner,
            t=created_at + 2,
            t2=created_at + 2 + self.lognormal_int(240, 0.5, low=30, high=3600),
        )
        is_call = outbound & self.is_phone
        call_outcome = self.rng.choice(3, size=count, p=[0.2, 0.45, 0.35])
        not_reached = call_outcome == 2
        answered_at = np.where(not_reached, -1, created_at + self.uniform_int(5, 25))
        talk_seconds = self.lognormal_int(300, 0.6, low=30, high=3 * HOUR)
        ended_at = np.where(
            not_reached, created_at + self.uniform_int(20, 45), answered_at + talk_seconds
        )
        after_call_work = self.uniform_int(10, 120)
        self.calls.add(
            is_call,
            cust=self.customer,
            ag=owner,
            dir=1,
            q=created_at,
            a=answered_at,
            e=ended_at,
            ab=-1,
            hold=np.where(self.random() < 0.15, self.uniform_int(10, 120), 0),
            acw=after_call_work,
            out=call_outcome,
        )
        self.add_message(is_call & ~not_reached, answered_at, C.AU_CUSTOMER)
        work_done_at = np.where(is_call, ended_at + after_call_work, created_at + 2)
        is_quick = outbound & (self.random() < np.where(is_call, 0.75, 0.3))
        solved_at = work_done_at + np.where(
            is_call, self.uniform_int(5, 60), self.uniform_int(30, 300)
        )
        self.set_status(is_quick, solved_at, C.ST_SOLVED, K_AGENT, owner)
        self.record_first_resolution(is_quick, solved_at)
        is_waiting = outbound & ~is_quick
        self.set_status(is_waiting, work_done_at + 3, C.ST_PENDING, K_AGENT, owner)
        self.agent_outbound_answered = is_waiting & (self.random() < 0.7)
        self.agent_outbound_answered_at = (
            work_done_at + 3 + self.lognormal_int(8 * HOUR, 1.0, low=300, high=20 * DAY)
        )
        answered, answered_at = self.agent_outbound_answered, self.agent_outbound_answered_at
        self.add_message(answered, answered_at, C.AU_CUSTOMER, channel=self.follow_up_channel)
        self.set_status(answered, answered_at + 1, C.ST_OPEN, K_CUSTOMER)
        auto_solved = is_waiting & ~answered
        auto_solved_at = work_done_at + 3 + 7 * DAY + self.uniform_int(0, 3600)
        self.set_status(auto_solved, auto_solved_at, C.ST_SOLVED, K_SYSTEM)
        self.record_first_resolution(auto_solved, auto_solved_at)

    # ------------------------------------------------------------------ human handling
    def select_human_handling(self):
        """Which tickets agents work, and from when they can be worked."""
        # ~1% of written inbound tickets are closed without any reply (spam, duplicates,
        # "never mind"): assigned, an internal note, solved - no first response at all
        written = np.isin(self.channel, [C.EMAIL, C.WEB, C.SOCIAL, C.API])
        closed_without_reply = self.is_inbound & ~self.has_bot_first_line & written
        closed_without_reply &= self.random() < 0.012
        self.is_closed_without_reply = closed_without_reply
        self.is_handled_by_agents = (
            (self.is_inbound & ~self.is_solved_by_bot)
            | self.bot_outbound_answered
            | self.agent_outbound_answered
        ) & ~closed_without_reply
        ready_at = np.where(
            self.has_bot_first_line,
            self.bot_conversation_end + self.uniform_int(5, 30),
            self.created_at + 1,
        )
        ready_at = np.where(self.bot_outbound_answered, self.bot_outbound_answered_at + 2, ready_at)
        ready_at = np.where(
            self.agent_outbound_answered, self.agent_outbound_answered_at + 2, ready_at
        )
        self.ready_at = ready_at
        self.needs_assignment = self.is_handled_by_agents & ~self.is_agent_outbound
        self.handle_multiplier = np.ones(self.ticket_count)
        self.current_priority = self.priority.copy()
        self.priority_speed = PRIORITY_SPEED[self.priority]

    def reply_delay(self, channel):
        """Seconds from being worked to the reply, per ticket (chat: seconds, others: longer)."""
        median_by_channel = np.array([3000, 45, 3000, 2400, 1200, 3600])
        median = median_by_channel[channel] * self.priority_speed
        # now and then the reply waits in the queue for a working day (busy days)
        queue_tail = np.array(C.REPLY_QUEUE_TAIL)[channel]
        queue_tail = queue_tail * PRIORITY_QUEUE_TAIL[self.current_priority]
        waits_a_day = self.random() < queue_tail
        delay = (median * np.exp(self.rng.standard_normal(self.ticket_count))).astype(np.int64)
        delay = np.maximum(delay, 60) + np.where(waits_a_day, DAY, 0)
        chat_delay = self.uniform_int(10, 90)
        return np.where(channel == C.CHAT, chat_delay, delay)

    def route_to_first_agent(self):
        """The first assignment of every ticket that needs one (phone: when answered)."""
        agents, count, never = self.agents, self.ticket_count, self.never
        needs_assignment = self.needs_assignment
        routed = np.flatnonzero(needs_assignment)
        routed_at = np.where(self.is_phone, self.created_at, agents.next_staffed(self.ready_at))
        routed_at = np.where(needs_assignment, routed_at, 0)
        first_agent = np.full(count, -1, np.int64)
        first_agent[routed] = agents.choose(self.rng, 0, routed_at[routed])
        shift_start, shift_end = np.full(count, never), np.full(count, never)
        shift_start[routed], shift_end[routed] = agents.next_shift(
            first_agent[routed], routed_at[routed]
        )
        speed_of_answer = self.lognormal_int(12, 1.0, low=1, high=900)
        routing_delay = np.where(
            self.is_chat,
            self.uniform_int(3, 40),
            self.lognormal_int(480, 1.0, low=20, high=4 * HOUR),
        )
        self.first_assigned_at = np.where(
            self.is_phone,
            np.maximum(shift_start, self.created_at) + speed_of_answer,
            shift_start + routing_delay,
        )
        actor_kind = np.where(
            self.has_bot_first_line, K_AGENT, np.where(self.random() < 0.7, K_SYSTEM, K_AGENT)
        )
        actor_agent = np.where(self.has_bot_first_line, self.bot, first_agent)
        self.assign(needs_assignment, self.first_assigned_at, first_agent, actor_kind, actor_agent)
        self.owner = np.where(needs_assignment, first_agent, self.owner)
        self.tier = np.where(needs_assignment, agents.tier[np.maximum(self.owner, 0)], self.tier)
        was_new = self.is_inbound & ~self.has_bot_first_line
        self.set_status(
            was_new & self.is_handled_by_agents,
            self.first_assigned_at + 1,
            C.ST_OPEN,
            K_AGENT,
            self.owner,
        )

    def draw_priority_and_category_corrections(self):
        """The first agent corrects some priorities now, and some categories (the
        category event is written after the follow-up tickets are chosen)."""
        first_worked_at = np.where(self.needs_assignment, self.first_assigned_at, self.ready_at)
        priority_corrected = self.is_handled_by_agents & (self.random() < C.PRIORITY_TRIAGE_SHARE)
        # triage moves the priority one step, up more often than down
        step = np.where(self.random() < 0.65, 1, -1)
        new_priority = self.priority + step
        new_priority = np.where(
            (new_priority < 0) | (new_priority > 3), self.priority - step, new_priority
        )
        self.add_event(
            priority_corrected,
            first_worked_at + self.uniform_int(3, 6),
            C.EV_PRIORITY,
            K_AGENT,
            self.owner,
            to=new_priority,
            from_value=self.priority,
        )
        self.set_current_priority(priority_corrected, new_priority)
        self.category_corrected = (
            self.is_handled_by_agents & self.is_inbound & (self.random() < 0.04)
        )
        corrected = np.minimum(
            np.searchsorted(np.cumsum(CAT_SHARE), self.random()), len(CAT_SHARE) - 1
        )
        self.corrected_category = np.where(
            corrected == self.category, (self.category + 1) % len(CAT_SHARE), corrected
        )
        self.category_corrected_at = first_worked_at + self.uniform_int(7, 9)
        self.category_corrected_by = self.owner.copy()

    def take_first_inbound_call(self):
        """Inbound phone: round 0 is the call itself, answered by the first agent."""
        self.is_first_round_call = self.needs_assignment & self.is_phone & self.is_inbound
        talk_seconds = self.lognormal_int(420, 0.6, low=30, high=3 * HOUR)
        hold_seconds = np.where(
            self.random() < 0.35, self.lognormal_int(60, 0.8, low=5, high=1800), 0
        )
        after_call_work = self.uniform_int(20, 240)
        self.first_call_ended_at = self.first_assigned_at + talk_seconds + hold_seconds
        self.first_call_work_done_at = self.first_call_ended_at + after_call_work
        self.calls.add(
            self.is_first_round_call,
            cust=self.customer,
            ag=self.owner,
            dir=0,
            q=self.created_at,
            a=self.first_assigned_at,
            e=self.first_call_ended_at,
            ab=-1,
            hold=hold_seconds,
            acw=after_call_work,
            out=-1,
        )
        self.add_message(self.is_first_round_call, self.first_assigned_at, C.AU_AGENT, self.owner)

    def close_without_reply(self):
        """Assigned, an internal note, solved: no public reply at all."""
        closing = self.is_closed_without_reply
        if not closing.any():
            return
        agents, count = self.agents, self.ticket_count
        closed = np.flatnonzero(closing)
        staffed_at = agents.next_staffed(self.created_at[closed] + 1)
        agent = agents.choose(self.rng, 0, staffed_at)
        shift_start, _ = agents.next_shift(agent, staffed_at)
        new_owner = np.full(count, -1, np.int64)
        new_owner[closed] = agent
        assigned_at = np.full(count, self.never, np.int64)
        pickup_delay = self.lognormal_int(480, 1.0, low=20, high=4 * HOUR, size=len(closed))
        assigned_at[closed] = agents.skip_blocks(agent, shift_start + pickup_delay, 660)
        self.assign(closing, assigned_at, new_owner, K_SYSTEM, -1)
        self.owner = np.where(closing, new_owner, self.owner)
        self.set_status(closing, assigned_at + 1, C.ST_OPEN, K_AGENT, self.owner)
        note_at = assigned_at + self.uniform_int(30, 600)
        self.add_message(closing, note_at, C.AU_AGENT, self.owner, public=False)
        solved_at = note_at + self.uniform_int(5, 60)
        self.set_status(closing, solved_at, C.ST_SOLVED, K_AGENT, self.owner)
        self.work_sessions.add(closing, ag=self.owner, t=assigned_at + 2, t2=note_at + 2)
        self.record_first_resolution(closing, solved_at)

    # ------------------------------------------------------------------ rounds
    def plan_rounds(self):
        """How many reply rounds each ticket takes, and in which round it is
        escalated, reassigned, put on hold or gets an internal note."""
        count, complexity, handled = self.ticket_count, self.complexity, self.is_handled_by_agents
        round_share_by_complexity = np.array(
            [
                [0.74, 0.17, 0.06, 0.02, 0.01],
                [0.60, 0.22, 0.10, 0.05, 0.03],
                [0.45, 0.27, 0.14, 0.09, 0.05],
            ]
        )
        cumulative_share = np.cumsum(round_share_by_complexity, axis=1)[complexity]
        rounds = 1 + (self.random()[:, None] > cumulative_share).sum(1)
        rounds = np.minimum(rounds, MAX_ROUNDS)
        answered_outbound = self.bot_outbound_answered | self.agent_outbound_answered
        rounds = np.where(answered_outbound, np.minimum(rounds, 2), rounds)
        escalation_share = np.array([0.05, 0.12, 0.22])[complexity]
        escalated = handled & self.is_inbound & (self.random() < escalation_share)
        reassigned = handled & ~escalated & (self.random() < 0.07)
        # on hold while waiting on engineering (bug-like categories) or a third party
        self.waits_on_engineering = np.isin(self.category, ENGINEERING_CAT)
        hold_share = np.where(
            self.waits_on_engineering, C.ON_HOLD_SHARE_ENGINEERING, C.ON_HOLD_SHARE
        )
        on_hold = handled & (self.random() < hold_share)
        rounds = np.where(escalated | reassigned | on_hold, np.maximum(rounds, 2), rounds)
        escalation_round = (self.random() * (rounds - 1)).astype(np.int64)
        escalated_to_tier = np.where(self.random() < 0.85, 1, 2)
        reason_share = np.array([[0.55, 0.25, 0.20], [0.45, 0.25, 0.30], [0.30, 0.25, 0.45]])
        reason_share = reason_share[complexity]
        escalation_reason = (self.random()[:, None] > np.cumsum(reason_share, 1)).sum(1)
        escalation_reason = np.minimum(escalation_reason, 2)
        escalated_again = (
            escalated
            & (escalated_to_tier == 1)
            & (rounds >= 3)
            & (complexity == 2)
            & (self.random() < 0.3)
        )
        rounds_left = np.maximum(rounds - 2 - escalation_round, 1)
        second_escalation_round = (
            escalation_round + 1 + (self.random() * rounds_left).astype(np.int64)
        )
        escalated_again &= second_escalation_round <= rounds - 2
        reassignment_round = (self.random() * (rounds - 1)).astype(np.int64)
        hold_round = (self.random() * (rounds - 1)).astype(np.int64)
        on_hold &= ~(escalated & (hold_round == escalation_round))
        on_hold &= ~(reassigned & (hold_round == reassignment_round))
        on_hold &= ~(escalated_again & (hold_round == second_escalation_round))
        # the team an escalated ticket goes to puts some on hold at once (waiting on
        # engineering or another team)
        held_after_escalation = escalated & ~on_hold & (self.random() < C.ON_HOLD_AFTER_ESCALATION)
        hold_round = np.where(held_after_escalation, escalation_round, hold_round)
        on_hold |= held_after_escalation
        self.is_held_after_escalation = held_after_escalation
        hold_median_days = np.where(
            self.waits_on_engineering, C.ON_HOLD_MEDIAN_DAYS_ENGINEERING, C.ON_HOLD_MEDIAN_DAYS
        )
        self.hold_seconds = self.lognormal_int(
            hold_median_days * DAY, 0.9, low=2 * HOUR, high=45 * DAY
        )
        self.rounds = rounds
        self.is_escalated = escalated
        self.escalation_round = escalation_round
        self.escalated_to_tier = escalated_to_tier
        self.escalation_reason = escalation_reason
        self.is_escalated_again = escalated_again
        self.second_escalation_round = second_escalation_round
        self.is_reassigned = reassigned
        self.reassignment_round = reassignment_round
        self.is_put_on_hold = on_hold
        self.hold_round = hold_round
        self.has_note = handled & (self.random() < 0.18)
        self.note_round = (self.random() * rounds).astype(np.int64)
        self.chat_turns = self.rng.choice(7, size=count, p=[0.1, 0.2, 0.25, 0.2, 0.12, 0.08, 0.05])
        self.pending_probability = np.array(C.PENDING_WHEN_ASKING)[self.channel]
        self.is_stuck = handled & (self.random() < C.STUCK_SHARE)
        self.stuck_is_auto_solved = self.random() < C.STUCK_AUTO_SOLVED
        # the answer of the last round sets the ticket pending until the customer confirms
        self.confirms_by_pending = (
            handled
            & ~self.is_stuck
            & (self.random() < np.array(C.CONFIRM_PENDING_SHARE)[self.channel])
        )
        self.confirm_solved_by_agent = self.random() < C.CONFIRM_SOLVED_BY_AGENT
        self.round_ready_at = np.where(
            self.is_agent_outbound, self.ready_at, self.first_assigned_at + 2
        )
        self.handle_median = np.array([240, 480, 900])[complexity]

    def agent_reply(self, mask, ready_at, channel, work_seconds):
        """Reply time of the owner (reassigning when the owner is away for days).

        The ``work_seconds`` before the reply (its work session) fall in the
        owner's working time: after the owner is logged in and clear of breaks
        and meetings.
        """
        agents, never = self.agents, self.never
        replying = np.flatnonzero(mask)
        replied_at = np.full(self.ticket_count, never, np.int64)
        if len(replying) == 0:
            return replied_at
        agent = self.owner[replying]
        ready = ready_at[replying]
        shift_start, shift_end = agents.next_shift(agent, ready)
        away = (shift_start - ready > 2 * DAY) & (ready < self.frame.t_end)
        if away.any():
            self.reassign_while_away(replying[away], ready_at)
            agent = self.owner[replying]
            shift_start, shift_end = agents.next_shift(agent, ready)
        reply = shift_start + self.reply_delay(channel)[replying]
        past_shift = (reply > shift_end + 900) & (shift_end < never)
        if past_shift.any():
            next_start, _ = agents.next_shift(agent[past_shift], shift_end[past_shift] + 1)
            reply[past_shift] = next_start + self.uniform_int(120, 1200, int(past_shift.sum()))
            shift_start[past_shift] = next_start
        work = work_seconds[replying]
        work_start = agents.skip_blocks(agent, np.maximum(reply - work, shift_start), work)
        replied_at[replying] = np.where(
            shift_start < never, np.maximum(reply, work_start + work), reply
        )
        return replied_at

    def reassign_while_away(self, away, ready_at):
        """Tickets whose owner is away for days go to an agent of the same tier."""
        count = self.ticket_count
        staffed_at = self.agents.next_staffed(ready_at[away], "all")
        agent = self.agents.choose(self.rng, self.tier[away], staffed_at)
        mask = np.zeros(count, bool)
        mask[away] = True
        assigned_at = np.zeros(count, np.int64)
        assigned_at[away] = staffed_at + 1
        new_owner = np.full(count, -1, np.int64)
        new_owner[away] = agent
        self.assign(mask, assigned_at, new_owner, K_SYSTEM, -1)
        self.owner = np.where(mask, new_owner, self.owner)

    def work_round(self, round_number: int) -> bool:
        """One reply round of every ticket still in it; False when none is."""
        active = self.is_handled_by_agents & (round_number < self.rounds)
        if not active.any():
            return False
        replied_at, round_end, is_call = self.reply_in_round(round_number, active)
        continues = active & (self.rounds > round_number + 1)
        changed_owner_at, changes_owner = self.escalate_or_reassign(
            round_number, continues, round_end
        )
        self.wait_for_next_round(
            round_number, continues, round_end, changes_owner, changed_owner_at
        )
        self.finish_in_round(round_number, active, round_end)
        return True

    def reply_in_round(self, round_number, active):
        """The owner's reply (or the call of round 0), an internal note, chat
        turns and the work session; returns reply time, round end and the call mask."""
        count, never = self.ticket_count, self.never
        if round_number == 0:
            is_call = self.is_first_round_call
        else:
            is_call = np.zeros(count, bool)
        is_chat_round = active & self.is_chat & (round_number == 0)
        handle_seconds = (
            self.handle_median
            * self.handle_multiplier
            * np.exp(0.6 * self.rng.standard_normal(count))
        ).astype(np.int64)
        handle_seconds = np.clip(handle_seconds, 30, 5400)
        reply_channel = self.follow_up_channel if round_number > 0 else self.channel
        replied_at = self.agent_reply(
            active & ~is_call,
            self.round_ready_at,
            reply_channel,
            np.where(is_chat_round, 0, handle_seconds),
        )
        replied_at = np.where(is_call, self.first_assigned_at, replied_at)
        self.add_message(
            active & ~is_call, replied_at, C.AU_AGENT, self.owner, channel=reply_channel
        )
        # internal note between the ready time and the reply
        ready_at = self.round_ready_at
        note_at = ready_at + ((replied_at - ready_at) * self.rng.uniform(0.3, 0.9, count)).astype(
            np.int64
        )
        has_note = active & self.has_note & (self.note_round == round_number) & ~is_call
        self.add_message(
            has_note, note_at, C.AU_AGENT, self.owner, public=False, channel=self.follow_up_channel
        )
        # the customer writes again before the reply: more details, or asking for news
        # as the wait grows (chat: a second line before the agent's first answer)
        if round_number == 0:
            # since the opening message, the bot's hand-over or the answer to an outbound
            waited_from = np.where(
                self.is_inbound & ~self.has_bot_first_line, self.created_at, self.ready_at
            )
        else:
            waited_from = ready_at
        wait = replied_at - waited_from
        chaser_share = np.where(
            is_chat_round,
            C.CHAT_SECOND_LINE,
            C.CHASER_BASE + C.CHASER_PER_DAY * np.clip(wait / DAY, 0, 1),
        )
        chases = (
            active
            & ~is_call
            & (replied_at < never)
            & (wait > np.where(is_chat_round, 45, 600))
            & (self.random() < chaser_share)
        )
        chaser_at = np.where(
            is_chat_round,
            waited_from + self.uniform_int(5, 40),
            waited_from + (wait * self.rng.uniform(0.15, 0.85, count)).astype(np.int64),
        )
        chaser_at = np.minimum(chaser_at, replied_at - 2)
        self.add_message(chases, chaser_at, C.AU_CUSTOMER, channel=reply_channel)
        # chat conversation turns: the customer sometimes sends two lines, the agent
        # sometimes answers late (several chats at once)
        round_end = replied_at.copy()
        for turn in range(6):
            in_turn = is_chat_round & (self.chat_turns > turn)
            customer_at = round_end + self.uniform_int(15, 180)
            second_line = in_turn & (self.random() < C.CHAT_DOUBLE_MESSAGE)
            second_at = customer_at + self.uniform_int(5, 40)
            agent_delay = np.where(
                self.random() < C.CHAT_SLOW_TURN,
                self.lognormal_int(240, 0.6, low=90, high=1200),
                self.uniform_int(10, 90),
            )
            agent_at = np.where(second_line, second_at, customer_at) + agent_delay
            self.add_message(in_turn, customer_at, C.AU_CUSTOMER)
            self.add_message(second_line, second_at, C.AU_CUSTOMER)
            self.add_message(in_turn, agent_at, C.AU_AGENT, self.owner)
            round_end = np.where(in_turn, agent_at, round_end)
        round_end = np.where(is_call, self.first_call_work_done_at, round_end)
        # work sessions (phone round 0 is handled on the call)
        work_start = np.where(
            is_chat_round, replied_at - self.uniform_int(10, 40), replied_at - handle_seconds
        )
        work_start = np.maximum(work_start, ready_at)
        work_end = np.where(
            is_chat_round,
            round_end + self.uniform_int(20, 120),
            replied_at + self.uniform_int(5, 60),
        )
        self.work_sessions.add(
            active & ~is_call & (replied_at < never), ag=self.owner, t=work_start, t2=work_end
        )
        return replied_at, round_end, is_call

    def escalate_or_reassign(self, round_number, continues, round_end):
        """Escalations (to tier 1 or 2, a second one to tier 2) and reassignments
        after this round: the ticket changes owner. Returns when and which."""
        count, agents = self.ticket_count, self.agents
        first = continues & self.is_escalated & (self.escalation_round == round_number)
        second = (
            continues & self.is_escalated_again & (self.second_escalation_round == round_number)
        )
        escalates = first | second
        escalated_at = round_end + self.uniform_int(60, 600)
        to_tier = np.where(second, 2, self.escalated_to_tier)
        self.add_event(
            escalates,
            escalated_at,
            C.EV_ESCALATE,
            K_AGENT,
            self.owner,
            to=to_tier,
            from_value=self.tier,
            reason=self.escalation_reason,
        )
        # the escalating agent raises the priority of many escalations to high or urgent
        raises = (
            escalates
            & (self.current_priority < 3)
            & (self.random() < C.PRIORITY_RAISED_AT_ESCALATION)
        )
        raised_to = np.maximum(self.current_priority + 1, np.where(self.random() < 0.3, 3, 2))
        raised_to = np.minimum(raised_to, 3)
        self.add_event(
            raises,
            escalated_at + self.uniform_int(5, 120),
            C.EV_PRIORITY,
            K_AGENT,
            self.owner,
            to=raised_to,
            from_value=self.current_priority,
        )
        self.set_current_priority(raises, raised_to)
        reassigns = continues & self.is_reassigned & (self.reassignment_round == round_number)
        handed_over_at = np.where(
            escalates,
            escalated_at + self.uniform_int(60, 1800),
            round_end + self.uniform_int(1800, DAY),
        )
        changes_owner = escalates | reassigns
        picked_up_at = np.zeros(count, np.int64)
        if changes_owner.any():
            changing = np.flatnonzero(changes_owner)
            new_tier = np.where(escalates, to_tier, self.tier)
            staffed_at = agents.next_staffed(handed_over_at[changing], "all")
            agent = agents.choose(self.rng, new_tier[changing], staffed_at)
            agent = np.where(
                agent == self.owner[changing],
                agents.choose(self.rng, new_tier[changing], staffed_at),
                agent,
            )
            new_owner = np.full(count, -1, np.int64)
            new_owner[changing] = agent
            picked_up_at[changing] = np.maximum(staffed_at, handed_over_at[changing])
            actor_kind = np.where(self.random() < 0.6, K_SYSTEM, K_AGENT)
            self.assign(changes_owner, picked_up_at, new_owner, actor_kind, self.owner)
            self.owner = np.where(changes_owner, new_owner, self.owner)
            self.tier = np.where(changes_owner, new_tier, self.tier)
            self.handle_multiplier = np.where(escalates, 1.8, self.handle_multiplier)
        return picked_up_at, changes_owner

    def wait_for_next_round(
        self, round_number, continues, round_end, changes_owner, changed_owner_at
    ):
        """A ticket going on to another round is put on hold, or waits (pending
        or open) for the customer's next message; sets when the next round starts."""
        owner = self.owner
        put_on_hold = (
            continues
            & self.is_put_on_hold
            & (self.hold_round == round_number)
            & (~changes_owner | self.is_held_after_escalation)
        )
        hold_at = np.where(
            changes_owner,
            changed_owner_at + self.uniform_int(60, 1800),
            round_end + self.uniform_int(5, 60),
        )
        hold_ends_at = hold_at + self.hold_seconds
        self.set_status(put_on_hold, hold_at, C.ST_HOLD, K_AGENT, owner)
        self.set_status(put_on_hold, hold_ends_at, C.ST_OPEN, K_AGENT, owner)
        customer_follows_up = continues & ~changes_owner & ~put_on_hold
        goes_pending = customer_follows_up & (self.random() < self.pending_probability)
        pending_at = round_end + self.uniform_int(3, 30)
        self.set_status(goes_pending, pending_at, C.ST_PENDING, K_AGENT, owner)
        later_gap = self.lognormal_int(6 * HOUR, 1.2, low=600, high=12 * DAY)
        answers_days_later = self.random() < C.SLOW_CUSTOMER_SHARE
        days_later_gap = self.lognormal_int(2.5 * DAY, 0.8, low=12 * HOUR, high=20 * DAY)
        later_gap = np.where(answers_days_later, days_later_gap, later_gap)
        within_conversation = self.random() < 0.3
        chat_gap = np.where(
            within_conversation,
            self.uniform_int(8 * 60, 28 * 60),
            np.maximum(later_gap, 35 * 60),
        )
        gap = np.where(self.is_chat, chat_gap, later_gap)
        customer_at = np.maximum(round_end, pending_at) + gap
        self.add_message(
            customer_follows_up, customer_at, C.AU_CUSTOMER, channel=self.follow_up_channel
        )
        self.set_status(goes_pending, customer_at + 1, C.ST_OPEN, K_CUSTOMER)
        next_ready_at = np.where(
            put_on_hold,
            hold_ends_at + 2,
            np.where(changes_owner, changed_owner_at + 2, customer_at + 2),
        )
        self.round_ready_at = np.where(continues, next_ready_at, self.round_ready_at)

    def finish_in_round(self, round_number, active, round_end):
        """The last round ends solved by the owner; or pending until the customer
        confirms (nobody answers: solved by the owner about a working day later, or
        by the automation); or stuck pending (mostly auto-solved after a week)."""
        finishes = active & (self.rounds == round_number + 1)
        stuck = finishes & self.is_stuck
        confirm = finishes & self.confirms_by_pending
        pending_at = round_end + self.uniform_int(3, 30)
        self.set_status(stuck | confirm, pending_at, C.ST_PENDING, K_AGENT, self.owner)
        auto_solved = stuck & self.stuck_is_auto_solved
        auto_solved_at = pending_at + 7 * DAY + self.uniform_int(0, 3600)
        self.set_status(auto_solved, auto_solved_at, C.ST_SOLVED, K_SYSTEM)
        automation_at = pending_at + C.PENDING_AUTO_SOLVE_DAYS * DAY + self.uniform_int(0, 3600)
        looks_again_at = pending_at + self.lognormal_int(18 * HOUR, 0.5, low=2 * HOUR, high=4 * DAY)
        solve_delay = self.uniform_int(300, 5400)
        agent_solved_at = np.full(self.ticket_count, self.never, np.int64)
        agent_looks = np.flatnonzero(confirm & self.confirm_solved_by_agent)
        if len(agent_looks):
            shift_start, _ = self.agents.next_shift(
                self.owner[agent_looks], looks_again_at[agent_looks]
            )
            agent_solved_at[agent_looks] = np.where(
                shift_start < self.never, shift_start + solve_delay[agent_looks], self.never
            )
        by_agent = confirm & (agent_solved_at < automation_at)
        confirmed_at = np.where(by_agent, agent_solved_at, automation_at)
        self.set_status(by_agent, confirmed_at, C.ST_SOLVED, K_AGENT, self.owner)
        self.set_status(confirm & ~by_agent, confirmed_at, C.ST_SOLVED, K_SYSTEM)
        self.record_first_resolution(confirm, confirmed_at)
        solved = finishes & ~self.is_stuck & ~self.confirms_by_pending
        solved_at = round_end + np.where(
            self.is_chat, self.uniform_int(30, 180), self.uniform_int(5, 240)
        )
        self.set_status(solved, solved_at, C.ST_SOLVED, K_AGENT, self.owner)
        # solved and auto_solved are disjoint
        self.record_first_resolution(solved, solved_at)
        self.record_first_resolution(auto_solved, auto_solved_at)

    # ------------------------------------------------------------------ after the resolution
    def reopen_after_resolution(self):
        """Closed a few days after the resolution, unless the customer reopens first;
        a reopened ticket gets a reply and is solved and closed again."""
        agents, count, never = self.agents, self.ticket_count, self.never
        resolved_at = self.first_resolved_at
        self.is_resolved = resolved_at < never
        self.is_reopened = self.is_resolved & (
            self.random() < np.where(self.is_inbound, 0.085, 0.03)
        )
        reopened = self.is_reopened
        within_a_week = self.random() < 0.6
        reopened_at = resolved_at + np.where(
            within_a_week,
            self.uniform_int(2 * HOUR, int(6.5 * DAY)),
            self.uniform_int(8 * DAY, 25 * DAY),
        )
        closed_at = resolved_at + self.uniform_int(int(3.2 * DAY), int(5.5 * DAY))
        closed_first = self.is_resolved & (~reopened | (closed_at < reopened_at))
        self.set_status(closed_first, closed_at, C.ST_CLOSED, K_SYSTEM)
        # a "thanks" after the solve: a message to the solved ticket, no reopen
        says_thanks = (
            self.is_resolved
            & self.is_inbound
            & ~reopened
            & ~self.is_stuck
            & ~self.is_closed_without_reply
            & (self.random() < np.array(C.THANKS_AFTER_SOLVE)[self.channel])
        )
        thanks_at = resolved_at + self.lognormal_int(40 * 60, 1.2, low=30, high=2 * DAY)
        self.add_message(says_thanks, thanks_at, C.AU_CUSTOMER, channel=self.follow_up_channel)
        self.add_message(reopened, reopened_at, C.AU_CUSTOMER, channel=self.follow_up_channel)
        self.add_event(
            reopened,
            reopened_at + 1,
            C.EV_STATUS,
            K_CUSTOMER,
            to=C.ST_OPEN,
            reason=self.draw_reopen_reasons(),
        )
        without_owner = reopened & (self.owner < 0)
        if without_owner.any():
            unowned = np.flatnonzero(without_owner)
            staffed_at = agents.next_staffed(reopened_at[unowned] + 2)
            new_owner = np.full(count, -1, np.int64)
            new_owner[unowned] = agents.choose(self.rng, 0, staffed_at)
            assigned_at = np.zeros(count, np.int64)
            assigned_at[unowned] = staffed_at + 1
            self.assign(without_owner, assigned_at, new_owner, K_SYSTEM, -1)
            self.owner = np.where(without_owner, new_owner, self.owner)
            ready_at = np.where(without_owner, assigned_at + 1, reopened_at + 2)
        else:
            ready_at = reopened_at + 2
        handle_seconds = np.clip(
            (self.handle_median * np.exp(0.6 * self.rng.standard_normal(count))).astype(np.int64),
            30,
            5400,
        )
        replied_at = self.agent_reply(reopened, ready_at, self.follow_up_channel, handle_seconds)
        self.add_message(
            reopened, replied_at, C.AU_AGENT, self.owner, channel=self.follow_up_channel
        )
        replied = reopened & (replied_at < never)
        self.work_sessions.add(
            replied,
            ag=self.owner,
            t=np.maximum(replied_at - handle_seconds, ready_at),
            t2=replied_at + self.uniform_int(5, 60),
        )
        solved_again_at = replied_at + self.uniform_int(5, 240)
        self.set_status(replied, solved_again_at, C.ST_SOLVED, K_AGENT, self.owner)
        closed_again_at = solved_again_at + self.uniform_int(int(3.2 * DAY), int(5.5 * DAY))
        self.set_status(replied, closed_again_at, C.ST_CLOSED, K_SYSTEM)

    def draw_reopen_reasons(self):
        """The root cause an agent tags a reopen with (SPEC section 1, optional):
        product bugs mostly on bug-prone categories; some reopens untagged (-1)."""
        draw = self.feedback_rng.random(self.ticket_count)
        bug_prone = np.isin(self.category, BUG_PRONE_CAT)
        # incomplete_resolution, customer_confusion, product_bug, policy_gap, untagged
        usual = np.cumsum([0.36, 0.28, 0.08, 0.13, 0.15])
        buggy = np.cumsum([0.22, 0.13, 0.42, 0.08, 0.15])
        reason = np.where(
            bug_prone, np.searchsorted(buggy, draw * buggy[-1]), np.searchsorted(usual, draw)
        )
        reason = np.minimum(reason, 4)
        return np.where(reason == 4, -1, reason).astype(np.int64)

    # ------------------------------------------------------------------ follow-up tickets
    def turn_later_tickets_into_follow_ups(self):
        """~6% of resolved inbound tickets: the same customer writes again about the
        same category within 7 days (a later ticket of the chunk is turned into that
        follow-up). Then the category corrections drawn earlier are written."""
        created_at, resolved_at = self.created_at, self.first_resolved_at
        current_category = np.where(self.category_corrected, self.corrected_category, self.category)
        is_parent = self.is_inbound & self.is_resolved & (self.random() < 0.065)
        parent = np.flatnonzero(is_parent)
        follow_up_after = (7 * DAY * self.random(len(parent)) ** 1.6).astype(np.int64)
        target_at = resolved_at[parent] + 1 + follow_up_after
        child = np.searchsorted(created_at, target_at, side="left")
        keep = child < self.ticket_count
        parent, child = parent[keep], child[keep]
        keep = (
            (created_at[child] > resolved_at[parent])
            & (created_at[child] <= resolved_at[parent] + 7 * DAY)
            & self.is_inbound[child]
            & ~is_parent[child]
        )
        parent, child = parent[keep], child[keep]
        keep = self.customers.active(self.customer[parent], created_at[child])
        parent, child = parent[keep], child[keep]
        child, first_parent = np.unique(child, return_index=True)
        parent = parent[first_parent]
        self.is_follow_up = np.zeros(self.ticket_count, bool)
        self.is_follow_up[child] = True
        self.customer[child] = self.customer[parent]
        self.category[child] = current_category[parent]
        self.region[child] = self.region[parent]
        self.category_corrected &= ~self.is_follow_up
        self.add_event(
            self.category_corrected,
            self.category_corrected_at,
            C.EV_CATEGORY,
            K_AGENT,
            self.category_corrected_by,
            to=self.corrected_category,
            from_value=self.category,
        )

    # ------------------------------------------------------------------ product feedback
    def link_engineering_issues(self):
        """Some worked tickets are linked to an engineering issue before their
        first resolution (event linked_issue, reason bug or feature_request):
        bug-prone categories often, feature requests mostly as such, others rarely.
        Tickets of one incident share issues (a small pool of issue numbers)."""
        draw = self.feedback_rng
        count = self.ticket_count
        link_share = np.where(
            np.isin(self.category, BUG_PRONE_CAT),
            0.45,
            np.where(self.category == FEATURE_REQUEST_CAT, 0.6, 0.015),
        )
        linked = (
            self.is_inbound
            & self.is_resolved
            & (self.owner >= 0)
            & (draw.random(count) < link_share)
        )
        feature = np.where(
            self.category == FEATURE_REQUEST_CAT,
            draw.random(count) < 0.9,
            draw.random(count) < 0.12,
        )
        issue_number = np.where(
            self.is_incident, 9000 + draw.integers(0, 5, count), 1000 + draw.integers(0, 400, count)
        )
        linked_at = np.maximum(
            self.first_resolved_at - draw.integers(60, 1800, count), self.created_at + 60
        )
        self.linked_issues.add(
            linked,
            t=linked_at,
            aa=self.owner,
            to=issue_number,
            rs=np.where(feature, 1, 0),
        )

    def draw_first_response_quality(self):
        """What the first reply says (the text is written by message_bodies):
        0 substantive, 1 acknowledgement only, 2 a help-centre link. An
        acknowledgement-only first reply is likelier on the tickets that went badly
        (reopened, many rounds, stuck), so FCR and reopen read worse after one;
        bots link articles more often than people."""
        draw = self.feedback_rng.random(self.ticket_count)
        went_badly = self.is_reopened | (self.rounds >= 3) | self.is_stuck
        acknowledgement = np.where(went_badly, 0.32, 0.07)
        link = np.where(self.has_bot_first_line, 0.5, 0.14)
        self.first_response_quality = np.where(
            draw < acknowledgement, 1, np.where(draw < acknowledgement + link, 2, 0)
        )

    # ------------------------------------------------------------------ surveys
    def send_surveys(self) -> Rows:
        """CSAT, CES and NPS surveys after the first resolution; some answered."""
        surveys = Rows(self.ticket_count)
        surveyed = self.is_inbound & self.is_resolved & ~self.is_closed_without_reply
        went_well = ~(self.is_reopened | self.is_escalated | (self.rounds >= 3) | self.is_stuck)
        for survey_type, share in ((0, 0.85), (1, 0.25), (2, 0.10)):
            sent = surveyed & (self.random() < share)
            sent_at = self.first_resolved_at + self.uniform_int(60, 900)
            answered = self.random() < 0.30
            responded_at = sent_at + self.lognormal_int(2 * HOUR, 1.5, low=30, high=7 * DAY)
            score = _score(self.rng, survey_type, went_well, self.ticket_count)
            sent_at, responded_at, score = self.delay_survey(
                survey_type, sent_at, responded_at, score
            )
            surveys.add(
                sent,
                st=survey_type,
                t=sent_at,
                t2=np.where(answered, responded_at, -1),
                sc=np.where(answered, score, -1),
            )
        return surveys

    def delay_survey(self, survey_type, sent_at, responded_at, score):
        """Survey timing (own stream): ~60% of surveys go out within minutes of the
        resolution, the rest hours or days later (a batch send); a CSAT survey sent
        a day or more late scores one point lower now and then (the customer has
        moved on). The answer keeps its delay after the send."""
        draw = self.feedback_rng
        count = self.ticket_count
        mode = draw.random(count)
        extra = np.where(
            mode < 0.6,
            0,
            np.where(
                mode < 0.85,
                draw.integers(HOUR, DAY, count),
                np.where(
                    mode < 0.95,
                    draw.integers(DAY, 3 * DAY, count),
                    draw.integers(3 * DAY, 10 * DAY, count),
                ),
            ),
        )
        lower = (survey_type == 0) & (extra >= DAY) & (draw.random(count) < 0.4)
        return (
            sent_at + extra,
            responded_at + extra,
            np.where(lower, np.maximum(score - 1, 1), score),
        )

    # ------------------------------------------------------------------ self-service
    def self_service_sessions(self) -> tuple[Rows, dict]:
        """Sessions that led to a ticket (just before it), and others of the same
        customers that did not."""
        count, created_at = self.ticket_count, self.created_at
        sessions = Rows(count)
        before_ticket = (
            self.is_inbound
            & np.isin(self.channel, [C.WEB, C.CHAT])
            & ~self.is_follow_up
            & (self.random() < 0.12)
        )
        ended_at = created_at - self.uniform_int(2, 30)
        started_at = ended_at - self.lognormal_int(180, 0.8, low=20, high=HOUR)
        entry_point = np.where(
            self.is_chat,
            2 + (self.random() < 0.5),
            (self.random() < 0.5).astype(np.int64),
        )
        sessions.add(
            before_ticket,
            cust=self.customer,
            t=started_at,
            t2=ended_at,
            ep=entry_point,
            oc=1,
            tk=np.arange(count),
            cat=self.category,
        )
        other_count = int(round(count * 0.55))
        picked = self.rng.integers(0, count, other_count)
        other_started_at = np.clip(
            created_at[picked] + self.uniform_int(-HOUR, HOUR, other_count),
            self.frame.t_start,
            self.frame.t_end - 1,
        )
        outcome = np.where(self.random(other_count) < 0.55, 0, 2)
        category_weight = CAT_SHARE * (0.2 + CAT_BOT)
        other_category = np.minimum(
            np.searchsorted(
                np.cumsum(category_weight / category_weight.sum()), self.random(other_count)
            ),
            len(category_weight) - 1,
        )
        other_category = np.where(
            (outcome == 2) & (self.random(other_count) < 0.4), -1, other_category
        )
        other_sessions = {
            "cust": self.customer[picked],
            "t": other_started_at,
            "t2": other_started_at
            + self.lognormal_int(150, 0.9, low=10, high=2 * HOUR, size=other_count),
            "ep": self.rng.choice(4, size=other_count, p=[0.35, 0.30, 0.15, 0.20]),
            "oc": outcome,
            "tk": np.full(other_count, -1),
            "cat": other_category,
        }
        return sessions, other_sessions

    # ------------------------------------------------------------------ abandoned calls
    def abandoned_calls(self) -> dict:
        """Calls hung up in the queue, about 7% of inbound calls."""
        inbound_calls = np.flatnonzero(self.is_inbound & self.is_phone)
        abandoned_count = int(round(len(inbound_calls) * 0.07 / 0.93))
        if not (len(inbound_calls) and abandoned_count):
            return {
                "cust": np.zeros(0, np.int64),
                "q": np.zeros(0, np.int64),
                "ab": np.zeros(0),
            }
        like = inbound_calls[self.rng.integers(0, len(inbound_calls), abandoned_count)]
        queued_at = np.clip(
            self.created_at[like] + self.uniform_int(-1800, 1800, abandoned_count),
            self.frame.t_start,
            self.frame.t_end - 1,
        )
        hung_up_quickly = self.random(abandoned_count) < 0.35
        wait_seconds = np.where(
            hung_up_quickly,
            self.uniform_int(3, 19, abandoned_count),
            self.lognormal_int(90, 0.8, low=20, high=1800, size=abandoned_count),
        )
        return {
            "cust": np.where(self.random(abandoned_count) < 0.7, self.customer[like], -1),
            "q": queued_at,
            "ab": queued_at + wait_seconds,
        }

    # ------------------------------------------------------------------ result
    def result(self, surveys, self_service, other_self_service, abandoned_calls) -> dict:
        tickets = {
            "t0": self.created_at,
            "cust": self.customer,
            "ch": self.channel,
            "cat": self.category,
            "pri": self.priority,
            "cb": self.created_by,
            "region": self.region,
        }
        return {
            "tickets": tickets,
            "events": self.events,
            "messages": self.messages,
            "sessions": self.work_sessions,
            "calls": self.calls,
            "ab_calls": abandoned_calls,
            "surveys": surveys,
            "ss": self_service,
            "ss_other": other_self_service,
            "s1": self.first_resolved_at,
            "linked_issues": self.linked_issues,
            "frq": self.first_response_quality,
        }


def simulate_chunk(world: World, rng: np.random.Generator, t0, region, incident, feedback_rng=None):
    """Simulate one chunk of tickets; returns ticket attributes and child row collections."""
    return ChunkSimulation(world, rng, t0, region, incident, feedback_rng).run()


# ---------------------------------------------------------------- message text
# Template groups of messages.body (SPEC section 1, optional). The defaults of
# the first-response quality vars (dbt_project.yml) classify them: ACK
# acknowledgement only, LINK a help-centre link (one also acknowledges: a link
# makes it more than an acknowledgement), SUBSTANTIVE an answer (one opens with
# an acknowledgement phrase but is too long to be only that).
BODY_TEMPLATES: dict[str, list[str]] = {
    "ack": [
        "Thanks for reaching out! We're looking into it and will update you shortly.",
        "Hi, thank you for contacting us. We have received your request and will get back"
        " to you soon.",
        "Thanks for reaching out, we are looking into it.",
    ],
    "link": [
        "Hi, this article walks through it step by step:"
        " https://help.example.com/hc/en-us/articles/360001 - let us know if anything is"
        " unclear.",
        "You can change this yourself in a minute, see https://help.example.com/kb/settings"
        " (section 2).",
        "Thanks for reaching out! This guide should help:"
        " https://help.example.com/articles/getting-started",
    ],
    "substantive": [
        "Hi, I checked your account: the charge was made twice because the plan changed"
        " mid-cycle. I have refunded the duplicate; it shows on your statement within 3-5"
        " business days.",
        "Hello, I reset the two-factor settings on your login. Please sign in again and set up"
        " the authenticator from Settings > Security; the old codes no longer work.",
        "Hi, the export failed because one column holds more than 32,000 characters. I split"
        " the file and attached both parts; the next scheduled export will run normally.",
        "Our engineers confirmed the sync error and deployed a fix this morning. I re-ran your"
        " integration and the missing orders are now in your dashboard.",
        "Thanks for reaching out. I looked into it: your order left our warehouse yesterday and"
        " the carrier expects delivery on Thursday. I have waived the shipping fee for the delay"
        " and added a note to your account.",
    ],
    "follow_up": [
        "Just checking in: did the steps above solve it for you?",
        "I have updated the settings as discussed; please try once more and tell me the result.",
    ],
    "customer": [
        "Hi, I was charged twice this month, can you help?",
        "I can't log in to my account since yesterday.",
        "Where is my order? It was due last week.",
        "The API returns a 500 error when I create an invoice.",
        "Still not working, I tried again this morning.",
        "Thanks, that worked!",
    ],
    "system": [
        "We have received your request and will get back to you as soon as possible.",
    ],
    "note": [
        "Internal note: checked the logs, the error matches the known issue.",
        "Internal note: waiting on the billing team before replying.",
    ],
}
_BODY_GROUPS = list(BODY_TEMPLATES)
_BODY_OFFSET = np.cumsum([0] + [len(BODY_TEMPLATES[g]) for g in _BODY_GROUPS])[:-1]
_BODY_SIZE = np.array([len(BODY_TEMPLATES[g]) for g in _BODY_GROUPS])
BODY_TEXTS = [text for group in _BODY_GROUPS for text in BODY_TEMPLATES[group]]
_G = {name: i for i, name in enumerate(_BODY_GROUPS)}
# first-response quality code (draw_first_response_quality) -> template group
_FIRST_REPLY_GROUP = np.array([_G["substantive"], _G["ack"], _G["link"]])


def message_bodies(rng, tix, sent_at, author, public, channel, created_at, first_quality):
    """The text of each message (index into BODY_TEXTS; -1: no text, a call leg).
    Rows sorted by ticket and time. The first reply of a ticket (public, by an
    agent or bot, not before the ticket's creation) says what its ticket's
    first_quality drew; later replies mostly answer; customers, the system
    and internal notes have their own templates. Vectorised; draws from rng
    only (the message rows themselves are unchanged)."""
    n = len(tix)
    by_staff = np.isin(author, [C.AU_AGENT, C.AU_BOT])
    is_reply = public & by_staff & (sent_at >= created_at[tix])
    first = np.zeros(n, bool)
    replies = np.flatnonzero(is_reply)
    if len(replies):
        _, position = np.unique(tix[replies], return_index=True)
        first[replies[position]] = True
    kind_draw = rng.random(n)
    template_draw = rng.random(n)
    later_reply = np.where(
        author == C.AU_BOT,
        np.where(kind_draw < 0.5, _G["link"], _G["substantive"]),
        np.where(
            kind_draw < 0.1,
            _G["link"],
            np.where(kind_draw < 0.3, _G["follow_up"], _G["substantive"]),
        ),
    )
    group = np.where(
        author == C.AU_SYSTEM,
        _G["system"],
        np.where(
            ~public,
            _G["note"],
            np.where(
                first,
                _FIRST_REPLY_GROUP[np.asarray(first_quality)[tix]],
                np.where(by_staff, later_reply, _G["customer"]),
            ),
        ),
    )
    index = _BODY_OFFSET[group] + np.minimum(
        (template_draw * _BODY_SIZE[group]).astype(np.int64), _BODY_SIZE[group] - 1
    )
    return np.where(channel == C.PHONE, -1, index)


def _score(rng, stype, good, n):
    if stype == 0:
        pg = [0.03, 0.04, 0.08, 0.27, 0.58]
        pb = [0.15, 0.15, 0.20, 0.25, 0.25]
        lo = 1
    elif stype == 1:
        pg = [0.32, 0.27, 0.17, 0.10, 0.07, 0.04, 0.03]
        pb = [0.10, 0.15, 0.18, 0.18, 0.15, 0.12, 0.12]
        lo = 1
    else:
        pg = [0.02, 0.01, 0.02, 0.03, 0.03, 0.05, 0.06, 0.12, 0.16, 0.22, 0.28]
        pb = [0.08, 0.05, 0.07, 0.08, 0.08, 0.10, 0.10, 0.12, 0.12, 0.10, 0.10]
        lo = 0
    u = rng.random(n)
    a = np.minimum(np.searchsorted(np.cumsum(pg), u), len(pg) - 1)
    b = np.minimum(np.searchsorted(np.cumsum(pb), u), len(pb) - 1)
    return lo + np.where(good, a, b)
