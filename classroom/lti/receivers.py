"""The score outbox written from the quizzes app's events, in their transaction (quizzes.signals.attempt_events), as
the webhooks' outbox is."""

from classroom.lti.scores import scores_record
from quizzes.models import Response
from quizzes.signals import attempt_events


def attempt_event(sender, *, event: str, ids: list[int], **kwargs) -> None:
    if event == "response.marked":
        ids = list(Response.objects.filter(pk__in=ids).values_list("attempt_id", flat=True).distinct())
    elif event not in ("attempt.graded", "attempt.regraded"):
        return
    scores_record(attempt_ids=ids)


def connect() -> None:
    attempt_events.connect(attempt_event, dispatch_uid="classroom-lti-attempt-events")
