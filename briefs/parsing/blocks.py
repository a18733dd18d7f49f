"""The note's top-level blocks as plain text, read from markdown-it tokens.

A list item keeps its sub-points in its text; a table row, a definition-list entry and a leading
bold phrase (`**Label:** text`) give a label and the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from briefs.parsing.anchors import bold_only
from briefs.parsing.markdown import plain_text, squash

_SEPARATOR = re.compile(r"^\s*(?:[:–—]|-(?!\d))\s*")


@dataclass
class Block:
    type: str  # heading | bold | paragraph | item | row
    text: str  # plain text; a paragraph keeps its line breaks
    level: int = 0
    number: int | None = None
    anchor: str = ""
    label: str = ""  # a leading bold phrase, a table's first cell, a defined term
    rest: str = ""  # what follows the label
    quoted: bool = False
    cells: list[str] = field(default_factory=list)


def split_bold(children: list[Token] | None) -> tuple[str, str] | None:
    """(bold label, the rest) when inline tokens start with bold text, else None."""
    kids = list(children or ())
    while kids and kids[0].type == "text" and not kids[0].content.strip():
        kids.pop(0)
    if not kids or kids[0].type != "strong_open":
        return None
    depth = 0
    for index, child in enumerate(kids):
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0:
            label = squash(plain_text(kids[1:index])).rstrip(":").strip()
            return label, _SEPARATOR.sub("", plain_text(kids[index + 1 :]), count=1).strip()
    return None


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().split("\n") if line.strip())


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token closing the top-level container opened at `start`."""
    return next(i for i in range(start + 1, len(tokens)) if tokens[i].level == 0 and tokens[i].nesting == -1)


def read_blocks(tokens: list[Token]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index) if token.nesting == 1 and token.level == 0 else index
        inner = tokens[index + 1 : end]
        if token.type == "heading_open":
            blocks.append(Block("heading", squash(plain_text(inner[0].children)), level=int(token.tag[1:])))
            blocks[-1].anchor = str(token.attrGet("id") or "")
        elif token.type == "paragraph_open":
            blocks.append(_paragraph(token, inner[0]))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks.extend(_list_items(inner))
        elif token.type == "table_open":
            blocks.extend(_table_rows(inner))
        elif token.type == "dl_open":
            blocks.extend(_definitions(inner))
        elif token.type in ("blockquote_open", "callout_open"):
            text = _lines("\n".join(plain_text(t.children) for t in inner if t.type == "inline"))
            if text:
                blocks.append(Block("paragraph", text, quoted=True))
        index = end + 1
    return blocks


def _paragraph(token: Token, inline: Token) -> Block:
    text = _lines(plain_text(inline.children))
    if bold_only(inline):
        return Block("bold", squash(text).rstrip(":").strip(), anchor=str(token.attrGet("id") or ""))
    label, rest = split_bold(inline.children) or ("", "")
    return Block("paragraph", text, label=label, rest=rest)


def _list_items(tokens: list[Token]) -> list[Block]:
    items: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.level != 1:
            continue
        end = next(
            i for i in range(index + 1, len(tokens)) if tokens[i].type == "list_item_close" and tokens[i].level == 1
        )
        inlines = [t for t in tokens[index + 1 : end] if t.type == "inline"]
        texts = [squash(plain_text(t.children)) for t in inlines]
        label, rest = (split_bold(inlines[0].children) or ("", "")) if inlines else ("", "")
        rest = " ".join([squash(rest), *texts[1:]]).strip() if label else ""
        number = int(token.info) if token.info.isdigit() else None
        items.append(Block("item", " ".join(texts).strip(), number=number, label=label, rest=rest))
    return items


def _table_rows(tokens: list[Token]) -> list[Block]:
    rows: list[Block] = []
    in_body = False
    for index, token in enumerate(tokens):
        in_body = (in_body or token.type == "tbody_open") and token.type != "tbody_close"
        if in_body and token.type == "tr_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "tr_close")
            cells = [squash(plain_text(t.children)) for t in tokens[index:end] if t.type == "inline"]
            if any(cells):
                label, rest = (cells[0], " – ".join(c for c in cells[1:] if c)) if len(cells) > 1 else ("", cells[0])
                rows.append(Block("row", " ".join(cells), label=label, rest=rest, cells=cells))
    return rows


def _definitions(tokens: list[Token]) -> list[Block]:
    entries: list[Block] = []
    part = ""
    for token in tokens:
        if token.type in ("dt_open", "dd_open"):
            part = token.type
        elif token.type == "inline" and part == "dt_open":
            term = squash(plain_text(token.children))
            entries.append(Block("item", term, label=term))
        elif token.type == "inline" and entries:
            entry = entries[-1]
            entry.rest = f"{entry.rest} {squash(plain_text(token.children))}".strip()
            entry.text = f"{entry.label} {entry.rest}"
    return entries
