from datetime import UTC, datetime

import pytest

from quizzes.services import quiz_add_questions
from tests.factories import assign
from tests.quizzes.factories import QuizFactory, sample_questions

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def quiz(classroom):
    """A published quiz with one question of each type (11 points, the essay being 4), assigned to `classroom`
    (`student`'s class)."""
    quiz = QuizFactory(slug="khrushchev", title="Khrushchev")
    quiz_add_questions(quiz=quiz, questions=sample_questions())
    assign(classroom, quiz=quiz)
    return quiz


@pytest.fixture
def auto_quiz(classroom):
    """A published quiz without essays: attempts grade straight to `graded`. Assigned to `classroom`."""
    quiz = QuizFactory(slug="auto", title="Auto")
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:7])
    assign(classroom, quiz=quiz)
    return quiz


@pytest.fixture
def calls_stay_flat(django_assert_max_num_queries):
    """check(call, grow, at_most=N): `call()` makes at most N queries, and no more after `grow()` has added data:
    the query count of a service or selector does not grow with the rows it handles. Returns the last result."""

    def check(call, grow, *, at_most: int):
        with django_assert_max_num_queries(at_most) as small:
            call()
        grow()
        with django_assert_max_num_queries(len(small.captured_queries)):
            return call()

    return check
