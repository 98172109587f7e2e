"""Ticket arrivals and the vectorised ticket lifecycle (events, messages, sessions, calls, surveys).

A chunk of tickets is simulated at once: every step of the lifecycle is a numpy
operation over all tickets of the chunk that take that step (loops run over
lifecycle rounds, never over rows). Child rows are collected in ``Rows`` with
integer codes and turned into strings only when the chunk is written.
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

# actor / author kinds
K_CUSTOMER, K_AGENT, K_SYSTEM = 0, 1, 2


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


def simulate_chunk(world: World, rng: np.random.Generator, t0, region, incident):
    """Simulate one chunk of tickets; returns ticket attributes and child row collections."""
    f = world.frame
    A = world.agents
    CU = world.customers
    NEVER = f.never
    n = len(t0)
    # ------------------------------------------------------------------ ticket attributes
    staffed = A.is_staffed(t0)
    u = rng.random(n)
    cs = np.cumsum(world.mix_staffed)
    cu = np.cumsum(world.mix_unstaffed)
    ch = np.where(staffed, np.searchsorted(cs, u * cs[-1]), np.searchsorted(cu, u * cu[-1]))
    ch = np.minimum(ch, len(C.CHANNELS) - 1)
    cat = np.minimum(np.searchsorted(np.cumsum(CAT_SHARE), rng.random(n)), len(CAT_SHARE) - 1)
    inc = incident & (rng.random(n) < 0.8)
    cat = np.where(inc, INCIDENT_CAT[rng.integers(0, len(INCIDENT_CAT), n)], cat)
    pri = rng.choice(4, size=n, p=C.PRIORITY_MIX)
    hot = np.isin(cat, [C.CATEGORY_NAMES.index(c) for c in ("security_concern", "api_error")])
    pri = np.where(hot & (rng.random(n) < 0.5), np.minimum(pri + 1, 3), pri)
    cb = np.zeros(n, np.int64)
    el_a = staffed & np.isin(ch, [C.EMAIL, C.PHONE, C.SOCIAL])
    cb[el_a & (rng.random(n) < world.p_agent_out)] = C.BY_AGENT
    el_b = (cb == 0) & np.isin(ch, [C.EMAIL, C.CHAT, C.WEB, C.API])
    cb[el_b & (rng.random(n) < world.p_bot_out)] = C.BY_BOT
    cust = CU.sample(rng, region, t0)
    inbound = cb == C.BY_CUSTOMER
    aout = cb == C.BY_AGENT
    bout = cb == C.BY_BOT
    cx = CAT_CX[cat]
    bot = A.bots[rng.choice(len(A.bots), size=n, p=C.BOT_MIX)]
    is_phone = ch == C.PHONE
    is_chat = ch == C.CHAT
    msg_ch = np.where(is_phone, C.EMAIL, ch)  # channel of written follow-ups

    ev = Rows(n)  # t, et, ak (actor kind), aa (actor agent), to, frm, rs
    ms = Rows(n)  # t, ms, au (author type), aa, pub, ch
    ws = Rows(n)  # ag, t, t2
    calls = Rows(n)
    owner = np.full(n, -1, np.int64)
    tier = np.zeros(n, np.int64)

    def event(mask, t, et, ak, aa=-1, to=-1, frm=-1, rs=-1):
        ev.add(mask, t=t, et=et, ak=ak, aa=aa, to=to, frm=frm, rs=rs)

    def message(mask, t, au, aa=-1, pub=True, chan=None, milli=None):
        if milli is None:
            milli = rng.integers(0, 1000, n)
        ms.add(mask, t=t, ms=milli, au=au, aa=aa, pub=pub, ch=ch if chan is None else chan)

    def status(mask, t, to, ak, aa=-1):
        event(mask, t, C.EV_STATUS, ak, aa, to=to)

    # ------------------------------------------------------------------ opener
    ao = np.flatnonzero(aout)
    owner[ao] = A.choose(rng, np.where(rng.random(len(ao)) < 0.8, 0, 1), t0[ao])
    tier[ao] = A.tier[owner[ao]]
    opener_kind = np.where(inbound, K_CUSTOMER, K_AGENT)
    opener_agent = np.where(aout, owner, np.where(bout, bot, -1))
    status(np.ones(n, bool), t0, C.ST_NEW, opener_kind, opener_agent)
    early = inbound & np.isin(ch, [C.EMAIL, C.WEB]) & (rng.random(n) < 0.003)
    t_open_msg = np.where(early, t0 - _u(rng, 1, 90, n), t0)
    au_open = np.where(inbound, C.AU_CUSTOMER, np.where(aout, C.AU_AGENT, C.AU_BOT))
    message(
        np.ones(n, bool),
        t_open_msg,
        au_open,
        opener_agent,
        milli=np.where(early, rng.integers(0, 1000, n), 0),
    )
    ack = inbound & np.isin(ch, [C.EMAIL, C.WEB])
    message(ack, t0 + _u(rng, 2, 30, n), C.AU_SYSTEM)

    s1 = np.full(n, NEVER, np.int64)  # first resolution
    solver = np.full(n, -1, np.int64)  # actor of the first resolution (agent idx; -2 system)

    # ------------------------------------------------------------------ bot first line
    p_bot = np.array([0.15, 0.55, 0.0, 0.35, 0.20, 0.35])[ch] * CAT_BOT[cat]
    botf = inbound & (rng.random(n) < p_bot)
    tb = t0 + np.where(ch == C.EMAIL, _u(rng, 20, 90, n), _u(rng, 2, 8, n))
    message(botf, tb, C.AU_BOT, bot)
    status(botf, tb + 1, C.ST_OPEN, K_AGENT, bot)
    nb = rng.choice(4, size=n, p=[0.3, 0.35, 0.25, 0.1])
    nb = np.where(is_chat, nb, 0)  # bot conversations only on chat (one contact)
    cur = tb + 1
    for k in range(3):
        m = botf & (nb > k)
        tc = cur + _u(rng, 15, 90, n)
        tbr = tc + _u(rng, 2, 6, n)
        message(m, tc, C.AU_CUSTOMER)
        message(m, tbr, C.AU_BOT, bot)
        cur = np.where(m, tbr, cur)
    bot_end = cur
    bot_only = botf & (rng.random(n) < 0.1 + 0.45 * CAT_BOT[cat])
    t_bs = bot_end + _u(rng, 20, 120, n)
    status(bot_only, t_bs, C.ST_SOLVED, K_AGENT, bot)
    s1 = np.where(bot_only, t_bs, s1)
    solver = np.where(bot_only, bot, solver)

    # ------------------------------------------------------------------ bot outbound
    bo_done = bout & (rng.random(n) < 0.65)
    t_x = t0 + _u(rng, 1, 5, n)
    status(bo_done, t_x, C.ST_SOLVED, K_AGENT, bot)
    s1 = np.where(bo_done, t_x, s1)
    solver = np.where(bo_done, bot, solver)
    bo_wait = bout & ~bo_done
    status(bo_wait, t0 + 2, C.ST_PENDING, K_AGENT, bot)
    bo_reply = bo_wait & (rng.random(n) < 0.7)
    t_cr = t0 + 2 + _logn(rng, 6 * HOUR, 1.0, n, lo=120, hi=20 * DAY)
    message(bo_reply, t_cr, C.AU_CUSTOMER)
    status(bo_reply, t_cr + 1, C.ST_OPEN, K_CUSTOMER)
    bo_auto = bo_wait & ~bo_reply
    t_auto = t0 + 2 + 7 * DAY + _u(rng, 0, 3600, n)
    status(bo_auto, t_auto, C.ST_SOLVED, K_SYSTEM)
    s1 = np.where(bo_auto, t_auto, s1)
    solver = np.where(bo_auto, -2, solver)

    # ------------------------------------------------------------------ agent outbound
    event(aout, t0 + 1, C.EV_ASSIGN, K_AGENT, owner, to=owner)
    status(aout, t0 + 2, C.ST_OPEN, K_AGENT, owner)
    ws.add(aout, ag=owner, t=t0 + 2, t2=t0 + 2 + _logn(rng, 240, 0.5, n, lo=30, hi=3600))
    # outbound calls
    ocall = aout & is_phone
    oc_out = rng.choice(3, size=n, p=[0.2, 0.45, 0.35])
    o_ans = np.where(oc_out == 2, -1, t0 + _u(rng, 5, 25, n))
    o_talk = _logn(rng, 300, 0.6, n, lo=30, hi=3 * HOUR)
    o_end = np.where(oc_out == 2, t0 + _u(rng, 20, 45, n), o_ans + o_talk)
    o_acw = _u(rng, 10, 120, n)
    calls.add(
        ocall,
        cust=cust,
        ag=owner,
        dir=1,
        q=t0,
        a=o_ans,
        e=o_end,
        ab=-1,
        hold=np.where(rng.random(n) < 0.15, _u(rng, 10, 120, n), 0),
        acw=o_acw,
        out=oc_out,
    )
    message(ocall & (oc_out != 2), o_ans, C.AU_CUSTOMER)
    ao_after = np.where(ocall, o_end + o_acw, t0 + 2)
    ao_quick = aout & (rng.random(n) < np.where(ocall, 0.75, 0.3))
    t_x = ao_after + np.where(ocall, _u(rng, 5, 60, n), _u(rng, 30, 300, n))
    status(ao_quick, t_x, C.ST_SOLVED, K_AGENT, owner)
    s1 = np.where(ao_quick, t_x, s1)
    solver = np.where(ao_quick, owner, solver)
    ao_wait = aout & ~ao_quick
    status(ao_wait, ao_after + 3, C.ST_PENDING, K_AGENT, owner)
    ao_reply = ao_wait & (rng.random(n) < 0.7)
    t_cr2 = ao_after + 3 + _logn(rng, 8 * HOUR, 1.0, n, lo=300, hi=20 * DAY)
    message(ao_reply, t_cr2, C.AU_CUSTOMER, chan=msg_ch)
    status(ao_reply, t_cr2 + 1, C.ST_OPEN, K_CUSTOMER)
    ao_auto = ao_wait & ~ao_reply
    t_auto = ao_after + 3 + 7 * DAY + _u(rng, 0, 3600, n)
    status(ao_auto, t_auto, C.ST_SOLVED, K_SYSTEM)
    s1 = np.where(ao_auto, t_auto, s1)
    solver = np.where(ao_auto, -2, solver)

    # ------------------------------------------------------------------ human handling
    # ~1% of written inbound tickets are closed without any reply (spam, duplicates,
    # "never mind"): assigned, an internal note, solved - no first response at all
    noreply = inbound & ~botf & np.isin(ch, [C.EMAIL, C.WEB, C.SOCIAL, C.API])
    noreply &= rng.random(n) < 0.012
    hum = ((inbound & ~bot_only) | bo_reply | ao_reply) & ~noreply
    ready = np.where(botf, bot_end + _u(rng, 5, 30, n), t0 + 1)
    ready = np.where(bo_reply, t_cr + 2, ready)
    ready = np.where(ao_reply, t_cr2 + 2, ready)
    need_assign = hum & ~aout
    handle_mult = np.ones(n)
    pri_f = np.array([1.5, 1.0, 0.7, 0.4])[pri]

    def reply_delay(chan, kk):
        med = np.array([3000, 45, 3000, 2400, 1200, 3600])[chan] * pri_f
        d = _logn(rng, 1.0, 1.0, n, lo=0) * 0 + (med * np.exp(rng.standard_normal(n))).astype(
            np.int64
        )
        d = np.maximum(d, 60)
        chat_d = _u(rng, 10, 90, n)
        return np.where(chan == C.CHAT, chat_d, d)

    def assign(mask, t, new_owner, ak, aa):
        event(mask, t, C.EV_ASSIGN, ak, aa, to=new_owner, frm=owner)

    # initial routing
    ia = np.flatnonzero(need_assign)
    t_route = np.where(is_phone, t0, A.next_staffed(ready))
    t_route = np.where(need_assign, t_route, 0)
    new = np.full(n, -1, np.int64)
    new[ia] = A.choose(rng, 0, t_route[ia])
    nx, nx_end = np.full(n, NEVER), np.full(n, NEVER)
    nx[ia], nx_end[ia] = A.next_shift(new[ia], t_route[ia])
    asa = _logn(rng, 12, 1.0, n, lo=1, hi=900)
    route_d = np.where(is_chat, _u(rng, 3, 40, n), _logn(rng, 480, 1.0, n, lo=20, hi=4 * HOUR))
    t_as = np.where(is_phone, np.maximum(nx, t0) + asa, nx + route_d)
    ak = np.where(botf, K_AGENT, np.where(rng.random(n) < 0.7, K_SYSTEM, K_AGENT))
    aa = np.where(botf, bot, new)
    assign(need_assign, t_as, new, ak, aa)
    owner = np.where(need_assign, new, owner)
    tier = np.where(need_assign, A.tier[np.maximum(owner, 0)], tier)
    st_new = inbound & ~botf
    status(st_new & hum, t_as + 1, C.ST_OPEN, K_AGENT, owner)
    # priority / category corrections by the first agent
    # (right after the assignment, before any reply)
    t_first = np.where(need_assign, t_as, ready)
    pc = hum & (rng.random(n) < 0.04)
    new_pri = (pri + rng.integers(1, 4, n)) % 4
    event(pc, t_first + _u(rng, 3, 6, n), C.EV_PRIORITY, K_AGENT, owner, to=new_pri, frm=pri)
    cc = hum & inbound & (rng.random(n) < 0.04)
    new_cat = np.minimum(np.searchsorted(np.cumsum(CAT_SHARE), rng.random(n)), len(CAT_SHARE) - 1)
    new_cat = np.where(new_cat == cat, (cat + 1) % len(CAT_SHARE), new_cat)
    t_cc = t_first + _u(rng, 7, 9, n)
    cc_owner = owner.copy()

    # inbound phone: the call of round 0
    pcall = need_assign & is_phone & inbound
    talk = _logn(rng, 420, 0.6, n, lo=30, hi=3 * HOUR)
    hold = np.where(rng.random(n) < 0.35, _logn(rng, 60, 0.8, n, lo=5, hi=1800), 0)
    acw = _u(rng, 20, 240, n)
    c_end = t_as + talk + hold
    calls.add(
        pcall, cust=cust, ag=owner, dir=0, q=t0, a=t_as, e=c_end, ab=-1, hold=hold, acw=acw, out=-1
    )
    message(pcall, t_as, C.AU_AGENT, owner)

    # closed without a reply
    if noreply.any():
        ni = np.flatnonzero(noreply)
        t_nr = A.next_staffed(t0[ni] + 1)
        g = A.choose(rng, 0, t_nr)
        nxt_nr, _ = A.next_shift(g, t_nr)
        nw = np.full(n, -1, np.int64)
        nw[ni] = g
        ta = np.full(n, NEVER, np.int64)
        ta[ni] = A.skip_blocks(g, nxt_nr + _logn(rng, 480, 1.0, len(ni), lo=20, hi=4 * HOUR), 660)
        assign(noreply, ta, nw, K_SYSTEM, -1)
        owner = np.where(noreply, nw, owner)
        status(noreply, ta + 1, C.ST_OPEN, K_AGENT, owner)
        t_note = ta + _u(rng, 30, 600, n)
        message(noreply, t_note, C.AU_AGENT, owner, pub=False)
        t_sv = t_note + _u(rng, 5, 60, n)
        status(noreply, t_sv, C.ST_SOLVED, K_AGENT, owner)
        ws.add(noreply, ag=owner, t=ta + 2, t2=t_note + 2)
        s1 = np.where(noreply, t_sv, s1)
        solver = np.where(noreply, owner, solver)

    # rounds
    probs = np.array(
        [
            [0.74, 0.17, 0.06, 0.02, 0.01],
            [0.60, 0.22, 0.10, 0.05, 0.03],
            [0.45, 0.27, 0.14, 0.09, 0.05],
        ]
    )
    cpr = np.cumsum(probs, axis=1)[cx]
    R = 1 + (rng.random(n)[:, None] > cpr).sum(1)
    R = np.minimum(R, 5)
    R = np.where(bo_reply | ao_reply, np.minimum(R, 2), R)
    esc = hum & inbound & (rng.random(n) < np.array([0.05, 0.12, 0.22])[cx])
    reas = hum & ~esc & (rng.random(n) < 0.07)
    hold_t = hum & (rng.random(n) < 0.05)
    R = np.where(esc | reas | hold_t, np.maximum(R, 2), R)
    esc_round = (rng.random(n) * (R - 1)).astype(np.int64)
    esc_to = np.where(rng.random(n) < 0.85, 1, 2)
    reason_p = np.array([[0.55, 0.25, 0.20], [0.45, 0.25, 0.30], [0.30, 0.25, 0.45]])[cx]
    esc_reason = (rng.random(n)[:, None] > np.cumsum(reason_p, 1)).sum(1)
    esc_reason = np.minimum(esc_reason, 2)
    esc2 = esc & (esc_to == 1) & (R >= 3) & (cx == 2) & (rng.random(n) < 0.3)
    esc2_round = esc_round + 1 + (rng.random(n) * np.maximum(R - 2 - esc_round, 1)).astype(np.int64)
    esc2 &= esc2_round <= R - 2
    reas_round = (rng.random(n) * (R - 1)).astype(np.int64)
    hold_round = (rng.random(n) * (R - 1)).astype(np.int64)
    hold_t &= ~(esc & (hold_round == esc_round)) & ~(reas & (hold_round == reas_round))
    hold_t &= ~(esc2 & (hold_round == esc2_round))
    note = hum & (rng.random(n) < 0.18)
    note_round = (rng.random(n) * R).astype(np.int64)
    turns = rng.choice(7, size=n, p=[0.1, 0.2, 0.25, 0.2, 0.12, 0.08, 0.05])
    p_pending = np.where(is_chat, 0.3, 0.55)
    stuck = hum & (rng.random(n) < 0.025)
    stuck_auto = rng.random(n) < 0.55

    cur_ready = np.where(aout, ready, t_as + 2)

    def agent_reply(mask, t_ready, chan, work):
        """Reply time of the owner (reassigning when the owner is away for days).

        The ``work`` seconds before the reply (its work session) fall in the owner's
        working time: after the owner is logged in and clear of breaks and meetings.
        """
        nonlocal owner
        idx = np.flatnonzero(mask)
        rep = np.full(n, NEVER, np.int64)
        if len(idx) == 0:
            return rep
        g = owner[idx]
        tr = t_ready[idx]
        nxt, nend = A.next_shift(g, tr)
        away = (nxt - tr > 2 * DAY) & (tr < f.t_end)
        if away.any():
            ai = idx[away]
            t_rr = A.next_staffed(t_ready[ai], "all")
            g2 = A.choose(rng, tier[ai], t_rr)
            m = np.zeros(n, bool)
            m[ai] = True
            tt = np.zeros(n, np.int64)
            tt[ai] = t_rr + 1
            nw = np.full(n, -1, np.int64)
            nw[ai] = g2
            assign(m, tt, nw, K_SYSTEM, -1)
            owner = np.where(m, nw, owner)
            g = owner[idx]
            nxt, nend = A.next_shift(g, tr)
        d = reply_delay(chan, 0)[idx]
        r = nxt + d
        over = (r > nend + 900) & (nend < NEVER)
        if over.any():
            n2, _ = A.next_shift(g[over], nend[over] + 1)
            r[over] = n2 + _u(rng, 120, 1200, int(over.sum()))
            nxt[over] = n2
        w = work[idx]
        start = A.skip_blocks(g, np.maximum(r - w, nxt), w)
        rep[idx] = np.where(nxt < NEVER, np.maximum(r, start + w), r)
        return rep

    handle_med = np.array([240, 480, 900])[cx]
    for k in range(5):
        act = hum & (k < R)
        if not act.any():
            break
        first_call = pcall if k == 0 else np.zeros(n, bool)
        chat_round = act & is_chat & (k == 0)
        handle = (handle_med * handle_mult * np.exp(0.6 * rng.standard_normal(n))).astype(np.int64)
        handle = np.clip(handle, 30, 5400)
        rep = agent_reply(
            act & ~first_call, cur_ready, msg_ch if k > 0 else ch, np.where(chat_round, 0, handle)
        )
        rep = np.where(first_call, t_as, rep)
        message(act & ~first_call, rep, C.AU_AGENT, owner, chan=msg_ch if k > 0 else ch)
        # internal note between the ready time and the reply
        nt = cur_ready + ((rep - cur_ready) * rng.uniform(0.3, 0.9, n)).astype(np.int64)
        nm = act & note & (note_round == k) & ~first_call
        message(nm, nt, C.AU_AGENT, owner, pub=False, chan=msg_ch)
        # chat conversation turns
        end_k = rep.copy()
        for tt in range(6):
            m = chat_round & (turns > tt)
            tc = end_k + _u(rng, 15, 180, n)
            ta = tc + _u(rng, 10, 90, n)
            message(m, tc, C.AU_CUSTOMER)
            message(m, ta, C.AU_AGENT, owner)
            end_k = np.where(m, ta, end_k)
        end_k = np.where(first_call, c_end + acw, end_k)
        # work sessions (phone round 0 is handled on the call)
        w_start = np.where(chat_round, rep - _u(rng, 10, 40, n), rep - handle)
        w_start = np.maximum(w_start, cur_ready)
        w_end = np.where(chat_round, end_k + _u(rng, 20, 120, n), rep + _u(rng, 5, 60, n))
        ws.add(act & ~first_call & (rep < NEVER), ag=owner, t=w_start, t2=w_end)
        # what happens next
        more = act & (R > k + 1)
        e1 = more & esc & (esc_round == k)
        e2 = more & esc2 & (esc2_round == k)
        ee = e1 | e2
        t_e = end_k + _u(rng, 60, 600, n)
        to_tier = np.where(e2, 2, esc_to)
        event(ee, t_e, C.EV_ESCALATE, K_AGENT, owner, to=to_tier, frm=tier, rs=esc_reason)
        rr = more & reas & (reas_round == k)
        t_r = np.where(ee, t_e + _u(rng, 60, 1800, n), end_k + _u(rng, 1800, DAY, n))
        ch_owner = ee | rr
        tpk = np.zeros(n, np.int64)
        if ch_owner.any():
            ci = np.flatnonzero(ch_owner)
            new_tier = np.where(ee, to_tier, tier)
            t_pick = A.next_staffed(t_r[ci], "all")
            g2 = A.choose(rng, new_tier[ci], t_pick)
            g2 = np.where(g2 == owner[ci], A.choose(rng, new_tier[ci], t_pick), g2)
            nw = np.full(n, -1, np.int64)
            nw[ci] = g2
            tpk[ci] = np.maximum(t_pick, t_r[ci])
            assign(ch_owner, tpk, nw, np.where(rng.random(n) < 0.6, K_SYSTEM, K_AGENT), owner)
            owner = np.where(ch_owner, nw, owner)
            tier = np.where(ch_owner, new_tier, tier)
            handle_mult = np.where(ee, 1.8, handle_mult)
        hh = more & hold_t & (hold_round == k) & ~ch_owner
        t_h = end_k + _u(rng, 5, 60, n)
        t_h2 = t_h + _u(rng, DAY, 4 * DAY, n)
        status(hh, t_h, C.ST_HOLD, K_AGENT, owner)
        status(hh, t_h2, C.ST_OPEN, K_AGENT, owner)
        cf = more & ~ch_owner & ~hh
        pend = cf & (rng.random(n) < p_pending)
        t_p = end_k + _u(rng, 3, 30, n)
        status(pend, t_p, C.ST_PENDING, K_AGENT, owner)
        later = _logn(rng, 6 * HOUR, 1.2, n, lo=600, hi=12 * DAY)
        inside = rng.random(n) < 0.3
        chat_gap = np.where(inside, _u(rng, 8 * 60, 28 * 60, n), np.maximum(later, 35 * 60))
        gap = np.where(is_chat, chat_gap, later)
        t_c = np.maximum(end_k, t_p) + gap
        message(cf, t_c, C.AU_CUSTOMER, chan=msg_ch)
        status(pend, t_c + 1, C.ST_OPEN, K_CUSTOMER)
        nxt_ready = np.where(ch_owner, tpk + 2, np.where(hh, t_h2 + 2, t_c + 2))
        cur_ready = np.where(more, nxt_ready, cur_ready)
        # finishing
        fin = act & (R == k + 1)
        st = fin & stuck
        t_p = end_k + _u(rng, 3, 30, n)
        status(st, t_p, C.ST_PENDING, K_AGENT, owner)
        auto = st & stuck_auto
        t_a = t_p + 7 * DAY + _u(rng, 0, 3600, n)
        status(auto, t_a, C.ST_SOLVED, K_SYSTEM)
        ok = fin & ~stuck
        t_s = end_k + np.where(is_chat, _u(rng, 30, 180, n), _u(rng, 5, 240, n))
        status(ok, t_s, C.ST_SOLVED, K_AGENT, owner)
        s1 = np.where(auto, t_a, np.where(ok, t_s, s1))
        solver = np.where(auto, -2, np.where(ok, owner, solver))

    # ------------------------------------------------------------------ after the resolution
    res = s1 < NEVER
    reo = res & (rng.random(n) < np.where(inbound, 0.085, 0.03))
    within = rng.random(n) < 0.6
    t_reo = s1 + np.where(
        within, _u(rng, 2 * HOUR, int(6.5 * DAY), n), _u(rng, 8 * DAY, 25 * DAY, n)
    )
    t_close = s1 + _u(rng, int(3.2 * DAY), int(5.5 * DAY), n)
    close_first = res & (~reo | (t_close < t_reo))
    status(close_first, t_close, C.ST_CLOSED, K_SYSTEM)
    message(reo, t_reo, C.AU_CUSTOMER, chan=msg_ch)
    status(reo, t_reo + 1, C.ST_OPEN, K_CUSTOMER)
    no_owner = reo & (owner < 0)
    if no_owner.any():
        ni = np.flatnonzero(no_owner)
        t_pick = A.next_staffed(t_reo[ni] + 2)
        nw = np.full(n, -1, np.int64)
        nw[ni] = A.choose(rng, 0, t_pick)
        tpk = np.zeros(n, np.int64)
        tpk[ni] = t_pick + 1
        assign(no_owner, tpk, nw, K_SYSTEM, -1)
        owner = np.where(no_owner, nw, owner)
        rdy = np.where(no_owner, tpk + 1, t_reo + 2)
    else:
        rdy = t_reo + 2
    handle = np.clip((handle_med * np.exp(0.6 * rng.standard_normal(n))).astype(np.int64), 30, 5400)
    rep = agent_reply(reo, rdy, msg_ch, handle)
    message(reo, rep, C.AU_AGENT, owner, chan=msg_ch)
    ws.add(
        reo & (rep < NEVER), ag=owner, t=np.maximum(rep - handle, rdy), t2=rep + _u(rng, 5, 60, n)
    )
    t_s2 = rep + _u(rng, 5, 240, n)
    status(reo & (rep < NEVER), t_s2, C.ST_SOLVED, K_AGENT, owner)
    status(reo & (rep < NEVER), t_s2 + _u(rng, int(3.2 * DAY), int(5.5 * DAY), n), C.ST_CLOSED, 2)

    # ------------------------------------------------------------------ follow-up tickets
    # ~6% of resolved inbound tickets: the same customer writes again about the same
    # category within 7 days (a later ticket of the chunk is turned into that follow-up)
    cur_cat = np.where(cc, new_cat, cat)
    parent = inbound & res & (rng.random(n) < 0.065)
    pi = np.flatnonzero(parent)
    target = s1[pi] + 1 + (7 * DAY * rng.random(len(pi)) ** 1.6).astype(np.int64)
    j = np.searchsorted(t0, target, side="left")
    okj = j < n
    pi, j = pi[okj], j[okj]
    okj = (t0[j] > s1[pi]) & (t0[j] <= s1[pi] + 7 * DAY) & inbound[j] & ~parent[j]
    pi, j = pi[okj], j[okj]
    okj = CU.active(cust[pi], t0[j])
    pi, j = pi[okj], j[okj]
    j, first = np.unique(j, return_index=True)
    pi = pi[first]
    is_child = np.zeros(n, bool)
    is_child[j] = True
    cust[j] = cust[pi]
    cat[j] = cur_cat[pi]
    region[j] = region[pi]
    cc &= ~is_child
    event(cc, t_cc, C.EV_CATEGORY, K_AGENT, cc_owner, to=new_cat, frm=cat)

    # ------------------------------------------------------------------ surveys
    sv = Rows(n)
    surveyed = inbound & res & ~noreply
    good = ~(reo | esc | (R >= 3) | stuck)
    for stype, p in ((0, 0.85), (1, 0.25), (2, 0.10)):
        m = surveyed & (rng.random(n) < p)
        sent = s1 + _u(rng, 60, 900, n)
        answered = rng.random(n) < 0.30
        resp = sent + _logn(rng, 2 * HOUR, 1.5, n, lo=30, hi=7 * DAY)
        score = _score(rng, stype, good, n)
        sv.add(
            m, st=stype, t=sent, t2=np.where(answered, resp, -1), sc=np.where(answered, score, -1)
        )

    # ------------------------------------------------------------------ self-service
    ss = Rows(n)
    sse = inbound & np.isin(ch, [C.WEB, C.CHAT]) & ~is_child & (rng.random(n) < 0.12)
    s_end = t0 - _u(rng, 2, 30, n)
    s_start = s_end - _logn(rng, 180, 0.8, n, lo=20, hi=HOUR)
    entry = np.where(is_chat, 2 + (rng.random(n) < 0.5), (rng.random(n) < 0.5).astype(np.int64))
    ss.add(sse, cust=cust, t=s_start, t2=s_end, ep=entry, oc=1, tk=np.arange(n), cat=cat)
    m_other = int(round(n * 0.55))
    pick = rng.integers(0, n, m_other)
    st_t = np.clip(t0[pick] + _u(rng, -HOUR, HOUR, m_other), f.t_start, f.t_end - 1)
    oc = np.where(rng.random(m_other) < 0.55, 0, 2)
    bw = CAT_SHARE * (0.2 + CAT_BOT)
    ocat = np.minimum(np.searchsorted(np.cumsum(bw / bw.sum()), rng.random(m_other)), len(bw) - 1)
    ocat = np.where((oc == 2) & (rng.random(m_other) < 0.4), -1, ocat)
    other_ss = {
        "cust": cust[pick],
        "t": st_t,
        "t2": st_t + _logn(rng, 150, 0.9, m_other, lo=10, hi=2 * HOUR),
        "ep": rng.choice(4, size=m_other, p=[0.35, 0.30, 0.15, 0.20]),
        "oc": oc,
        "tk": np.full(m_other, -1),
        "cat": ocat,
    }

    # ------------------------------------------------------------------ abandoned calls
    ph = np.flatnonzero(inbound & is_phone)
    n_ab = int(round(len(ph) * 0.07 / 0.93))
    if len(ph) and n_ab:
        src = ph[rng.integers(0, len(ph), n_ab)]
        q = np.clip(t0[src] + _u(rng, -1800, 1800, n_ab), f.t_start, f.t_end - 1)
        quick = rng.random(n_ab) < 0.35
        wait = np.where(quick, _u(rng, 3, 19, n_ab), _logn(rng, 90, 0.8, n_ab, lo=20, hi=1800))
        ab_calls = {
            "cust": np.where(rng.random(n_ab) < 0.7, cust[src], -1),
            "q": q,
            "ab": q + wait,
        }
    else:
        ab_calls = {"cust": np.zeros(0, np.int64), "q": np.zeros(0, np.int64), "ab": np.zeros(0)}

    tickets = {
        "t0": t0,
        "cust": cust,
        "ch": ch,
        "cat": cat,
        "pri": pri,
        "cb": cb,
        "region": region,
    }
    return {
        "tickets": tickets,
        "events": ev,
        "messages": ms,
        "sessions": ws,
        "calls": calls,
        "ab_calls": ab_calls,
        "surveys": sv,
        "ss": ss,
        "ss_other": other_ss,
        "s1": s1,
    }


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
