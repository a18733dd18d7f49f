"""Names and Role Provisioning: a teacher of the LMS course's class syncs its roster from the simulated platform
(through the admin action), which enrolls its learners, creating those who never launched; another teacher may
not; the token the platform issued is reused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classroom.lti.models import LtiClass
from classroom.lti.roster import roster_sync
from classroom.lti.selectors import lti_classes_visible
from classroom.models import User
from tests.classroom.lti.platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


def _member(sub: str, roles=LEARNER, status: str = "Active") -> dict:
    return {"user_id": sub, "roles": roles, "status": status, "name": f"Member {sub}", "given_name": "Member",
            "family_name": sub, "email": f"{sub}@lms.example"}  # fmt: skip


@pytest.fixture
def course(client, lms, platform):
    """The LMS course as a class, made by its instructor's launch."""
    lms.launch(client, sub="teacher-1", roles=INSTRUCTOR)
    platform.roster = [_member("teacher-1", INSTRUCTOR), _member("learner-1"), _member("learner-2"),
                       _member("gone", status="Inactive")]  # fmt: skip
    return LtiClass.objects.select_related("classroom").get()


def test_a_teacher_syncs_the_roster_and_students_who_never_launched_are_created(course, platform):
    teacher = User.objects.get(lti_users__sub="teacher-1")
    assert roster_sync(lti_class=course, by=teacher) == 2
    students = User.objects.filter(enrollments__classroom=course.classroom).order_by("last_name")
    assert [(u.last_name, u.email) for u in students] == [
        ("learner-1", "learner-1@lms.example"),
        ("learner-2", "learner-2@lms.example"),
    ]
    assert roster_sync(lti_class=course, by=teacher) == 0 and platform.token_requests == 1  # again: nothing new


def test_another_teacher_may_not_sync_a_class_they_do_not_teach(course, other_teacher):
    with pytest.raises(PermissionDenied):
        roster_sync(lti_class=course, by=other_teacher)
    assert not User.objects.filter(lti_users__sub="learner-1").exists()


def test_the_admin_action_syncs_only_the_teachers_own_courses(client, course, other_teacher):
    teacher = User.objects.get(lti_users__sub="teacher-1")
    changelist = reverse("admin:classroom_lticlass_changelist")
    client.force_login(other_teacher)
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "sync_roster", "_selected_action": [course.pk]})
    assert not User.objects.filter(lti_users__sub="learner-1").exists()  # not in their list: nothing synced
    client.force_login(teacher)
    response = client.post(changelist, {"action": "sync_roster", "_selected_action": [course.pk]}, follow=True)
    assert "2 new students in History 101" in response.content.decode()


def test_a_sync_takes_the_same_queries_for_two_new_students_or_eight(course, platform):
    teacher = User.objects.get(lti_users__sub="teacher-1")
    counts = []
    for new in (["a1", "a2"], [f"b{n}" for n in range(8)]):
        platform.roster += [_member(sub) for sub in new]
        lti_class = lti_classes_visible(user=teacher).get()  # as the admin action has it: its rows loaded
        with CaptureQueriesContext(connection) as queries:
            assert roster_sync(lti_class=lti_class, by=teacher) == len(new) + (2 if not counts else 0)
        counts.append(len(queries))
    assert counts[0] == counts[1]
