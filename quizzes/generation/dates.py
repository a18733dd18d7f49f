"""When a study item happened, as far as its date says: the span it can mean, its year, its text without it."""

from __future__ import annotations

import re

from quizzes.generation.text import ItemData, clean

Day = tuple[int, int, int]
Span = tuple[Day, Day]  # earliest and latest (year, month, day)

_MULTI_YEAR = re.compile(r"\d{4}\s*[-–—]\s*\d|\d0s\b")  # "1953–1964", "1953-64", "1950s"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"


def span(item: ItemData) -> Span | None:
    """The earliest and latest day an item's date can mean; None when it has no date or spans years."""
    if item.date is None:
        return None if item.year is None else ((item.year, 1, 1), (item.year, 12, 31))
    d = item.date
    if item.date_precision == "day":
        return (d.year, d.month, d.day), (d.year, d.month, d.day)
    if item.date_precision == "month":
        return (d.year, d.month, 1), (d.year, d.month, 31)
    if item.date_precision == "range":
        # Only the start is stored: a range within one year ends by December; any other is too vague.
        multi = _MULTI_YEAR.search(item.label) or len(set(re.findall(r"(?<!\d)\d{4}(?!\d)", item.label))) > 1
        return None if multi else ((d.year, d.month, d.day), (d.year, 12, 31))
    return (d.year, 1, 1), (d.year, 12, 31)


def year_of(item: ItemData) -> int | None:
    if span(item) is None:
        return None
    return item.year if item.year is not None else item.date.year


def before(a: ItemData, b: ItemData) -> bool:
    """Whether `a` surely came before `b`: their spans do not overlap (the key is never a matter of opinion)."""
    return span(a)[1] < span(b)[0]


def blank_year(text: str, year: int, blank: str) -> str:
    return re.sub(rf"(?<!\d){abs(year)}(?!\d)", blank, clean(text))


def without_year(text: str, year: int) -> str:
    """The text without its date ("in October 1962", "1954"): in an ordering item it would give the order away."""
    date_words = rf"(?:\b(?:in|on|by|during|from|since|of)\s+)?(?:\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?)?"
    text = re.sub(rf"{date_words}(?<!\d){abs(year)}(?!\d)s?", "", clean(text), flags=re.IGNORECASE)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = " ".join(text.split()).lstrip(",;: ")
    return text[:1].upper() + text[1:]


def event_text(event: ItemData) -> str:
    return without_year(event.text, year_of(event))
