"""The raw layer (supportwh/raw): CSV line reading, registration in DuckDB and
the one declaration of the raw contract. Plain Python, no dbt run."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from supportwh.raw import register as reg
from supportwh.raw.contract import PROJECT_YAML, raw_contract, raw_enums
from supportwh.raw.csv_lines import header_names, read_rows

REPO = Path(__file__).resolve().parents[1]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- csv_lines


def test_header_names_strip_bom_quotes_blanks_and_case(tmp_path: Path):
    path = write(tmp_path / "t.csv", '\n  \n\ufeff"Ticket_ID", Channel ,\tPRIORITY\r\n1,a,b\n')
    assert header_names(path) == ["ticket_id", "channel", "priority"]
    assert header_names(write(tmp_path / "empty.csv", "\n\n")) == []


def test_read_rows_values_quotes_and_row_numbers(tmp_path: Path):
    path = write(
        tmp_path / "t.csv",
        'a,b,c\r\n1,"x, y",\r\n\r\n2,"say ""hi""",z\n3,stray "quote,w\n',
    )
    rows = list(read_rows(path, 3))
    assert [r.row_number for r in rows] == [1, 2, 3]
    assert rows[0].values == ("1", "x, y", None)
    assert rows[1].values == ("2", 'say "hi"', "z")
    assert rows[2].values == ("3", 'stray "quote', "w")
    assert all(r.read_error is None for r in rows)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1,2,3,4", "expected 3 fields, found 4"),
        ("1,2", "expected 3 fields, found 2"),
        ('1,"2,3', "unbalanced quotes"),
        ('"1"x,2,3', "misplaced quote"),
    ],
)
def test_malformed_line_is_a_row_with_its_line_number_and_reason(tmp_path, line, reason):
    # line 1 header, line 2 good, line 3 blank (skipped), line 4 the bad one, line 5 good
    path = write(tmp_path / "t.csv", f"a,b,c\n1,2,3\n\n{line}\n7,8,9\n")
    rows = list(read_rows(path, 3))
    assert [r.row_number for r in rows] == [1, 2, 3]
    bad = rows[1]
    assert bad.values is None
    assert bad.read_error == f"malformed csv line 4: {reason}"
    assert bad.raw_line == line
    assert rows[2].values == ("7", "8", "9"), "the line after a bad one is still read"


def test_invalid_utf8_line_is_rejected_alone(tmp_path: Path):
    path = write(tmp_path / "t.csv", b"a,b\n1,ok\n2,bad\xff\xfe\n3,ok\n")
    rows = list(read_rows(path, 2))
    assert rows[1].read_error == "malformed csv line 3: not valid UTF-8"
    assert rows[0].values == ("1", "ok") and rows[2].values == ("3", "ok")


# --------------------------------------------------------------------------- register


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def minimal_dataset(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write(
        directory / "tickets.csv",
        "ticket_id,customer_id,created_at,channel,category,priority\n"
        "T1,C1,2025-04-14T10:00:00-04:00,email,billing,normal\n"
        "T2,C2,2025-04-14 09:00:00,chat,billing,high\n"
        "T3,C3,yesterday,chat,billing,high\n",
    )
    write(
        directory / "ticket_events.csv",
        "event_id,ticket_id,event_at,event_type,to_value\nE1,T1,2025-04-14T11:00:00Z,x,open\n",
    )
    write(
        directory / "messages.csv",
        "message_id,ticket_id,sent_at,author_type,is_public\nM1,T1,2025-04-14T12:00:00Z,agent,t\n",
    )
    return directory


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_registers_views_inventory_and_loaded_at(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    notes = reg.register_raw(con, raw)
    assert notes == []
    got = rows(con, "select ticket_id, schedule_id, _row_number, _loaded_at from raw.tickets")
    assert got == [
        ("T1", None, 1, dt.datetime(2025, 4, 14, 14, 0)),  # offset converted to UTC
        ("T2", None, 2, dt.datetime(2025, 4, 14, 9, 0)),  # no offset: UTC
        ("T3", None, 3, None),  # unparseable: null, staging rejects it
    ]
    inventory = dict(
        (name, (present, fmt))
        for name, present, _, fmt in rows(con, "select * from raw._helpdesk_tables")
    )
    assert list(inventory) == list(raw_contract())
    assert inventory["tickets"] == (True, "csv")
    assert inventory["calls"] == (False, None)
    assert rows(con, "select count(*) from raw.calls") == [(0,)], "absent optional: empty view"
    assert "from_value" in [c[0] for c in rows(con, "describe raw.ticket_events")]
    assert rows(con, "select raw_data_path from raw._helpdesk_registration") == [(str(raw),)]
    # a clean CSV is a view over DuckDB's reader: no line table
    assert rows(
        con, "select count(*) from duckdb_tables() where table_name like '_csv_lines%'"
    ) == [(0,)]


def test_malformed_csv_is_read_line_by_line(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    with (raw / "messages.csv").open("a") as handle:
        handle.write(
            "M2,T1,2025-04-14T12:05:00Z,agent,t,extra\nM3,T1,2025-04-14T12:06:00Z,agent,f\n"
        )
    notes = reg.register_raw(con, raw)
    assert len(notes) == 1 and "reading it line by line" in notes[0]
    got = rows(
        con,
        "select message_id, is_public, _row_number, _read_error, _raw_line from raw.messages "
        "order by _row_number",
    )
    assert got == [
        ("M1", "t", 1, None, None),
        (None, None, 2, "malformed csv line 3: expected 5 fields, found 6",
         "M2,T1,2025-04-14T12:05:00Z,agent,t,extra"),
        ("M3", "f", 3, None, None),
    ]  # fmt: skip


def test_parquet_typed_columns_read_as_text(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    (raw / "messages.csv").unlink()
    table = pa.table(
        {
            "MESSAGE_ID": ["M1"],
            "ticket_id": ["T1"],
            "sent_at": pa.array(
                [dt.datetime(2025, 4, 14, 12, 0, tzinfo=dt.timezone.utc)], pa.timestamp("us", "UTC")
            ),
            "author_type": ["agent"],
            "is_public": [True],
        }
    )
    pq.write_table(table, raw / "messages.parquet")
    reg.register_raw(con, raw)
    got = rows(con, "select message_id, sent_at, is_public, _row_number from raw.messages")
    assert got == [("M1", "2025-04-14T12:00:00.000000Z", "true", 1)]


def test_numeric_ids_of_typed_parquet_read_as_their_text(tmp_path: Path, con):
    """Ids written as numbers: a pandas-written Parquet file whose integer id
    column has nulls stores it as float (241.0); read as '241', the text the
    same id has in an integer column or a CSV file, so references match."""
    import pandas as pd

    raw = minimal_dataset(tmp_path / "raw")
    (raw / "tickets.csv").unlink()
    (raw / "messages.csv").unlink()
    pd.DataFrame(
        {
            "ticket_id": [241, 242],
            "customer_id": [7, 8],
            "created_at": ["2025-04-14T10:00:00Z"] * 2,
            "channel": ["email"] * 2,
            "category": ["billing"] * 2,
            "priority": ["normal"] * 2,
        }
    ).to_parquet(raw / "tickets.parquet")
    pd.DataFrame(
        {
            "message_id": [1.0, 2.0, 3.0],
            "ticket_id": [241, None, 242],  # float64 with a null
            "sent_at": ["2025-04-14T12:00:00Z"] * 3,
            "author_type": ["agent"] * 3,
            "is_public": [True, False, True],
            "channel": [" email ", "chat", None],
        }
    ).to_parquet(raw / "messages.parquet")
    pq.write_table(
        pa.table(
            {
                "survey_id": pa.array([5], pa.decimal128(10, 2)),
                "ticket_id": [241.5],
                "survey_type": ["csat"],
                "sent_at": ["2025-04-14T12:00:00Z"],
                "responded_at": [None],
                "score": pa.array([None], pa.float64()),
            }
        ),
        raw / "surveys.parquet",
    )
    reg.register_raw(con, raw)
    assert rows(con, "select ticket_id, customer_id from raw.tickets") == [
        ("241", "7"),
        ("242", "8"),
    ]
    assert rows(con, "select message_id, ticket_id from raw.messages order by _row_number") == [
        ("1", "241"),
        ("2", None),
        ("3", "242"),
    ]
    # a fractional value stays as it is (staging rejects it as an unknown ticket)
    assert rows(con, "select survey_id, ticket_id from raw.surveys") == [("5", "241.5")]


def test_missing_required_table_or_column_names_it(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    (raw / "ticket_events.csv").unlink()
    with pytest.raises(reg.RawInputError, match="Raw table 'ticket_events' is required"):
        reg.register_raw(con, raw)
    raw = minimal_dataset(tmp_path / "raw2")
    write(raw / "tickets.csv", "ticket_id,customer_id,created_at,channel,category\nT1,C,x,y,z\n")
    with pytest.raises(reg.RawInputError, match="lacks required column 'priority'"):
        reg.register_raw(con, raw)


def test_empty_file_and_header_only_read_as_zero_rows(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    write(raw / "calls.csv", "")
    write(raw / "leads.csv", "\n\n")
    notes = reg.register_raw(con, raw)
    assert any("calls.csv is empty" in note for note in notes)
    assert any("leads.csv has no header line" in note for note in notes)
    assert rows(con, "select count(*) from raw.calls") == [(0,)]


def test_paths_with_quotes_and_glob_characters_are_read_literally(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "o'brien [1]*")
    # a sibling that a glob would also match must not be read
    minimal_dataset(tmp_path / "o'brien [1]x")
    reg.register_raw(con, raw)
    assert rows(con, "select count(*) from raw.tickets") == [(3,)]
    assert rows(con, "select raw_data_path from raw._helpdesk_registration") == [(str(raw),)]


def test_bad_schema_name_is_refused(tmp_path: Path, con):
    with pytest.raises(reg.RawInputError, match="not a plain SQL identifier"):
        reg.register_raw(con, minimal_dataset(tmp_path / "raw"), schema="raw; drop table x")


# --------------------------------------------------------------------------- one contract


def test_timestamp_parsing_is_the_dbt_macro(tmp_path: Path):
    """_loaded_at parses timestamps as the dbt macro duckdb__parse_timestamp_utc."""
    macro = (REPO / "macros" / "engine" / "engine_sql.sql").read_text()
    body = macro[macro.index("macro duckdb__parse_timestamp_utc") :]
    patterns = re.findall(r"'(\\d\{4\}[^']*)'", body[: body.index("endmacro")])
    assert patterns == [reg.TIMESTAMP_WITH_OFFSET, reg.TIMESTAMP_WITHOUT_ZONE]


def test_sources_yaml_documents_exactly_the_contract():
    sources = yaml.safe_load(
        (REPO / "models" / "staging" / "helpdesk" / "_helpdesk__sources.yml").read_text()
    )
    helpdesk = next(s for s in sources["sources"] if s["name"] == "helpdesk")
    documented = {
        t["name"]: [c["name"] for c in t.get("columns", [])]
        for t in helpdesk["tables"]
        if not t["name"].startswith("_")
    }
    declared = {name: table.column_names for name, table in raw_contract().items()}
    assert documented == declared


def test_contract_shape():
    contract = raw_contract(PROJECT_YAML)
    assert [t for t, spec in contract.items() if spec.required] == [
        "tickets",
        "ticket_events",
        "messages",
    ]
    for table in contract.values():
        assert table.id_column is None or table.id_column in table.column_names
        assert table.loaded_at is None or table.loaded_at in table.column_names


def test_base_models_judge_duplicates_by_the_contract_key():
    """Each base staging model's key (its `key` dict) is the contract's key."""
    for name, table in raw_contract().items():
        source = (REPO / "models/staging/helpdesk/base" / f"base_helpdesk__{name}.sql").read_text()
        block = source[source.index("{%- set key = {") : source.index("} -%}")]
        assert tuple(re.findall(r"'(\w+)':", block)) == table.key, name


def test_enum_columns_name_a_declared_domain():
    enums = raw_enums()
    for table in raw_contract().values():
        for column in table.columns:
            if column.type == "enum":
                assert column.values in enums and enums[column.values], column


def test_packaged_contract_copy_is_the_declaration():
    """The wheel's copy of the contract (supportwh/raw/contract.yml) holds the
    vars of dbt_project.yml; after editing them: python -m supportwh.raw.contract."""
    from supportwh.raw import contract

    packaged = yaml.safe_load(contract.PACKAGED_YAML.read_text())["vars"]
    declared = yaml.safe_load(PROJECT_YAML.read_text())["vars"]
    for name in (contract.CONTRACT_VAR, contract.ENUMS_VAR):
        assert packaged[name] == declared[name], f"run: python -m supportwh.raw.contract ({name})"
