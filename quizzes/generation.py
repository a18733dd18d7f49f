"""Questions generated from a brief's study items: pure functions over plain data (no ORM).

`generate_questions(items, title=...)` returns `(question, study item id)` pairs, built like this:

* **single** "Which theme…": a theme's description (its own label blanked out) → its label; and
  "What was this said about?": a quote → its lead-in label. The distractors are 2 or 3 labels of
  sibling items of the same kind, so a kind needs at least 3 usable items.
* **numerical** "In which year…": timeline events and facts with a year. The year is blanked out of
  the text (`____`), so the prompt never gives it away; tolerance 0.
* **ordering**: timeline events in chronological order, in groups of 4-6 dealt round robin so each
  question spans the whole timeline. Two events whose dates could overlap ("1956" and "October
  1956") never share a question: the key must not be a matter of opinion.
* **matching**: characters (name → role) and glossary terms (term → definition), 3-5 pairs each.
* **essay**: a study guide's short-answer questions and FAQ entries, their answers becoming model
  answers. A teacher reviews them (the attempt goes to `needs_review`), as short answers that are
  whole sentences cannot be matched automatically. Essay prompts (no model answer) are left out:
  they are take-home assignments, not quiz questions.

Deterministic: the only randomness (which distractors, in which order) comes from a Random seeded
with a hash of the brief's title and the item, so regenerating gives the same quiz and editing one
item does not reshuffle the others. A question built from several items (ordering, matching) is
linked to its first item, as a question has one study item.

Prompts are content, not interface text, so they are plain English strings (like the brief)."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from quizzes.grading import normalize_text
from quizzes.types import Choice, NumericAnswer, QuestionData

ORDER_MIN, ORDER_MAX = 4, 6
MATCH_MIN, MATCH_MAX = 3, 5
OPTIONS_MIN, OPTIONS_MAX = 3, 4  # a single-choice question: the answer and 2-3 distractors
BLANK = "____"

Pair = tuple[QuestionData, int | None]
Span = tuple[tuple[int, int, int], tuple[int, int, int]]  # earliest and latest (year, month, day)


@dataclass(frozen=True)
class ItemData:
    """A study item as plain data (mirrors briefs.models.StudyItem)."""

    kind: str
    label: str = ""
    text: str = ""
    year: int | None = None
    date: date | None = None
    date_precision: str = ""  # day | month | year | range
    answer: str = ""
    anchor: str = ""
    position: int = 0
    id: int | None = None


def generate_questions(items: list[ItemData], *, title: str) -> list[Pair]:
    """Every question the items support, each with the id of the study item it came from."""
    return [
        *_choice_questions(items, title=title, kind="theme", prompt="Which theme does this describe?"),
        *_choice_questions(items, title=title, kind="quote", prompt="What was this said about?", quoted=True),
        *_year_questions(items),
        *_ordering_questions(items),
        *_matching_questions(items, kind="character", prompt="Match each person to their role."),
        *_matching_questions(items, kind="term", prompt="Match each term to its definition."),
        *_essay_questions(items),
    ]


# ---------------------------------------------------------------- text helpers


def _clean(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    """What makes two texts the same to a student (case, spaces and punctuation aside); "" if empty."""
    return normalize_text(text)


def _unique(items: Iterable[ItemData], key: Callable[[ItemData], str]) -> list[ItemData]:
    """Items whose key is non-empty and not seen before: two equal options could not be told apart."""
    seen, kept = set(), []
    for item in items:
        value = key(item)
        if value and value not in seen:
            seen.add(value)
            kept.append(item)
    return kept


def _mask(text: str, label: str) -> str:
    """The text with its own label blanked, so that a description does not name its answer."""
    core = label.strip(" \"'“”‘’*_")
    if len(_key(core)) < 3:  # blanking "a" or "I" would wreck the text and hide nothing
        return _clean(text)
    return _clean(re.sub(rf"(?<!\w){re.escape(core)}(?!\w)", BLANK, text, flags=re.IGNORECASE))


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _rng(title: str, *parts: str) -> random.Random:
    digest = hashlib.sha256("\x1f".join((title, *parts)).encode("utf-8", "surrogatepass")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# ---------------------------------------------------------------- single choice


def _choice_questions(items: list[ItemData], *, title: str, kind: str, prompt: str, quoted: bool = False) -> list[Pair]:
    pool = _unique((i for i in items if i.kind == kind), key=lambda i: _key(i.label))
    pool = _unique(pool, key=lambda i: _key(i.text))  # one text with two labels would have two answers
    if len(pool) < OPTIONS_MIN:
        return []
    pairs = []
    for number, item in enumerate(pool, start=1):
        shown = _mask(item.text, item.label)
        if _key(shown):
            body = _blockquote(f"“{shown}”" if quoted else shown)
            question = _choice_question(item, pool, title=title, prompt=f"{prompt}\n\n{body}")
            question.name = f"{kind.title()} {number}"
            pairs.append((question, item.id))
    return pairs


def _choice_question(item: ItemData, pool: list[ItemData], *, title: str, prompt: str) -> QuestionData:
    rng = _rng(title, item.kind, item.label, item.text)
    others = [other for other in pool if other is not item]
    distractors = rng.sample(others, min(len(others), OPTIONS_MAX - 1))
    choices = [Choice(_clean(item.label), 1.0), *(Choice(_clean(d.label), 0.0) for d in distractors)]
    rng.shuffle(choices)  # also when the quiz does not shuffle choices, the answer is not always first
    return QuestionData(
        type="single", prompt=prompt, choices=choices, general_feedback=f"{_clean(item.label)}: {_clean(item.text)}"
    )


# ---------------------------------------------------------------- in which year


_MULTI_YEAR = re.compile(r"\d{4}\s*[-–—]\s*\d|\d0s\b")  # "1953–1964", "1953-64", "1950s"


def _span(item: ItemData) -> Span | None:
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


def _year(item: ItemData) -> int | None:
    if _span(item) is None:
        return None
    return item.year if item.year is not None else item.date.year


def _blank_year(text: str, year: int) -> str:
    return re.sub(rf"(?<!\d){abs(year)}(?!\d)", BLANK, _clean(text))


def _year_questions(items: list[ItemData]) -> list[Pair]:
    pairs = []
    for item in items:
        year = _year(item) if item.kind in ("event", "fact") else None
        text = _blank_year(item.text, year) if year is not None else ""
        if not _key(text):
            continue
        # An event's label is its date: never shown. A fact's label names what the text is about.
        label = _blank_year(item.label, year) if item.kind == "fact" else ""
        body = f"**{label}**: {text}" if _key(label) else text
        ask = "In which year? Fill in the blank." if BLANK in text else "In which year did this happen?"
        question = QuestionData(
            type="numerical",
            prompt=f"{ask}\n\n{_blockquote(body)}",
            name=f"Year {len(pairs) + 1}",
            numeric=[NumericAnswer(value=year, tolerance=0)],
            general_feedback=f"{_clean(item.label)}: {_clean(item.text)}" if item.label.strip() else _clean(item.text),
        )
        pairs.append((question, item.id))
    return pairs


# ---------------------------------------------------------------- ordering


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"


def _without_year(text: str, year: int) -> str:
    """The text without its date ("in October 1962", "1954"): in an ordering item it would give the order away."""
    date_words = rf"(?:\b(?:in|on|by|during|from|since|of)\s+)?(?:\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?)?"
    text = re.sub(rf"{date_words}(?<!\d){abs(year)}(?!\d)s?", "", _clean(text), flags=re.IGNORECASE)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = " ".join(text.split()).lstrip(",;: ")
    return text[:1].upper() + text[1:]


def _ordering_text(event: ItemData) -> str:
    return _without_year(event.text, _year(event))


def _group_count(n: int, low: int, high: int) -> int:
    """As few groups of low..high as hold n things (leftovers are dropped when they cannot be placed)."""
    groups = -(-n // high)
    while groups and n // groups < low:
        groups -= 1
    return groups


def _ordering_groups(events: list[ItemData]) -> list[list[ItemData]]:
    """Events (in chronological order) dealt round robin, each strictly after the last one of its group."""
    groups: list[list[ItemData]] = [[] for _ in range(_group_count(len(events), ORDER_MIN, ORDER_MAX))]
    for i, event in enumerate(events):
        for k in range(len(groups)):
            group = groups[(i + k) % len(groups)]
            if len(group) < ORDER_MAX and (not group or _span(group[-1])[1] < _span(event)[0]):
                group.append(event)
                break
    return [group for group in groups if len(group) >= ORDER_MIN]


def _ordering_questions(items: list[ItemData]) -> list[Pair]:
    events = sorted((i for i in items if i.kind == "event" and _span(i) is not None), key=_span)
    events = _unique(events, key=lambda e: _key(_ordering_text(e)))
    pairs = []
    for number, group in enumerate(_ordering_groups(events), start=1):
        question = QuestionData(
            type="ordering",
            prompt="Put these events in order, earliest first.",
            name=f"Order {number}",
            choices=[Choice(_ordering_text(e)) for e in group],  # the key: choices in the correct order
            general_feedback="\n".join(f"1. {_clean(e.label) or _year(e)}: {_clean(e.text)}" for e in group),
        )
        pairs.append((question, group[0].id))
    return pairs


# ---------------------------------------------------------------- matching


def _matching_questions(items: list[ItemData], *, kind: str, prompt: str) -> list[Pair]:
    pool = _unique((i for i in items if i.kind == kind), key=lambda i: _key(i.label))
    pool = _unique(pool, key=lambda i: _key(_mask(i.text, i.label)))
    pairs, start = [], 0
    groups = _group_count(len(pool), MATCH_MIN, MATCH_MAX)
    for number in range(groups):
        size = len(pool) // groups + (1 if number < len(pool) % groups else 0)
        size = min(size, MATCH_MAX)
        group, start = pool[start : start + size], start + size
        question = QuestionData(
            type="matching",
            prompt=prompt,
            name=f"Match {kind}s {number + 1}",
            choices=[Choice(_clean(i.label), match=_mask(i.text, i.label)) for i in group],
        )
        pairs.append((question, group[0].id))
    return pairs


# ---------------------------------------------------------------- essays


def _essay_questions(items: list[ItemData]) -> list[Pair]:
    wanted = [
        i
        for i in items
        if (i.kind == "question" and _key(i.text)) or (i.kind == "faq" and _key(i.text) and _key(i.answer))
    ]
    return [
        (
            QuestionData(
                type="essay",
                prompt=item.text.strip(),
                name=f"{'FAQ' if item.kind == 'faq' else 'Short answer'} {number}",
                model_answer=item.answer.strip(),
            ),
            item.id,
        )
        for number, item in enumerate(wanted, start=1)
    ]
