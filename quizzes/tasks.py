"""Thin Celery tasks: ids in, services do the work (they are idempotent, so redelivery is safe)."""

import logging

from celery import shared_task

from quizzes.models import Quiz
from quizzes.services import attempt_grade, attempts_expire, quiz_regrade

logger = logging.getLogger(__name__)


@shared_task(name="quizzes.grade_attempt")
def grade_attempt_task(attempt_id: int) -> None:
    attempt_grade(attempt_id=attempt_id)


@shared_task(name="quizzes.expire_attempts")
def expire_attempts_task() -> int:
    """Periodic: submit attempts whose time ran out while the student was away."""
    return attempts_expire()


@shared_task(name="quizzes.regrade_quiz")
def regrade_quiz_task(quiz_id: int) -> int:
    """After a key changed: re-score every finished attempt of the quiz; returns the scores changed."""
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:
        logger.warning("Quiz %s to regrade does not exist; skipped", quiz_id)
        return 0
    return quiz_regrade(quiz=quiz)
