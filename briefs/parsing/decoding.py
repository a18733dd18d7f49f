"""Bytes to clean text: encodings, binary refusal, mojibake repair."""

from __future__ import annotations

import re
import unicodedata

import ftfy

from briefs.parsing.types import ParseError


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
