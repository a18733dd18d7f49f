"""Writes of quiz statistics: computed from the graded attempts (quizzes.selectors.statistics) and stored until the
next graded attempt. A small quiz's are computed on the request that finds them stale; a large quiz's by a worker
(the request gets the stored ones, marked stale, meanwhile)."""

import logging
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from quizzes.models import QuizStatistics
from quizzes.selectors.statistics import statistics_of, statistics_stamp, stored_statistics

logger = logging.getLogger(__name__)

INLINE_ATTEMPTS = 500  # above this many graded attempts, a worker computes the statistics
QUEUED_SECONDS = 600  # one computation queued per quiz at a time


def quiz_statistics_update(*, quiz_id: int) -> QuizStatistics:
    """Compute and store the quiz's statistics, unless those stored are current (so a redelivered task does
    nothing twice)."""
    stamp = statistics_stamp(quiz_id=quiz_id)
    stored = stored_statistics(quiz_id=quiz_id)
    if stored is not None and stored.stamp == stamp:
        return stored
    data = statistics_of(quiz_id=quiz_id)
    stored, _created = QuizStatistics.objects.update_or_create(
        quiz_id=quiz_id, defaults={"stamp": stamp, "data": data, "computed_at": timezone.now()}
    )
    cache.delete(_queued(quiz_id))
    return stored


def quiz_statistics(*, quiz_id: int) -> tuple[QuizStatistics | None, bool]:
    """The quiz's statistics and whether they are current: computed now for a small quiz; for a large one the
    stored ones (or None) while a worker computes the new ones."""
    stamp = statistics_stamp(quiz_id=quiz_id)
    stored = stored_statistics(quiz_id=quiz_id)
    if stored is not None and stored.stamp == stamp:
        return stored, True
    graded = int(stamp.split(":", 1)[0])
    if graded <= INLINE_ATTEMPTS:
        return quiz_statistics_update(quiz_id=quiz_id), True
    transaction.on_commit(partial(_queue, quiz_id))
    return stored, False


def _queued(quiz_id: int) -> str:
    return f"quizzes:statistics-queued:{quiz_id}"


def _queue(quiz_id: int) -> None:
    from quizzes.tasks import compute_statistics_task  # the tasks call these services

    if cache.add(_queued(quiz_id), 1, QUEUED_SECONDS):
        try:
            compute_statistics_task.delay(quiz_id)
        except Exception:
            logger.exception("Could not queue the statistics of quiz %s; the next request retries", quiz_id)
            cache.delete(_queued(quiz_id))
