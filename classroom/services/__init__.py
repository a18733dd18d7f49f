"""Writes for the classroom app (services.classes, .assignments, .attempts, .study, .reports). The names most
callers use are here."""

from classroom.services.announcements import announcement_post, announcement_update
from classroom.services.assignments import assignment_create, assignment_delete, assignment_save, reschedule
from classroom.services.attempts import essay_score, quiz_start
from classroom.services.classes import (
    classroom_create,
    classroom_regenerate_code,
    enrollment_join,
    signup_refused,
    student_signup,
    worker_heartbeat_record,
)
from classroom.services.notifications import (
    notification_settings_set,
    notification_switch_off,
    notifications_collect,
    notifications_send,
)
from classroom.services.overrides import override_check, override_delete, override_save
from classroom.services.profile import user_profile_update
from classroom.services.reports import (
    class_reports_send,
    progress_report_email,
    progress_report_send,
    report_period,
    student_reports_send,
)
from classroom.services.study import flashcard_review, flashcards_for_missed, reading_record

__all__ = [
    "announcement_post", "announcement_update", "notification_settings_set", "notification_switch_off",
    "notifications_collect",
    "notifications_send", "user_profile_update",
    "assignment_create", "assignment_delete", "assignment_save", "class_reports_send", "classroom_create",
    "classroom_regenerate_code", "enrollment_join", "essay_score", "override_check", "override_delete",
    "override_save", "flashcard_review", "flashcards_for_missed", "progress_report_email", "progress_report_send",
    "quiz_start", "reading_record", "report_period", "reschedule", "signup_refused", "student_reports_send",
    "student_signup", "worker_heartbeat_record",
]  # fmt: skip
