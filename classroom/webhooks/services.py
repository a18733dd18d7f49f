"""Writes of webhooks: endpoints registered, the outbox written in the event's transaction, deliveries sent and
their outcome recorded, the sweep that re-queues what a lost task or a broker outage left, "send again"."""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Classroom, User
from classroom.webhooks import events, policy, selectors, sender, signing
from classroom.webhooks.models import HTTP_ONLY, WebhookDelivery, WebhookEndpoint
from config.celery import queue_backlog, queue_in_batches
from config.outbox import lease

logger = logging.getLogger(__name__)
Status = WebhookDelivery.Status
TASK_BATCH = 100  # deliveries per queued task
CLAIM = 25  # deliveries one worker takes (and leases) at a time
SENDERS = 8  # threads posting a claim's deliveries at once
SWEEP_GRACE = timedelta(seconds=30)  # a delivery due this long, and not leased, was lost: queue it again


# ---------------------------------------------------------------- endpoints


@transaction.atomic
def webhook_endpoint_create(
    *, owner: User, url: str, events: list[str], classroom: Classroom | None = None, description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint. Admins may listen to everything; a teacher only to a class they teach. The secret is
    on the returned object: callers show it once, and nothing reads it back to a user afterwards."""
    if not owner.is_superuser and (classroom is None or not classroom.teachers.filter(pk=owner.pk).exists()):
        raise PermissionDenied(_("Only an admin, or a teacher of the class, can register a webhook for it."))
    try:
        HTTP_ONLY(url)
    except ValidationError as exc:
        raise ValidationError(_("The URL must be an http or https address, e.g. https://lms.example.org/in.")) from exc
    unknown = sorted(set(events) - set(policy.EVENTS))
    if unknown or not events:
        raise ValidationError(_("Choose events among: %(events)s.") % {"events": ", ".join(policy.EVENTS)})
    endpoint = WebhookEndpoint(
        owner=owner, url=url, events=sorted(set(events)), classroom=classroom, description=description,
        secret=signing.new_secret(),
    )  # fmt: skip
    endpoint.full_clean()
    endpoint.save()
    return endpoint


# ---------------------------------------------------------------- the outbox


def webhook_event_record(*, event: str, ids: list[int], now: datetime | None = None) -> list[int]:
    """Write a delivery per event and endpoint that wants it, in the caller's transaction, and queue them once it
    commits. Nothing is queried beyond the endpoints when nobody listens."""
    endpoints = selectors.endpoints_for(event=event)
    if not endpoints or not ids:
        return []
    now = now or timezone.now()
    class_ids = {e.classroom_id for e in endpoints if e.classroom_id}
    rows = [
        WebhookDelivery(
            endpoint=endpoint, event=event, created_at=now, next_attempt_at=now, retry_until=now + policy.RETRY_FOR,
            payload={"type": event, "timestamp": now.isoformat(), "data": item.data},
        )
        for item in events.items(event, ids, classroom_ids=class_ids)
        for endpoint in endpoints
        if endpoint.classroom_id is None or endpoint.classroom_id in item.classroom_ids
    ]  # fmt: skip
    created = [d.pk for d in WebhookDelivery.objects.bulk_create(rows, batch_size=500)]
    transaction.on_commit(partial(queue_deliveries, created))
    return created


def queue_deliveries(ids: list[int], countdown: float = 0) -> None:
    """Queue the sending, a task per TASK_BATCH (a broker that is down fails nobody's request)."""
    from classroom.webhooks.tasks import deliver_webhooks  # the tasks call these services

    queue_in_batches(deliver_webhooks, ids, batch=TASK_BATCH, countdown=countdown)


def webhook_deliveries_requeue(*, older_than: timedelta = SWEEP_GRACE, now: datetime | None = None) -> int:
    """The sweep (beat, every minute): deliveries due `older_than` ago that no worker holds were lost (a task that
    never ran, a worker killed, a broker that was down, a retry further off than a message may wait)."""
    from classroom.webhooks.tasks import deliver_webhooks

    if backlog := queue_backlog(deliver_webhooks.app):
        logger.info("Webhook sweep skipped: %s tasks are still waiting", backlog)  # what waits will be sent
        return 0
    now = now or timezone.now()
    ids = list(selectors.due(now=now, grace=older_than).values_list("id", flat=True))
    queue_deliveries(ids)
    if ids:
        logger.warning("Re-queued %s webhook deliveries", len(ids))
    return len(ids)


# ---------------------------------------------------------------- sending


def webhook_deliveries_send(*, ids: list[int]) -> int:
    """Send the due, pending deliveries among `ids`, CLAIM at a time. A delivery another worker holds, or one
    already delivered, is skipped: a redelivered task sends nothing twice (but for a worker that dies between a
    receiver's 200 and recording it: at least once, and the webhook-id lets the receiver drop the repeat)."""
    sent = 0
    # Waiting on receivers, not computing: a slow receiver (up to the 5 s timeout) must not hold up the others.
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        for start in range(0, len(ids), CLAIM):
            claimed = _claim(ids[start : start + CLAIM])
            outcomes = list(zip(claimed, pool.map(_send, claimed), strict=True))
            _record(outcomes)
            sent += sum(result.ok for _d, result in outcomes)
    return sent


def _claim(ids: list[int]) -> list[WebhookDelivery]:
    return lease(selectors.due(now=timezone.now()), ids, seconds=settings.WEBHOOK_LEASE_SECONDS)


def _send(delivery: WebhookDelivery) -> sender.Result:
    data = signing.body(delivery.payload)
    stamp = int(time.time())
    endpoint = delivery.endpoint
    headers = signing.headers(secret=endpoint.secret, msg_id=delivery.message_id, timestamp=stamp, data=data)
    return sender.post(endpoint.url, data=data, headers=headers, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)


@transaction.atomic
def _record(outcomes: list[tuple[WebhookDelivery, sender.Result]]) -> None:
    now = timezone.now()
    retry = []
    for delivery, result in outcomes:
        delivery.attempts += 1
        delivery.response_code, delivery.duration_ms, delivery.last_error = (
            result.status,
            result.duration_ms,
            result.error,
        )
        delivery.leased_until = None
        if result.ok:
            delivery.status, delivery.delivered_at = Status.DELIVERED, now
        elif now >= delivery.retry_until:
            delivery.status = Status.FAILED
        else:
            delay = policy.retry_delay(delivery.attempts)
            delivery.next_attempt_at = now + timedelta(seconds=delay)
            retry.append((delivery.pk, delay))
    fields = ["attempts", "response_code", "duration_ms", "last_error", "leased_until", "status", "delivered_at",
              "next_attempt_at"]  # fmt: skip
    WebhookDelivery.objects.bulk_update([d for d, _r in outcomes], fields)
    _endpoints_health(outcomes, now)
    for pk, delay in retry:
        if delay < 600:  # a longer wait is the sweep's: a Redis message should not wait past its visibility timeout
            transaction.on_commit(partial(queue_deliveries, [pk], delay))


def _endpoints_health(outcomes: list[tuple[WebhookDelivery, sender.Result]], now: datetime) -> None:
    """An endpoint that answers is healthy again; one that has failed for RETRY_FOR is disabled, its owner told."""
    ok = {d.endpoint_id for d, r in outcomes if r.ok}
    failed = {d.endpoint_id for d, r in outcomes if not r.ok} - ok
    WebhookEndpoint.objects.filter(pk__in=ok, failing_since__isnull=False).update(failing_since=None)
    WebhookEndpoint.objects.filter(pk__in=failed, failing_since__isnull=True).update(failing_since=now)
    dead = WebhookEndpoint.objects.filter(pk__in=failed, active=True, failing_since__lte=now - policy.RETRY_FOR)
    for endpoint in dead.select_related("owner").select_for_update(of=("self",)):
        webhook_endpoint_disable(endpoint=endpoint, now=now)


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, now: datetime | None = None) -> None:
    endpoint.active, endpoint.disabled_at = False, now or timezone.now()
    endpoint.save(update_fields=["active", "disabled_at"])
    if endpoint.owner.email:
        transaction.on_commit(partial(_tell_owner, endpoint))


def _tell_owner(endpoint: WebhookEndpoint) -> None:
    subject = _("Webhook endpoint disabled: %(url)s") % {"url": endpoint.url}
    body = _(
        "Every delivery to %(url)s has failed for 24 hours, so it was disabled. Its undelivered events are kept: "
        "enable it again in the admin once it answers, and they will be sent."
    ) % {"url": endpoint.url}
    send_mail(subject, body, None, [endpoint.owner.email], fail_silently=True)


# ---------------------------------------------------------------- send again


@transaction.atomic
def webhook_delivery_resend(*, deliveries) -> list[int]:
    """ "Send again" (admin, API): the same message (same webhook-id, so a receiver that has it may drop it),
    retried for another 24 h."""
    now = timezone.now()
    ids = [d.pk for d in deliveries]
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=Status.PENDING, next_attempt_at=now, retry_until=now + policy.RETRY_FOR, leased_until=None
    )
    transaction.on_commit(partial(queue_deliveries, ids))
    return ids


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()  # its deliveries with it: the log of an endpoint that no longer exists helps nobody


@transaction.atomic
def webhook_endpoint_enable(*, endpoint: WebhookEndpoint) -> None:
    """Enabled again (the admin): its failures start counting afresh, and what waited is sent."""
    endpoint.active, endpoint.failing_since, endpoint.disabled_at = True, None, None
    endpoint.save(update_fields=["active", "failing_since", "disabled_at"])
    webhook_deliveries_requeue_for(endpoint=endpoint)


def webhook_deliveries_requeue_for(*, endpoint: WebhookEndpoint) -> None:
    ids = list(endpoint.deliveries.filter(status=Status.PENDING).values_list("id", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now(), leased_until=None)
    transaction.on_commit(partial(queue_deliveries, ids))
