"""Reads for quizzes, attempts and grades, with their related rows already fetched."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from briefs.models import Brief
from briefs.rendering import element_id
from classroom.roles import teaches
from config import rows
from config.cache import bump, key_for, versioned_in_process
from quizzes import review
from quizzes.models import Attempt, AttemptStatus, Option, Question, Quiz, QuizGrade, Response, ReviewPolicy
from quizzes.types import Choice, NumericAnswer, QuestionData

FINISHED = (AttemptStatus.SUBMITTED, AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW)


def assignment_due_at(*, student, quiz: Quiz) -> datetime | None:
    """The due date of the student's assignment of this quiz (classroom app), if any."""
    from classroom.selectors import assignment_due_at as due_at  # the classroom app owns assignments

    return due_at(student=student, quiz=quiz)


# What students see of a quiz (quizzes.apis) and a quiz's questions (`quiz_questions_cached`) are cached under
# the quizzes' version, which any save or delete of a quiz, a question, an option or a brief replaces
# (connected in quizzes.apps), and so does adding questions in bulk (`services.quiz_add_questions`, which
# sends no signal; the other bulk writes happen with a save of the quiz).
QUIZZES_VERSION_KEY = "quizzes:version"
CACHE_TIMEOUT = 24 * 3600  # entries are replaced by version; this only bounds unused ones


def quizzes_changed(**kwargs) -> None:
    bump(QUIZZES_VERSION_KEY)


def quiz_questions(*, quiz: Quiz) -> QuerySet[Question]:
    options = Prefetch("options", queryset=Option.objects.order_by("position", "id"))
    return quiz.questions.order_by("position", "id").prefetch_related(options)


def questions_by_id(*, ids) -> dict[int, Question]:
    options = Prefetch("options", queryset=Option.objects.order_by("position", "id"))
    return {q.id: q for q in Question.objects.filter(id__in=ids).prefetch_related(options)}


GRADING_QUESTION_FIELDS = ("id", "type", "prompt", "name", "prompt_format", "points", "general_feedback", "data")
GRADING_OPTION_FIELDS = ("options__id", "options__text", "options__fraction", "options__feedback", "options__match")


def questions_for_grading(*, ids) -> dict[int, QuestionData]:
    """question id → its plain data (as `services.question_data` gives it), for grading.

    One query (questions LEFT JOIN options) read as values: a worker grades thousands of attempts, and building a
    Question and its Options per row, through a prefetch's second query, was a tenth of each grading. There is no
    cache across gradings on purpose: an admin edit of an option's fraction touches no timestamp of the quiz or
    question, so only a fresh read is sure to grade with the current key."""
    rows = (
        Question.objects.filter(id__in=list(ids))
        .order_by("id", "options__position", "options__id")
        .values_list(*GRADING_QUESTION_FIELDS, *GRADING_OPTION_FIELDS)
    )
    questions: dict[int, QuestionData] = {}
    for qid, *columns, data, option_id, text, fraction, feedback, match in rows:
        question = questions.get(qid)
        if question is None:
            question = questions[qid] = stored_question_data(*columns, data or {})
        if option_id is not None:  # a question without options still comes once, with NULLs for them
            question.choices.append(Choice(text=text, fraction=fraction, feedback=feedback, match=match, id=option_id))
    return questions


def stored_question_data(kind, prompt, name, prompt_format, points, general_feedback, data: dict) -> QuestionData:
    """The plain form of a question from its columns (`data`: its JSON column), without its options."""
    return QuestionData(
        type=kind,
        prompt=prompt,
        name=name,
        prompt_format=prompt_format,
        points=points,
        general_feedback=general_feedback,
        numeric=[NumericAnswer(**a) for a in data.get("answers", [])],
        correct=data.get("correct"),
        feedback_true=data.get("feedback_true", ""),
        feedback_false=data.get("feedback_false", ""),
        model_answer=data.get("model_answer", ""),
        category=data.get("category", ""),
    )


def question_data(question: Question) -> QuestionData:
    """The plain form of a stored question (options with their ids), for grading, validating answers, showing the
    key and GIFT export. A question kept with its quiz (`quiz_cached`) carries it, made once: every autosave
    checks its answers against it, and a submit's reply may show its key."""
    kept = getattr(question, "plain", None)
    if kept is not None:
        return kept
    q = question
    data = stored_question_data(q.type, q.prompt, q.name, q.prompt_format, q.points, q.general_feedback, q.data or {})
    data.choices = [
        Choice(text=o.text, fraction=o.fraction, feedback=o.feedback, match=o.match, id=o.id) for o in q.options.all()
    ]
    return data


def quiz_cached(*, quiz_id: int) -> Quiz | None:
    """A quiz's own row with its questions and their options (`quiz.question_list`), from the cache under the
    quizzes' version (any save or delete of a quiz, question or option makes a new one) and kept in the process
    while current: all that starting, showing, saving and submitting an attempt read of its quiz, every student
    alike. Shared by the process's requests: read it, never change it."""
    key = f"quizzes:quiz:{quiz_id}"
    return versioned_in_process(key, QUIZZES_VERSION_KEY, lambda: _quiz_with_questions(pk=quiz_id), CACHE_TIMEOUT)


def _quiz_with_questions(**lookup) -> Quiz | None:
    quiz = Quiz.objects.filter(**lookup).first()
    if quiz is not None:
        quiz.question_list = list(quiz_questions(quiz=quiz))
        for question in quiz.question_list:
            question.plain = question_data(question)  # shared, as the question is: read it, never change it
    return quiz


def quiz_questions_cached(*, quiz: Quiz) -> list[Question]:
    """`quiz_questions`: those that came with the quiz from the cache (`quiz_cached`, `quiz_to_take`), else from the
    cache. A new list each time: the caller may reorder it."""
    questions = getattr(quiz, "question_list", None)
    if questions is None:
        cached = quiz_cached(quiz_id=quiz.pk)
        questions = cached.question_list if cached is not None else []
    return list(questions)


def attempt_questions(*, attempt: Attempt) -> list[tuple[Question, dict]]:
    """The attempt's questions in the order it shows them, each with its layout entry."""
    entries = attempt.layout.get("questions", [])
    quiz = attempt.quiz if Attempt.quiz.is_cached(attempt) else Quiz(pk=attempt.quiz_id)  # no query for the quiz
    questions = {q.id: q for q in quiz_questions_cached(quiz=quiz)}
    return [(questions[e["id"]], e) for e in entries if e["id"] in questions]


def attempt_detail(*, attempt_id: int) -> Attempt:
    responses = Prefetch("responses", queryset=Response.objects.select_related("question", "reviewed_by"))
    return Attempt.objects.select_related("quiz", "student").prefetch_related(responses).get(pk=attempt_id)


def quiz_grades(*, quiz_ids=None, student_ids=None) -> QuerySet[QuizGrade]:
    """One row per student and quiz: what a gradebook reads (one query, whatever the class size)."""
    qs = QuizGrade.objects.select_related("quiz", "student")
    if quiz_ids is not None:
        qs = qs.filter(quiz_id__in=quiz_ids)
    if student_ids is not None:
        qs = qs.filter(student_id__in=student_ids)
    return qs


def attempts_left(*, student, quiz: Quiz) -> int | None:
    """How many more attempts the student may start (None: unlimited)."""
    return attempts_left_of(student=student, quiz_id=quiz.pk, allowed=quiz.attempts_allowed)


def attempts_left_of(*, student, quiz_id: int, allowed: int | None) -> int | None:
    """`attempts_left`, from the quiz's id and attempts allowed (no query when unlimited)."""
    if allowed is None:
        return None
    used = Attempt.objects.filter(student=student, quiz_id=quiz_id).count()
    return max(0, allowed - used)


def review_visibility(attempt: Attempt, now: datetime | None = None) -> tuple[bool, bool, bool]:
    """(show_score, show_feedback, show_correct) for the student who made the attempt (quizzes.review's rule)."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return (False, False, False)
    policy = attempt.quiz.review_policy
    is_closed = policy == ReviewPolicy.AFTER_DUE and _closed_for_student(attempt, now or timezone.now())
    shown = review.visibility(policy, submitted=True, is_closed=is_closed)
    return (shown.score, shown.feedback, shown.correct)


def _closed_for_student(attempt: Attempt, now: datetime) -> bool:
    mine = Attempt.objects.filter(student_id=attempt.student_id, quiz_id=attempt.quiz_id)
    return review.closed(
        open_attempt=mine.filter(status=AttemptStatus.IN_PROGRESS).exists(),
        due=assignment_due_at(student=attempt.student, quiz=attempt.quiz),
        now=now,
        attempts_left=attempts_left(student=attempt.student, quiz=attempt.quiz),
    )


def scores_shown(path: str = "") -> Q:
    """A filter on attempts (`path`: from the model filtered to the attempt, e.g. "attempt__") keeping those whose
    students may see their scores, and so which questions they missed (quizzes.review.shows_score)."""
    hidden = [policy for policy in ReviewPolicy.values if not review.shows_score(policy)]
    return ~Q(**{f"{path}quiz__review_policy__in": hidden})


def quizzes_with_studyable_keys(*, student, dues: dict[int, datetime | None], now: datetime) -> set[int]:
    """The quizzes the student has finished attempts at whose keys they may study now (review.key_studyable):
    `dues` gives the student's due date of each quiz assigned to them (the caller's classes know them)."""
    rows = (
        Attempt.objects.filter(student=student)
        .values("quiz_id", "quiz__review_policy", "quiz__attempts_allowed")
        .annotate(made=Count("id"), open=Count("id", filter=Q(status=AttemptStatus.IN_PROGRESS)))
    )
    studyable = set()
    for row in rows:
        allowed = row["quiz__attempts_allowed"]
        is_closed = review.closed(
            open_attempt=row["open"] > 0,
            due=dues.get(row["quiz_id"]),
            now=now,
            attempts_left=None if allowed is None else max(0, allowed - row["made"]),
        )
        if review.key_studyable(row["quiz__review_policy"], is_closed=is_closed):
            studyable.add(row["quiz_id"])
    return studyable


# ---------------------------------------------------------------- who may see what (API and pages)


def quizzes_visible_to(*, user) -> QuerySet[Quiz]:
    """Teachers and admins see every quiz (the question bank is shared); students the published ones."""
    qs = Quiz.objects.select_related("brief").defer(*Brief.without_body("brief"))
    qs = qs.annotate(question_count=Count("questions")).order_by("title", "id")
    return _visible(qs, user=user)


def _visible(qs: QuerySet[Quiz], *, user) -> QuerySet[Quiz]:
    """`quizzes_visible_to`'s rule, on any queryset of quizzes."""
    return qs if teaches(user) else qs.filter(published=True)


def quiz_published(*, slug: str) -> Quiz | None:
    """A published quiz, as every student sees it (`quizzes_visible_to` a student)."""
    return quizzes_visible_to(user=None).filter(slug=slug).first()


def quiz_to_take(*, user, slug: str) -> Quiz:
    """A quiz the user may see (404 otherwise), with its questions, from the cache (`quiz_cached`): what starting an
    attempt needs."""
    build = lambda: _quiz_with_questions(slug=slug)  # noqa: E731
    quiz = versioned_in_process(key_for("quizzes:quiz", slug), QUIZZES_VERSION_KEY, build, CACHE_TIMEOUT)
    if quiz is None or not (quiz.published or teaches(user)):  # `_visible`'s rule
        raise Http404("No Quiz matches the given query.")
    return quiz


def quiz_for_user(*, user, slug: str, with_keys: bool = False) -> Quiz:
    """A quiz the user may see (404 otherwise); with its questions and options when keys are wanted."""
    qs = quizzes_visible_to(user=user)
    if with_keys:
        options = Prefetch("options", queryset=Option.objects.order_by("position", "id"))
        questions = Prefetch(
            "questions", queryset=Question.objects.order_by("position", "id").prefetch_related(options)
        )
        qs = qs.prefetch_related(questions)
    return get_object_or_404(qs, slug=slug)


def attempts_visible_to(*, user) -> QuerySet[Attempt]:
    """Students: their own attempts. Teachers: attempts of students in the classes they teach, and their
    own (a teacher may try a quiz out). Admins: all."""
    qs = Attempt.objects.select_related("quiz", "student").order_by("-started_at", "-id")
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(Q(student__enrollments__classroom__teachers=user) | Q(student=user)).distinct()
    return qs.filter(student=user)


def _responses() -> Prefetch:
    return Prefetch("responses", queryset=Response.objects.order_by("id"))


def attempt_for_user(*, user, pk: int) -> Attempt:
    """One attempt the user may see, with its responses; anyone else's is a 404."""
    visible = attempts_visible_to(user=user).values("pk")
    qs = Attempt.objects.select_related("quiz", "student").prefetch_related(_responses())
    return get_object_or_404(qs.filter(pk__in=visible), pk=pk)


# What every student of a class does many times in a quiz, and all at once when the class takes it together, reads
# with plain statements (config.rows): the ORM spent longer building each of these queries (0.3–0.6 ms of CPU) than
# the database spent answering it. The rows come back as model instances all the same.

MAX_ID = 2**63 - 1  # ids are 64-bit: a larger one in an address matches nothing, and must not reach the database
ATTEMPT_FIELDS = [f.attname for f in Attempt._meta.concrete_fields]
# What never changes once an attempt has started (the layout fixes its questions and their order), and the rest.
ATTEMPT_FIXED = ["id", "student_id", "quiz_id", "number", "started_at", "layout"]
ATTEMPT_STATE = [name for name in ATTEMPT_FIELDS if name not in ATTEMPT_FIXED]
ATTEMPT_COLUMNS, STATE_COLUMNS = rows.columns(Attempt, ATTEMPT_FIELDS), rows.columns(Attempt, ATTEMPT_STATE)
_OWN_ATTEMPT = f"SELECT {ATTEMPT_COLUMNS} FROM quizzes_attempt WHERE id = %s AND student_id = %s"  # noqa: S608 - names
_ATTEMPT_STATE = f"SELECT {STATE_COLUMNS} FROM quizzes_attempt WHERE id = %s"  # noqa: S608 - names, not values


def own_attempt(*, student, pk: int) -> Attempt | None:
    """The student's own attempt, or None: one plain statement, for the writes only the student may make. Its quiz
    comes from the cache; its responses are not read (a save or a submit reads them after writing)."""
    if not 0 < pk <= MAX_ID:
        return None
    found = rows.fetch(Attempt, ATTEMPT_FIELDS, _OWN_ATTEMPT, [pk, student.pk])
    if not found:
        return None
    attempt = found[0]
    started_attempts.keep(attempt)
    attempt.student, attempt.quiz = student, quiz_cached(quiz_id=attempt.quiz_id)
    return attempt


def own_started_attempt(*, student, pk: int) -> Attempt | None:
    """`own_attempt` with only what never changes once it started (ATTEMPT_FIXED): from this process's memory if it
    has read or started the attempt before (no query: a class autosaves every few seconds), else read whole. For a
    write whose statement checks the rest (in progress, in time, the version) and returns it (`responses_save`):
    until then the state is deferred, and reading it would cost a query."""
    kept = started_attempts.get(pk)
    if kept is None or kept[1] != student.pk:
        return own_attempt(student=student, pk=pk)
    attempt = Attempt.from_db(connection.alias, ATTEMPT_FIXED, [*kept[:5], json.loads(kept[5])])
    attempt.student, attempt.quiz = student, quiz_cached(quiz_id=attempt.quiz_id)
    return attempt


class StartedAttempts:
    """What never changes in the attempts this process has read or started (ATTEMPT_FIXED, the layout as JSON text:
    a tenth of its size as objects), by id, which the database never hands out twice. Its writes check the rest."""

    MAX_ENTRIES = 20_000  # some 20 MB; then all are dropped, and the ones in use are read again at their next save

    def __init__(self):
        self.entries: dict[int, tuple] = {}

    def keep(self, attempt: Attempt) -> None:
        if len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
        fixed = [getattr(attempt, name) for name in ATTEMPT_FIXED[:-1]]
        self.entries[attempt.pk] = (*fixed, json.dumps(attempt.layout))

    def get(self, pk: int) -> tuple | None:
        return self.entries.get(pk)


started_attempts = StartedAttempts()  # this process's


@dataclass(frozen=True)
class AttemptsMade:
    used: int  # attempts made, whatever their state
    last: int  # the highest attempt number (0: none yet)
    open_id: int | None  # the attempt in progress, if any


def attempts_made(*, student, quiz_id: int) -> AttemptsMade:
    """What starting an attempt needs to know of the student's earlier ones: one plain statement."""
    sql = (
        "SELECT count(*), coalesce(max(number), 0), max(CASE WHEN status = %s THEN id END)"
        " FROM quizzes_attempt WHERE student_id = %s AND quiz_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [AttemptStatus.IN_PROGRESS, student.pk, quiz_id])
        return AttemptsMade(*cursor.fetchone())


def attempt_refresh_state(*, attempt: Attempt) -> Attempt:
    """The attempt's state read again in place, after a submit (a quick worker, or eager grading, may have graded it
    already): one plain statement."""
    with connection.cursor() as cursor:
        cursor.execute(_ATTEMPT_STATE, [attempt.pk])
        attempt_set_state(attempt, cursor.fetchone())
    return attempt


def attempt_set_state(attempt: Attempt, row) -> None:
    """Put into `attempt` its state as a statement returned it (the columns of ATTEMPT_STATE, in that order)."""
    for name, value in zip(ATTEMPT_STATE, rows.converted(Attempt, ATTEMPT_STATE, [row])[0], strict=True):
        setattr(attempt, name, value)


class Answer(NamedTuple):
    """A response as an attempt's owner is shown it (`quizzes.apis.attempt_payload` reads these, or Responses)."""

    question_id: int
    answer: object
    score: float | None = None
    feedback: str = ""


ANSWER_FIELDS = list(Answer._fields)
_ANSWERS = f"SELECT {rows.columns(Response, ANSWER_FIELDS)} FROM quizzes_response WHERE attempt_id = %s ORDER BY id"  # noqa: S608


def attempt_responses(*, attempt: Attempt) -> list[Answer]:
    """The attempt's responses in order, read after a save or a submit: one plain statement."""
    with connection.cursor() as cursor:
        cursor.execute(_ANSWERS, [attempt.pk])
        return [Answer(*row) for row in rows.converted(Response, ANSWER_FIELDS, cursor.fetchall())]


# ---------------------------------------------------------------- student site pages


def quizzes_about(*, brief_id: int) -> list[dict]:
    """The published quizzes made from a brief, as the brief page lists them ({slug, title, question_count});
    the brief page caches them with the rest of its shared part (briefs.views)."""
    quizzes = quizzes_visible_to(user=None).filter(brief_id=brief_id)
    return [{"slug": q.slug, "title": q.title, "question_count": q.question_count} for q in quizzes]


def quiz_attempts_of(*, student, quiz: Quiz) -> list[Attempt]:
    """The student's own attempts at a quiz, first first (the quiz page lists them and offers to resume)."""
    return list(Attempt.objects.filter(student=student, quiz=quiz).order_by("number"))


def question_sources(*, question_ids) -> dict[int, dict]:
    """question id → the brief section it was written from ({slug, title, anchor}: the section's id in the brief's
    HTML), for 'study this' links."""
    rows = Question.objects.filter(id__in=list(question_ids), study_item__isnull=False).values_list(
        "id", "study_item__brief__slug", "study_item__brief__title", "study_item__anchor"
    )
    return {
        qid: {"slug": slug, "title": title, "anchor": anchor and element_id(anchor)}
        for qid, slug, title, anchor in rows
    }


def quiz_titles(*, ids) -> dict[int, str]:
    return dict(Quiz.objects.filter(id__in=list(ids)).values_list("id", "title"))


def topic_mastery(*, student) -> list[dict]:
    """Per brief topic, the mean percent of the student's graded attempts at quizzes on that topic's briefs."""
    from django.db.models import Avg, ExpressionWrapper, F, FloatField

    percent = ExpressionWrapper(100.0 * F("score") / F("max_score"), output_field=FloatField())
    rows = (
        Attempt.objects.filter(scores_shown(), student=student, status=AttemptStatus.GRADED, max_score__gt=0)
        .values("quiz__brief__topic__name", "quiz__brief__topic__path")
        .annotate(average=Avg(percent), attempts=Count("id"))
        .order_by("quiz__brief__topic__path")
    )
    return [
        {
            "name": r["quiz__brief__topic__name"],
            "path": r["quiz__brief__topic__path"],
            "average": r["average"],
            "attempts": r["attempts"],
        }
        for r in rows
    ]


# ---------------------------------------------------------------- results, for other apps (gradebook, progress)
# Each is one or two queries whatever the number of students or quizzes.

# The most advanced state across a student's attempts decides what an assignment shows.
STATUS_RANK = {AttemptStatus.IN_PROGRESS: 1, AttemptStatus.SUBMITTED: 2, AttemptStatus.NEEDS_REVIEW: 3,
               AttemptStatus.GRADED: 4}  # fmt: skip


@dataclass
class AttemptSummary:
    status: str  # the most advanced status among the student's attempts
    best_percent: float | None
    grade: float | None  # after the quiz's grading method


def _percent():
    return ExpressionWrapper(100.0 * F("score") / F("max_score"), output_field=FloatField())


def attempt_summaries(*, student, quiz_ids: Iterable[int]) -> dict[int, AttemptSummary]:
    """quiz id → the student's summary for each quiz they have attempted."""
    quiz_ids = list(quiz_ids)
    if not quiz_ids:
        return {}
    best: dict[int, float | None] = {}
    statuses: dict[int, str] = {}
    rows = (
        Attempt.objects.filter(student=student, quiz_id__in=quiz_ids)
        .values("quiz_id", "status")
        .annotate(best=Max(_percent(), filter=scores_shown()))
    )
    for row in rows:
        quiz_id, status = row["quiz_id"], row["status"]
        if STATUS_RANK[status] > STATUS_RANK.get(statuses.get(quiz_id), 0):
            statuses[quiz_id] = status
        if row["best"] is not None and status == AttemptStatus.GRADED:
            best[quiz_id] = max(best.get(quiz_id) or 0.0, row["best"])
    grades = QuizGrade.objects.filter(scores_shown(), student=student, quiz_id__in=quiz_ids)
    grades = dict(grades.values_list("quiz_id", "grade"))
    return {q: AttemptSummary(statuses[q], best.get(q), grades.get(q)) for q in statuses}


def quiz_grade_table(*, student_ids: list[int], quiz_ids: list[int]) -> dict[tuple[int, int], float | None]:
    """(student id, quiz id) → quiz grade in percent, for a gradebook."""
    if not student_ids or not quiz_ids:
        return {}
    rows = QuizGrade.objects.filter(student_id__in=student_ids, quiz_id__in=quiz_ids)
    return {(s, q): g for s, q, g in rows.values_list("student_id", "quiz_id", "grade")}


def graded_history(*, student) -> list[tuple[datetime, float, int]]:
    """(submitted, percent, quiz id) of the student's graded attempts, oldest first."""
    rows = (
        Attempt.objects.filter(scores_shown(), student=student, status=AttemptStatus.GRADED, max_score__gt=0)
        .order_by("submitted_at", "id")
        .values_list("submitted_at", "score", "max_score", "quiz_id")
    )
    return [(at, 100.0 * score / max_score, quiz_id) for at, score, max_score, quiz_id in rows]


def missed_question_ids(*, student, quiz_ids: Iterable[int]) -> set[int]:
    """Questions of these quizzes the student lost points on in a graded attempt (for flashcards)."""
    rows = Response.objects.filter(
        attempt__student=student,
        attempt__status=AttemptStatus.GRADED,
        attempt__quiz_id__in=list(quiz_ids),
        score__lt=F("points"),
    ).exclude(question__type="essay")
    return set(rows.values_list("question_id", flat=True))
