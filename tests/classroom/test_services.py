import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from classroom.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Enrollment, ProgressReport, new_join_code
from classroom.services import classroom_create, classroom_regenerate_code, enrollment_join


def test_join_codes_use_the_unambiguous_alphabet():
    for _ in range(200):
        code = new_join_code()
        assert len(code) == JOIN_CODE_LENGTH
        assert set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


@pytest.mark.django_db
def test_classroom_create_makes_the_creator_its_teacher(teacher):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    assert list(classroom.teachers.all()) == [teacher]
    assert len(classroom.join_code) == JOIN_CODE_LENGTH


@pytest.mark.django_db
def test_joining_twice_changes_nothing(teacher, student):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    first = enrollment_join(student=student, code=classroom.join_code)
    second = enrollment_join(student=student, code=classroom.join_code.lower())
    assert first.pk == second.pk
    assert Enrollment.objects.filter(student=student).count() == 1


@pytest.mark.django_db
def test_join_code_is_forgiving_about_case_spaces_and_dashes(teacher, student):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    code = classroom.join_code
    enrollment = enrollment_join(student=student, code=f" {code[:4].lower()}-{code[4:]} ")
    assert enrollment.classroom == classroom


@pytest.mark.django_db
def test_unknown_code_is_a_clear_error(student):
    with pytest.raises(ValidationError, match="No class has the join code"):
        enrollment_join(student=student, code="NOTACODE")


@pytest.mark.django_db
def test_inactive_class_refuses_students(teacher, student):
    classroom = classroom_create(name="Closed", teacher=teacher)
    classroom.active = False
    classroom.save()
    with pytest.raises(ValidationError, match="not accepting students"):
        enrollment_join(student=student, code=classroom.join_code)
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_regenerated_code_replaces_the_old_one(teacher, student):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    old = classroom.join_code
    classroom_regenerate_code(classroom=classroom)
    assert classroom.join_code != old
    with pytest.raises(ValidationError):
        enrollment_join(student=student, code=old)
    enrollment_join(student=student, code=classroom.join_code)


@pytest.mark.django_db
def test_enrollment_is_unique_in_the_database(teacher, student):
    classroom = classroom_create(name="Period 1", teacher=teacher)
    Enrollment.objects.create(student=student, classroom=classroom)
    with pytest.raises(IntegrityError):
        Enrollment.objects.create(student=student, classroom=classroom)


@pytest.mark.django_db
def test_a_student_report_is_stored_once_per_period(student):
    ProgressReport.objects.create(kind="student", student=student, recipient=student, period_start="2026-11-16",
                                  period_end="2026-11-22")  # fmt: skip
    with pytest.raises(IntegrityError):
        ProgressReport.objects.create(kind="student", student=student, recipient=student, period_start="2026-11-16",
                                      period_end="2026-11-22")  # fmt: skip
