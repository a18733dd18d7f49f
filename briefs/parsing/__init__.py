"""Parse a digital-garden note (Markdown with frontmatter) into plain data.

Pure: no Django. One markdown-it configuration (`markdown.py`) gives the tokens the parser reads and the
renderer draws, so item anchors are the ids of the rendered headings. Real gardens vary, so the parser is
tolerant about shape and strict only about what makes a file unusable: it raises `ParseError`, and nothing
else, for binary, empty or undecodable input and for invalid frontmatter.
"""

from __future__ import annotations

import re

from briefs.parsing.anchors import AnchorSet, anchor_slug, tokenize
from briefs.parsing.blocks import read_blocks
from briefs.parsing.dates import find_year, parse_date
from briefs.parsing.decoding import decode_text, repair_mojibake
from briefs.parsing.frontmatter import MAX_FRONTMATTER_NODES, published, read_note
from briefs.parsing.items import build_items, split_label
from briefs.parsing.markdown import md, plain_inline
from briefs.parsing.notes import infer_kind, note_images, note_links, note_problems, note_tags, note_title
from briefs.parsing.sections import SECTION_KINDS, collect_sections, section_kind
from briefs.parsing.types import (
    BRIEF_KINDS,
    ITEM_KINDS,
    PARSER_VERSION,
    PRECISIONS,
    DateInfo,
    ParsedItem,
    ParsedNote,
    ParseError,
    WikiLink,
)

__all__ = [
    "BRIEF_KINDS", "ITEM_KINDS", "MAX_FRONTMATTER_NODES", "PARSER_VERSION", "PRECISIONS", "SECTION_KINDS",
    "AnchorSet", "DateInfo", "ParseError", "ParsedItem", "ParsedNote", "WikiLink",
    "anchor_slug", "decode_text", "find_year", "md", "parse_date", "parse_note", "plain_inline",
    "repair_mojibake", "section_kind", "split_label", "title_from_slug", "tokenize",
]  # fmt: skip


def parse_note(data: bytes | str, *, source_name: str = "") -> ParsedNote:
    """Parse one note. Raises ParseError, and only ParseError, for input that is not a note."""
    text = decode_text(data)
    if not text.strip():
        raise ParseError("empty file")
    # Blank lines around a note mean nothing; without them the stored body reads as the tokens the renderer draws.
    text = text.strip("\n") + "\n"
    frontmatter, body, tokens = read_note(text)
    if not body.strip():
        raise ParseError("the note has no content after its frontmatter")
    blocks = read_blocks(tokens)
    title = note_title(frontmatter, blocks, source_name)
    sections = collect_sections(blocks, title)
    items = build_items(sections)
    declared = frontmatter.get("kind") or frontmatter.get("type")
    permalink = frontmatter.get("permalink")
    return ParsedNote(
        title=title,
        permalink=str(permalink).strip() if isinstance(permalink, str | int) else "",
        published=published(frontmatter),
        frontmatter=frontmatter,
        body=body,
        kind=declared if declared in BRIEF_KINDS else infer_kind(items),
        items=items,
        tags=note_tags(frontmatter, tokens),
        links=note_links(tokens),
        images=note_images(tokens),
        problems=note_problems(sections, items),
        tokens=tokens,
    )


_ROMAN = re.compile(r"^(?=[ivx]+$)x{0,3}(?:ix|iv|v?i{0,3})$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs"}


def title_from_slug(slug: str) -> str:
    """`russian-history-iii` → "Russian History III": Roman numerals upper-cased, small words kept low."""
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    out = []
    for index, word in enumerate(words):
        lower = word.lower()
        if _ROMAN.match(lower):
            out.append(lower.upper())
        elif index and lower in _SMALL_WORDS:
            out.append(lower)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
