"""Webhook services against the database and a receiver on 127.0.0.1: the outbox follows the event's
transaction, each class's endpoint hears only its class, failures are retried then given up, a dead endpoint is
disabled and its owner told, "send again" and the sweep."""

import json
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from classroom.models import ProgressReport
from classroom.services import assignment_create, essay_score
from classroom.webhooks import services
from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from quizzes.models import Response
from quizzes.services import attempt_grade, attempt_start, attempt_submit, quiz_add_questions
from quizzes.types import QuestionData
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, choosing, one_question_quiz, take_attempt

Status = WebhookDelivery.Status


@pytest.fixture
def assigned_quiz(classroom, teacher):
    quiz, _question, right = one_question_quiz(slug="thaw")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    return quiz, right


def _events(receiver) -> list[tuple[str, dict]]:
    return [(json.loads(body)["type"], json.loads(body)["data"]) for _headers, body in receiver.requests]


def test_a_graded_attempt_reaches_its_class_and_the_admin_signed_and_no_other_class(
    receiver, endpoint_for, assigned_quiz, student, teacher, admin_user, other_teacher, other_classroom,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    quiz, right = assigned_quiz
    ours, admins = endpoint_for(teacher, classroom=teacher.classes_taught.get()), endpoint_for(admin_user)
    theirs = endpoint_for(other_teacher, classroom=other_classroom)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = take_attempt(student, quiz, choosing(right))
    delivered = WebhookDelivery.objects.filter(status=Status.DELIVERED)
    assert sorted(delivered.values_list("endpoint_id", "event")) == sorted(
        (e.pk, kind) for e in (ours, admins) for kind in ("attempt.submitted", "attempt.graded")
    )
    assert not WebhookDelivery.objects.filter(endpoint=theirs).exists()
    by_id = {d.message_id: d for d in delivered.select_related("endpoint")}
    for headers, body in receiver.requests:  # the reference library accepts every request
        assert Webhook(by_id[headers["webhook-id"]].endpoint.secret).verify(body, headers)
    graded = [data for kind, data in _events(receiver) if kind == "attempt.graded"]
    assert graded[0]["attempt"] | {"graded_at": None} == {
        "id": attempt.pk, "quiz": "thaw", "student": student.pk, "number": 1, "status": "graded",
        "score": 1.0, "max_score": 1.0, "submitted_at": attempt.submitted_at.isoformat(), "graded_at": None,
    }  # fmt: skip
    row = delivered.first()
    assert (row.attempts, row.response_code, row.duration_ms is not None) == (1, 204, True)


def test_the_outbox_is_rolled_back_with_the_event(endpoint_for, admin_user, student):
    endpoint_for(admin_user)
    quiz, _q, _right = one_question_quiz()
    attempt = attempt_start(student=student, quiz=quiz)
    with pytest.raises(RuntimeError), transaction.atomic():
        attempt_submit(attempt=attempt)
        assert WebhookDelivery.objects.filter(event="attempt.submitted").count() == 1
        raise RuntimeError("the request failed after the submit")
    assert not WebhookDelivery.objects.exists()


def test_nothing_is_written_when_nobody_listens_or_for_events_not_chosen(endpoint_for, admin_user, student):
    quiz, _q, right = one_question_quiz()
    take_attempt(student, quiz, choosing(right))
    endpoint_for(admin_user, events=["report.sent"])
    take_attempt(UserFactory(), quiz, choosing(right))
    assert not WebhookDelivery.objects.exists()


def test_an_essay_marked_tells_response_marked_then_attempt_graded(
    endpoint_for, teacher, classroom, student, django_capture_on_commit_callbacks, receiver
):
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=[QuestionData(type="essay", prompt="Why?", points=4)])
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    endpoint_for(teacher, classroom=classroom, events=["response.marked", "attempt.graded"])
    essay = quiz.questions.get()
    attempt = take_attempt(student, quiz, [{"question": essay.pk, "answer": {"text": "Because."}}])
    assert attempt.status == "needs_review" and not WebhookDelivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        essay_score(reviewer=teacher, response=Response.objects.get(attempt=attempt), score=3, feedback="Good")
    (marked, data), (graded, _data) = _events(receiver)
    assert (marked, graded) == ("response.marked", "attempt.graded")
    assert (data["response"]["score"], data["response"]["feedback"], data["attempt"]["id"]) == (3, "Good", attempt.pk)


def test_assignment_created_and_report_sent_reach_the_class(
    endpoint_for, teacher, classroom, student, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(teacher, classroom=classroom, events=["assignment.created", "report.sent"])
    quiz, _q, _right = one_question_quiz(slug="ouster")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    report = ProgressReport.objects.create(
        kind="student", student=student, recipient=student, period_start=date(2030, 3, 4),
        period_end=date(2030, 3, 10), sent_at=timezone.now(),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.webhook_event_record(event="report.sent", ids=[report.pk])
    (created, assigned), (sent, reported) = _events(receiver)
    assert (created, assigned["assignment"]["id"], assigned["assignment"]["quiz"]) == (
        "assignment.created", assignment.pk, "ouster"
    )  # fmt: skip
    assert (sent, reported["report"]["id"], reported["report"]["student"]) == ("report.sent", report.pk, student.pk)


def test_a_failing_receiver_is_retried_later_with_backoff_then_given_up(receiver, endpoint_for, admin_user):
    receiver.answer = lambda headers, body: 503
    endpoint = endpoint_for(admin_user)
    delivery = _delivery(endpoint)
    assert services.webhook_deliveries_send(ids=[delivery.pk]) == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Status.PENDING, 1, 503)
    assert 2 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 5
    assert services.webhook_deliveries_send(ids=[delivery.pk]) == 0  # not due yet: not sent
    assert len(receiver.requests) == 1
    WebhookDelivery.objects.update(next_attempt_at=timezone.now(), retry_until=timezone.now())
    services.webhook_deliveries_send(ids=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(set(receiver.ids()))) == (Status.FAILED, 2, 1)  # one webhook-id


def test_an_endpoint_failing_for_24_hours_is_disabled_and_its_owner_emailed(
    receiver, endpoint_for, teacher, classroom, django_capture_on_commit_callbacks
):
    receiver.answer = lambda headers, body: 500
    endpoint = endpoint_for(teacher, classroom=classroom)
    services.webhook_deliveries_send(ids=[_delivery(endpoint).pk])
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since is not None
    WebhookEndpoint.objects.update(failing_since=timezone.now() - timedelta(hours=24, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_deliveries_send(ids=[_delivery(endpoint).pk])
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.disabled_at is not None) == (False, True)
    assert [m.to for m in mail.outbox] == [[teacher.email]] and endpoint.url in mail.outbox[0].subject
    assert services.webhook_deliveries_send(ids=[_delivery(endpoint).pk]) == 0  # a disabled endpoint gets nothing


def test_an_answer_clears_the_failing_mark(receiver, endpoint_for, admin_user):
    endpoint = endpoint_for(admin_user)
    WebhookEndpoint.objects.update(failing_since=timezone.now() - timedelta(hours=23))
    services.webhook_deliveries_send(ids=[_delivery(endpoint).pk])
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_send_again_sends_the_same_message_again(
    receiver, endpoint_for, admin_user, django_capture_on_commit_callbacks
):
    delivery = _delivery(endpoint_for(admin_user))
    services.webhook_deliveries_send(ids=[delivery.pk])
    assert services.webhook_deliveries_send(ids=[delivery.pk]) == 0  # delivered: a redelivered task sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_delivery_resend(deliveries=[delivery])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, receiver.ids()) == (Status.DELIVERED, 2, [delivery.message_id] * 2)


def test_the_sweep_queues_what_is_due_and_not_held(endpoint_for, admin_user, receiver):
    endpoint = endpoint_for(admin_user)
    long_ago = timezone.now() - timedelta(minutes=5)
    lost, held, _early = _delivery(endpoint), _delivery(endpoint), _delivery(endpoint)
    WebhookDelivery.objects.filter(pk__in=[lost.pk, held.pk]).update(next_attempt_at=long_ago)
    WebhookDelivery.objects.filter(pk=held.pk).update(leased_until=timezone.now() + timedelta(minutes=1))
    assert services.webhook_deliveries_requeue() == 1  # eager: sent at once
    assert receiver.ids() == [lost.message_id]


def test_a_private_target_is_refused_unless_allowed(endpoint_for, admin_user, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    delivery = _delivery(endpoint_for(admin_user))
    services.webhook_deliveries_send(ids=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, receiver.requests) == (Status.PENDING, None, [])
    assert "private, loopback or link-local" in delivery.last_error


def test_recording_an_event_takes_the_same_queries_for_one_attempt_or_fifty(
    endpoint_for, teacher, classroom, admin_user, django_assert_max_num_queries
):
    endpoint_for(teacher, classroom=classroom)
    endpoint_for(admin_user)
    quiz, _q, _right = one_question_quiz()
    attempts = [attempt_start(student=UserFactory(), quiz=quiz) for _ in range(50)]
    for ids in ([attempts[0].pk], [a.pk for a in attempts[1:]]):
        with django_assert_max_num_queries(6):
            services.webhook_event_record(event="attempt.submitted", ids=ids)
    assert WebhookDelivery.objects.count() == 50  # the admin's only: they are not the class's students


def test_sending_a_batch_takes_the_same_queries_for_few_or_many(
    endpoint_for, admin_user, django_assert_max_num_queries
):
    endpoint = endpoint_for(admin_user)
    for count in (2, services.CLAIM):
        ids = [_delivery(endpoint).pk for _ in range(count)]
        with django_assert_max_num_queries(10):
            assert services.webhook_deliveries_send(ids=ids) == count


def _delivery(endpoint) -> WebhookDelivery:
    now = timezone.now()
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event="attempt.graded", payload={"type": "attempt.graded", "data": {"n": time.time()}},
        retry_until=now + timedelta(hours=24),
    )  # fmt: skip


def test_grading_through_the_service_in_a_batch_tells_each_graded_attempt(endpoint_for, admin_user):
    quiz, _q, right = one_question_quiz()
    attempts = [attempt_start(student=UserFactory(), quiz=quiz) for _ in range(3)]
    for attempt in attempts:
        attempt_submit(attempt=attempt)
    endpoint_for(admin_user, events=["attempt.graded"])
    attempt_grade(attempt_id=attempts[0].pk)
    graded = WebhookDelivery.objects.filter(event="attempt.graded")
    assert sorted(d.payload["data"]["attempt"]["id"] for d in graded) == sorted(a.pk for a in attempts)
