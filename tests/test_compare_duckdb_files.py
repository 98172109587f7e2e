"""The two-warehouse mode of supportwh_dev.compare_engines (--other-duckdb):
a redesign proves every public relation unchanged against a baseline build.

Fast: two tiny DuckDB files made here; each case changes the second one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from supportwh_dev.compare_engines import compare_duckdb_files, main, parse_renames

BASELINE = [
    "create table fact_ticket (ticket_id varchar, fcr_status varchar, "
    "handle_minutes double, is_reopened boolean, built_at timestamp)",
    "insert into fact_ticket values "
    "('T1', 'first_contact', 12.5, false, '2025-01-01 10:00'), "
    "('T2', 'not_first_contact', 40.25, true, '2025-01-01 10:00'), "
    "('T3', 'pending', null, false, '2025-01-01 10:00')",
    "create table dim_agent (agent_id varchar, team varchar)",
    "insert into dim_agent values ('A1', 'tier1'), ('A2', 'tier2')",
]


def warehouse(path: Path, statements: list[str]) -> str:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return str(path)


@pytest.fixture
def baseline(tmp_path: Path) -> str:
    return warehouse(tmp_path / "baseline.duckdb", BASELINE)


def other(tmp_path: Path, *changes: str) -> str:
    return warehouse(tmp_path / "other.duckdb", [*BASELINE, *changes])


def test_equal_warehouses_agree(baseline, tmp_path, capsys):
    # another build time (bookkeeping), float noise within 1e-6, rows in another order
    path = other(
        tmp_path,
        "update fact_ticket set built_at = '2026-02-02 08:00'",
        "update fact_ticket set handle_minutes = handle_minutes * (1 + 1e-9)",
        "create or replace table dim_agent as select * from dim_agent order by agent_id desc",
    )
    problems, compared = compare_duckdb_files(baseline, path)
    assert problems == []
    assert compared == 2
    assert main(["--duckdb", baseline, "--other-duckdb", path]) == 0
    assert "agree: 2 relations" in capsys.readouterr().out


def test_a_changed_value_is_reported(baseline, tmp_path, capsys):
    path = other(tmp_path, "update fact_ticket set handle_minutes = 12.6 where ticket_id = 'T1'")
    problems, _ = compare_duckdb_files(baseline, path)
    assert problems == [
        "fact_ticket: row differs: handle_minutes: 12.5 vs 12.6 (in the row ticket_id='T1')"
    ]
    assert main(["--duckdb", baseline, "--other-duckdb", path]) == 1
    captured = capsys.readouterr()
    assert "fact_ticket:\n  row differs: handle_minutes: 12.5 vs 12.6" in captured.out
    assert "1 of 2 relations differ" in captured.err


def test_a_missing_row_is_reported_with_the_row(baseline, tmp_path):
    path = other(tmp_path, "delete from fact_ticket where ticket_id = 'T2'")
    problems, _ = compare_duckdb_files(baseline, path)
    assert problems[0] == "fact_ticket: 3 rows on baseline, 2 on other"
    assert len(problems) == 2
    assert problems[1].startswith("fact_ticket: row only on baseline: ")
    assert "ticket_id='T2'" in problems[1]


def test_missing_and_extra_relations_are_reported(baseline, tmp_path):
    path = other(tmp_path, "drop table dim_agent", "create table dim_team as select 1 as team_id")
    problems, compared = compare_duckdb_files(baseline, path)
    assert problems == ["dim_agent: only on baseline", "dim_team: only on other"]
    assert compared == 3


def test_a_renamed_column_fails_without_a_mapping_and_passes_with_one(baseline, tmp_path):
    path = other(tmp_path, "alter table fact_ticket rename column fcr_status to fcr_outcome")
    problems, _ = compare_duckdb_files(baseline, path)
    assert problems == [
        "fact_ticket: columns differ (only baseline: ['fcr_status'], only other: ['fcr_outcome'])"
    ]
    renames = parse_renames(["fact_ticket.fcr_status=fact_ticket.fcr_outcome"])
    assert compare_duckdb_files(baseline, path, renames) == ([], 2)
    rename = ["--rename", "fact_ticket.fcr_status=fact_ticket.fcr_outcome"]
    assert main(["--duckdb", baseline, "--other-duckdb", path, *rename]) == 0


def test_a_renamed_relation_and_column_pass_with_the_mapping(baseline, tmp_path):
    path = other(
        tmp_path,
        "alter table dim_agent rename to dim_support_agent",
        "alter table dim_support_agent rename column team to team_name",
    )
    assert len(compare_duckdb_files(baseline, path)[0]) == 2
    renames = parse_renames(["dim_agent.team=dim_support_agent.team_name"])
    assert compare_duckdb_files(baseline, path, renames) == ([], 2)


def test_a_renamed_value_still_differs_after_the_mapping(baseline, tmp_path):
    path = other(
        tmp_path,
        "alter table fact_ticket rename column fcr_status to fcr_outcome",
        "update fact_ticket set fcr_outcome = 'pending' where ticket_id = 'T1'",
    )
    renames = parse_renames(["fact_ticket.fcr_status=fact_ticket.fcr_outcome"])
    problems, _ = compare_duckdb_files(baseline, path, renames)
    assert problems == [
        "fact_ticket: row differs: fcr_outcome: 'first_contact' vs 'pending' "
        "(in the row ticket_id='T1')"
    ]


def test_exclusions_leave_out_a_relation_or_a_column(baseline, tmp_path):
    path = other(
        tmp_path,
        "update dim_agent set team = 'x'",
        "update fact_ticket set is_reopened = not is_reopened",
    )
    problems, _ = compare_duckdb_files(baseline, path)
    # one line per differing row: both agents, all three tickets
    assert [p.partition(":")[0] for p in problems] == ["dim_agent"] * 2 + ["fact_ticket"] * 3
    excluded = ["dim_agent", "fact_ticket.is_reopened"]
    assert compare_duckdb_files(baseline, path, exclude=excluded) == ([], 1)


def test_a_rename_of_something_the_baseline_lacks_is_reported(baseline, tmp_path):
    path = other(tmp_path)
    renames = parse_renames(["fact_ticket.no_such=fact_ticket.x", "no_table=other_table"])
    problems, _ = compare_duckdb_files(baseline, path, renames)
    assert problems == [
        "fact_ticket: --rename names a column the baseline lacks: no_such",
        "no_table: --rename names a relation the baseline lacks",
    ]


@pytest.mark.parametrize("spec", ["fact_ticket", "a.b=c", "a=", "a.b.c=d.e.f", "a.=b.c"])
def test_malformed_renames_are_refused(spec):
    with pytest.raises(ValueError, match="--rename"):
        parse_renames([spec])


def test_the_modes_are_exclusive(baseline):
    with pytest.raises(SystemExit):
        main(["--duckdb", baseline, "--other-duckdb", baseline, "--postgres"])
    with pytest.raises(SystemExit):
        main(["--duckdb", baseline, "--postgres", "--rename", "a=b"])


def test_rows_differing_only_in_a_label_pair_by_the_label(tmp_path: Path):
    """Two slices holding the same tickets give rows equal but for the slice
    name, with sums whose last digits depend on the order they were added
    in. The rows pair by the name, not by those digits: a float just below
    and one just above a rounding boundary of the sort key, swapped between
    the two builds, must not read as a changed slice name."""
    below, above = 1.0000004999999999, 1.0000005000000001
    rows = "insert into mart_kpis values ('plan', {plan}, 3), ('segment', {segment}, 3)"
    create = "create table mart_kpis (slice_name varchar, minutes_avg double, tickets bigint)"
    left = warehouse(tmp_path / "left.duckdb", [create, rows.format(plan=above, segment=below)])
    right = warehouse(tmp_path / "right.duckdb", [create, rows.format(plan=below, segment=above)])
    problems, compared = compare_duckdb_files(left, right)
    assert problems == [] and compared == 1
    changed = warehouse(tmp_path / "changed.duckdb", [create, rows.format(plan=below, segment=2.0)])
    problems, _ = compare_duckdb_files(left, changed)
    assert problems and all("segment" in problem or "2.0" in problem for problem in problems)
