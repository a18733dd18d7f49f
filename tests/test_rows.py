"""config.rows: a plain statement's rows come back as the ORM would give them (JSON decoded, times as aware
datetimes on both databases), and fields left out are deferred, not wrong."""

import pytest
from django.db import connection

from config import rows
from quizzes.models import Attempt, Response
from quizzes.selectors import ATTEMPT_FIELDS
from quizzes.services import attempt_start, attempt_submit, quiz_add_questions, responses_save
from tests.factories import UserFactory
from tests.quizzes.conftest import NOW
from tests.quizzes.factories import QuizFactory, sample_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    quiz = QuizFactory(time_limit=None)
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:3])
    student = UserFactory()
    started = attempt_start(student=student, quiz=quiz, now=NOW)
    question = started.layout["questions"][2]["id"]  # the third sample: true or false
    responses_save(attempt=started, student=student, responses=[{"question": question, "answer": {"value": True}}])
    return attempt_submit(attempt=started, now=NOW)


def read(model, names, where, params):
    sql = f"SELECT {rows.columns(model, names)} FROM {model._meta.db_table} WHERE {where}"  # noqa: S608 - test names
    return rows.fetch(model, names, sql, params)


def test_every_field_of_an_attempt_is_what_the_orm_reads(attempt):
    (plain,) = read(Attempt, ATTEMPT_FIELDS, "id = %s", [attempt.pk])
    orm = Attempt.objects.get(pk=attempt.pk)
    assert {n: getattr(plain, n) for n in ATTEMPT_FIELDS} == {n: getattr(orm, n) for n in ATTEMPT_FIELDS}
    assert plain.submitted_at == NOW and plain.submitted_at.tzinfo is not None  # parsed on SQLite too
    assert isinstance(plain.layout, dict) and plain.deadline is None
    assert plain._state.adding is False and plain._state.db == connection.alias  # as if the ORM had read it


def test_a_json_answer_and_a_missing_one_come_back_as_python_values(attempt):
    names = ["question_id", "answer", "score", "feedback"]
    found = read(Response, names, "attempt_id = %s ORDER BY id", [attempt.pk])
    orm = list(Response.objects.filter(attempt_id=attempt.pk).order_by("id"))
    assert [[getattr(r, n) for n in names] for r in found] == [[getattr(r, n) for n in names] for r in orm]
    assert {"value": True} in [r.answer for r in found]


def test_fields_left_out_are_deferred_and_read_when_used(attempt):
    (partial,) = read(Attempt, ["id", "status"], "id = %s", [attempt.pk])
    assert partial.get_deferred_fields() >= {"layout", "score", "version"}
    assert partial.version == Attempt.objects.get(pk=attempt.pk).version  # a query, not a wrong value


def test_converted_rows_of_no_row_are_empty():
    assert rows.converted(Attempt, ATTEMPT_FIELDS, []) == []
    assert rows.columns(Response, ["question_id", "answer"]) == "question_id, answer"
