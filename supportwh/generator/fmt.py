"""Fast, vectorised formatting of ids, timestamps and dates into Arrow string arrays.

``pyarrow.compute.strftime`` costs about 1.5 µs per value, which dominates a run
with tens of millions of timestamps, so the strings are assembled here from
digit matrices with numpy and handed to Arrow as raw buffers.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_ZERO = ord("0")


def _digits(mat: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    """Write ``values`` zero-padded to ``width`` digits into ``mat[:, col:col+width]``."""
    v = values.astype(np.int64, copy=True)
    for k in range(col + width - 1, col - 1, -1):
        mat[:, k] = _ZERO + (v % 10)
        v //= 10


def _validity(valid: np.ndarray | None, n: int) -> tuple[pa.Buffer | None, int]:
    if valid is None:
        return None, 0
    valid = np.asarray(valid, dtype=bool)
    nulls = int(n - np.count_nonzero(valid))
    if nulls == 0:
        return None, 0
    return pa.py_buffer(np.packbits(valid, bitorder="little")), nulls


def _from_matrix(mat: np.ndarray, lengths: np.ndarray | None, valid: np.ndarray | None):
    """Build a string array from a (n, w) uint8 matrix; rows may be shorter (``lengths``)."""
    n, w = mat.shape
    if lengths is None:
        offsets = np.arange(0, (n + 1) * w, w, dtype=np.int64)
        data = np.ascontiguousarray(mat).reshape(-1)
    else:
        lengths = lengths.astype(np.int64)
        if valid is not None:
            lengths = np.where(valid, lengths, 0)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        keep = np.arange(w)[None, :] < lengths[:, None]
        data = mat[keep]
    vbuf, nulls = _validity(valid, n)
    typ = pa.large_string() if offsets[-1] >= 2**31 - 1 else pa.string()
    if typ == pa.string():
        offsets = offsets.astype(np.int32)
    arr = pa.Array.from_buffers(
        typ, n, [vbuf, pa.py_buffer(offsets), pa.py_buffer(data)], null_count=nulls
    )
    return arr if typ == pa.string() else arr.cast(pa.string())


def ids(prefix: str, numbers: np.ndarray, width: int, valid: np.ndarray | None = None):
    """``prefix`` + ``numbers`` zero-padded to ``width`` digits (string order = numeric order)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    n = len(numbers)
    p = prefix.encode()
    mat = np.empty((n, len(p) + width), dtype=np.uint8)
    mat[:, : len(p)] = np.frombuffer(p, dtype=np.uint8)
    nums = numbers if valid is None else np.where(valid, numbers, 0)
    _digits(mat, len(p), nums, width)
    return _from_matrix(mat, None, valid)


def civil(days: np.ndarray):
    """Days since 1970-01-01 -> (year, month, day) (proleptic Gregorian, vectorised)."""
    z = days.astype(np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = y + (m <= 2)
    return y, m, d


def dates(days: np.ndarray, valid: np.ndarray | None = None):
    """``YYYY-MM-DD`` strings from days since epoch."""
    days = np.asarray(days, dtype=np.int64)
    n = len(days)
    y, m, d = civil(np.where(valid, days, 0) if valid is not None else days)
    mat = np.empty((n, 10), dtype=np.uint8)
    _digits(mat, 0, y, 4)
    mat[:, 4] = ord("-")
    _digits(mat, 5, m, 2)
    mat[:, 7] = ord("-")
    _digits(mat, 8, d, 2)
    return _from_matrix(mat, None, valid)


def clock(seconds_of_day: np.ndarray):
    """``HH:MM:SS`` strings."""
    s = np.asarray(seconds_of_day, dtype=np.int64)
    mat = np.empty((len(s), 8), dtype=np.uint8)
    _digits(mat, 0, s // 3600, 2)
    mat[:, 2] = ord(":")
    _digits(mat, 3, (s // 60) % 60, 2)
    mat[:, 5] = ord(":")
    _digits(mat, 6, s % 60, 2)
    return _from_matrix(mat, None, None)


# CSV rendering of a timestamp column: which suffix each value gets.
SUFFIX_Z = 0  # "Z"
SUFFIX_OFFSET = 1  # "+HH:MM" / "-HH:MM" with the wall clock shifted accordingly
SUFFIX_NONE = 2  # no designator at all (the SPEC reads it as UTC)


_TOD: np.ndarray | None = None
_MS: np.ndarray | None = None


def _tod_table() -> np.ndarray:
    """``HH:MM:SS`` for every second of the day, as little-endian uint64 words."""
    global _TOD
    if _TOD is None:
        s = np.arange(86400)
        t = np.empty((86400, 8), dtype=np.uint8)
        _digits(t, 0, s // 3600, 2)
        t[:, 2] = ord(":")
        _digits(t, 3, (s // 60) % 60, 2)
        t[:, 5] = ord(":")
        _digits(t, 6, s % 60, 2)
        _TOD = t.view("<u8").ravel().copy()
    return _TOD


def _ms_table() -> np.ndarray:
    """``.fff`` for every millisecond, as uint32 words."""
    global _MS
    if _MS is None:
        t = np.empty((1000, 4), dtype=np.uint8)
        t[:, 0] = ord(".")
        _digits(t, 1, np.arange(1000), 3)
        _MS = t.view("<u4").ravel().copy()
    return _MS


def _date_tables(dmin: int, dmax: int):
    y, m, d = civil(np.arange(dmin, dmax + 1, dtype=np.int64))
    t = np.empty((dmax - dmin + 1, 10), dtype=np.uint8)
    _digits(t, 0, y, 4)
    t[:, 4] = ord("-")
    _digits(t, 5, m, 2)
    t[:, 7] = ord("-")
    _digits(t, 8, d, 2)
    return t[:, :8].copy().view("<u8").ravel(), t[:, 8:].copy().view("<u2").ravel()


def timestamps(
    seconds: np.ndarray,
    valid: np.ndarray | None = None,
    millis: np.ndarray | None = None,
    offset_minutes: np.ndarray | None = None,
    suffix: np.ndarray | None = None,
):
    """ISO-8601 strings for epoch ``seconds`` (+ optional milliseconds).

    Default: ``YYYY-MM-DDTHH:MM:SSZ`` (``.fff`` before the ``Z`` when ``millis``
    is given). ``suffix``/``offset_minutes`` choose per value a ``Z``, an explicit
    offset (the wall clock is shifted so that the instant is unchanged) or no
    designator.
    """
    secs = np.asarray(seconds, dtype=np.int64)
    n = len(secs)
    if valid is not None:
        secs = np.where(valid, secs, secs[valid][0] if valid.any() else 0)
    if suffix is not None:
        off = np.where(suffix == SUFFIX_OFFSET, offset_minutes, 0).astype(np.int64)
        secs = secs + off * 60
    has_ms = millis is not None
    base = 23 if has_ms else 19
    width = base + (6 if suffix is not None else 1)
    if n == 0:
        return pa.array([], type=pa.string())
    days = np.floor_divide(secs, 86400)
    sod = secs - days * 86400
    dmin = int(days.min())
    d8, d2 = _date_tables(dmin, int(days.max()))
    di = days - dmin
    fields = {"names": ["d8", "d2", "t", "t8"], "formats": ["<u8", "<u2", "u1", "<u8"]}
    offsets = [0, 8, 10, 11]
    if has_ms:
        fields["names"].append("ms")
        fields["formats"].append("<u4")
        offsets.append(19)
    rec = np.empty(n, dtype=np.dtype({**fields, "offsets": offsets, "itemsize": width}))
    rec["d8"] = d8[di]
    rec["d2"] = d2[di]
    rec["t"] = ord("T")
    rec["t8"] = _tod_table()[sod]
    if has_ms:
        rec["ms"] = _ms_table()[np.asarray(millis, dtype=np.intp)]
    mat = rec.view(np.uint8).reshape(n, width)
    mat[:, base] = ord("Z")
    if suffix is None:
        return _from_matrix(mat, None, valid)
    lengths = np.full(n, base + 1, dtype=np.int64)
    is_off = suffix == SUFFIX_OFFSET
    if is_off.any():
        om = offset_minutes[is_off].astype(np.int64)
        a = np.abs(om)
        tmp = np.empty((len(a), 6), dtype=np.uint8)
        tmp[:, 0] = np.where(om < 0, ord("-"), ord("+"))
        _digits(tmp, 1, a // 60, 2)
        tmp[:, 3] = ord(":")
        _digits(tmp, 4, a % 60, 2)
        mat[is_off, base:] = tmp
        lengths[is_off] = base + 6
    lengths[suffix == SUFFIX_NONE] = base
    return _from_matrix(mat, lengths, valid)
