"""Aiken (quizzes.formats.aiken): Moodle's plain-text single-choice format, read whole or refused naming the line."""

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.formats import FormatError
from quizzes.formats.aiken import parse_aiken
from quizzes.types import Choice, QuestionData

SAMPLE = Path(__file__).parent / "format_samples" / "every-type.aiken.txt"


def error_of(text: str) -> str:
    with pytest.raises(FormatError) as caught:
        parse_aiken(text)
    return str(caught.value)


def test_the_sample():
    questions = parse_aiken(SAMPLE.read_text()).questions
    assert [q.prompt for q in questions] == [
        "Who replaced Khrushchev in 1964?",
        "In which year was Sputnik 1 launched?",
        "Which city was divided\nby a wall in 1961?",
    ]
    assert questions[1] == QuestionData(
        "single",
        "In which year was Sputnik 1 launched?",
        prompt_format="plain",
        choices=[Choice("1955"), Choice("1957", 1)],
    )
    assert [[c.fraction for c in q.choices] for q in questions] == [[1, 0, 0], [0, 1], [0, 1, 0, 0]]


@pytest.mark.parametrize(
    "text",
    [
        "Q?\nA. yes\nB. no\nANSWER: A",
        "Q?\r\nA) yes\r\nB) no\r\nANSWER:A\r\n",
        "\ufeff\n\n  Q?  \n\tA.   yes \nB. no\n\n\nANSWER :  A\n\n",
        "Q?\nA. yes\nB. no\nANSWER: a",
    ],
)
def test_layouts_moodle_reads(text):
    assert parse_aiken(text).questions == [
        QuestionData("single", "Q?", prompt_format="plain", choices=[Choice("yes", 1), Choice("no")])
    ]


def test_a_line_that_only_looks_like_an_answer_or_a_choice_is_text():
    [q] = parse_aiken("Answer: which?\nA.B. is no choice\nA. one\nB. two\nANSWER: B").questions
    assert q.prompt == "Answer: which?\nA.B. is no choice"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A. yes\nB. no\nANSWER: A", "line 1: a choice before the question's text"),
        ("Q?\nA. yes\nANSWER: A", "line 1: the question needs at least two choices"),
        ("Q?\nA. yes\nB. no\nANSWER: C", "line 4: ANSWER 'C' names none of the choices A, B"),
        ("Q?\nA. yes\nB. no\nANSWER: AB", "line 4: ANSWER 'AB' names none"),
        ("Q?\nA. yes\nB. no\nANSWER:", "line 4: ANSWER '' names none"),
        ("Q?\nA. yes\nA. no\nANSWER: A", "line 3: a second choice A in the question of line 1"),
        ("Q?\nA. yes\nB. no", "line 1: the question has no ANSWER line"),
        ("Q?\nA. yes\nB. no\n\nNext?\nA. x\nB. y\nANSWER: A", "line 5: the question of line 1 has no ANSWER line"),
        ("ANSWER: A", "line 1: ANSWER without a question before it"),
        ("One\nA. a\nB. b\nANSWER: A\nANSWER: B", "line 5: ANSWER without a question"),
    ],
)
def test_errors_name_the_line(text, message):
    assert error_of(text).startswith(message)


def test_nothing_is_no_questions():
    assert parse_aiken("\n \n").questions == []


def test_too_many_questions_are_refused_before_the_rest_is_read():
    with pytest.raises(FormatError, match="line 8: more than 1 questions, the limit for one quiz"):
        parse_aiken("Q?\nA. a\nB. b\nANSWER: A\n" * 3, max_questions=1)


# ---------------------------------------------------------------- properties

line = st.text(alphabet=string.ascii_letters + string.digits + " .,?!()*-:", min_size=1, max_size=20).map(str.strip)
prompt_line = line.filter(lambda t: t and not t.startswith("ANSWER") and not (t[:1].isupper() and t[1:2] in ".)"))


@st.composite
def aiken_questions(draw):
    prompt = draw(st.lists(prompt_line, min_size=1, max_size=3))
    texts = draw(st.lists(line.filter(bool), min_size=2, max_size=6))
    right = draw(st.integers(0, len(texts) - 1))
    choices = [Choice(text, 1.0 if i == right else 0.0) for i, text in enumerate(texts)]
    return QuestionData("single", "\n".join(prompt), prompt_format="plain", choices=choices)


def write(questions: list[QuestionData]) -> str:
    """Aiken for `questions` (the platform does not export Aiken: this is the test's own writer)."""
    blocks = []
    for q in questions:
        lines = [q.prompt] + [f"{string.ascii_uppercase[i]}. {c.text}" for i, c in enumerate(q.choices)]
        right = next(i for i, c in enumerate(q.choices) if c.fraction == 1)
        blocks.append("\n".join([*lines, f"ANSWER: {string.ascii_uppercase[right]}"]))
    return "\n\n".join(blocks)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(aiken_questions(), max_size=4))
def test_property_written_questions_read_back(questions):
    assert parse_aiken(write(questions)).questions == questions


@FAST
@given(
    st.lists(st.sampled_from(["Q?", "A. a", "B) b", "ANSWER: A", "ANSWER: Z", "", "A.x", "\r\n"]) | st.text(max_size=5))
)
def test_property_any_text_is_read_or_refused_naming_a_line(parts):
    try:
        parse_aiken("\n".join(parts))
    except FormatError as error:
        assert str(error).startswith("line ")
