"""Sign-up reveals nothing about existing accounts: the join code is checked first, and a wrong code, a username in
use and an email in use all get the same answer. Sign-ups are throttled per address."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import SimpleRateThrottle

from classroom.models import User

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Nina",
    "last_name": "Kid",
    "username": "newkid",
    "email": "newkid@example.org",
    "password1": "Tr1cky-Pass!",
    "password2": "Tr1cky-Pass!",
}


def errors(client, **change) -> list[str]:
    """What the page says is wrong, and which fields it marks."""
    response = client.post("/accounts/signup/", {**FORM, **change})
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r'class="error"[^>]*>([^<]*)<', page) + re.findall(r'aria-invalid="true"[^>]*id="(\w+)"', page)


@pytest.mark.parametrize("code", ["WRONG123", "real"])
def test_taken_names_and_wrong_codes_read_alike(client, classroom, student, code):
    code = classroom.join_code if code == "real" else code
    wrong_code = errors(client, code="WRONG123")
    assert wrong_code == [
        "This account could not be created. Check the join code with your teacher; if you already have an account, "
        "sign in (or reset your password) and join the class from your dashboard."
    ]
    assert errors(client, code=code, email=student.email.upper()) == wrong_code
    assert errors(client, code=code, username=student.username) == wrong_code
    assert not User.objects.filter(username="newkid").exists()


def test_a_wrong_code_is_refused_before_the_names_are_looked_up(client, classroom, student):
    with CaptureQueriesContext(connection) as queries:
        client.post("/accounts/signup/", {**FORM, "code": "WRONG123", "username": student.username})
    assert [q["sql"] for q in queries if "classroom_user" in q["sql"]] == []
    assert any("classroom_classroom" in q["sql"] for q in queries)


def test_signups_are_throttled_per_address(client, classroom, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"signup": "3/hour"})
    statuses = [client.post("/accounts/signup/", {**FORM, "code": "WRONG123"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.post("/accounts/signup/", {**FORM, "code": classroom.join_code}, REMOTE_ADDR="203.0.113.7")
    assert other.status_code == 302
