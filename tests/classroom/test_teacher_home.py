"""The teachers' admin home (issue 23, point 1): their classes with students, work due this week and work waiting
for marking; essays waiting; recent submissions; one-click links; nobody else's classes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classroom.selectors import teacher_home
from classroom.services import assignment_create, classroom_create, enrollment_join
from quizzes.services import quiz_add_questions
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, choose, one_question_quiz, sample_questions, take_attempt


def essay_attempt(student, quiz):
    essay = quiz.questions.get(type="essay")
    return take_attempt(student, quiz, [{"question": essay.pk, "answer": {"text": "Camps emptied."}}])


@pytest.fixture
def essay_quiz(db):
    quiz = QuizFactory(slug="essay", title="Essay on the Thaw")
    quiz_add_questions(quiz=quiz, questions=[q for q in sample_questions() if q.type == "essay"])
    return quiz


@pytest.fixture
def week(classroom, teacher, student, other_classroom, other_teacher, other_student, essay_quiz):
    now = timezone.now()
    soon, later = now + timedelta(days=2), now + timedelta(days=20)
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=essay_quiz, due_at=soon)
    assignment_create(classroom=classroom, assigned_by=teacher, brief=BriefFactory(), due_at=later)
    assignment_create(classroom=other_classroom, assigned_by=other_teacher, quiz=essay_quiz, due_at=soon)
    essay_attempt(student, essay_quiz)
    essay_attempt(other_student, essay_quiz)
    quiz, question, right = one_question_quiz(title="The Thaw")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    choose(student, quiz, question, right)
    return now


def test_the_home_counts_what_each_class_needs(teacher, classroom, week):
    classroom_create(name="Empty", teacher=teacher)
    home = teacher_home(user=teacher, now=week)
    rows = {r.classroom.name: (r.students, r.due_this_week, r.waiting_for_marking) for r in home.classes}
    assert rows == {"Empty": (0, 0, 0), "Period 1": (1, 1, 1)}
    assert home.essays_waiting == 1  # not the other teacher's student's essay
    assert [a.quiz.title for a in home.recent] == ["The Thaw", "Essay on the Thaw"]


def test_an_admin_sees_every_class_and_essay(admin_user, week):
    home = teacher_home(user=admin_user, now=week)
    assert {r.classroom.name for r in home.classes} == {"Period 1", "Period 9"}
    assert home.essays_waiting == 2


def test_a_teacher_without_classes_gets_an_empty_home(teacher):
    home = teacher_home(user=teacher)
    assert (home.classes, home.essays_waiting, home.recent) == ([], 0, [])


def test_the_admin_index_is_the_teachers_home(client, teacher, classroom, week):
    client.force_login(teacher)
    page = client.get("/admin/").content.decode()
    assert "Classroom administration" in page
    for link in (
        f"/admin/classroom/classroom/{classroom.pk}/gradebook/",
        f"/classes/{classroom.pk}/",
        "/admin/quizzes/response/review/",
        "/admin/briefs/brief/import/",
        "/admin/quizzes/quiz/import-gift/",
        "/admin/quizzes/quiz/generate/",
    ):
        assert link in page, link
    assert "1 essay waiting for marking" in page and "Period 9" not in page


def test_the_home_query_count_does_not_grow(client, teacher, classroom, week, queries_stay_flat):
    client.force_login(teacher)
    quiz, question, right = one_question_quiz(title="More")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=week + timedelta(days=1))

    def grow():
        for i in range(6):
            extra = classroom_create(name=f"Class {i}", teacher=teacher)
            someone = UserFactory(username=f"s{i}")
            enrollment_join(student=someone, code=extra.join_code)
            enrollment_join(student=someone, code=classroom.join_code)
            choose(someone, quiz, question, right)

    queries_stay_flat(lambda: client.get("/admin/"), grow, at_most=25)


def test_generate_a_quiz_from_the_home(client, teacher):
    from briefs.models import StudyItem
    from quizzes.models import Quiz

    brief = BriefFactory(title="Thaw")
    StudyItem.objects.create(brief=brief, kind="question", position=1, label="Q", text="Who denounced Stalin?",
                             answer="Khrushchev")  # fmt: skip
    client.force_login(teacher)
    assert client.get("/admin/quizzes/quiz/generate/").status_code == 200
    response = client.post("/admin/quizzes/quiz/generate/", {"brief": brief.pk})
    assert response.status_code == 302
    assert Quiz.objects.filter(brief=brief).exists()


def test_a_student_cannot_reach_the_generate_page(client, student):
    client.force_login(student)
    assert client.get("/admin/quizzes/quiz/generate/").status_code == 302  # to the admin's sign-in
