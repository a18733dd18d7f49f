"""Parse a digital-garden note (Markdown with YAML or JSON frontmatter) into plain data.

Pure: stdlib, PyYAML and ftfy only, no Django. Real gardens vary (study tools write the
same section as a heading of any level or as a bold line, lists with `-` or `*`, labels
as `**Label:** text` or `**Label** – text`), so the parser is tolerant about shape and
strict only about what makes a file unusable: it raises `ParseError`, and nothing else,
for binary, empty or undecodable input and for invalid frontmatter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy
import yaml

# Part of every checksum: a parser change makes the next import update stored briefs.
PARSER_VERSION = "1"

BRIEF_KINDS = ("briefing", "study_guide", "timeline", "faq", "note")
ITEM_KINDS = ("theme", "fact", "quote", "conclusion", "question", "essay", "term", "event", "character", "faq")
PRECISIONS = ("day", "month", "year", "range")


class ParseError(ValueError):
    """The input cannot be read as a note; the message says why, for the person who wrote it."""


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
    # Garden features (issue 27). Minimal here, tags from the frontmatter only; the parser rewrite fills them all.
    tags: list[str] = field(default_factory=list)
    links: list[WikiLink] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WikiLink:
    target: str  # note name as written, e.g. "Cold War"
    heading: str = ""  # of [[Note#Heading]]
    alias: str = ""


def _frontmatter_tags(frontmatter: dict) -> list[str]:
    raw = frontmatter.get("tags") or []
    raw = raw.replace(",", " ").split() if isinstance(raw, str) else raw if isinstance(raw, list) else []
    tags = (str(t).strip().lstrip("#").lower() for t in raw)
    return list(dict.fromkeys(t for t in tags if t))


@dataclass(frozen=True)
class DateInfo:
    year: int
    date: dt.date | None
    precision: str


# --------------------------------------------------------------------------- decoding


def decode_text(data: bytes | str) -> str:
    """Bytes or text to clean text with `\\n` line ends; binary input is refused."""
    text = _decode_bytes(data) if isinstance(data, bytes | bytearray) else data
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise ParseError("binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return repair_mojibake(text)


def _decode_bytes(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError("invalid UTF-16 text") from exc
    if b"\x00" in data[:8192]:
        raise ParseError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Notes saved by old Windows editors: cp1252 still decodes them faithfully.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ParseError("not UTF-8 text (binary file?)") from exc


def _looks_binary(text: str) -> bool:
    if "\x00" in text:  # PostgreSQL cannot store NUL in text either
        return True
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 100)


# UTF-8 read as Mac Roman ("Encyclop√¶dia" for "Encyclopædia"), which ftfy 6.3 leaves
# alone. Only lead bytes that make Latin letters (C2-C5) and general punctuation (E2 80-86)
# are repaired, so "√2" or a lone "¬" (a continuation byte never follows) stay as written.
_MAC_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("mac_roman"))
_MAC_LEAD2 = re.escape(bytes(range(0xC2, 0xC6)).decode("mac_roman"))
_MAC_PUNCT = (
    re.escape(bytes([0xE2]).decode("mac_roman")) + "[" + re.escape(bytes(range(0x80, 0x87)).decode("mac_roman"))
)
_MAC_MOJIBAKE = re.compile(f"[{_MAC_LEAD2}][{_MAC_CONT}]|{_MAC_PUNCT}][{_MAC_CONT}]")


def repair_mojibake(text: str) -> str:
    """ftfy for the common cases, then the targeted Mac Roman repair."""
    if text.isascii():
        return text  # mojibake is made of non-ASCII characters; skipping ftfy halves the parse time
    text = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=True)
    return _MAC_MOJIBAKE.sub(_mac_roman_fix, text)


def _mac_roman_fix(match: re.Match) -> str:
    found = match.group()
    try:
        fixed = found.encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return found
    if unicodedata.category(fixed)[0] == "C":
        return found
    if len(found) == 2:
        # Two-character pairs could be real symbols ("√π"); repair them inside words only.
        text, start, end = match.string, match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before.isalnum() or after.isalnum()):
            return found
    return fixed


# --------------------------------------------------------------------------- frontmatter


_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
MAX_FRONTMATTER_NODES = 5000


def split_frontmatter(text: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return {}, text
    for i in range(1, len(lines)):
        if _FENCE_END.match(lines[i]):
            return _load_frontmatter("\n".join(lines[1:i])), "\n".join(lines[i + 1 :])
    raise ParseError("frontmatter is not closed by a '---' line")


def _load_frontmatter(raw: str) -> dict:
    try:
        if raw.lstrip().startswith("{"):
            try:
                data = json.loads(raw)
            except ValueError:
                data = yaml.safe_load(raw)  # YAML flow style looks like JSON but is not
        else:
            data = yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ParseError(f"invalid frontmatter: {_describe(exc)}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParseError("invalid frontmatter: not a mapping of keys to values")
    budget = [MAX_FRONTMATTER_NODES]
    return _jsonable(data, budget)


def _jsonable(value, budget: list[int]):
    """Frontmatter as JSON-safe data; YAML dates become ISO strings. Aliases cannot blow up."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ParseError("invalid frontmatter: too large")
    if isinstance(value, dict):
        return {str(k): _jsonable(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v, budget) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)  # JSON has no NaN or infinity
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _describe(exc: Exception) -> str:
    """The YAML or JSON complaint with its line in the file (the frontmatter starts on line 2)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"{exc.problem or exc.context} (line {exc.problem_mark.line + 2})"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (line {exc.lineno + 1})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).strip().split("\n")[0][:200]


# --------------------------------------------------------------------------- anchors


# No `[` inside the text or `(` inside the target: each match attempt stops at the next bracket, so a run of
# brackets costs linear time (with `[^\]]*`, every `[` scanned to the end of the text: 60,000 took 41 s).
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_TAG = re.compile(r"<[^>]+>")


def plain_inline(raw: str) -> str:
    """Inline Markdown as plain text: links keep their text, emphasis markers and tags go."""
    text = _LINK.sub(r"\1", raw)
    text = _TAG.sub("", text)
    text = re.sub(r"(\*\*|__|\*|`|~~)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def anchor_slug(raw: str) -> str:
    """The id of a heading or bold label; rendering.py gives the HTML the same ids."""
    text = plain_inline(raw).lower()
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
        base = anchor_slug(raw)
        anchor, n = base, self.last.get(base, 0)
        while anchor in self.seen:
            n += 1
            anchor = f"{base}-{n}"
        self.last[base] = n
        self.seen.add(anchor)
        return anchor


# --------------------------------------------------------------------------- blocks

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
# A paragraph that is only bold text, optionally followed by a colon: a section label.
BOLD_LINE = re.compile(r"^ {0,3}(?:\*\*(?P<a>[^*\n]+?)\*\*|__(?P<b>[^_\n]+?)__)[ \t]*:?[ \t]*$")
_LIST_ITEM = re.compile(r"^( {0,3})([-*+]|(\d{1,9})[.)])(?:[ \t]+(.*))?$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_QUOTE_LINE = re.compile(r"^ {0,3}>[ \t]?(.*)$")


@dataclass
class Block:
    type: str  # heading | bold | paragraph | item
    text: str
    level: int = 0
    number: int | None = None
    anchor: str = ""


def split_blocks(body: str) -> list[Block]:
    """Top-level Markdown blocks, close enough to CommonMark for headings, labels and lists."""
    state = _BlockState()
    for line in body.split("\n"):
        state.feed(line)
    state.flush()
    return state.blocks


class _BlockState:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.quoted = False  # a paragraph inside a blockquote never counts as a label
        self.item: Block | None = None
        self.fence: str | None = None

    def flush(self) -> None:
        if self.item is not None:
            self.blocks.append(self.item)
            self.item = None
        if self.para:
            self.blocks.append(_paragraph_block(self.para, quoted=self.quoted))
            self.para = []
        self.quoted = False

    def feed(self, line: str) -> None:
        if self.fence is not None:
            if line.strip().startswith(self.fence):
                self.fence = None
            return
        if m := _CODE_FENCE.match(line):
            self.flush()
            self.fence = m.group(1)[0] * 3
        elif not line.strip():
            self.flush()
        elif self.para and not self.quoted and (m := _SETEXT.match(line)):
            level = 1 if "=" in m.group(1) else 2
            self.blocks.append(Block("heading", " ".join(s.strip() for s in self.para), level=level))
            self.para = []
        elif self.item is not None and line.startswith(("  ", "\t")):
            # An indented line continues the list item (nested bullets included).
            self.item.text = f"{self.item.text} {_strip_marker(line.strip())}".strip()
        elif _HR.match(line):
            self.flush()
        elif m := ATX_HEADING.match(line):
            self.flush()
            self.blocks.append(Block("heading", (m.group(2) or "").strip(), level=len(m.group(1))))
        elif m := _LIST_ITEM.match(line):
            self.flush()
            number = int(m.group(3)) if m.group(3) else None
            self.item = Block("item", (m.group(4) or "").strip(), number=number)
        elif self.item is not None:
            self.item.text = f"{self.item.text} {line.strip()}".strip()  # lazy continuation
        else:
            self._paragraph_line(line)

    def _paragraph_line(self, line: str) -> None:
        if m := _QUOTE_LINE.match(line):
            if self.para and not self.quoted:
                self.flush()
            self.quoted = True
            line = m.group(1)
        self.para.append(line)


def _strip_marker(line: str) -> str:
    m = _LIST_ITEM.match(line)
    return (m.group(4) or "") if m else line


def _paragraph_block(lines: list[str], *, quoted: bool) -> Block:
    if len(lines) == 1 and not quoted and BOLD_LINE.match(lines[0]):
        return Block("bold", lines[0].strip())
    return Block("paragraph", "\n".join(s.strip() for s in lines))


def assign_anchors(blocks: list[Block]) -> None:
    anchors = AnchorSet()
    for block in blocks:
        if block.type in ("heading", "bold"):
            block.anchor = anchors.add(block.text)


# --------------------------------------------------------------------------- sections


def _norm(text: str) -> str:
    text = plain_inline(text).lower().replace("&", " and ")
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
_LIST_KINDS = {"theme", "fact", "quote", "question", "answer_key", "essay", "term", "event", "character"}


def section_kind(text: str) -> str | None:
    return SECTION_KINDS.get(_norm(text))


@dataclass
class Entry:
    text: str
    anchor: str
    number: int | None = None
    answer: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: str | None
    level: int
    anchor: str
    items: list[Entry] = field(default_factory=list)
    paragraphs: list[Entry] = field(default_factory=list)


def collect_sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    current = Section(None, 0, "")
    for block in blocks:
        if block.type in ("heading", "bold"):
            level = block.level if block.type == "heading" else 7  # a bold label sits below any heading
            if kind := section_kind(block.text):
                current = Section(kind, level, block.anchor)
                sections.append(current)
            elif current.kind == "faq" and (level > current.level or plain_inline(block.text).endswith("?")):
                current.items.append(Entry(plain_inline(block.text), block.anchor))
            elif current.kind and level > current.level:
                current.anchor = block.anchor or current.anchor  # a sub-heading inside the section
            else:
                current = Section(None, level, block.anchor)
        elif current.kind == "faq":
            _faq_block(current, block)
        elif current.kind is not None:
            target = current.items if block.type == "item" else current.paragraphs
            target.append(Entry(block.text, current.anchor, block.number))
    return sections


_FAQ_INLINE = re.compile(r"^\s*(?:\*\*|__)(?P<q>[^*_\n]+?\?)\s*(?:\*\*|__)\s*(?P<rest>[\s\S]*)$")
_Q_PREFIX = re.compile(r"^\s*(?:\*\*|__)?Q(?:uestion)?\s*\d*\s*[:.]\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_A_PREFIX = re.compile(r"^\s*(?:\*\*|__)?A(?:nswer)?\s*[:.]\s*(?:\*\*|__)?\s*", re.IGNORECASE)


def _faq_block(section: Section, block: Block) -> None:
    """FAQ entries: a bold question (or `Q:` line) starts one, the paragraphs after answer it."""
    text = block.text
    if m := _FAQ_INLINE.match(text):
        section.items.append(Entry(m.group("q"), section.anchor))
        text = m.group("rest")
    elif _Q_PREFIX.match(text) and "?" in text.split("\n")[0]:
        first, _, text = text.partition("\n")
        section.items.append(Entry(_Q_PREFIX.sub("", first), section.anchor))
    text = _A_PREFIX.sub("", text.strip())
    if text and section.items:
        section.items[-1].answer.append(text)


# --------------------------------------------------------------------------- items

_BOLD_LABEL = re.compile(r"^(?:\*\*(?P<a>.+?)\*\*|__(?P<b>.+?)__)\s*(?P<rest>.*)$", re.DOTALL)
_SEPARATOR = re.compile(r"^\s*(?:[:–—]|-(?!\d))\s*")
_PLAIN_LABEL = re.compile(r"^(?P<label>[^:\"“”\n]{1,80}?):\s+(?P<rest>\S.*)$", re.DOTALL)
_DASH_LABEL = re.compile(r"^(?P<label>[^\n]{1,80}?)\s+[–—-]\s+(?P<rest>\S.*)$", re.DOTALL)
_YEAR = re.compile(r"(?<![\d,./])(1[0-9]{3}|20[0-9]{2})(?!\d|[,.]\d)")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


def split_label(text: str, *, plain: bool = False, dash: bool = False) -> tuple[str, str]:
    """`**Label:** text`, `**Label** – text`, and (when allowed) `Label: text` or `Label – text`."""
    if m := _BOLD_LABEL.match(text):
        label = (m.group("a") or m.group("b")).strip().rstrip(":").strip()
        rest = _SEPARATOR.sub("", m.group("rest"), count=1).strip()
        return (label, rest) if rest else ("", label)
    if plain and (m := _PLAIN_LABEL.match(text)) and len(m.group("label").split()) <= 8:
        return m.group("label").strip(), m.group("rest").strip()
    if dash and (m := _DASH_LABEL.match(text)) and len(m.group("label").split()) <= 8:
        return m.group("label").strip(), m.group("rest").strip()
    return "", text.strip()


def find_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _unquote(text: str) -> str:
    pairs = {'"': '"', "“": "”", "'": "'", "‘": "’"}
    text = text.strip()
    if len(text) >= 2 and text[0] in pairs and text.endswith(pairs[text[0]]):
        inner = text[1:-1]
        if text[0] not in inner and pairs[text[0]] not in inner:
            return inner.strip()
    return text


def _build_items(sections: list[Section]) -> list[ParsedItem]:
    questions: list[Entry] = []
    answers: list[Entry] = []
    items: list[ParsedItem] = []
    for section in sections:
        entries = section.items or (section.paragraphs if section.kind in _LIST_KINDS else [])
        if section.kind == "conclusion":
            items.extend(_conclusion(section))
        elif section.kind == "answer_key":
            answers.extend(entries)
        elif section.kind == "question":
            questions.extend(entries)
            items.extend(
                ParsedItem("question", 0, text=_LEADING_NUMBER.sub("", e.text), anchor=e.anchor) for e in entries
            )
        elif section.kind == "faq":
            items.extend(_faq_item(e) for e in entries)
        elif section.kind:
            items.extend(_list_item(section.kind, e) for e in entries)
    _pair_answers([i for i in items if i.kind == "question"], questions, answers)
    for position, item in enumerate(items, start=1):
        item.position = position
    return items


def _conclusion(section: Section) -> list[ParsedItem]:
    parts = [e.text for e in section.paragraphs + section.items]
    if not parts:
        return []
    return [ParsedItem("conclusion", 0, text="\n\n".join(parts), anchor=section.anchor)]


def _faq_item(entry: Entry) -> ParsedItem:
    question = _LEADING_NUMBER.sub("", _Q_PREFIX.sub("", entry.text)).strip()
    return ParsedItem("faq", 0, text=question, answer="\n\n".join(entry.answer), anchor=entry.anchor)


def _list_item(kind: str, entry: Entry) -> ParsedItem:
    if kind == "essay":
        return ParsedItem(kind, 0, text=_LEADING_NUMBER.sub("", entry.text), anchor=entry.anchor)
    label, text = split_label(
        entry.text,
        plain=kind in ("quote", "event", "term", "character", "theme", "fact"),
        dash=kind in ("event", "term", "character"),
    )
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
        info = parse_date(item.text.split(":")[0]) or _year_only(item.label or item.text)
    if info is not None:
        item.year, item.date, item.date_precision = info.year, info.date, info.precision


def _year_only(text: str) -> DateInfo | None:
    year = find_year(text)
    return DateInfo(year, dt.date(year, 1, 1), "year") if year else None


def _pair_answers(items: list[ParsedItem], entries: list[Entry], answers: list[Entry]) -> None:
    """Answers pair by number when both sides are numbered, else by order."""
    by_number = {a.number: a for a in answers if a.number is not None}
    numbered = len(by_number) == len(answers) and all(e.number is not None for e in entries)
    for index, (item, entry) in enumerate(zip(items, entries, strict=True)):
        answer = by_number.get(entry.number) if numbered else (answers[index] if index < len(answers) else None)
        if answer is not None:
            item.answer = _A_PREFIX.sub("", _LEADING_NUMBER.sub("", answer.text)).strip()


# --------------------------------------------------------------------------- dates

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_M = r"(?P<{0}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<{0}>\d{{1,2}})(?:st|nd|rd|th)?"
_Y = r"(?P<{0}>\d{{3,4}})"
_R = r"\s*(?:–|—|-|to|until|through)\s*"
_DATE_SHAPES = [
    (rf"{_Y.format('y')}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})", "iso"),
    (rf"{_M.format('m')}\s+{_D.format('d')}{_R}{_D.format('d2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')}\s+{_D.format('d')}{_R}{_M.format('m2')}\s+{_D.format('d2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')}\s+{_D.format('d')},?\s+{_Y.format('y')}", "day"),
    (rf"{_D.format('d')}{_R}{_D.format('d2')}\s+{_M.format('m')},?\s+{_Y.format('y')}", "range"),
    (rf"{_D.format('d')}\s+(?:of\s+)?{_M.format('m')},?\s+{_Y.format('y')}", "day"),
    (rf"{_M.format('m')}{_R}{_M.format('m2')},?\s+{_Y.format('y')}", "range"),
    (rf"{_M.format('m')},?\s+{_Y.format('y')}{_R}{_M.format('m2')},?\s+{_Y.format('y2')}", "range"),
    (rf"{_M.format('m')},?\s+{_Y.format('y')}", "month"),
    (rf"{_Y.format('y')}{_R}(?P<y2>\d{{2,4}})", "range"),
    (rf"{_Y.format('y')}s", "decade"),
    (rf"{_Y.format('y')}", "year"),
    (rf"(?:early|mid|late|spring|summer|autumn|fall|winter|end of|beginning of)[\s-]+{_Y.format('y')}", "year"),
]
_DATE_PATTERNS = [(re.compile(f"^{pattern}$", re.IGNORECASE), shape) for pattern, shape in _DATE_SHAPES]
_BC = re.compile(r"^(?P<y>\d{1,4})\s*(?:BC|BCE|B\.C\.)$", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:c\.|ca\.|circa|approx\.|~)\s*", re.IGNORECASE)


def parse_date(text: str) -> DateInfo | None:
    """A date label ("March 5, 1953", "October–November 1956", "1950s") as year, date, precision."""
    cleaned = _CIRCA.sub("", plain_inline(text).strip().rstrip(":.").strip())
    if m := _BC.match(cleaned):
        return DateInfo(-int(m.group("y")), None, "year")
    for pattern, shape in _DATE_PATTERNS:
        if m := pattern.match(cleaned):
            return _date_info(m, shape)
    return None


def _date_info(m: re.Match, shape: str) -> DateInfo | None:
    groups = m.groupdict()
    year = int(groups["y"])
    month = groups.get("m")
    month = int(month) if month and month.isdigit() else _MONTHS.get((month or "").lower().rstrip("."), 1)
    day = int(groups["d"]) if groups.get("d") else 1
    if year < 1 or not 1 <= month <= 12:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    precision = {"iso": "day", "decade": "range"}.get(shape, shape)
    return DateInfo(year, date, precision)


# --------------------------------------------------------------------------- notes


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


def _title(frontmatter: dict, blocks: list[Block], source_name: str) -> str:
    title = frontmatter.get("title") or frontmatter.get("dg-title")
    if not isinstance(title, str) or not title.strip():
        heading = next((b for b in blocks if b.type == "heading" and plain_inline(b.text)), None)
        title = plain_inline(heading.text) if heading else _name_title(source_name)
    return title.strip()[:300] or "Untitled"


def _name_title(source_name: str) -> str:
    stem = re.split(r"[/\\:]", source_name)[-1].rsplit(".", 1)[0]
    return re.sub(r"[-_]+", " ", stem).strip().capitalize()


def _published(frontmatter: dict) -> bool:
    for key, negate in (("dg-publish", False), ("published", False), ("draft", True)):
        if key in frontmatter:
            value = frontmatter[key]
            truthy = value.strip().lower() in ("true", "yes", "1", "on") if isinstance(value, str) else bool(value)
            return truthy != negate
    return False


def parse_note(data: bytes | str, *, source_name: str = "") -> ParsedNote:
    """Parse one note. Raises ParseError, and only ParseError, for input that is not a note."""
    text = decode_text(data)
    if not text.strip():
        raise ParseError("empty file")
    frontmatter, body = split_frontmatter(text)
    if not body.strip():
        raise ParseError("the note has no content after its frontmatter")
    blocks = split_blocks(body)
    assign_anchors(blocks)
    items = _build_items(collect_sections(blocks))
    declared = frontmatter.get("kind") or frontmatter.get("type")
    permalink = frontmatter.get("permalink")
    return ParsedNote(
        title=_title(frontmatter, blocks, source_name),
        permalink=str(permalink).strip() if isinstance(permalink, str | int) else "",
        published=_published(frontmatter),
        frontmatter=frontmatter,
        body=body.strip("\n") + "\n",
        kind=declared if declared in BRIEF_KINDS else infer_kind(items),
        items=items,
        tags=_frontmatter_tags(frontmatter),
    )


# --------------------------------------------------------------------------- topics

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
