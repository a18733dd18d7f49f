"""Reads of a teacher's admin home: their classes with students, work due this week and work waiting for marking;
the essays waiting; recent submissions. A fixed number of queries whatever the number of classes or students."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from classroom.models import Assignment, Classroom, User
from classroom.selectors.classes import classes_for_user
from classroom.selectors.work import attempts_visible_to
from quizzes.models import Attempt, AttemptStatus, Response

RECENT_SUBMISSIONS = 8


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int
    due_this_week: int  # assignments due from today to the end of the seventh day
    waiting_for_marking: int  # attempts of its students at its quizzes that wait for an essay's score


@dataclass
class TeacherHome:
    classes: list[ClassSummary]
    essays_waiting: int
    recent: list[Attempt]


def week_ahead(now: datetime) -> tuple[datetime, datetime]:
    """From the start of today to the end of the seventh day, in the site's time zone."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=7)


def teacher_home(*, user: User, now: datetime | None = None) -> TeacherHome:
    classes = list(classes_for_user(user=user))
    ids = [c.pk for c in classes]
    if not ids:
        return TeacherHome(classes=[], essays_waiting=0, recent=[])
    due, waiting = _due_this_week(ids, now or timezone.now()), _waiting_for_marking(ids)
    summaries = [ClassSummary(c, c.student_count, due.get(c.pk, 0), waiting.get(c.pk, 0)) for c in classes]
    return TeacherHome(classes=summaries, essays_waiting=_essays_waiting(user), recent=_recent(user))


def _due_this_week(ids: list[int], now: datetime) -> dict[int, int]:
    start, end = week_ahead(now)
    rows = Assignment.objects.filter(classroom_id__in=ids, due_at__gte=start, due_at__lt=end)
    return dict(rows.values("classroom_id").annotate(n=Count("id")).values_list("classroom_id", "n"))


def _waiting_for_marking(ids: list[int]) -> dict[int, int]:
    """class id → attempts of its students, at quizzes assigned to it, that wait for an essay's score."""
    waiting = Q(
        quiz__attempts__status=AttemptStatus.NEEDS_REVIEW,
        quiz__attempts__student__enrollments__classroom_id=F("classroom_id"),
    )
    rows = Assignment.objects.filter(classroom_id__in=ids, quiz__isnull=False).values("classroom_id")
    rows = rows.annotate(n=Count("quiz__attempts", filter=waiting, distinct=True))
    return dict(rows.values_list("classroom_id", "n"))


def essays_waiting_for(user: User):
    """Essay answers of the user's students that wait for a score (what the review queue lists)."""
    essays = Response.objects.filter(
        question__type="essay", score__isnull=True, attempt__status=AttemptStatus.NEEDS_REVIEW
    )
    if user.is_superuser:
        return essays
    return essays.filter(attempt__student__enrollments__classroom__teachers=user).distinct()


def _essays_waiting(user: User) -> int:
    return essays_waiting_for(user).count()


def _recent(user: User) -> list[Attempt]:
    finished = attempts_visible_to(user=user).filter(submitted_at__isnull=False).exclude(student=user)
    return list(finished.order_by("-submitted_at", "-id")[:RECENT_SUBMISSIONS])
