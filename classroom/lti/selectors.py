"""Reads of LTI: accounts by (issuer, subject), the origins that may frame us, what the deep-linking chooser lists
(through the briefs' and quizzes' own visibility rules), the links and scores of the outbox, and roster members."""

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import Q, QuerySet, Sum
from lti_tool.models import LtiRegistration, LtiUser

from briefs import selectors as briefs
from briefs.models import Brief
from classroom.lti.models import LtiClass, LtiGradeLink, LtiScore
from classroom.models import User
from quizzes.models import Attempt, AttemptStatus, Quiz
from quizzes.selectors import quizzes_visible_to


def account_of(*, issuer: str, sub: str) -> User | None:
    found = (
        LtiUser.objects.filter(registration__issuer=issuer, sub=sub, auth_user__isnull=False)
        .select_related("auth_user")
        .first()
    )
    return found.auth_user if found else None


def _origin(url: str) -> str | None:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def frame_origins(*, registrations: Iterable[LtiRegistration]) -> list[str]:
    """The origins that may frame us for these registrations: issuer, authorisation URL, and those listed."""
    found = set()
    for registration in registrations:
        platform = getattr(registration, "platform", None)
        extra = platform.frame_origins.split() if platform else []
        found.update(filter(None, map(_origin, [registration.issuer, registration.auth_url, *extra])))
    return sorted(found)


def registrations_active() -> QuerySet[LtiRegistration]:
    return LtiRegistration.objects.active().select_related("platform").order_by("id")


def chooser(*, user) -> tuple[list[Quiz], list[Brief]]:
    """What a teacher may link from the LMS: the published quizzes and briefs they see here."""
    quizzes = quizzes_visible_to(user=user).filter(published=True).annotate(points=Sum("questions__points"))
    return list(quizzes), list(briefs.brief_visible(user=user).filter(published=True).defer(*Brief.without_body()))


def attempts_with_links(*, attempt_ids: list[int]) -> list[tuple[Attempt, LtiGradeLink]]:
    """Each finished attempt among these with each LMS link its student launched its quiz from: two queries."""
    # By primary key alone, unordered: this runs inside every grading batch, and must read only these rows.
    finished = (AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW)
    attempts = [a for a in Attempt.objects.filter(pk__in=attempt_ids).order_by() if a.status in finished]
    if not attempts:
        return []
    links = LtiGradeLink.objects.filter(
        student_id__in={a.student_id for a in attempts}, quiz_id__in={a.quiz_id for a in attempts}
    )
    by_pair: dict[tuple[int, int], list[LtiGradeLink]] = {}
    for link in links.order_by("id"):
        by_pair.setdefault((link.student_id, link.quiz_id), []).append(link)
    return [(a, link) for a in attempts for link in by_pair.get((a.student_id, a.quiz_id), [])]


def made_lineitem(*, resource_link) -> str:
    """The line item the tool made for a resource link that named none (at an earlier student's first score)."""
    links = LtiGradeLink.objects.filter(resource_link=resource_link).exclude(lineitem_url="")
    return links.values_list("lineitem_url", flat=True).first() or ""


def last_scores(*, attempt_ids: list[int]) -> dict[tuple[int, int], LtiScore]:
    last = {}
    for score in LtiScore.objects.filter(attempt_id__in=attempt_ids).order_by("version"):
        last[(score.attempt_id, score.link_id)] = score
    return last


def scores_due(*, now: datetime) -> QuerySet[LtiScore]:
    return (
        LtiScore.objects.filter(status=LtiScore.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .select_related("link__lti_user__registration", "link__quiz", "link__resource_link")
        .order_by("next_attempt_at", "id")
    )


def lti_classes_visible(*, user) -> QuerySet[LtiClass]:
    """Admins: every LMS course; teachers: those of the classes they teach."""
    classes = LtiClass.objects.select_related("classroom", "context__deployment__registration").order_by("id")
    if user.is_superuser:
        return classes
    return classes.filter(classroom__teachers=user) if getattr(user, "is_teacher", False) else classes.none()
