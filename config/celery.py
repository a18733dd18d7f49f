"""The Celery app. Configuration comes from Django settings prefixed CELERY_."""

import logging
import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
logger = logging.getLogger(__name__)

app = Celery("classroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def close_old_connections_before_tasks(sender=None, **kwargs):
    """What Django does before each request: drop connections that broke or outlived CONN_MAX_AGE, and check
    the others (CONN_HEALTH_CHECKS) before their first query. Workers keep their connection between tasks
    (CELERY_DB_REUSE_MAX), so this keeps them healthy."""
    if sender is not None and sender.request.is_eager:
        return  # an eager task runs inside its caller's transaction (tests, `make run`)
    from django.db import close_old_connections

    close_old_connections()


@task_postrun.connect
def close_broken_connections_after_tasks(sender=None, **kwargs):
    """After a task, as after a request: a connection left in an error state or past its age is closed."""
    if sender is not None and sender.request.is_eager:
        return
    from django.db import close_old_connections

    close_old_connections()


def queue_backlog(celery_app) -> int:
    """Tasks waiting in the default queue; 0 when tasks run eagerly (no broker). The sweeps skip a round while
    the workers are behind, rather than queue the same work again."""
    if celery_app.conf.task_always_eager:
        return 0
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=celery_app.conf.task_default_queue).message_count


def queue_in_batches(task, ids: list[int], *, batch: int, countdown: float = 0) -> None:
    """Queue `task` over `ids`, `batch` ids per task. A broker that is down fails no caller: an outbox's rows wait,
    and its sweep queues them once the broker is back."""
    try:
        for start in range(0, len(ids), batch):
            task.apply_async((ids[start : start + batch],), countdown=countdown)
    except Exception:
        logger.exception("Could not queue %s for %s rows; the sweep will", task.name, len(ids))
