"""Moodle GIFT import and export over the plain dataclasses in `quizzes.types`.

Pure: stdlib only, no Django. `parse_gift` reads a whole file and either returns every
question or raises `GiftError` ("line N: ..."), so an import never stores half a file.
`write_gift` writes questions back so that `parse_gift(write_gift(qs)).questions == qs`
for anything GIFT can express (see "What the writer cannot express" below).

How GIFT maps onto QuestionData (the rules follow Moodle's own qformat_gift importer)
----------------------------------------------------------------------------------
- Questions are separated by blank lines; a question may span several lines. Lines whose
  first non-blank characters are `//` are comments. `$CATEGORY: path` sets `category` on
  every following question. `::name::` sets `name`. `[markdown]`, `[html]`, `[plain]` at
  the start of the prompt set `prompt_format`; `[moodle]` (Moodle's auto-format, which
  also lets inline HTML through) and no prefix both mean "markdown". The same prefixes
  are accepted and dropped at the start of answers and feedback, as Moodle does.
- The answer block `{...}` is removed from the prompt. When text follows the block
  (missing-word format) the prompt keeps `BLANK` ("_____") where the block was.
- `{}` -> essay. `{####text}` anywhere -> `general_feedback` (the last `####` counts).
- `{#...}` -> numerical: `value`, `value:tolerance` (NumericAnswer.value/.tolerance) or
  `min..max` (NumericAnswer.min/.max, value None); several answers as `=%50%1957:1#fb`.
  Moodle's "any other answer" (`~#feedback` or `=*`) is dropped with a warning: it scores
  0 anyway and a catch-all NumericAnswer would have no number for the grader.
- A block with a `~` -> choices. With at least one `=` it is `single` (`=` is fraction
  1, `~` is 0, `~%w%` is w/100); with no `=` it is `multiple` (fractions from `%w%`,
  possibly negative). At least two choices.
- A block with `=` and `->` -> matching: each `=left -> right` is a Choice(text=left,
  match=right); `= -> right` (empty left) is a distractor. At least two real pairs
  (Moodle's importer checks two; its docs ask for three). `#feedback` after the right side
  is kept in Choice.feedback (Moodle would read it as part of the right side).
- `{T}`, `{TRUE}`, `{F}`, `{FALSE}` (any case) -> true_false with `correct`. In
  `{TRUE#first#second}` Moodle shows the first feedback to a wrong answer and the second to
  a right one, so for TRUE: feedback_false=first, feedback_true=second, and for FALSE:
  feedback_true=first, feedback_false=second.
- Otherwise only `=` answers -> short_answer; each Choice is an accepted answer with
  fraction 1 unless `%w%` says otherwise.
- `#text` after an answer -> that answer's feedback. `%w%` must lie in -100..100.
- Escapes: `\\~ \\= \\# \\{ \\} \\:` give the character, `\\n` a newline, `\\\\` a backslash,
  and `\\>` a `>` (an addition: Moodle has no way to write `->` inside a matching left side).
  Any other backslash is kept as is. Texts are trimmed.
- Text without an answer block (a Moodle "description") is skipped with a warning.
- Stricter than Moodle, which guesses: text before the first answer marker (`{foo}`,
  `{x =a ~b}`), empty answers, and a second `{` or `}` in one question are errors.
- `points` is always 1 (GIFT has no points); `id`s are never set.

What the writer cannot express (it says so in `GiftExport.warnings`)
-------------------------------------------------------------------
- `ordering` questions: GIFT has no syntax; they are written as `//` comments and skipped.
- `points` other than 1, an essay's `model_answer`, Choice.fraction of matching pairs,
  and leading/trailing whitespace of any text. Carriage returns become newlines.
- A `single` question without a choice of fraction 1 reads back as `multiple`.
- `->` in any text is written `-\\>`, so that no answer can read as a matching pair (Moodle
  would show the backslash). A `single` whose choices are all right writes its last one as
  `~%100%`, since a block without `~` would read as a short answer.
- Questions GIFT cannot hold (too few choices, empty answers, a numeric answer without a
  number) are written as comments, like ordering questions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from quizzes.types import MAX_QUESTIONS_PER_QUIZ, Choice, NumericAnswer, QuestionData

BLANK = "_____"
# Moodle's auto-format is closest to Markdown here: both pass inline HTML through.
FORMATS = {"markdown": "markdown", "html": "html", "plain": "plain", "moodle": "markdown"}

_FORMAT_PREFIX = re.compile(r"\[(markdown|html|plain|moodle)\]")
_WEIGHT = re.compile(r"%(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))%")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ESCAPED = re.compile(r"\\([\\~=#{}:>n])")
_UNESCAPED = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", ">": ">", "n": "\n"}
_ESCAPE = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CATEGORY = "$CATEGORY:"
_INLINE_WIDTH = 40


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


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Piece:
    """A slice of a question's text, still escaped, with its offset for error lines."""

    raw: str
    at: int

    def sub(self, start: int, end: int | None = None) -> _Piece:
        return _Piece(self.raw[start:end], self.at + start)

    @property
    def start(self) -> int:
        """Offset of the first non-blank character (or of an empty piece): where an error points."""
        return self.at + len(self.raw) - len(self.raw.lstrip()) if self.raw.strip() else self.at


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
    if not first.lstrip().startswith(_CATEGORY):
        return category, chunk
    category = _unescape(first.lstrip()[len(_CATEGORY) :]).strip()
    if not rest.strip():
        return category, None
    return category, _Chunk(rest, chunk.lines[1:])


def _parse_question(text: str, category: str, notes: list[tuple[str, int]]) -> QuestionData | None:
    name, body = _name(_Piece(text, 0))
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


def _name(piece: _Piece) -> tuple[str, _Piece]:
    start = len(piece.raw) - len(piece.raw.lstrip())
    if not piece.raw.startswith("::", start):
        return "", piece
    end = _find(piece.raw, "::", start + 2)
    if end < 0:
        raise _Fail("the question name has no closing ::", piece.at + start)
    return _text(piece.sub(start + 2, end), formatted=False), piece.sub(end + 2)


def _block_bounds(body: _Piece) -> tuple[int, int] | None:
    """Where the one answer block opens and closes; None when there is none."""
    opens, closes = _find_all(body.raw, "{"), _find_all(body.raw, "}")
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
    if match := _FORMAT_PREFIX.match(raw):
        prompt_format, raw = FORMATS[match[1]], raw[match.end() :]
    return _unescape(raw).strip(), prompt_format


def _general_feedback(inner: _Piece) -> tuple[_Piece, str]:
    # Moodle takes the last `####`, so answer feedback may itself end just before it.
    found = _find_all(inner.raw, "####")
    if not found:
        return inner, ""
    return inner.sub(0, found[-1]), _text(inner.sub(found[-1] + 4))


def _parse_answers(piece: _Piece, notes: list[tuple[str, int]]) -> dict:
    """The type-specific fields. The order of the tests is Moodle's."""
    raw = piece.raw.strip()
    if not raw:
        return {"type": "essay"}
    if raw.startswith("#"):
        return _parse_numerical(piece, notes)
    if _find(raw, "~") >= 0:
        return _parse_choices(piece)
    if _find(raw, "=") >= 0 and _find(raw, "->") >= 0:
        return _parse_matching(piece)
    if _cut(piece, "#")[0].raw.strip().upper() in _TRUE_FALSE:
        return _parse_true_false(piece)
    return _parse_short_answer(piece)


def _answers(piece: _Piece, markers: str) -> list[tuple[str, _Piece]]:
    """The answers, each with the marker that opened it; text before the first is an error."""
    (_, lead), *answers = _split(piece, markers)
    if lead.raw.strip():
        wanted = " or ".join(markers)
        raise _Fail(f"unknown answer marker: {_text(lead)[:40]!r} should start with {wanted}", lead.start)
    return answers


def _parse_choices(piece: _Piece) -> dict:
    answers = _answers(piece, "~=")
    if len(answers) < 2:
        raise _Fail("a multiple-choice question needs at least two answers", piece.start)
    choices = [_choice(marker, answer) for marker, answer in answers]
    # Moodle: one `=` makes a single-answer question; without one, several may be chosen.
    single = any(marker == "=" for marker, _ in answers)
    return {"type": "single" if single else "multiple", "choices": choices}


def _choice(marker: str, piece: _Piece) -> Choice:
    if marker == "=":
        text, feedback = _text_and_feedback(piece)
        return Choice(text=text, fraction=1.0, feedback=feedback)
    return _weighted_choice(piece, default=0.0)


def _weighted_choice(piece: _Piece, default: float) -> Choice:
    fraction, rest = _weight(piece, default)
    text, feedback = _text_and_feedback(rest)
    return Choice(text=text, fraction=fraction, feedback=feedback)


def _parse_short_answer(piece: _Piece) -> dict:
    choices = [_weighted_choice(answer, default=1.0) for _, answer in _answers(piece, "=")]
    return {"type": "short_answer", "choices": choices}


def _parse_matching(piece: _Piece) -> dict:
    pairs = [_pair(answer) for _, answer in _answers(piece, "=")]
    if sum(1 for pair in pairs if pair.text) < 2:
        raise _Fail("a matching question needs at least two pairs", piece.start)
    return {"type": "matching", "choices": pairs}


def _pair(piece: _Piece) -> Choice:
    arrow = _find(piece.raw, "->")
    if arrow < 0:
        raise _Fail("a matching answer needs the form =left -> right", piece.start)
    right, feedback = _text_and_feedback(piece.sub(arrow + 2), formatted=False)
    return Choice(text=_text(piece.sub(0, arrow)), match=right, feedback=feedback)


def _parse_true_false(piece: _Piece) -> dict:
    head, tail = _cut(piece, "#")
    first, second = _cut(tail, "#") if tail is not None else (None, None)
    correct = _TRUE_FALSE[head.raw.strip().upper()]
    wrong = _text(first) if first is not None else ""
    right = _text(second) if second is not None else ""
    # Moodle shows the first feedback to a wrong answer and the second to a right one.
    feedback_true, feedback_false = (right, wrong) if correct else (wrong, right)
    return {"type": "true_false", "correct": correct, "feedback_true": feedback_true, "feedback_false": feedback_false}


def _parse_numerical(piece: _Piece, notes: list[tuple[str, int]]) -> dict:
    body, other = _cut(piece.sub(piece.raw.index("#") + 1), "~")
    if other is not None:
        notes.append(("feedback for any other number (~) is not kept", other.at - 1))
    (_, lead), *rest = _split(body, "=")
    # The first answer needs no `=`: {#1956} is the usual form.
    parts = ([lead] if lead.raw.strip() else []) + [answer for _, answer in rest]
    answers = [answer for part in parts if (answer := _numeric_answer(part, notes)) is not None]
    if not answers:
        raise _Fail("a numerical answer block needs a number", piece.start)
    return {"type": "numerical", "numeric": answers}


def _numeric_answer(piece: _Piece, notes: list[tuple[str, int]]) -> NumericAnswer | None:
    fraction, rest = _weight(piece, default=1.0)
    head, tail = _cut(rest, "#")
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
    if not _NUMBER.fullmatch(text):
        raise _Fail(f"{text!r} is not a number", at)
    value = float(text)
    if not math.isfinite(value):
        raise _Fail(f"{text!r} is too large", at)
    return value


def _weight(piece: _Piece, default: float) -> tuple[float, _Piece]:
    """A leading `%w%` as a fraction (w/100), and the rest of the answer."""
    lead = len(piece.raw) - len(piece.raw.lstrip())
    match = _WEIGHT.match(piece.raw, lead)
    if not match:
        return default, piece
    percent = Decimal(match[1])
    if not -100 <= percent <= 100:
        raise _Fail(f"the weight {match[1]}% is outside -100..100", piece.at + lead)
    # Decimal keeps w/100 exact, so a fraction written by write_gift reads back identical.
    return float(percent.scaleb(-2)), piece.sub(match.end())


def _text_and_feedback(piece: _Piece, formatted: bool = True) -> tuple[str, str]:
    head, tail = _cut(piece, "#")
    text = _text(head, formatted)
    if not text:
        raise _Fail("an answer is empty", piece.start)
    return text, _text(tail) if tail is not None else ""


def _text(piece: _Piece, formatted: bool = True) -> str:
    """Plain text of a piece: trimmed, unescaped, without a `[format]` prefix when allowed."""
    raw = piece.raw.strip()
    if formatted and (match := _FORMAT_PREFIX.match(raw)):
        raw = raw[match.end() :]
    return _unescape(raw).strip()


# ---------------------------------------------------------------------------------------
# Escape-aware scanning: an escaped character is text, never syntax.
# ---------------------------------------------------------------------------------------


def _unescape(raw: str) -> str:
    return _ESCAPED.sub(lambda match: _UNESCAPED[match[1]], raw)


def _live(raw: str) -> list[bool]:
    """live[i] is False where raw[i] belongs to an escape sequence."""
    live = [True] * len(raw)
    for match in _ESCAPED.finditer(raw):
        live[match.start()] = live[match.start() + 1] = False
    return live


def _find_all(raw: str, target: str) -> list[int]:
    live, found, i = _live(raw), [], raw.find(target)
    while i >= 0:
        if all(live[i : i + len(target)]):
            found.append(i)
            i = raw.find(target, i + len(target))
        else:
            i = raw.find(target, i + 1)
    return found


def _find(raw: str, target: str, start: int = 0) -> int:
    return next((i for i in _find_all(raw, target) if i >= start), -1)


def _cut(piece: _Piece, marker: str) -> tuple[_Piece, _Piece | None]:
    """Split at the first unescaped marker; None when there is none."""
    i = _find(piece.raw, marker)
    if i < 0:
        return piece, None
    return piece.sub(0, i), piece.sub(i + len(marker))


def _split(piece: _Piece, markers: str) -> list[tuple[str, _Piece]]:
    """Cut at every unescaped marker character; the first part comes with marker ""."""
    parts, live, start, marker = [], _live(piece.raw), 0, ""
    for i, char in enumerate(piece.raw):
        if char in markers and live[i]:
            parts.append((marker, piece.sub(start, i)))
            marker, start = char, i + 1
    parts.append((marker, piece.sub(start)))
    return parts


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def write_gift(questions: list[QuestionData]) -> str:
    """GIFT text for `questions`; see export_gift for what it cannot express."""
    return export_gift(questions).text


def export_gift(questions: list[QuestionData]) -> GiftExport:
    """GIFT text and a warning for everything that could not be written as given."""
    blocks: list[str] = []
    warnings: list[str] = []
    category = ""
    for number, question in enumerate(questions, 1):
        if question.category != category:
            category = question.category
            blocks.append(f"{_CATEGORY} {_escape(category)}".rstrip())
        text, problems = _write_question(question)
        blocks.append(text)
        label = question.name or question.prompt[:40]
        warnings += [f"question {number} ({label!r}): {problem}" for problem in problems]
    return GiftExport("\n\n".join(blocks) + "\n" if blocks else "", warnings)


def _write_question(question: QuestionData) -> tuple[str, list[str]]:
    problem = _unwritable(question)
    if problem:
        return _as_comment(question, problem), [f"{problem}; written as a comment and skipped"]
    name = f"::{_escape(question.name)}::" if question.name else ""
    block = _BLOCK_WRITERS[question.type](question)
    return name + _prompt_around(question, block), _losses(question)


def _prompt_around(question: QuestionData, block: str) -> str:
    """The prompt with the block at its BLANK (missing-word format) or after it."""
    prompt, prefix = question.prompt, ""
    # An explicit format also protects prompts that would read as a format, name or comment.
    if question.prompt_format != "markdown" or prompt.lstrip().startswith(("[", "//")):
        prefix = f"[{question.prompt_format}]" if question.prompt_format in FORMATS else "[markdown]"
    i = prompt.find(BLANK)
    if i >= 0 and prompt[i + len(BLANK) :].strip():
        return prefix + _escape(prompt[:i]) + block + _escape(prompt[i + len(BLANK) :])
    return prefix + _escape(prompt) + (" " if prompt else "") + block


def _unwritable(question: QuestionData) -> str:
    """Why GIFT cannot hold this question, or "" when it can."""
    qtype = question.type
    if qtype not in _BLOCK_WRITERS:
        return f"{qtype} questions have no GIFT syntax"
    choices = question.choices
    if qtype == "true_false" and question.correct is None:
        return "a true/false question without its correct answer"
    if qtype == "numerical" and not question.numeric:
        return "a numerical question without answers"
    if not all(_numeric_writable(answer) for answer in question.numeric):
        return "a numerical answer without a finite value or range, or with a fraction outside -1..1"
    if not all(-1 <= c.fraction <= 1 for c in choices):
        return "a fraction outside -1..1"
    if len(choices) < _MIN_CHOICES.get(qtype, 0):
        return f"a {qtype} question needs at least {_MIN_CHOICES[qtype]} answers"
    if qtype == "matching":
        if sum(1 for c in choices if c.text.strip()) < 2 or not all(c.match.strip() for c in choices):
            return "a matching question needs at least two pairs and no empty right side"
    elif not all(c.text.strip() for c in choices):
        return "an answer is empty"
    return ""


def _numeric_writable(answer: NumericAnswer) -> bool:
    is_range = answer.min is not None and answer.max is not None
    numbers = [answer.min, answer.max] if is_range else [answer.value, answer.tolerance]
    if None in numbers or not -1 <= answer.fraction <= 1:
        return False
    return all(math.isfinite(n) for n in numbers) and (numbers[0] <= numbers[1] if is_range else numbers[1] >= 0)


def _losses(question: QuestionData) -> list[str]:
    losses = []
    if question.points != 1:
        losses.append(f"points ({question.points:g}) are not written: GIFT has none, so it reads back as 1")
    if question.model_answer:
        losses.append("the model answer is not written: GIFT has no syntax for it")
    if question.type == "single" and not any(c.fraction == 1 for c in question.choices):
        losses.append("no choice is fully right, so it reads back as a multiple-response question")
    if question.prompt_format not in FORMATS:
        losses.append(f"unknown prompt format {question.prompt_format!r} is written as markdown")
    return losses


def _as_comment(question: QuestionData, reason: str) -> str:
    lines = [f"Skipped: {reason}.", _one_line(question.prompt)]
    lines += [f"{n}. {_one_line(c.text)}" for n, c in enumerate(question.choices, 1)]
    return "\n".join(f"// {line}" for line in lines)


def _essay_block(question: QuestionData) -> str:
    return "{" + _general_inline(question) + "}"


def _true_false_block(question: QuestionData) -> str:
    correct = bool(question.correct)
    right, wrong = question.feedback_true, question.feedback_false
    if not correct:
        right, wrong = wrong, right
    out = "TRUE" if correct else "FALSE"
    # Moodle's order: the wrong-answer feedback first, then the right-answer one.
    if wrong or right:
        out += "#" + _escape_text(wrong)
    if right:
        out += "#" + _escape_text(right)
    return "{" + out + _general_inline(question) + "}"


def _choices_block(question: QuestionData) -> str:
    single = question.type == "single"
    lines = [_choice_line(choice, single) for choice in question.choices]
    if single and all(line.startswith("=") for line in lines):
        # Without a `~` the block would read as a short answer; `~%100%` is the same 1.
        lines[-1] = _choice_line(question.choices[-1], single=False)
    return _lines_block(question, lines)


def _choice_line(choice: Choice, single: bool) -> str:
    # `=` reads as 1 and takes no weight, so its text may even start with `%`.
    marker = "=" if single and choice.fraction == 1 else "~" + _percent(choice.fraction, choice.text, default=0.0)
    return marker + _escape_text(choice.text) + _feedback(choice.feedback)


def _short_answer_block(question: QuestionData) -> str:
    lines = [
        "=" + _percent(c.fraction, c.text, default=1.0) + _escape_text(c.text) + _feedback(c.feedback)
        for c in question.choices
    ]
    return _lines_block(question, lines)


def _matching_block(question: QuestionData) -> str:
    lines = ["=" + _escape_text(c.text) + " -> " + _escape(c.match) + _feedback(c.feedback) for c in question.choices]
    return _lines_block(question, lines)


def _numerical_block(question: QuestionData) -> str:
    answers = [_numeric_spec(answer) for answer in question.numeric]
    if len(answers) == 1:
        return "{#" + answers[0] + _general_inline(question) + "}"
    return _lines_block(question, ["=" + answer for answer in answers], opening="{#")


def _numeric_spec(answer: NumericAnswer) -> str:
    if answer.min is not None and answer.max is not None:
        number = f"{_number_text(answer.min)}..{_number_text(answer.max)}"
    else:
        number = _number_text(answer.value)
        number += f":{_number_text(answer.tolerance)}" if answer.tolerance else ""
    return _percent(answer.fraction, "", default=1.0) + number + _feedback(answer.feedback)


_BLOCK_WRITERS = {
    "single": _choices_block,
    "multiple": _choices_block,
    "true_false": _true_false_block,
    "short_answer": _short_answer_block,
    "numerical": _numerical_block,
    "matching": _matching_block,
    "essay": _essay_block,
}
_MIN_CHOICES = {"single": 2, "multiple": 2, "short_answer": 1, "matching": 2}


def _lines_block(question: QuestionData, lines: list[str], opening: str = "{") -> str:
    """Answers one per line, or on one line when they are short (`{=20th =Twentieth}`)."""
    if question.general_feedback:
        lines = [*lines, "####" + _escape_text(question.general_feedback)]
    if sum(len(line) + 1 for line in lines) <= _INLINE_WIDTH:
        return opening + ("" if opening == "{" else " ") + " ".join(lines) + "}"
    return opening + "\n" + "".join(f"  {line}\n" for line in lines) + "}"


def _general_inline(question: QuestionData) -> str:
    return "####" + _escape_text(question.general_feedback) if question.general_feedback else ""


def _feedback(text: str) -> str:
    return " #" + _escape_text(text) if text else ""


def _percent(fraction: float, text: str, default: float) -> str:
    """`%w%` for the fraction, left out when it is the default and cannot be misread."""
    if fraction == default and not text.lstrip().startswith("%"):
        return ""
    return f"%{format(Decimal(repr(float(fraction))).scaleb(2), 'f')}%"


def _number_text(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _escape_text(text: str) -> str:
    """Escaped answer or feedback text; a leading `[html]` etc. is kept by a `[markdown]` before it."""
    escaped = _escape(text)
    return "[markdown]" + escaped if _FORMAT_PREFIX.match(text.lstrip()) else escaped


def _escape(text: str) -> str:
    # `->` is escaped everywhere so that no answer can look like a matching pair.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_ESCAPE).replace("->", "-\\>")


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
