"""Notification emails through an outbox: each event becomes one unique (student, kind, key) row, then each row is
emailed and marked sent under its row lock. A retry, a second worker or a run after a broker outage finds the
rows already there (no second row) or already sent (no second email).

The one window left: a worker killed after the mail server took a message and before its row is marked sent
re-sends that one message (as every outbox does: SMTP has no transactions)."""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom import notification_email
from classroom.models import Notification, NotificationKind, NotificationOptOut, User
from classroom.selectors.notifications import notification_events

logger = logging.getLogger(__name__)
MESSAGE_ID_DOMAIN = "notifications.classroom"


def notifications_collect(*, now: datetime | None = None) -> int:
    """Store a row for each event not yet stored whose kind the student has on. Returns how many were new."""
    now = now or timezone.now()
    events = notification_events(now=now)
    student_ids = {e.student_id for e in events}
    existing = set(
        Notification.objects.filter(student_id__in=student_ids, key__in={e.key for e in events}).values_list(
            "student_id", "kind", "key"
        )
    )
    off = set(NotificationOptOut.objects.filter(user_id__in=student_ids).values_list("user_id", "kind"))
    fresh = [e for e in events if (e.student_id, e.kind, e.key) not in existing and (e.student_id, e.kind) not in off]
    users = User.objects.in_bulk({e.student_id for e in fresh})
    rows = [_row(event, users[event.student_id], now) for event in fresh]
    # ON CONFLICT DO NOTHING on the unique key: two runs at once store each event once.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def _row(event, student: User, now: datetime) -> Notification:
    subject, text = notification_email.compose(
        kind=event.kind,
        context=event.context,
        name=student.first_name or student.username,
        site_url=settings.SITE_URL,
        unsubscribe_url=unsubscribe_url(user_id=student.pk, kind=event.kind),
    )
    return Notification(
        student=student, kind=event.kind, key=event.key, subject=subject[:255], text=text, created_at=now
    )


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = notification_email.unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("unsubscribe", args=[token])


def notifications_send(*, limit: int = 1000) -> int:
    """Email the unsent rows, oldest first, one per transaction. skip_locked (PostgreSQL): a second worker takes
    the next row rather than waiting for this one. A row that fails stays unsent for the next run."""
    sent, failed = 0, []
    with get_connection() as connection:
        for _n in range(limit):
            with transaction.atomic():
                row = (
                    Notification.objects.filter(sent_at=None)
                    .exclude(pk__in=failed)
                    .select_related("student")
                    .select_for_update(skip_locked=True, of=("self",))
                    .order_by("id")
                    .first()
                )
                if row is None:
                    break
                if not _send(row, connection):
                    failed.append(row.pk)
                    continue
                Notification.objects.filter(pk=row.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


def _send(row: Notification, connection) -> bool:
    url = unsubscribe_url(user_id=row.student_id, kind=row.kind)
    # The Message-ID is the row's: the one copy a kill may re-send (see the module docstring) is the same message,
    # which mail clients show once.
    headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
               "Message-ID": f"<notification.{row.pk}.{row.student_id}@{MESSAGE_ID_DOMAIN}>"}  # fmt: skip
    message = EmailMessage(row.subject, row.text, to=[row.student.email], headers=headers, connection=connection)
    try:
        return message.send() == 1
    except Exception:
        logger.exception("Could not email notification %s to user %s", row.pk, row.student_id)
        return False


@transaction.atomic
def notification_settings_set(*, user: User, enabled: Iterable[str]) -> None:
    """Switch on exactly the kinds in `enabled`, the others off."""
    enabled = set(enabled)
    unknown = enabled - set(NotificationKind.values)
    if unknown:
        raise ValidationError(_("Unknown kinds of notification: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})
    NotificationOptOut.objects.filter(user=user, kind__in=enabled).delete()
    off = [NotificationOptOut(user=user, kind=kind) for kind in NotificationKind.values if kind not in enabled]
    NotificationOptOut.objects.bulk_create(off, ignore_conflicts=True)


def notification_switch_off(*, user_id: int, kind: str) -> bool:
    """One kind off (an unsubscribe link). False when the user or kind does not exist."""
    if kind not in NotificationKind.values or not User.objects.filter(pk=user_id).exists():
        return False
    NotificationOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return True
