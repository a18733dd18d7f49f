"""The outbox of grades for the LMS (Assignment and Grade Services): a row per attempt, line item and grade version,
written in the grading's own transaction; Celery posts it with the library's AGS client, retries with backoff, and
the sweep queues again what was lost. Retry delays and the broker backlog check are the webhooks' (one policy)."""

import logging
from datetime import datetime, timedelta
from functools import partial

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiResourceLink
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem

from classroom.lti import selectors, tool
from classroom.lti.models import LtiGradeLink, LtiScore
from classroom.webhooks.policy import retry_delay
from config.celery import queue_backlog, queue_in_batches
from config.outbox import lease
from quizzes.models import AttemptStatus

logger = logging.getLogger(__name__)
Status = LtiScore.Status
TASK_BATCH = 50
SWEEP_GRACE = timedelta(seconds=30)  # a score due this long, and held by no worker, was lost: queue it again
FAILURES = (LtiException, LtiServiceException, requests.RequestException, ValueError)


def scores_record(*, attempt_ids: list[int], now: datetime | None = None) -> list[int]:
    """In the caller's (the grading's) transaction: a score per graded attempt launched from an LMS link, unless the
    grade the platform last got from us is the same. Queued once the transaction commits."""
    pairs = selectors.attempts_with_links(attempt_ids=attempt_ids)
    if not pairs:
        return []
    now = now or timezone.now()
    last = selectors.last_scores(attempt_ids=[a.pk for a, _link in pairs])
    rows = []
    for attempt, link in pairs:
        graded = attempt.status == AttemptStatus.GRADED
        given, progress = (attempt.score if graded else None), ("FullyGraded" if graded else "PendingManual")
        previous = last.get((attempt.pk, link.pk))
        if previous and (previous.score_given, previous.grading_progress) == (given, progress):
            continue  # the same grade again (an event sent twice): nothing new for the platform
        rows.append(LtiScore(
            link=link, attempt=attempt, version=previous.version + 1 if previous else 1, score_given=given,
            score_maximum=attempt.max_score or 0, grading_progress=progress, timestamp=now, next_attempt_at=now,
            retry_until=now + settings.LTI_SCORE_RETRY_FOR,
        ))  # fmt: skip
    ids = [s.pk for s in LtiScore.objects.bulk_create(rows)]
    transaction.on_commit(partial(queue_scores, ids))
    return ids


def queue_scores(ids: list[int], countdown: float = 0) -> None:
    """Queue the posting, a task per TASK_BATCH (a broker that is down fails nobody's grading)."""
    from classroom.lti.tasks import post_lti_scores  # the tasks call these services

    queue_in_batches(post_lti_scores, ids, batch=TASK_BATCH, countdown=countdown)


def scores_requeue(*, older_than: timedelta = SWEEP_GRACE, now: datetime | None = None) -> int:
    """The sweep (beat, every minute): scores due `older_than` ago that no worker holds."""
    from classroom.lti.tasks import post_lti_scores

    if backlog := queue_backlog(post_lti_scores.app):
        logger.info("LTI score sweep skipped: %s tasks are still waiting", backlog)
        return 0
    ids = list(selectors.scores_due(now=(now or timezone.now()) - older_than).values_list("id", flat=True))
    queue_scores(ids)
    return len(ids)


def scores_send(*, ids: list[int]) -> int:
    """Post the due, pending scores among `ids`. One held by another worker, or already sent, is skipped: a task
    delivered twice posts nothing twice (and a repeat after a lost answer carries the same score and timestamp)."""
    claimed = _claim(ids)
    outcomes = [(score, _post(score)) for score in claimed]
    _record(outcomes)
    return sum(error is None for _s, error in outcomes)


def _claim(ids: list[int]) -> list[LtiScore]:
    return lease(selectors.scores_due(now=timezone.now()), ids, seconds=settings.LTI_LEASE_SECONDS)


def _post(score: LtiScore) -> str | None:
    """The library's AGS client posts the score (its service client fetches, and we cache, the access token)."""
    link = score.link
    registration = link.lti_user.registration
    connector = tool.Connector(registration.to_registration(), key=str(registration.pk))
    grade = (
        Grade()
        .set_user_id(link.lti_user.sub)
        .set_score_maximum(score.score_maximum)
        .set_timestamp(score.timestamp.isoformat())
        .set_activity_progress("Completed")
        .set_grading_progress(score.grading_progress)
    )
    if score.score_given is not None:
        grade.set_score_given(score.score_given)
    try:
        lineitem = link.lineitem_url or _make_lineitem(link, connector, score.score_maximum)
        AssignmentsGradesService(connector, {"lineitem": lineitem, "scope": link.scopes}).put_grade(grade)
    except FAILURES as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def _make_lineitem(link: LtiGradeLink, connector, score_maximum: float) -> str:
    """The link's own grade column, made by the library's AGS client when the launch named none. It is found by the
    link's id before it is made, so a retry or a second student's first score finds the one made before."""
    wanted = (
        LineItem()
        .set_resource_link_id(link.resource_link.id_on_platform)
        .set_resource_id(link.quiz.slug)
        .set_tag(f"quiz:{link.quiz.slug}")
        .set_label(link.quiz.title)
        .set_score_maximum(score_maximum)
    )
    service = AssignmentsGradesService(connector, {"lineitems": link.lineitems_url, "scope": link.scopes})
    with transaction.atomic():
        # One worker at a time per link: two first scores at once must not make two columns.
        LtiResourceLink.objects.select_for_update().filter(pk=link.resource_link_id).first()
        url = selectors.made_lineitem(resource_link=link.resource_link)
        url = url or service.find_or_create_lineitem(wanted, find_by="resource_link_id").get_id()
        if not url:
            raise ValueError("the platform made a line item without an id")
        LtiGradeLink.objects.filter(resource_link=link.resource_link, lineitem_url="").update(lineitem_url=url)
    return url


@transaction.atomic
def _record(outcomes: list[tuple[LtiScore, str | None]]) -> None:
    now = timezone.now()
    for score, error in outcomes:
        score.attempts += 1
        score.leased_until, score.last_error = None, error or ""
        if error is None:
            score.status, score.sent_at = Status.SENT, now
        elif now >= score.retry_until:
            score.status = Status.FAILED
        else:
            delay = retry_delay(score.attempts)
            score.next_attempt_at = now + timedelta(seconds=delay)
            if delay < 600:  # a longer wait is the sweep's (a Redis message should not wait past its visibility)
                transaction.on_commit(partial(queue_scores, [score.pk], delay))
    fields = ["attempts", "leased_until", "last_error", "status", "sent_at", "next_attempt_at"]
    LtiScore.objects.bulk_update([s for s, _e in outcomes], fields)
