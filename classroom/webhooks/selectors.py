"""Reads of webhooks: the endpoints an event goes to, what is due, and what a user may see."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_for(*, event: str) -> list[WebhookEndpoint]:
    """Active endpoints that want `event`. Filtered here rather than in SQL: JSON containment differs between
    PostgreSQL and SQLite, and endpoints are few."""
    return [e for e in WebhookEndpoint.objects.filter(active=True).order_by("id") if event in e.events]


def due(*, now: datetime, grace: timedelta = timedelta(0)) -> QuerySet[WebhookDelivery]:
    """Pending deliveries whose time came `grace` ago or more, of active endpoints, that no worker holds."""
    return (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now - grace)
        .filter(endpoint__active=True)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .select_related("endpoint")
        .order_by("next_attempt_at", "id")
    )


def endpoints_visible(*, user) -> QuerySet[WebhookEndpoint]:
    """Admins: every endpoint. Teachers: those of the classes they teach. Anyone else: none."""
    endpoints = WebhookEndpoint.objects.select_related("classroom", "owner").order_by("id")
    if user.is_superuser:
        return endpoints
    if getattr(user, "is_teacher", False):
        return endpoints.filter(classroom__teachers=user)
    return endpoints.none()


def deliveries_visible(*, user) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.select_related("endpoint").order_by("-id")
    if user.is_superuser:
        return deliveries
    if getattr(user, "is_teacher", False):
        return deliveries.filter(endpoint__classroom__teachers=user)
    return deliveries.none()
