"""The parser's data: what a note becomes, and the one error it raises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Part of every checksum: a parser change makes the next import update stored briefs.
PARSER_VERSION = "2"

BRIEF_KINDS = ("briefing", "study_guide", "timeline", "faq", "note")
ITEM_KINDS = ("theme", "fact", "quote", "conclusion", "question", "essay", "term", "event", "character", "faq")
PRECISIONS = ("day", "month", "year", "range")


class ParseError(ValueError):
    """The input cannot be read as a note; the message says why, for the person who wrote it."""


@dataclass(frozen=True)
class WikiLink:
    target: str  # note name as written, e.g. "Cold War" (no .md)
    heading: str = ""  # "Heading" of [[Note#Heading]]
    alias: str = ""


@dataclass
class ParsedItem:
    kind: str
    position: int
    label: str = ""
    text: str = ""
    year: int | None = None
    date: dt.date | None = None
    date_precision: str = ""
    answer: str = ""
    anchor: str = ""


@dataclass
class ParsedNote:
    title: str
    permalink: str
    published: bool
    frontmatter: dict
    body: str
    kind: str
    items: list[ParsedItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[WikiLink] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The body's markdown-it tokens, anchors set: the renderer draws these rather than parsing the body again.
    tokens: list | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class DateInfo:
    year: int
    date: dt.date | None
    precision: str
