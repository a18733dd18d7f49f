"""Dates as teachers write them: "March 5, 1953", "October–November 1956", "1950s", "44 BC"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from briefs.parsing.markdown import plain_inline
from briefs.parsing.types import DateInfo

_YEAR = re.compile(r"(?<![\d,./])(1[0-9]{3}|20[0-9]{2})(?!\d|[,.]\d)")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_M = r"(?P<{0}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<{0}>\d{{1,2}})(?:st|nd|rd|th)?"
_Y = r"(?P<{0}>\d{{3,4}})"
_R = r"\s*(?:–|—|-|to|until|through)\s*"
_DATE_SHAPES = [
    (rf"{_Y.format('y')}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})", "iso"),
    (rf"{_M.format('m')}\s+{_D.format('d')}{_R}{_D.format('d2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')}\s+{_D.format('d')}{_R}{_M.format('m2')}\s+{_D.format('d2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')}\s+{_D.format('d')},?\s+{_Y.format('y')}", "day"),
    (rf"{_D.format('d')}{_R}{_D.format('d2')}\s+{_M.format('m')},?\s+{_Y.format('y')}", "range"),
    (rf"{_D.format('d')}\s+(?:of\s+)?{_M.format('m')},?\s+{_Y.format('y')}", "day"),
    (rf"{_M.format('m')}{_R}{_M.format('m2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')},?\s+{_Y.format('y')}{_R}{_M.format('m2')},?\s+{_Y.format('y2')}", "range"),
    (rf"{_M.format('m')},?\s+{_Y.format('y')}", "month"),
    (rf"{_Y.format('y')}{_R}(?P<y2>\d{{2,4}})", "range"),
    (rf"{_Y.format('y')}s", "decade"),
    (rf"{_Y.format('y')}", "year"),
    (rf"(?:early|mid|late|spring|summer|autumn|fall|winter|end of|beginning of)[\s-]+{_Y.format('y')}", "year"),
]
_DATE_PATTERNS = [(re.compile(f"^{pattern}$", re.IGNORECASE), shape) for pattern, shape in _DATE_SHAPES]
_BC = re.compile(r"^(?P<y>\d{1,4})\s*(?:BC|BCE|B\.C\.)$", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:c\.|ca\.|circa|approx\.|~)\s*", re.IGNORECASE)


def find_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def parse_date(text: str) -> DateInfo | None:
    """A date label ("March 5, 1953", "October–November 1956", "1950s") as year, date, precision."""
    cleaned = _CIRCA.sub("", plain_inline(text).strip().rstrip(":.").strip())
    if m := _BC.match(cleaned):
        return DateInfo(-int(m.group("y")), None, "year")
    for pattern, shape in _DATE_PATTERNS:
        if m := pattern.match(cleaned):
            return _date_info(m, shape)
    return None


def year_only(text: str) -> DateInfo | None:
    year = find_year(text)
    return DateInfo(year, dt.date(year, 1, 1), "year") if year else None


def _date_info(m: re.Match, shape: str) -> DateInfo | None:
    groups = m.groupdict()
    year = int(groups["y"])
    month = groups.get("m")
    month = int(month) if month and month.isdigit() else _MONTHS.get((month or "").lower().rstrip("."), 1)
    day = int(groups["d"]) if groups.get("d") else 1
    if year < 1 or not 1 <= month <= 12:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    precision = {"iso": "day", "decade": "range"}.get(shape, shape)
    return DateInfo(year, date, precision)
