"""The Python tools read the one raw contract (supportwh/raw/contract.py).

The generator's schemas and enum lists, the corpus's column lists, keys, ids,
timestamps and enum domains and the snapshot's columns must equal what the
contract declares (dbt_project.yml vars helpdesk_raw_contract, helpdesk_enums).
"""

from __future__ import annotations

import pytest

from supportwh.generator import config as generator_config
from supportwh.generator import writer
from supportwh.raw.contract import raw_contract, raw_enums
from supportwh_dev import snapshot
from supportwh_dev.corpus import contract as corpus

CONTRACT = raw_contract()
STAMP_TYPES = ("timestamp", "date")


@pytest.mark.parametrize("table", list(CONTRACT))
def test_generator_schema_is_the_contract(table):
    # an optional column the generator has no values for is left out of its files
    assert writer.schema(table).names == [
        c for c in CONTRACT[table].column_names if (table, c) not in writer.NOT_GENERATED
    ]
    for left_out_table, column in writer.NOT_GENERATED:
        declared = {c.name: c for c in CONTRACT[left_out_table].columns}
        assert column in declared and not declared[column].required, column
    assert writer.timestamp_columns(table) == [
        c.name for c in CONTRACT[table].columns if c.type == "timestamp"
    ]


def test_generator_tables_are_the_contract():
    assert writer.TABLE_NAMES == list(CONTRACT)


GENERATOR_ENUMS = {
    "channel": "CHANNELS",
    "priority": "PRIORITIES",
    "created_by_type": "CREATED_BY",
    "status": "STATUSES",
    "event_type": "EVENT_TYPES",
    "tier": "TIERS",
    "escalation_reason": "ESCALATION_REASONS",
    "reopen_reason": "REOPEN_REASONS",
    "linked_issue_reason": "LINKED_ISSUE_REASONS",
    "author_type": "AUTHOR_TYPES",
    "survey_type": "SURVEY_TYPES",
    "agent_status": "AGENT_STATUSES",
    "shift_activity": "SHIFT_ACTIVITIES",
    "call_direction": "CALL_DIRECTIONS",
    "call_outcome": "CALL_OUTCOMES",
    "entry_point": "SS_ENTRY_POINTS",
    "self_service_outcome": "SS_OUTCOMES",
    "cost_type": "COST_TYPES",
}


def test_generator_enums_are_the_contract_domains():
    assert set(GENERATOR_ENUMS) == set(raw_enums())
    for domain, name in GENERATOR_ENUMS.items():
        drawn = [*getattr(generator_config, name), *generator_config.NEVER_DRAWN.get(domain, ())]
        assert sorted(drawn) == sorted(raw_enums()[domain]), domain


@pytest.mark.parametrize("table", list(CONTRACT))
def test_corpus_contract_is_the_contract(table):
    declared = CONTRACT[table]
    assert corpus.COLUMNS[table] == declared.column_names
    assert corpus.ID_COLUMN[table] == declared.id_column
    assert corpus.KEY[table] == declared.key
    assert (table in corpus.REQUIRED_TABLES) == declared.required
    stamps = [c.name for c in declared.columns if c.type in STAMP_TYPES]
    assert [c for c, _ in corpus.TIMESTAMPS.get(table, [])] == stamps
    enums = {
        c.name: {v.lower() for v in raw_enums()[c.values]}
        for c in declared.columns
        if c.type == "enum"
    }
    assert {c: v for (t, c), (v, _) in corpus.ENUMS.items() if t == table and c in enums} == enums


def test_corpus_tables_are_the_contract():
    assert list(corpus.COLUMNS) == list(CONTRACT)


def test_corpus_rules_name_contract_columns():
    for rules in (corpus.ORDERED, corpus.NON_NEGATIVE, corpus.NULLABLE_TIMESTAMPS):
        for table, columns in rules.items():
            names = {c for item in columns for c in (item if isinstance(item, tuple) else (item,))}
            assert names <= set(CONTRACT[table].column_names), table


@pytest.mark.parametrize("table", list(CONTRACT))
def test_snapshot_columns_are_the_contract(table):
    declared = CONTRACT[table]
    names = set(declared.column_names)
    stamps = {c.name for c in declared.columns if c.type in STAMP_TYPES}
    rule = snapshot.RULES[table]
    assert set(snapshot.all_before(table)) <= stamps
    for trigger, columns in rule.updates.items():
        assert trigger in stamps and set(columns) <= names, (table, trigger)
    if rule.late:
        assert snapshot.late_column(table) == declared.loaded_at in stamps
