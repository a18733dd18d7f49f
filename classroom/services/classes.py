"""Writes of classes: creating them, joining them (by code, or at sign-up), and the workers' heartbeat."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Classroom, Enrollment, User, WorkerHeartbeat, new_join_code, normalize_join_code


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
    classroom = Classroom.objects.filter(join_code=normalize_join_code(code)).first()
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


def signup_refused() -> str:
    """The one answer to a sign-up with a wrong or closed join code, or a username or email already in use: which
    of them it was would tell anyone which accounts exist."""
    return _(
        "This account could not be created. Check the join code with your teacher; if you already have an account, "
        "sign in (or reset your password) and join the class from your dashboard."
    )


@transaction.atomic
def student_signup(
    *, username: str, email: str, password: str, code: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create a student account and enroll it in the class with this join code.

    The code is checked first; a wrong or closed code, or a username or email in use, all raise the same
    `signup_refused()`, and nothing is left behind (one transaction)."""
    classroom = Classroom.objects.filter(join_code=normalize_join_code(code), active=True).first()
    if classroom is None:
        raise ValidationError(signup_refused())
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    if User.objects.filter(Q(username__iexact=username) | Q(email__iexact=email)).exists():
        raise ValidationError(signup_refused())
    user.set_password(password)
    user.full_clean(validate_unique=False, validate_constraints=False)  # checked above, without saying which
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same name, signed up a moment ago
        raise ValidationError(signup_refused()) from exc
    Enrollment.objects.create(student=user, classroom=classroom)
    return user
