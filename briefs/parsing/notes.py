"""What a note is besides its items: title, kind, tags, links, images, and what could not be classified."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it.token import Token

from briefs.parsing.blocks import Block
from briefs.parsing.frontmatter import frontmatter_tags
from briefs.parsing.markdown import is_local
from briefs.parsing.obsidian import IMAGE_SUFFIXES
from briefs.parsing.sections import Section
from briefs.parsing.types import ParsedItem, WikiLink


def infer_kind(items: list[ParsedItem]) -> str:
    groups = {
        "study_guide": {"question", "essay", "term"},
        "timeline": {"event", "character"},
        "faq": {"faq"},
        "briefing": {"theme", "fact", "quote", "conclusion"},
    }
    counts = {kind: sum(1 for i in items if i.kind in members) for kind, members in groups.items()}
    best = max(counts, key=lambda k: counts[k])  # ties go to the first, most specific kind
    return best if counts[best] else "note"


def note_title(frontmatter: dict, blocks: list[Block], source_name: str) -> str:
    title = frontmatter.get("title") or frontmatter.get("dg-title")
    if not isinstance(title, str) or not title.strip():
        heading = next((b for b in blocks if b.type == "heading" and b.text), None)
        title = heading.text if heading else _name_title(source_name)
    return title.strip()[:300] or "Untitled"


def _name_title(source_name: str) -> str:
    stem = re.split(r"[/\\:]", source_name)[-1].rsplit(".", 1)[0]
    return re.sub(r"[-_]+", " ", stem).strip().capitalize()


def _inline_children(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                yield child
                yield from child.children or ()  # an image's alt text


def note_tags(frontmatter: dict, tokens: list[Token]) -> list[str]:
    """Frontmatter tags then body #tags: lowercase, each once, in the order first seen."""
    found = frontmatter_tags(frontmatter) + [c.content for c in _inline_children(tokens) if c.type == "tag"]
    return list(dict.fromkeys(tag.lower() for tag in found))


def note_links(tokens: list[Token]) -> list[WikiLink]:
    return [WikiLink(**c.meta) for c in _inline_children(tokens) if c.type == "wikilink"]


def note_images(tokens: list[Token]) -> list[str]:
    """Local images as written: `![[x.png]]` and `![alt](img/x.png)`, not URLs."""
    images = []
    for child in _inline_children(tokens):
        if child.type == "embed" and child.meta["target"].lower().endswith(IMAGE_SUFFIXES):
            images.append(child.meta["target"])
        elif child.type == "image" and is_local(src := str(child.attrGet("src") or "")):
            images.append(unquote(src))
    return images


def note_problems(sections: list[Section], items: list[ParsedItem]) -> list[str]:
    """One sentence per thing the parser saw but could not make study items of."""
    problems = []
    for section in sections:
        if section.kind is None and section.blocks and section.title:
            problems.append(f"section “{section.title}” is not a kind of study section; kept as text")
        elif section.kind and not section.loose and not (section.items or section.paragraphs or section.headed):
            problems.append(f"section “{section.title}” has no items it could read")
    for item in items:
        if item.kind == "faq" and not item.answer:
            problems.append(f"question “{item.text}” has no answer")
    if not items:
        problems.append("no study sections found (key themes, glossary, timeline, FAQ…); imported as a plain note")
    return problems
