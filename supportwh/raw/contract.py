"""The raw input contract (SPEC section 1), as the Python code reads it.

Declared once, as the project vars ``helpdesk_raw_contract`` and
``helpdesk_enums`` in dbt_project.yml (the dbt macros read them with
``var()``: macros/raw/). Per table: whether the file must exist
(``required``), its id column (``id_column``; null: rows are identified by
their row number), the key duplicates are judged by (``key``), its event-time
column (``loaded_at``: the timestamp whose latest value says how current the
table is; null for reference tables) and its columns in order, each with
``required`` (a file must carry it; else read as null when absent) and its
logical ``type`` (text, timestamp, date, time, number, boolean, or enum with
its domain ``values`` in helpdesk_enums).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

# the dbt project: this checkout, or SUPPORT_PROJECT_DIR when the package is
# installed (pip install .) apart from it
REPO = Path(os.environ.get("SUPPORT_PROJECT_DIR") or Path(__file__).resolve().parents[2])
PROJECT_YAML = REPO / "dbt_project.yml"
# The two vars as the wheel ships them (pip install . has no dbt_project.yml):
# written from dbt_project.yml by `python -m supportwh.raw.contract`, and
# tests/test_raw_layer.py fails when it differs from the declaration.
PACKAGED_YAML = Path(__file__).with_name("contract.yml")
CONTRACT_VAR = "helpdesk_raw_contract"
ENUMS_VAR = "helpdesk_enums"


TYPES = ("text", "timestamp", "date", "time", "number", "boolean", "enum")


@dataclass(frozen=True)
class RawColumn:
    name: str
    required: bool
    type: str = "text"
    # the enum domain's name in helpdesk_enums (type enum only)
    values: str | None = None


@dataclass(frozen=True)
class RawTable:
    name: str
    required: bool
    id_column: str | None
    loaded_at: str | None
    key: tuple[str, ...]
    columns: tuple[RawColumn, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


class ContractError(ValueError):
    """dbt_project.yml does not declare a usable contract."""


def _table(name: str, declared: dict, enums: dict[str, list[str]]) -> RawTable:
    columns = []
    for column, spec in (declared.get("columns") or {}).items():
        spec = spec or {}
        column_type = spec.get("type", "text")
        if column_type not in TYPES:
            raise ContractError(f"{name}.{column}: unknown type {column_type!r}")
        values = spec.get("values")
        if (column_type == "enum") != (values is not None) or (values and values not in enums):
            raise ContractError(f"{name}.{column}: an enum column names its domain in enums")
        columns.append(RawColumn(column, bool(spec.get("required")), column_type, values))
    if not columns:
        raise ContractError(f"raw table {name!r} declares no columns")
    key = tuple(declared.get("key") or ())
    names = {column.name for column in columns}
    if not key or not set(key) <= names:
        raise ContractError(f"raw table {name!r}: key {key} is not among its columns")
    return RawTable(
        name=name,
        required=bool(declared.get("required")),
        id_column=declared.get("id_column"),
        loaded_at=declared.get("loaded_at"),
        key=key,
        columns=tuple(columns),
    )


@cache
def _project_vars(path: Path) -> dict:
    if path == PROJECT_YAML and not path.exists() and PACKAGED_YAML.exists():
        path = PACKAGED_YAML  # an installed package, apart from the checkout
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    project_vars = project.get("vars") or {}
    for name in (CONTRACT_VAR, ENUMS_VAR):
        if not project_vars.get(name):
            raise ContractError(f"{path}: no var {name}")
    return project_vars


def raw_enums(path: Path = PROJECT_YAML) -> dict[str, list[str]]:
    """Enum domain name -> accepted values (var helpdesk_enums)."""
    return {name: list(values) for name, values in _project_vars(path)[ENUMS_VAR].items()}


@cache
def raw_contract(path: Path = PROJECT_YAML) -> dict[str, RawTable]:
    """Raw table name -> RawTable, in the declared order."""
    enums = raw_enums(path)
    declared = _project_vars(path)[CONTRACT_VAR]
    return {name: _table(name, spec, enums) for name, spec in declared.items()}


def write_packaged_copy(path: Path = PACKAGED_YAML) -> None:
    """Write the contract vars of dbt_project.yml to the copy the wheel ships."""
    project_vars = _project_vars(PROJECT_YAML)
    header = (
        "# Generated from dbt_project.yml by `python -m supportwh.raw.contract`: do not edit.\n"
        "# The raw contract as an installed package reads it (no dbt project at hand).\n"
    )
    body = {"vars": {name: project_vars[name] for name in (CONTRACT_VAR, ENUMS_VAR)}}
    path.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    write_packaged_copy()
    print(f"wrote {PACKAGED_YAML}")
