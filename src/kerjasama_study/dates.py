"""Parse the dates found in cooperation registers, with their precision.

Accepted: ISO (``2025-11-03``, ``2025-11``, ``2025``), ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` (day first by
default), Indonesian and English month names and abbreviations (``3 November 2025``, ``3 Nopember 2025``,
``3 Agt 2025``, ``Nov 2025``, ``November 3, 2025``), a leading weekday (``Senin (3/11/2025)``,
``Senin, 3-11-2025``), Excel date cells and Excel serial numbers, and a bare year (``2013``).

>>> parse_date("Senin (3/11/2025)")
ParsedDate(value=datetime.date(2025, 11, 3), precision='day', error=None, two_digit_year=False)
>>> parse_date("Nov 2025").precision
'month'
>>> parse_date("31/02/2024").error
'impossible date: day 31 does not exist in 2024-02'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .text import fold, is_blank

if TYPE_CHECKING:  # numpy and pyarrow load only when a column is parsed
    import numpy as np

PRECISIONS = ("day", "month", "year", "unknown")

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "agst": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = (
    "senin|selasa|rabu|kamis|jumat|sabtu|minggu|ahad|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
#: Text that means "no date" rather than a bad date.
EMPTY_MARKERS = {"", "-", "--", "n a", "na", "tidak ada", "belum ada", "tidak diketahui", "unknown", "tbd", "none"}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC = re.compile(r"^(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})$")
_ISO_MONTH = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{2,4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_RE})\s+(\d{{1,2}})\s+(\d{{4}})$")
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\s+(\d{{4}})$")
_WEEKDAY = re.compile(rf"^(?:hari\s+)?(?:{WEEKDAYS})\b\s*")
_PREFIX = re.compile(r"^(?:tanggal|tgl|tertanggal|pada)\b\s*")
_ISO_FULL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[t ]\d{2}:\d{2}(?::\d{2})?)?$")


#: Two-digit years below the pivot are read as 20yy, the others as 19yy ("1/1/69" is 1969); such dates are flagged.
TWO_DIGIT_PIVOT = 50
#: Dates before this year are kept but flagged as implausible for a cooperation agreement (UU 1945 onward).
PLAUSIBLE_FROM_YEAR = 1945
MONTHFIRST_HINT = "if the register writes the month first (mm/dd/yyyy), run with --monthfirst"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: dt.date | None
    precision: str
    error: str | None = None
    two_digit_year: bool = False


def _year(y: int) -> int:
    if y < 100:  # two-digit years: 00-49 → 2000s, 50-99 → 1900s (TWO_DIGIT_PIVOT)
        return 2000 + y if y < TWO_DIGIT_PIVOT else 1900 + y
    return y


def _make(y: int, m: int, d: int | None, hint: str = "") -> ParsedDate:
    two_digit = y < 100
    y = _year(y)
    if not 1 <= m <= 12:
        return ParsedDate(None, "unknown", f"impossible date: month {m} does not exist{hint}")
    if not 1900 <= y <= 2100:
        return ParsedDate(None, "unknown", f"impossible date: year {y} is out of range")
    if d is None:
        return ParsedDate(dt.date(y, m, 1), "month", two_digit_year=two_digit)
    try:
        return ParsedDate(dt.date(y, m, d), "day", two_digit_year=two_digit)
    except ValueError:
        return ParsedDate(None, "unknown", f"impossible date: day {d} does not exist in {y:04d}-{m:02d}{hint}")


def _from_excel_serial(n: float) -> ParsedDate:
    # Excel's day 1 is 1900-01-01 and it counts a non-existent 1900-02-29; serials after it are off by one.
    return ParsedDate(dt.date(1899, 12, 30) + dt.timedelta(days=int(n)), "day")


def parse_date(value: object, dayfirst: bool = True) -> ParsedDate:
    """Parse one cell; ``error`` is set (and ``value`` None) when the text is a date that cannot exist or is unreadable."""
    if is_blank(value):
        return ParsedDate(None, "unknown")
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), "day")
    if isinstance(value, dt.date):
        return ParsedDate(value, "day")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _parse_number(float(value))
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return ParsedDate(value.to_pydatetime().date(), "day")
    return _parse_text(str(value), dayfirst)


def _parse_number(n: float) -> ParsedDate:
    if n == int(n) and 1900 <= n <= 2100:
        return ParsedDate(dt.date(int(n), 1, 1), "year")
    if 20000 <= n <= 80000:
        return _from_excel_serial(n)
    return ParsedDate(None, "unknown", f"unreadable date: {n!r}")


@lru_cache(maxsize=100_000)
def _parse_text(text: str, dayfirst: bool) -> ParsedDate:
    raw = text.strip()
    iso = _ISO_FULL.match(raw.lower())
    if iso:
        return _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if not any(ch.isdigit() for ch in raw) and fold(raw) in EMPTY_MARKERS:
        return ParsedDate(None, "unknown")
    # keep the separators of numeric dates: fold would turn 3/11/2025 into "3 11 2025"
    s = re.sub(r"[(),]", " ", re.sub(r"['\u2019`]", "", raw.lower()))
    s = re.sub(r"\s+", " ", s).strip()
    s = _PREFIX.sub("", s)
    s = _WEEKDAY.sub("", s).strip(" ,")
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    s = s.rstrip(".")

    if m := _NUMERIC.match(s):
        a, b, c = (int(x) for x in m.groups())
        if len(m.group(1)) == 4:  # yyyy/mm/dd
            return _make(a, b, c)
        if dayfirst:
            return _make(c, b, a, f" ({MONTHFIRST_HINT})" if b > 12 and a <= 12 else "")
        return _make(c, a, b, " (read month first because of --monthfirst)" if a > 12 and b <= 12 else "")
    if m := _ISO_MONTH.match(s):
        return _make(int(m.group(1)), int(m.group(2)), None)
    if m := _YEAR.match(s):
        year = _make(int(m.group(1)), 1, None)
        return ParsedDate(year.value, "year") if year.value else year
    words = re.sub(r"[.\-/]", " ", s)
    words = re.sub(r"\s+", " ", words).strip()
    if m := _DAY_MONTH_YEAR.match(words):
        return _make(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    if m := _MONTH_DAY_YEAR.match(words):
        return _make(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    if m := _MONTH_YEAR.match(words):
        return _make(int(m.group(2)), MONTHS[m.group(1)], None)
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return _parse_number(float(s))
    return ParsedDate(None, "unknown", f"unreadable date: {text.strip()!r}")



@dataclass(frozen=True)
class ParsedDates:
    """:func:`parse_date` over a column: ``value`` (datetime64[D], NaT when none), ``precision`` and ``error``
    (object arrays; ``error`` is None where the cell parsed or was empty), ``two_digit_year`` (bool)."""

    value: np.ndarray
    precision: np.ndarray
    error: np.ndarray
    two_digit_year: np.ndarray


_WEEKDAY_PREFIX = rf"(?:(?:hari\s+)?(?:{WEEKDAYS})(?:\s*[,(]\s*|\s+))?\(?\s*"
# The shapes most registers use, parsed at once; any other cell (and any impossible date) goes to parse_date.
_FAST_DATE = (
    rf"^{_WEEKDAY_PREFIX}(?:"
    r"(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})"
    r"|(?P<y2>\d{4})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<d2>\d{1,2})"
    r"|(?P<d3>\d{1,2})\s+(?P<w3>[a-z]+)\s+(?P<y3>\d{4})"
    r"|(?P<w4>[a-z]+)\s+(?P<y4>\d{4})"
    r"|(?P<y5>\d{4})"
    r")\s*\)?$"
)
_MONTH_NAMES = sorted(MONTHS)


def parse_date_column(values, dayfirst: bool = True) -> ParsedDates:
    """Parse a whole column of date cells; the result equals ``[parse_date(v, dayfirst) for v in values]``.

    >>> p = parse_date_column(["Senin (3/11/2025)", "Nov 2025", "31/02/2024", None])
    >>> p.value.tolist()[:2], p.precision.tolist(), p.error[2]
    ([datetime.date(2025, 11, 3), datetime.date(2025, 11, 1)], ['day', 'month', 'unknown', 'unknown'], \
'impossible date: day 31 does not exist in 2024-02')
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from .text import cell_at, string_array

    n = len(values)
    arr, others = string_array(values)
    low = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
    ascii_ = pc.string_is_ascii(low).fill_null(False)
    m = pc.extract_regex(pc.if_else(ascii_, low, pa.scalar(None, pa.string())), _FAST_DATE)
    valid = m.is_valid().to_numpy(zero_copy_only=False)

    def num(field: str) -> np.ndarray:
        col = m.field(field).fill_null("")
        return pc.if_else(pc.equal(col, ""), None, col).cast(pa.int64()).fill_null(0).to_numpy()

    def month_word(field: str) -> np.ndarray:
        idx = pc.index_in(m.field(field), value_set=pa.array(_MONTH_NAMES)).fill_null(-1).to_numpy()
        lut = np.array([MONTHS[k] for k in _MONTH_NAMES] + [0])
        return lut[idx]  # -1 (not a month word) picks the trailing 0

    d1, m1, y1 = num("d1"), num("m1"), num("y1")
    if not dayfirst:
        d1, m1 = m1, d1
    y = y1 + num("y2") + num("y3") + num("y4") + num("y5")
    month = m1 + num("m2") + month_word("w3") + month_word("w4")
    day = d1 + num("d2") + num("d3")
    word4 = m.field("w4").fill_null("").to_numpy(zero_copy_only=False) != ""
    year_only = m.field("y5").fill_null("").to_numpy(zero_copy_only=False) != ""
    precision_code = np.where(year_only, 2, np.where(word4, 1, 0))  # day, month, year
    month = np.where(year_only, 1, month)
    day = np.where(precision_code > 0, 1, day)
    ok = valid & (y >= 1900) & (y <= 2100) & (month >= 1) & (month <= 12) & (day >= 1)
    stamp = pd.to_datetime(pd.DataFrame({"year": np.where(ok, y, 2000), "month": np.where(ok, month, 1),
                                         "day": np.where(ok, day, 1)}), errors="coerce")
    ok &= stamp.notna().to_numpy()  # 31/02 and the like go to parse_date for its error message
    value = np.where(ok, stamp.to_numpy().astype("datetime64[D]"), np.datetime64("NaT", "D"))
    precision = np.array(PRECISIONS, dtype=object)[np.where(ok, precision_code, 3)]
    error = np.full(n, None, dtype=object)
    two_digit = np.zeros(n, dtype=bool)

    # empty cells need no parsing; non-ASCII ones are left to parse_date, whose idea of white space is Python's
    blank = pc.or_kleene(pc.and_(ascii_, pc.equal(low, "")), pc.is_null(arr)).fill_null(True)
    blank = blank.to_numpy(zero_copy_only=False)
    blank[others] = False
    for i in np.flatnonzero(~ok & ~blank).tolist():
        parsed = parse_date(cell_at(values, i), dayfirst=dayfirst)
        error[i] = parsed.error
        precision[i] = parsed.precision
        two_digit[i] = parsed.two_digit_year
        if parsed.value is not None:
            value[i] = np.datetime64(parsed.value, "D")
    return ParsedDates(value, precision, error, two_digit)


_NUMERIC_DATE_PARTS = r"^\D{0,30}?(?P<a>\d{1,2})\s*[/.-]\s*(?P<b>\d{1,2})\s*[/.-]\s*\d{2,4}\D{0,3}$"


def month_first_evidence(values) -> tuple[int, int]:
    """How many numeric dates can only be day-first (first number above 12) and how many only month-first.

    >>> month_first_evidence(["12/25/2024", "3/14/2023", "1/2/2022", None])
    (0, 2)
    """
    import pyarrow.compute as pc

    from .text import string_array

    arr, _ = string_array(values)
    parts = pc.extract_regex(pc.utf8_trim_whitespace(arr), _NUMERIC_DATE_PARTS)
    if parts.null_count == len(parts):
        return 0, 0
    valid = parts.is_valid()
    first = pc.cast(pc.if_else(valid, parts.field("a"), "0"), "int64")
    second = pc.cast(pc.if_else(valid, parts.field("b"), "0"), "int64")
    dayfirst_only = pc.sum(pc.and_(pc.greater(first, 12), pc.less_equal(second, 12))).as_py() or 0
    monthfirst_only = pc.sum(pc.and_(pc.greater(second, 12), pc.less_equal(first, 12))).as_py() or 0
    return int(dayfirst_only), int(monthfirst_only)
