"""The outbox written from the quizzes app's events, in their transaction (quizzes.signals.attempt_events)."""

from classroom.webhooks.services import webhook_event_record
from quizzes.signals import attempt_events


def attempt_event(sender, *, event: str, ids: list[int], **kwargs) -> None:
    webhook_event_record(event=event, ids=ids)


def connect() -> None:
    attempt_events.connect(attempt_event, dispatch_uid="classroom-webhooks-attempt-events")
