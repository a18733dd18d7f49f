"""The on-screen gradebook in the admin (issue 23, point 2): the grid, its CSV, a student's attempts, an attempt's
answers with essays marked in place; only the class's own teachers (and admins) see any of it."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from classroom.selectors import class_gradebook
from classroom.services import assignment_create, enrollment_join
from quizzes.models import Response
from quizzes.services import attempt_start, quiz_add_questions
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, choose, one_question_quiz, sample_questions, take_attempt


def gradebook_url(classroom, suffix=""):
    return f"/admin/classroom/classroom/{classroom.pk}/gradebook/{suffix}"


@pytest.fixture
def essay_quiz():
    quiz = QuizFactory(slug="essay", title="Essay on the Thaw")
    quiz_add_questions(quiz=quiz, questions=[q for q in sample_questions() if q.type == "essay"])
    return quiz


@pytest.fixture
def world(classroom, teacher, student, essay_quiz):
    """Period 1 with three students: one right on time, one essay waiting, one who never started (overdue)."""
    now = timezone.now()
    quiz, question, right = one_question_quiz(slug="thaw", title="The Thaw")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=now - timedelta(days=3),
                      due_at=now - timedelta(hours=1))  # fmt: skip
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=essay_quiz)
    student.first_name, student.last_name = "Ada", "Lovelace"
    student.save()
    choose(student, quiz, question, right, now=now - timedelta(days=1))
    zoe = UserFactory(username="zoe", first_name="Zoe", last_name="Zed")
    enrollment_join(student=zoe, code=classroom.join_code)
    essay = essay_quiz.questions.get()
    take_attempt(zoe, essay_quiz, [{"question": essay.pk, "answer": {"text": "The camps emptied."}}])
    bea = UserFactory(username="bea", first_name="Bea", last_name="Brown")
    enrollment_join(student=bea, code=classroom.join_code)
    return {"quiz": quiz, "essay": essay_quiz, "ada": student, "zoe": zoe, "bea": bea}


def test_the_grid_shows_each_students_status_and_percent(classroom, world):
    book = class_gradebook(classroom=classroom)
    assert [c.title for c in book.columns] == ["The Thaw", "Essay on the Thaw"]
    cells = {r.username: [(c.status, c.percent) for c in r.cells] for r in book.rows}
    assert cells["stu"] == [("submitted", 100.0), ("not_started", None)]
    assert cells["zoe"][0] == ("missing", None)
    assert cells["zoe"][1][0] == "needs_review" and book.rows[-1].cells[1].provisional
    assert cells["bea"] == [("missing", None), ("not_started", None)]
    assert [r.name for r in book.rows] == ["Brown, Bea", "Lovelace, Ada", "Zed, Zoe"]
    by_total = class_gradebook(classroom=classroom, sort="total", descending=True)
    assert [r.username for r in by_total.rows][0] == "stu"


def test_a_late_submission_is_late(classroom, teacher, world):
    late = UserFactory(username="late")
    enrollment_join(student=late, code=classroom.join_code)
    quiz = world["quiz"]
    choose(late, quiz, quiz.questions.get(), None)  # now: after the due date
    row = next(r for r in class_gradebook(classroom=classroom).rows if r.username == "late")
    assert (row.cells[0].status, row.cells[0].percent) == ("late", 0.0)


def test_the_page_lists_titles_names_percent_with_one_decimal(client, teacher, classroom, world):
    client.force_login(teacher)
    page = client.get(gradebook_url(classroom))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in ("The Thaw", "Essay on the Thaw", "Lovelace, Ada", "100.0&nbsp;%", "Missing",
                     "Waiting for marking", "Not started"):  # fmt: skip
        assert expected in text, expected


def test_the_csv_is_the_same_grid(client, teacher, classroom, world):
    client.force_login(teacher)
    response = client.get(gradebook_url(classroom), {"format": "csv", "sort": "total", "order": "desc"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:4] == ["Student", "Username", "The Thaw (%)", "The Thaw: status"]
    assert lines[1][:4] == ["Lovelace, Ada", "stu", "100.0", "Submitted"]
    assert len(lines) == 4


def test_a_student_opens_their_attempts_and_an_attempt_its_answers(client, teacher, classroom, world):
    client.force_login(teacher)
    zoe = world["zoe"]
    page = client.get(gradebook_url(classroom, f"students/{zoe.pk}/")).content.decode()
    attempt = zoe.quiz_attempts.get()
    assert gradebook_url(classroom, f"attempts/{attempt.pk}/") in page and "Essay on the Thaw" in page
    page = client.get(gradebook_url(classroom, f"attempts/{attempt.pk}/")).content.decode()
    assert "The camps emptied." in page and "Model answer" in page


def test_an_essay_is_marked_on_the_attempt_page(client, teacher, classroom, world):
    client.force_login(teacher)
    attempt = world["zoe"].quiz_attempts.get()
    response = attempt.responses.get()
    url = gradebook_url(classroom, f"attempts/{attempt.pk}/")
    reply = client.post(url, {f"r{response.pk}-score": "3", f"r{response.pk}-feedback": "Good."})
    assert reply.status_code == 302
    response.refresh_from_db()
    assert (response.score, response.feedback, response.reviewed_by) == (3.0, "Good.", teacher)
    row = next(r for r in class_gradebook(classroom=classroom).rows if r.username == "zoe")
    assert row.cells[1].status == "submitted" and row.cells[1].percent == pytest.approx(75.0)


def test_a_score_above_the_points_is_refused_and_nothing_is_saved(client, teacher, classroom, world):
    client.force_login(teacher)
    attempt = world["zoe"].quiz_attempts.get()
    response = attempt.responses.get()
    reply = client.post(gradebook_url(classroom, f"attempts/{attempt.pk}/"), {f"r{response.pk}-score": "99"})
    assert reply.status_code == 200
    assert Response.objects.get(pk=response.pk).score is None


@pytest.mark.parametrize("who", ["anonymous", "student", "other_student", "other_teacher"])
def test_another_teachers_class_is_a_404_everywhere(client, request, classroom, other_classroom, world, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    attempt = world["zoe"].quiz_attempts.get()
    expected = (404,) if who == "other_teacher" else (302,)  # the others are sent to the admin's sign-in
    for suffix in ("", "?format=csv", f"students/{world['zoe'].pk}/", f"attempts/{attempt.pk}/"):
        assert client.get(gradebook_url(classroom, suffix)).status_code in expected, suffix
    assert client.post(gradebook_url(classroom, f"attempts/{attempt.pk}/"), {}).status_code in expected


def test_a_student_or_attempt_of_another_class_is_a_404_in_mine(client, teacher, classroom, other_classroom,
                                                               other_student, world):  # fmt: skip
    quiz = world["quiz"]
    stranger = choose(other_student, quiz, quiz.questions.get(), None)
    client.force_login(teacher)
    assert client.get(gradebook_url(classroom, f"students/{other_student.pk}/")).status_code == 404
    assert client.get(gradebook_url(classroom, f"attempts/{stranger.pk}/")).status_code == 404


def test_an_admin_sees_any_class(client, admin_user, classroom, world):
    client.force_login(admin_user)
    assert client.get(gradebook_url(classroom)).status_code == 200


def test_the_query_count_does_not_grow_with_the_students(client, teacher, classroom, world, queries_stay_flat):
    client.force_login(teacher)
    quiz = world["quiz"]

    def grow():
        for i in range(15):
            someone = UserFactory(username=f"more{i}")
            enrollment_join(student=someone, code=classroom.join_code)
            if i % 3 == 0:
                attempt_start(student=someone, quiz=quiz)
            elif i % 3 == 1:
                choose(someone, quiz, quiz.questions.get(), None)

    queries_stay_flat(lambda: client.get(gradebook_url(classroom)), grow, at_most=20)


def test_the_class_list_links_each_gradebook_and_class_page(client, teacher, classroom):
    client.force_login(teacher)
    page = client.get("/admin/classroom/classroom/").content.decode()
    assert gradebook_url(classroom) in page and f"/classes/{classroom.pk}/" in page
    change = client.get(f"/admin/classroom/classroom/{classroom.pk}/change/").content.decode()
    assert gradebook_url(classroom) in change and f"/classes/{classroom.pk}/" in change
