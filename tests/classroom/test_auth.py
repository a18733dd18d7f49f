"""Signed-in users are read as Django and DRF read them: every change to a user is seen on the very next request
(the same with two server processes: tests/integration/test_two_processes.py)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from classroom.demo import DEMO_PASSWORD
from classroom.models import User
from tests.factories import UserFactory, teachers_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(student):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=student).key}")
    return client


@pytest.fixture
def session_client(student):
    client = Client()
    client.force_login(student)
    return client


def test_a_session_outlives_the_cache(session_client):
    """Sessions are in the database too (cached_db): flushing the cache signs nobody out."""
    session_client.get("/api/v1/me/")
    for each in caches.all():
        each.clear()
    assert session_client.get("/api/v1/me/").json()["username"] == "stu"


def test_a_bad_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 401


def test_a_revoked_token_is_refused_at_once(token_client):
    assert token_client.get("/api/v1/me/").status_code == 200
    assert token_client.delete("/api/v1/auth/token/").status_code == 204
    assert token_client.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("how", ["save", "queryset update"])
def test_a_deactivated_user_is_refused_at_once(token_client, session_client, student, how):
    assert token_client.get("/api/v1/me/").status_code == 200
    assert session_client.get("/api/v1/me/").status_code == 200
    if how == "save":
        student.is_active = False
        student.save()
    else:  # no signal: nothing cached can learn of it
        User.objects.filter(pk=student.pk).update(is_active=False)
    assert token_client.get("/api/v1/me/").status_code == 401
    assert session_client.get("/api/v1/me/").status_code in (401, 403)
    assert session_client.get("/").status_code == 302  # the site sends them to sign in


def test_a_deleted_user_is_refused_at_once(session_client, student):
    assert session_client.get("/api/v1/me/").status_code == 200
    student.delete()
    assert session_client.get("/api/v1/me/").status_code in (401, 403)


def test_a_new_password_ends_other_sessions_at_once(session_client, student):
    assert session_client.get("/api/v1/me/").status_code == 200
    student.set_password("a-New-password-456")
    student.save()
    assert session_client.get("/api/v1/me/").status_code in (401, 403)


def test_changepassword_then_signing_in_lands_on_the_dashboard(student, monkeypatch):
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "stu", "password": "pw-Classroom-123"}).status_code == 302
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-New-password-456")
    call_command("changepassword", "stu", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert browser.get("/").status_code == 302  # the old session ends...
    signed_in = browser.post("/accounts/login/", {"username": "stu", "password": "a-New-password-456"}, follow=True)
    assert signed_in.request["PATH_INFO"] == "/" and b"Sign out" in signed_in.content  # ...the new one works at once


def test_a_second_load_demo_signs_nobody_out(db):
    call_command("load_demo")
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "student", "password": DEMO_PASSWORD}).status_code == 302
    assert browser.get("/").status_code == 200
    call_command("load_demo")
    assert browser.get("/").status_code == 200
    again = Client()
    signed_in = again.post("/accounts/login/", {"username": "student", "password": DEMO_PASSWORD}, follow=True)
    assert signed_in.request["PATH_INFO"] == "/" and b"Sign out" in signed_in.content


@pytest.mark.parametrize("how", ["user.groups", "group.user_set"])
def test_becoming_a_teacher_shows_at_once(token_client, student, how):
    student.is_staff = True
    student.save()
    assert token_client.get("/api/v1/me/").json()["role"] == "student"
    if how == "user.groups":
        student.groups.add(teachers_group())
    else:
        teachers_group().user_set.add(student)
    assert token_client.get("/api/v1/me/").json()["role"] == "teacher"
    if how == "user.groups":
        student.groups.clear()
    else:
        teachers_group().user_set.clear()
    assert token_client.get("/api/v1/me/").json()["role"] == "student"


def test_each_token_is_its_own_user(token_client):
    other = UserFactory(username="other")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other).key}")
    assert [token_client.get("/api/v1/me/").json()["username"], client.get("/api/v1/me/").json()["username"]] == [
        "stu",
        "other",
    ]
