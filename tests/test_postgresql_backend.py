"""config.postgresql: the health check reads the socket instead of sending `SELECT 1`, and still replaces a
connection that the server closed. On a real PostgreSQL (pass 2 of CI); SQLite has no such connection."""

import time

import pytest
from django.db import connection, connections

from config.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connections; CI runs this there"),
    pytest.mark.django_db,
]


@pytest.fixture
def other():
    """A second connection with the project's settings, as a gunicorn thread holds one between requests."""
    wrapper = DatabaseWrapper({**connection.settings_dict}, alias="default")
    yield wrapper
    wrapper.close()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def new_request(wrapper) -> None:
    """What Django does at the start of a request, then before its first query."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def test_the_project_runs_on_this_backend():
    assert isinstance(connections["default"], DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]


def test_a_healthy_connection_is_kept_and_checked_without_a_query(other):
    pid = backend_pid(other)
    new_request(other)
    assert other.health_check_done
    with connection.cursor() as cursor:  # what the server last ran for that connection: not a `SELECT 1`
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        assert cursor.fetchone()[0] == "SELECT pg_backend_pid()"
    assert backend_pid(other) == pid


def test_a_connection_the_server_closed_is_replaced_before_the_next_query(other):
    pid = backend_pid(other)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0]
    deadline = time.monotonic() + 10
    while other.is_usable() and time.monotonic() < deadline:  # the server's goodbye takes a moment to arrive
        time.sleep(0.01)
    assert not other.is_usable()
    new_request(other)
    assert other.connection is None  # closed, as after a failed `SELECT 1`
    assert backend_pid(other) != pid  # and the request goes on, on a new connection


def test_a_closed_or_never_opened_connection_is_not_usable(other):
    assert not other.is_usable()
    backend_pid(other)
    assert other.is_usable()
    other.connection.close()
    assert not other.is_usable()
