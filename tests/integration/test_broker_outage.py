"""A worker keeps consuming after the broker went away while it was running a task.

Celery 5.7.0 does not: closing the lost connection restores the running task's unacknowledged message through a
transport it has already closed, the worker stops with "Unrecoverable error: AttributeError" and exits once the
task ends. 5.6.3 reconnects and goes on: this pins the version we run to one that recovers."""

import subprocess
import time

import pytest

from config.celery import app as celery_app
from tests.integration.conftest import free_port, redis_server, start_worker, stop_worker, wait_for, worker_env


@pytest.fixture
def private_broker(real_services):
    port = free_port()
    servers = [redis_server(port)]
    yield port, servers  # the test appends the server it starts again
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_a_worker_running_a_task_through_a_broker_outage_consumes_again_once_it_is_back(private_broker, tmp_path):
    port, servers = private_broker
    url = f"redis://127.0.0.1:{port}/0"

    def send(seconds: float, done) -> None:  # to this broker, not the configured one
        with celery_app.connection_for_write(url) as conn:
            celery_app.send_task("probe.sleep", args=[seconds, str(done)], connection=conn)

    env = worker_env(CELERY_BROKER_URL=url, CELERY_VISIBILITY_TIMEOUT="4")
    worker = start_worker("--include=tests.integration.probe_tasks", "--without-heartbeat", env=env)
    try:
        running = tmp_path / "running"
        send(6, running)
        assert wait_for(lambda: _log(worker).count("] received") == 1, timeout=60), "the task never started"
        # The broker goes down while the task runs, and comes back empty.
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False, timeout=10)
        time.sleep(4)
        servers.append(redis_server(port))
        quick = [tmp_path / f"quick-{n}" for n in range(3)]
        for path in quick:
            send(0, path)
        assert wait_for(lambda: all(p.exists() for p in quick), timeout=60), "the worker stopped consuming"
        assert running.exists()  # the task that ran through the outage finished
        assert worker.poll() is None, "the worker exited"
    finally:
        output = stop_worker(worker)
    assert "Unrecoverable error" not in output, output[-3000:]


def _log(worker) -> str:
    worker.log.seek(0)
    return worker.log.read().decode(errors="replace")
