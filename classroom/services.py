from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Assignment, Classroom, Enrollment, ReadingProgress, User, WorkerHeartbeat, new_join_code


@transaction.atomic
def classroom_create(*, name: str, teacher: User, description: str = "") -> Classroom:
    classroom = Classroom(name=name, description=description)
    classroom.full_clean()
    classroom.save()
    classroom.teachers.add(teacher)
    return classroom


def classroom_regenerate_code(*, classroom: Classroom) -> Classroom:
    """A fresh join code; the old one stops working. Retries the (unlikely) collision."""
    for _attempt in range(5):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.save(update_fields=["join_code"])
            return classroom
        except IntegrityError:
            continue
    raise ValidationError(_("Could not generate a unique join code; try again."))


def enrollment_join(*, student: User, code: str) -> Enrollment:
    """Enroll a student by join code. Joining twice changes nothing."""
    normalized = (code or "").strip().upper().replace("-", "").replace(" ", "")
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None:
        raise ValidationError(_("No class has the join code “%(code)s”.") % {"code": code})
    if not classroom.active:
        raise ValidationError(_("The class “%(name)s” is not accepting students.") % {"name": classroom.name})
    enrollment, _created = Enrollment.objects.get_or_create(student=student, classroom=classroom)
    return enrollment


def worker_heartbeat_record(*, hostname: str, pid: int) -> WorkerHeartbeat:
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"pid": pid, "seen_at": timezone.now()}
    )
    return heartbeat


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    assigned_by: User,
    brief=None,
    quiz=None,
    available_from: datetime | None = None,
    due_at: datetime | None = None,
) -> Assignment:
    """Assign a brief or a quiz to a class. Only a teacher of that class (or an admin) may."""
    if not (assigned_by.is_superuser or classroom.teachers.filter(pk=assigned_by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can assign work to it.") % {"name": classroom.name})
    if (brief is None) == (quiz is None):
        raise ValidationError(_("Assign exactly one brief or one quiz."))
    assignment = Assignment(
        classroom=classroom,
        brief=brief,
        quiz=quiz,
        available_from=available_from or timezone.now(),
        due_at=due_at,
        assigned_by=assigned_by,
    )
    if due_at is not None and due_at <= assignment.available_from:
        raise ValidationError(_("The due date must come after the date the work becomes available."))
    assignment.full_clean()
    assignment.save()
    return assignment


def reading_record(*, student: User, brief, studied: bool = False) -> ReadingProgress:
    """Note that a student opened a brief (and, when they say so, studied it)."""
    now = timezone.now()
    progress, created = ReadingProgress.objects.get_or_create(
        student=student, brief=brief, defaults={"first_opened_at": now, "last_opened_at": now}
    )
    progress.last_opened_at = now
    if studied and progress.studied_at is None:
        progress.studied_at = now
    if not created or studied:
        progress.save(update_fields=["last_opened_at", "studied_at"])
    return progress
