from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from classroom.models import Assignment
from classroom.selectors import (
    assignments_for_student,
    due_for,
    gradebook,
    gradebook_csv,
    student_progress,
)
from classroom.services import assignment_create, enrollment_join, reading_record
from quizzes.services import attempt_start
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import choose, one_question_quiz


def test_only_a_teacher_of_the_class_can_assign(classroom, teacher, other_teacher):
    quiz, _, _ = one_question_quiz()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    with pytest.raises(PermissionDenied):
        assignment_create(classroom=classroom, assigned_by=other_teacher, quiz=quiz)


def test_due_must_come_after_available(classroom, teacher):
    quiz, _, _ = one_question_quiz()
    now = timezone.now()
    with pytest.raises(ValidationError, match="due date"):
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=now, due_at=now)


def test_exactly_one_of_brief_or_quiz(classroom, teacher):
    quiz, _, _ = one_question_quiz()
    with pytest.raises(ValidationError):
        assignment_create(classroom=classroom, assigned_by=teacher)
    with pytest.raises(ValidationError):
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, brief=BriefFactory())


def test_the_database_refuses_an_assignment_of_both(classroom):
    quiz, _, _ = one_question_quiz()
    with pytest.raises(IntegrityError):
        Assignment.objects.create(classroom=classroom, quiz=quiz, brief=BriefFactory())


def test_statuses_follow_the_students_work(classroom, teacher, student):
    now = timezone.now()
    quizzes = [one_question_quiz(slug=f"q{i}") for i in range(4)]
    for quiz, _, _ in quizzes:
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=now + timedelta(days=2))
    overdue_quiz, _, _ = one_question_quiz(slug="late")
    assignment_create(
        classroom=classroom, assigned_by=teacher, quiz=overdue_quiz,
        available_from=now - timedelta(days=3), due_at=now - timedelta(days=1),
    )  # fmt: skip
    (q_started, _, _), (q_graded, g_question, g_right), _, _ = quizzes
    attempt_start(student=student, quiz=q_started)
    choose(student, q_graded, g_question, g_right)

    by_slug = {row.assignment.quiz.slug: row for row in assignments_for_student(student=student)}
    assert by_slug["q0"].status == "in_progress"
    assert by_slug["q1"].status == "graded" and by_slug["q1"].best_score == 100.0 and by_slug["q1"].grade == 100.0
    assert by_slug["q2"].status == "not_started" and by_slug["q2"].best_score is None
    assert by_slug["late"].status == "overdue"


def test_brief_assignments_show_reading(classroom, teacher, student):
    brief = BriefFactory()
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    assert assignments_for_student(student=student)[0].status == "not_started"
    reading_record(student=student, brief=brief)
    assert assignments_for_student(student=student)[0].status == "in_progress"
    reading_record(student=student, brief=brief, studied=True)
    assert assignments_for_student(student=student)[0].status == "studied"


def test_students_do_not_see_other_classes_or_future_work(classroom, teacher, other_teacher, student):
    from classroom.services import classroom_create

    other = classroom_create(name="Other", teacher=other_teacher)
    quiz, _, _ = one_question_quiz()
    assignment_create(classroom=other, assigned_by=other_teacher, quiz=quiz)
    later, _, _ = one_question_quiz()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=later,
                      available_from=timezone.now() + timedelta(days=1))  # fmt: skip
    assert assignments_for_student(student=student) == []


def test_the_latest_due_date_of_the_students_classes_binds(classroom, teacher, student):
    from classroom.services import classroom_create

    quiz, _, _ = one_question_quiz()
    assert due_for(student=student, quiz=quiz) is None
    soon = timezone.now() + timedelta(days=1)
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=soon)
    assert due_for(student=student, quiz=quiz) == soon
    second = classroom_create(name="Second", teacher=teacher)
    enrollment_join(student=student, code=second.join_code)
    later = soon + timedelta(days=2)
    assignment_create(classroom=second, assigned_by=teacher, quiz=quiz, due_at=later)
    assert due_for(student=student, quiz=quiz) == later


def test_gradebook_and_csv(classroom, teacher, student):
    quiz, question, right = one_question_quiz(slug="khrushchev")
    wrong = question.options.exclude(pk=right.pk).get()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    second = UserFactory(username="zoe", last_name="Zed")
    enrollment_join(student=second, code=classroom.join_code)
    choose(student, quiz, question, right)
    choose(second, quiz, question, wrong)
    book = gradebook(classroom=classroom)
    assert [q.slug for q in book.quizzes] == ["khrushchev"]
    assert {s.username: grades for s, grades in book.rows()} == {"stu": [100.0], "zoe": [0.0]}
    lines = gradebook_csv(book).strip().splitlines()
    assert lines[0] == "username,first_name,last_name,email,khrushchev"
    assert "stu,,,stu@example.org,100.0" in lines
    assert "zoe,,Zed,zoe@example.org,0.0" in lines


@pytest.mark.parametrize("size", [2, 40])
def test_gradebook_query_count_is_bounded(classroom, teacher, size, django_assert_num_queries):
    for i in range(3):
        quiz, _, _ = one_question_quiz(slug=f"g{i}")
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    for i in range(size):
        enrollment_join(student=UserFactory(username=f"s{i}"), code=classroom.join_code)
    with django_assert_num_queries(3):
        book = gradebook(classroom=classroom)
        list(book.rows())


def test_progress_average_and_trend(student):
    quiz, question, right = one_question_quiz(slug="p")
    wrong = question.options.exclude(pk=right.pk).get()
    for option in [wrong, wrong, wrong, right, right, right]:
        choose(student, quiz, question, option)
    progress = student_progress(student=student)
    assert progress.quizzes_taken == 1
    assert progress.average == 50.0
    assert progress.trend == 100.0
    assert [round(p) for _, p, _ in progress.history] == [0, 0, 0, 100, 100, 100]
