"""Launches from the simulated platform: the library's checks refuse what they must (with a page that says why, and
no account), and an accepted launch signs the user in, as a teacher or a student of the LMS course's class, on the
brief or quiz of the link, framed only by that platform."""

import time

import pytest
from django.urls import reverse
from lti_tool.models import LtiUser

from classroom.lti.models import LtiClass, LtiGradeLink
from classroom.models import Assignment, User
from tests.briefs.factories import BriefFactory
from tests.classroom.lti.conftest import lti_quiz
from tests.classroom.lti.platform import INSTRUCTOR, rsa_key

pytestmark = pytest.mark.django_db


def test_a_learner_lands_signed_in_on_the_quiz_of_the_link_in_the_course_class(client, lms, platform):
    quiz = lti_quiz()
    response, _form = lms.launch(client, custom={"quiz": quiz.slug})
    assert response.status_code == 302 and response["Location"] == reverse("quiz_detail", args=[quiz.slug])
    user = User.objects.get(lti_users__sub="learner-1")
    assert (user.first_name, user.last_name, user.email) == ("Given", "Learner-1", "learner-1@lms.example")
    assert not user.is_staff and not user.has_usable_password()
    classroom = LtiClass.objects.get().classroom
    assert classroom.name == "History 101" and classroom.enrollments.filter(student=user).exists()
    assert Assignment.objects.filter(classroom=classroom, quiz=quiz).exists()
    assert LtiGradeLink.objects.get().lineitem_url == platform.url("/lineitems/1")
    # The session cookie works in the LMS's frame; the page may be framed by the platform only.
    assert response.cookies["sessionid"]["samesite"] == "None" and response.cookies["sessionid"]["secure"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"Khrushchev" in page.content
    assert f"frame-ancestors {platform.issuer}" in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page


def test_over_https_the_librarys_cookies_are_samesite_none_and_secure_and_the_launch_works(client, lms):
    state, _nonce = lms.login(client, secure=True)
    for name in (f"lti1p3-{state}", "lti1p3-session-id"):  # the OIDC state, and the key to the launch data
        assert client.cookies[name]["samesite"] == "None" and client.cookies[name]["secure"], name
    client.cookies.clear()
    response, _form = lms.launch(client, secure=True, custom={"quiz": lti_quiz().slug})
    assert response.status_code == 302 and response.cookies["sessionid"]["samesite"] == "None"


def test_an_instructor_becomes_a_teacher_of_the_class_and_the_same_subject_is_the_same_account(client, lms):
    brief = BriefFactory(slug="thaw", published=True)
    response, _form = lms.launch(client, sub="teacher-1", roles=INSTRUCTOR, custom={"brief": brief.slug})
    assert response["Location"] == reverse("brief_detail", args=["thaw"])
    teacher = User.objects.get(lti_users__sub="teacher-1")
    assert teacher.is_teacher and LtiClass.objects.get().classroom.teachers.filter(pk=teacher.pk).exists()
    client.logout()
    lms.launch(client, sub="teacher-1", roles=INSTRUCTOR, custom={"brief": brief.slug})
    assert User.objects.filter(lti_users__sub="teacher-1").count() == 1 and LtiClass.objects.count() == 1


def test_a_site_session_is_not_framed_and_keeps_its_lax_cookie(client, student):
    client.force_login(student)
    page = client.get(reverse("home"))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"


def _expired(claims):
    claims["iat"], claims["exp"] = int(time.time()) - 600, int(time.time()) - 300


REFUSALS = {
    "bad signature": ({"key": rsa_key()}, "signature on this launch is not valid"),
    "expired token": ({"mutate": _expired}, "This launch has expired"),
    "unknown deployment": (
        {"mutate": lambda c: c.update({"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "other"})},
        "deployment is not registered here",
    ),
    "wrong audience": ({"mutate": lambda c: c.update({"aud": "another-tool"})}, "is not registered here"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_launch_the_library_refuses_is_a_clear_page_and_creates_nobody(client, lms, case):
    kwargs, message = REFUSALS[case]
    users = User.objects.count()
    response, _form = lms.launch(client, custom={"quiz": lti_quiz().slug}, **kwargs)
    assert response.status_code == 403
    assert message in response.content.decode() and "No account was created" in response.content.decode()
    assert User.objects.count() == users and not LtiUser.objects.exists() and not LtiClass.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_reused_nonce_is_refused_and_creates_nobody_more(client, lms):
    response, form = lms.launch(client, custom={"quiz": lti_quiz().slug})
    assert response.status_code == 302
    users = User.objects.count()
    client.logout()
    replay = client.post(reverse("lti_launch"), form)  # the same id_token and state, posted again
    assert replay.status_code == 403 and "already used" in replay.content.decode()
    assert User.objects.count() == users and "_auth_user_id" not in client.session


def test_a_login_initiation_from_an_unknown_platform_is_refused(client, lms, platform):
    params = {**platform.login_params(launch_url="http://testserver/lti/launch/"), "iss": "https://unknown.example"}
    response = client.get(reverse("lti_login", args=[lms.registration.uuid]), params)
    assert response.status_code == 403 and "not registered here" in response.content.decode()


def test_an_lms_email_of_a_local_account_does_not_take_it_over(client, lms, student):
    response, _form = lms.launch(client, mutate=lambda c: c.update({"email": student.email}))
    assert response.status_code == 302
    user = User.objects.get(lti_users__sub="learner-1")
    assert user.pk != student.pk and user.email.endswith("@lti.invalid")
    assert client.session["_auth_user_id"] == str(user.pk)
