"""Grading: submitted attempts scored in batches by a worker, essays scored by a teacher, regrades after a key
changed, and each student's quiz grade. The rules are quizzes.grading's (pure); here they meet rows, locks and
transactions.

A class submits together, so one grading is queued per quiz at a time: queuing it sets a flag in the cache; the
grading waits GRADING_DELAY, clears the flag and grades every submitted attempt of the quiz, so the submits that
came meanwhile found the flag and queued nothing. A lost message leaves the flag for GRADING_FLAG_SECONDS at most,
and the sweep (`attempts_requeue_ungraded`) queues what it held back."""

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.celery import queue_backlog
from quizzes import grading, layout
from quizzes.models import Attempt, AttemptStatus, GradingMethod, Quiz, QuizGrade, Response
from quizzes.selectors import FINISHED, questions_for_grading
from quizzes.signals import attempt_events, attempts_changed
from quizzes.types import QuestionData

logger = logging.getLogger(__name__)

SCORE_DIGITS = 4
GRADING_DELAY = 1  # seconds; the result page looks again every 2 s
GRADING_FLAG_SECONDS = 60
GRADING_BATCH = 50  # submitted attempts of one quiz that one grading transaction takes
GRADING_ROUNDS = 4  # batches of a quiz's other attempts one task grades at most, then hands over
TOTAL_FIELDS = ["score", "max_score", "status", "graded_at"]


def _round(value: float) -> float:
    return round(value, SCORE_DIGITS)


# ---------------------------------------------------------------- queuing


def _grading_flag(quiz_id: int) -> str:
    return f"quizzes:grading-queued:{quiz_id}"


def queue_grading(attempt_id: int, quiz_id: int, delay: float = GRADING_DELAY) -> None:
    """After commit: queue the grading of the quiz's submitted attempts, unless one is queued already (it will take
    this attempt along). A broker outage must not fail the student's submit: the attempt is safely `submitted` and
    the periodic sweep queues it."""
    from quizzes.tasks import grade_attempt_task  # the tasks call these services

    flag = _grading_flag(quiz_id)
    try:
        if cache.add(flag, attempt_id, GRADING_FLAG_SECONDS):
            grade_attempt_task.apply_async((attempt_id,), countdown=delay)
    except Exception:
        logger.exception("Could not queue grading of attempt %s; the sweep will retry", attempt_id)
        cache.delete(flag)  # the next submit tries again


def attempts_requeue_ungraded(*, older_than: timedelta = timedelta(minutes=2), now: datetime | None = None) -> int:
    """Queue grading again for attempts still `submitted` after `older_than` (a lost message, a broker that was down
    at submit time). Skipped while tasks wait in the queue: the workers are behind, and what waits will be graded."""
    from quizzes.tasks import grade_attempt_task

    if backlog := queue_backlog(grade_attempt_task.app):
        logger.info("Requeue sweep skipped: %s tasks are still waiting", backlog)
        return 0
    cutoff = (now or timezone.now()) - older_than
    stale = Attempt.objects.filter(status=AttemptStatus.SUBMITTED, submitted_at__lt=cutoff).order_by("submitted_at")
    ids = list(stale.values_list("id", flat=True))
    for attempt_id in ids:
        grade_attempt_task.delay(attempt_id)  # a broker error fails the sweep; the next one tries again
    if ids:
        logger.warning("Re-queued grading of %s attempts submitted before %s", len(ids), cutoff.isoformat())
    return len(ids)


# ---------------------------------------------------------------- grading submitted attempts


def attempt_grade(*, attempt_id: int, now: datetime | None = None, batch: int = GRADING_BATCH) -> Attempt | None:
    """Grade a submitted attempt and every other submitted attempt of its quiz, in batches of `batch` (one
    transaction each); only `submitted` attempts are graded, so a redelivered task changes nothing. An attempt
    another transaction holds is left to it, but this task's own: if held, others are graded first, then it."""
    now = now or timezone.now()
    attempt = Attempt.objects.filter(pk=attempt_id).only("id", "quiz_id", "status").first()
    if attempt is None:
        logger.warning("Attempt %s to grade does not exist; skipped", attempt_id)
        return None
    cache.delete(_grading_flag(attempt.quiz_id))  # a submit from now on queues a grading of its own
    own = _grade_own(attempt, batch=batch, now=now) if attempt.status == AttemptStatus.SUBMITTED else attempt
    for _round_number in range(GRADING_ROUNDS):
        if len(_grade_batch(attempt.quiz_id, first=None, limit=batch, wait=False, now=now)) < batch:
            return own
    queue_grading(attempt.pk, attempt.quiz_id, delay=0)  # more may be left: another task takes them, at once
    return own


def _grade_own(attempt: Attempt, *, batch: int, now: datetime) -> Attempt:
    for wait in (False, True):
        graded = _grade_batch(attempt.quiz_id, first=attempt.pk, limit=batch, wait=wait, now=now)
        if own := next((a for a in graded if a.pk == attempt.pk), None):
            return own
    return Attempt.objects.get(pk=attempt.pk)  # graded meanwhile by the transaction that held it


def _grade_batch(quiz_id: int, *, first: int | None, limit: int, wait: bool, now: datetime) -> list[Attempt]:
    with transaction.atomic():
        attempts = _lock_submitted(quiz_id, first=first, limit=limit, wait=wait)
        if attempts:
            ids = {entry["id"] for a in attempts for entry in a.layout.get("questions", [])}
            _rescore(attempts, questions_for_grading(ids=ids), now)
            quiz_grades_update(student_ids=[a.student_id for a in attempts], quiz=Quiz.objects.get(pk=quiz_id))
            _tell_graded([a for a in attempts if a.status == AttemptStatus.GRADED])
    for graded in attempts:
        logger.info("Graded attempt %s: %s", graded.pk, graded.status)  # once per attempt: the tests count these
    if attempts:
        student_ids = {a.student_id for a in attempts}
        attempts_changed.send(sender=Attempt, student_ids=student_ids, graded=[a.pk for a in attempts])
    return attempts


def _lock_submitted(quiz_id: int, *, first: int | None, limit: int, wait: bool) -> list[Attempt]:
    """Attempt `first`, if any (waiting for it if `wait`), and up to `limit` in all of the quiz's other submitted
    attempts that nobody holds, oldest first: the order of the grading queue's index (Attempt.Meta)."""
    submitted = Attempt.objects.filter(quiz_id=quiz_id, status=AttemptStatus.SUBMITTED)
    own = list(submitted.filter(pk=first).order_by().select_for_update(skip_locked=not wait)) if first else []
    others = submitted.exclude(pk__in=[a.pk for a in own]).order_by("submitted_at", "id")
    return own + list(others.select_for_update(skip_locked=True)[: limit - len(own)])


@dataclass
class _Writes:
    """What scoring a batch changed: written at the end, one statement per kind."""

    new: list[Response] = field(default_factory=list)
    updated: list[Response] = field(default_factory=list)
    changed: int = 0  # existing scores that changed (a regrade reports it)

    def save(self) -> None:
        # One upsert for new and changed rows alike: bulk_update's CASE per row grows with the batch.
        Response.objects.bulk_create(
            [*self.new, *self.updated],
            update_conflicts=True,
            unique_fields=["attempt", "question"],
            update_fields=["score", "feedback", "points"],
        )


def _rescore(attempts: list[Attempt], questions: dict[int, QuestionData], now: datetime) -> int:
    """Score every response of the (locked) attempts and total each one. Returns how many scores changed."""
    responses = defaultdict(list)
    stored = Response.objects.filter(attempt__in=attempts).order_by("attempt_id", "id")
    for response in stored:
        responses[response.attempt_id].append(response)
    writes = _Writes()
    for attempt in attempts:
        _set_total(attempt, now, _score_attempt(attempt, questions, responses[attempt.pk], writes))
    writes.save()
    # An upsert on the primary key updates the locked rows' totals in one statement (bulk_update's CASE per row
    # grows with the batch); no row is inserted: they are held FOR UPDATE.
    Attempt.objects.bulk_create(attempts, update_conflicts=True, unique_fields=["id"], update_fields=TOTAL_FIELDS)
    return writes.changed


def _score_attempt(attempt: Attempt, questions: dict, responses: Iterable[Response], writes: _Writes) -> list:
    """(Re)score each response of the attempt into `writes`, adding empty ones for unanswered questions. Returns the
    (score, points) of every response, for the attempt's total."""
    responses = {r.question_id: r for r in responses}
    for entry in attempt.layout.get("questions", []):
        data = questions.get(entry["id"])
        if data is None:
            continue
        response = responses.get(entry["id"])
        if response is None:
            response = responses[entry["id"]] = Response(attempt=attempt, question_id=entry["id"], answer=None)
            writes.new.append(response)
        score, feedback = _score(data, response, entry)
        if response.pk is not None and _differs(response.score, score):
            writes.changed += 1
        if response.pk is not None and (response.score, response.feedback, response.points) != (
            score, feedback, data.points,
        ):  # fmt: skip
            writes.updated.append(response)
        response.score, response.feedback, response.points = score, feedback, data.points
    return [(r.score, r.points) for r in responses.values()]


def _score(data: QuestionData, response: Response, entry: dict) -> tuple[float | None, str]:
    """(score, feedback) of one response: a teacher's essay score is kept; a missing answer is 0."""
    if response.answer is None:
        return 0.0, ""
    try:
        result = grading.grade(layout.as_shown(data, entry), response.answer, rights=layout.rights(entry))
    except grading.AnswerError as error:  # saved answers were valid: only an edited question can do this
        logger.warning("Response %s no longer fits question %s: %s", response.pk, response.question_id, error)
        return 0.0, _("This answer no longer fits the question as it was changed.")
    if result.fraction is None:
        return (response.score, response.feedback) if response.reviewed_at else (None, "")
    return min(data.points, _round(data.points * result.fraction)), result.feedback


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > 10**-SCORE_DIGITS / 2


def _set_total(attempt: Attempt, now: datetime, rows: list) -> None:
    """Score and status from the responses' (score, points): needs_review while an essay is unscored."""
    attempt.max_score = _round(sum(points for _score, points in rows)) or attempt.max_score
    attempt.score = min(attempt.max_score, _round(sum(s for s, _p in rows if s is not None)))
    if any(s is None for s, _p in rows):
        attempt.status, attempt.graded_at = AttemptStatus.NEEDS_REVIEW, None
    else:
        attempt.status, attempt.graded_at = AttemptStatus.GRADED, attempt.graded_at or now


# ---------------------------------------------------------------- teachers' scores and regrades


@transaction.atomic
def response_review(*, response: Response, reviewer, score, feedback: str = "", now: datetime | None = None):
    """Record a teacher's score for an essay answer; the attempt is re-totalled, and graded once nothing is left to
    review. Scoring again replaces the earlier score. Who may review whom is the caller's rule (classroom)."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
    response = Response.objects.select_related("question").get(pk=response.pk)
    _check_review(response, attempt, score)
    was = attempt.status
    response.score, response.points, response.feedback = float(score), response.question.points, feedback
    response.reviewed_by, response.reviewed_at = reviewer, now
    response.save(update_fields=["score", "points", "feedback", "reviewed_by", "reviewed_at"])
    _set_total(attempt, now, list(attempt.responses.order_by("id").values_list("score", "points")))
    attempt.save(update_fields=TOTAL_FIELDS)
    quiz_grades_update(student_ids=[attempt.student_id], quiz=attempt.quiz)
    attempt_events.send(sender=Response, event="response.marked", ids=[response.pk])
    if was != attempt.status:
        _tell_graded([attempt] if attempt.status == AttemptStatus.GRADED else [])
    return response


def _tell_graded(attempts: list[Attempt]) -> None:
    if attempts:
        attempt_events.send(sender=Attempt, event="attempt.graded", ids=[a.pk for a in attempts])


def _check_review(response: Response, attempt: Attempt, score) -> None:
    if response.question.type != "essay":
        raise ValidationError(_("Only essay answers are scored by hand; the others are graded automatically."))
    if attempt.status not in (AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW):
        raise ValidationError(_("This attempt has not been submitted and graded yet."))
    if not isinstance(score, int | float) or isinstance(score, bool) or not math.isfinite(score):
        raise ValidationError(_("The score must be a number."))
    if not 0 <= score <= response.question.points:
        points = f"{response.question.points:g}"
        raise ValidationError(_("The score must be between 0 and %(points)s.") % {"points": points})


def quiz_regrade(*, quiz: Quiz, batch_size: int = 100, now: datetime | None = None) -> int:
    """Re-score every finished attempt after the questions changed (keys, fractions, points), a batch per
    transaction. Returns how many response scores changed."""
    now = now or timezone.now()
    questions = questions_for_grading(ids=quiz.questions.values_list("id", flat=True))
    finished = Attempt.objects.filter(quiz=quiz, status__in=(AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW))
    ids = list(finished.order_by("id").values_list("id", flat=True))
    changed = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = Attempt.objects.filter(id__in=ids[start : start + batch_size]).order_by("id")
            attempts = list(batch.select_for_update())
            changed += _rescore(attempts, questions, now)
            quiz_grades_update(student_ids=[a.student_id for a in attempts], quiz=quiz)
            attempt_events.send(sender=Attempt, event="attempt.regraded", ids=[a.pk for a in attempts])
        attempts_changed.send(sender=Attempt, student_ids={a.student_id for a in attempts}, graded=[])
    return changed


def quiz_keys_changed(*, quiz: Quiz) -> bool:
    """After a change of keys, fractions or points by other means than quiz_update (the admin): queue the regrade
    of its finished attempts once committed. Returns whether it did."""
    if not quiz.attempts.filter(status__in=FINISHED).exists():  # `submitted`: one being graded may read old keys
        return False
    transaction.on_commit(partial(queue_regrade, quiz.pk))
    return True


def queue_regrade(quiz_id: int) -> None:
    from quizzes.tasks import regrade_quiz_task

    try:
        regrade_quiz_task.delay(quiz_id)
    except Exception:
        logger.exception("Could not queue the regrade of quiz %s", quiz_id)


# ---------------------------------------------------------------- the quiz grade


def quiz_grades_update(*, student_ids: Iterable[int], quiz: Quiz) -> dict[int, QuizGrade]:
    """Recompute these students' grades for the quiz by its grading method (one row each, for the gradebook): one
    read of their finished attempts and one upsert. A student with no finished attempt has no grade."""
    student_ids = sorted(set(student_ids))  # rows locked in one order: two batches cannot deadlock
    finished = defaultdict(list)
    rows = Attempt.objects.filter(student_id__in=student_ids, quiz=quiz, status__in=FINISHED)
    for attempt in rows.order_by("student_id", "number").only("student_id", "number", "status", "score", "max_score"):
        finished[attempt.student_id].append(attempt)
    grades = {student_id: _quiz_grade(quiz, student_id, finished[student_id]) for student_id in finished}
    if gone := [student_id for student_id in student_ids if student_id not in grades]:
        QuizGrade.objects.filter(student_id__in=gone, quiz=quiz).delete()
    QuizGrade.objects.bulk_create(
        grades.values(),
        update_conflicts=True,
        unique_fields=["student", "quiz"],
        update_fields=["grade", "attempts", "pending_review", "updated_at"],
    )
    return grades


def _method_grade(method: str, attempts: list[Attempt]) -> float | None:
    """attempts: the finished ones by number. first/latest wait for that attempt to be graded."""
    graded = [a.percent for a in attempts if a.status == AttemptStatus.GRADED and a.percent is not None]
    if method in (GradingMethod.FIRST, GradingMethod.LATEST):
        chosen = attempts[0] if method == GradingMethod.FIRST else attempts[-1]
        return chosen.percent if chosen.status == AttemptStatus.GRADED else None
    if not graded:
        return None
    return max(graded) if method == GradingMethod.HIGHEST else sum(graded) / len(graded)


def _quiz_grade(quiz: Quiz, student_id: int, attempts: list[Attempt]) -> QuizGrade:
    value = _method_grade(quiz.grading_method, attempts)
    return QuizGrade(
        student_id=student_id,
        quiz=quiz,
        grade=None if value is None else _round(min(100.0, max(0.0, value))),
        attempts=len(attempts),
        pending_review=any(a.status != AttemptStatus.GRADED for a in attempts),
    )
