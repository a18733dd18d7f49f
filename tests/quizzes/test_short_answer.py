"""Moodle's short-answer semantics (quizzes.short_answer): the wildcard `*`, the literal `\\*`, the case setting, the
first matching answer deciding; through GIFT import, grading, the key check, export, the editor and the API."""

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from quizzes.gift import export_gift, parse_gift, write_gift
from quizzes.grading import Grade, grade, key_answer
from quizzes.models import Question
from quizzes.problems import question_problems
from quizzes.services import quiz_import_gift
from quizzes.short_answer import (
    escape,
    first_match,
    has_wildcard,
    is_empty,
    matches,
    normalize_text,
    pattern_parts,
    shown,
)
from quizzes.types import Choice, QuestionData
from tests.quizzes.factories import QuizFactory, take_attempt
from tests.quizzes.test_admin import add_question

MOODLE_CASE = "::Q::Which city? { =Constantinople =%50%Byzantium#Older name =%0%*#Completely wrong }\n"


def short(*answers, case_sensitive=False) -> QuestionData:
    """A short-answer question of (text, fraction[, feedback]) answers."""
    choices = [Choice(text=a[0], fraction=a[1], feedback=a[2] if len(a) > 2 else "") for a in answers]
    return QuestionData(type="short_answer", prompt="Q?", choices=choices, case_sensitive=case_sensitive)


# ---------------------------------------------------------------- the pattern language


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        ("Paris", ["Paris"]),
        ("*", ["", ""]),
        ("***", ["", ""]),  # a run of wildcards is one
        ("Constantin*", ["Constantin", ""]),
        ("*ople", ["", "ople"]),
        ("a*b*c", ["a", "b", "c"]),
        ("2\\*3", ["2*3"]),  # \* is an asterisk
        ("\\**", ["*", ""]),  # an asterisk, then a wildcard (as Moodle splits it)
        ("a\\\\*", ["a\\*"]),  # a backslash, then \*: Moodle reads a\*
        ("C:\\dos", ["C:\\dos"]),  # other backslashes are themselves
        ("", [""]),
    ],
)
def test_pattern_parts(pattern, parts):
    assert pattern_parts(pattern) == parts


@pytest.mark.parametrize(
    ("pattern", "text", "case_sensitive", "want"),
    [
        ("Constantinople", "constantinople", False, True),
        ("Constantinople", "CONSTANTINOPLE!", False, True),
        ("Constantinople", "Constantinople", True, True),
        ("Constantinople", "constantinople", True, False),  # Moodle's case setting
        ("*", "anything at all", False, True),
        ("*", "!!!", False, True),  # Moodle grades any non-blank response against a catch-all
        ("*", "", False, False),  # a blank answer is no answer
        ("*", " \t\n", False, False),
        ("Constantin*", "Constantinople", False, True),
        ("Constantin*", "constantin", False, True),  # the wildcard may match nothing
        ("Constantin*", "Byzantium", False, False),
        ("*ople", "Constantinople", False, True),
        ("*ople", "Constantinoplex", False, False),
        ("C*n*e", "Constantinople", False, True),
        ("C*n*e", "Constantinopl", False, False),
        ("a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", False, False),
        ("ab*ba", "aba", False, False),  # the parts may not overlap
        ("ab*ba", "abba", False, True),
        ("2\\*3", "2*3", False, True),
        ("2\\*3", "2 * 3", False, True),  # spaces still do not count
        ("2\\*3", "23", False, False),  # the asterisk does
        ("2\\*3", "2x3", False, False),
        ("2*3", "2x3", False, True),
        ("Gomułka*", "GOMUŁKA Władysław", False, True),
        ("Gomułka*", "Gomulka", False, False),  # accents still count
        ("Stra*e", "STRASSE", False, True),  # case folding first: ß is ss
    ],
)
def test_matches(pattern, text, case_sensitive, want):
    assert matches(pattern, text, case_sensitive=case_sensitive) is want


def test_the_first_matching_answer_decides():
    patterns = ["Constantinople", "Byzantium", "*"]
    assert first_match(patterns, "constantinople") == 0
    assert first_match(patterns, "byzantium") == 1
    assert first_match(patterns, "Rome") == 2
    assert first_match(patterns, "  ") is None
    assert first_match(["*", "Constantinople"], "Constantinople") == 0


def test_empty_patterns():
    assert is_empty("...") and is_empty("") and is_empty(" - ")
    assert not is_empty("*") and not is_empty("\\*") and not is_empty("a")


def test_shown_and_escape():
    assert shown("Constantin*") == "Constantin*"
    assert shown("2\\*3") == "2*3"
    assert shown("***") == "*"
    assert escape("2*3") == "2\\*3"
    assert not has_wildcard(escape("a*b*")) and has_wildcard("a*b")


# ---------------------------------------------------------------- properties


words = st.text(st.sampled_from("abAB*\\ .é"), max_size=8)
props = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)


def reference(pattern: str, text: str, case_sensitive: bool) -> bool:
    """Moodle's own method: the normalized literal parts, regex-escaped, joined by `.*`, matched in full."""
    if not text.strip():
        return False
    parts = [re.escape(normalize_text(p, case_sensitive=case_sensitive)) for p in pattern_parts(pattern)]
    return re.fullmatch(".*".join(parts), normalize_text(text, case_sensitive=case_sensitive), re.DOTALL) is not None


@props
@given(words, words, st.booleans())
def test_matching_agrees_with_a_regular_expression(pattern, text, case_sensitive):
    assert matches(pattern, text, case_sensitive=case_sensitive) is reference(pattern, text, case_sensitive)


@props
@given(words, st.booleans())
def test_a_pattern_accepts_its_own_shown_text(pattern, case_sensitive):
    assume(not is_empty(pattern, case_sensitive=case_sensitive))
    assert matches(pattern, shown(pattern), case_sensitive=case_sensitive)


@props
@given(words, words)
def test_an_escaped_text_accepts_exactly_the_texts_equal_to_it(literal, text):
    assume(literal.strip() and text.strip())
    equal = normalize_text(literal) == normalize_text(text)
    assert matches(escape(literal), text) is equal


@props
@given(st.data())
def test_a_wildcard_only_widens(data):
    """Adding a wildcard anywhere never refuses an answer the pattern accepted."""
    pattern = data.draw(words)
    text = data.draw(st.one_of(words, st.just(shown(pattern))))
    accepted = matches(pattern, text)
    for i in range(len(pattern) + 1):
        if pattern[max(i - 1, 0) : i] != "\\":  # not inside a \* escape
            assert matches(pattern[:i] + "*" + pattern[i:], text) or not accepted


@props
@given(words, words)
def test_case_insensitive_matching_ignores_case_and_sensitive_matching_is_stricter(pattern, text):
    insensitive = matches(pattern, text)
    assert matches(pattern, text.swapcase()) is insensitive or not text.isascii()
    assert not matches(pattern, text, case_sensitive=True) or insensitive


@props
@given(st.text(max_size=30))
def test_the_catch_all_accepts_every_answer_that_is_not_blank(text):
    assert matches("*", text) is bool(text.strip())


@props
@given(st.lists(st.tuples(words, st.floats(-1, 1)), min_size=1, max_size=5), words)
def test_grading_gives_the_first_matching_answers_fraction(answers, text):
    question = short(*answers)
    assume(all(not is_empty(t) for t, _ in answers))
    hit = next((i for i, (t, _) in enumerate(answers) if matches(t, text)), None)
    want = 0.0 if hit is None else max(0.0, round(answers[hit][1], 6))
    assert grade(question, {"text": text}).fraction == want


@props
@given(st.lists(words, min_size=1, max_size=5, unique=True), st.booleans())
def test_a_short_answer_without_problems_has_a_key_that_scores_one(texts, case_sensitive):
    fractions = [1.0] + [0.5] * (len(texts) - 1)
    question = short(*zip(texts, fractions, strict=True), case_sensitive=case_sensitive)
    if question_problems(question) == []:
        assert grade(question, key_answer(question)).fraction == 1


# ---------------------------------------------------------------- Moodle's case through GIFT, grading and export


def test_the_moodle_case_imports_and_grades_as_moodle_does():
    result = parse_gift(MOODLE_CASE)
    [question] = result.questions
    assert question_problems(question) == []
    assert [(c.text, c.fraction, c.feedback) for c in question.choices] == [
        ("Constantinople", 1.0, ""),
        ("Byzantium", 0.5, "Older name"),
        ("*", 0.0, "Completely wrong"),
    ]
    assert grade(question, {"text": "Constantinople"}) == Grade(1.0, "")
    assert grade(question, {"text": "  byzantium "}) == Grade(0.5, "Older name")
    assert grade(question, {"text": "Rome"}) == Grade(0.0, "Completely wrong")
    assert grade(question, {"text": ""}) == Grade(0.0, "")
    assert key_answer(question) == {"text": "Constantinople"}


def test_a_catch_all_listed_first_takes_every_answer_and_is_refused():
    question = short(("*", 0, "Wrong"), ("Constantinople", 1))
    assert grade(question, {"text": "Constantinople"}).fraction == 0
    [problem] = question_problems(question)
    assert "accepted answer 1" in problem and "comes first" in problem


@pytest.mark.parametrize(
    "gift",
    [
        MOODLE_CASE,
        "::P::Two times three? {=2\\*3 =%50%2x3#Use an asterisk}\n",
        "::W::The Ottoman name? {=Kostantiniye =%50%Konstan*#Close =*#No}\n",
        "::B::A backslash, then a star? {=a\\\\\\*b}\n",
    ],
)
def test_export_round_trips_wildcards_and_literal_asterisks(gift):
    questions = parse_gift(gift).questions
    written = write_gift(questions)
    assert parse_gift(written).questions == questions
    assert write_gift(parse_gift(written).questions) == written


def test_export_writes_a_literal_asterisk_as_moodle_users_do():
    assert "=2\\*3" in write_gift(parse_gift("::P::Two times three? {=2\\*3}\n").questions)


def test_export_says_case_sensitivity_is_lost():
    export = export_gift([short(("Paris", 1), case_sensitive=True)])
    assert any("case sensitivity" in warning for warning in export.warnings)
    assert parse_gift(export.text).questions[0].case_sensitive is False


# ---------------------------------------------------------------- stored: import, attempt, the editor, the API


@pytest.mark.django_db
def test_the_moodle_case_imported_grades_a_students_attempts(student):
    quiz = QuizFactory()
    assert quiz_import_gift(quiz=quiz, text=MOODLE_CASE).imported == 1
    question = quiz.questions.get()
    scores = {}
    for text in ("Constantinople", "Byzantium", "Rome"):
        attempt = take_attempt(student, quiz, [{"question": question.pk, "answer": {"text": text}}])
        response = attempt.responses.get()
        scores[text] = (response.score, response.feedback)
    assert scores == {"Constantinople": (1.0, ""), "Byzantium": (0.5, "Older name"), "Rome": (0.0, "Completely wrong")}


@pytest.mark.django_db
def test_the_editor_saves_case_sensitivity_and_wildcards(client, teacher):
    quiz = QuizFactory()
    client.force_login(teacher)
    options = [{"text": "Paris", "fraction": "1"}, {"text": "*", "fraction": "0", "feedback": "Not Paris"}]
    response = add_question(client, quiz, "short_answer", prompt="Capital?", options=options, case_sensitive="on")
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(prompt="Capital?")
    assert question.data == {"case_sensitive": True}
    page = client.get(f"/admin/quizzes/question/{question.pk}/change/").content.decode()
    assert re.search(r'<input[^>]*name="case_sensitive"[^>]*checked', page)


@pytest.mark.django_db
def test_the_editor_refuses_a_catch_all_before_the_right_answer(client, teacher):
    quiz = QuizFactory()
    client.force_login(teacher)
    options = [{"text": "*", "fraction": "0"}, {"text": "Paris", "fraction": "1"}]
    response = add_question(client, quiz, "short_answer", prompt="Capital?", options=options)
    assert response.status_code == 200
    assert "comes first" in response.content.decode()
    assert not Question.objects.filter(prompt="Capital?").exists()


@pytest.mark.django_db
def test_the_teacher_api_reads_and_writes_case_sensitivity(teacher, student):
    quiz = QuizFactory(created_by=teacher)
    client = APIClient()
    client.force_authenticate(teacher)
    question = {
        "type": "short_answer",
        "prompt": "Capital?",
        "case_sensitive": True,
        "accepted": [{"text": "Paris", "fraction": 1}, {"text": "*", "fraction": 0, "feedback": "No"}],
    }
    response = client.patch(f"/api/v1/quizzes/{quiz.slug}/", {"questions": [question]}, format="json")
    assert response.status_code == 200, response.json()
    [shown_question] = client.get(f"/api/v1/quizzes/{quiz.slug}/").json()["questions"]
    assert shown_question["case_sensitive"] is True
    assert [a["text"] for a in shown_question["accepted"]] == ["Paris", "*"]
    stored = quiz.questions.get()
    for text, want in (("Paris", 1.0), ("paris", 0.0)):
        attempt = take_attempt(student, quiz, [{"question": stored.pk, "answer": {"text": text}}])
        assert attempt.responses.get().score == want
