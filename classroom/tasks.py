"""Thin Celery tasks: ids in, services do the work."""

import os
import socket
from datetime import date

from celery import group, shared_task
from django.db import DatabaseError
from django.utils import timezone

from classroom import reports, selectors
from classroom.lti.tasks import post_lti_scores, requeue_lti_scores, retire_lti_keys  # noqa: F401 - found by autodiscovery
from classroom.services import (
    class_reports_send,
    notifications_collect,
    notifications_send,
    student_reports_send,
    worker_heartbeat_record,
)
from classroom.webhooks.tasks import deliver_webhooks, requeue_webhooks  # noqa: F401 - found by autodiscovery

# Students per task: large enough that a chunk's fixed statements (6 reads, the insert, 4 per batch of
# REPORT_SEND_BATCH emails, BEGIN/COMMIT included) stay well within 50 per 1,000 students; small enough that a
# chunk (about 10-20 s of charts and emails) is far below the task time limit.
STUDENT_CHUNK = 1000
CLASS_CHUNK = 50
# A database hiccup retries the chunk; the services skip what was already sent, so a retry is safe.
RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


@shared_task(name="classroom.worker_heartbeat")
def worker_heartbeat() -> None:
    worker_heartbeat_record(hostname=socket.gethostname(), pid=os.getpid())


@shared_task(name="classroom.send_progress_reports")
def send_progress_reports(period_start: str | None = None) -> dict:
    """Weekly (beat, Monday 07:00): the reports of the last full week, or of the week starting `period_start`
    (YYYY-MM-DD; any day stands for its week), fanned out in chunks of students and of classes."""
    start = reports.week_start(date.fromisoformat(period_start)) if period_start else None
    start = start or reports.last_full_week(timezone.localdate())
    student_ids, classroom_ids = selectors.report_student_ids(), selectors.report_classroom_ids()
    student_chunks = _chunks(student_ids, STUDENT_CHUNK)
    class_chunks = _chunks(classroom_ids, CLASS_CHUNK)
    # Not inside a request or a transaction: nothing to wait for, so queued at once rather than on commit.
    tasks = [send_student_reports.si(chunk, start.isoformat()) for chunk in student_chunks]
    tasks += [send_class_reports.si(chunk, start.isoformat()) for chunk in class_chunks]
    if tasks:
        group(tasks).apply_async()
    return {"period_start": start.isoformat(), "students": len(student_ids), "classes": len(classroom_ids),
            "student_chunks": len(student_chunks), "class_chunks": len(class_chunks)}  # fmt: skip


@shared_task(name="classroom.send_student_reports", **RETRY)
def send_student_reports(student_ids: list[int], period_start: str) -> int:
    return student_reports_send(student_ids=student_ids, period_start=date.fromisoformat(period_start))


@shared_task(name="classroom.send_class_reports", **RETRY)
def send_class_reports(classroom_ids: list[int], period_start: str) -> int:
    return class_reports_send(classroom_ids=classroom_ids, period_start=date.fromisoformat(period_start))


@shared_task(name="classroom.send_notifications", **RETRY)
def send_notifications() -> dict:
    """Every minute (beat): store the events not yet stored, then email what is unsent. Both steps skip what is
    done, so a retry, an overlap or a run after an outage sends nothing twice."""
    return {"stored": notifications_collect(), "sent": notifications_send()}


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
