"""Reading Moodle XML (the rules are in quizzes.formats.moodle_xml's docstring)."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from quizzes.formats import FormatError, Parsed, label
from quizzes.formats.moodle_xml.syntax import FORMATS_IN, NUMBER, TYPES_IN
from quizzes.types import MAX_QUESTIONS_PER_QUIZ, Choice, NumericAnswer, QuestionData

T = TypeVar("T")


class _Fail(Exception):
    """A problem inside one question; parse_moodle_xml names the question."""


def parse_moodle_xml(text: str, *, max_questions: int = MAX_QUESTIONS_PER_QUIZ) -> Parsed:
    """Every question in `text`, or FormatError naming the first question at fault (nothing partial)."""
    root = _root(text)
    result, category, number = Parsed(), "", 0
    for element in root:
        if element.tag != "question":
            raise FormatError(f"<{element.tag}> inside <quiz>: only <question> elements belong there")
        kind = element.get("type", "")
        if kind == "category":
            category = _named(f"the category after question {number}", _text, element, "category")
            continue
        number += 1
        name = _named(f"question {number}", _text, element, "name")
        if kind == "description":
            result.warnings.append(f"{label(number, name)}: a description (text without a question) was skipped")
            continue
        if number > max_questions:
            raise FormatError(f"more than {max_questions} questions, the limit for one quiz")
        notes: list[str] = []
        question = _named(label(number, name), _question, element, kind, name, category, notes)
        result.questions.append(question)
        result.warnings += [f"{label(number, name)}: {note}" for note in notes]
    return result


def _named(where: str, read: Callable[..., T], *args) -> T:
    """What `read(*args)` returns, its _Fail turned into a FormatError that says where."""
    try:
        return read(*args)
    except _Fail as fail:
        raise FormatError(f"{where}: {fail}") from None


def _root(text: str) -> Element:
    try:
        # No Moodle file has a DTD: refusing them refuses entity expansion (the billion laughs) and external
        # entities (reading the server's files) before either can happen.
        root = fromstring(text.removeprefix("\ufeff"), forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise FormatError(f"the XML declares a DTD or entities, which Moodle XML never needs ({error})") from None
    except ParseError as error:
        raise FormatError(f"not well-formed XML: {error}") from None
    if root.tag != "quiz":
        raise FormatError(f"the root element is <{root.tag}>, not Moodle XML's <quiz>")
    return root


def _question(element: Element, kind: str, name: str, category: str, notes: list[str]) -> QuestionData:
    if kind not in TYPES_IN:
        raise _Fail(f"Moodle question type {kind!r} is not supported (the platform has {', '.join(TYPES_IN)})")
    prompt_format = element.find("questiontext")
    fmt = "html" if prompt_format is None else prompt_format.get("format", "html")
    if fmt not in FORMATS_IN:
        raise _Fail(f"unknown text format {fmt!r}")
    question = QuestionData(
        type=TYPES_IN[kind],
        prompt=_text(element, "questiontext"),
        name=name,
        prompt_format=FORMATS_IN[fmt],
        general_feedback=_text(element, "generalfeedback"),
        points=_points(element),
        category=category,
    )
    _READERS[kind](element, question, notes)
    return question


def _text(element: Element, path: str) -> str:
    """The trimmed `<path><text>` of an element ("" when absent)."""
    found = element.find(f"{path}/text") if path else element.find("text")
    if found is not None and len(found):
        # Unescaped HTML would parse as elements and lose its text silently.
        raise _Fail(f"<{found[0].tag}> inside <text>: write HTML inside <![CDATA[ … ]]> or escape it")
    return (found.text or "").strip() if found is not None else ""


def _points(element: Element) -> float:
    raw = _text_of(element.find("defaultgrade"))
    return 1.0 if not raw else _number(raw, "the default grade")


def _text_of(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _number(raw: str, what: str) -> float:
    if not NUMBER.fullmatch(raw) or not math.isfinite(value := float(raw)):
        raise _Fail(f"{what} {raw[:40]!r} is not a number")
    return value


def _fraction(answer: Element) -> float:
    raw = answer.get("fraction", "0").strip()
    try:
        percent = Decimal(raw)
    except InvalidOperation:
        raise _Fail(f"the fraction {raw[:40]!r} is not a number") from None
    if not percent.is_finite():
        raise _Fail(f"the fraction {raw[:40]!r} is not a number")
    return float(percent.scaleb(-2))  # exact w/100, so a written fraction reads back identical


def _read_choices(element: Element, question: QuestionData, notes: list[str]) -> None:
    single = _text_of(element.find("single")).lower() in ("true", "1")
    question.type = "single" if single else "multiple"
    question.choices = [
        Choice(text=_text(answer, ""), fraction=_fraction(answer), feedback=_text(answer, "feedback"))
        for answer in element.findall("answer")
    ]


def _read_true_false(element: Element, question: QuestionData, notes: list[str]) -> None:
    answers = {_text(answer, "").lower(): answer for answer in element.findall("answer")}
    if set(answers) != {"true", "false"}:
        raise _Fail("a true/false question needs one answer 'true' and one answer 'false'")
    question.correct = _fraction(answers["true"]) > _fraction(answers["false"])
    question.feedback_true = _text(answers["true"], "feedback")
    question.feedback_false = _text(answers["false"], "feedback")


def _read_short_answer(element: Element, question: QuestionData, notes: list[str]) -> None:
    question.case_sensitive = _text_of(element.find("usecase")) == "1"
    # Accepted answers are kept as Moodle writes them: `*` a wildcard, `\*` a literal asterisk.
    question.choices = [
        Choice(text=_text(answer, ""), fraction=_fraction(answer), feedback=_text(answer, "feedback"))
        for answer in element.findall("answer")
    ]


def _read_numerical(element: Element, question: QuestionData, notes: list[str]) -> None:
    if element.find("units/unit") is not None:
        notes.append("units are not kept: the answer is the number alone")
    for answer in element.findall("answer"):
        text = _text(answer, "")
        if text == "*":
            notes.append("the catch-all numerical answer * is not kept")
            continue
        tolerance = _text_of(answer.find("tolerance"))
        margin = _number(tolerance, "the tolerance") if tolerance else 0.0
        if margin < 0:
            raise _Fail(f"the tolerance {tolerance} is negative")
        numeric = NumericAnswer(
            value=_number(text, "the answer"),
            tolerance=margin,
            fraction=_fraction(answer),
            feedback=_text(answer, "feedback"),
        )
        question.numeric.append(numeric)


def _read_matching(element: Element, question: QuestionData, notes: list[str]) -> None:
    subquestions = element.findall("subquestion")
    question.choices = [Choice(text=_text(sub, ""), match=_text(sub, "answer")) for sub in subquestions]


def _read_ordering(element: Element, question: QuestionData, notes: list[str]) -> None:
    answers = element.findall("answer")
    positions = [_fraction(answer) for answer in answers]
    ordered = sorted(zip(positions, range(len(answers)), answers, strict=True), key=lambda row: row[:2])
    question.choices = [Choice(text=_text(answer, "")) for _, _, answer in ordered]


def _read_essay(element: Element, question: QuestionData, notes: list[str]) -> None:
    question.model_answer = _text(element, "graderinfo")


_READERS = {
    "multichoice": _read_choices,
    "truefalse": _read_true_false,
    "shortanswer": _read_short_answer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "essay": _read_essay,
}
