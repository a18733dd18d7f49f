"""The profile page (name, email, notification emails, password) and sign-up's names and kept fields."""

import pytest
from rest_framework.authtoken.models import Token

from classroom.models import NotificationKind, NotificationOptOut, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {"form": "details", "first_name": "Ada", "last_name": "Byron", "email": "ada@example.org"}


def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_shows_the_users_details_and_every_kind_on(client, student):
    client.force_login(student)
    html = client.get("/accounts/profile/").content.decode()
    assert student.email in html
    assert html.count('type="checkbox"') == len(NotificationKind.values) == html.count("checked")


def test_profile_saves_name_email_and_notification_kinds(client, student):
    client.force_login(student)
    data = {**DETAILS, "notifications": ["due_soon", "essay_marked"]}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.first_name, student.last_name, student.email) == ("Ada", "Byron", "ada@example.org")
    off = set(NotificationOptOut.objects.filter(user=student).values_list("kind", flat=True))
    assert off == {"new_work", "announcement"}
    html = client.get("/accounts/profile/").content.decode()
    assert html.count("checked") == 2

    client.post("/accounts/profile/", {**DETAILS, "notifications": NotificationKind.values})
    assert not NotificationOptOut.objects.filter(user=student).exists()


def test_profile_refuses_an_email_in_use_and_keeps_what_was_typed(client, student):
    UserFactory(username="taken", email="taken@example.org")
    client.force_login(student)
    response = client.post("/accounts/profile/", {**DETAILS, "email": "TAKEN@example.org", "notifications": []})
    html = response.content.decode()
    assert response.status_code == 400 and "Another account uses this email address" in html
    assert 'value="Ada"' in html and 'value="Byron"' in html
    student.refresh_from_db()
    assert student.first_name == "" and student.email == "stu@example.org"
    assert not NotificationOptOut.objects.filter(user=student).exists()  # nothing half-written


def test_profile_changes_the_password_keeps_the_session_and_ends_tokens(client, student):
    token = Token.objects.create(user=student)
    client.force_login(student)
    data = {"form": "password", "old_password": "pw-Classroom-123", "new_password1": "N3w-Secret-pass",
            "new_password2": "N3w-Secret-pass"}  # fmt: skip
    assert client.post("/accounts/profile/", data).status_code == 302
    student.refresh_from_db()
    assert student.check_password("N3w-Secret-pass")
    assert client.get("/accounts/profile/").status_code == 200  # still signed in
    assert not Token.objects.filter(pk=token.pk).exists()


def test_a_wrong_old_password_changes_nothing_and_shows_no_password(client, student):
    client.force_login(student)
    data = {"form": "password", "old_password": "wrong-one", "new_password1": "N3w-Secret-pass",
            "new_password2": "N3w-Secret-pass"}  # fmt: skip
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 400 and "N3w-Secret-pass" not in response.content.decode()
    student.refresh_from_db()
    assert student.check_password("pw-Classroom-123")


SIGNUP = {"first_name": "Nina", "last_name": "Kid", "username": "newkid", "email": "newkid@example.org",
          "password1": "Tr1cky-Pass!", "password2": "Tr1cky-Pass!"}  # fmt: skip


def test_signup_asks_for_and_stores_the_names(client, classroom):
    html = client.get("/accounts/signup/").content.decode()
    assert 'name="first_name"' in html and 'name="last_name"' in html
    client.post("/accounts/signup/", {**SIGNUP, "code": classroom.join_code})
    user = User.objects.get(username="newkid")
    assert (user.first_name, user.last_name) == ("Nina", "Kid")
    assert "Nina Kid" in client.get("/").content.decode()


def test_signup_without_names_is_refused(client, classroom):
    response = client.post("/accounts/signup/", {**SIGNUP, "first_name": "", "code": classroom.join_code})
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(username="newkid").exists()


def test_a_wrong_join_code_keeps_everything_typed_but_the_passwords(client, classroom):
    html = client.post("/accounts/signup/", {**SIGNUP, "code": "WRONG123"}).content.decode()
    for value in ("Nina", "Kid", "newkid", "newkid@example.org", "WRONG123"):
        assert f'value="{value}"' in html
    assert "Tr1cky-Pass!" not in html
