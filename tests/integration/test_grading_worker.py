"""Grading through Redis by real worker processes: every submission is graded exactly once, through worker
crashes and a broker outage.

"Exactly once" is counted, not assumed: attempt_grade logs "Graded attempt N" only when it actually grades (a
second delivery finds the attempt graded and does nothing), and the workers write their logs to a file that the
tests read. A broken state guard, or a message lost for good, fails these tests."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from config.celery import app as celery_app
from quizzes.models import Attempt, AttemptStatus, Response
from quizzes.services import (
    attempt_start,
    attempt_submit,
    attempts_requeue_ungraded,
    quiz_add_questions,
    responses_save,
)
from quizzes.services.grading import GRADING_BATCH
from quizzes.tasks import grade_attempt_task
from quizzes.types import Choice, NumericAnswer, QuestionData
from tests.factories import UserFactory
from tests.integration.conftest import ROOT, free_port, redis_server, terminate, wait_for, worker_env
from tests.quizzes.factories import QuizFactory, key_responses

User = get_user_model()
GRADED_LINE = re.compile(r"Graded attempt (\d+): ")
QUESTIONS = [
    QuestionData(
        type="single", prompt="Who replaced Khrushchev?", choices=[Choice("Brezhnev", 1), Choice("Suslov", 0)]
    ),
    QuestionData(
        type="multiple", prompt="Anti-Party Group?", choices=[Choice("Malenkov", 0.5), Choice("Molotov", 0.5)]
    ),
    QuestionData(type="true_false", prompt="Hungary succeeded.", correct=False),
    QuestionData(type="numerical", prompt="Secret Speech year?", numeric=[NumericAnswer(value=1956)]),
]


# ---------------------------------------------------------------- workers that log to a file


class Workers:
    """Starts `celery worker` processes whose output goes to one log file (a pipe nobody reads would fill up
    and stall a busy worker) and makes sure none outlives the test."""

    def __init__(self, log: Path):
        self.log = log
        self.procs: list[subprocess.Popen] = []
        self.orphans: set[int] = set()

    def start(self, **env: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2",
               "--pool=prefork", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
        with self.log.open("ab") as out:
            env = worker_env(**{"DJANGO_DEBUG": "false", **env})  # as in production: DEBUG keeps every query
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        terminate(proc, timeout=30)

    def graded(self) -> Counter:
        """How many times each attempt id was graded, according to the workers' logs."""
        return Counter(int(m) for m in GRADED_LINE.findall(self.log.read_text(errors="replace")))

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                self.stop(proc)
        for pid in self.orphans:
            _kill(pid)


@pytest.fixture
def workers(broker, tmp_path):
    workers = Workers(tmp_path / "worker.log")
    yield workers
    workers.close()  # before the database is flushed: a worker holding a lock would block it
    print(workers.log.read_text(errors="replace")[-3000:])


def _pool_children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def _kill(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------- submissions through the services


def _quiz(slug: str):
    quiz = QuizFactory(slug=slug, title=slug)
    quiz_add_questions(quiz=quiz, questions=QUESTIONS)
    return quiz


def _answered_attempts(quiz, count: int) -> list[Attempt]:
    """`count` students, each with an attempt holding the key answer to every question (full marks)."""
    attempts = []
    with transaction.atomic():  # one commit, not a few per attempt: setting up is not what is tested
        for student in UserFactory.create_batch(count):
            attempt = attempt_start(student=student, quiz=quiz)
            responses_save(attempt=attempt, student=student, responses=key_responses(attempt))
            attempts.append(attempt)
    return attempts


def _submit_all(attempts: list[Attempt]) -> list[int]:
    """Submit through the service, one request's worth each: grading is queued on commit, through Redis."""
    for attempt in attempts:
        attempt_submit(attempt=attempt)
    return [a.id for a in attempts]


def _bulk_submitted(quiz, count: int) -> list[int]:
    """`count` submitted attempts copied in bulk from one made through the services (same layout, same key
    answers), each queued for grading as a submit queues it. The crash tests need many attempts in the queue,
    not the cost of making each one by hand."""
    template = _answered_attempts(quiz, 1)[0]
    answers = list(template.responses.values_list("question_id", "answer", "points"))
    prefix = f"{quiz.slug}-student"
    students = User.objects.bulk_create(
        User(username=f"{prefix}-{i}", email=f"{prefix}-{i}@example.org") for i in range(count)
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(student=student, quiz=quiz, number=1, status=AttemptStatus.SUBMITTED, started_at=now,
                submitted_at=now, layout=template.layout, max_score=template.max_score)
        for student in students
    )  # fmt: skip
    Response.objects.bulk_create(
        Response(attempt=attempt, question_id=question_id, answer=answer, points=points)
        for attempt in attempts
        for question_id, answer, points in answers
    )
    for attempt in attempts:
        grade_attempt_task.delay(attempt.id)
    return [a.id for a in attempts]


def _graded_count(ids: list[int]) -> int:
    return Attempt.objects.filter(id__in=ids, status=AttemptStatus.GRADED).count()


def _assert_graded_with_full_marks(ids: list[int]) -> None:
    rows = list(Attempt.objects.filter(id__in=ids).values_list("status", "score", "max_score", "graded_at"))
    assert len(rows) == len(ids)
    assert {(status, score == max_score > 0) for status, score, max_score, _at in rows} == {("graded", True)}
    assert all(graded_at is not None for *_rest, graded_at in rows)
    assert Response.objects.filter(attempt_id__in=ids).count() == len(ids) * len(QUESTIONS)


# ---------------------------------------------------------------- the tests


def test_200_submissions_are_each_graded_exactly_once_by_a_worker(workers):
    worker = workers.start()
    ids = _submit_all(_answered_attempts(_quiz("grading-200"), 200))
    for attempt_id in ids:  # every message delivered twice, as a redelivery would: the second must change nothing
        grade_attempt_task.delay(attempt_id)
    assert wait_for(lambda: _graded_count(ids) == len(ids), timeout=180), f"graded {_graded_count(ids)} of 200"
    workers.stop(worker)
    _assert_graded_with_full_marks(ids)
    assert workers.graded() == Counter(ids)  # every attempt graded once, none twice


@pytest.mark.parametrize("victim", ["main process", "pool child"])
def test_a_worker_killed_mid_grading_loses_nothing_and_grades_nothing_twice(workers, victim):
    # Enough attempts that some are left when the worker stops: a task grades up to GRADING_ROUNDS + 1 batches,
    # and a warm shutdown lets the running ones finish.
    ids = _bulk_submitted(_quiz(f"grading-kill-{victim.split()[-1]}"), 3000)
    # Short visibility timeout: the messages a killed main process held come back seconds after, not an hour.
    worker = workers.start(CELERY_VISIBILITY_TIMEOUT="4")
    assert wait_for(lambda: _graded_count(ids) >= 50, timeout=120, interval=0.05), "grading never started"
    children = _pool_children(worker.pid)
    if victim == "main process":
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        workers.orphans.update(children)  # the pool children are not ours to wait for any more
        time.sleep(5)  # past the visibility timeout: the restarted worker restores the killed one's messages
    else:
        os.kill(children[0], signal.SIGKILL)  # the worker sees it lost, rejects the task: it goes back to the queue
        killed_at = _graded_count(ids)
        assert wait_for(lambda: _graded_count(ids) >= killed_at + 20, timeout=60), "the worker did not go on"
        workers.stop(worker)
    graded_before_restart = _graded_count(ids)
    assert graded_before_restart < len(ids), "the kill came too late to test anything"
    workers.start(CELERY_VISIBILITY_TIMEOUT="4")

    def all_graded_after_sweeps() -> bool:
        """What beat does every minute, every 2 s: a message the kill caught in flight between the queue and
        Redis's unacknowledged set is gone for good, and only the sweep brings its attempt back."""
        if _graded_count(ids) == len(ids):
            return True
        attempts_requeue_ungraded(older_than=timedelta(seconds=5))
        return False

    assert wait_for(all_graded_after_sweeps, timeout=240, interval=2), f"graded {_graded_count(ids)} of 3000"
    workers.close()
    _assert_graded_with_full_marks(ids)
    counts = workers.graded()
    assert max(counts.values()) == 1, "an attempt was graded twice"
    # The kill may land between a grading's commit and its log lines, so the attempts of one grading per pool
    # child can go unlogged (a grading commits a batch of up to GRADING_BATCH together, and the worker runs two
    # children): they are still graded (checked above), and a second grading of any of them would have been
    # logged; what must never happen is that.
    assert len(set(ids) - set(counts)) <= 2 * GRADING_BATCH
    assert set(counts) <= set(ids)


@contextmanager
def _publishing_to(url: str):
    """Point this process's Celery app (the submitting side) at another broker. `broker_write_url`, because the
    CELERY_BROKER_URL environment variable outranks `broker_url` in the app's configuration."""

    def switch(to: str | None) -> None:
        celery_app.conf.broker_write_url = to
        # Kombu keeps connection and producer pools per URL: drop the app's references, not the pools, so that
        # switching back finds the original ones still open.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(None)


def test_submissions_while_the_broker_is_down_are_kept_and_graded_once_it_is_back(workers):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    attempts = _answered_attempts(_quiz("grading-broker-down"), 50)
    ids = [a.id for a in attempts]
    redis = redis_server(port)
    try:
        with _publishing_to(url):
            redis.terminate()
            redis.wait(timeout=10)
            timings = []
            for attempt in attempts:
                client = APIClient()
                client.force_authenticate(user=attempt.student)
                started = time.monotonic()
                response = client.post(f"/api/v1/attempts/{attempt.id}/submit/")
                timings.append(time.monotonic() - started)
                assert response.status_code == 202, response.content
            assert max(timings) < 2, f"a submit took {max(timings):.1f} s with the broker down"
            assert Attempt.objects.filter(id__in=ids, status=AttemptStatus.SUBMITTED).count() == 50  # none lost

            redis = redis_server(port)  # the broker is back, empty: every message queued while it was down is gone
            workers.start(CELERY_BROKER_URL=url)
            assert attempts_requeue_ungraded(older_than=timedelta(0)) == 50  # what the periodic sweep does
            assert wait_for(lambda: _graded_count(ids) == 50, timeout=60), f"graded {_graded_count(ids)} of 50"
            workers.close()
    finally:
        redis.terminate()
        redis.wait(timeout=10)
    _assert_graded_with_full_marks(ids)
    assert workers.graded() == Counter(ids)
