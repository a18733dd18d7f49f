"""config.bulk: bulk_update_rows and bulk_insert_rows write the same rows as QuerySet.bulk_update and
bulk_create would (PostgreSQL's unnest path in CI's second pass, Django's own on SQLite)."""

from datetime import UTC, datetime

import pytest

from config.bulk import bulk_insert_rows, bulk_update_rows
from quizzes.models import Attempt, Response
from quizzes.services import attempt_start, quiz_add_questions
from tests.factories import UserFactory
from tests.quizzes.conftest import sample_questions
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def attempts():
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:3])
    return [attempt_start(student=UserFactory(), quiz=quiz, now=WHEN) for _ in range(3)]


def test_updates_only_the_given_fields_of_the_given_rows(attempts):
    first, second, untouched = attempts
    first.score, first.max_score, first.status, first.submitted_at, first.graded_at = 2.5, 3, "graded", WHEN, WHEN
    second.score, second.max_score, second.status, second.submitted_at = None, 3, "needs_review", WHEN
    second.number = 99  # changed in memory, not among the fields: not written
    Attempt.objects.filter(pk__in=[first.pk, second.pk]).update(submitted_at=WHEN)
    bulk_update_rows([first, second], ["score", "max_score", "status", "graded_at"])
    rows = {a.pk: a for a in Attempt.objects.all()}
    assert (rows[first.pk].score, rows[first.pk].status, rows[first.pk].graded_at) == (2.5, "graded", WHEN)
    assert (rows[second.pk].score, rows[second.pk].status, rows[second.pk].graded_at) == (None, "needs_review", None)
    assert rows[second.pk].number == 1
    assert (rows[untouched.pk].status, rows[untouched.pk].score) == ("in_progress", None)


def test_text_with_quotes_and_all_null_columns(attempts):
    responses = Response.objects.bulk_create(
        Response(attempt=attempts[0], question=q, answer=None, points=1) for q in attempts[0].quiz.questions.all()
    )
    for i, response in enumerate(responses):
        response.feedback, response.score = f'It\'s {i}; -- "quoted" \\ text', None
    bulk_update_rows(responses, ["feedback", "score"])
    assert sorted(Response.objects.values_list("feedback", "score")) == sorted((r.feedback, None) for r in responses)


def test_nothing_to_update_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk_update_rows([], ["score"])


def test_refuses_fields_that_need_conversion(attempts):
    with pytest.raises(TypeError, match="layout"):
        bulk_update_rows(attempts, ["layout"])


def test_inserts_the_given_fields_and_leaves_the_others_to_the_database(attempts):
    questions = list(attempts[0].quiz.questions.order_by("id"))
    new = [
        Response(
            attempt=attempts[0], question=q, answer=None, score=i / 2, points=1, feedback=f"it's {i}", saved_at=WHEN
        )
        for i, q in enumerate(questions)
    ]
    new[1].score = None
    bulk_insert_rows(new, ["attempt", "question", "score", "points", "feedback", "saved_at"])
    stored = list(Response.objects.order_by("question_id").values_list("attempt", "question", "score", "feedback"))
    assert stored == [(attempts[0].pk, q.pk, None if i == 1 else i / 2, f"it's {i}") for i, q in enumerate(questions)]
    assert set(Response.objects.values_list("answer", "saved_at", "reviewed_by", "reviewed_at")) == {
        (None, WHEN, None, None)
    }


def test_nothing_to_insert_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk_insert_rows([], ["score"])


def test_an_insert_refuses_fields_that_need_conversion(attempts):
    with pytest.raises(TypeError, match="answer"):
        bulk_insert_rows([Response(attempt=attempts[0], answer={"value": True})], ["attempt", "answer"])
