import pytest

from classroom.models import Classroom
from classroom.services import classroom_create, enrollment_join
from tests.factories import UserFactory


@pytest.fixture
def classes(teacher, other_teacher, student):
    mine = classroom_create(name="Mine", teacher=teacher)
    theirs = classroom_create(name="Theirs", teacher=other_teacher)
    enrollment_join(student=student, code=mine.join_code)
    return mine, theirs


def test_teacher_change_list_shows_only_their_classes(client, teacher, classes):
    client.force_login(teacher)
    response = client.get("/admin/classroom/classroom/")
    assert response.status_code == 200
    assert b"Mine" in response.content and b"Theirs" not in response.content


def test_another_teachers_class_is_a_404_in_the_change_view(client, teacher, classes):
    mine, theirs = classes
    client.force_login(teacher)
    assert client.get(f"/admin/classroom/classroom/{mine.pk}/change/").status_code == 200
    # Out of the teacher's scope is a 404, as for an object that does not exist.
    response = client.get(f"/admin/classroom/classroom/{theirs.pk}/change/")
    assert response.status_code == 404
    assert b"Theirs" not in response.content


def test_autocomplete_is_scoped_to_the_teacher(client, teacher, classes):
    client.force_login(teacher)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "classroom", "model_name": "enrollment", "field_name": "classroom", "term": ""},
    )
    assert response.status_code == 200
    names = [r["text"] for r in response.json()["results"]]
    assert names == ["Mine"]


def test_teacher_sees_only_their_students(client, teacher, classes, student):
    UserFactory(username="stranger")
    client.force_login(teacher)
    response = client.get("/admin/classroom/user/")
    assert response.status_code == 200
    assert b"stu" in response.content and b"stranger" not in response.content


def test_admin_sees_every_class(client, admin_user, classes):
    client.force_login(admin_user)
    response = client.get("/admin/classroom/classroom/")
    assert b"Mine" in response.content and b"Theirs" in response.content


def test_regenerate_action_changes_only_the_teachers_classes(client, teacher, classes):
    mine, theirs = classes
    old_mine, old_theirs = mine.join_code, theirs.join_code
    client.force_login(teacher)
    response = client.post(
        "/admin/classroom/classroom/",
        {"action": "regenerate_join_code", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Classroom.objects.get(pk=mine.pk).join_code != old_mine
    assert Classroom.objects.get(pk=theirs.pk).join_code == old_theirs


def test_a_class_created_in_the_admin_is_taught_by_its_creator(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/admin/classroom/classroom/add/",
        {"name": "New", "description": "", "active": "on", "teachers": [teacher.pk], "enrollments-TOTAL_FORMS": "0",
         "enrollments-INITIAL_FORMS": "0", "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    assert list(Classroom.objects.get(name="New").teachers.all()) == [teacher]


def test_export_gradebook_action_downloads_csv(client, teacher, classes, student):
    from classroom.services import assignment_create
    from tests.quizzes.factories import QuizFactory

    mine, _ = classes
    assignment_create(classroom=mine, assigned_by=teacher, quiz=QuizFactory(slug="k1"))
    client.force_login(teacher)
    response = client.post("/admin/classroom/classroom/", {"action": "export_gradebook", "_selected_action": [mine.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["# Mine", "username,first_name,last_name,email,k1", "stu,,,stu@example.org,"]


def test_teacher_sees_only_assignments_of_their_classes(client, teacher, other_teacher, classes):
    from classroom.services import assignment_create
    from tests.quizzes.factories import QuizFactory

    mine, theirs = classes
    assignment_create(classroom=mine, assigned_by=teacher, quiz=QuizFactory(title="Visible quiz"))
    hidden = assignment_create(classroom=theirs, assigned_by=other_teacher, quiz=QuizFactory(title="Hidden quiz"))
    client.force_login(teacher)
    response = client.get("/admin/classroom/assignment/")
    assert b"Visible quiz" in response.content and b"Hidden quiz" not in response.content
    assert client.get(f"/admin/classroom/assignment/{hidden.pk}/change/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/classroom/classroom/", "/admin/classroom/enrollment/", "/admin/classroom/assignment/",
     "/admin/classroom/readingprogress/", "/admin/classroom/progressreport/", "/admin/classroom/classroom/add/"],
)  # fmt: skip
@pytest.mark.parametrize("who", ["teacher", "admin_user"])
def test_admin_pages_render(client, classes, path, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(path).status_code == 200
