import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from classroom.services import classroom_create, enrollment_join
from tests.factories import UserFactory


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_token_is_issued_for_good_credentials_and_revoked_by_delete(student):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "stu", "password": "pw-Classroom-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").json()["username"] == "stu"
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(key=token).exists()
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_bad_credentials_are_refused_with_a_message(student):
    response = APIClient().post("/api/v1/auth/token/", {"username": "stu", "password": "wrong"})
    assert response.status_code in (400, 401)
    assert "credentials" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/classes/", "/api/v1/classes/1/students/"])
def test_anonymous_gets_401(path):
    assert APIClient().get(path).status_code == 401


@pytest.mark.django_db
def test_me_reports_the_role(student, teacher, admin_user):
    assert api(student).get("/api/v1/me/").json()["role"] == "student"
    assert api(teacher).get("/api/v1/me/").json()["role"] == "teacher"
    assert api(admin_user).get("/api/v1/me/").json()["role"] == "admin"


@pytest.mark.django_db
def test_teacher_creates_a_class_and_a_student_joins_it(teacher, student):
    response = api(teacher).post("/api/v1/classes/", {"name": "Period 1"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Period 1" and len(body["join_code"]) == 8
    joined = api(student).post("/api/v1/classes/join/", {"code": body["join_code"]})
    assert joined.status_code == 200
    assert joined.json()["id"] == body["id"]
    assert [c["id"] for c in api(student).get("/api/v1/classes/").json()["results"]] == [body["id"]]


@pytest.mark.django_db
def test_students_cannot_create_classes(student):
    response = api(student).post("/api/v1/classes/", {"name": "Mine"})
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_unknown_join_code_is_a_404_with_a_message(student):
    response = api(student).post("/api/v1/classes/join/", {"code": "NOTACODE"})
    assert response.status_code == 404
    assert "NOTACODE" in response.json()["detail"]


@pytest.mark.django_db
def test_teachers_see_only_their_own_classes_and_students(teacher, student):
    other = UserFactory(username="other", is_staff=True)
    other.groups.add(*teacher.groups.all())
    mine = classroom_create(name="Mine", teacher=teacher)
    theirs = classroom_create(name="Theirs", teacher=other)
    enrollment_join(student=student, code=mine.join_code)
    names = [c["name"] for c in api(teacher).get("/api/v1/classes/").json()["results"]]
    assert names == ["Mine"]
    students = api(teacher).get(f"/api/v1/classes/{mine.pk}/students/").json()["results"]
    assert [s["username"] for s in students] == ["stu"]
    assert api(teacher).get(f"/api/v1/classes/{theirs.pk}/students/").status_code == 404
    assert api(student).get(f"/api/v1/classes/{mine.pk}/students/").status_code == 403


@pytest.mark.django_db
def test_class_list_query_count_does_not_grow(teacher, queries_stay_flat):
    for i in range(3):
        classroom_create(name=f"C{i}", teacher=teacher)
    client = api(teacher)

    def grow():
        for i in range(30):
            classroom_create(name=f"D{i}", teacher=teacher)

    queries_stay_flat(lambda: client.get("/api/v1/classes/"), grow, at_most=4)
