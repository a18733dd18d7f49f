"""The Celery app. Configuration comes from Django settings prefixed CELERY_."""

import os
import time

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("classroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A connection that served a task this recently needs no health check ("SELECT 1") before the next one.
RECENTLY_USED_SECONDS = 1.0
_last_task_ended = 0.0


@task_prerun.connect
def close_old_connections_before_tasks(sender=None, **kwargs):
    """What Django does before each request: drop connections that broke or outlived CONN_MAX_AGE, and check
    the others (CONN_HEALTH_CHECKS) before their first query. Workers keep their connection between tasks
    (CELERY_DB_REUSE_MAX), so this keeps them healthy. A worker that runs tasks back to back skips the check:
    its connection answered a moment ago, and the check was a second round trip for a short task."""
    if sender is not None and sender.request.is_eager:
        return  # an eager task runs inside its caller's transaction (tests, `make run`)
    from django.db import connections

    recently_used = time.monotonic() - _last_task_ended < RECENTLY_USED_SECONDS
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
        if recently_used:
            connection.health_check_done = True


@task_postrun.connect
def close_broken_connections_after_tasks(sender=None, **kwargs):
    """After a task, as after a request: a connection left in an error state or past its age is closed."""
    global _last_task_ended
    if sender is not None and sender.request.is_eager:
        return
    from django.db import close_old_connections

    close_old_connections()
    _last_task_ended = time.monotonic()
