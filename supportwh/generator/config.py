"""Enumerations, mixes and the calendar the generator draws from.

Everything here is a plain constant so that a reader (or the dbt seeds) can
see which values the raw data can contain.
"""

from __future__ import annotations

import datetime as dt

from supportwh.raw.contract import ContractError, raw_enums

# ---------------------------------------------------------------- enums (SPEC section 1)
# The values are the raw contract's enum domains (helpdesk_enums in
# dbt_project.yml); each list is in the generator's draw order (its index
# constants and mix weights below are positional), and _domain checks on import
# that it holds exactly the contract's values.


# contract values the generator never draws, per domain: other, a
# connector's channel its value map does not name (docs/connectors.md)
NEVER_DRAWN: dict[str, tuple[str, ...]] = {"channel": ("other",)}


def _domain(name: str, values: list[str]) -> list[str]:
    """values, in the generator's order, when they (with the domain's
    NEVER_DRAWN values) are the contract's domain name."""
    contract = raw_enums()[name]
    if sorted([*values, *NEVER_DRAWN.get(name, ())]) != sorted(contract):
        raise ContractError(
            f"generator enum {name}: {values} differs from the raw contract's {contract}"
        )
    return values


CHANNELS = _domain("channel", ["email", "chat", "phone", "web", "social", "api"])
CHANNEL_MIX = [0.35, 0.25, 0.15, 0.15, 0.05, 0.05]
EMAIL, CHAT, PHONE, WEB, SOCIAL, API = range(6)

PRIORITIES = _domain("priority", ["low", "normal", "high", "urgent"])
PRIORITY_MIX = [0.22, 0.55, 0.18, 0.05]

CREATED_BY = _domain("created_by_type", ["customer", "agent", "bot"])
BY_CUSTOMER, BY_AGENT, BY_BOT = range(3)
SHARE_AGENT_OUTBOUND = 0.05
SHARE_BOT_OUTBOUND = 0.02
# The demo's AI agent go-live (seed kpi_changes, CHG-002, 2025-03-03 with the
# default --start): from this day of the period on, a bot first line solves
# the ticket this much more often, so that mart_change_impact has a real
# effect to find (demo: automation resolution rate 0.45 -> 0.66, p < 0.01).
# Tickets a bot solves skip the human steps, so the later draws fall on other
# tickets and other values of the dataset differ too; the lift is the only
# systematic change.
AI_GO_LIVE_DAY = 61
AI_GO_LIVE_SOLVE_LIFT = 0.2

STATUSES = _domain("status", ["new", "open", "pending", "on_hold", "solved", "closed"])
ST_NEW, ST_OPEN, ST_PENDING, ST_HOLD, ST_SOLVED, ST_CLOSED = range(6)

EVENT_TYPES = _domain(
    "event_type",
    [
        "status_change",
        "assignment",
        "escalation",
        "category_change",
        "priority_change",
        "linked_issue",
    ],
)
EV_STATUS, EV_ASSIGN, EV_ESCALATE, EV_CATEGORY, EV_PRIORITY, EV_LINK = range(6)

TIERS = _domain("tier", ["L1", "L2", "L3"])
ESCALATION_REASONS = _domain("escalation_reason", ["knowledge", "authorization", "complexity"])
# optional reason of a reopen, and of a link to an engineering issue (tickets.py)
REOPEN_REASONS = _domain(
    "reopen_reason", ["incomplete_resolution", "customer_confusion", "product_bug", "policy_gap"]
)
LINKED_ISSUE_REASONS = _domain("linked_issue_reason", ["bug", "feature_request"])

AUTHOR_TYPES = _domain("author_type", ["customer", "agent", "bot", "system"])
AU_CUSTOMER, AU_AGENT, AU_BOT, AU_SYSTEM = range(4)

SURVEY_TYPES = _domain("survey_type", ["csat", "ces", "nps"])
SURVEY_SCALES = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}

AGENT_STATUSES = _domain(
    "agent_status",
    [
        "available",
        "handling",
        "after_call_work",
        "break",
        "meeting",
        "training",
        "offline",
    ],
)
SHIFT_ACTIVITIES = _domain("shift_activity", ["work", "break", "meeting", "training"])

CALL_DIRECTIONS = _domain("call_direction", ["inbound", "outbound"])
CALL_OUTCOMES = _domain("call_outcome", ["converted", "not_converted", "no_answer"])

SS_ENTRY_POINTS = _domain("entry_point", ["kb_search", "help_center", "in_app_chat", "chatbot"])
SS_OUTCOMES = _domain("self_service_outcome", ["confirmed_resolved", "escalated", "abandoned"])

COST_TYPES = _domain("cost_type", ["salaries", "tools", "infrastructure", "overhead"])

SEGMENTS = ["smb", "mid_market", "enterprise"]
SEGMENT_MIX = [0.72, 0.20, 0.08]
SEGMENT_TICKET_WEIGHT = [1.0, 2.5, 6.0]
PLANS = ["free", "starter", "pro", "business", "enterprise"]
# plan mix per segment
PLAN_MIX = [
    [0.35, 0.40, 0.25, 0.00, 0.00],
    [0.00, 0.05, 0.45, 0.50, 0.00],
    [0.00, 0.00, 0.00, 0.25, 0.75],
]

# ---------------------------------------------------------------- categories
# name, share, complexity (0 low, 1 medium, 2 high; as in seeds/ticket_categories.csv),
# bot affinity (0..1: how often a bot can take the ticket)
CATEGORIES: list[tuple[str, float, int, float]] = [
    ("password_reset", 0.110, 0, 1.0),
    ("billing_question", 0.095, 1, 0.7),
    ("order_status", 0.080, 0, 1.0),
    ("shipping_delay", 0.070, 0, 0.8),
    ("how_to_question", 0.070, 0, 0.9),
    ("refund_request", 0.065, 1, 0.3),
    ("account_access", 0.060, 0, 0.7),
    ("bug_report", 0.060, 2, 0.1),
    ("subscription_change", 0.040, 1, 0.6),
    ("invoice_request", 0.040, 0, 0.9),
    ("payment_failed", 0.040, 1, 0.5),
    ("integration_issue", 0.040, 2, 0.1),
    ("feature_request", 0.035, 1, 0.2),
    ("address_change", 0.030, 0, 0.9),
    ("data_export", 0.030, 1, 0.6),
    ("cancellation", 0.030, 1, 0.3),
    ("complaint", 0.025, 1, 0.1),
    ("api_error", 0.020, 2, 0.1),
    ("performance_issue", 0.020, 2, 0.1),
    ("security_concern", 0.015, 2, 0.0),
    ("compliance_request", 0.008, 2, 0.0),
    ("data_loss", 0.005, 2, 0.0),
    # rare free-text categories that the category seed lacks (kept with null tier/class)
    ("gdpr_request", 0.0020, 1, 0.0),
    ("Partnership, reseller inquiry", 0.0010, 1, 0.0),
    ("legal hold", 0.0006, 2, 0.0),
    ("Other: press inquiry", 0.0004, 1, 0.0),
]
CATEGORY_NAMES = [c[0] for c in CATEGORIES]
INCIDENT_CATEGORIES = ["bug_report", "integration_issue"]

# ---------------------------------------------------------------- lifecycle rates
# Rates of the situations the lifecycle metrics (SPEC section 2, Ticket lifecycle)
# need; per channel lists are in CHANNELS order (email, chat, phone, web, social,
# api). The generator README gives the reason for each.
# an agent's reply that asks the customer something sets the ticket pending
PENDING_WHEN_ASKING = [0.75, 0.35, 0.75, 0.75, 0.75, 0.75]
# the last reply (the answer) sets the ticket pending until the customer confirms:
# nobody answers, so the agent solves it about a working day later or an
# automation after PENDING_AUTO_SOLVE_DAYS
CONFIRM_PENDING_SHARE = [0.24, 0.08, 0.15, 0.22, 0.2, 0.22]
CONFIRM_SOLVED_BY_AGENT = 0.5
PENDING_AUTO_SOLVE_DAYS = 4
# tickets stuck waiting on the customer (no answer at all); most are auto-solved
# after 7 days, the rest stay pending (stale)
STUCK_SHARE = 0.025
STUCK_AUTO_SOLVED = 0.9
# on hold: waiting on engineering (these categories) or on another team after an
# escalation; other tickets rarely
ENGINEERING_CATEGORIES = [
    "bug_report", "integration_issue", "api_error", "performance_issue", "data_loss",
]  # fmt: skip
ON_HOLD_SHARE = 0.025
ON_HOLD_SHARE_ENGINEERING = 0.2
ON_HOLD_AFTER_ESCALATION = 0.3
# how long a hold lasts (lognormal, sigma 0.9, 2 hours to 45 days): engineering
# (a fix or a release) takes longer than another team
ON_HOLD_MEDIAN_DAYS = 1.5
ON_HOLD_MEDIAN_DAYS_ENGINEERING = 6.0
# a customer who answers days later (tests the fix, asks a colleague): share of
# follow-ups, median 2.5 days (else a median of 6 hours)
SLOW_CUSTOMER_SHARE = 0.15
# priority changes: a triage correction at the first assignment (one step up or
# down), and a raise to high/urgent with an escalation
PRIORITY_TRIAGE_SHARE = 0.03
PRIORITY_RAISED_AT_ESCALATION = 0.45
# replies that wait a working day in the queue (written channels; none on urgent)
REPLY_QUEUE_TAIL = [0.07, 0.0, 0.0, 0.06, 0.05, 0.07]
# a customer message before the reply: base share, plus up to this much more as
# the wait grows to a day (written channels); chat: a second line before the
# agent's first answer, and double messages in chat turns
CHASER_BASE, CHASER_PER_DAY = 0.10, 0.45
CHAT_SECOND_LINE = 0.3
CHAT_DOUBLE_MESSAGE = 0.2
CHAT_SLOW_TURN = 0.1
# "thanks" from the customer after the solve (no reopen), on written channels and chat
THANKS_AFTER_SOLVE = [0.12, 0.12, 0.0, 0.12, 0.10, 0.05]

# ---------------------------------------------------------------- regions, schedules
# region: (schedule_id, timezone, share of tickets, agent team)
REGIONS = [
    ("americas", "SCH01", "America/New_York", 0.55, "Americas"),
    ("emea", "SCH02", "Europe/Berlin", 0.30, "EMEA"),
    ("india", "SCH03", "Asia/Kolkata", 0.08, "APAC"),
    ("anz", "SCH04", "Australia/Sydney", 0.07, "APAC"),
]
# schedule rows: schedule_id -> (timezone, is_default, [(start, end), ...] per weekday Mon-Fri)
SCHEDULES = {
    "SCH01": ("America/New_York", True, [("09:00:00", "12:00:00"), ("13:00:00", "17:00:00")]),
    "SCH02": ("Europe/Berlin", False, [("08:00:00", "17:00:00")]),
    "SCH03": ("Asia/Kolkata", False, [("09:30:00", "18:30:00")]),
    "SCH04": ("Australia/Sydney", False, [("09:00:00", "12:30:00"), ("13:30:00", "17:00:00")]),
}
# share of tickets of a region that leave schedule_id null (-> default schedule)
NULL_SCHEDULE_SHARE = {"SCH01": 0.6, "SCH02": 0.05, "SCH03": 0.05, "SCH04": 0.05}

# agent teams: (team, timezone, holiday schedule, share of human agents, shift starts local)
TEAMS = [
    ("Americas", "America/New_York", "SCH01", 0.50, [7, 8, 8, 9, 10]),
    ("EMEA", "Europe/Berlin", "SCH02", 0.32, [7, 8, 8, 9]),
    ("APAC", "Asia/Kolkata", "SCH03", 0.18, [8, 9, 9, 10]),
]
BOT_NAMES = ["Ava (AI assistant)", "Triage Bot", "Billing Assistant"]
BOT_MIX = [0.6, 0.25, 0.15]
TIER_HOURLY = [32.0, 42.0, 58.0]
TEAM_COST_FACTOR = {"Americas": 1.0, "EMEA": 0.95, "APAC": 0.45}

FIRST_NAMES = [
    "Alex", "Maria", "James", "Priya", "Chen", "Fatima", "Lukas", "Sofia", "Omar", "Hannah",
    "Diego", "Aisha", "Noah", "Emma", "Ravi", "Yuki", "Liam", "Olivia", "Mateo", "Zara",
    "Ethan", "Ana", "Jonas", "Leila", "Kwame", "Ines", "Tom", "Mei", "Arjun", "Clara",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Garcia", "Müller", "Patel", "Wang", "Khan", "Schmidt", "Rossi", "Haddad", "Brown",
    "Lopez", "Okafor", "Wilson", "Johansson", "Sharma", "Tanaka", "Murphy", "Novak", "Silva",
    "Fischer", "Kim", "Dubois", "Nguyen", "Cohen", "Mensah", "Costa", "Taylor", "Li", "Iyer",
]  # fmt: skip

# local-time arrival profile (index = local hour) and weekday factor (Mon..Sun)
HOUR_PROFILE = [
    0.15, 0.10, 0.08, 0.07, 0.08, 0.12, 0.25, 0.50, 0.90, 1.20, 1.30, 1.30,
    1.15, 1.20, 1.25, 1.20, 1.10, 0.95, 0.80, 0.65, 0.55, 0.45, 0.35, 0.25,
]  # fmt: skip
WEEKDAY_PROFILE = [1.15, 1.10, 1.05, 1.00, 0.90, 0.32, 0.28]


# ---------------------------------------------------------------- holidays
def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """n-th (1-based; -1 = last) weekday (0=Monday) of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def holidays_for(schedule_id: str, year: int) -> list[tuple[dt.date, str]]:
    """Public holidays of the schedule's country (dates as observed by the support team)."""
    d = dt.date
    es = _easter(year)
    td = dt.timedelta
    if schedule_id == "SCH01":  # United States
        out = [
            (d(year, 1, 1), "New Year's Day"),
            (_nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
            (_nth_weekday(year, 2, 0, 3), "Presidents' Day"),
            (_nth_weekday(year, 5, 0, -1), "Memorial Day"),
            (d(year, 6, 19), "Juneteenth"),
            (d(year, 7, 4), "Independence Day"),
            (_nth_weekday(year, 9, 0, 1), "Labor Day"),
            (_nth_weekday(year, 10, 0, 2), "Columbus Day"),
            (d(year, 11, 11), "Veterans Day"),
            (_nth_weekday(year, 11, 3, 4), "Thanksgiving Day"),
            (d(year, 12, 25), "Christmas Day"),
        ]
    elif schedule_id == "SCH02":  # Germany (Berlin)
        out = [
            (d(year, 1, 1), "Neujahr"),
            (d(year, 3, 8), "Internationaler Frauentag"),
            (es - td(days=2), "Karfreitag"),
            (es + td(days=1), "Ostermontag"),
            (d(year, 5, 1), "Tag der Arbeit"),
            (es + td(days=39), "Christi Himmelfahrt"),
            (es + td(days=50), "Pfingstmontag"),
            (d(year, 10, 3), "Tag der Deutschen Einheit"),
            (d(year, 12, 25), "1. Weihnachtstag"),
            (d(year, 12, 26), "2. Weihnachtstag"),
        ]
    elif schedule_id == "SCH03":  # India
        out = [
            (d(year, 1, 1), "New Year's Day"),
            (d(year, 1, 26), "Republic Day"),
            (es - td(days=2), "Good Friday"),
            (d(year, 5, 1), "Labour Day"),
            (d(year, 8, 15), "Independence Day"),
            (d(year, 10, 2), "Gandhi Jayanti"),
            (_nth_weekday(year, 11, 0, 1), "Diwali (company observed)"),
            (_nth_weekday(year, 3, 4, 2), "Holi (company observed)"),
            (d(year, 12, 25), "Christmas Day"),
        ]
    else:  # SCH04 Australia (NSW)
        out = [
            (d(year, 1, 1), "New Year's Day"),
            (d(year, 1, 26), "Australia Day"),
            (es - td(days=2), "Good Friday"),
            (es - td(days=1), "Easter Saturday"),
            (es + td(days=1), "Easter Monday"),
            (d(year, 4, 25), "Anzac Day"),
            (_nth_weekday(year, 6, 0, 2), "King's Birthday"),
            (_nth_weekday(year, 10, 0, 1), "Labour Day"),
            (d(year, 12, 25), "Christmas Day"),
            (d(year, 12, 26), "Boxing Day"),
        ]
    return sorted(set(out))
