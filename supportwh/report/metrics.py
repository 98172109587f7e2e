"""Which columns of mart_ticket_kpis_weekly the report shows, and how to read them.

Only names and directions live here, never numbers: every value comes from
the warehouse and every definition from the mart YAML and its docs blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

KPI_MART = "mart_ticket_kpis_weekly"


@dataclass(frozen=True)
class Kpi:
    column: str
    label: str
    # 'higher' or 'lower' is better; None: neither (volume)
    better: str | None
    # count, minutes, rate
    unit: str
    # the column counting the cases behind the value
    sample_column: str | None = None
    # the column counting tickets still inside the metric's window (SPEC: such a
    # rate is shown beside its pending count and never compared)
    pending_column: str | None = None


VOLUME = Kpi("tickets_created", "Ticket volume (created)", None, "count")
FRT_MEDIAN = Kpi(
    "first_response_minutes_median",
    "First response, median",
    "lower",
    "minutes",
    "tickets_with_first_response",
)
FRT_P90 = Kpi(
    "first_response_minutes_p90",
    "First response, p90",
    "lower",
    "minutes",
    "tickets_with_first_response",
)
RESOLUTION_MEDIAN = Kpi(
    "resolution_minutes_median", "Resolution time, median", "lower", "minutes", "tickets_resolved"
)
FCR = Kpi(
    "fcr_rate",
    "First-contact resolution",
    "higher",
    "rate",
    None,
    "fcr_pending",
)
REOPEN = Kpi(
    "reopen_rate", "Reopen rate", "lower", "rate", "reopen_window_elapsed", "reopen_pending"
)
ESCALATION = Kpi("escalation_rate", "Escalation rate", "lower", "rate", "tickets_created")
CSAT = Kpi("csat_rate", "CSAT (share 4-5)", "higher", "rate", "csat_responses")
FIRST_REPLY_SLA = Kpi(
    "first_reply_sla_attainment_rate",
    "First-reply SLA attainment",
    "higher",
    "rate",
    "first_reply_sla_decided",
)
NEXT_REPLY_SLA = Kpi(
    "next_reply_sla_attainment_rate",
    "Next-reply SLA attainment",
    "higher",
    "rate",
    "next_reply_sla_decided",
)
REQUESTER_WAIT_SLA = Kpi(
    "requester_wait_sla_attainment_rate",
    "Requester-wait SLA attainment",
    "higher",
    "rate",
    "requester_wait_sla_decided",
)
RESOLUTION_SLA = Kpi(
    "resolution_sla_attainment_rate",
    "Resolution SLA attainment",
    "higher",
    "rate",
    "resolution_sla_decided",
)
BACKLOG = Kpi("backlog_at_end", "Backlog at week end", "lower", "count")
BACKLOG_GROWTH = Kpi("backlog_growth_rate", "Backlog growth", "lower", "signed_rate")

HEADLINE: tuple[Kpi, ...] = (
    VOLUME,
    FRT_MEDIAN,
    FRT_P90,
    RESOLUTION_MEDIAN,
    FCR,
    REOPEN,
    ESCALATION,
    CSAT,
    FIRST_REPLY_SLA,
    RESOLUTION_SLA,
    BACKLOG,
)
SLA: tuple[Kpi, ...] = (FIRST_REPLY_SLA, NEXT_REPLY_SLA, REQUESTER_WAIT_SLA, RESOLUTION_SLA)
CHARTS: tuple[Kpi, ...] = (
    VOLUME,
    FRT_MEDIAN,
    RESOLUTION_MEDIAN,
    FCR,
    REOPEN,
    CSAT,
    FIRST_REPLY_SLA,
    BACKLOG,
)
# the columns of the FCR sample (decided tickets = first contact + not first contact)
FCR_DECIDED = ("fcr_first_contact", "fcr_not_first_contact")


def sample_size(kpi: Kpi, row: dict) -> int | None:
    """The cases behind a KPI value in one weekly row."""
    if kpi is FCR:
        parts = [row.get(column) for column in FCR_DECIDED]
        return None if any(part is None for part in parts) else int(sum(parts))
    if kpi.sample_column is None:
        return None
    value = row.get(kpi.sample_column)
    return None if value is None else int(value)


def pending_count(kpi: Kpi, row: dict) -> int:
    """Tickets of the row still inside the KPI's window (0 for a KPI without one)."""
    if kpi.pending_column is None:
        return 0
    return int(row.get(kpi.pending_column) or 0)


def all_kpis() -> tuple[Kpi, ...]:
    """Every KPI the report shows, once, in order of first appearance."""
    seen: dict[str, Kpi] = {}
    for kpi in (*HEADLINE, BACKLOG_GROWTH, *SLA, *CHARTS):
        seen.setdefault(kpi.column, kpi)
    return tuple(seen.values())
