"""LTI scores posted by a real Celery worker (PostgreSQL, Redis) to the simulated platform, which is down while the
grades are made: every score arrives once it is back, each once (the outbox's retries with backoff, and the sweep
as beat runs it)."""

from collections import Counter

from django.test import Client

from classroom.lti.models import LtiGradeLink, LtiScore
from classroom.lti.scores import scores_requeue
from quizzes.services import attempt_start, attempt_submit, responses_save
from tests.classroom.lti.conftest import Lms, lti_quiz, register
from tests.integration.conftest import wait_for
from tests.quizzes.factories import key_responses

STUDENTS = 6


def _launch_students(lms: Lms, quiz) -> list:
    users = []
    for n in range(STUDENTS):
        client = Client()
        response, _form = lms.launch(client, sub=f"learner-{n}", custom={"quiz": quiz.slug})
        assert response.status_code == 302, response.content[:300]
        users.append(LtiGradeLink.objects.get(lti_user__sub=f"learner-{n}").student)
    return users


def test_scores_posted_while_the_platform_is_down_all_arrive_once_it_is_back(celery_worker, platform):
    lms = Lms(platform, register(platform))
    quiz = lti_quiz("lti-outage")
    students = _launch_students(lms, quiz)
    platform.down()
    for student in students:  # each submit commits, and queues its grading on the real broker
        attempt = attempt_start(student=student, quiz=quiz)
        responses_save(attempt=attempt, student=student, responses=key_responses(attempt))
        attempt_submit(attempt=attempt)
    failed = wait_for(
        lambda: LtiScore.objects.filter(attempts__gte=1).count() == STUDENTS, timeout=90
    )  # graded by the worker, and each post refused
    assert failed, list(LtiScore.objects.values("status", "attempts", "last_error"))
    assert platform.scores == [] and not LtiScore.objects.filter(status=LtiScore.Status.SENT).exists()
    platform.up()

    def all_sent() -> bool:
        scores_requeue()  # what beat runs every minute; the retries' own countdowns usually come first
        return LtiScore.objects.filter(status=LtiScore.Status.SENT).count() == STUDENTS

    assert wait_for(all_sent, timeout=120, interval=1), list(LtiScore.objects.values("status", "last_error"))
    received = Counter(score["userId"] for score in platform.scores)
    assert received == {f"learner-{n}": 1 for n in range(STUDENTS)}
    assert {score["scoreGiven"] for score in platform.scores} == {4.0}
