"""Grades to the LMS (AGS), run eagerly: a launched student's graded attempt reaches the simulated platform's line
item; the platform down while grades are posted loses none of them once it is back; a grade is posted once per
version; the access token is fetched once and reused."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classroom.lti.models import LtiGradeLink, LtiScore
from classroom.lti.scores import scores_record, scores_requeue
from quizzes.models import Attempt, Response
from quizzes.services import attempt_start, attempt_submit, quiz_add_questions, responses_save
from quizzes.services.grading import quiz_regrade, response_review
from quizzes.signals import attempt_events
from quizzes.types import QuestionData
from tests.classroom.lti.conftest import lti_quiz
from tests.classroom.lti.platform import AGS, SCOPES
from tests.factories import UserFactory
from tests.quizzes.factories import key_responses

pytestmark = pytest.mark.django_db


def _take(client, quiz, *, right: bool = True) -> int:
    """Start, answer and submit through the API, as the signed-in (launched) student; grading runs on commit."""
    started = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/", {}, content_type="application/json")
    assert started.status_code == 201, started.content
    attempt = Attempt.objects.get(pk=started.json()["id"])
    answers = key_responses(attempt) if right else []
    saved = client.patch(f"/api/v1/attempts/{attempt.pk}/", {"responses": answers}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert (
            client.post(f"/api/v1/attempts/{attempt.pk}/submit/", {}, content_type="application/json").status_code
            == 202
        )
    return attempt.pk


def test_launch_quiz_submit_grade_and_the_score_arrives_at_the_platform(client, lms, platform):
    quiz = lti_quiz()
    response, _form = lms.launch(client, custom={"quiz": quiz.slug})
    assert response.status_code == 302
    attempt_id = _take(client, quiz)
    assert Attempt.objects.get(pk=attempt_id).status == "graded"
    [score] = platform.scores
    assert score["lineitem"] == "/lineitems/1" and score["userId"] == "learner-1"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (4.0, 4.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert LtiScore.objects.get().status == LtiScore.Status.SENT and platform.token_requests == 1
    _take(client, quiz, right=False)  # a second attempt: a second score, with the token from the cache
    assert [s["scoreGiven"] for s in platform.scores] == [4.0, 0.0] and platform.token_requests == 1


def _no_lineitem(claims: dict) -> None:
    """A link added by hand in the LMS, with no grade column: the platform names only its line items' URL."""
    del claims[AGS]["lineitem"]


def test_a_link_without_a_line_item_gets_one_column_made_by_the_tool_for_all_its_students(client, lms, platform):
    quiz = lti_quiz()
    lms.launch(client, custom={"quiz": quiz.slug}, mutate=_no_lineitem)
    _take(client, quiz)
    made = platform.lineitems[-1]
    assert len(platform.lineitems) == 2 and made["id"].endswith("/lineitems/2")
    assert (made["resourceLinkId"], made["resourceId"], made["tag"]) == ("link-1", quiz.slug, f"quiz:{quiz.slug}")
    assert (made["label"], made["scoreMaximum"]) == ("Khrushchev", 4.0)
    assert [(s["lineitem"], s["scoreGiven"]) for s in platform.scores] == [("/lineitems/2", 4.0)]
    client.logout()
    lms.launch(client, sub="learner-2", custom={"quiz": quiz.slug}, mutate=_no_lineitem)  # a classmate, same link
    assert LtiGradeLink.objects.get(lti_user__sub="learner-2").lineitem_url == made["id"]
    _take(client, quiz, right=False)
    assert len(platform.lineitems) == 2  # no second column
    assert [(s["lineitem"], s["userId"]) for s in platform.scores][-1] == ("/lineitems/2", "learner-2")


def test_a_column_made_before_a_lost_answer_is_found_not_made_again(client, lms, platform):
    quiz = lti_quiz()
    lms.launch(client, custom={"quiz": quiz.slug}, mutate=_no_lineitem)
    platform.lineitems.append({"id": platform.url("/lineitems/7"), "resourceLinkId": "link-1", "label": "Kept"})
    _take(client, quiz)
    assert len(platform.lineitems) == 2 and [s["lineitem"] for s in platform.scores] == ["/lineitems/7"]


def test_a_link_without_a_line_item_nor_the_right_to_make_one_sends_nothing(client, lms, platform):
    quiz = lti_quiz()

    def read_only(claims: dict) -> None:
        _no_lineitem(claims)
        claims[AGS]["scope"] = [s for s in SCOPES if not s.endswith("/lineitem")]

    lms.launch(client, custom={"quiz": quiz.slug}, mutate=read_only)
    _take(client, quiz)
    assert not LtiGradeLink.objects.exists() and not LtiScore.objects.exists() and platform.scores == []


def test_the_platform_down_while_grades_are_posted_gets_every_score_once_it_is_back(client, lms, platform):
    quiz = lti_quiz()
    lms.launch(client, custom={"quiz": quiz.slug})
    platform.down()
    ids = [_take(client, quiz, right=n % 2 == 0) for n in range(3)]
    scores = LtiScore.objects.order_by("id")
    assert [s.status for s in scores] == ["pending"] * 3 and all("ConnectionError" in s.last_error for s in scores)
    assert platform.scores == []
    platform.up()  # the same port, now answering
    LtiScore.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))  # time passes: the retries are due
    assert scores_requeue() == 3  # the sweep
    assert sorted(s["scoreGiven"] for s in platform.scores) == [0.0, 4.0, 4.0]
    assert set(LtiScore.objects.values_list("status", flat=True)) == {"sent"}
    assert scores_requeue(now=timezone.now() + timedelta(hours=2)) == 0 and len(platform.scores) == 3
    assert sorted(LtiScore.objects.values_list("attempt_id", flat=True)) == ids


def test_a_grade_is_one_row_per_version_and_the_same_grade_again_is_not_posted_again(client, lms, platform):
    quiz = lti_quiz()
    lms.launch(client, custom={"quiz": quiz.slug})
    attempt_id = _take(client, quiz)
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempt_events.send(sender=Attempt, event="attempt.graded", ids=[attempt_id])  # told twice
    assert LtiScore.objects.count() == 1 and len(platform.scores) == 1
    Attempt.objects.filter(pk=attempt_id).update(score=3.0)  # a regrade or a marked essay changed it
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert len(scores_record(attempt_ids=[attempt_id])) == 1
    assert list(LtiScore.objects.order_by("version").values_list("version", "score_given")) == [(1, 4.0), (2, 3.0)]
    assert [s["scoreGiven"] for s in platform.scores] == [4.0, 3.0]


def test_a_regrade_that_changes_the_grade_posts_it_and_one_that_does_not_posts_nothing(client, lms, platform):
    quiz = lti_quiz()
    lms.launch(client, custom={"quiz": quiz.slug})
    _take(client, quiz)
    with TestCase.captureOnCommitCallbacks(execute=True):
        quiz_regrade(quiz=quiz)  # nothing changed
    assert LtiScore.objects.count() == 1 and len(platform.scores) == 1
    quiz.questions.filter(type="true_false").update(points=3)  # the teacher makes a question worth more
    with TestCase.captureOnCommitCallbacks(execute=True):
        quiz_regrade(quiz=quiz)
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in platform.scores] == [(4.0, 4.0), (5.0, 5.0)]


def test_attempts_not_launched_from_an_lms_write_nothing(student, lms):
    quiz = lti_quiz()
    quiz.open_to_all = True
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz)
    responses_save(attempt=attempt, student=student, responses=key_responses(attempt))
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempt_submit(attempt=attempt)
    assert Attempt.objects.get(pk=attempt.pk).status == "graded" and not LtiScore.objects.exists()


def _graded_attempts(quiz, link: LtiGradeLink, count: int) -> list[int]:
    """`count` students' graded attempts, each launched from the same LMS link."""
    ids = []
    for student in UserFactory.create_batch(count):
        LtiGradeLink.objects.create(
            student=student, quiz=quiz, resource_link=link.resource_link, lti_user=link.lti_user,
            lineitem_url=link.lineitem_url, scopes=link.scopes,
        )  # fmt: skip
        ids.append(attempt_start(student=student, quiz=quiz).pk)
    now = timezone.now()
    Attempt.objects.filter(pk__in=ids).update(
        status="graded", score=4.0, max_score=4.0, submitted_at=now, graded_at=now
    )
    return ids


def test_recording_scores_takes_the_same_queries_for_one_attempt_or_many(client, lms):
    quiz = lti_quiz()
    quiz.open_to_all = True
    quiz.save()
    lms.launch(client, custom={"quiz": quiz.slug})
    link = LtiGradeLink.objects.get()
    one, many = _graded_attempts(quiz, link, 1), _graded_attempts(quiz, link, 8)
    counts = []
    for ids in (one, many):
        with CaptureQueriesContext(connection) as queries:
            scores_record(attempt_ids=ids)
        counts.append(len(queries))
    assert counts[0] == counts[1] == 4  # the attempts, their links, their last scores, one insert
    assert LtiScore.objects.count() == 9


def test_an_attempt_waiting_for_an_essay_is_posted_once_marked_with_its_full_grade(client, lms, platform, teacher):
    quiz = lti_quiz()
    quiz_add_questions(quiz=quiz, questions=[QuestionData(type="essay", prompt="Why did the Thaw end?", points=2)])
    lms.launch(client, custom={"quiz": quiz.slug})
    attempt_id = _take(client, quiz)
    assert Attempt.objects.get(pk=attempt_id).status == "needs_review" and platform.scores == []
    essay = Response.objects.get(attempt_id=attempt_id, question__type="essay")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response_review(response=essay, reviewer=teacher, score=1.5)  # "response.marked" and "attempt.graded"
    assert [(s["gradingProgress"], s["scoreGiven"], s["scoreMaximum"]) for s in platform.scores] == [
        ("FullyGraded", 5.5, 6.0)
    ]
    assert LtiScore.objects.count() == 1  # two events in the marking's transaction, one grade
