"""Writing GIFT, and saying what it cannot express (see quizzes.gift's docstring)."""

from __future__ import annotations

import math
from decimal import Decimal

from quizzes.gift.syntax import BLANK, CATEGORY, ESCAPE, FORMAT_PREFIX, FORMATS, INLINE_WIDTH, GiftExport
from quizzes.short_answer import LITERAL_WILDCARD
from quizzes.types import Choice, NumericAnswer, QuestionData


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
            blocks.append(f"{CATEGORY} {_escape(category)}".rstrip())
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
    if question.case_sensitive:
        losses.append("case sensitivity is not written: GIFT has no syntax for it, so it reads back case-insensitive")
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
        "=" + _percent(c.fraction, c.text, default=1.0) + _escape_pattern(c.text) + _feedback(c.feedback)
        for c in question.choices
    ]
    return _lines_block(question, lines)


def _escape_pattern(text: str) -> str:
    """An accepted answer's literal asterisk `\\*` as Moodle users write it, rather than `\\\\*` (which reads back
    the same): the reader keeps a backslash before anything but GIFT's own escapes."""
    first, *rest = text.split(LITERAL_WILDCARD)
    return LITERAL_WILDCARD.join([_escape_text(first), *(_escape(part) for part in rest)])


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
    if sum(len(line) + 1 for line in lines) <= INLINE_WIDTH:
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
    return "[markdown]" + escaped if FORMAT_PREFIX.match(text.lstrip()) else escaped


def _escape(text: str) -> str:
    # `->` is escaped everywhere so that no answer can look like a matching pair.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(ESCAPE).replace("->", "-\\>")


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
