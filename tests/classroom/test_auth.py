"""classroom.auth: signed-in users come from the cache, and every change that matters reaches the next request."""

import time

import pytest
from django.core.cache import cache, caches
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from classroom import auth
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
    client.force_login(student, backend="classroom.auth.CachedModelBackend")
    return client


def test_a_token_request_reads_no_user_once_cached(token_client, django_assert_num_queries):
    assert token_client.get("/api/v1/me/").json()["username"] == "stu"
    with django_assert_num_queries(0):
        assert token_client.get("/api/v1/me/").json()["username"] == "stu"


def test_a_page_request_reads_no_user_nor_session_once_cached(session_client, django_assert_num_queries):
    session_client.get("/api/v1/me/")
    with django_assert_num_queries(0):
        assert session_client.get("/api/v1/me/").json()["username"] == "stu"


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
    assert client.get("/api/v1/me/").status_code == 401  # a refusal is not cached as a user


def test_a_revoked_token_is_refused_at_once(token_client):
    assert token_client.get("/api/v1/me/").status_code == 200
    assert token_client.delete("/api/v1/auth/token/").status_code == 204
    assert token_client.get("/api/v1/me/").status_code == 401


def test_a_deactivated_user_is_refused_at_once(token_client, session_client, student):
    assert token_client.get("/api/v1/me/").status_code == 200
    assert session_client.get("/api/v1/me/").status_code == 200
    student.is_active = False
    student.save()
    assert token_client.get("/api/v1/me/").status_code == 401
    assert session_client.get("/api/v1/me/").status_code in (401, 403)


def test_a_deleted_user_is_refused_at_once(session_client, student):
    assert session_client.get("/api/v1/me/").status_code == 200
    student.delete()
    assert session_client.get("/api/v1/me/").status_code in (401, 403)


def test_a_new_password_ends_other_sessions_at_once(session_client, student):
    assert session_client.get("/api/v1/me/").status_code == 200
    student.set_password("a-New-password-456")
    student.save()
    assert session_client.get("/api/v1/me/").status_code in (401, 403)


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


def test_signing_in_again_keeps_the_cached_user(token_client, student, django_assert_num_queries):
    """A sign-in saves only last_login: no reason to drop the entry (and its tokens' query)."""
    token_client.get("/api/v1/me/")
    student.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        token_client.get("/api/v1/me/")


def test_each_token_is_its_own_user(token_client):
    other = UserFactory(username="other")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other).key}")
    assert [token_client.get("/api/v1/me/").json()["username"], client.get("/api/v1/me/").json()["username"]] == [
        "stu",
        "other",
    ]


# ---------------------------------------------------------------- the process's own copy (LOCAL_TIMEOUT)


def test_a_user_served_a_moment_ago_costs_no_round_trip(token_client, student, django_assert_num_queries):
    token_client.get("/api/v1/me/")
    cache.clear()  # the shared entry is gone: only this process's copy can answer
    with django_assert_num_queries(0):
        assert token_client.get("/api/v1/me/").json()["username"] == "stu"


def test_a_change_made_by_another_process_applies_here_when_the_copy_expires(token_client, student):
    assert token_client.get("/api/v1/me/").status_code == 200
    # Another process deactivates the student: its signals clear the shared cache, not this process's memory.
    User.objects.filter(pk=student.pk).update(is_active=False)
    cache.clear()
    assert token_client.get("/api/v1/me/").status_code == 200  # this process's copy, for now
    local, key = caches["local"], auth._token_key(Token.objects.get(user=student).key)
    assert 0 < local._expire_info[local.make_key(key)] - time.time() <= auth.LOCAL_TIMEOUT
    local.touch(key, 0)  # as if LOCAL_TIMEOUT had passed
    assert token_client.get("/api/v1/me/").status_code == 401


def test_each_request_gets_its_own_copy_of_the_user(token_client, student):
    """Threads of a process serve the same user at once: a view changing its request's user must not
    change another request's."""
    token_client.get("/api/v1/me/")
    key = auth._token_key(Token.objects.get(user=student).key)
    first = auth._load(key, lambda: User.objects.none())
    first.first_name = "Changed"
    assert auth._load(key, lambda: User.objects.none()).first_name != "Changed"
