"""Plain study items and the text helpers every kind of question uses: keys, masks, similarity, variants."""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from quizzes.grading import normalize_text

BLANK = "____"


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


def clean(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=16384)  # a pure function of the text, asked of each option many times
def key(text: str) -> str:
    """What makes two texts the same to a student (case, spaces and punctuation aside); "" if empty."""
    return normalize_text(text)


def unique(items: Iterable, by: Callable[..., str]) -> list:
    """Things whose key is non-empty and not seen before: two equal options could not be told apart."""
    seen, kept = set(), []
    for thing in items:
        value = by(thing)
        if value and value not in seen:
            seen.add(value)
            kept.append(thing)
    return kept


@functools.lru_cache(maxsize=4096)
def mask(text: str, label: str) -> str:
    """The text with its own label blanked, so that a description does not name its answer."""
    core = label.strip(" \"'“”‘’*_")
    if len(key(core)) < 3:  # blanking "a" or "I" would wreck the text and hide nothing
        return clean(text)
    return clean(re.sub(rf"(?<!\w){re.escape(core)}(?!\w)", BLANK, text, flags=re.IGNORECASE))


def blockquote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def rng_for(seed: str, *parts: str) -> random.Random:
    """A Random fixed by the seed and one item: regenerating gives the same quiz, editing one item moves only it."""
    digest = hashlib.sha256("\x1f".join((seed, *parts)).encode("utf-8", "surrogatepass")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# ---------------------------------------------------------------- sentences and similarity

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
_STOP = frozenset(  # noqa: SIM905 - a sentence of words reads better than a list of 44 strings
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "his",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "would",
    ]
)


def gist(text: str, *, words: int = 5, limit: int = 300) -> str:
    """The first sentence of an answer (two when the first is as short as "No."), so options read alike."""
    text = clean(text)
    sentences = _SENTENCE_END.split(text)
    shown = sentences[0]
    if len(shown.split()) < words and len(sentences) > 1:
        shown = f"{shown} {sentences[1]}"
    return shown if len(shown) <= limit else shown[: limit - 1].rsplit(" ", 1)[0] + "…"


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W_]+", text.casefold()) if w not in _STOP and len(w) > 2)


def years_in(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in re.findall(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)", text))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# ---------------------------------------------------------------- short answers

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ORDINALS = (  # noqa: SIM905
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second"
).split()
_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
SHORT_ANSWER_WORDS = 4


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_WORD_FOR = {f"{n}{_suffix(n)}": word for n, word in enumerate(_ORDINALS, start=1)}
_WORD_FOR |= {str(n): word for n, word in enumerate(_NUMBERS, start=1)}
_DIGITS_FOR = {word: digits for digits, word in _WORD_FOR.items()}


def is_short(text: str) -> bool:
    words = clean(text).rstrip(".!").split()
    return 0 < len(words) <= SHORT_ANSWER_WORDS


@functools.lru_cache(maxsize=16384)
def variants(text: str) -> tuple[str, ...]:
    """Accepted spellings of a short answer: as written, without a leading article, "20th" or "Twentieth"."""
    base = clean(text).rstrip(".!")
    forms = [base, _ARTICLE.sub("", base)]
    for form in list(forms):
        words = form.split()
        for i, word in enumerate(words):
            swap = _WORD_FOR.get(word.casefold()) or _DIGITS_FOR.get(word.casefold())
            if swap:
                forms.append(" ".join([*words[:i], swap, *words[i + 1 :]]))
    return tuple(unique(forms, by=key))


def equivalent(a: str, b: str) -> bool:
    """Whether two answers are the same answer to a student: equal keys, or equal once variants are allowed."""
    if key(a) == key(b):
        return True
    return bool({key(v) for v in variants(a)} & {key(v) for v in variants(b)})
