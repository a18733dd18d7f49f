import os

from django.db import connection

from classroom.models import WorkerHeartbeat
from classroom.tasks import worker_heartbeat
from tests.integration.conftest import wait_for


def test_a_real_worker_consumes_a_task_through_redis_and_writes_to_postgresql(celery_worker):
    assert connection.vendor == "postgresql"
    worker_heartbeat.delay()
    beat = wait_for(lambda: WorkerHeartbeat.objects.first(), timeout=90)
    assert beat is not None, "the worker never ran the task"
    assert beat.pid != os.getpid()
    assert beat.pid in _children(celery_worker.pid)


def _children(pid: int) -> set[int]:
    """The worker's pool processes: the task ran in one of them."""
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return {int(p) for p in f.read().split()}
