"""Blocks grouped into study sections: a heading or bold label names the kind of its section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefs.parsing.blocks import Block
from briefs.parsing.dates import find_year, parse_date


def _norm(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"^(?:\d+|[ivx]+)[.)]\s+", "", text)  # "2. Key Themes", "IV. Glossary"
    return re.sub(r"[^a-z]+", " ", text).strip()


_SECTION_NAMES = {
    "theme": ["key themes", "themes", "main themes", "major themes", "central themes"],
    "fact": [
        "important ideas and facts",
        "key ideas and facts",
        "important facts",
        "key facts",
        "key ideas",
        "main ideas",
        "important ideas",
        "key points",
        "main points",
        "facts",
    ],
    "quote": ["key quotes", "quotes", "notable quotes", "important quotes", "key quotations", "quotations"],
    "conclusion": ["conclusion", "conclusions", "in conclusion", "summary and conclusion"],
    "question": [
        "quiz",
        "short answer quiz",
        "short answer questions",
        "quiz questions",
        "review questions",
        "short answer quiz questions",
    ],
    "answer_key": ["quiz answer key", "answer key", "answers", "quiz answers", "short answer quiz answer key"],
    "essay": [
        "essay questions",
        "essay format questions",
        "essay prompts",
        "suggested essay questions",
        "essay topics",
        "essay question",
    ],
    "term": ["glossary", "glossary of key terms", "key terms", "glossary of terms", "key terms and definitions"],
    "event": ["detailed timeline", "timeline", "timeline of main events", "timeline of events", "chronology"],
    "character": ["cast of characters", "characters", "key figures", "key people", "principal figures", "cast"],
    "faq": ["frequently asked questions", "faq", "faqs", "frequently asked questions faq", "faq s"],
}
SECTION_KINDS = {name: kind for kind, names in _SECTION_NAMES.items() for name in names}
# A title such as "Cold War: FAQ" or "Space Race Timeline" names the kind of the whole note.
_TITLE_SUFFIXES = {"faq": "faq", "faqs": "faq", "frequently asked questions": "faq", "timeline": "event",
                   "glossary": "term"}  # fmt: skip
LIST_KINDS = {"theme", "fact", "quote", "question", "answer_key", "essay", "term", "event", "character"}


def section_kind(text: str) -> str | None:
    return SECTION_KINDS.get(_norm(text))


def title_kind(text: str) -> str | None:
    norm = _norm(text)
    return next((kind for end, kind in _TITLE_SUFFIXES.items() if norm.endswith(" " + end)), None)


@dataclass
class Entry:
    block: Block
    anchor: str
    answer: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: str | None
    level: int
    anchor: str
    title: str = ""
    loose: bool = False  # named by a title ("Space Race Timeline"): only structured entries count
    items: list[Entry] = field(default_factory=list)
    paragraphs: list[Entry] = field(default_factory=list)
    headed: list[Entry] = field(default_factory=list)  # sub-headings with the paragraphs under them
    blocks: int = 0  # structured blocks (lists, tables) of a section of no kind


def collect_sections(blocks: list[Block], title: str = "") -> list[Section]:
    # Only an FAQ title makes a kind before any heading: a question heading needs no "FAQ" heading over it.
    current = Section("faq" if title_kind(title) == "faq" else None, 0, "", title, loose=True)
    sections = [current]
    for block in blocks:
        if block.type in ("heading", "bold"):
            current = _heading(sections, current, block)
        elif current.kind == "faq":
            faq_block(current, block)
        elif current.kind is None and _q_line(block):
            current = Section("faq", current.level, current.anchor, "Q:", loose=True)  # Q:/A: pairs of their own
            sections.append(current)
            faq_block(current, block)
        elif current.kind is None:
            current.blocks += block.type in ("item", "row")
        elif block.type in ("item", "row"):
            current.items.append(Entry(block, current.anchor))
        else:
            current.paragraphs.append(Entry(block, current.anchor))
            if current.headed:
                current.headed[-1].answer.append(block.text)
    return sections


def _heading(sections: list[Section], current: Section, block: Block) -> Section:
    level = block.level if block.type == "heading" else 7  # a bold label sits below any heading
    kind = section_kind(block.text)
    if kind or (block.type == "heading" and (kind := title_kind(block.text))):
        section = Section(kind, level, block.anchor, block.text, loose=not section_kind(block.text))
    elif current.kind == "faq" and (block.text.endswith("?") or (level > current.level and not current.loose)):
        current.items.append(Entry(block, block.anchor))
        return current
    elif current.kind and level > current.level:
        current.anchor = block.anchor or current.anchor  # a sub-heading inside the section
        if current.kind != "event" or parse_date(block.text) or find_year(block.text):
            current.headed.append(Entry(block, block.anchor))
        return current
    else:
        section = Section(None, level, block.anchor, block.text)
    sections.append(section)
    return section


_FAQ_INLINE = re.compile(r"^(?P<q>[^\n]+\?)\s*$")
Q_PREFIX = re.compile(r"^\s*Q(?:uestion)?\s*\d*\s*[:.]\s*", re.IGNORECASE)
A_PREFIX = re.compile(r"^\s*A(?:nswer)?\s*[:.]\s*", re.IGNORECASE)


def _q_line(block: Block) -> bool:
    first = (block.label or block.text).split("\n")[0]
    return bool(Q_PREFIX.match(first)) and "?" in first


def faq_block(section: Section, block: Block) -> None:
    """FAQ entries: a bold question (or `Q:` line) starts one, the paragraphs after answer it."""
    text = block.text
    if block.label and _FAQ_INLINE.match(block.label):
        section.items.append(Entry(Block("question", block.label), section.anchor))
        text = block.rest
    elif _q_line(block):
        first, _, text = text.partition("\n")
        section.items.append(Entry(Block("question", first), section.anchor))
    text = A_PREFIX.sub("", text.strip())
    if text and section.items:
        section.items[-1].answer.append(text)
