"""Password spraying: one address trying many usernames. Failures count per address as well as per username and
address, across the site's sign-in, the admin's and the token endpoint, and no client can choose the address it is
counted under by sending X-Forwarded-For (DJANGO_PROXY_COUNT is 0 unless a proxy is configured)."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "pw-Classroom-123"
PATHS = ["/accounts/login/", "/admin/login/", "/api/v1/auth/token/"]


@pytest.fixture(autouse=True)
def axes_on(settings, db):
    settings.AXES_ENABLED = True
    cache.clear()


def sign_in(client, path: str, username: str, password: str = "wrong", **headers) -> int:  # noqa: S107
    body = {"username": username, "password": password}
    if path.startswith("/api/"):  # the API reads JSON bodies only
        return client.post(path, body, content_type="application/json", **headers).status_code
    return client.post(path, body, **headers).status_code


def spray(client, count: int, *, paths=PATHS, **headers) -> list[int]:
    """`count` failures from one address, each with a new username, across the three ways in."""
    return [sign_in(client, paths[n % len(paths)], f"guess{n}", **headers) for n in range(count)]


def test_one_address_trying_many_usernames_is_locked_out_everywhere(client, settings):
    assert settings.SIGNIN_FAILURES_PER_ADDRESS == 20
    UserFactory(username="ada", is_staff=True)
    statuses = spray(Client(), 19)
    assert 429 not in statuses and set(statuses) == {200, 401}  # nineteen usernames, each failing once
    assert sign_in(Client(), "/api/v1/auth/token/", "guess19") == 429  # the twentieth locks the address
    for path in PATHS:  # then even a right password from that address waits
        assert sign_in(Client(), path, "ada", PASSWORD) == 429, path
    assert sign_in(Client(), "/accounts/login/", "ada", PASSWORD, REMOTE_ADDR="203.0.113.7") == 302


def test_forwarded_for_headers_do_not_change_the_address_counted(client):
    statuses = [
        sign_in(Client(), "/api/v1/auth/token/", f"guess{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(21)
    ]
    assert statuses[-1] == 429


def test_one_owned_account_does_not_reset_the_address(client):
    mine = UserFactory(username="mine")
    spray(Client(), 15)
    assert sign_in(Client(), "/api/v1/auth/token/", mine.username, PASSWORD) == 200
    assert 429 in spray(Client(), 5)


def test_the_token_throttle_counts_the_real_address(settings, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None, "token": "3/minute"})
    settings.AXES_ENABLED = False
    statuses = [
        sign_in(Client(), "/api/v1/auth/token/", "nobody", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
