"""Every macro of macros/<area>/ is documented in macros/<area>/_<area>__macros.yml
(../shared/STYLE.md: small helpers documented with `arguments:`): an entry with a
description and the arguments of its signature, in order, each with a type
and a description. Plain files, no dbt run (dbt parse checks the argument
names too, through the validate_macro_args flag of dbt_project.yml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MACROS = REPO / "macros"

MACRO_RE = re.compile(r"{%-?\s*macro\s+(\w+)\s*\((.*?)\)\s*-?%}", re.DOTALL)
COMMENT_RE = re.compile(r"{#.*?#}", re.DOTALL)


def split_arguments(text: str) -> list[str]:
    """Argument names of a Jinja signature: top-level comma-separated parts,
    defaults (`checks=[]`, `column='ticket_id'`) dropped."""
    parts, depth, quote, current = [], 0, None, ""
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [part.split("=", 1)[0].strip() for part in parts if part.strip()]


def defined_macros(area: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (file, argument names) of the macros defined in an area folder."""
    found: dict[str, tuple[str, list[str]]] = {}
    for path in sorted(area.glob("*.sql")):
        relative = path.relative_to(REPO).as_posix()
        source = COMMENT_RE.sub("", path.read_text())
        for match in MACRO_RE.finditer(source):
            name = match.group(1)
            assert name not in found, f"{name} defined twice in {area.name}"
            found[name] = (relative, split_arguments(match.group(2)))
    return found


def documented_macros(area: Path) -> dict[str, dict]:
    """name -> entry of the area's _<area>__macros.yml."""
    path = area / f"_{area.name}__macros.yml"
    if not path.exists():
        return {}
    document = yaml.safe_load(path.read_text()) or {}
    entries: dict[str, dict] = {}
    for entry in document.get("macros") or []:
        assert entry.get("name") not in entries, f"{entry.get('name')} documented twice"
        entries[entry.get("name")] = entry
    return entries


AREAS = sorted(path for path in MACROS.iterdir() if path.is_dir())


def test_every_area_has_its_macro_file():
    assert AREAS, "no macro folders found"
    missing = [
        f"macros/{area.name}/_{area.name}__macros.yml"
        for area in AREAS
        if defined_macros(area) and not (area / f"_{area.name}__macros.yml").exists()
    ]
    assert not missing, f"missing macro property files: {missing}"


def test_no_property_files_elsewhere():
    stray = [
        path.relative_to(REPO).as_posix()
        for path in MACROS.rglob("*.yml")
        if path.name != f"_{path.parent.name}__macros.yml" or path.parent.parent != MACROS
    ]
    assert not stray, f"macro property files must be macros/<area>/_<area>__macros.yml: {stray}"


@pytest.mark.parametrize("area", AREAS, ids=lambda area: area.name)
def test_macros_documented_with_their_arguments(area: Path):
    defined = defined_macros(area)
    documented = documented_macros(area)
    problems = []
    for name, (file, arguments) in defined.items():
        entry = documented.get(name)
        if entry is None:
            problems.append(f"{file}: macro {name} is not documented")
            continue
        if not str(entry.get("description") or "").strip():
            problems.append(f"{file}: macro {name} has an empty description")
        listed = entry.get("arguments") or []
        names = [argument.get("name") for argument in listed]
        if names != arguments:
            problems.append(
                f"{file}: macro {name} documents arguments {names}, its signature has {arguments}"
            )
        for argument in listed:
            for field in ("type", "description"):
                if not str(argument.get(field) or "").strip():
                    argument_name = argument.get("name")
                    problems.append(f"{file}: {name} argument {argument_name} has no {field}")
    for name in documented.keys() - defined.keys():
        problems.append(f"macros/{area.name}: {name} is documented but not defined there")
    assert not problems, "\n".join(problems)


def test_signature_parsing():
    assert split_arguments("") == []
    assert split_arguments("table, key, columns, checks=[], source_filter=none") == [
        "table",
        "key",
        "columns",
        "checks",
        "source_filter",
    ]
    assert split_arguments("column='a,b', scoped={'x': 1, 'y': [2, 3]}") == ["column", "scoped"]
