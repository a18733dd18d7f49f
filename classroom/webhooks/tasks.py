"""Thin Celery tasks for webhooks: ids in, the services do the work (and skip what is already done)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from classroom.webhooks.services import webhook_deliveries_requeue, webhook_deliveries_send


@shared_task(
    name="classroom.deliver_webhooks",
    # A database hiccup: back off and try again; the deliveries stay leased meanwhile, then the sweep has them.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def deliver_webhooks(delivery_ids: list[int]) -> int:
    return webhook_deliveries_send(ids=delivery_ids)


@shared_task(name="classroom.requeue_webhooks")
def requeue_webhooks() -> int:
    """Periodic (beat, every minute): queue again the deliveries that are due and that no worker holds."""
    return webhook_deliveries_requeue()
