"""Thin Celery tasks for LTI: scores (ids in, the services do the work and skip what is already sent) and keys."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from classroom.lti.scores import scores_requeue, scores_send
from classroom.lti.services import keys_retire


@shared_task(
    name="classroom.post_lti_scores",
    # A database hiccup: back off and try again; the scores stay leased meanwhile, then the sweep has them.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def post_lti_scores(score_ids: list[int]) -> int:
    return scores_send(ids=score_ids)


@shared_task(name="classroom.requeue_lti_scores")
def requeue_lti_scores() -> int:
    """Periodic (beat, every minute): queue again the scores that are due and that no worker holds."""
    return scores_requeue()


@shared_task(name="classroom.retire_lti_keys")
def retire_lti_keys() -> int:
    """Periodic (beat, hourly): unpublish the keys replaced more than LTI_KEY_RETIRE_AFTER ago."""
    return keys_retire()
