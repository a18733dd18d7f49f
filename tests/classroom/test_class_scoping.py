"""Class-scoped quizzes and briefs (issue 23, point 3): a student sees and takes a quiz only through an assignment to
one of their classes, unless it is open to everyone; a published brief is for every reader unless a teacher keeps
it to its classes; a teacher edits the quizzes they wrote or that are shared with them. Checked in the selectors,
so the API, the site and the admin agree."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from briefs.selectors import brief_list, may_see
from classroom.models import Assignment
from classroom.services import classroom_create, enrollment_join
from quizzes import selectors
from tests.api.conftest import api
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory, assign
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(selectors.quizzes_visible_to(user=user).values_list("slug", flat=True))


def test_a_student_sees_the_quizzes_of_their_classes_and_the_open_ones(student, other_student, classroom, teacher):
    assigned, open_one, other = QuizFactory(slug="assigned"), QuizFactory(slug="open", open_to_all=True), QuizFactory()
    assign(classroom, quiz=assigned)
    assert visible(student) == {"assigned", "open"}
    assert visible(other_student) == {"open"}
    assert visible(teacher) >= {"assigned", "open", other.slug}
    assert selectors.quiz_for_user(user=student, slug="assigned") == assigned
    with pytest.raises(Http404):
        selectors.quiz_for_user(user=other_student, slug="assigned")
    assert open_one.slug in visible(UserFactory(username="nobody"))


@pytest.mark.parametrize("how", ["unpublished", "not yet available", "class closed", "student left"])
def test_an_assignment_grants_nothing_when(how, student, classroom):
    quiz = QuizFactory(slug="scoped")
    start = timezone.now() + timedelta(days=1) if how == "not yet available" else None
    assignment = assign(classroom, quiz=quiz, available_from=start)
    if how == "unpublished":
        quiz.published = False
        quiz.save()
    elif how == "class closed":
        classroom.active = False
        classroom.save()
    elif how == "student left":
        classroom.enrollments.filter(student=student).delete()
    assert "scoped" not in visible(student)
    assert assignment.pk


def test_joining_a_class_or_an_assignment_shows_at_once_through_the_api(student, other_student, classroom):
    quiz = QuizFactory(slug="later")
    url = "/api/v1/quizzes/later/"
    assert api(student).get(url).status_code == 404  # cached nothing that could hide the assignment
    assignment = assign(classroom, quiz=quiz)
    assert api(student).get(url).status_code == 200
    assert api(other_student).get(url).status_code == 404  # the student detail is cached per quiz, not per student
    enrollment_join(student=other_student, code=classroom.join_code)
    assert api(other_student).get(url).status_code == 200
    assert api(other_student).post(f"{url}attempts/").status_code == 422  # allowed in; it has no questions
    Assignment.objects.filter(pk=assignment.pk).delete()
    assert api(student).get(url).status_code == 404
    assert api(student).post(f"{url}attempts/").status_code == 404


def test_the_site_follows_the_same_rule(client, student, other_student, classroom):
    quiz = QuizFactory(slug="on-site")
    assign(classroom, quiz=quiz)
    client.force_login(other_student)
    assert client.get("/quizzes/on-site/").status_code == 404
    assert client.post("/quizzes/on-site/start/").status_code == 404
    client.force_login(student)
    assert client.get("/quizzes/on-site/").status_code == 200


def test_the_quiz_list_costs_the_same_for_one_class_and_many(student, teacher, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            classroom = classroom_create(name="A class", teacher=teacher)
            enrollment_join(student=student, code=classroom.join_code)
            assign(classroom, quiz=QuizFactory())

    grow(1)
    with django_assert_max_num_queries(6) as one:
        assert len(api(student).get("/api/v1/quizzes/").json()["results"]) == 1
    grow(10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api(student).get("/api/v1/quizzes/").json()["results"]) == 11


# ---------------------------------------------------------------- briefs


def test_a_published_brief_is_for_everyone_unless_kept_to_its_classes(student, other_student, teacher, classroom):
    BriefFactory(slug="for-all")
    kept = BriefFactory(slug="kept", assigned_only=True)
    assign(classroom, brief=kept)
    listed = lambda user: set(brief_list(user=user).values_list("slug", flat=True))  # noqa: E731
    assert listed(student) == {"for-all", "kept"} and listed(other_student) == {"for-all"}
    assert listed(teacher) == {"for-all", "kept"}
    assert may_see(user=student, brief_published=True, assigned_only=True, slug="kept")
    assert not may_see(user=other_student, brief_published=True, assigned_only=True, slug="kept")


def test_a_kept_brief_through_the_api_and_the_site(client, student, other_student, classroom):
    kept = BriefFactory(slug="kept", assigned_only=True)
    assign(classroom, brief=kept)
    assert api(student).get("/api/v1/briefs/kept/").status_code == 200
    assert api(other_student).get("/api/v1/briefs/kept/").status_code == 404
    # The lists are cached: each student gets their own.
    assert [b["slug"] for b in api(student).get("/api/v1/briefs/").json()["results"]] == ["kept"]
    assert api(other_student).get("/api/v1/briefs/").json()["results"] == []
    client.force_login(other_student)
    assert client.get("/briefs/kept/").status_code == 404
    client.force_login(student)
    assert client.get("/briefs/kept/").status_code == 200


# ---------------------------------------------------------------- who edits


def test_a_teacher_edits_what_they_wrote_or_what_is_shared_with_them(teacher, other_teacher, admin_user, student):
    mine, theirs, nobodys = QuizFactory(created_by=teacher), QuizFactory(created_by=other_teacher), QuizFactory()
    theirs_shared = QuizFactory(created_by=other_teacher)
    theirs_shared.shared_with.add(teacher)
    assert [selectors.may_edit(user=teacher, quiz=q) for q in (mine, theirs, nobodys, theirs_shared)] == [
        True, False, True, True,
    ]  # fmt: skip
    assert all(selectors.may_edit(user=admin_user, quiz=q) for q in (mine, theirs, theirs_shared))
    assert not selectors.may_edit(user=student, quiz=nobodys)
    with pytest.raises(PermissionDenied):
        selectors.quiz_to_edit(user=teacher, slug=theirs.slug)


def test_the_admin_keeps_another_teachers_quiz_read_only(client, teacher, other_teacher):
    theirs = QuizFactory(created_by=other_teacher, title="Theirs")
    client.force_login(teacher)
    url = f"/admin/quizzes/quiz/{theirs.pk}/change/"
    assert client.get(url).status_code == 200  # the bank is shared: they may read it
    response = client.post(url, {"title": "Taken over", "slug": theirs.slug})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    client.post("/admin/quizzes/quiz/", {"action": "unpublish", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.published
