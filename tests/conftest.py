import pytest
from django.contrib.auth.models import Group

from classroom.roles import TEACHERS
from tests.factories import UserFactory


@pytest.fixture
def student(db):
    return UserFactory(username="stu")


@pytest.fixture
def teacher(db):
    user = UserFactory(username="teach", is_staff=True)
    user.groups.add(Group.objects.get(name=TEACHERS))
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)
