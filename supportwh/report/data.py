"""Everything the report reads from the warehouse: opened read-only, one query per part.

The report never computes a metric: it reads the marts (mart_ticket_kpis_weekly,
mart_insights, mart_agent_scorecard_weekly) and the data-quality models
(dq_build_metadata, dq_rejected_rows) and passes their rows on as dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from .errors import ReportError
from .metrics import KPI_MART

REQUIRED = (KPI_MART, "dq_build_metadata")
TRAILING_WEEKS = 12
COACHING_TOP = 5


@dataclass
class ReportData:
    """The rows behind one weekly report."""

    warehouse: Path
    week_start: date
    # the overall rows of the KPI mart: the report week and the week before (None if absent)
    week: dict
    previous: dict | None
    # the overall rows of the trailing weeks (oldest first), and the week in progress after
    # the report week when there is one
    trend: list[dict]
    build: dict
    week_insights: list[dict] | None
    month_insights: list[dict] | None
    month_insights_start: date | None
    coaching: list[dict] | None
    coaching_flagged_total: int
    rejected: list[dict] | None
    tables: set[str] = field(default_factory=set)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only; ReportError when it is missing or not a DuckDB file."""
    if not warehouse.is_file():
        raise ReportError(
            f"warehouse not found: {warehouse} (build it with `make build`, or pass --warehouse)"
        )
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReportError(f"cannot open warehouse {warehouse}: {first_line}") from None


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = current_schema()"
    ).fetchall()
    return {row[0] for row in rows}


def _week_start(con: duckdb.DuckDBPyConnection, week: date | None) -> date:
    if week is None:
        found = con.execute(
            f"select max(period_start) from {KPI_MART} "
            "where slice_name = 'overall' and is_period_complete"
        ).fetchone()[0]
        if found is None:
            raise ReportError(f"no complete week in {KPI_MART}: nothing to report yet")
        return found
    monday = week - timedelta(days=week.weekday())
    exists = con.execute(
        f"select count(*) from {KPI_MART} where slice_name = 'overall' and period_start = ?",
        [monday],
    ).fetchone()[0]
    if not exists:
        first, last = con.execute(
            f"select min(period_start), max(period_start) from {KPI_MART} "
            "where slice_name = 'overall'"
        ).fetchone()
        available = f"weeks {first} to {last}" if first else "no weeks at all"
        raise ReportError(f"no data for the week starting {monday} in {KPI_MART} ({available})")
    return monday


def load(warehouse: Path, week: date | None = None) -> ReportData:
    """Read the report's rows for the week holding `week` (default: latest complete week)."""
    con = connect(warehouse)
    try:
        tables = _tables(con)
        missing = [name for name in REQUIRED if name not in tables]
        if missing:
            raise ReportError(
                f"{warehouse} is not a built support warehouse: missing {', '.join(missing)}"
            )
        week_start = _week_start(con, week)
        first_week = week_start - timedelta(weeks=TRAILING_WEEKS - 1)
        trend = _rows(
            con,
            f"select * from {KPI_MART} where slice_name = 'overall' "
            "and period_start between ? and ? "
            # the week after the report week too, when it is still running: drawn as such
            "and (period_start <= ? or not is_period_complete) order by period_start",
            [first_week, week_start + timedelta(weeks=1), week_start],
        )
        by_week = {row["period_start"]: row for row in trend}
        previous = _rows(
            con,
            f"select * from {KPI_MART} where slice_name = 'overall' and period_start = ?",
            [week_start - timedelta(weeks=1)],
        )
        build = _rows(con, "select * from dq_build_metadata")
        if not build:
            raise ReportError(f"{warehouse}: dq_build_metadata is empty")

        week_insights = month_insights = month_start = None
        if "mart_insights" in tables:
            week_insights = _rows(
                con,
                "select * from mart_insights where period_grain = 'week' and period_start = ? "
                "order by finding_type, finding_rank",
                [week_start],
            )
            # the monthly findings (segment gaps) of the latest month ended by the week's end
            month_start = con.execute(
                "select max(period_start) from mart_insights where period_grain = 'month' "
                "and period_start + interval 1 month <= ?",
                [week_start + timedelta(weeks=1)],
            ).fetchone()[0]
            month_insights = _rows(
                con,
                "select * from mart_insights where period_grain = 'month' and period_start = ? "
                "order by finding_type, finding_rank",
                [month_start],
            )

        coaching, flagged_total = None, 0
        if "mart_agent_scorecard_weekly" in tables:
            coaching, flagged_total = _coaching(con, week_start)

        rejected = None
        if "dq_rejected_rows" in tables:
            rejected = _rows(
                con,
                "select source_table, reason, count(*) as rejected_rows "
                "from dq_rejected_rows group by source_table, reason "
                "order by rejected_rows desc, source_table, reason",
            )
        return ReportData(
            warehouse=warehouse,
            week_start=week_start,
            week=by_week[week_start],
            previous=previous[0] if previous else None,
            trend=trend,
            build=build[0],
            week_insights=week_insights,
            month_insights=month_insights,
            month_insights_start=month_start,
            coaching=coaching,
            coaching_flagged_total=flagged_total,
            rejected=rejected,
            tables=tables,
        )
    except duckdb.Error as error:
        raise ReportError(f"query failed on {warehouse}: {str(error).splitlines()[0]}") from None
    finally:
        con.close()


# the scorecard's own flags (mart_agent_scorecard_weekly), most urgent first; CSAT below
# the category baseline counts only when the agent's CSAT sample is not low
COACHING_FLAGS = {
    "is_speed_trap": "speed trap",
    "has_aht_outlier_tier": "AHT outlier",
    "is_below_first_assignment_target": "below first-assignment target",
    "is_csat_below_baseline": "CSAT below category baseline",
}


def _coaching(con: duckdb.DuckDBPyConnection, week_start: date) -> tuple[list[dict], int]:
    """The human agents of the week with at least one coaching flag, most flags first."""
    rows = _rows(
        con,
        """
        with flagged as (
            select
                *,
                coalesce(csat_normalized < 0 and not is_agent_csat_low_sample, false)
                    as is_csat_below_baseline
            from mart_agent_scorecard_weekly
            where period_start = ? and not coalesce(is_bot, false)
        ),
        counted as (
            select
                *,
                coalesce(is_speed_trap, false)::int
                + coalesce(has_aht_outlier_tier, false)::int
                + coalesce(is_below_first_assignment_target, false)::int
                + is_csat_below_baseline::int as coaching_flags
            from flagged
        )
        select * from counted
        where coaching_flags > 0
        order by coaching_flags desc, coalesce(is_speed_trap, false) desc,
            coalesce(max_abs_aht_z_score, 0) desc, agent_id
        """,
        [week_start],
    )
    return rows[:COACHING_TOP], len(rows)
