"""End to end through the API alone: token → join a class → list assignments → start → autosave →
submit → result, on the demo content and on a class a teacher sets up through the API."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD
from tests.factories import UserFactory

DEMO_PASSWORD = "classroom-demo"  # DESIGN.md: the demo logins


def signed_in(username: str, password: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def key_answers(keyed_quiz: dict, attempt: dict) -> list[dict]:
    """Full-marks answers to the attempt's questions, worked out from the teacher's view of the quiz."""
    keys = {q["id"]: q for q in keyed_quiz["questions"]}
    return [{"question": q["id"], "answer": _key(keys[q["id"]], q)} for q in attempt["questions"]]


def _key(key: dict, shown: dict):
    """The key in the ids this attempt shows: a student never sees the stored option ids, so map them by text."""
    kind = key["type"]
    ids = {o["text"]: o["id"] for o in shown.get("choices", []) + shown.get("left", []) + shown.get("items", [])}
    if kind == "single":
        return {"choice": ids[max(key["choices"], key=lambda c: c["fraction"])["text"]]}
    if kind == "multiple":
        return {"choices": [ids[c["text"]] for c in key["choices"] if c["fraction"] > 0]}
    if kind == "true_false":
        return {"value": key["correct"]}
    if kind == "short_answer":
        return {"text": key["accepted"][0]["text"].upper()}  # case-insensitive
    if kind == "numerical":
        n = key["numeric"][0]
        return {"value": n["value"] if n.get("value") is not None else n["min"]}
    if kind == "matching":
        rights = {o["text"]: o["id"] for o in shown["right"]}
        return {"pairs": [{"left": ids[p["left"]], "right": rights[p["right"]]} for p in key["pairs"] if p["left"]]}
    if kind == "ordering":
        return {"order": [ids[i["text"]] for i in key["items"]]}
    return {"text": "It ended the terror and freed millions from the camps."}


def take_quiz(student: APIClient, teacher: APIClient, slug: str) -> dict:
    """start → autosave (twice, the second with the version) → submit → result, as the student."""
    start = student.post(f"/api/v1/quizzes/{slug}/attempts/", {}, format="json")
    assert start.status_code == 201, start.content
    attempt = start.json()
    assert attempt["status"] == "in_progress" and attempt["questions"]
    answers = key_answers(teacher.get(f"/api/v1/quizzes/{slug}/").json(), attempt)
    first = student.patch(f"/api/v1/attempts/{attempt['id']}/", {"responses": answers[:1]}, format="json")
    assert first.status_code == 200, first.content
    rest = {"responses": answers[1:], "version": first.json()["version"]}
    assert student.patch(f"/api/v1/attempts/{attempt['id']}/", rest, format="json").status_code == 200
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):  # grading is queued on commit
        assert student.post(f"/api/v1/attempts/{attempt['id']}/submit/", {}, format="json").status_code == 202
    result = student.get(f"/api/v1/attempts/{attempt['id']}/")
    assert result.status_code == 200
    return result.json()


@pytest.mark.django_db
def test_demo_flow_through_the_api():
    call_command("load_demo", verbosity=0)
    teacher = signed_in("teacher", DEMO_PASSWORD)
    demo_class = teacher.get("/api/v1/classes/").json()["results"][0]
    UserFactory(username="newcomer")
    student = signed_in("newcomer", PASSWORD)

    joined = student.post("/api/v1/classes/join/", {"code": demo_class["join_code"].lower()}, format="json")
    assert joined.status_code == 200 and joined.json()["id"] == demo_class["id"]
    assignments = student.get("/api/v1/assignments/").json()["results"]
    quiz = next(a for a in assignments if a["quiz"] == "khrushchev-quiz")
    assert quiz["status"] == "not_started" and quiz["classroom"] == demo_class["id"]

    result = take_quiz(student, teacher, "khrushchev-quiz")
    assert result["status"] == "needs_review"  # the demo quiz ends with an essay for the teacher
    auto = [r for r in result["responses"] if r["score"] is not None]
    assert len(auto) == len(result["responses"]) - 1
    assert all(r["score"] == pytest.approx(r["points"]) for r in auto), auto
    assert result["score"] == pytest.approx(sum(r["points"] for r in auto))
    status = next(a for a in student.get("/api/v1/assignments/").json()["results"] if a["quiz"] == "khrushchev-quiz")
    assert status["status"] == "needs_review"
    assert student.delete("/api/v1/auth/token/").status_code == 204
    assert student.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_teacher_sets_up_a_class_and_the_grade_reaches_the_gradebook(teacher, auto_quiz):
    UserFactory(username="pupil")
    teacher_client, student = signed_in(teacher.username, PASSWORD), signed_in("pupil", PASSWORD)
    made = teacher_client.post("/api/v1/classes/", {"name": "Period 3"}, format="json").json()
    assigned = teacher_client.post(
        "/api/v1/assignments/",
        {"classroom": made["id"], "quiz": auto_quiz.slug, "due_at": "2099-01-01T00:00:00Z"},
        format="json",
    )
    assert assigned.status_code == 201, assigned.content
    assert student.post("/api/v1/classes/join/", {"code": made["join_code"]}, format="json").status_code == 200
    assert [a["quiz"] for a in student.get("/api/v1/assignments/").json()["results"]] == [auto_quiz.slug]

    result = take_quiz(student, teacher_client, auto_quiz.slug)
    assert result["status"] == "graded" and result["score"] == result["max_score"] == 7
    assert result["percent"] == 100 and all("correct_answer" in r for r in result["responses"])

    graded = student.get("/api/v1/assignments/").json()["results"][0]
    assert (graded["status"], graded["grade"]) == ("graded", 100)
    book = teacher_client.get(f"/api/v1/classes/{made['id']}/gradebook/").json()
    assert [(s["username"], s["grades"]) for s in book["students"]] == [("pupil", [100.0])]
    csv = teacher_client.get(f"/api/v1/classes/{made['id']}/gradebook/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "pupil" in csv.content.decode()
    progress = student.get("/api/v1/progress/").json()
    assert progress["quizzes_taken"] == 1 and progress["average"] == 100
    listed = teacher_client.get(f"/api/v1/attempts/?quiz={auto_quiz.slug}&status=graded").json()
    assert [a["student"] for a in listed["results"]] == ["pupil"]
