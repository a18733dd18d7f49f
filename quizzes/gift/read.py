"""Reading GIFT (the rules are in quizzes.gift's docstring)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from quizzes.gift.syntax import (
    BLANK,
    CATEGORY,
    FORMAT_PREFIX,
    FORMATS,
    NUMBER,
    TRUE_FALSE,
    WEIGHT,
    GiftError,
    GiftResult,
    Piece,
    cut_at,
    find_all_live,
    find_live,
    split_at,
    unescape,
)
from quizzes.types import MAX_QUESTIONS_PER_QUIZ, Choice, NumericAnswer, QuestionData


def parse_gift(text: str, *, max_questions: int = MAX_QUESTIONS_PER_QUIZ) -> GiftResult:
    """Every question in `text`, or GiftError for the first problem (nothing partial), or for more than
    `max_questions` questions (found before the rest is parsed)."""
    result, category = GiftResult(), ""
    for chunk in _chunks(text):
        category, chunk = _take_category(chunk, category)
        if chunk is None:
            continue
        notes: list[tuple[str, int]] = []
        try:
            question = _parse_question(chunk.text, category, notes)
        except _Fail as fail:
            raise GiftError(fail.message, chunk.line_at(fail.at)) from None
        result.warnings += [f"line {chunk.line_at(at)}: {message}" for message, at in notes]
        if question is not None:
            result.questions.append(question)
        if len(result.questions) > max_questions:
            raise GiftError(f"more than {max_questions} questions, the limit for one quiz", chunk.line_at(0))
    return result


class _Fail(Exception):
    """A problem at an offset of the question's text; parse_gift turns it into a line."""

    def __init__(self, message: str, at: int):
        super().__init__(message)
        self.message = message
        self.at = at


@dataclass(frozen=True)
class _Chunk:
    """One question's lines (comments removed) and the file line number of each."""

    text: str
    lines: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


def _chunks(text: str) -> list[_Chunk]:
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            groups.append([])
        # A comment line neither ends a question nor belongs to it, as in Moodle.
        elif not stripped.startswith("//"):
            groups[-1].append((number, line))
    return [_Chunk("\n".join(line for _, line in g), tuple(n for n, _ in g)) for g in groups if g]


def _take_category(chunk: _Chunk, category: str) -> tuple[str, _Chunk | None]:
    """A `$CATEGORY:` line changes the category; any lines after it still form a question."""
    first, _, rest = chunk.text.partition("\n")
    if not first.lstrip().startswith(CATEGORY):
        return category, chunk
    category = unescape(first.lstrip()[len(CATEGORY) :]).strip()
    if not rest.strip():
        return category, None
    return category, _Chunk(rest, chunk.lines[1:])


def _parse_question(text: str, category: str, notes: list[tuple[str, int]]) -> QuestionData | None:
    name, body = _name(Piece(text, 0))
    bounds = _block_bounds(body)
    if bounds is None:
        notes.append(("text without an answer block (a description) was skipped", body.start))
        return None
    opening, closing = bounds
    prompt, prompt_format = _prompt(body.raw[:opening], body.raw[closing + 1 :])
    answers, general_feedback = _general_feedback(body.sub(opening + 1, closing))
    fields = _parse_answers(answers, notes)
    return QuestionData(
        prompt=prompt,
        name=name,
        prompt_format=prompt_format,
        general_feedback=general_feedback,
        category=category,
        **fields,
    )


def _name(piece: Piece) -> tuple[str, Piece]:
    start = len(piece.raw) - len(piece.raw.lstrip())
    if not piece.raw.startswith("::", start):
        return "", piece
    end = find_live(piece.raw, "::", start + 2)
    if end < 0:
        raise _Fail("the question name has no closing ::", piece.at + start)
    return _text(piece.sub(start + 2, end), formatted=False), piece.sub(end + 2)


def _block_bounds(body: Piece) -> tuple[int, int] | None:
    """Where the one answer block opens and closes; None when there is none."""
    opens, closes = find_all_live(body.raw, "{"), find_all_live(body.raw, "}")
    if not opens and not closes:
        return None
    if not closes:
        raise _Fail("no closing brace } for this answer block", body.at + opens[0])
    if not opens or closes[0] < opens[0]:
        raise _Fail("closing brace } without an opening {", body.at + closes[0])
    if len(opens) > 1 and opens[1] < closes[0]:
        raise _Fail("{ inside an answer block (write \\{ for a literal brace)", body.at + opens[1])
    if len(opens) > 1 or len(closes) > 1:
        extra = min(opens[1:] + closes[1:])
        raise _Fail("a second answer block: separate questions with a blank line", body.at + extra)
    return opens[0], closes[0]


def _prompt(before: str, after: str) -> tuple[str, str]:
    """The prompt without its block (a BLANK marks it when text follows) and its format."""
    raw = (before + BLANK + after if after.strip() else before).strip()
    prompt_format = "markdown"
    if match := FORMAT_PREFIX.match(raw):
        prompt_format, raw = FORMATS[match[1]], raw[match.end() :]
    return unescape(raw).strip(), prompt_format


def _general_feedback(inner: Piece) -> tuple[Piece, str]:
    # Moodle takes the last `####`, so answer feedback may itself end just before it.
    found = find_all_live(inner.raw, "####")
    if not found:
        return inner, ""
    return inner.sub(0, found[-1]), _text(inner.sub(found[-1] + 4))


def _parse_answers(piece: Piece, notes: list[tuple[str, int]]) -> dict:
    """The type-specific fields. The order of the tests is Moodle's."""
    raw = piece.raw.strip()
    if not raw:
        return {"type": "essay"}
    if raw.startswith("#"):
        return _parse_numerical(piece, notes)
    if find_live(raw, "~") >= 0:
        return _parse_choices(piece)
    if find_live(raw, "=") >= 0 and find_live(raw, "->") >= 0:
        return _parse_matching(piece)
    if cut_at(piece, "#")[0].raw.strip().upper() in TRUE_FALSE:
        return _parse_true_false(piece)
    return _parse_short_answer(piece)


def _answers(piece: Piece, markers: str) -> list[tuple[str, Piece]]:
    """The answers, each with the marker that opened it; text before the first is an error."""
    (_, lead), *answers = split_at(piece, markers)
    if lead.raw.strip():
        wanted = " or ".join(markers)
        raise _Fail(f"unknown answer marker: {_text(lead)[:40]!r} should start with {wanted}", lead.start)
    return answers


def _parse_choices(piece: Piece) -> dict:
    answers = _answers(piece, "~=")
    if len(answers) < 2:
        raise _Fail("a multiple-choice question needs at least two answers", piece.start)
    choices = [_choice(marker, answer) for marker, answer in answers]
    # Moodle: one `=` makes a single-answer question; without one, several may be chosen.
    single = any(marker == "=" for marker, _ in answers)
    return {"type": "single" if single else "multiple", "choices": choices}


def _choice(marker: str, piece: Piece) -> Choice:
    if marker == "=":
        text, feedback = _text_and_feedback(piece)
        return Choice(text=text, fraction=1.0, feedback=feedback)
    return _weighted_choice(piece, default=0.0)


def _weighted_choice(piece: Piece, default: float) -> Choice:
    fraction, rest = _weight(piece, default)
    text, feedback = _text_and_feedback(rest)
    return Choice(text=text, fraction=fraction, feedback=feedback)


def _parse_short_answer(piece: Piece) -> dict:
    choices = [_weighted_choice(answer, default=1.0) for _, answer in _answers(piece, "=")]
    return {"type": "short_answer", "choices": choices}


def _parse_matching(piece: Piece) -> dict:
    pairs = [_pair(answer) for _, answer in _answers(piece, "=")]
    if sum(1 for pair in pairs if pair.text) < 2:
        raise _Fail("a matching question needs at least two pairs", piece.start)
    return {"type": "matching", "choices": pairs}


def _pair(piece: Piece) -> Choice:
    arrow = find_live(piece.raw, "->")
    if arrow < 0:
        raise _Fail("a matching answer needs the form =left -> right", piece.start)
    right, feedback = _text_and_feedback(piece.sub(arrow + 2), formatted=False)
    return Choice(text=_text(piece.sub(0, arrow)), match=right, feedback=feedback)


def _parse_true_false(piece: Piece) -> dict:
    head, tail = cut_at(piece, "#")
    first, second = cut_at(tail, "#") if tail is not None else (None, None)
    correct = TRUE_FALSE[head.raw.strip().upper()]
    wrong = _text(first) if first is not None else ""
    right = _text(second) if second is not None else ""
    # Moodle shows the first feedback to a wrong answer and the second to a right one.
    feedback_true, feedback_false = (right, wrong) if correct else (wrong, right)
    return {"type": "true_false", "correct": correct, "feedback_true": feedback_true, "feedback_false": feedback_false}


def _parse_numerical(piece: Piece, notes: list[tuple[str, int]]) -> dict:
    body, other = cut_at(piece.sub(piece.raw.index("#") + 1), "~")
    if other is not None:
        notes.append(("feedback for any other number (~) is not kept", other.at - 1))
    (_, lead), *rest = split_at(body, "=")
    # The first answer needs no `=`: {#1956} is the usual form.
    parts = ([lead] if lead.raw.strip() else []) + [answer for _, answer in rest]
    answers = [answer for part in parts if (answer := _numeric_answer(part, notes)) is not None]
    if not answers:
        raise _Fail("a numerical answer block needs a number", piece.start)
    return {"type": "numerical", "numeric": answers}


def _numeric_answer(piece: Piece, notes: list[tuple[str, int]]) -> NumericAnswer | None:
    fraction, rest = _weight(piece, default=1.0)
    head, tail = cut_at(rest, "#")
    feedback = _text(tail) if tail is not None else ""
    spec, at = head.raw.strip(), head.start
    if spec == "*":
        notes.append(("the catch-all numerical answer * is not kept", at))
        return None
    if spec.find("..") > 0:
        low, high = (_number(part, at) for part in spec.split("..", 1))
        if low > high:
            raise _Fail(f"the range {spec} has its minimum above its maximum", at)
        return NumericAnswer(min=low, max=high, fraction=fraction, feedback=feedback)
    value, colon, tolerance = spec.partition(":")
    margin = _number(tolerance, at) if colon else 0.0
    if margin < 0:
        raise _Fail(f"the tolerance in {spec} is negative", at)
    return NumericAnswer(value=_number(value, at), tolerance=margin, fraction=fraction, feedback=feedback)


def _number(text: str, at: int) -> float:
    text = text.strip()
    if not NUMBER.fullmatch(text):
        raise _Fail(f"{text!r} is not a number", at)
    value = float(text)
    if not math.isfinite(value):
        raise _Fail(f"{text!r} is too large", at)
    return value


def _weight(piece: Piece, default: float) -> tuple[float, Piece]:
    """A leading `%w%` as a fraction (w/100), and the rest of the answer."""
    lead = len(piece.raw) - len(piece.raw.lstrip())
    match = WEIGHT.match(piece.raw, lead)
    if not match:
        return default, piece
    percent = Decimal(match[1])
    if not -100 <= percent <= 100:
        raise _Fail(f"the weight {match[1]}% is outside -100..100", piece.at + lead)
    # Decimal keeps w/100 exact, so a fraction written by write_gift reads back identical.
    return float(percent.scaleb(-2)), piece.sub(match.end())


def _text_and_feedback(piece: Piece, formatted: bool = True) -> tuple[str, str]:
    head, tail = cut_at(piece, "#")
    text = _text(head, formatted)
    if not text:
        raise _Fail("an answer is empty", piece.start)
    return text, _text(tail) if tail is not None else ""


def _text(piece: Piece, formatted: bool = True) -> str:
    """Plain text of a piece: trimmed, unescaped, without a `[format]` prefix when allowed."""
    raw = piece.raw.strip()
    if formatted and (match := FORMAT_PREFIX.match(raw)):
        raw = raw[match.end() :]
    return unescape(raw).strip()
