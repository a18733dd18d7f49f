"""Race and replay: concurrent submits finalize and grade once; late or stale saves are refused.

Thread races need row locks, so they run on PostgreSQL (the CI's second pass); SQLite
serializes writers anyway and says nothing about locking."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from quizzes.models import Attempt, AttemptStatus
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL; CI runs this there"
)


def started_attempt(student, n_questions=3):
    quiz = QuizFactory(open_to_all=True)  # a student of no class may take it
    for _ in range(n_questions):
        question = QuestionFactory(quiz=quiz)
        OptionFactory(question=question, fraction=1)
        OptionFactory(question=question, fraction=0)
    client = APIClient()
    client.force_authenticate(student)
    body = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/").json()
    return client, body


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submits_finalize_once_and_grade_once(monkeypatch):
    from quizzes.tasks import grade_attempt_task

    student = UserFactory(username="racer")
    _client, body = started_attempt(student)
    queued, real_apply_async = [], grade_attempt_task.apply_async

    def counting_apply_async(args, **options):
        queued.extend(args)  # grading is queued only by the submit that changed the state
        return real_apply_async(args, **options)

    monkeypatch.setattr(grade_attempt_task, "apply_async", counting_apply_async)
    statuses, barrier = [], threading.Barrier(50)

    def submit():
        client = APIClient()
        client.force_authenticate(student)
        barrier.wait()
        statuses.append(client.post(f"/api/v1/attempts/{body['id']}/submit/").status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert statuses == [202] * 50
    attempt = Attempt.objects.get(pk=body["id"])
    assert attempt.status == AttemptStatus.GRADED
    assert queued == [body["id"]], f"grading queued {len(queued)} times"
    assert attempt.submitted_at is not None and attempt.graded_at is not None


@pytest.mark.django_db
def test_answers_after_deadline_plus_grace_are_refused(settings):
    student = UserFactory(username="late")
    client, body = started_attempt(student)
    question = body["questions"][0]
    answer = {"responses": [{"question": question["id"], "answer": {"choice": question["choices"][0]["id"]}}]}
    Attempt.objects.filter(pk=body["id"]).update(
        deadline=timezone.now() - timedelta(seconds=settings.QUIZ_GRACE_SECONDS + 1)
    )
    response = client.patch(f"/api/v1/attempts/{body['id']}/", answer, format="json")
    assert response.status_code == 422
    assert "Time is up" in response.json()["detail"]
    assert not Attempt.objects.get(pk=body["id"]).responses.exists()


@pytest.mark.django_db
def test_a_replayed_stale_autosave_cannot_overwrite_a_newer_one():
    student = UserFactory(username="replayer")
    client, body = started_attempt(student)
    question = body["questions"][0]
    first, second = (c["id"] for c in question["choices"])
    url = f"/api/v1/attempts/{body['id']}/"
    save = lambda choice, version: client.patch(  # noqa: E731
        url,
        {"version": version, "responses": [{"question": question["id"], "answer": {"choice": choice}}]},
        format="json",
    )
    old = save(first, body["version"])
    assert old.status_code == 200
    newer = save(second, old.json()["version"])
    assert newer.status_code == 200
    replay = save(first, body["version"] + 1)  # the first save's follow-up, arriving late
    assert replay.status_code == 422
    assert client.get(url).json()["responses"][0]["answer"] == {"choice": second}
