"""Thin Celery tasks: ids in, services do the work (they are idempotent, so redelivery is safe)."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from quizzes.models import Quiz
from quizzes.services import attempt_grade, attempts_expire, attempts_requeue_ungraded, quiz_regrade
from quizzes.services.statistics import quiz_statistics_update

logger = logging.getLogger(__name__)


@shared_task(
    name="quizzes.grade_attempt",
    # A database restart or failover is transient: back off (up to 1 s, 2 s, 4 s … 5 min, jittered so a crowd of
    # retries does not arrive at once) for at most about 20 minutes. If that is not enough, the requeue sweep
    # still finds the attempt `submitted`, so nothing is lost.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=12,
)
def grade_attempt_task(attempt_id: int) -> None:
    attempt_grade(attempt_id=attempt_id)


@shared_task(name="quizzes.expire_attempts")
def expire_attempts_task() -> int:
    """Periodic: submit attempts whose time ran out while the student was away."""
    return attempts_expire()


@shared_task(name="quizzes.requeue_ungraded")
def requeue_ungraded_task() -> int:
    """Periodic: queue again the attempts submitted a while ago that nobody graded (a lost message, a broker
    that was down when the student submitted)."""
    return attempts_requeue_ungraded()


@shared_task(name="quizzes.regrade_quiz")
def regrade_quiz_task(quiz_id: int) -> int:
    """After a key changed: re-score every finished attempt of the quiz; returns the scores changed."""
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:
        logger.warning("Quiz %s to regrade does not exist; skipped", quiz_id)
        return 0
    return quiz_regrade(quiz=quiz)


@shared_task(name="quizzes.noop")
def noop_task() -> None:
    """Does nothing. bench/bench_grading.py measures the worker's own cost per task with it."""


@shared_task(name="quizzes.compute_statistics", acks_late=True)
def compute_statistics_task(quiz_id: int) -> None:
    """A large quiz's statistics, stored until its next graded attempt (a stored current set is left alone)."""
    if not Quiz.objects.filter(pk=quiz_id).exists():
        logger.warning("Statistics of quiz %s: no such quiz", quiz_id)
        return
    quiz_statistics_update(quiz_id=quiz_id)
