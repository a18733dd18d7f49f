"""The quiz tasks with eager Celery: retries on database errors, skips, the requeue sweep, expiry, a broker
outage at submit, regrade triggers, and the beat schedule naming tasks that exist."""

from datetime import timedelta

import pytest
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError as BrokerError
from rest_framework.test import APIClient

from config.celery import app as celery_app
from quizzes import tasks
from quizzes.models import Attempt, AttemptStatus, Option
from quizzes.selectors import attempt_questions
from quizzes.services import (
    attempt_start,
    attempt_submit,
    attempts_expire,
    attempts_requeue_ungraded,
    quiz_add_questions,
    quiz_keys_changed,
    responses_save,
)
from quizzes.services.grading import GRADING_DELAY, GRADING_ROUNDS
from quizzes.types import Choice, QuestionData
from tests.factories import UserFactory
from tests.quizzes.conftest import NOW
from tests.quizzes.factories import QuizFactory, shown_id
from tests.quizzes.factories import key_responses as _key_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The attempt ids handed to the grading task's .delay, instead of grading them."""
    ids = []
    monkeypatch.setattr(tasks.grade_attempt_task, "delay", ids.append)
    return ids


def _attempt(quiz, *, status, submitted_at=None):
    attempt = attempt_start(student=UserFactory(), quiz=quiz, now=NOW - timedelta(hours=1))
    Attempt.objects.filter(pk=attempt.pk).update(status=status, submitted_at=submitted_at)
    return attempt.pk


# ---------------------------------------------------------------- grade_attempt


def test_grading_retries_database_errors_with_backoff():
    task = tasks.grade_attempt_task
    assert task.name == "quizzes.grade_attempt"
    assert set(task.autoretry_for) == {OperationalError, InterfaceError}
    assert task.retry_backoff is True and task.retry_jitter is True
    assert task.retry_backoff_max == 300 and task.max_retries == 12


def test_a_database_error_is_retried_until_grading_succeeds(auto_quiz, student, monkeypatch, settings):
    attempt_id = _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW)
    calls = []
    real_grade = tasks.attempt_grade

    def flaky(*, attempt_id):
        calls.append(attempt_id)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real_grade(attempt_id=attempt_id)

    monkeypatch.setattr(tasks, "attempt_grade", flaky)
    # Eagerly, each retry runs at once (no countdown); it must not raise the Retry that schedules it.
    settings.CELERY_TASK_EAGER_PROPAGATES = False  # Django's settings outrank celery_app.conf
    assert tasks.grade_attempt_task.apply(args=(attempt_id,)).successful()
    assert calls == [attempt_id] * 3
    assert Attempt.objects.get(pk=attempt_id).status == AttemptStatus.GRADED


def test_a_missing_attempt_is_logged_and_skipped(caplog):
    result = tasks.grade_attempt_task.apply(args=(987654,))
    assert result.successful()
    assert "Attempt 987654 to grade does not exist; skipped" in caplog.text


def test_grading_logs_one_line_only_when_it_grades(auto_quiz, caplog):
    attempt_id = _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW)
    tasks.grade_attempt_task.delay(attempt_id)
    tasks.grade_attempt_task.delay(attempt_id)  # a redelivery: the state guard makes it a no-op
    assert caplog.text.count(f"Graded attempt {attempt_id}: graded") == 1


# ---------------------------------------------------------------- one grading queued per quiz at a time


@pytest.fixture
def published(monkeypatch):
    """What submits hand to the grading task's apply_async, instead of grading."""
    calls = []
    monkeypatch.setattr(tasks.grade_attempt_task, "apply_async", lambda args, **options: calls.append((args, options)))
    return calls


def _submitted_now(quiz, django_capture_on_commit_callbacks) -> int:
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    responses_save(attempt=attempt, student=student, responses=_key_responses(attempt), now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, now=NOW)
    return attempt.pk


def test_a_class_submitting_together_queues_one_grading_that_grades_them_all(
    auto_quiz, published, django_capture_on_commit_callbacks
):
    first, *others = (_submitted_now(auto_quiz, django_capture_on_commit_callbacks) for _ in range(3))
    assert published == [((first,), {"countdown": GRADING_DELAY})]  # the others found that grading queued
    tasks.attempt_grade(attempt_id=first)  # what the queued task does, a second later
    assert set(Attempt.objects.values_list("status", flat=True)) == {AttemptStatus.GRADED}
    later = _submitted_now(auto_quiz, django_capture_on_commit_callbacks)  # after the grading started
    assert published[1:] == [((later,), {"countdown": GRADING_DELAY})]


def test_a_submit_with_a_worker_returns_the_state_it_wrote(auto_quiz, published, django_capture_on_commit_callbacks):
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):  # the worker grades GRADING_DELAY later
        submitted = attempt_submit(attempt=attempt, now=NOW)
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (submitted.status, submitted.submitted_at) == (stored.status, stored.submitted_at) == ("submitted", NOW)
    assert published == [((attempt.pk,), {"countdown": GRADING_DELAY})]
    stored.status, stored.score, stored.graded_at = AttemptStatus.GRADED, 0, NOW
    stored.save()  # graded meanwhile: a second submit changes nothing and returns what is there
    with django_capture_on_commit_callbacks(execute=True):
        again = attempt_submit(attempt=attempt, now=NOW + timedelta(seconds=5))
    assert (again.status, again.submitted_at, again.graded_at) == ("graded", NOW, NOW)
    assert len(published) == 1  # nothing queued again


def test_a_grading_leaves_a_long_backlog_to_further_tasks(auto_quiz, published, django_capture_on_commit_callbacks):
    ids = [_submitted_now(auto_quiz, django_capture_on_commit_callbacks) for _ in range(GRADING_ROUNDS + 3)]
    tasks.attempt_grade(attempt_id=ids[0], batch=1)  # its own, then GRADING_ROUNDS batches of one
    statuses = dict(Attempt.objects.values_list("id", "status"))
    assert [statuses[i] for i in ids].count(AttemptStatus.GRADED) == 1 + GRADING_ROUNDS
    assert published[1:] == [((ids[0],), {"countdown": 0})]  # the rest: another task, at once
    tasks.attempt_grade(attempt_id=ids[0], batch=1)  # that task: its own attempt is graded, the rest is not
    assert set(Attempt.objects.values_list("status", flat=True)) == {AttemptStatus.GRADED}


def test_each_quiz_has_a_grading_of_its_own(auto_quiz, published, django_capture_on_commit_callbacks):
    other = QuizFactory()
    quiz_add_questions(quiz=other, questions=[QuestionData(type="true_false", prompt="Yes?", points=1, correct=True)])
    ids = [_submitted_now(quiz, django_capture_on_commit_callbacks) for quiz in (auto_quiz, other)]
    assert [args for args, _options in published] == [(ids[0],), (ids[1],)]


def test_a_failed_queuing_lets_the_next_submit_try_again(auto_quiz, monkeypatch, django_capture_on_commit_callbacks):
    calls = []

    def broker_down(args, **options):
        calls.append(args)
        raise BrokerError("Connection refused.")

    monkeypatch.setattr(tasks.grade_attempt_task, "apply_async", broker_down)
    ids = [_submitted_now(auto_quiz, django_capture_on_commit_callbacks) for _ in range(2)]
    assert calls == [(ids[0],), (ids[1],)]


# ---------------------------------------------------------------- the requeue sweep


def test_requeue_picks_only_attempts_submitted_long_enough_ago_and_still_ungraded(auto_quiz, queued):
    old = _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW - timedelta(minutes=3))
    older = _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW - timedelta(minutes=30))
    _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW - timedelta(minutes=1))  # may be queued
    _attempt(auto_quiz, status=AttemptStatus.IN_PROGRESS)
    _attempt(auto_quiz, status=AttemptStatus.NEEDS_REVIEW, submitted_at=NOW - timedelta(minutes=5))  # graded
    assert attempts_requeue_ungraded(now=NOW) == 2
    assert queued == [older, old]  # oldest first


@pytest.fixture
def broker(monkeypatch, settings):
    """Tasks go to a broker (kombu's, in this process's memory) instead of running at once: the grading queue, to
    fill or leave empty."""
    monkeypatch.setenv("CELERY_BROKER_URL", "memory://")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # Django's settings outrank celery_app.conf
    with celery_app.connection_for_write() as connection:
        waiting = connection.SimpleQueue(celery_app.conf.task_default_queue)
        yield waiting
        waiting.clear()
        waiting.close()


def test_requeue_waits_while_the_queue_has_a_backlog(auto_quiz, queued, broker, caplog):
    stale = _attempt(auto_quiz, status=AttemptStatus.SUBMITTED, submitted_at=NOW - timedelta(minutes=10))
    for n in range(40):
        broker.put({"task": n})
    assert attempts_requeue_ungraded(now=NOW) == 0
    assert queued == []
    assert "40 tasks are still waiting" in caplog.text
    broker.clear()  # the workers caught up
    assert attempts_requeue_ungraded(now=NOW) == 1
    assert queued == [stale]


def test_requeued_attempts_are_graded(auto_quiz, student):
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    responses_save(attempt=attempt, student=student, responses=_key_responses(attempt), now=NOW)
    lost = timezone.now() - timedelta(minutes=5)  # submitted, and its message lost
    Attempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.SUBMITTED, submitted_at=lost)
    assert tasks.requeue_ungraded_task.delay().get() == 1  # eager: grading runs right away
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (AttemptStatus.GRADED, attempt.max_score)


def test_the_beat_schedule_names_tasks_that_exist():
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"quizzes.expire_attempts", "quizzes.requeue_ungraded"} <= names
    assert {name for name in names if name.startswith("quizzes.")} <= set(celery_app.tasks)


# ---------------------------------------------------------------- expiry


def test_expiry_submits_with_the_answers_saved_so_far(auto_quiz, student, django_capture_on_commit_callbacks):
    auto_quiz.time_limit = timedelta(minutes=10)
    auto_quiz.save()
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    saved = _key_responses(attempt)[:3]
    responses_save(attempt=attempt, student=student, responses=saved, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_attempts_task.delay().get() == 0  # not yet: the deadline is in 2030
        assert attempts_expire(now=NOW + timedelta(minutes=12)) == 1
    attempt.refresh_from_db()
    answers = dict(attempt.responses.exclude(answer=None).values_list("question_id", "answer"))
    assert answers == {r["question"]: r["answer"] for r in saved}
    assert (attempt.status, attempt.score) == (AttemptStatus.GRADED, 3)


# ---------------------------------------------------------------- a broker outage at submit


def test_submit_answers_202_and_logs_when_the_broker_is_down(
    auto_quiz, student, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    tried = []

    def broker_down(args, **kwargs):
        tried.append(args)
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.grade_attempt_task, "apply_async", broker_down)
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    client = APIClient()
    client.force_authenticate(user=student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/attempts/{attempt.pk}/submit/")
    assert (response.status_code, response.json()["status"]) == (202, AttemptStatus.SUBMITTED)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and tried == [(attempt.pk,)]  # kept for the sweep
    assert f"Could not queue grading of attempt {attempt.pk}" in caplog.text


# ---------------------------------------------------------------- regrading


@pytest.fixture
def choice_quiz(db):
    quiz = QuizFactory()
    question = QuestionData(type="single", prompt="Pick", points=2, choices=[Choice("a", 1), Choice("b", 0)])
    quiz_add_questions(quiz=quiz, questions=[question])
    return quiz


def _answer_b(quiz, django_capture_on_commit_callbacks):
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    question, _entry = attempt_questions(attempt=attempt)[0]
    b = question.options.get(text="b")
    answer = {"choice": shown_id(attempt, b)}
    responses_save(attempt=attempt, student=student, responses=[{"question": question.id, "answer": answer}])
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, now=NOW)
    attempt.refresh_from_db()
    return attempt


def test_changed_keys_regrade_the_quiz_after_commit(choice_quiz, django_capture_on_commit_callbacks):
    attempt = _answer_b(choice_quiz, django_capture_on_commit_callbacks)
    assert attempt.score == 0
    Option.objects.filter(question__quiz=choice_quiz, text="b").update(fraction=1)  # what an admin inline saves
    with django_capture_on_commit_callbacks(execute=True):
        assert quiz_keys_changed(quiz=choice_quiz) is True
        attempt.refresh_from_db()
        assert attempt.score == 0  # not before the commit
    attempt.refresh_from_db()
    assert attempt.score == 2
    assert choice_quiz.grades.get().grade == 100


def test_changed_keys_without_finished_attempts_queue_nothing(choice_quiz, django_capture_on_commit_callbacks):
    attempt_start(student=UserFactory(), quiz=choice_quiz, now=NOW)
    with django_capture_on_commit_callbacks() as callbacks:
        assert quiz_keys_changed(quiz=choice_quiz) is False
    assert callbacks == []  # nothing to do after the commit


def test_regrade_task_reports_changed_scores_and_skips_a_missing_quiz(choice_quiz, django_capture_on_commit_callbacks):
    _answer_b(choice_quiz, django_capture_on_commit_callbacks)
    _answer_b(choice_quiz, django_capture_on_commit_callbacks)
    Option.objects.filter(question__quiz=choice_quiz, text="b").update(fraction=0.5)
    assert tasks.regrade_quiz_task.delay(choice_quiz.pk).get() == 2
    assert tasks.regrade_quiz_task.delay(choice_quiz.pk).get() == 0
    assert tasks.regrade_quiz_task.delay(987654).get() == 0


def test_noop_task_for_benchmarks():
    assert tasks.noop_task.name == "quizzes.noop"
    assert tasks.noop_task.delay().get() is None
