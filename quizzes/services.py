"""Writes for quizzes: questions from plain data, attempts, autosave, submission, grading, review.

Grading rules are in grading.py (pure); here they meet rows, transactions and locks."""

import logging
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classroom.roles import teaches
from classroom.selectors import students_changed
from config import rows
from config.bulk import bulk_insert_rows, bulk_update_rows
from quizzes import gift, grading, layout
from quizzes.models import Attempt, AttemptStatus, GradingMethod, Option, Question, Quiz, QuizGrade, Response
from quizzes.prompts import render_prompt
from quizzes.selectors import (
    ATTEMPT_COLUMNS,
    ATTEMPT_FIELDS,
    ATTEMPT_STATE,
    FINISHED,
    MAX_ID,
    STATE_COLUMNS,
    assignment_due_at,
    attempt_refresh_state,
    attempt_set_state,
    attempts_made,
    own_attempt,
    question_data,
    questions_by_id,
    questions_for_grading,
    quiz_cached,
    quiz_questions,
    quiz_questions_cached,
    quizzes_changed,
    started_attempts,
)
from quizzes.types import MAX_QUESTIONS_PER_QUIZ, QUESTION_TYPES, Choice, NumericAnswer, QuestionData

logger = logging.getLogger(__name__)

SCORE_DIGITS = 4

# ---------------------------------------------------------------- questions <-> plain data


def _question_row(*, quiz: Quiz, data: QuestionData, position: int, study_item_id: int | None) -> Question:
    extra = {"correct": data.correct} if data.type == "true_false" else {}
    if data.type == "numerical":
        extra["answers"] = [asdict(a) for a in data.numeric]
    for key in ("feedback_true", "feedback_false", "model_answer", "category"):
        if getattr(data, key):
            extra[key] = getattr(data, key)
    return Question(
        quiz=quiz,
        position=position,
        type=data.type,
        name=data.name[:255],
        prompt=data.prompt,
        prompt_format=data.prompt_format,
        prompt_html=render_prompt(data.prompt_format, data.prompt),
        points=data.points,
        general_feedback=data.general_feedback,
        data=extra,
        study_item_id=study_item_id,
    )


def _question_errors(questions: list[QuestionData]) -> list[str]:
    errors = []
    for number, data in enumerate(questions, start=1):
        label = data.name or data.prompt[:40]
        if data.type not in QUESTION_TYPES:
            problems = [_("unknown question type “%(type)s”") % {"type": data.type}]
        else:
            problems = grading.question_problems(data)
        if not (isinstance(data.points, int | float) and math.isfinite(data.points) and data.points > 0):
            problems.append(_("points must be a positive number"))
        errors += [
            _("Question %(n)s (%(label)s): %(problem)s") % {"n": number, "label": label, "problem": p} for p in problems
        ]
    return errors


@transaction.atomic
def quiz_add_questions(
    *, quiz: Quiz, questions: list[QuestionData], study_item_ids: list[int | None] | None = None
) -> list[Question]:
    """Append questions (and their options) after the quiz's last one. All or nothing.

    `study_item_ids`, parallel to `questions`, links each question to the study item it came from."""
    existing = quiz.questions.count()
    if existing + len(questions) > MAX_QUESTIONS_PER_QUIZ:
        raise ValidationError(
            _("A quiz may hold %(max)s questions; this one would hold %(n)s. Split it into several quizzes.")
            % {"max": MAX_QUESTIONS_PER_QUIZ, "n": existing + len(questions)}
        )
    errors = _question_errors(questions)
    if errors:
        raise ValidationError(errors)
    start = (quiz.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    links = study_item_ids or [None] * len(questions)
    rows = [
        _question_row(quiz=quiz, data=data, position=start + i, study_item_id=link)
        for i, (data, link) in enumerate(zip(questions, links, strict=True))
    ]
    for row in rows:
        row.full_clean(exclude=["quiz", "study_item"])  # FKs are known good; skip a query per row
    Question.objects.bulk_create(rows)
    Option.objects.bulk_create(
        Option(question=row, position=i, text=c.text, fraction=c.fraction, feedback=c.feedback, match=c.match)
        for row, data in zip(rows, questions, strict=True)
        for i, c in enumerate(data.choices, start=1)
    )
    quizzes_changed()  # bulk_create sends no signal; the question count changed
    return rows


@transaction.atomic
def quiz_replace_questions(
    *, quiz: Quiz, questions: list[QuestionData], study_item_ids: list[int | None] | None = None
) -> list[Question]:
    """Replace every question of a quiz. Refused once students have answered: their history stays."""
    if Response.objects.filter(question__quiz=quiz).exists() or quiz.attempts.exists():
        raise ValidationError(_("“%(quiz)s” has attempts; its questions can no longer be replaced.") % {"quiz": quiz})
    quiz.questions.all().delete()
    return quiz_add_questions(quiz=quiz, questions=questions, study_item_ids=study_item_ids)


# ---------------------------------------------------------------- starting an attempt


def _layout_entry(question: Question, quiz: Quiz, rng: random.Random, used: set[int]) -> dict:
    return layout.new_entry(question.id, question_data(question), shuffle=quiz.shuffle_choices, rng=rng, used=used)


def _draw_questions(quiz: Quiz, rng: random.Random) -> list[Question]:
    questions = quiz_questions_cached(quiz=quiz)
    k = quiz.questions_per_attempt
    if k and k < len(questions):
        drawn = rng.sample(questions, k)
        if not quiz.shuffle_questions:
            drawn.sort(key=lambda q: (q.position, q.id))
        return drawn
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return questions


def _deadline(quiz: Quiz, now: datetime, due: datetime | None) -> datetime | None:
    deadline = now + quiz.time_limit if quiz.time_limit else None
    if due is not None and (deadline is None or due < deadline):
        return due
    return deadline


def _check_can_start(*, quiz: Quiz, now: datetime, due: datetime | None, used: int) -> None:
    if not quiz.published:
        raise ValidationError(_("This quiz is not open yet."))
    if due is not None and now >= due:
        when = date_format(timezone.localtime(due), "DATETIME_FORMAT")
        raise ValidationError(_("This quiz was due %(due)s; no new attempts can be started.") % {"due": when})
    if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
        message = ngettext(
            "You have used your only attempt at this quiz.",
            "You have used all %(n)s attempts at this quiz.",
            quiz.attempts_allowed,
        )
        raise ValidationError(message % {"n": quiz.attempts_allowed})


def _open_attempt(*, student, quiz: Quiz, attempt_id: int, now: datetime) -> Attempt | None:
    """The student's attempt in progress, if it is still open; an expired one is submitted."""
    attempt = own_attempt(student=student, pk=attempt_id)
    if attempt is None or attempt.status != AttemptStatus.IN_PROGRESS:
        return None  # submitted meanwhile
    attempt.quiz = quiz
    if attempt.deadline is None or now <= attempt.deadline + _grace():
        return attempt
    attempt_submit(attempt=attempt, now=now)
    return None


def attempt_start(*, student, quiz: Quiz, now: datetime | None = None) -> Attempt:
    """Start an attempt, or return the one the student has open (resuming, e.g. after a reload).

    Fixes in `layout` the questions drawn and the order of everything shown (see Attempt)."""
    return attempt_resume_or_start(student=student, quiz=quiz, now=now)[0]


def attempt_resume_or_start(*, student, quiz: Quiz, now: datetime | None = None) -> tuple[Attempt, bool]:
    """`attempt_start`, and whether the attempt is new (False: the open one, resumed)."""
    now = now or timezone.now()
    made = attempts_made(student=student, quiz_id=quiz.pk)
    # An expired open attempt is submitted in its own transaction: it stays submitted even if the new start is
    # then refused (say, no attempts left). It still counts as made, with the same number.
    if made.open_id is not None:
        current = _open_attempt(student=student, quiz=quiz, attempt_id=made.open_id, now=now)
        if current is not None:
            return current, False
    due = assignment_due_at(student=student, quiz=quiz)
    _check_can_start(quiz=quiz, now=now, due=due, used=made.used)
    rng = random.SystemRandom()
    questions = _draw_questions(quiz, rng)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))
    used: set[int] = set()
    layout = {"questions": [_layout_entry(q, quiz, rng, used) for q in questions]}
    number = made.last + 1
    return _attempt_create(
        student=student, quiz=quiz, now=now, due=due, layout=layout, questions=questions, number=number
    )


def _attempt_create(
    *, student, quiz: Quiz, now: datetime, due, layout: dict, questions: list[Question], number: int
) -> tuple[Attempt, bool]:
    attempt = Attempt(
        student=student,
        quiz=quiz,
        number=number,
        started_at=now,
        deadline=_deadline(quiz, now, due),
        layout=layout,
        max_score=_round(sum(q.points for q in questions)),
    )
    attempt.full_clean(exclude=["student", "quiz"], validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            attempt.save()
        started_attempts.keep(attempt)  # its autosaves need not read what it fixed
    except IntegrityError:
        # A concurrent start won the race (one attempt in progress, unique numbers): use its attempt.
        attempt = Attempt.objects.get(student=student, quiz=quiz, status=AttemptStatus.IN_PROGRESS)
        attempt.student, attempt.quiz = student, quiz
        return attempt, False
    return attempt, True


# ---------------------------------------------------------------- autosave


def _grace() -> timedelta:
    return timedelta(seconds=settings.QUIZ_GRACE_SECONDS)


def _check_can_save(attempt: Attempt, student, version: int | None, now: datetime) -> None:
    if attempt.student_id != student.pk:
        raise PermissionDenied(_("This is not your attempt."))
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ValidationError(_("This attempt has been submitted; its answers can no longer change."), code="closed")
    if attempt.deadline is not None and now > attempt.deadline + _grace():
        raise ValidationError(_("Time is up: answers are no longer accepted for this attempt."), code="late")
    if version is not None and version != attempt.version:
        raise ValidationError(
            _("These answers come from an out-of-date copy of the attempt (version %(sent)s, now %(current)s); reload.")
            % {"sent": version, "current": attempt.version},
            code="stale",
        )


def _validated(attempt: Attempt, responses, questions: dict[int, Question] | None) -> list[tuple[Question, object]]:
    """[(question, answer)] for a list of {"question": id, "answer": …}; every problem in one error."""
    if not isinstance(responses, list):
        raise ValidationError(_("“responses” must be a list of {question, answer}."))
    entries = {e["id"]: (n, e) for n, e in enumerate(attempt.layout.get("questions", []), start=1)}
    if questions is None:
        wanted = [r.get("question") for r in responses if isinstance(r, dict)]
        questions = questions_by_id(ids=[qid for qid in wanted if type(qid) is int and qid in entries])
    errors, valid, seen = [], [], set()
    for item in responses:
        qid = item.get("question") if isinstance(item, dict) else None
        if not isinstance(item, dict) or set(item) != {"question", "answer"}:
            errors.append(_("Each response must be an object with exactly “question” and “answer”."))
        elif qid not in entries or qid not in questions or isinstance(qid, bool):
            errors.append(_("Question %(id)s is not part of this attempt.") % {"id": qid})
        elif qid in seen:
            errors.append(_("Question %(id)s is answered twice in one save.") % {"id": qid})
        else:
            seen.add(qid)
            number, entry = entries[qid]
            problem = _answer_problem(questions[qid], entry, item["answer"])
            if problem:
                errors.append(_("Question %(n)s: %(problem)s") % {"n": number, "problem": problem})
            else:
                valid.append((questions[qid], item["answer"]))
    if errors:
        raise ValidationError(errors, code="invalid_answer")
    return valid


def _answer_problem(question: Question, entry: dict, answer) -> str | None:
    if answer is None:
        return None  # clears the response
    try:
        grading.validate_answer(layout.as_shown(question_data(question), entry), answer, rights=layout.rights(entry))
    except grading.AnswerError as error:
        return str(error)
    return None


def responses_save(
    *,
    attempt: Attempt,
    student,
    responses: list[dict],
    version: int | None = None,
    now: datetime | None = None,
    questions: dict[int, Question] | None = None,
) -> Attempt:
    """Autosave answers ({"question": id, "answer": … or None to clear}); all or nothing.

    `version` is the attempt version the client last saw; a save from an older copy is refused so
    it cannot overwrite newer answers. Each accepted save increments the version. `questions`, the
    attempt's questions by id if the caller has read them already, saves reading them again.
    The answers are checked against `attempt.layout`, the caller's copy: it is fixed when the attempt starts. Its
    state (ATTEMPT_STATE) need not be loaded (`own_started_attempt`): the write checks it, and returns it into
    `attempt`."""
    now = now or timezone.now()
    try:
        items = _validated(attempt, responses, questions)
    except ValidationError:
        _check_can_save(_as_stored(attempt), student, version, now)  # late or stale says so first
        raise
    if connection.vendor == "postgresql":
        state = _save_in_one_statement(attempt, student, version, items, now)
    else:
        with transaction.atomic():
            state = _next_version(attempt, student, version, now)
            if state is not None:
                _upsert(attempt, items, now)
    if state is None:
        _check_can_save(_as_stored(attempt), student, version, now)
        # Not reached: what the writes refused, the check refuses too (versions only grow, states only move on).
        raise ValidationError(_("This attempt changed meanwhile; reload."), code="stale")
    attempt_set_state(attempt, state)
    return attempt


def _as_stored(attempt: Attempt) -> Attempt:
    """The attempt as stored now, to say why a save was refused: a 404 if it was deleted meanwhile (the caller's
    copy may come from `own_started_attempt`'s memory)."""
    return get_object_or_404(Attempt, pk=attempt.pk)


def _may_save(attempt: Attempt, student, version: int | None, now: datetime) -> tuple[str, list]:
    """The condition under which the student may still save into the attempt (their own, in progress, in time,
    and not a stale copy), as a WHERE clause and its parameters."""
    sql = "id = %s AND student_id = %s AND status = %s AND (deadline IS NULL OR deadline >= %s)"
    params = [attempt.pk, student.pk, AttemptStatus.IN_PROGRESS, _db_time(now - _grace())]
    if version is not None:
        sql += " AND version = %s"
        params.append(version)
    return sql, params


def _next_version(attempt: Attempt, student, version: int | None, now: datetime) -> tuple | None:
    """The attempt's state (ATTEMPT_STATE) with its next version if the student may still save into it, else None:
    one UPDATE checks that and locks the row until the save commits."""
    where, params = _may_save(attempt, student, version, now)
    with connection.cursor() as cursor:
        cursor.execute(BUMP.format(where=where), params)
        row = cursor.fetchone()
    return row[1:] if row else None


def _db_time(value: datetime):
    """A time as a plain statement's parameter (SQLite keeps times as text)."""
    return connection.ops.adapt_datetimefield_value(value)


def _answer_rows(attempt: Attempt, items: list[tuple[Question, object]], now: datetime) -> tuple[list, list]:
    """The ids of the questions whose answer is cleared, and a row (attempt, question, answer, points, time) for
    each answer kept."""
    field, saved_at = Response._meta.get_field("answer"), _db_time(now)
    cleared = [q.id for q, answer in items if answer is None]
    kept = [
        (attempt.pk, q.id, field.get_db_prep_save(a, connection), q.points, saved_at) for q, a in items if a is not None
    ]
    return cleared, kept


def _upsert(attempt: Attempt, items: list[tuple[Question, object]], now: datetime) -> None:
    """Write the answers: one INSERT … ON CONFLICT that replaces a saved answer (its answer and time only: scores
    and feedback stay), by hand because Django's bulk_create spent more CPU preparing the rows than the rest of
    an autosave. The answers were validated against their questions already."""
    cleared, kept = _answer_rows(attempt, items, now)
    if cleared:
        attempt.responses.filter(question_id__in=cleared).delete()
    if kept:
        sql = UPSERT_ANSWERS.format(rows=", ".join([UPSERT_ROW] * len(kept)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in kept for value in row])


UPSERT_ANSWERS = (
    "INSERT INTO quizzes_response (attempt_id, question_id, answer, points, saved_at, score, feedback) VALUES {rows}"
    " ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, saved_at = excluded.saved_at"
)
UPSERT_ROW = "(%s, %s, %s, %s, %s, NULL, '')"
BUMP = "UPDATE quizzes_attempt SET version = version + 1 WHERE {where} RETURNING id, " + STATE_COLUMNS  # noqa: S608 - names


def _save_in_one_statement(attempt: Attempt, student, version: int | None, items: list, now: datetime) -> tuple | None:
    """On PostgreSQL, the whole save as one statement (atomic on its own, so no BEGIN and COMMIT): the version's
    check and bump, the cleared answers' DELETE and the kept answers' upsert, each a part of one WITH that acts
    only if the bump did. Four round trips become one: a class autosaving together spends most of its time on
    them. The attempt's state with its new version (ATTEMPT_STATE), or None if the student may no longer save into
    the attempt."""
    where, params = _may_save(attempt, student, version, now)
    cleared, kept = _answer_rows(attempt, items, now)
    parts = [f"bumped AS ({BUMP.format(where=where)})"]
    if cleared:
        parts.append(CLEAR.format(ids=", ".join(["%s"] * len(cleared))))
        params += cleared
    if kept:
        parts.append(KEEP.format(rows=", ".join(["(%s, %s, %s, %s)"] * len(kept))))
        params += [value for row in kept for value in row[1:]]
    with connection.cursor() as cursor:
        cursor.execute(SAVE.format(parts=", ".join(parts)), params)
        row = cursor.fetchone()
    return row


SAVE = "WITH {parts} SELECT " + STATE_COLUMNS + " FROM bumped"  # noqa: S608 - names, not values
CLEAR = (
    "cleared AS (DELETE FROM quizzes_response WHERE attempt_id IN (SELECT id FROM bumped) AND question_id IN ({ids}))"
)
KEEP = (
    "kept AS (INSERT INTO quizzes_response (attempt_id, question_id, answer, points, saved_at, score, feedback)"
    " SELECT bumped.id, a.question, a.answer, a.points, a.saved_at, NULL, '' FROM bumped,"
    " (VALUES {rows}) AS a (question, answer, points, saved_at)"
    " ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, saved_at = excluded.saved_at)"
)


# ---------------------------------------------------------------- submit and grade


# A class submits together: one grading per quiz is queued at a time. Queuing it sets a flag in the cache; the
# grading waits GRADING_DELAY seconds, clears the flag and grades every submitted attempt of the quiz, so the
# submits that came meanwhile found the flag and queued nothing: one task grades them all, in batches. A submit
# after the flag is cleared queues the next grading. A lost message leaves the flag for GRADING_FLAG_SECONDS at
# most, and the sweep (attempts_requeue_ungraded) re-queues what it held back.
GRADING_DELAY = 1  # seconds; the result page looks again every 2 s
GRADING_FLAG_SECONDS = 60


def _grading_flag(quiz_id: int) -> str:
    return f"quizzes:grading-queued:{quiz_id}"


def _queue_grading(attempt_id: int, quiz_id: int, delay: float = GRADING_DELAY) -> None:
    """Runs after commit: queue the grading of the quiz's submitted attempts, unless one is queued already (it
    will take this attempt along), to start in `delay` seconds. A broker outage must not fail the student's
    submit: the attempt is safely `submitted` and the periodic sweep re-queues it."""
    from quizzes.tasks import grade_attempt_task  # tasks import services

    flag = _grading_flag(quiz_id)
    try:
        if cache.add(flag, attempt_id, GRADING_FLAG_SECONDS):
            grade_attempt_task.apply_async((attempt_id,), countdown=delay)
    except Exception:
        logger.exception("Could not queue grading of attempt %s; the sweep will retry", attempt_id)
        cache.delete(flag)  # the next submit tries again


def _submit(attempt_id: int, now: datetime, student_id: int | None = None) -> Attempt | None:
    """Submit the attempt if it is still in progress (and the student's, if `student_id` is given), and queue its
    grading after commit: the attempt as submitted, or None if it did not. One UPDATE checks the state, changes it
    and returns the row, so a second (or concurrent) submit changes nothing. Outside a transaction it commits by
    itself (no BEGIN and COMMIT to send), and what follows the commit happens at once."""
    where, params = "id = %s AND status = %s", [attempt_id, AttemptStatus.IN_PROGRESS]
    if student_id is not None:
        where, params = where + " AND student_id = %s", [*params, student_id]
    sql = f"UPDATE quizzes_attempt SET status = %s, submitted_at = %s WHERE {where} RETURNING {ATTEMPT_COLUMNS}"  # noqa: S608
    found = rows.fetch(Attempt, ATTEMPT_FIELDS, sql, [AttemptStatus.SUBMITTED, _db_time(now), *params])
    if not found:
        return None
    submitted = found[0]
    students_changed(student_ids=[submitted.student_id])  # the dashboard shows it; a plain UPDATE sends no signal
    transaction.on_commit(partial(_queue_grading, attempt_id, submitted.quiz_id))
    return submitted


def attempt_submit(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Finish an attempt and queue its grading. Idempotent: a second (or concurrent) submit changes nothing.
    Returns the attempt in its current state: as this submit wrote it (a worker grades GRADING_DELAY later), or
    read again if another request submitted it first or Celery graded it here (eager, with no broker)."""
    submitted = _submit(attempt.pk, now or timezone.now())
    if submitted is None or settings.CELERY_TASK_ALWAYS_EAGER:
        return attempt_refresh_state(attempt=attempt)
    for name in ATTEMPT_STATE:  # as the statement returned it: no round trip to read it back
        setattr(attempt, name, getattr(submitted, name))
    return attempt


def attempt_submit_own(*, student, pk: int, now: datetime | None = None) -> Attempt | None:
    """Submit the student's own attempt in progress: one statement, which checks whose it is and returns it whole
    (nothing is read before). None if it is not the student's or not in progress: the caller then reads it (a 404,
    a 403, or a second submit, which changes nothing: `attempt_submit`)."""
    if not 0 < pk <= MAX_ID:
        return None
    submitted = _submit(pk, now or timezone.now(), student_id=student.pk)
    if submitted is None:
        return None
    submitted.student, submitted.quiz = student, quiz_cached(quiz_id=submitted.quiz_id)
    return attempt_refresh_state(attempt=submitted) if settings.CELERY_TASK_ALWAYS_EAGER else submitted


def attempts_expire(*, now: datetime | None = None) -> int:
    """Submit the in-progress attempts whose deadline and grace have passed (saved answers count)."""
    now = now or timezone.now()
    ids = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now - _grace()).values_list(
        "id", flat=True
    )
    return sum(_submit(attempt_id, now) is not None for attempt_id in list(ids))


def _round(value: float) -> float:
    return round(value, SCORE_DIGITS)


def _score(data: QuestionData, response: Response, entry: dict) -> tuple[float | None, str]:
    """(score, feedback) of one response. A teacher's essay score is kept; a missing answer is 0."""
    if response.answer is None:
        return 0.0, ""
    try:
        result = grading.grade(layout.as_shown(data, entry), response.answer, rights=layout.rights(entry))
    except grading.AnswerError as error:
        # Saved answers were valid; only an edited question can make one unreadable.
        logger.warning("Response %s no longer fits question %s: %s", response.pk, response.question_id, error)
        return 0.0, _("This answer no longer fits the question as it was changed.")
    if result.fraction is None:
        return (response.score, response.feedback) if response.reviewed_at else (None, "")
    return min(data.points, _round(data.points * result.fraction)), result.feedback


ScoreRows = list[tuple[float | None, float]]  # (score, points) of each response of an attempt
TOTAL_FIELDS = ["score", "max_score", "status", "graded_at"]
NEW_RESPONSE_FIELDS = ["attempt", "question", "score", "points", "feedback", "saved_at"]  # an unanswered question's
SCORED_FIELDS = ["attempt", "question", "answer", "score", "points", "feedback", "reviewed_at"]  # what _score reads
GRADING_BATCH = 50  # submitted attempts of one quiz that one grading transaction takes along
GRADING_ROUNDS = 4  # batches of a quiz's other attempts one task grades at most
_GRADE_FIELDS = ["id", "quiz_id", "status"]
_GRADE_READ = f"SELECT {rows.columns(Attempt, _GRADE_FIELDS)} FROM quizzes_attempt WHERE id = %s"  # noqa: S608
# ORDER BY submitted_at: the grading queue's index order (Attempt.Meta), which only that index gives, so the
# planner takes it whatever its statistics say.
_ANY_SUBMITTED = "SELECT 1 FROM quizzes_attempt WHERE quiz_id = %s AND status = %s ORDER BY submitted_at LIMIT 1"
_LOCK_OWN = f"SELECT {ATTEMPT_COLUMNS} FROM quizzes_attempt WHERE quiz_id = %s AND status = %s AND id = %s"  # noqa: S608
_LOCK_OTHERS = (
    f"SELECT {ATTEMPT_COLUMNS} FROM quizzes_attempt"  # noqa: S608 - names, not values
    " WHERE quiz_id = %s AND status = %s AND id <> %s ORDER BY submitted_at, id LIMIT %s"
)


@dataclass
class _ScoreWrites:
    """What scoring a batch of attempts changed: written at the end with one statement per kind."""

    new: list[Response] = field(default_factory=list)
    updated: list[Response] = field(default_factory=list)
    changed: int = 0  # existing scores that changed (a regrade reports it)

    def save(self) -> None:
        bulk_insert_rows(self.new, NEW_RESPONSE_FIELDS)  # answer, review: NULL, as in an unanswered response
        bulk_update_rows(self.updated, ["score", "feedback", "points"])


def _score_attempt(
    attempt: Attempt, questions: dict[int, QuestionData], responses: Iterable[Response], writes: _ScoreWrites
) -> ScoreRows:
    """(Re)score every response of the attempt (`responses`, in id order), adding empty ones for unanswered
    questions, into `writes`. Returns the (score, points) of every response of the attempt, for its total."""
    responses = {r.question_id: r for r in responses}
    new = []
    for entry in attempt.layout.get("questions", []):
        data = questions.get(entry["id"])
        if data is None:
            continue
        response = responses.get(entry["id"]) or Response(attempt=attempt, question_id=entry["id"], answer=None)
        score, feedback = _score(data, response, entry)
        if response.pk is None:
            response.score, response.feedback, response.points = score, feedback, data.points
            new.append(response)
            continue
        if _differs(response.score, score):
            writes.changed += 1
        if (response.score, response.feedback, response.points) != (score, feedback, data.points):
            response.score, response.feedback, response.points = score, feedback, data.points
            writes.updated.append(response)
    writes.new += new
    return [(r.score, r.points) for r in (*responses.values(), *new)]


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > 10**-SCORE_DIGITS / 2


def _set_total(attempt: Attempt, now: datetime, rows: ScoreRows) -> None:
    """Attempt score and status from its responses' (score, points): needs_review while an essay is unscored.
    Not saved: the caller saves one attempt, or a batch at once."""
    attempt.max_score = _round(sum(points for _score, points in rows)) or attempt.max_score
    attempt.score = min(attempt.max_score, _round(sum(s for s, _p in rows if s is not None)))
    if any(s is None for s, _p in rows):
        attempt.status, attempt.graded_at = AttemptStatus.NEEDS_REVIEW, None
    else:
        attempt.status, attempt.graded_at = AttemptStatus.GRADED, attempt.graded_at or now
    attempt.full_clean(exclude=["student", "quiz"], validate_constraints=False, validate_unique=False)


def _rescore(attempts: list[Attempt], questions: dict[int, QuestionData], now: datetime) -> int:
    """Score every response of the (locked) attempts and total each one: one read of their responses and one
    write per table for them all. Returns how many existing response scores changed."""
    # Explicitly by id: Response's default ordering (attempt, id) follows Attempt's own (quiz, student, number)
    # and Quiz's (title), which joins two tables to sort the rows.
    responses = defaultdict(list)
    stored = Response.objects.filter(attempt__in=[a.pk for a in attempts]).order_by("attempt_id", "id")
    for response in stored.only(*SCORED_FIELDS):
        responses[response.attempt_id].append(response)
    writes = _ScoreWrites()
    for attempt in attempts:
        _set_total(attempt, now, _score_attempt(attempt, questions, responses[attempt.pk], writes))
    writes.save()
    bulk_update_rows(attempts, TOTAL_FIELDS)
    return writes.changed


def _lock_submitted(quiz_id: int, *, first: int | None, limit: int, wait: bool) -> list[Attempt]:
    """Lock attempt `first`, if any (waiting for it if `wait`, else skipping it if another transaction holds it),
    and up to `limit` in all of the quiz's other submitted attempts, oldest first, that nobody holds (SKIP LOCKED).
    Plain statements (config.rows): building these queries with the ORM cost more CPU than the database spent
    answering them."""
    locks = connection.features.has_select_for_update  # SQLite has no row locks (it locks the database)
    skip, hold = (" FOR UPDATE SKIP LOCKED", " FOR UPDATE") if locks else ("", "")
    submitted = [quiz_id, AttemptStatus.SUBMITTED]
    own = []
    if first is not None:
        own = rows.fetch(Attempt, ATTEMPT_FIELDS, _LOCK_OWN + (hold if wait else skip), [*submitted, first])
    return own + rows.fetch(Attempt, ATTEMPT_FIELDS, _LOCK_OTHERS + skip, [*submitted, first or 0, limit - len(own)])


def _any_submitted(quiz_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_ANY_SUBMITTED, [quiz_id, AttemptStatus.SUBMITTED])
        return cursor.fetchone() is not None


def _grade_batch(quiz_id: int, *, first: int | None, limit: int, wait: bool, now: datetime) -> list[Attempt]:
    """Grade what _lock_submitted takes, in one transaction; returns the attempts it graded."""
    if first is None and not _any_submitted(quiz_id):
        return []  # most gradings of a class find none left: one read, without a transaction's round trips
    with transaction.atomic():
        attempts = _lock_submitted(quiz_id, first=first, limit=limit, wait=wait)
        if attempts:
            quiz = Quiz.objects.get(pk=quiz_id)
            questions = questions_for_grading(ids={e["id"] for a in attempts for e in a.layout.get("questions", [])})
            _rescore(attempts, questions, now)
            quiz_grades_update(student_ids=[a.student_id for a in attempts], quiz=quiz)
    for graded in attempts:
        logger.info("Graded attempt %s: %s", graded.pk, graded.status)  # once per attempt: the tests count these
    # The students' dashboards show the result; the bulk writes sent no signal. After commit and after the log
    # lines: a worker killed right after the commit loses as few of those lines as it can.
    students_changed(student_ids=[a.student_id for a in attempts])
    return attempts


def attempt_grade(*, attempt_id: int, now: datetime | None = None, batch: int = GRADING_BATCH) -> Attempt | None:
    """Grade a submitted attempt and every other submitted attempt of its quiz, and update the students' quiz
    grades. Only `submitted` attempts are graded, so a redelivered task or a second call changes nothing.

    It first clears the quiz's grading flag (see GRADING_DELAY): a submit from then on queues a grading of its
    own, and every submit before it is taken along here. Attempts are graded in batches of up to `batch` (one
    transaction, one read of the questions and one write per table each): when a class submits together, a few
    transactions grade them all. After GRADING_ROUNDS batches, what is left goes to another task. Attempts that
    another transaction holds (a worker grading them, a second submit checking one) are left to it, except this
    task's own: if another holds it, this task grades others first, then waits for it and grades it if it is
    still submitted, so nothing is left for the requeue sweep."""
    now = now or timezone.now()
    # Its state only (a plain statement: no query to build): a redelivery finds its attempt graded already.
    attempt = next(iter(rows.fetch(Attempt, _GRADE_FIELDS, _GRADE_READ, [attempt_id])), None)
    if attempt is None:
        logger.warning("Attempt %s to grade does not exist; skipped", attempt_id)
        return None
    cache.delete(_grading_flag(attempt.quiz_id))
    own = attempt if attempt.status != AttemptStatus.SUBMITTED else _grade_own(attempt, batch=batch, now=now)
    for _round in range(GRADING_ROUNDS):  # the quiz's other submitted attempts, whoever submitted them
        if len(_grade_batch(attempt.quiz_id, first=None, limit=batch, wait=False, now=now)) < batch:
            return own  # none left that nobody holds
    # More may be left: another task takes them (no task runs long), at once (the class has submitted already).
    _queue_grading(attempt.pk, attempt.quiz_id, delay=0)
    return own


def _grade_own(attempt: Attempt, *, batch: int, now: datetime) -> Attempt:
    """Grade the attempt in a batch of its quiz; if another transaction holds it, a batch of others first."""
    for wait in (False, True):
        graded = _grade_batch(attempt.quiz_id, first=attempt.pk, limit=batch, wait=wait, now=now)
        if own := next((a for a in graded if a.pk == attempt.pk), None):
            return own
    return Attempt.objects.get(pk=attempt.pk)  # graded meanwhile by the transaction that held it


def _check_review(response: Response, reviewer, score) -> None:
    if not teaches(reviewer):
        raise PermissionDenied(_("Only teachers can score answers."))
    if response.question.type != "essay":
        raise ValidationError(_("Only essay answers are scored by hand; the others are graded automatically."))
    if response.attempt.status not in (AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW):
        raise ValidationError(_("This attempt has not been submitted and graded yet."))
    if not isinstance(score, int | float) or isinstance(score, bool) or not math.isfinite(score):
        raise ValidationError(_("The score must be a number."))
    if not 0 <= score <= response.question.points:
        raise ValidationError(
            _("The score must be between 0 and %(points)s.") % {"points": f"{response.question.points:g}"}
        )


@transaction.atomic
def response_review(
    *, response: Response, reviewer, score: float, feedback: str = "", now: datetime | None = None
) -> Response:
    """A teacher scores an essay answer; the attempt is re-totalled and becomes `graded` once
    nothing is left to review. Reviewing again replaces the earlier score."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
    response = Response.objects.select_related("question").get(pk=response.pk)
    response.attempt = attempt
    _check_review(response, reviewer, score)
    response.score, response.points, response.feedback = float(score), response.question.points, feedback
    response.reviewed_by, response.reviewed_at = reviewer, now
    response.full_clean(exclude=["attempt", "question", "reviewed_by"], validate_constraints=False)
    response.save()
    _set_total(attempt, now, list(attempt.responses.order_by("id").values_list("score", "points")))
    attempt.save(update_fields=TOTAL_FIELDS)
    quiz_grades_update(student_ids=[attempt.student_id], quiz=attempt.quiz)
    return response


def quiz_regrade(*, quiz: Quiz, batch_size: int = 100, now: datetime | None = None) -> int:
    """Re-score every finished attempt after the questions changed (keys, fractions, points).
    Works in batches, one transaction each; returns how many response scores changed."""
    now = now or timezone.now()
    questions = questions_for_grading(ids=quiz.questions.values_list("id", flat=True))
    ids = list(
        Attempt.objects.filter(quiz=quiz, status__in=(AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW))
        .order_by("id")
        .values_list("id", flat=True)
    )
    changed = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            # Only the attempts are locked, in id order (Attempt's ordering would join and lock the quiz too).
            locking = Attempt.objects.select_for_update(of=("self",)).filter(id__in=ids[start : start + batch_size])
            attempts = list(locking.order_by("id"))
            changed += _rescore(attempts, questions, now)
            # A student's attempts in a later batch update the grade again, from attempts all rescored by then.
            quiz_grades_update(student_ids=[a.student_id for a in attempts], quiz=quiz)
        students_changed(student_ids=[a.student_id for a in attempts])  # bulk writes send no signal
    return changed


# ---------------------------------------------------------------- the quiz grade


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


def quiz_grades_update(*, student_ids: Iterable[int], quiz: Quiz) -> dict[int, QuizGrade]:
    """Recompute these students' grades for the quiz by its grading method (one row each, for the gradebook):
    one read of their finished attempts and one upsert for them all. A student left with no finished attempt
    has no grade. Returns the grades by student id."""
    student_ids = sorted(set(student_ids))  # rows locked in one order: two batches cannot deadlock
    finished = defaultdict(list)
    rows = Attempt.objects.filter(student_id__in=student_ids, quiz=quiz, status__in=FINISHED)
    for attempt in rows.order_by("student_id", "number").only("student_id", "number", "status", "score", "max_score"):
        finished[attempt.student_id].append(attempt)
    grades = {student_id: _quiz_grade(quiz, student_id, finished[student_id]) for student_id in finished}
    if gone := [student_id for student_id in student_ids if student_id not in grades]:
        QuizGrade.objects.filter(student_id__in=gone, quiz=quiz).delete()
    # One INSERT ... ON CONFLICT DO UPDATE: update_or_create took a savepoint, a SELECT ... FOR UPDATE and an
    # UPDATE (or a second savepoint and an INSERT), five round trips per student.
    QuizGrade.objects.bulk_create(
        grades.values(),
        update_conflicts=True,
        unique_fields=["student", "quiz"],
        update_fields=["grade", "attempts", "pending_review", "updated_at"],
    )
    return grades


# ---------------------------------------------------------------- authoring: settings, keys, GIFT

GIFT_MAX_BYTES = 1_000_000  # a quiz of a thousand questions fits; anything bigger is a mistake
QUIZ_SETTINGS = (
    "title", "description", "published", "attempts_allowed", "grading_method", "shuffle_questions",
    "shuffle_choices", "questions_per_attempt", "pass_mark", "review_policy",
)  # fmt: skip


def _apply_settings(quiz: Quiz, fields: dict) -> None:
    for name in QUIZ_SETTINGS:
        if name in fields:
            setattr(quiz, name, fields[name])
    if "time_limit" in fields:
        minutes = fields["time_limit"]
        quiz.time_limit = None if minutes is None else timedelta(minutes=minutes)
    if "brief" in fields:
        quiz.brief = _brief(fields["brief"])


def _brief(slug: str | None):
    if not slug:
        return None
    from briefs.models import Brief  # the briefs app owns briefs; a quiz only points at one

    brief = Brief.objects.filter(slug=slug).first()
    if brief is None:
        raise ValidationError(_("No brief has the slug “%(slug)s”.") % {"slug": slug})
    return brief


@transaction.atomic
def quiz_create(*, author, fields: dict) -> Quiz:
    """A new quiz (a draft unless `published` says otherwise), with its questions if given."""
    if not fields.get("slug") or not fields.get("title"):
        raise ValidationError(_("A new quiz needs a slug and a title."))
    if Quiz.objects.filter(slug=fields["slug"]).exists():
        raise ValidationError(_("A quiz with the slug “%(slug)s” already exists.") % {"slug": fields["slug"]})
    quiz = Quiz(slug=fields["slug"], created_by=author)
    _apply_settings(quiz, fields)
    quiz.full_clean()
    quiz.save()
    if fields.get("questions"):
        quiz_add_questions(quiz=quiz, questions=[question_from_payload(q) for q in fields["questions"]])
    return quiz


@transaction.atomic
def quiz_update(*, quiz: Quiz, fields: dict) -> Quiz:
    """Change settings and, when given, questions. Once students have attempted the quiz its
    questions are updated in place by id (their history keeps pointing at them) and every
    attempt is regraded after commit."""
    _apply_settings(quiz, fields)
    if "slug" in fields and fields["slug"] != quiz.slug:
        quiz.slug = fields["slug"]
    quiz.full_clean()
    quiz.save()
    if "questions" in fields:
        payloads = fields["questions"]
        if quiz.attempts.exists():
            _update_questions_in_place(quiz, payloads)
            transaction.on_commit(partial(_queue_regrade, quiz.pk))
        else:
            quiz_replace_questions(quiz=quiz, questions=[question_from_payload(q) for q in payloads])
    return quiz


def _queue_regrade(quiz_id: int) -> None:
    from quizzes.tasks import regrade_quiz_task

    try:
        regrade_quiz_task.delay(quiz_id)
    except Exception:
        logger.exception("Could not queue the regrade of quiz %s", quiz_id)


def question_from_payload(payload: dict) -> QuestionData:
    """The teacher API's question shape (see serializers.teacher_question) as plain data."""
    kind = payload["type"]
    data = QuestionData(
        type=kind,
        prompt=payload["prompt"],
        name=payload.get("name", ""),
        prompt_format=payload.get("prompt_format", "markdown"),
        points=payload.get("points", 1.0),
        general_feedback=payload.get("general_feedback", ""),
        correct=payload.get("correct"),
        feedback_true=payload.get("feedback_true", ""),
        feedback_false=payload.get("feedback_false", ""),
        model_answer=payload.get("model_answer", ""),
    )
    try:
        data.choices = _payload_choices(kind, payload)
        data.numeric = [NumericAnswer(**a) for a in payload.get("numeric") or []]
    except (TypeError, KeyError) as exc:
        raise ValidationError(_("A question's options are malformed: %(error)s") % {"error": exc}) from exc
    return data


def _payload_choices(kind: str, payload: dict) -> list[Choice]:
    def choice(o: dict, **extra) -> Choice:
        return Choice(
            text=o.get("text", ""), fraction=o.get("fraction", 0.0), feedback=o.get("feedback", ""), id=o.get("id"),
            **extra,
        )  # fmt: skip

    if kind in ("single", "multiple"):
        return [choice(o) for o in payload.get("choices") or []]
    if kind == "short_answer":
        return [choice({"fraction": 1.0, **o}) for o in payload.get("accepted") or []]
    if kind == "matching":
        return [choice({**p, "text": p.get("left", "")}, match=p.get("right", "")) for p in payload.get("pairs") or []]
    if kind == "ordering":
        return [choice({**o, "fraction": 0.0}) for o in payload.get("items") or []]
    return []


def _update_questions_in_place(quiz: Quiz, payloads: list[dict]) -> None:
    questions = {q.id: q for q in quiz_questions(quiz=quiz)}
    for payload in payloads:
        question = questions.get(payload.get("id"))
        if question is None:
            raise ValidationError(
                _("Students have attempted this quiz: questions can only be changed by id, not added or removed.")
            )
        question_update(question=question, data=question_from_payload(payload))


def question_update(*, question: Question, data: QuestionData) -> Question:
    """Change a question's prompt, points, feedback and keys, keeping its options' ids (answers
    already given refer to them). The option list must keep its length."""
    if data.type != question.type:
        raise ValidationError(_("A question's type cannot change once students have answered it."))
    options = list(question.options.all())
    if len(data.choices) != len(options):
        raise ValidationError(_("Options can be edited but not added or removed once students have answered."))
    problems = _question_errors([data])
    if problems:
        raise ValidationError(problems)
    fresh = _question_row(
        quiz=question.quiz, data=data, position=question.position, study_item_id=question.study_item_id
    )
    for name in ("name", "prompt", "prompt_format", "prompt_html", "points", "general_feedback", "data"):
        setattr(question, name, getattr(fresh, name))
    question.full_clean(exclude=["quiz", "study_item"])
    question.save()
    for option, choice in zip(options, data.choices, strict=True):
        option.text, option.fraction, option.feedback, option.match = (
            choice.text,
            choice.fraction,
            choice.feedback,
            choice.match,
        )
    Option.objects.bulk_update(options, ["text", "fraction", "feedback", "match"])
    return question


@dataclass
class GiftImport:
    imported: int
    warnings: list[str]


@transaction.atomic
def quiz_import_gift(*, quiz: Quiz, text: str, replace: bool = False) -> GiftImport:
    """Import GIFT questions into a quiz. Invalid GIFT raises ValidationError naming the line,
    and nothing is imported."""
    if len(text.encode("utf-8")) > GIFT_MAX_BYTES:
        raise ValidationError(_("The GIFT text is larger than %(kb)s KB.") % {"kb": GIFT_MAX_BYTES // 1024})
    if _looks_binary(text):
        raise ValidationError(_("This is not GIFT text: it holds NUL or control characters (a binary file?)."))
    try:
        result = gift.parse_gift(text)
    except gift.GiftError as error:
        raise ValidationError(str(error)) from error
    if not result.questions:
        raise ValidationError(_("The GIFT text holds no questions."))
    store = quiz_replace_questions if replace else quiz_add_questions
    rows = store(quiz=quiz, questions=result.questions)
    return GiftImport(imported=len(rows), warnings=list(result.warnings))


def _looks_binary(text: str) -> bool:
    """NUL (which PostgreSQL cannot store: a 500 it was) or more control characters than text has."""
    if "\x00" in text:
        return True
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 100)


def quiz_export_gift(*, quiz: Quiz) -> str:
    header = f"// {quiz.title}\n// exported from the classroom platform\n\n"
    return header + gift.write_gift([question_data(q) for q in quiz_questions(quiz=quiz)])


# ---------------------------------------------------------------- quizzes generated from a brief

GENERATED_SLUG_SUFFIX = "-quiz"


def generated_quiz_slug(brief) -> str:
    limit = Quiz._meta.get_field("slug").max_length - len(GENERATED_SLUG_SUFFIX)
    return f"{brief.slug[:limit].rstrip('-')}{GENERATED_SLUG_SUFFIX}"


def _brief_item_data(brief) -> list:
    from quizzes.generation import ItemData

    fields = ("id", "kind", "label", "text", "year", "date", "date_precision", "answer", "anchor", "position")
    return [ItemData(**row) for row in brief.items.order_by("position").values(*fields)]


def _generated_quiz(*, brief, author, slug: str) -> Quiz:
    quiz = Quiz.objects.select_for_update().filter(slug=slug).first()
    if quiz is None:
        description = _("Generated from the brief “%(title)s”.") % {"title": brief.title}
        return Quiz(slug=slug, brief=brief, created_by=author, description=description)
    if quiz.brief_id != brief.pk:
        # A truncated slug or a quiz made by hand: never overwrite a quiz that is not this brief's.
        raise ValidationError(
            _("The quiz “%(slug)s” exists and was not generated from this brief; rename it first.") % {"slug": slug}
        )
    return quiz


@transaction.atomic
def quiz_generate_from_brief(*, brief, author=None, publish: bool = False) -> Quiz:
    """Create, or regenerate while nobody has attempted it, the quiz built from a brief's study items.

    A draft unless `publish`; its settings (time limit, attempts…) survive a regeneration."""
    from quizzes.generation import generate_questions

    pairs = generate_questions(_brief_item_data(brief), title=brief.title)
    if not pairs:
        raise ValidationError(
            _("The brief “%(title)s” has no study items a question can be made from.") % {"title": brief.title}
        )
    quiz = _generated_quiz(brief=brief, author=author, slug=generated_quiz_slug(brief))
    if quiz.pk and quiz.attempts.exists():
        raise ValidationError(_("“%(quiz)s” has attempts; it can no longer be regenerated.") % {"quiz": quiz})
    title_limit = Quiz._meta.get_field("title").max_length
    quiz.title = (_("%(title)s: quiz") % {"title": brief.title})[:title_limit]
    quiz.published = publish
    quiz.full_clean(exclude=["brief", "created_by"])
    quiz.save()
    questions, links = zip(*pairs, strict=True)
    quiz_replace_questions(quiz=quiz, questions=list(questions), study_item_ids=list(links))
    return quiz


# ---------------------------------------------------------------- admin: publishing and preview


def quiz_set_published(*, quiz: Quiz, published: bool) -> Quiz:
    """Open a quiz to students, or close it. It opens only with questions that can all be graded,
    so a student never starts a quiz whose key is incomplete."""
    if published:
        questions = [question_data(q) for q in quiz_questions(quiz=quiz)]
        if not questions:
            raise ValidationError(_("“%(quiz)s” has no questions yet.") % {"quiz": quiz})
        errors = _question_errors(questions)
        if errors:
            raise ValidationError(errors)
    quiz.published = published
    quiz.save(update_fields=["published", "updated_at"])
    return quiz


def quiz_preview(*, quiz: Quiz) -> list[tuple[Question, dict]]:
    """The questions and layout a new attempt would show (drawn and shuffled the same way), with
    nothing stored: what a teacher previews."""
    rng = random.SystemRandom()
    used: set[int] = set()
    return [(q, _layout_entry(q, quiz, rng, used)) for q in _draw_questions(quiz, rng)]


# ---------------------------------------------------------------- grading sweeps and regrade triggers


def _grading_backlog() -> int:
    """Tasks waiting in the queue grading uses; 0 when tasks run eagerly (no broker)."""
    from quizzes.tasks import grade_attempt_task

    app = grade_attempt_task.app
    if app.conf.task_always_eager:
        return 0
    with app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=app.conf.task_default_queue).message_count


def attempts_requeue_ungraded(*, older_than: timedelta = timedelta(minutes=2), now: datetime | None = None) -> int:
    """Queue grading again for attempts still `submitted` after `older_than`: their message was lost, or the
    broker was down when the student submitted. Returns how many were queued.

    Skipped while tasks are waiting in the queue: the workers are behind, what waits will be graded, and
    re-queueing every minute would pile duplicates onto a long queue. The first sweep after the backlog drains
    catches what was lost. A duplicate that still slips in is harmless: grading is idempotent."""
    from quizzes.tasks import grade_attempt_task

    backlog = _grading_backlog()
    if backlog:
        logger.info("Requeue sweep skipped: %s tasks are still waiting", backlog)
        return 0
    cutoff = (now or timezone.now()) - older_than
    ids = list(
        Attempt.objects.filter(status=AttemptStatus.SUBMITTED, submitted_at__lt=cutoff)
        .order_by("submitted_at")
        .values_list("id", flat=True)
    )
    for attempt_id in ids:
        grade_attempt_task.delay(attempt_id)  # a broker error fails the sweep; the next one tries again
    if ids:
        logger.warning("Re-queued grading of %s attempts submitted before %s", len(ids), cutoff.isoformat())
    return len(ids)


def quiz_keys_changed(*, quiz: Quiz) -> bool:
    """Call after changing a quiz's keys, fractions or points other than through quiz_update (the admin's question
    inlines): queues the regrade of its finished attempts once the change is committed. Returns whether it did."""
    # `submitted` counts too: one being graded right now may have read the old keys.
    if not quiz.attempts.filter(status__in=FINISHED).exists():
        return False  # attempts in progress will be graded with the new keys anyway
    transaction.on_commit(partial(_queue_regrade, quiz.pk))
    return True
