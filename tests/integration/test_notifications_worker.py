"""Notification emails through a real beat and worker on Redis and PostgreSQL: each email is sent once, through a
worker killed mid-sending and a broker outage.

Once is counted in the emails the worker wrote (Django's file backend, into a temporary directory), by their
Message-ID, which is the outbox row's. A kill that lands after the file is written and before the row is marked
sent re-sends that one message (with the same Message-ID, so it is still one email to the reader); the test
allows at most one such copy per killed process, and none otherwise."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from classroom.models import Enrollment, Notification, User
from classroom.services import announcement_post, assignment_create, classroom_create
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory, teachers_group
from tests.integration.conftest import ROOT, free_port, redis_server, terminate, wait_for, worker_env

STUDENTS = 400


class Stack:
    """A private Redis (so the test can take it down), `celery beat` on the database scheduler and a worker; each
    one's output in its own log file."""

    def __init__(self, tmp: Path):
        self.port, self.tmp = free_port(), tmp
        self.mailbox = tmp / "mail"
        self.mailbox.mkdir()
        self.redis: subprocess.Popen | None = None
        self.procs: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        return worker_env(
            CELERY_BROKER_URL=f"redis://127.0.0.1:{self.port}/0",
            CELERY_VISIBILITY_TIMEOUT="4",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mailbox),
        )

    def start(self, *args: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"]
        with (self.tmp / f"{args[0]}.log").open("ab") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env(), stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def worker(self) -> subprocess.Popen:
        return self.start("worker", "--concurrency=2", "--pool=prefork", "--without-gossip", "--without-mingle",
                          "--without-heartbeat")  # fmt: skip

    def beat(self) -> subprocess.Popen:
        return self.start("beat", "-S", "django_celery_beat.schedulers:DatabaseScheduler", "--max-interval=1",
                          f"--pidfile={self.tmp / 'beat.pid'}")  # fmt: skip

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                terminate(proc)
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    def message_ids(self) -> Counter:
        text = "".join(path.read_text(errors="replace") for path in self.mailbox.iterdir())
        return Counter(re.findall(r"^Message-ID: (<notification\.[^>]+>)$", text, re.M))


@pytest.fixture
def stack(real_services, transactional_db, tmp_path):
    stack = Stack(tmp_path)
    stack.redis = redis_server(stack.port)
    yield stack
    stack.close()  # before the database is flushed
    for log in ("worker.log", "beat.log"):  # shown when the test fails
        if (tmp_path / log).exists():
            print(f"--- {log}", (tmp_path / log).read_text(errors="replace")[-6000:], sep="\n")


def _school():
    teacher = UserFactory(username="teach", is_staff=True)
    teacher.groups.add(teachers_group())
    classroom = classroom_create(name="Period 5", teacher=teacher)
    password = make_password("pw-Classroom-123")
    students = User.objects.bulk_create(
        User(username=f"s{n}", email=f"s{n}@example.org", password=password) for n in range(STUDENTS)
    )
    Enrollment.objects.bulk_create(Enrollment(student=s, classroom=classroom) for s in students)
    now = timezone.now()
    assignment_create(classroom=classroom, assigned_by=teacher, brief=BriefFactory(title="Thaw brief"),
                      available_from=now - timedelta(days=3), due_at=now + timedelta(hours=6))  # fmt: skip
    announcement_post(author=teacher, classroom=classroom, title="Test on Friday", body="Bring a pen.")
    return teacher, classroom


def _every_two_seconds() -> None:
    """What migration 0013 stores (every minute), faster (and again if an earlier test's flush emptied the table)."""
    every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="Notification emails", defaults={"task": "classroom.send_notifications", "interval": every}
    )


def _sent() -> int:
    return Notification.objects.exclude(sent_at=None).count()


def _pool_children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def test_each_notification_is_emailed_once_through_a_worker_kill_and_a_broker_outage(stack):
    teacher, classroom = _school()
    _every_two_seconds()
    stack.beat()
    worker = stack.worker()

    # A pool child killed while it sends: the worker rejects its task, beat's next tick sends the rest.
    assert wait_for(lambda: _sent() >= 20, timeout=90, interval=0.05), "sending never started"
    for child in _pool_children(worker.pid):
        os.kill(child, signal.SIGKILL)
    kills = 2
    assert _sent() < 2 * STUDENTS, "the kill came too late to test anything"
    assert wait_for(lambda: _sent() == 2 * STUDENTS, timeout=120), f"sent {_sent()} of {2 * STUDENTS}"

    # The broker goes down; an announcement is posted meanwhile; the broker comes back empty.
    stack.redis.terminate()
    stack.redis.wait(timeout=10)
    announcement_post(author=teacher, classroom=classroom, title="Room change", body="Room 12.")
    time.sleep(4)  # beat's ticks fail to reach the broker
    assert _sent() == 2 * STUDENTS
    stack.redis = redis_server(stack.port)
    assert wait_for(lambda: _sent() == 3 * STUDENTS, timeout=120), f"sent {_sent()} of {3 * STUDENTS}"
    time.sleep(3)  # more ticks: they find nothing to send
    stack.close()

    ids = stack.message_ids()
    assert Notification.objects.count() == 3 * STUDENTS  # one row per student and event
    expected = {f"<notification.{n.pk}.{n.student_id}@notifications.classroom>" for n in Notification.objects.all()}
    assert set(ids) == expected  # every email sent...
    copies = sum(ids.values()) - len(ids)
    assert copies <= kills, f"{copies} emails re-sent"  # ...once, but for a kill between sending and marking
