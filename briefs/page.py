"""What the brief page shows of a note's HTML besides its study aids. Pure: no Django.

The study aids already show every section study items came from (themes, the glossary, the quiz and its answer
key…), so the page keeps the rest of the body (introduction, prose) and drops those sections, to show each thing
once. The note's own `# Title` goes too, and any other h1 becomes an h2: the page header is the one h1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from briefs.parsing import section_kind
from briefs.parsing.sections import A_PREFIX, Q_PREFIX
from briefs.rendering import ID_PREFIX

_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_LABEL = 7  # a bold label paragraph (`**Glossary:**`) opens a section below any heading, as the parser reads it


@dataclass
class Block:
    tag: str
    anchor: str  # the id without ID_PREFIX, "" for none
    text: str
    html: str

    @property
    def level(self) -> int | None:
        """The depth of the section this block opens, None for a block that opens none."""
        if self.tag in _LEVELS:
            return _LEVELS[self.tag]
        return _BOLD_LABEL if self.tag == "p" and self.anchor else None


class _TopLevel(HTMLParser):
    """Splits sanitized HTML into its top-level elements, keeping each one's source."""

    VOID = {"br", "hr", "img", "wbr", "col"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.lines = [0]
        for match in re.finditer("\n", html):
            self.lines.append(match.end())
        self.blocks: list[Block] = []
        self.depth = 0
        self.start = 0
        self.current: dict = {}

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.start = self._offset()
            anchor = dict(attrs).get("id") or ""
            self.current = {"tag": tag, "anchor": anchor.removeprefix(ID_PREFIX), "text": ""}
        if tag in self.VOID:
            if self.depth == 0:
                self._close(self._offset() + len(self.get_starttag_text() or ""))
            return
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0 and self.current:
            self._close(self.html.index(">", self._offset()) + 1)

    def handle_data(self, data):
        if self.current:
            self.current["text"] += data

    def _close(self, end: int) -> None:
        self.blocks.append(Block(html=self.html[self.start : end], **self.current))
        self.current = {}


def split_blocks(html: str) -> list[Block]:
    parser = _TopLevel(html or "")
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def note_rest(html: str, *, title: str, anchors: Iterable[str], kinds: Iterable[str]) -> str:
    """The note's HTML without its title and without the sections its study items were taken from.

    `anchors` are the items' anchors, `kinds` their kinds: a section goes if its heading is one of the anchors or
    names one of the kinds (an answer key goes with the questions it answers). A heading left with nothing under
    it, because all its sub-sections went, goes too."""
    anchors, kinds = set(anchors), set(kinds)
    if "question" in kinds:
        kinds.add("answer_key")
    blocks = split_blocks(html)
    keep: list[Block] = []
    dropping: int | None = None  # the level of the section being dropped
    for block in blocks:
        level = block.level
        if dropping is not None and (level is None or level > dropping):
            if block.tag == "pre":  # code is never a study item: it stays
                keep.append(block)
            continue
        dropping = None
        text = " ".join(block.text.split())
        if level == 1 and text == " ".join(title.split()):
            continue
        if "faq" in kinds and block.tag == "p" and (Q_PREFIX.match(block.text) or A_PREFIX.match(block.text)):
            continue  # a `Q:` / `A:` pair outside any FAQ section: the FAQ aid shows it
        if level is not None and (block.anchor in anchors or section_kind(text) in kinds):
            dropping = level
            continue
        keep.append(block)
    if len(keep) < len(blocks):
        keep = _without_empty_headings(keep)
    return "\n".join(_demote_h1(b.html) if b.tag == "h1" else b.html for b in keep)


def _without_empty_headings(blocks: list[Block]) -> list[Block]:
    """Headings followed by nothing, or by a heading of the same or a higher rank, go (read from the end, so a
    heading whose sub-headings all went goes too)."""
    out: list[Block] = []
    for block in reversed(blocks):
        following = out[-1].level if out else 0
        if block.tag in _LEVELS and (not out or (following is not None and following <= block.level)):
            continue
        out.append(block)
    return out[::-1]


def _demote_h1(html: str) -> str:
    return "<h2" + html[3:-5] + "</h2>"
