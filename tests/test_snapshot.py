"""Tests of supportwh_dev.snapshot: one raw dataset -> BASE (the export at a cutoff)
and APPENDED (the same export a day later, new rows last).

Fast: the demo dataset and a hand-made CSV dataset of a few rows. Outputs are
read back with pyarrow and the csv module, timestamps parsed in Python (not
with the module's SQL), so the checks are independent of the implementation.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from supportwh_dev import snapshot  # noqa: E402

DEMO = ROOT / "demo_data"
REFERENCE = {"schedules", "holidays", "agent_shifts"}
# the timestamps that make a row new (SPEC section 1 tables, brief of issue 6)
NEW_WHEN = {
    "tickets": ["created_at"],
    "ticket_events": ["event_at"],
    "messages": ["sent_at"],
    "work_sessions": ["started_at", "ended_at"],
    "agents": ["hired_at"],
    "customers": ["signed_up_at"],
    "surveys": ["sent_at"],
    "agent_status_log": ["started_at", "ended_at"],
    "calls": ["queued_at", "answered_at", "ended_at", "abandoned_at"],
    "self_service_sessions": ["started_at", "ended_at"],
    "leads": ["created_at"],
    "support_costs": ["month"],
}
LATE_COLUMN = {
    "ticket_events": "event_at",
    "messages": "sent_at",
    "work_sessions": "started_at",
    "calls": "queued_at",
    "agent_status_log": "started_at",
    "self_service_sessions": "started_at",
}
# columns that may be null in base and set in appended (the updates)
UPDATABLE = {
    "surveys": {"responded_at", "score"},
    "customers": {"churned_at"},
    "agents": {"terminated_at"},
    "leads": {"first_contacted_at", "converted_at"},
}
_TS = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"(?:\s*(Z|([+-])(\d{2})(?::?(\d{2}))?))?)?"
)


def parse_ts(value) -> datetime | None:
    """Text -> naive UTC datetime like SPEC section 1 (None when unparseable)."""
    if value is None:
        return None
    match = _TS.fullmatch(str(value).strip().upper())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, oh, om = match.groups()
    try:
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or ".0")[1:7].ljust(6, "0")),
        )
    except ValueError:
        return None
    if sign:
        offset = timedelta(hours=int(oh), minutes=int(om or 0))
        parsed = parsed - offset if sign == "+" else parsed + offset
    return parsed


def read_rows(path: Path) -> tuple[list[str], list[tuple]]:
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return table.column_names, [tuple(r.values()) for r in table.to_pylist()]
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [tuple(v if v != "" else None for v in row) for row in reader]


def table_files(directory: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(directory.iterdir()) if p.suffix in (".parquet", ".csv")}


def is_subsequence(part: list[tuple], whole: list[tuple]) -> bool:
    iterator = iter(whole)
    return all(any(row == candidate for candidate in iterator) for row in part)


def timestamp_columns(table: str, header: list[str]) -> list[str]:
    if table in REFERENCE:
        return []
    return [c for c in header if c.endswith("_at") or (table, c) == ("support_costs", "month")]


@pytest.fixture(scope="module")
def demo_default(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_default")
    summary = snapshot.split(DEMO, out / "base", out / "appended")
    return summary, out / "base", out / "appended"


@pytest.fixture(scope="module")
def demo_early(tmp_path_factory):
    """A cutoff 11 days before the end: more new rows, and two surveys sent
    before it and answered after it (the demo has none across 2025-06-15)."""
    out = tmp_path_factory.mktemp("demo_early")
    summary = snapshot.split(DEMO, out / "base", out / "appended", cutoff=datetime(2025, 6, 18))
    return summary, out / "base", out / "appended"


@pytest.fixture(params=["demo_default", "demo_early"])
def demo(request):
    return request.getfixturevalue(request.param)


def test_default_cutoff_is_midnight_of_the_last_ticket_day(demo_default):
    summary, _, _ = demo_default
    header, rows = read_rows(DEMO / "tickets.parquet")
    created = [parse_ts(r[header.index("created_at")]) for r in rows]
    latest = max(c for c in created if c is not None)
    expected = latest.replace(hour=0, minute=0, second=0, microsecond=0)
    assert summary["cutoff"] == expected.isoformat() + "Z"
    assert summary["tables"]["tickets"]["new"] > 0


def test_same_tables_and_columns(demo):
    _, base, appended = demo
    source = table_files(DEMO)
    assert set(table_files(base)) == set(source)
    assert set(table_files(appended)) == set(source)
    for table, path in source.items():
        columns = [(f.name, f.type) for f in pq.read_schema(path)]
        for directory in (base, appended):
            assert [(f.name, f.type) for f in pq.read_schema(directory / path.name)] == columns, (
                table
            )


def test_appended_is_a_permutation_of_the_source(demo):
    summary, base, appended = demo
    for table, path in table_files(DEMO).items():
        _, source_rows = read_rows(path)
        _, appended_rows = read_rows(appended / path.name)
        _, base_rows = read_rows(base / path.name)
        assert Counter(appended_rows) == Counter(source_rows), table
        counts = summary["tables"][table]
        assert counts["source"] == counts["appended"] == len(source_rows), table
        assert counts["base"] == len(base_rows), table
        assert counts["new"] == len(source_rows) - len(base_rows), table


def test_base_is_a_prefix_of_appended_and_both_parts_keep_source_order(demo):
    summary, base, appended = demo
    for table, path in table_files(DEMO).items():
        header, source_rows = read_rows(path)
        _, base_rows = read_rows(base / path.name)
        _, appended_rows = read_rows(appended / path.name)
        prefix = appended_rows[: len(base_rows)]
        updated = 0
        for before, after in zip(base_rows, prefix, strict=True):
            if before == after:
                continue
            updated += 1
            for name, old, new in zip(header, before, after, strict=True):
                if old != new:
                    assert name in UPDATABLE.get(table, set()), (table, name, before, after)
                    assert old is None and new is not None, (table, name, before, after)
        assert updated == summary["tables"][table]["updated"], table
        assert is_subsequence(prefix, source_rows), table
        assert is_subsequence(appended_rows[len(base_rows) :], source_rows), table


def test_every_base_timestamp_is_before_the_cutoff(demo):
    summary, base, appended = demo
    cutoff = parse_ts(summary["cutoff"])
    for table, path in table_files(base).items():
        header, rows = read_rows(path)
        columns = timestamp_columns(table, header)
        for row in rows:
            for name in columns:
                value = parse_ts(row[header.index(name)])
                assert value is None or value < cutoff, (table, name, row)
        # and a row left out of base has a timestamp at/after the cutoff (or is late)
        _, appended_rows = read_rows(appended / path.name)
        for row in appended_rows[len(rows) :]:
            stamps = [parse_ts(row[header.index(n)]) for n in NEW_WHEN[table]]
            is_new = any(s is not None and s >= cutoff for s in stamps)
            assert is_new or table in LATE_COLUMN, (table, row)


def test_late_rows_are_withheld_from_base(demo):
    summary, base, appended = demo
    cutoff = parse_ts(summary["cutoff"])
    window_start = cutoff - timedelta(hours=24)
    total = 0
    for table, column in LATE_COLUMN.items():
        header, source_rows = read_rows(DEMO / f"{table}.parquet")
        _, base_rows = read_rows(base / f"{table}.parquet")
        _, appended_rows = read_rows(appended / f"{table}.parquet")
        stamp_columns = timestamp_columns(table, header)
        late = []
        for position, row in enumerate(source_rows, start=1):
            stamps = [parse_ts(row[header.index(n)]) for n in stamp_columns]
            if any(s is not None and s >= cutoff for s in stamps):
                continue
            start = parse_ts(row[header.index(column)])
            if position % 10 == 0 and start is not None and window_start <= start < cutoff:
                late.append(row)
        assert summary["tables"][table]["late"] == len(late), table
        base_set = Counter(base_rows)
        tail = Counter(appended_rows[len(base_rows) :])
        for row in late:
            assert row not in base_set, (table, row)
            assert tail[row] >= 1, (table, row)
        total += len(late)
    assert total > 0


def test_survey_answered_after_the_cutoff_is_unanswered_in_base(demo_early):
    summary, base, appended = demo_early
    cutoff = parse_ts(summary["cutoff"])
    header, base_rows = read_rows(base / "surveys.parquet")
    _, appended_rows = read_rows(appended / "surveys.parquet")
    sent, responded, score = (header.index(c) for c in ("sent_at", "responded_at", "score"))
    answered_later = 0
    for before, after in zip(base_rows, appended_rows[: len(base_rows)], strict=True):
        assert parse_ts(before[sent]) is None or parse_ts(before[sent]) < cutoff
        when = parse_ts(after[responded])
        if when is not None and when >= cutoff:
            answered_later += 1
            assert before[responded] is None and before[score] is None, before
            assert after[score] is not None, after
        else:
            assert before == after
    assert answered_later == summary["tables"]["surveys"]["updated"] > 0


def test_reference_tables_are_copied_unchanged(demo_early):
    _, base, appended = demo_early
    for table in REFERENCE:
        source = (DEMO / f"{table}.parquet").read_bytes()
        assert (base / f"{table}.parquet").read_bytes() == source
        assert (appended / f"{table}.parquet").read_bytes() == source


# --- a hand-made CSV dataset -------------------------------------------------

TICKETS = """ticket_id,customer_id,created_at,channel,category,priority,created_by_type,schedule_id
T1,C1,2025-03-01T08:00:00Z,email,billing,low,customer,
T2,C1,2025-03-02T01:30:00+02:00,chat,billing,normal,customer,SCH01
T3,C2,not-a-date,email,"billing, refunds",low,customer,
T4,C2,2025-03-01T20:00:00-05:00,web,billing,high,customer,
T5,C3,2025-03-02 09:15:00,email,billing,low,agent,
T6,C3,,email,billing,low,customer,
"""
MESSAGES = """message_id,ticket_id,sent_at,author_type,author_id,is_public,channel
M1,T1,2025-03-01T08:05:00.000Z,agent,A1,true,email
M2,T1,2025-03-01T09:00:00Z,customer,C1,true,email
M3,T1,2025-02-27T09:00:00Z,agent,A1,true,email
M4,T2,2025-02-27T10:00:00Z,agent,A1,false,chat
M5,T2,2025-03-02T00:00:00Z,agent,A1,true,chat
M6,T4,2025-03-01T23:30:00-01:00,agent,A1,true,web
M7,T2,2025-03-01T23:59:59.999+00:00,customer,C1,true,chat
M8,T2,2025-03-02T00:59:00+0100,agent,A1,true,chat
"""
SURVEYS = """survey_id,ticket_id,survey_type,sent_at,responded_at,score
SV1,T1,csat,2025-03-01T10:00:00Z,2025-03-01T12:00:00Z,5
SV2,T1,ces,2025-03-01T10:00:00Z,2025-03-02T08:00:00Z,4
SV3,T2,csat,2025-03-02T10:00:00Z,,
SV4,T2,csat,2025-03-01T11:00:00Z,,
"""
CUSTOMERS = """customer_id,account_id,segment,plan,signed_up_at,churned_at
C1,AC1,smb,basic,2024-01-01T00:00:00Z,2025-03-02T12:00:00Z
C2,AC1,smb,basic,2024-01-01T00:00:00Z,2025-02-01T00:00:00Z
C3,AC2,enterprise,pro,2025-03-02T03:00:00Z,
"""
SCHEDULES = """schedule_id,timezone,day_of_week,start_time,end_time,is_default
SCH01,Europe/Berlin,0,09:00:00,17:00:00,true
"""


@pytest.fixture
def csv_dataset(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in {
        "tickets": TICKETS,
        "messages": MESSAGES,
        "surveys": SURVEYS,
        "customers": CUSTOMERS,
        "schedules": SCHEDULES,
    }.items():
        (raw / f"{name}.csv").write_text(text)
    (raw / "notes.txt").write_text("not a table\n")
    return raw


def ids(path: Path) -> list[str]:
    return [row[0] for row in read_rows(path)[1]]


def test_csv_in_csv_out_with_offsets_and_late_rows(csv_dataset, tmp_path):
    base, appended = tmp_path / "base", tmp_path / "appended"
    base.mkdir()
    (base / "tickets.parquet").write_text("stale output of an earlier run")
    (base / "calls.csv").write_text("stale output of an earlier run")
    summary = snapshot.split(csv_dataset, base, appended, late_every=2)
    # the latest parseable created_at is T5 (2025-03-02 09:15 UTC)
    assert summary["cutoff"] == "2025-03-02T00:00:00Z"
    expected_files = {
        "tickets.csv",
        "messages.csv",
        "surveys.csv",
        "customers.csv",
        "schedules.csv",
    }
    assert {p.name for p in base.iterdir()} == expected_files
    assert {p.name for p in appended.iterdir()} == expected_files

    # T2 is 23:30 UTC, T4 is 01:00 UTC the next day; unparseable/empty stay in base
    assert ids(base / "tickets.csv") == ["T1", "T2", "T3", "T6"]
    assert ids(appended / "tickets.csv") == ["T1", "T2", "T3", "T6", "T4", "T5"]
    # values keep their text (no reformatting), quoting survives
    header, rows = read_rows(base / "tickets.csv")
    assert header == TICKETS.splitlines()[0].split(",")
    assert rows[1][2] == "2025-03-02T01:30:00+02:00"
    assert rows[2][4] == "billing, refunds"
    assert (base / "tickets.csv").read_text().splitlines()[0] == TICKETS.splitlines()[0]

    # M2, M8: even positions inside [cutoff - 24 h, cutoff): late; M4 even but old
    assert ids(base / "messages.csv") == ["M1", "M3", "M4", "M7"]
    assert ids(appended / "messages.csv") == ["M1", "M3", "M4", "M7", "M2", "M5", "M6", "M8"]
    assert summary["tables"]["messages"]["late"] == 2
    _, source_messages = read_rows(csv_dataset / "messages.csv")
    _, appended_messages = read_rows(appended / "messages.csv")
    assert Counter(appended_messages) == Counter(source_messages)

    # SV2 answered after the cutoff: unanswered in base, answered in appended
    _, base_surveys = read_rows(base / "surveys.csv")
    _, appended_surveys = read_rows(appended / "surveys.csv")
    assert [r[0] for r in base_surveys] == ["SV1", "SV2", "SV4"]
    assert base_surveys[1] == ("SV2", "T1", "ces", "2025-03-01T10:00:00Z", None, None)
    assert appended_surveys[1] == (
        "SV2",
        "T1",
        "ces",
        "2025-03-01T10:00:00Z",
        "2025-03-02T08:00:00Z",
        "4",
    )
    assert [r[0] for r in appended_surveys] == ["SV1", "SV2", "SV4", "SV3"]

    # C1 churns after the cutoff (null in base), C3 signs up after it (new)
    _, base_customers = read_rows(base / "customers.csv")
    assert [r[0] for r in base_customers] == ["C1", "C2"]
    assert base_customers[0][5] is None and base_customers[1][5] == "2025-02-01T00:00:00Z"
    assert ids(appended / "customers.csv") == ["C1", "C2", "C3"]
    assert summary["tables"]["customers"] == {
        "format": "csv",
        "source": 3,
        "base": 2,
        "appended": 3,
        "new": 1,
        "updated": 1,
        "late": 0,
    }
    assert (appended / "schedules.csv").read_text() == SCHEDULES
    assert summary["ignored_files"] == []


def test_cli_prints_the_summary_and_takes_an_explicit_cutoff(csv_dataset, tmp_path, capsys):
    code = snapshot.main(
        [
            "--from",
            str(csv_dataset),
            "--base",
            str(tmp_path / "b"),
            "--appended",
            str(tmp_path / "a"),
            "--cutoff",
            "2025-03-01T12:00:00+02:00",
            "--late-every",
            "0",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cutoff"] == "2025-03-01T10:00:00Z"
    assert summary["totals"]["late"] == 0
    # T1 08:00Z is before 10:00Z; T2 (23:30Z), T4 and T5 are after; T3, T6 unparseable
    assert ids(tmp_path / "b" / "tickets.csv") == ["T1", "T3", "T6"]
