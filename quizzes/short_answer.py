"""Short answers matched as Moodle matches them. Pure: stdlib only, no Django.

An accepted answer is a pattern. `*` stands for any text, empty included (a run of them for one); `\\*` is a
literal asterisk; every other character, other backslashes included, is itself (Moodle's
`compare_string_with_wildcard`). A student's text matches when, both compared as this platform compares short
answers (NFKC, spaces and punctuation ignored, case-folded unless the question is case-sensitive: Moodle's "case
sensitivity" setting), it is the pattern's literal parts in order with any text where the wildcards are.

As in Moodle the first accepted answer that matches decides the grade (`=%0%*#…` last is a catch-all that gives
its feedback to every other answer), and a blank answer matches nothing.

Matching is greedy leftmost search of each literal part, not a regular expression: with `*` as the only operator
that is exact, and it stays linear in the answer whatever the teacher wrote (no backtracking)."""

from __future__ import annotations

import unicodedata

WILDCARD = "*"
LITERAL_WILDCARD = "\\*"
# Punctuation, separators (spaces) and controls (tabs, newlines) do not count; an asterisk does, since `\*` asks
# for one.
_IGNORED_CATEGORIES = ("P", "Z", "C")


def normalize_text(text: str, *, case_sensitive: bool = False) -> str:
    """Text as short answers compare it: NFKC, case-folded (unless case-sensitive), without whitespace and
    punctuation but with its asterisks."""
    text = unicodedata.normalize("NFKC", text)
    if not case_sensitive:
        # casefold can produce decomposed forms (e.g. "İ"); renormalize so composed and decomposed match
        text = unicodedata.normalize("NFC", text.casefold())
    return "".join(ch for ch in text if ch == WILDCARD or unicodedata.category(ch)[0] not in _IGNORED_CATEGORIES)


def pattern_parts(pattern: str) -> list[str]:
    """The literal texts between the wildcards of an accepted answer (one more than its wildcards), unescaped."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(LITERAL_WILDCARD, i):
            current.append(WILDCARD)
            i += len(LITERAL_WILDCARD)
        elif pattern[i] == WILDCARD:
            parts.append("".join(current))
            current = []
            while i < len(pattern) and pattern[i] == WILDCARD:
                i += 1
        else:
            current.append(pattern[i])
            i += 1
    parts.append("".join(current))
    return parts


def has_wildcard(pattern: str) -> bool:
    return len(pattern_parts(pattern)) > 1


def escape(text: str) -> str:
    """The pattern that accepts exactly `text` (its asterisks literal)."""
    return text.replace(WILDCARD, LITERAL_WILDCARD)


def shown(pattern: str) -> str:
    """The accepted answer as a student reads it in a review: `\\*` as `*`, a wildcard as `*`. It matches its own
    pattern, so it is also the key a key-answer check submits."""
    return WILDCARD.join(pattern_parts(pattern))


def is_empty(pattern: str, *, case_sensitive: bool = False) -> bool:
    """True when the pattern accepts no answer a student could type: no wildcard and nothing left once spaces and
    punctuation are ignored."""
    parts = pattern_parts(pattern)
    return len(parts) == 1 and not normalize_text(parts[0], case_sensitive=case_sensitive)


def matches(pattern: str, text: str, *, case_sensitive: bool = False) -> bool:
    """Whether a student's `text` is accepted by `pattern` (a blank text never is)."""
    if not text.strip():
        return False
    parts = [normalize_text(part, case_sensitive=case_sensitive) for part in pattern_parts(pattern)]
    return _fits(parts, normalize_text(text, case_sensitive=case_sensitive))


def first_match(patterns: list[str], text: str, *, case_sensitive: bool = False) -> int | None:
    """The index of the first pattern that accepts `text`, or None."""
    if not text.strip():
        return None
    given = normalize_text(text, case_sensitive=case_sensitive)
    for index, pattern in enumerate(patterns):
        parts = [normalize_text(part, case_sensitive=case_sensitive) for part in pattern_parts(pattern)]
        if _fits(parts, given):
            return index
    return None


def _fits(parts: list[str], text: str) -> bool:
    """`text` is parts[0] + anything + parts[1] + … + anything + parts[-1]."""
    if len(parts) == 1:
        return text == parts[0]
    first, *middle, last = parts
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    at = len(first)
    for part in middle:
        found = text.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True
