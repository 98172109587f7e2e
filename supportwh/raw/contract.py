"""The raw input contract (SPEC section 1), as the Python code reads it.

Declared once, as the project var ``helpdesk_raw_contract`` in
dbt_project.yml (the dbt macros read it with ``var()``: macros/raw/
helpdesk_raw_schema.sql). Per table: whether the file must exist
(``required``), its id column (``id_column``; null: rows are identified by
their row number), its event-time column (``loaded_at``: the timestamp whose
latest value says how current the table is; null for reference tables) and its
columns in order, each ``required`` (a file must carry it) or ``optional``
(read as null when absent).
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
CONTRACT_VAR = "helpdesk_raw_contract"


@dataclass(frozen=True)
class RawColumn:
    name: str
    required: bool


@dataclass(frozen=True)
class RawTable:
    name: str
    required: bool
    id_column: str | None
    loaded_at: str | None
    columns: tuple[RawColumn, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


class ContractError(ValueError):
    """dbt_project.yml does not declare a usable contract."""


def _table(name: str, declared: dict) -> RawTable:
    columns = []
    for column, presence in (declared.get("columns") or {}).items():
        if presence not in ("required", "optional"):
            raise ContractError(f"{name}.{column}: {presence!r} is not required or optional")
        columns.append(RawColumn(column, presence == "required"))
    if not columns:
        raise ContractError(f"raw table {name!r} declares no columns")
    return RawTable(
        name=name,
        required=bool(declared.get("required")),
        id_column=declared.get("id_column"),
        loaded_at=declared.get("loaded_at"),
        columns=tuple(columns),
    )


@cache
def raw_contract(path: Path = PROJECT_YAML) -> dict[str, RawTable]:
    """Raw table name -> RawTable, in the declared order."""
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    declared = (project.get("vars") or {}).get(CONTRACT_VAR)
    if not declared:
        raise ContractError(f"{path}: no var {CONTRACT_VAR}")
    return {name: _table(name, spec) for name, spec in declared.items()}
