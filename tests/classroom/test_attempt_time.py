"""The time an attempt page shows is the time that applies (issue 24, point 4): a countdown only for a timed
attempt; an untimed one says when it is due, and follows a due date changed after the start."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from quizzes.services import attempt_start
from quizzes.timing import due_label
from tests.classroom.test_due_dates import move, opened  # noqa: F401 - the fixture
from tests.quizzes.factories import one_question_quiz

pytestmark = pytest.mark.django_db


def page(client, student, attempt) -> str:
    client.force_login(student)
    return client.get(f"/attempts/{attempt.pk}/").content.decode()


def test_an_untimed_attempt_shows_its_due_date_not_a_countdown(opened, client, student):  # noqa: F811
    assignment, attempt, _answer = opened
    html = page(client, student, attempt)
    assert "data-timer" not in html and "Time left" not in html
    assert re.search(r"Due \w+day \d\d:\d\d · in 2 days", html)


def test_the_due_date_shown_follows_a_change_after_the_start(opened, client, student):  # noqa: F811
    assignment, attempt, _answer = opened
    later = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    move(assignment, later)
    html = page(client, student, attempt)
    assert date_format(timezone.localtime(later), "j M H:i") in html and "in 20 days" in html


def test_a_timed_attempt_counts_down(client, student):
    quiz, _question, _right = one_question_quiz(time_limit=timedelta(minutes=20))
    html = page(client, student, attempt_start(student=student, quiz=quiz))
    assert "data-timer" in html and "Time left" in html and "Due " not in html


@pytest.mark.parametrize(
    ("left", "words"),
    [(timedelta(days=1), "in 1 day"), (timedelta(hours=5), "in 5 hours"), (timedelta(minutes=1), "in 1 minute")],
)
def test_due_labels_use_the_right_plural(left, words):
    now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    assert due_label(now + left, now).endswith(words)
