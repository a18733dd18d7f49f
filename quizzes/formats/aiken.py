"""Aiken, Moodle's plain-text format for single-choice questions, read into `quizzes.types` (import only).

    Which year was Sputnik 1 launched?
    A. 1955
    B) 1957
    ANSWER: B

The rules follow Moodle's qformat_aiken: a question is its text (one line or several), then its choices,
each a capital letter, `.` or `)` and a space, then `ANSWER:` and the right choice's letter. Blank lines
between questions are optional. Stricter than Moodle, which skips what it cannot read: a question without
two choices or an ANSWER line, an answer that names no choice, or a letter used twice is an error naming
the line, and nothing is imported. Each question is `single` in plain text: the right choice 1, others 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizzes.formats import FormatError, Parsed
from quizzes.types import MAX_QUESTIONS_PER_QUIZ, Choice, QuestionData

CHOICE = re.compile(r"([A-Z])[.)][ \t]+(\S.*)")
ANSWER = re.compile(r"ANSWER[ \t]*:[ \t]*(\S*)[ \t]*")  # capitals, as Moodle


@dataclass
class _Open:
    """The question being read: its text lines and its choices by letter, and where it started."""

    line: int
    prompt: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)


def parse_aiken(text: str, *, max_questions: int = MAX_QUESTIONS_PER_QUIZ) -> Parsed:
    """Every question in `text`, or FormatError ("line N: ...") for the first problem (nothing partial)."""
    result, current = Parsed(), None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        if current is None:
            current = _Open(number)
        if answer := ANSWER.fullmatch(line):
            result.questions.append(_close(current, answer[1], number))
            current = None
            if len(result.questions) > max_questions:
                raise FormatError(f"line {number}: more than {max_questions} questions, the limit for one quiz")
        elif choice := CHOICE.fullmatch(line):
            if not current.prompt:
                raise FormatError(f"line {number}: a choice before the question's text")
            if choice[1] in current.choices:
                raise FormatError(f"line {number}: a second choice {choice[1]} in the question of line {current.line}")
            current.choices[choice[1]] = choice[2].strip()
        elif current.choices:
            raise FormatError(
                f"line {number}: the question of line {current.line} has no ANSWER line after its choices "
                "(or this line is a choice without its letter, A. to Z.)"
            )
        else:
            current.prompt.append(line)
    if current is not None:
        raise FormatError(f"line {current.line}: the question has no ANSWER line (write ANSWER: and a letter)")
    return result


def _close(question: _Open, letter: str, number: int) -> QuestionData:
    if not question.prompt:
        raise FormatError(f"line {number}: ANSWER without a question before it")
    if len(question.choices) < 2:
        raise FormatError(f"line {question.line}: the question needs at least two choices (A. …, B. …)")
    if letter.upper() not in question.choices or len(letter) != 1:
        known = ", ".join(question.choices)
        raise FormatError(f"line {number}: ANSWER {letter!r} names none of the choices {known}")
    choices = [Choice(text=t, fraction=1.0 if key == letter.upper() else 0.0) for key, t in question.choices.items()]
    return QuestionData(type="single", prompt="\n".join(question.prompt), prompt_format="plain", choices=choices)
