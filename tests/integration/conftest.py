"""Real services: PostgreSQL, Redis and a `celery worker` subprocess.

Without DATABASE_URL on PostgreSQL and CELERY_BROKER_URL these tests skip with the
reason; under CI=true they fail instead, so CI can never pass by skipping them."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def _missing_services() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL does not point at PostgreSQL"
    if not os.environ.get("CELERY_BROKER_URL"):
        return "CELERY_BROKER_URL is not set"
    return None


@pytest.fixture(scope="session")
def real_services():
    reason = _missing_services()
    if reason and settings.CI:
        pytest.fail(f"CI=true but {reason}: the integration tests must run in CI")
    if reason:
        print(f"\nintegration tests skipped: {reason}")
        pytest.skip(reason)
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=2, timeout=3)
    except Exception as exc:
        pytest.fail(f"the broker at CELERY_BROKER_URL is unreachable: {exc}")


def worker_env(**extra: str) -> dict[str, str]:
    """The worker talks to the test database that pytest-django created, not the configured one."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    environment = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "false"}
    return {**os.environ, **environment, **extra}


def start_worker(*options: str, concurrency: int = 2, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A worker whose output goes to a temporary file: a pipe nobody reads until the end can fill up
    and stall a busy worker."""
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", f"--concurrency={concurrency}",
           "--pool=prefork", "--without-gossip", "--without-mingle", *options]  # fmt: skip
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop_worker, after the process ends
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env or worker_env(), stdout=log, stderr=subprocess.STDOUT)
    proc.log = log
    return proc


def terminate(proc: subprocess.Popen, *, timeout: float = 20) -> None:
    """Warm shutdown (running tasks finish, unacknowledged messages go back to the queue); kill if it hangs."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop_worker(proc: subprocess.Popen) -> str:
    terminate(proc)
    proc.log.seek(0)
    output = proc.log.read().decode(errors="replace")
    proc.log.close()
    return output


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


@pytest.fixture
def broker(real_services, transactional_db, settings):
    """Send tasks through the real broker (the unit tests run them eagerly). Through Django's settings: the app
    reads its CELERY_ settings from there, and a setting there outranks one set on `celery_app.conf`."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.control.purge()
    return celery_app


@pytest.fixture
def celery_worker(broker):
    proc = start_worker()
    yield proc
    output = stop_worker(proc)
    print(output[-3000:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server(port: int) -> subprocess.Popen:
    """A redis-server of the test's own, to stop and start: nothing on disk, so it comes back empty."""
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
           "--daemonize", "no"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def up() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    assert wait_for(up, timeout=10), "redis-server did not start"
    return proc
