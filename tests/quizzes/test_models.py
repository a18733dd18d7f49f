"""Database constraints hold even when code skips full_clean; PROTECT keeps grade history; the attempts' indexes
serve a class starting a new quiz."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classroom.models import User
from quizzes.models import Attempt, Option, Question, Quiz, QuizGrade, Response
from quizzes.selectors import attempts_left
from quizzes.services import attempt_grade, attempt_start
from tests.factories import UserFactory
from tests.quizzes.factories import AttemptFactory, OptionFactory, QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def violates(**kwargs):
    return pytest.raises(IntegrityError, **kwargs)


def test_quiz_slug_is_unique():
    QuizFactory(slug="same")
    with violates(), transaction.atomic():
        QuizFactory(slug="same")


@pytest.mark.parametrize(
    "fields",
    [
        {"pass_mark": 101},
        {"pass_mark": -1},
        {"attempts_allowed": 0},
        {"questions_per_attempt": 0},
        {"time_limit": timedelta(0)},
        {"grading_method": "best"},
        {"review_policy": "sometimes"},
    ],
)
def test_quiz_constraints(fields):
    with violates(), transaction.atomic():
        QuizFactory(**fields)


def test_quiz_clean_rejects_bad_settings():
    quiz = QuizFactory.build(pass_mark=150, time_limit=timedelta(seconds=-5), grading_method="best")
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert {"pass_mark", "time_limit", "grading_method"} <= set(error.value.message_dict)


@pytest.mark.parametrize("fields", [{"points": 0}, {"points": -1}, {"type": "cloze"}])
def test_question_constraints(fields):
    quiz = QuizFactory()
    with violates(), transaction.atomic():
        QuestionFactory(quiz=quiz, **fields)


@pytest.mark.parametrize(
    ("type_", "data", "ok"),
    [
        ("true_false", {"correct": True}, True),
        ("true_false", {}, False),
        ("true_false", {"correct": "yes"}, False),
        ("numerical", {"answers": []}, True),
        ("numerical", {}, False),
        ("single", [], False),
    ],
)
def test_question_clean_checks_type_data(type_, data, ok):
    question = QuestionFactory.build(quiz=QuizFactory(), type=type_, data=data)
    if ok:
        question.full_clean()
    else:
        with pytest.raises(ValidationError):
            question.full_clean()


@pytest.mark.parametrize("fraction", [1.01, -1.5, 2])
def test_option_fraction_bounds(fraction):
    question = QuestionFactory()
    with violates(), transaction.atomic():
        OptionFactory(question=question, fraction=fraction)
    with pytest.raises(ValidationError):
        OptionFactory.build(question=question, fraction=fraction).full_clean()


def test_option_fraction_limits_are_allowed():
    question = QuestionFactory()
    OptionFactory(question=question, fraction=-1)
    OptionFactory(question=question, fraction=1)
    assert question.options.count() == 2


def test_one_attempt_number_per_student_and_quiz():
    attempt = AttemptFactory(number=1, status="submitted", submitted_at=timezone.now())
    with violates(), transaction.atomic():
        AttemptFactory(
            student=attempt.student, quiz=attempt.quiz, number=1, status="submitted", submitted_at=timezone.now()
        )
    AttemptFactory(quiz=attempt.quiz, number=1)  # another student: fine


def test_one_attempt_in_progress_per_student_and_quiz():
    attempt = AttemptFactory(number=1)
    with violates(), transaction.atomic():
        AttemptFactory(student=attempt.student, quiz=attempt.quiz, number=2)


@pytest.mark.parametrize(
    "fields",
    [
        {"number": 0},
        {"max_score": -1},
        {"max_score": 5, "score": 6, "status": "submitted"},
        {"max_score": 5, "score": -0.5, "status": "submitted"},
        {"status": "lost"},
        {"status": "submitted", "submitted_at": None},
        {"status": "graded", "graded_at": None, "score": 1, "max_score": 2},
        {"status": "graded", "graded_at": timezone.now(), "score": None},
    ],
)
def test_attempt_constraints(fields):
    fields.setdefault("submitted_at", timezone.now() if fields.get("status", "in_progress") != "in_progress" else None)
    with violates(), transaction.atomic():
        AttemptFactory(**fields)


def test_attempt_clean_bounds_score():
    attempt = AttemptFactory.build(student=UserFactory(), quiz=QuizFactory(), number=1, score=3, max_score=2)
    with pytest.raises(ValidationError) as error:
        attempt.full_clean()
    assert "score" in error.value.message_dict


def _response(**fields):
    question = QuestionFactory()
    attempt = AttemptFactory(quiz=question.quiz)
    return Response.objects.create(attempt=attempt, question=question, **fields)


def test_one_response_per_attempt_and_question():
    response = _response(answer={"choice": 1})
    with violates(), transaction.atomic():
        Response.objects.create(attempt=response.attempt, question=response.question, answer={"choice": 2})


@pytest.mark.parametrize("fields", [{"score": 2, "points": 1}, {"score": -1, "points": 1}, {"points": -1}])
def test_response_score_bounds(fields):
    with violates(), transaction.atomic():
        _response(**fields)


def test_response_clean_bounds_score():
    response = _response(points=2)
    response.score = 2.5
    with pytest.raises(ValidationError):
        response.full_clean()


def test_quiz_grade_unique_and_bounded():
    grade = QuizGrade.objects.create(student=UserFactory(), quiz=QuizFactory(), grade=50)
    with violates(), transaction.atomic():
        QuizGrade.objects.create(student=grade.student, quiz=grade.quiz, grade=60)
    with violates(), transaction.atomic():
        QuizGrade.objects.create(student=UserFactory(), quiz=grade.quiz, grade=100.5)


def test_quiz_with_attempts_cannot_be_deleted():
    attempt = AttemptFactory()
    with pytest.raises(ProtectedError):
        attempt.quiz.delete()
    assert Quiz.objects.filter(pk=attempt.quiz_id).exists()


def test_answered_question_cannot_be_deleted():
    response = _response(answer={"choice": 1})
    with pytest.raises(ProtectedError):
        response.question.delete()


def test_quiz_without_attempts_deletes_its_questions():
    question = QuestionFactory()
    OptionFactory(question=question)
    question.quiz.delete()
    assert not Question.objects.exists() and not Option.objects.exists()


def test_brief_and_study_item_deletion_keeps_the_quiz():
    from briefs.models import Brief

    fields = {f.name for f in Brief._meta.get_fields()}
    assert "quizzes" in fields  # reverse accessor of Quiz.brief
    assert Quiz._meta.get_field("brief").remote_field.on_delete.__name__ == "SET_NULL"
    assert Question._meta.get_field("study_item").remote_field.on_delete.__name__ == "SET_NULL"


def test_attempt_percent_and_quiz_grade_passed():
    attempt = Attempt(score=3, max_score=4)
    assert attempt.percent == 75
    assert Attempt(score=None, max_score=4).percent is None
    quiz = QuizFactory(pass_mark=60)
    assert QuizGrade(quiz=quiz, grade=60).passed is True
    assert QuizGrade(quiz=quiz, grade=59.9).passed is False
    assert QuizGrade(quiz=quiz, grade=None).passed is None


def test_teachers_may_author_quizzes_and_review_responses(teacher):
    perms = teacher.get_all_permissions()
    assert {"quizzes.add_quiz", "quizzes.change_question", "quizzes.change_response", "quizzes.view_attempt"} <= perms
    assert "quizzes.delete_attempt" not in perms


# ---------------------------------------------------------------- the attempts' indexes on PostgreSQL


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's; CI runs this there"
)


def rows_filtered_away(queries) -> list[tuple[int, str]]:
    """(rows read then filtered away, statement) for each SELECT of attempts among `queries`, by its plan as run
    now: what a statement costs beyond the rows it wants."""
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"quizzes_attempt"' in q["sql"]]
    assert selects, "no read of attempts to look at"
    plans = []
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plans.append((_rows_removed(cursor.fetchone()[0][0]["Plan"]), sql))
    return plans


@on_postgresql
@pytest.mark.django_db
def test_a_start_reads_only_its_students_attempts_while_the_quiz_is_new():
    """A class starts a new quiz together: the statistics still say the quiz has no attempts, and the plans must
    not read every attempt started before this one to find the student's (each start would cost more than the
    last). The attempts' unique index leads with the quiz, then the student, and no index has the quiz alone."""
    students = User.objects.bulk_create(User(username=f"s{n}", email=f"s{n}@example.org") for n in range(1000))
    for earlier in QuizFactory.create_batch(3):  # each student has a few attempts already
        Attempt.objects.bulk_create(Attempt(student=s, quiz=earlier, number=1, layout={}) for s in students)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quizzes_attempt")  # what autovacuum knows; the new quiz is not in it
    quiz = QuizFactory(attempts_allowed=3)
    QuestionFactory(quiz=quiz)
    Attempt.objects.bulk_create(Attempt(student=s, quiz=quiz, number=1, layout={}) for s in students[:500])
    with CaptureQueriesContext(connection) as queries:
        assert attempts_left(student=students[499], quiz=quiz) == 2
        assert attempt_start(student=students[500], quiz=quiz).number == 1
    for removed, sql in rows_filtered_away(queries):
        assert removed <= 3, sql  # the student's attempts at other quizzes, at most


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_grading_batch_reads_only_submitted_attempts_while_a_class_is_graded():
    """A class submitted together and is being graded: the statistics still say its attempts are submitted, and
    the next batch must not walk past the attempts graded already (each batch would cost more than the last)."""
    students = User.objects.bulk_create(User(username=f"s{n}", email=f"s{n}@example.org") for n in range(2000))
    quiz, now = QuizFactory(), timezone.now()
    Attempt.objects.bulk_create(
        Attempt(student=s, quiz=quiz, number=1, layout={}, status="submitted", submitted_at=now) for s in students
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quizzes_attempt")  # what autovacuum knows: all submitted
    graded = Attempt.objects.filter(quiz=quiz).order_by("pk")[:1990].values_list("pk", flat=True)
    Attempt.objects.filter(pk__in=list(graded)).update(status="graded", score=0, graded_at=now)
    last = Attempt.objects.filter(quiz=quiz, status="submitted").latest("pk")
    with CaptureQueriesContext(connection) as queries:
        assert attempt_grade(attempt_id=last.pk, batch=50).status == "graded"
    assert not Attempt.objects.filter(status="submitted").exists()  # the ten left, in one batch
    for removed, sql in rows_filtered_away(queries):
        # The grading queue's index holds the submitted ones only; the task's own attempt is read by its id (and
        # graded now, so that read finds it filtered away: one row).
        assert removed <= 1, sql


def _rows_removed(node: dict) -> int:
    return node.get("Rows Removed by Filter", 0) + sum(_rows_removed(child) for child in node.get("Plans", []))
