"""Database connections on PostgreSQL are kept between requests, and one the server closed (a restart, a failover)
is replaced before a request's first query instead of failing it (Django's CONN_HEALTH_CHECKS). On a real
PostgreSQL (the CI's second pass); SQLite has no such connection."""

import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connections; CI runs this there"),
    pytest.mark.django_db,
]


@pytest.fixture
def other():
    """A second connection with the project's settings, as a server thread holds one between requests."""
    wrapper = connections.create_connection("default")
    yield wrapper
    wrapper.close()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def new_request(wrapper) -> None:
    """What Django does at the start of a request (request_started), then before its first query."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def test_connections_are_kept_and_checked():
    assert connection.settings_dict["CONN_MAX_AGE"] > 0 and connection.settings_dict["CONN_HEALTH_CHECKS"]


def test_a_healthy_connection_is_kept_for_the_next_request(other):
    pid = backend_pid(other)
    new_request(other)
    assert backend_pid(other) == pid


def test_a_connection_the_server_closed_is_replaced_before_the_next_query(other):
    pid = backend_pid(other)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0]
    deadline = time.monotonic() + 10
    while other.is_usable() and time.monotonic() < deadline:  # the server's goodbye takes a moment to arrive
        time.sleep(0.01)
    new_request(other)
    assert backend_pid(other) != pid  # the request goes on, on a new connection
