"""Writing Moodle XML, and saying what it cannot express (see quizzes.formats.moodle_xml's docstring)."""

from __future__ import annotations

import math
from decimal import Decimal
from xml.etree.ElementTree import Comment, Element, SubElement, indent, tostring

from quizzes.formats import Written, label
from quizzes.formats.moodle_xml.syntax import FORMATS_OUT, HEADER, NOT_XML, TYPES_OUT
from quizzes.types import Choice, NumericAnswer, QuestionData


def write_moodle_xml(questions: list[QuestionData]) -> str:
    """Moodle XML for `questions`; see export_moodle_xml for what it cannot express."""
    return export_moodle_xml(questions).text


def export_moodle_xml(questions: list[QuestionData]) -> Written:
    """Moodle XML text and a warning for everything that could not be written as given."""
    root, warnings, category = Element("quiz"), [], ""
    for number, question in enumerate(questions, 1):
        losses: list[str] = []
        if _clean(question.category, losses) != category:
            category = _clean(question.category, losses)
            _texted(SubElement(root, "question", type="category"), "category", category, losses)
        _write_question(root, question, losses)
        warnings += [f"{label(number, question.name or question.prompt)}: {loss}" for loss in dict.fromkeys(losses)]
    indent(root, space="  ")
    return Written(HEADER + tostring(root, encoding="unicode") + "\n", warnings)


def _write_question(root: Element, question: QuestionData, losses: list[str]) -> None:
    if problem := _unwritable(question):
        root.append(_comment(f" Skipped: {problem}. "))
        losses.append(f"{problem}; skipped")
        return
    element = SubElement(root, "question", type=TYPES_OUT[question.type])
    prompt = _clean(question.prompt, losses)
    name = _clean(question.name, losses) or " ".join(prompt.split())[:40].strip() or "Question"
    _texted(element, "name", name, losses)
    if question.prompt_format not in FORMATS_OUT:
        losses.append(f"unknown prompt format {question.prompt_format!r} is written as markdown")
    _texted(element, "questiontext", question.prompt, losses, FORMATS_OUT.get(question.prompt_format, "markdown"))
    _texted(element, "generalfeedback", question.general_feedback, losses, "plain_text")
    SubElement(element, "defaultgrade").text = _number_text(question.points)
    _WRITERS[question.type](element, question, losses)


def _unwritable(question: QuestionData) -> str:
    """Why Moodle XML cannot hold this question, or "" when it can."""
    if question.type not in TYPES_OUT:
        return f"{question.type} questions have no Moodle XML type"
    if question.type == "true_false" and question.correct is None:
        return "a true/false question without its correct answer"
    if question.type == "numerical" and not all(_numeric_spec(answer) for answer in question.numeric):
        return "a numerical answer without a finite value or range"
    fractions = [c.fraction for c in question.choices] + [a.fraction for a in question.numeric]
    if not all(math.isfinite(n) for n in [question.points, *fractions]):
        return "points or a fraction that is not a finite number"
    return ""


def _comment(text: str) -> Element:
    return Comment(text.replace("--", "- -"))


def _texted(parent: Element, tag: str, text: str, losses: list[str], fmt: str | None = None) -> Element:
    """`<tag format=fmt><text>text</text></tag>`."""
    element = SubElement(parent, tag, format=fmt) if fmt else SubElement(parent, tag)
    SubElement(element, "text").text = _clean(text, losses)
    return element


def _answer(parent: Element, text: str, fraction: float, feedback: str, losses: list[str]) -> Element:
    answer = SubElement(parent, "answer", fraction=_percent(fraction), format="plain_text")
    SubElement(answer, "text").text = _clean(text, losses)
    if _clean(feedback, losses):  # as the reader sees it: blank feedback is none
        _texted(answer, "feedback", feedback, losses, "plain_text")
    return answer


def _write_choices(element: Element, question: QuestionData, losses: list[str]) -> None:
    SubElement(element, "single").text = "true" if question.type == "single" else "false"
    SubElement(element, "shuffleanswers").text = "true"
    SubElement(element, "answernumbering").text = "abc"
    for choice in question.choices:
        _answer(element, choice.text, choice.fraction, choice.feedback, losses)


def _write_true_false(element: Element, question: QuestionData, losses: list[str]) -> None:
    _answer(element, "true", 1.0 if question.correct else 0.0, question.feedback_true, losses)
    _answer(element, "false", 0.0 if question.correct else 1.0, question.feedback_false, losses)


def _write_short_answer(element: Element, question: QuestionData, losses: list[str]) -> None:
    SubElement(element, "usecase").text = "1" if question.case_sensitive else "0"
    for choice in question.choices:  # Moodle's own pattern syntax: `*` a wildcard, `\*` a literal asterisk
        _answer(element, choice.text, choice.fraction, choice.feedback, losses)


def _write_numerical(element: Element, question: QuestionData, losses: list[str]) -> None:
    for numeric in question.numeric:
        value, tolerance = _numeric_spec(numeric)
        if numeric.value is None:
            losses.append("a range min..max is written as its midpoint ± half its width")
        answer = _answer(element, _number_text(value), numeric.fraction, "", losses)
        SubElement(answer, "tolerance").text = _number_text(tolerance)
        if _clean(numeric.feedback, losses):
            _texted(answer, "feedback", numeric.feedback, losses, "plain_text")


def _numeric_spec(answer: NumericAnswer) -> tuple[float, float] | None:
    """(value, tolerance), a range as its midpoint and half-width; None when there is no finite number."""
    if answer.value is None and answer.min is not None and answer.max is not None and answer.min <= answer.max:
        low, high = answer.min, answer.max
        numbers = (low / 2 + high / 2, high / 2 - low / 2)  # halves first: no overflow near the float limit
    else:
        numbers = (answer.value, answer.tolerance)
    if None in numbers or not all(math.isfinite(n) for n in numbers) or numbers[1] < 0:
        return None
    return numbers


def _write_matching(element: Element, question: QuestionData, losses: list[str]) -> None:
    SubElement(element, "shuffleanswers").text = "true"
    for choice in question.choices:
        _item_losses(choice, "a matching pair", losses)
        sub = _texted(element, "subquestion", choice.text, losses, "plain_text")
        _texted(sub, "answer", choice.match, losses)


def _write_ordering(element: Element, question: QuestionData, losses: list[str]) -> None:
    for tag, value in [("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0")]:
        SubElement(element, tag).text = value
    # The platform scores the longest run in the correct relative order: Moodle's name for it.
    SubElement(element, "gradingtype").text = "LONGEST_ORDERED_SUBSET"
    for position, choice in enumerate(question.choices, 1):
        _item_losses(choice, "an ordering item", losses)
        _answer(element, choice.text, float(position), "", losses)


def _item_losses(choice: Choice, what: str, losses: list[str]) -> None:
    if choice.feedback or choice.fraction:
        losses.append(f"the feedback or fraction of {what} is not written: Moodle has no place for it")


def _write_essay(element: Element, question: QuestionData, losses: list[str]) -> None:
    for tag, value in [("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "15")]:
        SubElement(element, tag).text = value
    SubElement(element, "attachments").text = "0"
    _texted(element, "graderinfo", question.model_answer, losses, "plain_text")


_WRITERS = {
    "single": _write_choices,
    "multiple": _write_choices,
    "true_false": _write_true_false,
    "short_answer": _write_short_answer,
    "numerical": _write_numerical,
    "matching": _write_matching,
    "ordering": _write_ordering,
    "essay": _write_essay,
}


def _clean(text: str, losses: list[str]) -> str:
    """Text as the reader will read it back: trimmed, without what XML 1.0 cannot hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if NOT_XML.search(text):
        losses.append("characters XML cannot hold (control characters) were dropped")
        text = NOT_XML.sub("", text)
    return text.strip()


def _percent(fraction: float) -> str:
    return format(Decimal(repr(float(fraction))).scaleb(2), "f")


def _number_text(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
