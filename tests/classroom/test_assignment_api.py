import pytest
from rest_framework.test import APIClient

from classroom.services import assignment_create, enrollment_join
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choose


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def quiz_with_key(slug):
    quiz = QuizFactory(slug=slug)
    question = QuestionFactory(quiz=quiz)
    return quiz, question, OptionFactory(question=question, fraction=1), OptionFactory(question=question, fraction=0)


def test_teacher_assigns_by_slug_and_the_student_sees_it(classroom, teacher, student):
    QuizFactory(slug="k1")
    response = api(teacher).post(
        "/api/v1/assignments/", {"classroom": classroom.pk, "quiz": "k1", "due_at": "2030-01-01T00:00:00Z"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["quiz"] == "k1" and response.json()["kind"] == "quiz"
    rows = api(student).get("/api/v1/assignments/").json()["results"]
    assert [(r["quiz"], r["status"]) for r in rows] == [("k1", "not_started")]


def test_another_teacher_cannot_assign_to_the_class(classroom, other_teacher):
    QuizFactory(slug="k1")
    response = api(other_teacher).post("/api/v1/assignments/", {"classroom": classroom.pk, "quiz": "k1"})
    assert response.status_code == 404


def test_assignment_needs_exactly_one_material(classroom, teacher):
    BriefFactory(slug="b1")
    QuizFactory(slug="k1")
    both = api(teacher).post("/api/v1/assignments/", {"classroom": classroom.pk, "quiz": "k1", "brief": "b1"})
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]
    unknown = api(teacher).post("/api/v1/assignments/", {"classroom": classroom.pk, "quiz": "nope"})
    assert unknown.status_code == 404


def test_due_before_available_is_a_422(classroom, teacher):
    QuizFactory(slug="k1")
    response = api(teacher).post(
        "/api/v1/assignments/",
        {
            "classroom": classroom.pk,
            "quiz": "k1",
            "available_from": "2030-01-02T00:00:00Z",
            "due_at": "2030-01-01T00:00:00Z",
        },
    )
    assert response.status_code == 422 and "due date" in response.json()["detail"]


def test_students_cannot_assign(classroom, student):
    QuizFactory(slug="k1")
    assert api(student).post("/api/v1/assignments/", {"classroom": classroom.pk, "quiz": "k1"}).status_code == 403


def test_gradebook_json_and_csv(classroom, teacher, student):
    quiz, question, right, _ = quiz_with_key("k1")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    choose(student, quiz, question, right)
    body = api(teacher).get(f"/api/v1/classes/{classroom.pk}/gradebook/").json()
    assert [q["slug"] for q in body["quizzes"]] == ["k1"]
    assert body["students"] == [{"id": student.pk, "username": "stu", "name": "stu", "grades": [100.0]}]
    csv = api(teacher).get(f"/api/v1/classes/{classroom.pk}/gradebook/?format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines() == [
        "username,first_name,last_name,email,k1",
        "stu,,,stu@example.org,100.0",
    ]


@pytest.mark.parametrize("who", ["student", "other_teacher"])
def test_gradebook_is_hidden_from_others(classroom, who, request):
    user = request.getfixturevalue(who)
    assert api(user).get(f"/api/v1/classes/{classroom.pk}/gradebook/").status_code in (403, 404)
    assert api(user).get(f"/api/v1/classes/{classroom.pk}/gradebook/?format=csv").status_code in (403, 404)


def test_progress_for_self_and_for_a_taught_student(classroom, teacher, student, other_teacher):
    quiz, question, right, wrong = quiz_with_key("k1")
    choose(student, quiz, question, right)
    choose(student, quiz, question, wrong)
    mine = api(student).get("/api/v1/progress/").json()
    assert mine["quizzes_taken"] == 1 and mine["average"] == 50.0 and len(mine["history"]) == 2
    assert api(teacher).get(f"/api/v1/progress/?student={student.pk}").json()["average"] == 50.0
    assert api(other_teacher).get(f"/api/v1/progress/?student={student.pk}").status_code == 404
    assert api(teacher).get("/api/v1/progress/?student=abc").status_code == 400


def test_assignment_list_query_count_does_not_grow(classroom, teacher, student, queries_stay_flat):
    def add(n, start):
        for i in range(start, start + n):
            quiz, question, right, _ = quiz_with_key(f"q{i}")
            assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
            choose(student, quiz, question, right)

    add(1, 0)
    queries_stay_flat(lambda: api(student).get("/api/v1/assignments/"), lambda: add(20, 1), at_most=8)
    join = lambda: enrollment_join(student=UserFactory(), code=classroom.join_code)  # noqa: E731
    queries_stay_flat(lambda: api(teacher).get("/api/v1/assignments/"), join, at_most=6)


def test_a_student_may_name_themself_in_progress(student):
    assert api(student).get(f"/api/v1/progress/?student={student.pk}").status_code == 200
    other = UserFactory(username="nosy")
    assert api(other).get(f"/api/v1/progress/?student={student.pk}").status_code == 404
