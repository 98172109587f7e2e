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


def test_quoted_value_spanning_lines_is_one_record(tmp_path: Path):
    """RFC 4180: a quoted value may hold line breaks (CRLF too, and blank
    lines); the record is one row, and the rows after it keep their numbers."""
    path = write(
        tmp_path / "t.csv",
        'a,b,c\n1,"first line\r\n\nthird, line",x\n2,"say ""hi""\nbye",y\n3,plain,z\n',
    )
    rows = list(read_rows(path, 3))
    assert [r.row_number for r in rows] == [1, 2, 3]
    assert rows[0].values == ("1", "first line\n\nthird, line", "x")
    assert rows[1].values == ("2", 'say "hi"\nbye', "y")
    assert rows[2].values == ("3", "plain", "z")
    assert all(r.read_error is None for r in rows)


def test_quote_never_closed_is_the_bad_line_alone(tmp_path: Path):
    """An open quote that no later line closes into a record does not
    swallow the lines after it."""
    path = write(tmp_path / "t.csv", 'a,b,c\n1,"open,x\n2,b,c\n3,"q",z\n')
    rows = list(read_rows(path, 3))
    assert rows[0].read_error == "malformed csv line 2: unbalanced quotes"
    assert [r.values for r in rows[1:]] == [("2", "b", "c"), ("3", "q", "z")]
    # a later line closing a quote does not join the valid records between
    path = write(tmp_path / "u.csv", 'a,b,c\n1,2,"open\n2,b,c\n3,x,close"\n4,y,z\n')
    rows = list(read_rows(path, 3))
    assert rows[0].read_error == "malformed csv line 2: unbalanced quotes"
    assert rows[1].values == ("2", "b", "c")
    assert rows[2].values == ("3", "x", 'close"')  # a stray quote in a plain value
    assert rows[3].values == ("4", "y", "z")


def test_multi_line_csv_registers_one_row_per_record(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    write(
        raw / "agents.csv",
        'agent_id,agent_name,team,is_bot\nA1,"Ann\nMarie",red,false\nA2,Bob,blue,false\n',
    )
    reg.register_raw(con, raw)
    assert rows(con, "select agent_id, agent_name, _row_number from raw.agents") == [
        ("A1", "Ann\nMarie", 1),
        ("A2", "Bob", 2),
    ]


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
    assert len(notes) == 1 and "reading it record by record" in notes[0]
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


def test_column_named_twice_stops_naming_the_file(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    write(
        raw / "messages.csv",
        "message_id,ticket_id,sent_at,author_type,is_public,Ticket_ID\n"
        "M1,T1,2025-04-14T12:00:00Z,agent,t,T2\n",
    )
    with pytest.raises(reg.RawInputError, match=r"messages\.csv\) names column 'ticket_id'"):
        reg.register_raw(con, raw)
    (raw / "messages.csv").unlink()
    pq.write_table(
        pa.table(
            {
                "message_id": ["M1"],
                "ticket_id": ["T1"],
                "TICKET_ID ": ["T2"],
                "sent_at": ["2025-04-14T12:00:00Z"],
                "author_type": ["agent"],
            }
        ),
        raw / "messages.parquet",
    )
    with pytest.raises(reg.RawInputError, match=r"columns 2, 3\)"):
        reg.register_raw(con, raw)


def test_gzip_csv_is_read(tmp_path: Path, con):
    import gzip

    raw = minimal_dataset(tmp_path / "raw")
    text = (raw / "tickets.csv").read_bytes()
    (raw / "tickets.csv").unlink()
    (raw / "tickets.csv.gz").write_bytes(gzip.compress(text))
    # a malformed gzip file goes the record-by-record way
    (raw / "messages.csv.gz").write_bytes(
        gzip.compress((raw / "messages.csv").read_bytes() + b"M2,T1,x,agent,t,extra\n")
    )
    (raw / "messages.csv").unlink()
    notes = reg.register_raw(con, raw)
    assert rows(con, "select count(*) from raw.tickets") == [(3,)]
    assert rows(con, "select file_format from raw._helpdesk_tables where table_name = 'tickets'")[
        0
    ] == ("csv.gz",)
    assert rows(con, "select message_id, _read_error is not null from raw.messages") == [
        ("M1", False),
        (None, True),
    ]
    assert not [note for note in notes if note.startswith(reg.UNREAD_FILE)]


def test_files_meant_for_a_table_and_not_read_are_named(tmp_path: Path, con):
    raw = minimal_dataset(tmp_path / "raw")
    write(raw / "Leads.csv", "lead_id,created_at\nL1,2025-04-14T10:00:00Z\n")
    write(raw / "holidays.tsv", "schedule_id\tholiday_date\n")
    write(raw / "calls.json", "[]")
    write(raw / "messages.parquet.bak", "x")
    pq.write_table(pa.table({"ticket_id": ["T9"]}), raw / "tickets.parquet.old")
    write(raw / "notes.txt", "not a table")
    write(raw / "ticket_events.csv.gz", "")  # ticket_events.csv is read
    notes = [n for n in reg.register_raw(con, raw) if n.startswith(reg.UNREAD_FILE)]
    named = {note.split(": ")[1].rsplit("/", 1)[1]: note for note in notes}
    assert set(named) == {
        "Leads.csv",
        "holidays.tsv",
        "calls.json",
        "messages.parquet.bak",
        "tickets.parquet.old",
        "ticket_events.csv.gz",
    }, notes
    assert "differs from leads.csv only in case" in named["Leads.csv"]
    assert "ticket_events.csv is read instead" in named["ticket_events.csv.gz"]
    assert "reads holidays.parquet, holidays.csv, holidays.csv.gz" in named["holidays.tsv"]
    # the leads table stays absent (empty), as the note says
    assert rows(con, "select count(*) from raw.leads") == [(0,)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_wide_encodings_are_named(tmp_path: Path, con, encoding: str):
    raw = minimal_dataset(tmp_path / "raw")
    text = (raw / "messages.csv").read_text()
    (raw / "messages.csv").write_bytes(text.encode(encoding))
    expected = "UTF-32" if "32" in encoding else "UTF-16"
    with pytest.raises(reg.RawInputError, match=f"messages.csv\\) is encoded as {expected}"):
        reg.register_raw(con, raw)


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


HOSTILE_DIRECTORIES = [
    "with space",
    "ünïcødé 日本",
    "o'brien",
    'double"quote',
    "glob*?[a-z]{x,y}",
    # an injection attempt: were the path pasted into SQL, this would end the
    # string and write pwned.csv into the working directory
    "x'); copy (select 42) to 'pwned.csv' (format csv); --",
    "x' || (select 1) || '",
]


@pytest.mark.parametrize("name", HOSTILE_DIRECTORIES)
def test_hostile_paths_are_read_literally_and_run_nothing(tmp_path, con, monkeypatch, name):
    """A raw_data_path with spaces, unicode, quotes, glob characters or SQL
    is read as the directory it names, and runs nothing."""
    monkeypatch.chdir(tmp_path)
    raw = minimal_dataset(tmp_path / name)
    # a csv read line by line and a parquet file take other code paths
    with (raw / "messages.csv").open("a") as handle:
        handle.write("M2,T1,2025-04-14T12:05:00Z,agent,t,extra\n")
    pq.write_table(
        pa.table({"agent_id": ["A1"], "agent_name": ["Ann"], "team": ["x"], "is_bot": [False]}),
        raw / "agents.parquet",
    )
    reg.register_raw(con, raw)
    assert rows(con, "select count(*) from raw.tickets") == [(3,)]
    assert rows(con, "select count(*) from raw.messages") == [(2,)]
    assert rows(con, "select count(*) from raw.agents") == [(1,)]
    assert rows(con, "select raw_data_path from raw._helpdesk_registration") == [(str(raw),)]
    assert not list(tmp_path.rglob("pwned*")), "the path ran as SQL"


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


def test_loader_quotes_spark_paths():
    """SUPPORT_SPARK_DIR reaches Spark SQL as a string literal, escaped."""
    from supportwh.load_raw import spark_string

    assert spark_string("/data/o'brien\\x") == "'/data/o\\'brien\\\\x'"
