"""Reads for the classroom app (selectors.classes, .work, .study, .reports), with their related rows loaded. The
names most callers use are here."""

from classroom.selectors.announcements import announcements_of, class_for_member, with_latest_announcement
from classroom.selectors.classes import (
    AssignmentOverview,
    Gradebook,
    class_overview,
    class_students,
    class_taught,
    class_with_code,
    classes_for_user,
    csv_cell,
    gradebook,
    gradebook_csv,
    student_taught,
    with_student_count,
)
from classroom.selectors.grades import (
    ClassGradebook,
    class_attempt,
    class_gradebook,
    class_student,
    student_attempts_in_class,
    student_name,
)
from classroom.selectors.home import ClassSummary, TeacherHome, essays_waiting_for, teacher_home
from classroom.selectors.notifications import notification_opt_outs
from classroom.selectors.reports import (
    class_report_rows,
    report_classroom_ids,
    report_recipient_counts,
    report_student_ids,
    reports_for,
    student_report_rows,
)
from classroom.selectors.study import flashcard_faces, flashcards_due, flashcards_of, next_card_due, studyable_quizzes
from classroom.selectors.work import (
    StudentAssignment,
    StudentProgress,
    assignable_material,
    assignments_for_student,
    assignments_visible_to,
    attempt_for_user,
    attempts_visible_to,
    briefs_assigned_to,
    due_and_allowance,
    due_for,
    next_change,
    quiz_dues,
    quizzes_assigned_to,
    reading_of,
    recent_reading,
    student_progress,
    students_dues,
    students_dues_and_allowances,
)

__all__ = [
    "announcements_of", "class_for_member", "notification_opt_outs", "with_latest_announcement",
    "ClassGradebook", "class_attempt", "class_gradebook", "class_student", "student_attempts_in_class",
    "student_name", "ClassSummary", "TeacherHome", "essays_waiting_for", "teacher_home",
    "AssignmentOverview", "Gradebook", "StudentAssignment", "StudentProgress", "assignable_material",
    "assignments_for_student", "assignments_visible_to", "attempt_for_user", "attempts_visible_to",
    "briefs_assigned_to", "class_overview", "class_report_rows", "class_students", "class_taught", "class_with_code",
    "classes_for_user", "csv_cell", "due_and_allowance", "due_for", "flashcard_faces", "flashcards_due",
    "flashcards_of", "gradebook", "gradebook_csv", "next_card_due", "next_change", "quiz_dues", "quizzes_assigned_to",
    "reading_of", "recent_reading", "report_classroom_ids", "report_recipient_counts", "report_student_ids",
    "reports_for", "student_progress", "student_report_rows", "student_taught", "students_dues",
    "students_dues_and_allowances", "studyable_quizzes", "with_student_count",
]  # fmt: skip
