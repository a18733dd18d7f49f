"""Sections to study items: labels, texts, years and dates, questions paired with their answers."""

from __future__ import annotations

import re

from briefs.parsing.blocks import Block, split_bold
from briefs.parsing.dates import find_year, parse_date, year_only
from briefs.parsing.markdown import md, plain_text, squash
from briefs.parsing.sections import A_PREFIX, LIST_KINDS, Q_PREFIX, Entry, Section
from briefs.parsing.types import ParsedItem

_PLAIN_LABEL = re.compile(r"^(?P<label>[^:\"“”\n]{1,80}?):\s+(?P<rest>\S.*)$", re.DOTALL)
_DASH_LABEL = re.compile(r"^(?P<label>[^\n]{1,80}?)\s+[–—-]\s+(?P<rest>\S.*)$", re.DOTALL)
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


def split_label(text: str, *, plain: bool = False, dash: bool = False) -> tuple[str, str]:
    """`**Label:** text`, `**Label** – text`, and (when allowed) `Label: text` or `Label – text`."""
    tokens = md.parseInline(text)
    children = tokens[0].children if tokens else None
    if found := split_bold(children):
        return _label_rest(*found)
    return _plain_label(squash(plain_text(children)), plain=plain, dash=dash)


def _label_rest(label: str, rest: str) -> tuple[str, str]:
    return (label, rest) if rest else ("", label)


def _plain_label(text: str, *, plain: bool, dash: bool) -> tuple[str, str]:
    if plain and (m := _PLAIN_LABEL.match(text)) and len(m.group("label").split()) <= 8:
        return m.group("label").strip(), m.group("rest").strip()
    if dash and (m := _DASH_LABEL.match(text)) and len(m.group("label").split()) <= 8:
        return m.group("label").strip(), m.group("rest").strip()
    return "", text.strip()


def _block_label(block: Block, kind: str) -> tuple[str, str]:
    if block.label:
        return _label_rest(block.label, block.rest)
    return _plain_label(
        block.text,
        plain=kind in ("quote", "event", "term", "character", "theme", "fact"),
        dash=kind in ("event", "term", "character"),
    )


def _unquote(text: str) -> str:
    pairs = {'"': '"', "“": "”", "'": "'", "‘": "’"}
    text = text.strip()
    if len(text) >= 2 and text[0] in pairs and text.endswith(pairs[text[0]]):
        inner = text[1:-1]
        if text[0] not in inner and pairs[text[0]] not in inner:
            return inner.strip()
    return text


def _entries(section: Section) -> list[Entry]:
    """List items, table rows, or else sub-headings with text under them, or else plain paragraphs."""
    headed = [_headed(e) for e in section.headed if e.answer]
    paragraphs = section.paragraphs if section.kind in LIST_KINDS and not section.loose else []
    return section.items or headed or paragraphs


def _headed(entry: Entry) -> Entry:
    """`### 12 April 1961` and the paragraph under it: one entry labelled by the heading."""
    rest = "\n\n".join(entry.answer)
    return Entry(Block("headed", f"{entry.block.text} {rest}", label=entry.block.text, rest=rest), entry.anchor)


def build_items(sections: list[Section]) -> list[ParsedItem]:
    questions: list[Entry] = []
    answers: list[Entry] = []
    items: list[ParsedItem] = []
    for section in sections:
        entries = _entries(section) if section.kind != "faq" else section.items
        if section.kind == "conclusion":
            items.extend(_conclusion(section))
        elif section.kind == "answer_key":
            answers.extend(entries)
        elif section.kind == "question":
            questions.extend(entries)
            items.extend(ParsedItem("question", 0, text=_question(e), anchor=e.anchor) for e in entries)
        elif section.kind == "faq":
            items.extend(_faq_item(e) for e in entries)
        elif section.kind:
            items.extend(_list_item(section.kind, e) for e in entries)
    _pair_answers([i for i in items if i.kind == "question"], questions, answers)
    for position, item in enumerate(items, start=1):
        item.position = position
    return items


def _question(entry: Entry) -> str:
    return _LEADING_NUMBER.sub("", entry.block.label if entry.block.type == "headed" else entry.block.text)


def _conclusion(section: Section) -> list[ParsedItem]:
    parts = [e.block.text for e in section.paragraphs + section.items]
    if not parts:
        return []
    return [ParsedItem("conclusion", 0, text="\n\n".join(parts), anchor=section.anchor)]


def _faq_item(entry: Entry) -> ParsedItem:
    question = _LEADING_NUMBER.sub("", Q_PREFIX.sub("", entry.block.text)).strip()
    return ParsedItem("faq", 0, text=question, answer="\n\n".join(entry.answer), anchor=entry.anchor)


def _list_item(kind: str, entry: Entry) -> ParsedItem:
    if kind == "essay":
        return ParsedItem(kind, 0, text=_LEADING_NUMBER.sub("", entry.block.text), anchor=entry.anchor)
    label, text = _block_label(entry.block, kind)
    item = ParsedItem(kind, 0, label=label, text=text, anchor=entry.anchor)
    if kind == "quote":
        item.text = _unquote(text)
    elif kind == "event":
        _date_event(item)
    elif kind == "fact":
        item.year = find_year(text) or find_year(label)
    return item


def _date_event(item: ParsedItem) -> None:
    info = parse_date(item.label) if item.label else None
    if info is None:
        # "1956 – text" without a label marker, or a date only in the text.
        info = parse_date(item.text.split(":")[0]) or year_only(item.label or item.text)
    if info is not None:
        item.year, item.date, item.date_precision = info.year, info.date, info.precision


def _pair_answers(items: list[ParsedItem], entries: list[Entry], answers: list[Entry]) -> None:
    """Answers pair by number when both sides are numbered, else by order."""
    by_number = {a.block.number: a for a in answers if a.block.number is not None}
    numbered = len(by_number) == len(answers) and all(e.block.number is not None for e in entries)
    for index, (item, entry) in enumerate(zip(items, entries, strict=True)):
        answer = by_number.get(entry.block.number) if numbered else (answers[index] if index < len(answers) else None)
        if answer is not None:
            item.answer = A_PREFIX.sub("", _LEADING_NUMBER.sub("", answer.block.text)).strip()
