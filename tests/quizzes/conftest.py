from datetime import UTC, datetime

import pytest

from quizzes.services import quiz_add_questions
from quizzes.types import Choice, NumericAnswer, QuestionData
from tests.quizzes.factories import QuizFactory

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


def sample_questions() -> list[QuestionData]:
    """One question of each type, in this order; the key of each is the obvious one."""
    return [
        QuestionData(
            type="single",
            prompt="Who replaced Khrushchev?",
            name="Successor",
            choices=[Choice("Leonid Brezhnev", 1, "Correct"), Choice("Georgy Malenkov", 0), Choice("Suslov", -0.5)],
        ),
        QuestionData(
            type="multiple",
            prompt="Anti-Party Group?",
            choices=[
                Choice("Malenkov", 0.3333333),
                Choice("Molotov", 0.3333333),
                Choice("Kaganovich", 0.3333334),
                Choice("Brezhnev", -1),
            ],
        ),
        QuestionData(type="true_false", prompt="Hungary succeeded.", correct=False, feedback_true="No: crushed."),
        QuestionData(
            type="short_answer", prompt="Which congress?", choices=[Choice("20th", 1), Choice("Twentieth", 1)]
        ),
        QuestionData(type="numerical", prompt="Secret Speech year?", numeric=[NumericAnswer(value=1956)]),
        QuestionData(
            type="matching",
            prompt="Match each person",
            choices=[
                Choice("Mao Zedong", match="Chairman of the CCP"),
                Choice("Gomułka", match="Polish leader"),
                Choice("Kennedy", match="U.S. President"),
            ],
        ),
        QuestionData(
            type="ordering",
            prompt="Order these",
            choices=[Choice("Stalin dies"), Choice("Secret Speech"), Choice("Sputnik"), Choice("Ouster")],
        ),
        QuestionData(type="essay", prompt="Explain de-Stalinization.", points=4, model_answer="Ended terror."),
    ]


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
