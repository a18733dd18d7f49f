import pytest
from django.contrib.auth.models import Group

from classroom.roles import TEACHERS
from classroom.services import classroom_create, enrollment_join
from tests.factories import UserFactory


@pytest.fixture
def other_teacher(db):
    user = UserFactory(username="other", is_staff=True)
    user.groups.add(Group.objects.get(name=TEACHERS))
    return user


@pytest.fixture
def classroom(teacher, student):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    enrollment_join(student=student, code=classroom.join_code)
    return classroom
