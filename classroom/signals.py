"""The versions under which the classroom app's cached data is kept (config.cache). They change only here, from
the services and from the receivers (classroom.receivers), never from selectors."""

from config.cache import bump

# A student's dashboard is cached under these: the classes (their enrollments and assignments), and the student's
# own work (attempts, grades, reading, flashcards); with the briefs' and quizzes' versions for their titles.
CLASSES_VERSION = "classroom:classes:version"


def student_version(student_id: int) -> str:
    return f"classroom:student:{student_id}:version"


def classes_changed(**kwargs) -> None:
    bump(CLASSES_VERSION)


def students_changed(*, student_ids) -> None:
    bump(*(student_version(pk) for pk in set(student_ids)))
