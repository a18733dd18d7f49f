"""Search text, case- and accent-folded, and the snippets that show a match. Pure: no Django.

`fold` is what SQLite searches with (a folded copy of each brief's and study item's text, matched by folded query
words); PostgreSQL folds with its `unaccent` dictionary instead, and `fold` agrees with it letter for letter on the
Latin letters (a test on PostgreSQL compares them). Snippets are HTML: the text escaped, then `<mark>` added.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from briefs.page import note_rest

# Letters that carry their "accent" in the letter itself, so NFKD leaves them whole: folded as PostgreSQL's
# unaccent.rules folds them (lower-cased), so that both databases find the same words.
LETTERS = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ı": "i", "ĸ": "q", "ŋ": "n",
    "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss", "ŉ": "'n",
    "ʼ": "'",  # ŉ case-folds to ʼn
}  # fmt: skip

# Put around each match by ts_headline (PostgreSQL): characters `plain_text` never leaves in the text it searches.
MARK_START, MARK_STOP = "\x02", "\x03"
SNIPPET_CHARS = 160  # about the length of PostgreSQL's headline (briefs.selectors)
MAX_WORDS = 10
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _fold_char(char: str) -> str:
    text = "".join(LETTERS.get(c, c) for c in char.casefold())  # before NFKD, which would split ŀ into l·
    # Twice: a compatibility form may decompose to a capital or a letter of the table (ℌ → H, ǅ → Dž).
    for _ in range(2):
        decomposed = unicodedata.normalize("NFKD", text).casefold()
        text = "".join(LETTERS.get(c, c) for c in decomposed if not unicodedata.combining(c))
    return text


class _Folded(dict):
    """A `str.translate` table that folds each character the first time it is met (a pure function's memo)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _Folded()


def fold(text: str) -> str:
    """Lower-case, without accents: "Władysław GOMUŁKA" → "wladyslaw gomulka". Folds character by character, so
    `fold(a + b) == fold(a) + fold(b)`."""
    return text.lower() if text.isascii() else text.translate(_TABLE)


def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """`fold(text)` and, for each of its characters, the span of `text` it comes from (`starts`, `ends`). A span
    takes in the characters that fold to nothing after it (combining accents), so a mark never splits a letter."""
    pieces = [(i, f) for i, f in enumerate(fold(c) for c in text) if f]
    starts: list[int] = []
    ends: list[int] = []
    for n, (i, folded) in enumerate(pieces):
        end = pieces[n + 1][0] if n + 1 < len(pieces) else len(text)
        starts.extend([i] * len(folded))
        ends.extend([end] * len(folded))
    return "".join(f for _i, f in pieces), starts, ends


def query_words(query: str) -> list[str]:
    """The folded words of a query (the first ten), as SQLite matches them."""
    return [w for w in (fold(word) for word in query.split()[:MAX_WORDS]) if w.strip()]


def matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` where a folded word occurs in the folded text, in order and not overlapping."""
    folded, starts, ends = fold_map(text)
    spans = []
    for word in words:
        spans += [(starts[m.start()], ends[m.end() - 1]) for m in re.finditer(re.escape(word), folded)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, words: list[str], *, width: int = SNIPPET_CHARS) -> str:
    """HTML: a passage of `text` of about `width` characters around the first match of `words`, escaped, with
    each match in `<mark>`; "…" where it was cut. A PostgreSQL headline (holding MARK_START) is marked as it is;
    any other text must hold no control character (`plain_text` and `one_line` make such text)."""
    if MARK_START in text:
        return headline_html(text)
    spans = matches(text, words)
    start, end = _window(text, spans[0] if spans else (0, 0), width)
    out, at = [], start
    for s, e in spans:
        if s >= start and e <= end:
            out += [html.escape(text[at:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
            at = e
    out.append(html.escape(text[at:end]))
    return ("…" if start > 0 else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _window(text: str, first: tuple[int, int], width: int) -> tuple[int, int]:
    """About `width` characters around the match `first`, a third of it before, cut at spaces."""
    if len(text) <= width:
        return 0, len(text)
    start = max(0, min(first[0] - width // 3, len(text) - width))
    end = max(first[1], start + width)
    if start > 0 and (space := text.find(" ", start, first[0])) != -1:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", first[1], end)) != -1:
        end = space
    return start, end


def headline_html(headline: str) -> str:
    """PostgreSQL's headline, escaped, its MARK_START…MARK_STOP spans as `<mark>`: marks balanced whatever the
    text holds."""
    out, open_ = [], False
    for part in re.split(f"([{MARK_START}{MARK_STOP}])", headline):
        if part in (MARK_START, MARK_STOP):
            if (part == MARK_START) != open_:
                out.append("<mark>" if part == MARK_START else "</mark>")
                open_ = not open_
        else:
            out.append(html.escape(part))
    return "".join(out) + ("</mark>" if open_ else "")


_BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "div",
           "figcaption", "summary", "aside", "section", "table", "ul", "ol", "dl"}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.handle_starttag(tag, [])

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(markup: str) -> str:
    """The text of sanitized HTML: one line per block, spaces collapsed, no control characters (so none of the
    headline's marks)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (one_line(line) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def brief_texts(*, title: str, source: str, html: str, tags: str, items: list, aid_kinds: set[str]) -> tuple[str, str]:
    """A brief's (plain_text, folded_text). The plain text is what its page shows once, as text: the note without
    the sections its study aids show (briefs.page), then the aids' items, no answers (a snippet must not give away
    what the page hides). The folded text is what the search vector holds: title, tags, every item's label, text and
    answer, and the Markdown source.
    `items` have kind, label, text, answer and anchor; `aid_kinds` are the kinds the page shows as aids."""
    aids = [i for i in items if i.kind in aid_kinds]
    prose = note_rest(html, title=title, anchors=[i.anchor for i in aids], kinds={i.kind for i in aids})
    lines = [plain_text(prose), *(one_line(f"{i.label}: {i.text}" if i.label else i.text) for i in aids)]
    plain = "\n".join(line for line in lines if line.strip())
    folded = "\n".join([title, tags, *(item_text(i) for i in items), source])
    return plain, fold(folded)


def item_text(item) -> str:
    """What item search matches: label, text and answer (folded into StudyItem.folded)."""
    return f"{item.label}\n{item.text}\n{item.answer}"


def one_line(text: str) -> str:
    """The text on one line, without control characters: fit for `snippet`."""
    return " ".join(_CONTROL.sub(" ", text).split())
