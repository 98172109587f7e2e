"""CSV in SPEC section 1's dialect (header row, comma, double quotes), read
line by line, for the files DuckDB's strict CSV reader rejects.

Each physical line is split on its own (RFC 4180 quoting; a value may not
span lines), so one bad line never swallows the next ones. A line that does
not split into the header's number of fields becomes a row with null values,
a read error (``malformed csv line 12: expected 8 fields, found 9``) and its
text, so staging rejects it with that reason and rows read = rows accepted +
rows rejected still holds. Blank lines are skipped; the row number of a row is
its position among the non-blank lines after the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# one field: quoted (doubled quotes inside), unquoted (no comma, no leading
# quote; a stray quote inside is kept as written) or empty
FIELD = r'("(?:[^"]|"")*"|[^,"][^,]*|)'
ANY_FIELDS = re.compile(f"^{FIELD}(,{FIELD})*$", re.DOTALL)
FIELD_START = re.compile(f"(?:^|,){FIELD}", re.DOTALL)
# what is stripped from a header name: blanks, quotes, CR and a byte order mark
HEADER_STRIP = ' "\t\r\ufeff'


@dataclass(frozen=True)
class CsvRow:
    """One data line: its values (None where empty), or why it could not be read."""

    row_number: int
    values: tuple[str | None, ...] | None
    read_error: str | None = None
    raw_line: str | None = None


def _physical_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, bytes without the line break) of every line."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            yield number, line.rstrip(b"\n").rstrip(b"\r")


def _is_blank(text: str) -> bool:
    return text.strip(" ") == ""


def header_names(path: Path) -> list[str]:
    """Lower-cased column names of the first non-blank line ([] when none)."""
    for _, line in _physical_lines(path):
        text = line.decode("utf-8", errors="replace")
        if not _is_blank(text):
            return [name.strip(HEADER_STRIP).lower() for name in text.split(",")]
    return []


def _line_pattern(column_count: int) -> re.Pattern[str]:
    return re.compile("^" + ",".join([FIELD] * column_count) + "$", re.DOTALL)


def _unquote(field: str) -> str | None:
    if field.startswith('"'):
        field = field[1:-1].replace('""', '"')
    return field or None


def line_error(text: str, pattern: re.Pattern[str], column_count: int) -> str | None:
    """Why a line is not a record of column_count fields, or None."""
    if pattern.match(text):
        return None
    if ANY_FIELDS.match(text):
        return f"expected {column_count} fields, found {len(FIELD_START.findall(text))}"
    if text.count('"') % 2 == 1:
        return "unbalanced quotes"
    return "misplaced quote"


def read_rows(path: Path, column_count: int) -> Iterator[CsvRow]:
    """Every non-blank line after the header, as a row or a read error."""
    pattern = _line_pattern(column_count)
    seen_header = False
    row_number = 0
    for line_number, line in _physical_lines(path):
        try:
            text = line.decode("utf-8")
            error = None
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            error = "not valid UTF-8"
        if _is_blank(text):
            continue
        if not seen_header:
            seen_header = True
            continue
        row_number += 1
        if error is None:
            error = line_error(text, pattern, column_count)
        if error is not None:
            yield CsvRow(row_number, None, f"malformed csv line {line_number}: {error}", text)
            continue
        fields = pattern.match(text).groups()
        yield CsvRow(row_number, tuple(_unquote(field) for field in fields))
