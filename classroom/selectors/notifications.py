"""The events students are emailed about, found from the database as it is (not from messages, which a broker
outage loses): each is a (student, kind, key) that the outbox stores once. A fixed number of queries per run,
whatever the number of students or events."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from classroom.models import Announcement, Assignment, Enrollment, NotificationOptOut, ReadingProgress, User
from quizzes.models import Attempt, AttemptStatus

# Events older than this are not emailed: a worker down for a day still catches up, and a new deployment does
# not email every past event.
LOOKBACK = timedelta(days=2)
REMINDER_BEFORE = timedelta(hours=24)
DIGEST_HOUR = 7  # the day's digest of new work goes out from this hour (TIME_ZONE), covering the day before


@dataclass(frozen=True)
class Event:
    student_id: int
    kind: str
    key: str
    context: dict = field(hash=False, compare=False)


def notification_opt_outs(*, user: User) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


def notification_events(*, now: datetime) -> list[Event]:
    return [*_due_soon(now), *_essays_marked(now), *_announcements(now), *_new_work(now)]


def _members(classroom_ids) -> dict[int, list[int]]:
    """class id → its active students."""
    rows = Enrollment.objects.filter(
        classroom_id__in=list(classroom_ids), student__is_active=True, student__is_staff=False
    ).values_list("classroom_id", "student_id")
    members = defaultdict(list)
    for classroom_id, student_id in rows:
        members[classroom_id].append(student_id)
    return members


def _path(assignment: Assignment) -> str:
    material = assignment.quiz or assignment.brief
    return reverse("quiz_detail" if assignment.quiz_id else "brief_detail", args=[material.slug])


def _due_soon(now: datetime) -> list[Event]:
    """Work due within a day that the student has not finished (a quiz submitted, a brief marked studied). The key
    holds the due date: a due date moved later brings a new reminder."""
    assignments = list(
        Assignment.objects.filter(
            classroom__active=True, available_from__lte=now, due_at__gt=now, due_at__lte=now + REMINDER_BEFORE
        ).select_related("classroom", "brief", "quiz")
    )
    members = _members({a.classroom_id for a in assignments})
    students = {s for a in assignments for s in members[a.classroom_id]}
    done_quizzes = set(
        Attempt.objects.filter(student_id__in=students, quiz_id__in={a.quiz_id for a in assignments if a.quiz_id})
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .values_list("student_id", "quiz_id")
    )
    studied = set(
        ReadingProgress.objects.filter(
            student_id__in=students, brief_id__in={a.brief_id for a in assignments if a.brief_id}
        )
        .exclude(studied_at=None)
        .values_list("student_id", "brief_id")
    )
    events = []
    for a in assignments:
        context = {"title": (a.quiz or a.brief).title, "classroom": a.classroom.name, "path": _path(a),
                   "due": date_format(timezone.localtime(a.due_at), "l j F, H:i")}  # fmt: skip
        for student_id in members[a.classroom_id]:
            if (student_id, a.quiz_id) not in done_quizzes and (student_id, a.brief_id) not in studied:
                events.append(Event(student_id, "due_soon", f"assignment:{a.pk}:{a.due_at:%Y%m%d%H%M}", context))
    return events


def _essays_marked(now: datetime) -> list[Event]:
    """Attempts graded in the last days after a teacher marked an essay in them: once all are marked."""
    attempts = (
        Attempt.objects.filter(
            status=AttemptStatus.GRADED,
            student__is_active=True,
            responses__question__type="essay",
            responses__reviewed_at__gte=now - LOOKBACK,
        )
        .distinct()
        .values_list("pk", "student_id", "quiz__title")
    )
    return [
        Event(
            student_id, "essay_marked", f"attempt:{pk}", {"title": title, "path": reverse("attempt_detail", args=[pk])}
        )
        for pk, student_id, title in attempts
    ]


def _announcements(now: datetime) -> list[Event]:
    posted = list(
        Announcement.objects.filter(
            created_at__gte=now - LOOKBACK, created_at__lte=now, classroom__active=True
        ).select_related("classroom")
    )
    members = _members({a.classroom_id for a in posted})
    return [
        Event(student_id, "announcement", f"announcement:{a.pk}",
              {"title": a.title, "body": a.body, "classroom": a.classroom.name,
               "path": reverse("class_overview", args=[a.classroom_id]) + f"#announcement-{a.pk}"})
        for a in posted
        for student_id in members[a.classroom_id]
    ]  # fmt: skip


def digest_window(now: datetime) -> tuple[datetime, datetime] | None:
    """The span the digest due at `now` covers: the 24 hours up to today's DIGEST_HOUR, once that has passed."""
    local = timezone.localtime(now)
    end = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return (end - timedelta(days=1), end) if local >= end else None


def _new_work(now: datetime) -> list[Event]:
    window = digest_window(now)
    if window is None:
        return []
    start, end = window
    assignments = list(
        Assignment.objects.filter(classroom__active=True, available_from__gte=start, available_from__lt=end)
        .filter(Q(due_at=None) | Q(due_at__gt=now))
        .select_related("classroom", "brief", "quiz")
        .order_by("available_from", "id")
    )
    members = _members({a.classroom_id for a in assignments})
    items = defaultdict(list)
    for a in assignments:
        item = {"title": (a.quiz or a.brief).title, "classroom": a.classroom.name, "path": _path(a)}
        for student_id in members[a.classroom_id]:
            items[student_id].append(item)
    key = f"digest:{end.date().isoformat()}"
    return [Event(student_id, "new_work", key, {"items": found}) for student_id, found in items.items()]
