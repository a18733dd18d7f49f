"""Thin Celery tasks: ids in, services do the work (they are idempotent, so redelivery is safe)."""

from celery import shared_task

from quizzes.services import attempt_grade, attempts_expire


@shared_task(name="quizzes.grade_attempt")
def grade_attempt_task(attempt_id: int) -> None:
    attempt_grade(attempt_id=attempt_id)


@shared_task(name="quizzes.expire_attempts")
def expire_attempts_task() -> int:
    """Periodic: submit attempts whose time ran out while the student was away."""
    return attempts_expire()
