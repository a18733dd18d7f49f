from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Classroom, Enrollment, User, WorkerHeartbeat, new_join_code


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
