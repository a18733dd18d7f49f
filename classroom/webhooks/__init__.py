"""Webhooks (Standard Webhooks): endpoints that other systems register, an outbox of deliveries written in the
event's own transaction, and Celery tasks that deliver them, signed, with retries for 24 h. docs/webhooks.md."""
