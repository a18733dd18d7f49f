"""Shared fixtures for the API tests: two classes with a teacher and a student each, and a quiz
with one question of each of the eight types."""

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from quizzes.services import quiz_add_questions
from quizzes.types import Choice, QuestionData
from tests.factories import assign
from tests.quizzes.factories import QuizFactory
from tests.quizzes.factories import sample_questions as quiz_sample_questions

PASSWORD = "pw-Classroom-123"  # tests.factories.UserFactory's


def sample_questions() -> list[QuestionData]:
    """The quizzes tests' eight questions, with a fourth matching pair (24 right-hand orders, so a
    layout that follows the key shows up across attempts) and a numeric tolerance."""
    questions = quiz_sample_questions()
    by_type = {q.type: q for q in questions}
    by_type["numerical"].numeric[0].tolerance = 1
    by_type["matching"].choices.append(Choice("Tito", match="Yugoslav leader"))
    return questions


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def submit(client: APIClient, attempt_id: int):
    """POST submit and run what it queued after commit (grading, eager in tests) as production would:
    a test's transaction never commits, so on_commit callbacks would otherwise never run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/api/v1/attempts/{attempt_id}/submit/", {}, format="json")


@pytest.fixture
def quiz(classroom):
    """A published quiz with one question of each type (the essay makes attempts need review), assigned to
    `classroom` (`student`'s class; not `other_student`'s)."""
    quiz = QuizFactory(slug="khrushchev", title="Khrushchev")
    quiz_add_questions(quiz=quiz, questions=sample_questions())
    assign(classroom, quiz=quiz)
    return quiz


@pytest.fixture
def auto_quiz(classroom):
    """A published quiz without the essay: attempts are graded at once. Assigned to `classroom`."""
    quiz = QuizFactory(slug="auto", title="Auto")
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:7])
    assign(classroom, quiz=quiz)
    return quiz


def right_answers(attempt: dict) -> list[dict]:
    """Full-marks answers for an attempt payload of `sample_questions` questions, from what the student sees."""
    keys = {
        "single": lambda q: {"choice": _by_text(q["choices"])["Leonid Brezhnev"]},
        "multiple": lambda q: {"choices": [_by_text(q["choices"])[t] for t in ("Malenkov", "Molotov", "Kaganovich")]},
        "true_false": lambda q: {"value": False},
        "short_answer": lambda q: {"text": " twentieth "},
        "numerical": lambda q: {"value": 1956.5},
        "matching": _matching_pairs,
        "ordering": lambda q: {
            "order": [_by_text(q["items"])[t] for t in ("Stalin dies", "Secret Speech", "Sputnik", "Ouster")]
        },
        "essay": lambda q: {"text": "It ended the terror."},
    }
    return [{"question": q["id"], "answer": keys[q["type"]](q)} for q in attempt["questions"]]


MATCHES = {
    "Mao Zedong": "Chairman of the CCP",
    "Gomułka": "Polish leader",
    "Kennedy": "U.S. President",
    "Tito": "Yugoslav leader",
}


def _by_text(options: list[dict]) -> dict[str, int]:
    return {o["text"]: o["id"] for o in options}


def _matching_pairs(q: dict) -> dict:
    rights = _by_text(q["right"])
    return {"pairs": [{"left": o["id"], "right": rights[MATCHES[o["text"]]]} for o in q["left"]]}
