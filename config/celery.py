"""The Celery app. Configuration comes from Django settings prefixed CELERY_."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("classroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections_around_tasks(sender=None, **kwargs):
    """What Django does around each request: drop connections that broke or outlived CONN_MAX_AGE.
    Workers keep their connection between tasks (CELERY_DB_REUSE_MAX), so this keeps them healthy."""
    if sender is not None and sender.request.is_eager:
        return  # an eager task runs inside its caller's transaction (tests, `make run`)
    from django.db import close_old_connections

    close_old_connections()
