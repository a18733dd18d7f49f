"""Announcements: posted by a class's teachers in the admin, read on the student's class page, the dashboard and
the API, and nowhere else."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from classroom.models import Announcement
from classroom.services import announcement_post, announcement_update, assignment_create
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import choose, one_question_quiz

pytestmark = pytest.mark.django_db


def post(classroom, teacher, title="Test on Friday", body="Bring a **pen**.", minutes_ago=0):
    announcement = announcement_post(author=teacher, classroom=classroom, title=title, body=body)
    if minutes_ago:
        Announcement.objects.filter(pk=announcement.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
    return announcement


# ---------------------------------------------------------------- services


def test_post_renders_and_sanitizes_markdown(classroom, teacher):
    announcement = post(classroom, teacher, body="**Pen** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>Pen</strong>" in announcement.html
    assert "<script" not in announcement.html and 'href="javascript' not in announcement.html
    assert announcement.author == teacher


def test_only_the_class_teachers_or_an_admin_post(classroom, other_teacher, student, admin_user):
    for outsider in (other_teacher, student):
        with pytest.raises(PermissionDenied):
            post(classroom, outsider)
    assert not Announcement.objects.exists()
    assert post(classroom, admin_user).pk


def test_update_rerenders_and_keeps_the_posting_time(classroom, teacher, other_teacher):
    announcement = post(classroom, teacher, minutes_ago=30)
    posted = Announcement.objects.get(pk=announcement.pk).created_at
    announcement.refresh_from_db()
    announcement_update(editor=teacher, announcement=announcement, title="Moved", body="*Monday*")
    announcement.refresh_from_db()
    assert (announcement.title, announcement.html.strip(), announcement.created_at) == (
        "Moved", "<p><em>Monday</em></p>", posted,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        announcement_update(editor=other_teacher, announcement=announcement, title="Hijacked", body="")


# ---------------------------------------------------------------- admin


def test_teacher_posts_in_the_admin_to_their_own_class_only(client, classroom, other_classroom, teacher):
    client.force_login(teacher)
    form = client.get("/admin/classroom/announcement/add/").content.decode()
    assert "Period 1" in form and "Period 9" not in form

    data = {"classroom": other_classroom.pk, "title": "Not mine", "body": "x"}
    response = client.post("/admin/classroom/announcement/add/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Announcement.objects.exists()

    data = {"classroom": classroom.pk, "title": "Quiz moved", "body": "To *Monday*."}
    response = client.post("/admin/classroom/announcement/add/", data)
    assert response.status_code == 302
    saved = Announcement.objects.get()
    assert (saved.author, saved.classroom, "<em>Monday</em>" in saved.html) == (teacher, classroom, True)


def test_teacher_sees_and_edits_only_their_classes_announcements(client, classroom, other_classroom, teacher,
                                                                 other_teacher):  # fmt: skip
    mine, theirs = post(classroom, teacher, title="Mine"), post(other_classroom, other_teacher, title="Theirs")
    client.force_login(teacher)
    listing = client.get("/admin/classroom/announcement/").content.decode()
    assert "Mine" in listing and "Theirs" not in listing
    assert client.get(f"/admin/classroom/announcement/{theirs.pk}/change/").status_code == 404
    data = {"classroom": classroom.pk, "title": "Mine, edited", "body": "**new**"}
    assert client.post(f"/admin/classroom/announcement/{mine.pk}/change/", data).status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Mine, edited" and "<strong>new</strong>" in mine.html


# ---------------------------------------------------------------- API


def test_api_authorization_matrix(client, classroom, other_classroom, teacher, other_teacher, student,
                                  other_student, admin_user):  # fmt: skip
    post(classroom, teacher, title="Older", minutes_ago=10)
    post(classroom, teacher, title="Newer")
    url = f"/api/v1/classes/{classroom.pk}/announcements/"
    assert client.get(url).status_code in (401, 403)
    expected = {student: 200, teacher: 200, admin_user: 200, other_student: 404, other_teacher: 404}
    for user, status in expected.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user.username
        if status == 200:
            assert [a["title"] for a in response.json()["results"]] == ["Newer", "Older"]
            assert response.json()["results"][0]["html"].strip() == "<p>Bring a <strong>pen</strong>.</p>"
        else:
            assert "Newer" not in response.content.decode()


def test_api_query_count_does_not_grow(client, classroom, teacher, student, queries_stay_flat):
    client.force_login(student)
    post(classroom, teacher)
    url = f"/api/v1/classes/{classroom.pk}/announcements/"
    queries_stay_flat(lambda: client.get(url), lambda: [post(classroom, teacher) for _ in range(10)], at_most=8)


# ---------------------------------------------------------------- the class page and the dashboard


def test_student_class_page_shows_teachers_work_and_announcements_newest_first(client, classroom, teacher, student):
    teacher.first_name, teacher.last_name = "Ada", "Lovelace"
    teacher.save()
    co_teacher = UserFactory(username="co", first_name="Grace", last_name="Hopper", is_staff=True)
    classroom.teachers.add(co_teacher)
    quiz, question, right = one_question_quiz(title="Thaw quiz")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=timezone.now() + timedelta(days=2))
    assignment_create(classroom=classroom, assigned_by=teacher, brief=BriefFactory(title="Thaw brief"))
    choose(student, quiz, question, right)
    post(classroom, teacher, title="First news", minutes_ago=60)
    post(classroom, teacher, title="Second news", body="Read *chapter 2*.")

    client.force_login(student)
    html = client.get(f"/classes/{classroom.pk}/").content.decode()

    assert "Ada Lovelace" in html and "Grace Hopper" in html
    assert "Thaw quiz" in html and "Thaw brief" in html and "Marked" in html and "Not started" in html
    assert html.index("Second news") < html.index("First news")
    assert "<em>chapter 2</em>" in html
    assert html.count("<h1") == 1


def test_class_page_of_a_class_the_student_is_not_in_is_a_404(client, classroom, other_classroom, student):
    client.force_login(student)
    assert client.get(f"/classes/{other_classroom.pk}/").status_code == 404


def test_teacher_still_gets_the_overview(client, classroom, teacher):
    client.force_login(teacher)
    html = client.get(f"/classes/{classroom.pk}/").content.decode()
    assert "Join code" in html


def test_class_page_query_count_does_not_grow(client, classroom, teacher, student, queries_stay_flat):
    def grow():
        for n in range(5):
            post(classroom, teacher, title=f"News {n}")
            quiz, _question, _right = one_question_quiz()
            assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
            assignment_create(classroom=classroom, assigned_by=teacher, brief=BriefFactory())

    client.force_login(student)
    post(classroom, teacher)
    queries_stay_flat(lambda: client.get(f"/classes/{classroom.pk}/"), grow, at_most=12)


def test_dashboard_shows_each_class_latest_announcement(client, classroom, teacher, student, other_classroom,
                                                        other_teacher):  # fmt: skip
    post(classroom, teacher, title="Old news", minutes_ago=60)
    client.force_login(student)
    assert "Old news" in client.get("/").content.decode()
    post(classroom, teacher, title="Fresh news")  # the cached dashboard is rebuilt
    post(other_classroom, other_teacher, title="Not my class")
    html = client.get("/").content.decode()
    assert "Fresh news" in html and "Old news" not in html and "Not my class" not in html
    assert f'href="/classes/{classroom.pk}/"' in html
