"""Demo accounts and class for `make run`. Safe to run again: nothing is duplicated."""

from django.contrib.auth.models import Group
from django.db import transaction

from classroom.models import Classroom, Enrollment, User
from config.permissions import TEACHERS

DEMO_PASSWORD = "classroom-demo"  # noqa: S105 - documented demo login
DEMO_CLASS = "Russian History III (demo)"


def _demo_user(username: str, *, teacher: bool) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "first_name": username.title()}
    )
    user.is_staff = teacher
    if not user.check_password(DEMO_PASSWORD):  # the same password again would sign its sessions out
        user.set_password(DEMO_PASSWORD)
    user.save()
    if teacher:
        user.groups.add(Group.objects.get_or_create(name=TEACHERS)[0])
    return user


@transaction.atomic
def load_demo() -> Classroom:
    teacher = _demo_user("teacher", teacher=True)
    student = _demo_user("student", teacher=False)
    classroom, _created = Classroom.objects.get_or_create(
        name=DEMO_CLASS, defaults={"description": "A demo class: the Khrushchev era, from the sample garden."}
    )
    classroom.teachers.add(teacher)
    Enrollment.objects.get_or_create(student=student, classroom=classroom)
    return classroom
