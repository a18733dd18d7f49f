"""Autosave and submit through the API: while in progress and within the deadline plus grace only;
a malformed answer names the question and the problem; stale copies are refused; submit is idempotent;
someone else's attempt does not exist for you."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from quizzes.models import Attempt, Response
from tests.api.conftest import api, right_answers, submit


@pytest.fixture
def started(student, auto_quiz):
    client = api(student)
    attempt = client.post(f"/api/v1/quizzes/{auto_quiz.slug}/attempts/", {}, format="json").json()
    return client, attempt


def save(client, attempt, responses, **extra):
    return client.patch(f"/api/v1/attempts/{attempt['id']}/", {"responses": responses, **extra}, format="json")


def question(attempt, kind):
    number, q = next((n, q) for n, q in enumerate(attempt["questions"], start=1) if q["type"] == kind)
    return number, q


@pytest.mark.django_db
def test_autosave_stores_answers_and_bumps_the_version(started):
    client, attempt = started
    response = save(client, attempt, right_answers(attempt)[:2])
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == attempt["version"] + 1
    saved = {r["question"]: r["answer"] for r in body["responses"] if r["answer"] is not None}
    assert saved == {a["question"]: a["answer"] for a in right_answers(attempt)[:2]}
    cleared = save(client, attempt, [{"question": right_answers(attempt)[0]["question"], "answer": None}])
    assert cleared.status_code == 200 and Response.objects.filter(attempt_id=attempt["id"]).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "answer", "problem"),
    [
        ("single", {"choice": "Brezhnev"}, "not an option id"),
        ("single", {"choice": 999999}, "not an option"),
        ("multiple", {"choices": 3}, "list"),
        ("true_false", {"value": "no"}, "true or false"),
        ("numerical", {"value": "1956"}, "number"),
        ("ordering", {"order": []}, "every item"),
        ("matching", {"pairs": "all"}, "pairs"),
        ("short_answer", {"answer": "20th"}, "text"),
    ],
)
def test_an_answer_that_does_not_fit_is_a_422_naming_the_question_and_the_problem(started, kind, answer, problem):
    client, attempt = started
    number, q = question(attempt, kind)
    good = [a for a in right_answers(attempt) if a["question"] != q["id"]]
    response = save(client, attempt, [*good, {"question": q["id"], "answer": answer}])
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert f"Question {number}" in detail and problem in detail, detail
    assert not Response.objects.filter(attempt_id=attempt["id"]).exists()  # all or nothing
    assert Attempt.objects.get(pk=attempt["id"]).version == attempt["version"]


@pytest.mark.django_db
def test_a_question_outside_the_attempt_is_named(started, quiz):
    client, attempt = started
    foreign = quiz.questions.first().pk
    response = save(client, attempt, [{"question": foreign, "answer": {"text": "x"}}])
    assert response.status_code == 422 and str(foreign) in response.json()["detail"]


@pytest.mark.django_db
def test_a_stale_version_is_refused(started):
    client, attempt = started
    assert save(client, attempt, right_answers(attempt)[:1], version=attempt["version"]).status_code == 200
    stale = save(client, attempt, right_answers(attempt)[1:2], version=attempt["version"])
    assert stale.status_code == 422 and "out-of-date" in stale.json()["detail"]
    assert Response.objects.filter(attempt_id=attempt["id"]).count() == 1


@pytest.mark.django_db
def test_autosave_is_accepted_within_the_grace_and_refused_after_it(started):
    client, attempt = started
    grace = dt.timedelta(seconds=settings.QUIZ_GRACE_SECONDS)
    Attempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - grace / 2)
    assert save(client, attempt, right_answers(attempt)[:1]).status_code == 200
    Attempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - grace - dt.timedelta(seconds=5))
    late = save(client, attempt, right_answers(attempt)[1:2])
    assert late.status_code == 422 and "Time is up" in late.json()["detail"]
    assert Response.objects.filter(attempt_id=attempt["id"]).count() == 1


@pytest.mark.django_db
def test_autosave_after_submit_is_refused(started):
    client, attempt = started
    assert submit(client, attempt["id"]).status_code == 202
    closed = save(client, attempt, right_answers(attempt)[:1])
    assert closed.status_code == 422 and "submitted" in closed.json()["detail"]


@pytest.mark.django_db
def test_submitting_twice_is_202_and_changes_nothing(started):
    client, attempt = started
    save(client, attempt, right_answers(attempt))
    first = submit(client, attempt["id"])
    assert first.status_code == 202
    before = Attempt.objects.get(pk=attempt["id"])
    assert before.status == "graded" and before.score == before.max_score == 7
    second = submit(client, attempt["id"])
    assert second.status_code == 202
    after = Attempt.objects.get(pk=attempt["id"])
    assert (after.status, after.score, after.submitted_at, after.graded_at) == (
        before.status,
        before.score,
        before.submitted_at,
        before.graded_at,
    )
    assert second.json()["status"] == "graded"


@pytest.mark.django_db
def test_another_students_attempt_is_404_for_every_action(started, other_student):
    _client, attempt = started
    intruder = api(other_student)
    path = f"/api/v1/attempts/{attempt['id']}/"
    assert intruder.get(path).status_code == 404
    assert intruder.patch(path, {"responses": right_answers(attempt)}, format="json").status_code == 404
    assert intruder.post(f"{path}submit/", {}, format="json").status_code == 404
    assert attempt["id"] not in [a["id"] for a in intruder.get("/api/v1/attempts/").json()["results"]]
    assert Attempt.objects.get(pk=attempt["id"]).status == "in_progress"
    assert not Response.objects.filter(attempt_id=attempt["id"]).exists()


@pytest.mark.django_db
def test_an_open_attempt_is_resumed_not_duplicated(started, student, auto_quiz):
    client, attempt = started
    again = client.post(f"/api/v1/quizzes/{auto_quiz.slug}/attempts/", {}, format="json")
    assert again.status_code == 200 and again.json()["id"] == attempt["id"]
    assert again.json()["questions"] == attempt["questions"]  # the layout is fixed at start


@pytest.mark.django_db
def test_starting_past_the_attempt_limit_is_a_422_with_a_message(started, auto_quiz):
    client, attempt = started
    auto_quiz.attempts_allowed = 1
    auto_quiz.save()
    submit(client, attempt["id"])
    refused = client.post(f"/api/v1/quizzes/{auto_quiz.slug}/attempts/", {}, format="json")
    assert refused.status_code == 422 and "attempt" in refused.json()["detail"]


@pytest.mark.django_db(transaction=True)  # real commits: the eager grading runs inside the request
def test_a_submit_graded_at_once_answers_with_the_grades(started):
    """With no broker, grading runs at the submit's commit: the 202 shows the graded attempt and each
    response's score, not the state from before grading."""
    client, attempt = started
    save(client, attempt, right_answers(attempt))
    body = client.post(f"/api/v1/attempts/{attempt['id']}/submit/", {}, format="json").json()
    assert body["status"] == "graded" and body["score"] == body["max_score"] == 7
    assert all(r["score"] == r["points"] for r in body["responses"])


def answers_of(body) -> dict:
    return {r["question"]: r["answer"] for r in body["responses"]}


@pytest.mark.django_db
def test_the_reply_to_a_save_shows_every_answer_saved_so_far(started):
    """A save of every answer is answered from what it wrote, a partial one from what is stored: either way the
    reply is what a read of the attempt then shows."""
    client, attempt = started
    everything = right_answers(attempt)
    whole = save(client, attempt, everything)
    assert answers_of(whole.json()) == {a["question"]: a["answer"] for a in everything}
    first, second = everything[0]["question"], everything[1]["question"]
    partial = save(client, attempt, [{"question": first, "answer": None}])
    expected = {**{a["question"]: a["answer"] for a in everything}, first: None}
    assert answers_of(partial.json()) == expected  # the others, unchanged, read back
    cleared = save(
        client, attempt, [{"question": a["question"], "answer": None} for a in everything[1:]] + [everything[0]]
    )
    assert answers_of(cleared.json()) == {
        a["question"]: (a["answer"] if a["question"] == first else None) for a in everything
    }
    assert cleared.json()["version"] == attempt["version"] + 3
    shown = client.get(f"/api/v1/attempts/{attempt['id']}/").json()
    assert {k: v for k, v in cleared.json().items() if k != "questions"} == {
        k: v for k, v in shown.items() if k != "questions"
    }
    assert second in answers_of(shown) and all("score" not in r for r in shown["responses"])  # no score in progress


@pytest.mark.django_db
def test_an_attempt_deleted_while_its_student_answers_is_a_404(started):
    client, attempt = started
    assert save(client, attempt, right_answers(attempt)[:1]).status_code == 200
    Attempt.objects.filter(pk=attempt["id"]).delete()
    assert save(client, attempt, right_answers(attempt)[:1]).status_code == 404
    assert submit(client, attempt["id"]).status_code == 404


@pytest.mark.django_db
def test_a_submit_with_a_worker_answers_with_the_submitted_attempt_and_its_answers(started):
    """With a worker, the grading is queued once the submit commits and done a moment later: the 202 shows the
    submitted attempt. (This test's transaction never commits: nothing grades the attempt, as before a worker
    takes it.)"""
    client, attempt = started
    save(client, attempt, right_answers(attempt)[:2])
    body = client.post(f"/api/v1/attempts/{attempt['id']}/submit/", {}, format="json").json()
    stored = Attempt.objects.get(pk=attempt["id"])
    assert body["status"] == "submitted" and body["submitted_at"] is not None and stored.status == "submitted"
    assert body["version"] == stored.version and body["number"] == stored.number == 1
    assert answers_of(body) == {
        **{q["id"]: None for q in attempt["questions"]},
        **{a["question"]: a["answer"] for a in right_answers(attempt)[:2]},
    }
    again = client.post(f"/api/v1/attempts/{attempt['id']}/submit/", {}, format="json")  # reads it, changes nothing
    assert again.status_code == 202 and again.json()["submitted_at"] == body["submitted_at"]
