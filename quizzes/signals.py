"""What the quizzes app tells the apps above it (it never imports them): they connect to these signals."""

from django.dispatch import Signal

from config.cache import bump

# Attempts changed state without a model signal (bulk writes: a submit, a grading batch, a regrade), after the
# change is committed. Arguments: `student_ids` (set), `graded` (list of the ids of attempts just graded).
attempts_changed = Signal()

# Sent inside the transaction that made the change, so what a receiver writes (the webhooks' outbox) commits or rolls
# back with it. Arguments: `event` ("attempt.submitted", "attempt.graded", "attempt.regraded": finished attempts
# rescored, changed or not, or "response.marked") and `ids` (of the attempts; of the responses for "response.marked").
attempt_events = Signal()

# What is cached of quizzes (a quiz's settings, its questions) is kept under this version (config.cache): a write
# of a quiz, a question or an option replaces it, from the models' signals (quizzes.apps) or a bulk write's service.
QUIZZES_VERSION = "quizzes:version"


def quizzes_changed(**kwargs) -> None:
    bump(QUIZZES_VERSION)


# Asked for the quizzes a student may see and take besides those open to everyone: receivers (the classroom app:
# the quizzes assigned to the student's classes) get `user` and return a Q on Quiz, or None.
quiz_audience = Signal()
