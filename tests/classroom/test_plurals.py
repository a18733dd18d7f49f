"""Counts read right in the singular and the plural (issue 24, point 12): ngettext, never "1 briefs studied"."""

from datetime import timedelta

import pytest
from django.test import override_settings

from classroom.lockout import lockout_message
from classroom.services import reading_record
from quizzes.services import attempt_start
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import one_question_quiz

pytestmark = pytest.mark.django_db


def test_the_progress_page_says_one_brief_studied_and_two_briefs_studied(client, student):
    client.force_login(student)
    reading_record(student=student, brief=BriefFactory(), studied=True)
    html = client.get("/progress/").content.decode()
    assert "1</span> brief studied" in html and "briefs studied" not in html
    assert "0</span> quizzes marked" in html
    reading_record(student=student, brief=BriefFactory(), studied=True)
    assert "2</span> briefs studied" in client.get("/progress/").content.decode()


def test_the_submit_summary_of_a_one_question_quiz_is_singular(client, student):
    quiz, _question, _right = one_question_quiz()
    attempt = attempt_start(student=student, quiz=quiz)
    client.force_login(student)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'data-summary="You answered %(answered)s of 1 question."' in html


@pytest.mark.parametrize(("minutes", "words"), [(1, "in 1 minute."), (30, "in 30 minutes.")])
def test_the_lockout_message_counts_minutes(minutes, words):
    with override_settings(AXES_COOLOFF_TIME=timedelta(minutes=minutes)):
        assert lockout_message().endswith(words)
