"""CSV in SPEC section 1's dialect (header row, comma, double quotes), read
line by line, for the files DuckDB's strict CSV reader rejects.

Each record is split on its own (RFC 4180 quoting), so one bad line never
swallows the next ones. A quoted value may span lines (a message body, an
agent's name with a line break): a line that leaves a quote open is joined
with the following ones until the quotes balance and the record splits into
the header's fields (at most MAX_RECORD_LINES lines, none of them a record
by itself); when they never do, the line alone is the bad one. A record that does not split into the
header's number of fields becomes a row with null values, a read error
(``malformed csv line 12: expected 8 fields, found 9``) and its text, so
staging rejects it with that reason and rows read = rows accepted + rows
rejected still holds. Blank lines are skipped; the row number of a row is
its position among the records after the header.
"""

from __future__ import annotations

import gzip
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# one field: quoted (doubled quotes inside), unquoted (no comma, no leading
# quote; a stray quote inside is kept as written) or empty
FIELD = r'("(?:[^"]|"")*"|[^,"][^,]*|)'
ANY_FIELDS = re.compile(f"^{FIELD}(,{FIELD})*$", re.DOTALL)
FIELD_START = re.compile(f"(?:^|,){FIELD}", re.DOTALL)
# the most physical lines one record (a quoted value with line breaks) may span
MAX_RECORD_LINES = 1000
# what is stripped from a header name: blanks, quotes, CR and a byte order mark
HEADER_STRIP = ' "\t\r\ufeff'


@dataclass(frozen=True)
class CsvRow:
    """One data line: its values (None where empty), or why it could not be read."""

    row_number: int
    values: tuple[str | None, ...] | None
    read_error: str | None = None
    raw_line: str | None = None


def _open(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in .gz."""
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


# byte order marks of UTF-16 and UTF-32 (UTF-32 LE's starts like UTF-16 LE's)
WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def wide_encoding(path: Path) -> str | None:
    """'UTF-16' or 'UTF-32' when the file starts with their byte order mark or
    its first bytes hold NUL bytes between characters (no mark), else None."""
    with _open(path) as handle:
        head = handle.read(64)
    for bom, name in WIDE_BOMS.items():
        if head.startswith(bom):
            return name
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        return "UTF-16"
    return None


def _physical_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, bytes without the line break) of every line."""
    with _open(path) as handle:
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


def _decode(line: bytes) -> tuple[str, str | None]:
    """The line as text, and "not valid UTF-8" when it is not."""
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), "not valid UTF-8"


class _Lines:
    """The physical lines of a file, read one at a time, with lines read
    ahead and not used put back (the file is never held whole)."""

    def __init__(self, path: Path) -> None:
        self._lines = _physical_lines(path)
        self._back: deque[tuple[int, bytes]] = deque()

    def next(self) -> tuple[int, bytes] | None:
        return self._back.popleft() if self._back else next(self._lines, None)

    def put_back(self, lines: list[tuple[int, bytes]]) -> None:
        self._back.extendleft(reversed(lines))


def _multi_line_record(lines: _Lines, text: str, pattern: re.Pattern[str]) -> str | None:
    """When a line leaves a quote open: the record it begins, joined with the
    next lines until the quotes balance (at most MAX_RECORD_LINES lines in
    all, none of the others a record by itself); None, with the lines read
    ahead put back, when no such record splits into the header's fields."""
    joined, taken = text, []
    while joined.count('"') % 2 == 1 and len(taken) < MAX_RECORD_LINES - 1:
        line = lines.next()
        if line is None:
            break
        taken.append(line)
        following, error = _decode(line[1])
        # a line that is a record by itself is one: the quote left open
        # was a mistake, not a value going on
        if error is not None or (following.count('"') % 2 == 0 and pattern.match(following)):
            break
        joined += "\n" + following
    else:
        if joined.count('"') % 2 == 0 and pattern.match(joined):
            return joined
    lines.put_back(taken)
    return None


def read_rows(path: Path, column_count: int) -> Iterator[CsvRow]:
    """Every record after the header (blank lines skipped), as a row or a
    read error."""
    pattern = _line_pattern(column_count)
    lines = _Lines(path)
    seen_header = False
    row_number = 0
    while (line := lines.next()) is not None:
        line_number, raw = line
        text, error = _decode(raw)
        if _is_blank(text):
            continue
        if not seen_header:
            seen_header = True
            continue
        row_number += 1
        if error is None:
            error = line_error(text, pattern, column_count)
        if error is not None and text.count('"') % 2 == 1:
            # not a record alone, and a quote left open: a value may go on
            # over the next lines
            record = _multi_line_record(lines, text, pattern)
            if record is not None:
                text, error = record, None
        if error is not None:
            yield CsvRow(row_number, None, f"malformed csv line {line_number}: {error}", text)
            continue
        fields = pattern.match(text).groups()
        yield CsvRow(row_number, tuple(_unquote(field) for field in fields))
