from datetime import UTC, datetime

import pytest

from quizzes.services import quiz_add_questions
from tests.quizzes.factories import QuizFactory, sample_questions

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def now():
    return NOW


@pytest.fixture(autouse=True)
def due_dates(monkeypatch):
    """Assignment due dates by (student id, quiz id). The classroom app owns assignments; these tests
    replace its selector so that quiz rules are tested on their own."""
    dates = {}

    def assignment_due_at(*, student, quiz):
        return dates.get((student.pk, quiz.pk))

    monkeypatch.setattr("classroom.selectors.assignment_due_at", assignment_due_at, raising=False)
    return dates


@pytest.fixture
def quiz(db):
    """A published quiz with one question of each type (11 points, the essay being 4)."""
    quiz = QuizFactory(slug="khrushchev", title="Khrushchev")
    quiz_add_questions(quiz=quiz, questions=sample_questions())
    return quiz


@pytest.fixture
def auto_quiz(db):
    """A published quiz without essays: attempts grade straight to `graded`."""
    quiz = QuizFactory(slug="auto", title="Auto")
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:7])
    return quiz
