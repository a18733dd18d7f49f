"""An API token does not outlive the password that obtained it: a password change or reset, or a deactivation,
deletes the user's tokens, and the token endpoint then hands out a new one."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Classroom-123"


def token_of(user, password: str = PASSWORD) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def answers(token: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code


@pytest.fixture
def user():
    return UserFactory(username="ada", email="ada@example.org")


def test_a_password_change_ends_the_old_token(user):
    old = token_of(user)
    user.set_password("a-New-password-456")
    user.save()
    assert answers(old) == 401
    new = token_of(user, "a-New-password-456")
    assert new != old and answers(new) == 200


def test_the_changepassword_command_ends_the_old_token(user, monkeypatch):
    old = token_of(user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-New-password-456")
    call_command("changepassword", "ada", stdout=None)
    assert answers(old) == 401


def test_a_password_reset_ends_the_old_token(client, user):
    old = token_of(user)
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/\S+/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "a-New-password-456",
                                                    "new_password2": "a-New-password-456"})  # fmt: skip
    assert done.status_code == 302
    assert answers(old) == 401


def test_a_deactivation_ends_the_token(user):
    old = token_of(user)
    user.is_active = False
    user.save()
    assert answers(old) == 401
    user.is_active = True
    user.save()
    assert answers(old) == 401  # reactivated: the old token stays gone


def test_other_saves_keep_the_token(user):
    token = token_of(user)
    user.first_name = "Ada"
    user.save()
    assert answers(token) == 200
