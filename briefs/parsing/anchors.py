"""Heading and section-label ids, set on the tokens both the parser and the renderer use.

Top-level headings and top-level paragraphs that are only bold text (`**Key Themes:**`) get an id,
unique in document order; a study item's anchor is one of these ids.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from briefs.parsing.markdown import md, plain_inline, plain_text, squash


def anchor_slug(raw: str) -> str:
    """The id of a heading or bold label written as inline Markdown."""
    return slug(plain_inline(raw))


def slug(text: str) -> str:
    text = text.lower()
    text = re.sub(r"[^\w\s-]|_", "", text)
    text = re.sub(r"[\s-]+", "-", text).strip("-")
    return text[:80].strip("-") or "section"


class AnchorSet:
    """Unique anchors in document order: a repeated slug gets -1, -2, ...

    Each slug remembers the last number it took, so n identical headings cost n steps, not n² / 2."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.last: dict[str, int] = {}

    def add(self, raw: str) -> str:
        return self.add_slug(anchor_slug(raw))

    def add_slug(self, base: str) -> str:
        anchor, n = base, self.last.get(base, 0)
        while anchor in self.seen:
            n += 1
            anchor = f"{base}-{n}"
        self.last[base] = n
        self.seen.add(anchor)
        return anchor


_LABEL_TAIL = re.compile(r"^\s*:?\s*$")


def bold_only(inline: Token) -> bool:
    """A paragraph of bold text and nothing else but an optional colon, on one line: a section label."""
    children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
    if len(children) < 3 or children[0].type != "strong_open":
        return False
    depth = 0
    for index, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            return False
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0:
            tail = children[index + 1 :]
            return all(c.type == "text" and _LABEL_TAIL.match(c.content) for c in tail)
    return False


def add_anchors(tokens: list[Token]) -> None:
    """Ids on top-level headings and bold-only paragraphs, in document order."""
    anchors = AnchorSet()
    for index, token in enumerate(tokens[:-1]):
        if token.level != 0 or token.type not in ("heading_open", "paragraph_open"):
            continue
        inline = tokens[index + 1]
        if inline.type == "inline" and (token.type == "heading_open" or bold_only(inline)):
            token.attrSet("id", anchors.add_slug(slug(squash(plain_text(inline.children)))))


def tokenize(source: str, env: dict | None = None) -> list[Token]:
    """The note's tokens with their anchors: what the parser reads and the renderer draws."""
    tokens = md.parse(source, env if env is not None else {})
    add_anchors(tokens)
    return tokens
