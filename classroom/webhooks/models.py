"""Webhook endpoints and their deliveries (the outbox). Imported by classroom.models, so they are the classroom
app's models and its migrations."""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classroom.webhooks.policy import EVENTS

EVENT_CHOICES = [(e, e) for e in EVENTS]
HTTP_ONLY = URLValidator(schemes=["http", "https"])


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    """A URL that receives the events it chose. With a class, only that class's events (a teacher's endpoint);
    without one, every event (an admin's)."""

    url = models.URLField(_("URL"), max_length=500, validators=[HTTP_ONLY])
    events = models.JSONField(_("events"), default=list, help_text=_("Event types to send, e.g. attempt.graded."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    classroom = models.ForeignKey(
        "classroom.Classroom", on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_endpoints"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints")
    # Kept as given: signing needs the key itself, so it cannot be hashed like a password.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: written in the event's transaction, sent until it succeeds or 24 h pass."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(_("webhook-id"), max_length=40, unique=True, default=new_message_id)
    event = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker that took the delivery holds it until then; after, the sweep may hand it to another (a lost task).
    leased_until = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("time taken (ms)"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retry_until = models.DateTimeField(_("retried until"))  # 24 h after it was written, or sent again
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"
