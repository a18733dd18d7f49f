"""Writes of an attempt: start, autosave, submit, expire. What depends on classes (the student's due date) is
passed in by the caller: the classroom app, which also moves the deadline of an open attempt when a due date
changes (`attempts_reschedule`)."""

import random
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes import grading, layout
from quizzes.durations import Allowance, allowed_time
from quizzes.models import Attempt, AttemptStatus, Question, Quiz, Response
from quizzes.selectors import question_data, questions_taken, quiz_questions
from quizzes.services.grading import SCORE_DIGITS, queue_grading
from quizzes.signals import attempt_events, attempts_changed

# What a submit, a grading or a save changes of an attempt.
STATE_FIELDS = ["status", "submitted_at", "graded_at", "score", "max_score", "deadline", "version"]


def grace() -> timedelta:
    """Answers are accepted this long after an attempt's deadline (a slow network, a last click)."""
    return timedelta(seconds=settings.QUIZ_GRACE_SECONDS)


def deadline(
    *, quiz: Quiz, started_at: datetime, due: datetime | None, allowance: Allowance | None = None
) -> datetime | None:
    """The earlier of the time limit's end (lengthened by the student's allowance) and the due date (None: no
    deadline)."""
    time_limit = allowed_time(quiz.time_limit, allowance)
    limit = started_at + time_limit if time_limit else None
    if due is not None and (limit is None or due < limit):
        return due
    return limit


# ---------------------------------------------------------------- starting


def attempt_start(*, student, quiz: Quiz, due: datetime | None = None, now: datetime | None = None) -> Attempt:
    """Start an attempt, or return the one the student has open (resuming, e.g. after a reload)."""
    return attempt_resume_or_start(student=student, quiz=quiz, due=due, now=now)[0]


def attempt_resume_or_start(
    *,
    student,
    quiz: Quiz,
    due: datetime | None = None,
    now: datetime | None = None,
    allowance: Allowance | None = None,
) -> tuple[Attempt, bool]:
    """`attempt_start`, and whether the attempt is new. `due`: the student's due date for the quiz (None: none);
    `allowance`: their extra time. An open attempt past its deadline is submitted first; it still counts as made."""
    now = now or timezone.now()
    mine = Attempt.objects.filter(student=student, quiz=quiz).select_related("quiz", "student")
    current = mine.filter(status=AttemptStatus.IN_PROGRESS).first()
    if current is not None:
        if not is_expired(current, now):
            return current, False
        attempt_submit(attempt=current, now=now)
    made = Attempt.objects.filter(student=student, quiz=quiz).aggregate(used=Count("id"), last=Max("number"))
    _check_can_start(quiz=quiz, now=now, due=due, used=made["used"])
    rng = random.SystemRandom()
    questions = _draw(quiz, list(questions_taken(quiz_id=quiz.pk).values()), rng)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))
    used: set[int] = set()
    entries = [
        layout.new_entry(q.id, question_data(q), shuffle=quiz.shuffle_choices, rng=rng, used=used) for q in questions
    ]
    attempt = Attempt(
        student=student,
        quiz=quiz,
        number=(made["last"] or 0) + 1,
        started_at=now,
        deadline=deadline(quiz=quiz, started_at=now, due=due, allowance=allowance),
        layout={"questions": entries},
        max_score=round(sum(q.points for q in questions), SCORE_DIGITS),
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # a concurrent start won the race (one attempt in progress): use its attempt
        return mine.get(status=AttemptStatus.IN_PROGRESS), False
    return attempt, True


def _draw(quiz: Quiz, questions: list[Question], rng: random.Random) -> list[Question]:
    """The questions an attempt shows, in its order: all or `questions_per_attempt` of them, shuffled or not."""
    k = quiz.questions_per_attempt
    if k and k < len(questions):
        drawn = rng.sample(questions, k)
        if not quiz.shuffle_questions:
            drawn.sort(key=lambda q: (q.position, q.id))
        return drawn
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return questions


def quiz_preview(*, quiz: Quiz) -> list[tuple[Question, dict]]:
    """The questions and layout a new attempt would show (drawn and shuffled the same way), with nothing stored:
    what a teacher previews."""
    rng, used = random.SystemRandom(), set()
    drawn = _draw(quiz, list(quiz_questions(quiz=quiz)), rng)
    return [
        (q, layout.new_entry(q.id, question_data(q), shuffle=quiz.shuffle_choices, rng=rng, used=used)) for q in drawn
    ]


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


def is_expired(attempt: Attempt, now: datetime) -> bool:
    """Past its deadline and the grace: the server is the authority on time."""
    return attempt.deadline is not None and now > attempt.deadline + grace()


def attempts_reschedule(
    *, quiz: Quiz, dues: dict[int, datetime | None], allowances: dict[int, Allowance | None] | None = None
) -> int:
    """Move the deadline of the open attempts at `quiz` of these students (student id → due date, and → extra
    time) to follow their due date and time limit: a teacher moved it, or gave someone more time. Returns how many
    attempts changed."""
    allowances = allowances or {}
    changed = []
    for attempt in Attempt.objects.filter(quiz=quiz, student_id__in=list(dues), status=AttemptStatus.IN_PROGRESS):
        new = deadline(
            quiz=quiz,
            started_at=attempt.started_at,
            due=dues[attempt.student_id],
            allowance=allowances.get(attempt.student_id),
        )
        if new != attempt.deadline:
            attempt.deadline = new
            changed.append(attempt)
    Attempt.objects.bulk_update(changed, ["deadline"])
    return len(changed)


# ---------------------------------------------------------------- autosave


@transaction.atomic
def responses_save(
    *,
    attempt: Attempt,
    student,
    responses: list[dict],
    version: int | None = None,
    now: datetime | None = None,
    questions: dict[int, Question] | None = None,
) -> Attempt:
    """Save answers ({"question": id, "answer": … or None to clear}), all or nothing, while the attempt is the
    student's, in progress and within its deadline and grace. `version` is the attempt version the client last saw:
    a save from an older copy is refused so it cannot overwrite newer answers. `questions`: the quiz's
    (selectors.questions_taken), when the caller has them already. Returns the attempt as saved."""
    now = now or timezone.now()
    # Saves of one attempt wait for each other; one deleted meanwhile (by a teacher, say) is a 404.
    locked = get_object_or_404(
        Attempt.objects.select_related("quiz", "student").select_for_update(of=("self",)), pk=attempt.pk
    )
    _check_can_save(locked, student, version, now)
    items = _validated(locked, responses, questions or questions_taken(quiz_id=locked.quiz_id))
    if cleared := [question.id for question, answer in items if answer is None]:
        locked.responses.filter(question_id__in=cleared).delete()
    kept = [
        Response(attempt=locked, question=question, answer=answer, points=question.points, saved_at=now)
        for question, answer in items
        if answer is not None
    ]
    # A saved answer is replaced in place: its score and feedback (none yet) stay.
    Response.objects.bulk_create(
        kept, update_conflicts=True, unique_fields=["attempt", "question"], update_fields=["answer", "saved_at"]
    )
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


def _check_can_save(attempt: Attempt, student, version: int | None, now: datetime) -> None:
    if attempt.student_id != student.pk:
        raise PermissionDenied(_("This is not your attempt."))
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ValidationError(_("This attempt has been submitted; its answers can no longer change."), code="closed")
    if is_expired(attempt, now):
        raise ValidationError(_("Time is up: answers are no longer accepted for this attempt."), code="late")
    if version is not None and version != attempt.version:
        raise ValidationError(
            _("These answers come from an out-of-date copy of the attempt (version %(sent)s, now %(current)s); reload.")
            % {"sent": version, "current": attempt.version},
            code="stale",
        )


def _validated(attempt: Attempt, responses, taken: dict[int, Question]) -> list[tuple[Question, object]]:
    """[(question, answer)] for a list of {"question": id, "answer": …}; every problem in one error."""
    if not isinstance(responses, list):
        raise ValidationError(_("“responses” must be a list of {question, answer}."))
    entries = {e["id"]: (n, e) for n, e in enumerate(attempt.layout.get("questions", []), start=1)}
    questions = {qid: q for qid, q in taken.items() if qid in entries}
    errors, valid, seen = [], [], set()
    for item in responses:
        qid = item.get("question") if isinstance(item, dict) else None
        if not isinstance(item, dict) or set(item) != {"question", "answer"}:
            errors.append(_("Each response must be an object with exactly “question” and “answer”."))
        elif type(qid) is not int or qid not in questions:
            errors.append(_("Question %(id)s is not part of this attempt.") % {"id": qid})
        elif qid in seen:
            errors.append(_("Question %(id)s is answered twice in one save.") % {"id": qid})
        else:
            seen.add(qid)
            number, entry = entries[qid]
            if problem := _answer_problem(questions[qid], entry, item["answer"]):
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


# ---------------------------------------------------------------- submitting


def attempt_submit(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Finish an attempt and queue its grading once committed. Idempotent: a second (or concurrent) submit changes
    nothing. Returns the attempt in its current state (graded already, when grading runs in this process)."""
    submitted = _submit(Q(pk=attempt.pk), now or timezone.now())
    if submitted:
        transaction.on_commit(partial(queue_grading, attempt.pk, attempt.quiz_id))
    attempt.refresh_from_db(fields=STATE_FIELDS)  # its quiz and student stay loaded
    return attempt


def attempts_expire(*, now: datetime | None = None) -> int:
    """Submit the attempts in progress whose deadline and grace have passed (their saved answers count)."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now - grace())
    return sum(attempt_submit(attempt=attempt, now=now).status != AttemptStatus.IN_PROGRESS for attempt in expired)


def _submit(which: Q, now: datetime) -> int:
    """Submit the attempts in progress that `which` selects; one conditional UPDATE, so a concurrent submit of the
    same attempt changes nothing. Tells the apps above which students' work changed."""
    with transaction.atomic():  # the rows locked are the rows submitted, and the event is told in the same commit
        rows = Attempt.objects.filter(which, status=AttemptStatus.IN_PROGRESS).select_for_update()
        found = list(rows.values_list("id", "student_id"))
        ids, student_ids = [pk for pk, _s in found], {s for _pk, s in found}
        count = Attempt.objects.filter(pk__in=ids).update(status=AttemptStatus.SUBMITTED, submitted_at=now)
        if count:
            attempt_events.send(sender=Attempt, event="attempt.submitted", ids=ids)
            transaction.on_commit(partial(attempts_changed.send, sender=Attempt, student_ids=student_ids, graded=[]))
    return count
