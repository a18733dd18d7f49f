"""GIFT's syntax shared by the reader and the writer: markers, escapes, the result types, and escape-aware
scanning (an escaped character is text, never syntax)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizzes.types import QuestionData

BLANK = "_____"
# Moodle's auto-format is closest to Markdown here: both pass inline HTML through.
FORMATS = {"markdown": "markdown", "html": "html", "plain": "plain", "moodle": "markdown"}

FORMAT_PREFIX = re.compile(r"\[(markdown|html|plain|moodle)\]")
WEIGHT = re.compile(r"%(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))%")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
ESCAPED = re.compile(r"\\([\\~=#{}:>n])")
UNESCAPED = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", ">": ">", "n": "\n"}
ESCAPE = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
)
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
CATEGORY = "$CATEGORY:"
INLINE_WIDTH = 40


class GiftError(ValueError):
    """Invalid GIFT. `line` is 1-based; the message starts with "line N: "."""

    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass
class GiftResult:
    questions: list[QuestionData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class GiftExport:
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Piece:
    """A slice of a question's text, still escaped, with its offset for error lines."""

    raw: str
    at: int

    def sub(self, start: int, end: int | None = None) -> Piece:
        return Piece(self.raw[start:end], self.at + start)

    @property
    def start(self) -> int:
        """Offset of the first non-blank character (or of an empty piece): where an error points."""
        return self.at + len(self.raw) - len(self.raw.lstrip()) if self.raw.strip() else self.at


def unescape(raw: str) -> str:
    return ESCAPED.sub(lambda match: UNESCAPED[match[1]], raw)


def live_mask(raw: str) -> list[bool]:
    """live[i] is False where raw[i] belongs to an escape sequence."""
    live = [True] * len(raw)
    for match in ESCAPED.finditer(raw):
        live[match.start()] = live[match.start() + 1] = False
    return live


def find_all_live(raw: str, target: str) -> list[int]:
    live, found, i = live_mask(raw), [], raw.find(target)
    while i >= 0:
        if all(live[i : i + len(target)]):
            found.append(i)
            i = raw.find(target, i + len(target))
        else:
            i = raw.find(target, i + 1)
    return found


def find_live(raw: str, target: str, start: int = 0) -> int:
    return next((i for i in find_all_live(raw, target) if i >= start), -1)


def cut_at(piece: Piece, marker: str) -> tuple[Piece, Piece | None]:
    """Split at the first unescaped marker; None when there is none."""
    i = find_live(piece.raw, marker)
    if i < 0:
        return piece, None
    return piece.sub(0, i), piece.sub(i + len(marker))


def split_at(piece: Piece, markers: str) -> list[tuple[str, Piece]]:
    """Cut at every unescaped marker character; the first part comes with marker ""."""
    parts, live, start, marker = [], live_mask(piece.raw), 0, ""
    for i, char in enumerate(piece.raw):
        if char in markers and live[i]:
            parts.append((marker, piece.sub(start, i)))
            marker, start = char, i + 1
    parts.append((marker, piece.sub(start)))
    return parts
