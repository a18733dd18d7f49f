"""/healthz: is the database reachable, and the broker (when there is one)?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from classroom.models import WorkerHeartbeat
from config.celery import app as celery_app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any failure means unhealthy; say which
        return f"error: {exc.__class__.__name__}"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _worker_seen() -> str | None:
    """When a worker last ran the heartbeat task: informative, not part of the verdict."""
    try:
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except Exception:
        return None
    return last.isoformat() if last else None


@never_cache
def healthz(request):
    checks = {"database": _database(), "broker": _broker()}
    healthy = all(v in ("ok", "eager") for v in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    if checks["database"] == "ok":
        body["worker_seen_at"] = _worker_seen()
    return JsonResponse(body, status=200 if healthy else 503)
