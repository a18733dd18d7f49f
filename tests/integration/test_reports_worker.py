"""Weekly progress reports through Redis and a real worker on PostgreSQL: run twice, emailed once."""

import email
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from classroom.models import ProgressReport
from classroom.services import assignment_create, classroom_create, enrollment_join
from classroom.tasks import send_progress_reports
from quizzes.services import attempt_grade, attempt_start, attempt_submit, responses_save
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.factories import UserFactory, teachers_group
from tests.integration.conftest import start_worker, stop_worker, wait_for, worker_env
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, shown_id

WEEK = date(2030, 3, 4)
IN_WEEK = datetime(2030, 3, 6, 10, 0, tzinfo=ZoneInfo("Europe/London"))
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file-based backend writes after each message


@pytest.fixture
def mailbox(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def reports_worker(broker, mailbox):
    """The real worker, with emails written to files the test can read (the worker runs config.settings.local,
    which keeps an EMAIL_BACKEND given in the environment)."""
    mailbox.mkdir()
    env = worker_env(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mailbox))
    proc = start_worker(env=env)
    yield proc
    print(stop_worker(proc)[-3000:])


def _teacher(username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(teachers_group())
    return user


def _school(size: int) -> list:
    """One class with two teachers and `size` students who each took its quiz in the week."""
    first, second = _teacher("t1"), _teacher("t2")
    classroom = classroom_create(name="Period 3", teacher=first)
    classroom.teachers.add(second)
    quiz = QuizFactory(title="Thaw quiz")
    question = QuestionFactory(quiz=quiz, study_item=StudyItemFactory(brief=BriefFactory(), anchor="thaw"))
    right, wrong = OptionFactory(question=question, fraction=1), OptionFactory(question=question, fraction=0)
    assignment_create(classroom=classroom, assigned_by=first, quiz=quiz, available_from=IN_WEEK - timedelta(days=9))
    students = [UserFactory(username=f"s{n}") for n in range(size)]
    for n, student in enumerate(students):
        enrollment_join(student=student, code=classroom.join_code)
        attempt = attempt_start(student=student, quiz=quiz, now=IN_WEEK)
        answer = {"choice": shown_id(attempt, right if n % 2 else wrong)}
        responses_save(attempt=attempt, student=student, responses=[{"question": question.pk, "answer": answer}],
                       now=IN_WEEK)  # fmt: skip
        attempt_submit(attempt=attempt, now=IN_WEEK)
        attempt_grade(attempt_id=attempt.pk, now=IN_WEEK)  # the worker may grade it first: either way, once
    return [first, second, *students]


def _messages(mailbox) -> list[email.message.Message]:
    chunks = [c for path in sorted(mailbox.iterdir()) for c in path.read_bytes().split(SEPARATOR)]
    return [email.message_from_bytes(chunk) for chunk in chunks if chunk.strip()]


def _worker_idle(broker) -> bool:
    """Nothing queued in Redis and nothing running or reserved in the worker."""
    with broker.connection_for_read() as conn:
        queued = conn.default_channel.client.llen("celery")
    inspect = broker.control.inspect(timeout=1)
    busy = [t for reply in (inspect.active() or {}, inspect.reserved() or {}) for ts in reply.values() for t in ts]
    return queued == 0 and not busy


def test_running_twice_for_the_same_period_emails_each_recipient_once(reports_worker, broker, mailbox):
    assert connection.vendor == "postgresql"
    recipients = _school(12)
    # Twice at once: the two runs' chunks race in the worker's two processes (row locks, skip_locked).
    send_progress_reports.delay(WEEK.isoformat())
    send_progress_reports.delay(WEEK.isoformat())
    sent = ProgressReport.objects.filter(period_start=WEEK, sent_at__isnull=False)
    assert wait_for(lambda: sent.count() == len(recipients), timeout=120), "the worker did not send every report"
    assert wait_for(lambda: _worker_idle(broker) and _worker_idle(broker), timeout=60)
    time.sleep(1)  # a file being written when the worker went idle
    # And a third time, after the others: it finds everything sent.
    send_progress_reports.delay(WEEK.isoformat())
    assert wait_for(lambda: _worker_idle(broker) and _worker_idle(broker), timeout=60)

    messages = _messages(mailbox)
    assert sorted(m["To"] for m in messages) == sorted(user.email for user in recipients)
    assert ProgressReport.objects.filter(period_start=WEEK).count() == len(recipients)
    assert not ProgressReport.objects.filter(sent_at__isnull=True).exists()
    student_mail = next(m for m in messages if m["To"] == "s1@example.org")
    types = {part.get_content_type() for part in student_mail.walk()}
    assert {"multipart/related", "text/plain", "text/html", "image/png"} <= types
