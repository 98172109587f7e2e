"""The time frame, the agents (with their shift calendar) and the customers.

Times are int64 epoch seconds (UTC) throughout the generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from . import config as C

DAY = 86400
HOUR = 3600


@dataclass
class Frame:
    """The generated period: [t_start, t_end)."""

    start_date: dt.date
    days: int
    t_start: int
    t_end: int
    never: int  # a time after everything: "does not happen inside the data"
    day0: int  # epoch of shift-calendar day index 0 (= start date - 1 day)
    n_cal_days: int  # shift calendar length (covers the period plus 20 days)

    @classmethod
    def make(cls, start: dt.date, days: int) -> Frame:
        t_start = int(
            dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp()
        )
        t_end = t_start + days * DAY
        return cls(
            start_date=start,
            days=days,
            t_start=t_start,
            t_end=t_end,
            never=t_end + 100 * 365 * DAY,
            day0=t_start - DAY,
            n_cal_days=days + 22,
        )

    def cal_date(self, j: int) -> dt.date:
        return self.start_date + dt.timedelta(days=j - 1)


def utc_offset_seconds(tz: str, date: dt.date, hour: int = 12) -> int:
    z = ZoneInfo(tz)
    return int(
        dt.datetime(date.year, date.month, date.day, hour, tzinfo=z).utcoffset().total_seconds()
    )


def _lognormal(rng, median, sigma, size):
    return median * np.exp(sigma * rng.standard_normal(size))


# monthly recurring revenue (customers.mrr, reporting currency): the plan's
# monthly list price (C.PLANS order: free, starter, pro, business, enterprise)
# times the seats a customer of the segment typically buys (C.SEGMENTS order)
PLAN_MONTHLY_PRICE = [0.0, 15.0, 49.0, 99.0, 149.0]
SEGMENT_SEATS = [2.0, 10.0, 30.0]


class Agents:
    """Human agents (indices 0..n_human-1) followed by the bots."""

    def __init__(self, frame: Frame, rng: np.random.Generator, tickets: int):
        self.frame = frame
        per_day = tickets / max(frame.days, 1)
        nh = max(8, int(round(per_day / 15.0)))
        self.n_human = nh
        self.n_bots = len(C.BOT_NAMES)
        n = nh + self.n_bots
        self.n = n
        self.id_width = max(4, len(str(n)))

        # tiers: 60/30/10, at least one of each
        n3 = max(1, int(round(nh * 0.10)))
        n2 = max(1, int(round(nh * 0.30)))
        n1 = nh - n2 - n3
        tier = np.concatenate([np.zeros(n1, int), np.ones(n2, int), np.full(n3, 2)])
        rng.shuffle(tier)
        # teams: largest remainder per tier so every team gets people
        team = np.zeros(nh, int)
        shares = np.array([t[3] for t in C.TEAMS])
        for k in range(3):
            idx = np.flatnonzero(tier == k)
            want = shares * len(idx)
            cnt = np.floor(want).astype(int)
            for j in np.argsort(-(want - cnt))[: len(idx) - cnt.sum()]:
                cnt[j] += 1
            team[idx] = np.repeat(np.arange(3), cnt)
        # hire bands: veteran (> 1 year before start), mid (100-360 d), new (hired in period)
        band = rng.choice(3, size=nh, p=[0.55, 0.25, 0.20])
        for b in range(3):  # every band present
            if not (band == b).any():
                band[np.flatnonzero(band == np.bincount(band, minlength=3).argmax())[0]] = b
        t0 = frame.t_start
        hired = np.empty(nh, np.int64)
        nb = band == 0
        hired[nb] = t0 - (400 * DAY + rng.random(nb.sum()) * 5 * 365 * DAY).astype(np.int64)
        nb = band == 1
        hired[nb] = t0 - (100 * DAY + rng.random(nb.sum()) * 260 * DAY).astype(np.int64)
        nb = band == 2
        hired[nb] = t0 + (rng.random(nb.sum()) * 0.7 * frame.days * DAY).astype(np.int64)
        hired = (hired // DAY) * DAY + 13 * HOUR  # hired on a day, stamped at 13:00 UTC
        # terminations inside the period (not the new hires): ~10%, at least one
        term = np.full(nh, -1, np.int64)
        cand = np.flatnonzero(band != 2)
        k = max(1, int(round(0.10 * nh)))
        pick = rng.choice(cand, size=min(k, len(cand)), replace=False)
        lo, hi = 10, max(11, frame.days - 5)
        term[pick] = t0 + rng.integers(lo, hi, size=len(pick)) * DAY + 22 * HOUR
        cost = np.array([C.TIER_HOURLY[t] for t in tier]) * np.array(
            [C.TEAM_COST_FACTOR[C.TEAMS[t][0]] for t in team]
        )
        cost = np.round(cost * rng.uniform(0.9, 1.1, nh), 2)
        fn = rng.integers(0, len(C.FIRST_NAMES), nh)
        ln = rng.integers(0, len(C.LAST_NAMES), nh)
        names = [f"{C.FIRST_NAMES[a]} {C.LAST_NAMES[b]}" for a, b in zip(fn, ln, strict=True)]

        self.tier = np.concatenate([tier, np.zeros(self.n_bots, int)])
        self.team_name = [C.TEAMS[t][0] for t in team] + ["Automation"] * self.n_bots
        self.team = np.concatenate([team, np.full(self.n_bots, 3)])
        self.is_bot = np.concatenate([np.zeros(nh, bool), np.ones(self.n_bots, bool)])
        bot_hired = t0 - np.array([500, 300, 120][: self.n_bots]) * DAY + 15 * HOUR
        self.hired = np.concatenate([hired, bot_hired]).astype(np.int64)
        self.terminated = np.concatenate([term, np.full(self.n_bots, -1, np.int64)])
        self.hourly_cost = np.concatenate([cost, np.full(self.n_bots, 1.5)])
        self.names = names + list(C.BOT_NAMES)
        self.bots = np.arange(nh, n)
        self.pools = [np.flatnonzero((self.tier == k) & ~self.is_bot) for k in range(3)]
        self._build_shifts(rng)
        self._build_hour_pools()
        self._build_coverage()

    # ------------------------------------------------------------ shift calendar
    def _build_shifts(self, rng):
        f = self.frame
        nh, J = self.n_human, f.n_cal_days
        team = self.team[:nh]
        dates = [f.cal_date(j) for j in range(J)]
        weekday = np.array([d.weekday() for d in dates])
        # per team: UTC epoch of local midnight of each calendar date, and holidays
        local_mid = np.empty((3, J), np.int64)
        holiday = np.zeros((3, J), bool)
        for k, (_, tz, sched, _, _) in enumerate(C.TEAMS):
            years = {d.year for d in dates}
            hol = {h for y in years for h, _ in C.holidays_for(sched, y)}
            for j, d in enumerate(dates):
                epoch = int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())
                local_mid[k, j] = epoch - utc_offset_seconds(tz, d)
                holiday[k, j] = d in hol
        start_hour = np.array(
            [C.TEAMS[t][4][i] for t, i in zip(team, rng.integers(0, 4, nh), strict=True)]
        )
        start_hour = start_hour + np.where(rng.random(nh) < 0.2, 0.5, 0.0)
        weekend_crew = rng.random(nh) < 0.15
        long_lunch = rng.random(nh) < 0.2
        brk_len = np.where(long_lunch, 3600, 1800).astype(np.int64)
        shift_len = 8 * HOUR + brk_len

        wd = weekday[None, :]
        works = np.where(weekend_crew[:, None], wd >= 2, wd <= 4)
        works &= ~holiday[team]
        works &= rng.random((nh, J)) >= 0.04  # PTO / sick days
        start = local_mid[team] + (start_hour * HOUR).astype(np.int64)[:, None]
        end = start + shift_len[:, None]
        works &= start >= self.hired[:nh, None]
        term = self.terminated[:nh, None]
        works &= (term < 0) | (end <= term)

        brk = start + 4 * HOUR + rng.choice([-1800, 0, 0, 1800], size=(nh, J))
        u = rng.random((nh, J))
        x_kind = np.where(u < 0.12, 1, np.where(u < 0.17, 2, 0))  # 1 meeting, 2 training
        x_len = np.where(
            x_kind == 1,
            rng.choice([1800, 3600], size=(nh, J)),
            rng.choice([3600, 5400, 7200], size=(nh, J)),
        )
        x_len = np.where(x_kind == 0, 0, x_len)
        before = rng.random((nh, J)) < 0.5
        x_start = np.where(before, start + rng.choice([3600, 5400], size=(nh, J)), 0)
        after_start = brk + brk_len[:, None] + 3600
        x_start = np.where(before, x_start, after_start)
        fits_before = x_start + x_len <= brk - 1800
        fits_after = x_start + x_len <= end - 1800
        x_kind = np.where(before & ~fits_before, 0, x_kind)
        x_kind = np.where(~before & ~fits_after, 0, x_kind)
        x_len = np.where(x_kind == 0, 0, x_len)

        none = np.int64(-1)
        self.sh_start = np.where(works, start, none)
        self.sh_end = np.where(works, end, none)
        self.sh_brk = brk
        self.sh_brk_len = np.broadcast_to(brk_len[:, None], (nh, J))
        self.sh_x_kind = np.where(works, x_kind, 0)
        self.sh_x_start = x_start
        self.sh_x_len = x_len
        # per team: the agent day j runs from 03:00 local of date j to 03:00 local of date j+1
        self.day_anchor = local_mid + 3 * HOUR
        self._build_actual_days(rng, works, start, end)

    def _build_actual_days(self, rng, works, start, end):
        """The day as it happens: log-in, block edges and log-out a few minutes off the plan.

        Routing and replies use these windows, and agent_status_log follows them, so
        the agent's work falls into the time the agent is logged in.
        """
        nh, J = works.shape
        u = rng.random((nh, J))
        late = np.where(
            u < 0.75,
            rng.integers(-240, 180, (nh, J)),
            np.where(u < 0.95, rng.integers(180, 600, (nh, J)), rng.integers(600, 2400, (nh, J))),
        )
        jit = np.clip(rng.normal(0, 120, (4, nh, J)), -300, 300).astype(np.int64)
        brk_a = self.sh_brk + jit[0]
        brk_b = self.sh_brk + self.sh_brk_len + jit[1]
        has_x = self.sh_x_kind > 0
        x_a = np.where(has_x, self.sh_x_start + jit[2], 0)
        x_b = np.where(has_x, self.sh_x_start + self.sh_x_len + jit[3], 0)
        # log-out: a few minutes early or late, now and then 15-60 minutes early
        early = rng.random((nh, J)) < 0.04
        out = end + np.where(
            early, -rng.integers(900, 3600, (nh, J)), rng.integers(-300, 600, (nh, J))
        )
        out = np.maximum(out, np.maximum(brk_b, x_b) + 900)
        login = np.maximum(start + late, self.hired[:nh, None])
        term = self.terminated[:nh, None]
        out = np.where(term >= 0, np.minimum(out, term), out)
        none = np.int64(-1)
        self.login = np.where(works, login, none)
        self.logout = np.where(works, out, none)
        self.brk_a, self.brk_b = brk_a, brk_b
        self.x_a, self.x_b = x_a, x_b

    def _build_hour_pools(self):
        """CSR index: per (tier, calendar hour) the agents logged in during that hour."""
        f = self.frame
        g, j = np.nonzero(self.login >= 0)
        s = self.login[g, j] - f.day0
        e = self.logout[g, j] - f.day0
        h0 = s // HOUR
        h1 = (e - 1) // HOUR
        cnt = (h1 - h0 + 1).astype(np.int64)
        rep_g = np.repeat(g, cnt)
        start = np.repeat(np.cumsum(cnt) - cnt, cnt)
        hours = np.repeat(h0, cnt) + (np.arange(cnt.sum()) - start)
        self.n_hours = f.n_cal_days * 24
        key = self.tier[rep_g] * self.n_hours + hours
        o = np.argsort(key, kind="stable")
        self.hp_agents = rep_g[o]
        self.hp_offsets = np.searchsorted(key[o], np.arange(3 * self.n_hours + 1))

    def _build_coverage(self):
        """Merged intervals during which at least one human (L1) agent is logged in."""
        self.coverage = {}
        for key, pool in (("all", np.arange(self.n_human)), ("L1", self.pools[0])):
            s = self.login[pool].ravel()
            e = self.logout[pool].ravel()
            ok = s >= 0
            s, e = s[ok], e[ok]
            o = np.argsort(s, kind="stable")
            s, e = s[o], e[o]
            if len(s) == 0:
                self.coverage[key] = (np.array([0], np.int64), np.array([0], np.int64))
                continue
            cm = np.maximum.accumulate(e)
            new = np.ones(len(s), bool)
            new[1:] = s[1:] > cm[:-1]
            gid = np.cumsum(new) - 1
            starts = s[new]
            ends = np.zeros(len(starts), np.int64)
            np.maximum.at(ends, gid, e)
            self.coverage[key] = (starts, ends)

    def is_staffed(self, t, key="L1"):
        s, e = self.coverage[key]
        i = np.searchsorted(s, t, side="right") - 1
        ok = i >= 0
        return ok & (t < e[np.maximum(i, 0)])

    def next_staffed(self, t, key="L1"):
        s, e = self.coverage[key]
        i = np.searchsorted(s, t, side="right") - 1
        inside = (i >= 0) & (t < e[np.maximum(i, 0)])
        nxt = np.searchsorted(s, t, side="left")
        later = np.where(nxt < len(s), s[np.minimum(nxt, len(s) - 1)], self.frame.never)
        return np.where(inside, t, later)

    # ------------------------------------------------------------ lookups
    def _day(self, t):
        return (np.asarray(t) - self.frame.day0) // DAY

    def on_shift(self, g, t, working=False):
        """Whether human agents g are logged in at t (``working``: and not in a break,
        meeting or training block)."""
        j = self._day(t)
        J = self.frame.n_cal_days
        ok = np.zeros(len(t), bool)
        for off in (0, -1):
            jj = np.clip(j + off, 0, J - 1)
            s = self.login[g, jj]
            e = self.logout[g, jj]
            hit = (s >= 0) & (s <= t) & (t < e) & (j + off >= 0) & (j + off < J)
            if working:
                hit &= ~((self.brk_a[g, jj] <= t) & (t < self.brk_b[g, jj]))
                hit &= ~((self.x_a[g, jj] <= t) & (t < self.x_b[g, jj]))
            ok |= hit
        return ok

    def agent_day(self, g, t):
        """Calendar day index j of the agent day (03:00 local to 03:00 local) holding t,
        for human agents g."""
        team = self.team[g]
        j = np.zeros(len(t), np.int64)
        for k in range(len(self.day_anchor)):
            m = team == k
            j[m] = np.searchsorted(self.day_anchor[k], t[m], side="right") - 1
        return np.clip(j, 0, self.frame.n_cal_days - 2)

    def employed(self, g, t):
        term = self.terminated[g]
        return (self.hired[g] <= t) & ((term < 0) | (t < term))

    def next_shift(self, g, t):
        """For human agents g: (first time >= t when g is logged in and not in a break,
        meeting or training block, log-out time of that day)."""
        f = self.frame
        n = len(t)
        j = self._day(t)
        out = np.full(n, f.never, np.int64)
        out_end = np.full(n, f.never, np.int64)
        todo = np.ones(n, bool)
        J = f.n_cal_days
        for off in range(-1, 16):
            idx = np.flatnonzero(todo & (j + off >= 0) & (j + off < J))
            if len(idx) == 0:
                continue
            jj = j[idx] + off
            s = self.login[g[idx], jj]
            e = self.logout[g[idx], jj]
            hit = (s >= 0) & (e > t[idx])
            h = idx[hit]
            gh, jh = g[h], jj[hit]
            x = np.maximum(s[hit], t[h])
            for a, b in ((self.brk_a, self.brk_b), (self.x_a, self.x_b)):
                x = np.where((a[gh, jh] <= x) & (x < b[gh, jh]), b[gh, jh], x)
            out[h] = x
            out_end[h] = e[hit]
            todo[h] = False
        return out, out_end

    def skip_blocks(self, g, t, dur):
        """Start >= t of ``dur`` seconds of work by g that does not run into the break or
        the meeting/training block of g's day (when it would, it starts after the block)."""
        t = np.asarray(t, np.int64)
        j = np.clip(self._day(t), 0, self.frame.n_cal_days - 1)
        out = t.copy()
        blocks = ((self.brk_a, self.brk_b), (self.x_a, self.x_b), (self.brk_a, self.brk_b))
        for jj in (j, np.maximum(j - 1, 0)):
            for a, b in blocks:
                aa, bb = a[g, jj], b[g, jj]
                hit = (self.login[g, jj] >= 0) & (out < bb) & (out + dur > aa)
                out = np.where(hit, bb, out)
        return out

    def choose(self, rng, tier, t):
        """A human agent of ``tier`` working at ``t``: logged in and not in a break, meeting
        or training block (else logged in, else employed, else any of the tier).

        Candidates are drawn from the agents logged in during the hour of ``t`` and
        accepted when actually working (later rounds: logged in), so nearly every
        draw succeeds.
        """
        n = len(t)
        t = np.asarray(t, np.int64)
        tier = np.broadcast_to(np.asarray(tier), (n,)).astype(np.int64)
        out = np.full(n, -1, np.int64)
        hour = np.clip((t - self.frame.day0) // HOUR, 0, self.n_hours - 1)
        key = tier * self.n_hours + hour
        lo = self.hp_offsets[key]
        size = self.hp_offsets[key + 1] - lo
        rem = np.flatnonzero(size > 0)
        for rnd in range(24):
            if len(rem) == 0:
                break
            c = self.hp_agents[lo[rem] + (rng.random(len(rem)) * size[rem]).astype(np.int64)]
            ok = self.on_shift(c, t[rem], working=rnd < 16)
            out[rem[ok]] = c[ok]
            rem = rem[~ok]
        if len(rem):
            # the few left (an agent logged in at the edge of the hour): try every
            # candidate of the hour, a random working one first, else a logged-in one
            cnt = size[rem]
            row = np.repeat(rem, cnt)
            first = np.repeat(np.cumsum(cnt) - cnt, cnt)
            c = self.hp_agents[np.repeat(lo[rem], cnt) + np.arange(len(row)) - first]
            tt = t[row]
            score = self.on_shift(c, tt).astype(np.int64) + self.on_shift(c, tt, working=True)
            o = np.lexsort((score + rng.random(len(row)), row))
            best = o[np.cumsum(cnt) - 1]  # the last of each row's group: highest score
            ok = score[best] > 0
            out[rem[ok]] = c[best[ok]]
        rem = np.flatnonzero(out < 0)
        sizes = np.array([len(p) for p in self.pools])
        flat = np.concatenate(self.pools)
        offs = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        for rnd in range(10):
            if len(rem) == 0:
                break
            tr = tier[rem]
            c = flat[offs[tr] + (rng.random(len(rem)) * sizes[tr]).astype(np.int64)]
            ok = self.employed(c, t[rem]) if rnd < 9 else np.ones(len(rem), bool)
            out[rem[ok]] = c[ok]
            rem = rem[~ok]
        return out


class Customers:
    def __init__(self, frame: Frame, rng: np.random.Generator, tickets: int):
        self.frame = frame
        n = max(60, tickets // 3)
        self.n = n
        self.id_width = max(9, len(str(n)))
        shares = np.array([r[3] for r in C.REGIONS])
        self.region = rng.choice(len(C.REGIONS), size=n, p=shares)
        seg = rng.choice(3, size=n, p=C.SEGMENT_MIX)
        self.segment = seg
        plan = np.empty(n, int)
        for s in range(3):
            m = seg == s
            plan[m] = rng.choice(len(C.PLANS), size=m.sum(), p=C.PLAN_MIX[s])
        self.plan = plan
        # accounts: smb alone, mid-market ~3 contacts, enterprise ~8 contacts per account
        acct = np.empty(n, np.int64)
        base = 0
        for s, mean in ((0, 1.0), (1, 3.0), (2, 8.0)):
            idx = np.flatnonzero(seg == s)
            if len(idx) == 0:
                continue
            sizes = rng.geometric(1.0 / mean, size=len(idx))
            grp = np.repeat(np.arange(len(idx)), sizes)[: len(idx)]
            acct[idx] = base + grp
            base += int(grp.max()) + 1
        # account numbers in order of first appearance, so they look sequential
        _, first = np.unique(acct, return_index=True)
        order = np.argsort(first)
        remap = np.empty(len(order), np.int64)
        remap[order] = np.arange(len(order))
        uniq = np.unique(acct)
        self.account = remap[np.searchsorted(uniq, acct)]
        t0, days = frame.t_start, frame.days
        in_period = rng.random(n) < 0.12
        before = t0 - (20 * DAY + rng.exponential(500 * DAY, n)).astype(np.int64)
        during = t0 + (rng.random(n) * days * DAY).astype(np.int64)
        self.signed_up = np.where(in_period, during, before).astype(np.int64)
        churn_p = np.array([0.06, 0.03, 0.01])[seg]
        churned = rng.random(n) < churn_p
        lo = np.maximum(self.signed_up, t0) + 7 * DAY
        ct = lo + (rng.random(n) * np.maximum(frame.t_end - lo, 0)).astype(np.int64)
        churned &= ct < frame.t_end
        self.churned = np.where(churned, ct, -1).astype(np.int64)
        self.weight = np.array(C.SEGMENT_TICKET_WEIGHT)[seg] * _lognormal(rng, 1.0, 0.9, n)
        self.mrr = self._draw_mrr(rng, seg, plan)
        self.by_region = []
        for r in range(len(C.REGIONS)):
            idx = np.flatnonzero(self.region == r)
            if len(idx) == 0:  # tiny populations: borrow everybody
                idx = np.arange(n)
            cw = np.cumsum(self.weight[idx])
            stable = (self.signed_up[idx] < t0) & (self.churned[idx] < 0)
            sidx = idx[stable] if stable.any() else idx
            self.by_region.append((idx, cw / cw[-1], sidx, np.cumsum(self.weight[sidx])))

    @staticmethod
    def _draw_mrr(rng, seg, plan):
        """Monthly recurring revenue per customer: the plan's price per seat x seats
        (the segment's typical count, lognormal around it), rounded to cents; 0 on
        the free plan. Drawn from a stream of its own (a child of the customers'
        seed), so every other column keeps the values it had before mrr existed."""
        own = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])
        n = len(seg)
        typical = np.array(SEGMENT_SEATS)[seg]
        seats = np.maximum(1.0, np.round(_lognormal(own, 1.0, 0.5, n) * typical))
        return np.round(np.array(PLAN_MONTHLY_PRICE)[plan] * seats, 2)

    def sample(self, rng, region, t):
        """A customer per ticket, from the ticket's region, active (signed up, not churned) at t."""
        n = len(region)
        out = np.empty(n, np.int64)
        for r, (idx, cw, sidx, scw) in enumerate(self.by_region):
            m = np.flatnonzero(region == r)
            if len(m) == 0:
                continue
            c = idx[np.minimum(np.searchsorted(cw, rng.random(len(m))), len(idx) - 1)]
            bad = (self.signed_up[c] > t[m]) | ((self.churned[c] >= 0) & (self.churned[c] <= t[m]))
            if bad.any():
                u = rng.random(int(bad.sum())) * scw[-1]
                c[bad] = sidx[np.minimum(np.searchsorted(scw, u), len(sidx) - 1)]
            out[m] = c
        return out

    def active(self, c, t):
        return (self.signed_up[c] <= t) & ((self.churned[c] < 0) | (t < self.churned[c]))
