"""What the outboxes (webhook deliveries, LTI scores) share: a worker leases the due rows it will send."""

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


def lease(due: QuerySet, ids: list[int], *, seconds: int) -> list:
    """The rows of `due` among `ids` that no other worker holds, leased for `seconds`: a task delivered twice, or
    running beside the sweep's, sends each row once."""
    with transaction.atomic():
        rows = list(due.filter(pk__in=ids).select_for_update(skip_locked=True, of=("self",)))
        until = timezone.now() + timedelta(seconds=seconds)
        due.model.objects.filter(pk__in=[row.pk for row in rows]).update(leased_until=until)
    return rows
