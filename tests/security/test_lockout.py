"""django-axes: five failures per username and address lock sign-in for 15 minutes, everywhere."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory

PASSWORD = "pw-Classroom-123"


@pytest.fixture(autouse=True)
def axes_on(settings, db):
    settings.AXES_ENABLED = True
    cache.clear()
    UserFactory(username="victim", is_staff=True)  # staff, so the admin login can succeed too


def fail(client, path, n=5):
    for _ in range(n):
        client.post(path, {"username": "victim", "password": "wrong"})


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_site_and_admin_lock_after_five_failures(client, path):
    fail(client, path, 4)
    assert client.post(path, {"username": "victim", "password": PASSWORD}, follow=False).status_code == 302
    client.logout()
    fail(client, path, 5)
    response = client.post(path, {"username": "victim", "password": PASSWORD})
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()


def test_token_endpoint_locks_with_a_json_429():
    client = APIClient()
    statuses = [client.post("/api/v1/auth/token/", {"username": "victim", "password": "wrong"}).status_code
                for _ in range(5)]  # fmt: skip
    assert statuses == [401, 401, 401, 401, 429]  # the fifth failure locks
    response = client.post("/api/v1/auth/token/", {"username": "victim", "password": PASSWORD})
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many failed sign-in attempts. Try again in 15 minutes."}


def test_four_failures_do_not_lock_and_success_resets(client):
    fail(client, "/accounts/login/", 4)
    assert client.post("/accounts/login/", {"username": "victim", "password": PASSWORD}).status_code == 302
    client.logout()
    fail(client, "/accounts/login/", 4)
    assert client.post("/accounts/login/", {"username": "victim", "password": PASSWORD}).status_code == 302


def test_the_lock_is_per_username_and_address(client):
    fail(client, "/accounts/login/", 5)
    other = UserFactory(username="bystander")
    assert client.post("/accounts/login/", {"username": other.username, "password": PASSWORD}).status_code == 302
    elsewhere = client.post("/accounts/login/", {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 302
