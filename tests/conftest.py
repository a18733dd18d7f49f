from contextlib import suppress

import pytest
from django.core.cache import caches

from classroom.services import classroom_create, enrollment_join
from tests.classroom.lti.platform import Platform
from tests.factories import UserFactory, teachers_group


@pytest.fixture(autouse=True)
def _clear_cache():
    """No test may inherit another's cache: throttle counters, and entries built from rows that the last test's
    rollback removed without a signal (and whose primary keys SQLite hands out again)."""
    _clear_caches()
    yield
    _clear_caches()


def _clear_caches():
    for each in caches.all():
        each.clear()


@pytest.fixture
def student(db):
    return UserFactory(username="stu")


@pytest.fixture
def teacher(db):
    user = UserFactory(username="teach", is_staff=True)
    user.groups.add(teachers_group())
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def other_teacher(db):
    user = UserFactory(username="other", is_staff=True)
    user.groups.add(teachers_group())
    return user


@pytest.fixture
def other_student(db):
    return UserFactory(username="elsewhere")


@pytest.fixture
def classroom(teacher, student):
    """Period 1: `teacher` teaches it, `student` is enrolled."""
    classroom = classroom_create(name="Period 1", teacher=teacher)
    enrollment_join(student=student, code=classroom.join_code)
    return classroom


@pytest.fixture
def other_classroom(other_teacher, other_student):
    """Period 9: another teacher's class with another student."""
    classroom = classroom_create(name="Period 9", teacher=other_teacher)
    enrollment_join(student=other_student, code=classroom.join_code)
    return classroom


@pytest.fixture
def queries_stay_flat(django_assert_max_num_queries):
    """check(get, grow, at_most=N): `get()` answers 200 in at most N queries, and in no more after `grow()` has
    added data: the query count of a page or endpoint does not grow with what it shows."""

    def check(get, grow, *, at_most: int) -> None:
        with django_assert_max_num_queries(at_most) as small:
            assert get().status_code == 200
        grow()
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert get().status_code == 200

    return check


@pytest.fixture
def platform():
    """An LMS on localhost (LTI 1.3): its keys, OIDC, scores and roster."""
    running = Platform()
    yield running
    with suppress(OSError):
        running.close()
