"""Erlang C staffing (mart_staffing_interval) against an independent
plain-Python reference: Erlang B by its textbook recursion, no logarithms.

The reference is checked first on the textbook interval (100 calls in 30
minutes, AHT 180 s: A = 10 Erlangs, target 80% within 20 s) against the
closed-form Erlang C computed in exact rational arithmetic, and on large
traffic (A = 500). The SQL model is then compared interval by interval on the
demo warehouse, and its compiled SQL is run on a hand-made input with loads
up to 1,900 Erlangs (over 2,000 candidate agents)."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_DATA, run_dbt

REL_TOL = 1e-9
THRESHOLD_SECONDS = 20.0  # var service_level_seconds (project default)
TARGET = 0.8  # var service_level_target (project default)
INTERVAL_SECONDS = 1800.0  # var interval_minutes = 30 (project default)


# --- reference -------------------------------------------------------------


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability: B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))."""
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def erlang_c(agents: int, traffic: float) -> float:
    """Probability of waiting, for agents > traffic."""
    blocking = erlang_b(agents, traffic)
    return agents * blocking / (agents - traffic * (1 - blocking))


def service_level(agents: int, traffic: float, handle_seconds: float) -> float:
    """Share of calls answered within THRESHOLD_SECONDS."""
    waiting = erlang_c(agents, traffic)
    return 1 - waiting * math.exp(-(agents - traffic) * THRESHOLD_SECONDS / handle_seconds)


def average_speed_of_answer(agents: int, traffic: float, handle_seconds: float) -> float:
    return erlang_c(agents, traffic) * handle_seconds / (agents - traffic)


def agents_required(traffic: float, handle_seconds: float, target: float = TARGET) -> int:
    """Smallest whole number of agents N > A whose service level meets the target."""
    agents = math.floor(traffic) + 1
    while service_level(agents, traffic, handle_seconds) < target:
        agents += 1
    return agents


def expected_row(traffic: float, handle_seconds: float) -> dict[str, float]:
    agents = agents_required(traffic, handle_seconds)
    return {
        "agents_required": agents,
        "expected_service_level": service_level(agents, traffic, handle_seconds),
        "expected_asa_seconds": average_speed_of_answer(agents, traffic, handle_seconds),
        "expected_occupancy": traffic / agents,
        "probability_of_waiting": erlang_c(agents, traffic),
    }


def erlang_c_exact(agents: int, traffic: Fraction) -> Fraction:
    """Closed form, exact: (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A))."""
    top = traffic**agents / math.factorial(agents) * Fraction(agents) / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    return top / bottom


# --- the reference itself --------------------------------------------------


def test_reference_textbook_interval():
    """A = 10 Erlangs, AHT 180 s, 20 s threshold. Derived values:
    N = 11: C = 0.6821, SL = 0.3896, ASA = 122.8 s
    N = 12: C = 0.4494, SL = 0.6402, ASA = 40.4 s
    N = 13: C = 0.2853, SL = 0.7956, ASA = 17.1 s
    N = 14: C = 0.1741, SL = 0.8884, ASA = 7.84 s
    N = 15: C = 0.1020, SL = 0.9415, ASA = 3.67 s
    so 80% within 20 s needs 14 agents (13 fall just short, at 79.6%)."""
    traffic, aht = 100 * 180 / 1800, 180.0
    assert traffic == 10.0
    for agents in range(11, 31):
        exact = erlang_c_exact(agents, Fraction(10))
        assert math.isclose(erlang_c(agents, traffic), float(exact), rel_tol=1e-12)
    expected = {
        11: (0.682118, 0.389614, 122.781),
        12: (0.449388, 0.640158, 40.4449),
        13: (0.285270, 0.795595, 17.1162),
        14: (0.174132, 0.888350, 7.83594),
        15: (0.102042, 0.941453, 3.67350),
    }
    for agents, (waiting, level, asa) in expected.items():
        assert erlang_c(agents, traffic) == pytest.approx(waiting, abs=1e-6)
        assert service_level(agents, traffic, aht) == pytest.approx(level, abs=1e-6)
        assert average_speed_of_answer(agents, traffic, aht) == pytest.approx(asa, rel=1e-5)
    assert agents_required(traffic, aht) == 14
    assert agents_required(traffic, aht, target=0.79) == 13
    assert agents_required(traffic, aht, target=0.9) == 15


def test_reference_large_traffic():
    """A = 500 Erlangs (2,500 calls of 360 s in 30 minutes): no overflow, the
    service level never falls as agents are added, 514 agents give 80.6% (513: 78.1%)."""
    traffic, aht = 500.0, 360.0
    levels = [service_level(agents, traffic, aht) for agents in range(501, 701)]
    assert all(math.isfinite(level) and 0 < level <= 1 for level in levels)
    assert all(later >= earlier for earlier, later in zip(levels[:-1], levels[1:], strict=True))
    assert levels[0] < 0.2 and levels[-1] == pytest.approx(1, abs=1e-12)
    assert agents_required(traffic, aht) == 514
    assert service_level(514, traffic, aht) == pytest.approx(0.806122, abs=1e-6)
    assert service_level(513, traffic, aht) == pytest.approx(0.780661, abs=1e-6)
    assert agents_required(traffic, aht, target=0.9) == 520


@pytest.mark.parametrize("traffic", [1e-4, 0.2, 1, 3, 10, 57.3, 500, 1900, 9000])
def test_candidate_bound_reaches_any_practical_target(traffic: float):
    """The model tries N up to ceil(A + 6 sqrt(A)) + 20 (macro
    erlang_max_agents): there the waiting probability is below 1e-8, so any
    target up to 1 - 1e-8 is met even with a 0-second threshold, and the
    bound stays within the 0..9999 candidates the model generates."""
    bound = math.ceil(traffic + 6 * math.sqrt(traffic)) + 20
    assert erlang_c(bound, traffic) < 1e-8
    assert bound <= 9999


# --- the SQL model ---------------------------------------------------------

STAFFING_COLUMNS = [
    "calls_offered",
    "staffing_handle_seconds",
    "is_handle_time_fallback",
    "traffic_erlangs",
    "agents_required",
    "expected_service_level",
    "expected_asa_seconds",
    "expected_occupancy",
    "probability_of_waiting",
    "agents_staffed",
    "staffing_gap",
    "is_understaffed",
]
DOUBLES = [
    "staffing_handle_seconds",
    "traffic_erlangs",
    "expected_service_level",
    "expected_asa_seconds",
    "expected_occupancy",
    "probability_of_waiting",
    "staffing_gap",
]


@pytest.fixture(scope="module")
def staffing_build(tmp_path_factory) -> Path:
    """dbt build of mart_staffing_interval and its parents (with their data
    tests) on the demo data; returns the work directory."""
    workdir = tmp_path_factory.mktemp("staffing")
    result = run_dbt(
        # cautious: leave out tests that also need models outside the selection
        [
            "build",
            "-s",
            "+mart_staffing_interval",
            "--indirect-selection",
            "cautious",
            "--exclude",
            "test_type:unit",
        ],
        workdir,
        DEMO_DATA,
    )
    assert result.returncode == 0, result.output[-4000:]
    return workdir


def reference_rows(inputs: list[dict]) -> dict:
    """Expected staffing columns per interval, from the input intervals."""
    weighted = [
        (row["avg_handle_seconds"], row["calls_answered"])
        for row in inputs
        if row["avg_handle_seconds"] is not None and row["avg_handle_seconds"] > 0
    ]
    answered = sum(count for _, count in weighted)
    overall = sum(aht * count for aht, count in weighted) / answered if answered else None
    expected = {}
    for row in inputs:
        offered, aht = row["calls_offered"], row["avg_handle_seconds"]
        out = {
            "calls_offered": offered,
            "agents_staffed": row["agents_staffed"],
            "is_handle_time_fallback": offered > 0 and not (aht is not None and aht > 0),
        }
        if offered == 0:
            out |= {"staffing_handle_seconds": None, "traffic_erlangs": 0.0}
            out |= {"agents_required": 0, "expected_service_level": None}
            out |= {"expected_asa_seconds": None, "expected_occupancy": None}
            out |= {"probability_of_waiting": None}
        else:
            handle = aht if aht is not None and aht > 0 else overall
            traffic = offered * handle / INTERVAL_SECONDS
            out |= {"staffing_handle_seconds": handle, "traffic_erlangs": traffic}
            out |= expected_row(traffic, handle)
        out["staffing_gap"] = out["agents_required"] - row["agents_staffed"]
        out["is_understaffed"] = out["staffing_gap"] > 0
        expected[row["interval_start_at"]] = out
    return expected


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def compare(actual_rows: list[dict], expected: dict) -> list[str]:
    problems = []
    assert len(actual_rows) == len(expected)
    for actual in actual_rows:
        key = actual["interval_start_at"]
        want = expected[key]
        for column in STAFFING_COLUMNS:
            got, ref = actual[column], want[column]
            if column in DOUBLES and got is not None and ref is not None:
                same = math.isclose(got, ref, rel_tol=REL_TOL, abs_tol=1e-12)
            else:
                same = got == ref
            if not same:
                problems.append(f"{key} {column}: model {got!r}, reference {ref!r}")
    return problems


def test_demo_mart_matches_reference(staffing_build: Path):
    """Every demo interval: traffic, agents required, expected service level,
    ASA, occupancy, waiting probability and the gap agree with the reference
    (doubles within 1e-9 relative)."""
    con = duckdb.connect(str(staffing_build / "warehouse.duckdb"), read_only=True)
    inputs = fetch_dicts(con, "select * from main.mart_contact_center_interval")
    actual = fetch_dicts(con, "select * from main.mart_staffing_interval")
    problems = compare(actual, reference_rows(inputs))
    assert not problems, "\n".join(problems[:30])
    # the demo must exercise every branch, or the comparison proves little
    assert any(row["calls_offered"] == 0 for row in actual)
    assert any(row["agents_required"] and row["agents_required"] > 1 for row in actual)
    assert any(row["is_handle_time_fallback"] for row in actual)
    assert any(row["is_understaffed"] for row in actual)
    assert any(row["is_understaffed"] is False and row["calls_offered"] > 0 for row in actual)


HAND_MADE_INTERVALS = [
    # (start, calls offered, calls answered, AHT seconds or None, agents staffed)
    ("2025-03-03 08:00:00", 0, 0, None, 2.0),
    ("2025-03-03 08:30:00", 1, 1, 90.0, 0.0),  # A = 0.05
    ("2025-03-03 09:00:00", 100, 100, 180.0, 12.5),  # A = 10, the textbook interval
    ("2025-03-03 09:30:00", 20, 0, None, 5.5),  # all abandoned: overall AHT
    ("2025-03-03 10:00:00", 573, 500, 180.0, 60.0),  # A = 57.3
    ("2025-03-03 10:30:00", 2500, 2400, 360.0, 510.0),  # A = 500
    ("2025-03-03 11:00:00", 9500, 9000, 360.0, 1950.0),  # A = 1900, N > 2000 tried
    ("2025-03-03 11:30:00", 30000, 30000, 7.0, 120.0),  # short calls, A = 116.7
]


def test_compiled_model_on_high_traffic(staffing_build: Path):
    """The compiled SQL of the model on a hand-made input from 0 to 1,900
    Erlangs: same agents, service level and ASA as the reference."""
    compiled = next((staffing_build / "target" / "compiled").rglob("mart_staffing_interval.sql"))
    sql, substitutions = re.subn(
        r'"[^"]+"\."[^"]+"\."mart_contact_center_interval"', "staffing_input", compiled.read_text()
    )
    assert substitutions == 1, sql[:2000]
    con = duckdb.connect()
    con.execute(
        "create table staffing_input (date_day date, interval_start_at timestamp, "
        "interval_end_at timestamp, is_period_complete boolean, "
        "calls_offered bigint, calls_answered bigint, "
        "avg_handle_seconds double, agents_staffed double, agents_logged_in bigint, "
        "service_level double, asa_seconds double)"
    )
    for start, offered, answered, aht, staffed in HAND_MADE_INTERVALS:
        con.execute(
            "insert into staffing_input values (cast(? as timestamp), cast(? as timestamp), "
            "cast(? as timestamp) + interval 30 minute, true, ?, ?, ?, ?, ?, null, null)",
            [start, start, start, offered, answered, aht, staffed, math.ceil(staffed)],
        )
    inputs = fetch_dicts(con, "select * from staffing_input")
    actual = fetch_dicts(con, sql)
    expected = reference_rows(inputs)
    problems = compare(actual, expected)
    assert not problems, "\n".join(problems)
    by_start = {str(row["interval_start_at"]): row for row in actual}
    assert by_start["2025-03-03 09:00:00"]["agents_required"] == 14
    assert by_start["2025-03-03 10:30:00"]["agents_required"] == 514
    assert by_start["2025-03-03 11:00:00"]["agents_required"] > 1900
