"""Thin Celery tasks of the briefs app: they take ids and call a service."""

import logging

from celery import shared_task

from briefs import services

logger = logging.getLogger(__name__)


@shared_task(name="briefs.import_garden", acks_late=True)
def import_garden_task(job_id: int) -> None:
    if services.garden_import_run(job_id=job_id) is None:
        logger.warning("Garden import %s does not exist; skipped", job_id)
