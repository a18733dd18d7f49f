"""Reads of quizzes and their questions: one way to fetch a quiz for each purpose, its related rows loaded.

Viewing: `quiz_for_user` (with the keys for teachers). Authoring: `quiz_questions`. Taking (an attempt's start, its
page, checking its answers): `questions_taken`, cached. Grading: `questions_for_grading` (plain data, read fresh)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from briefs.models import Brief
from briefs.rendering import element_id
from config.cache import cached
from config.permissions import granted, teaches
from quizzes.models import AttemptStatus, Option, Question, Quiz
from quizzes.signals import QUIZZES_VERSION, quiz_audience
from quizzes.types import Choice, NumericAnswer, QuestionData

FINISHED = (AttemptStatus.SUBMITTED, AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW)
QUESTIONS_TIMEOUT = 24 * 3600  # a version change replaces them before that


def _options() -> Prefetch:
    return Prefetch("options", queryset=Option.objects.order_by("position", "id"))


def quiz_questions(*, quiz: Quiz) -> QuerySet[Question]:
    """A quiz's questions in order, each with its options in order."""
    return quiz.questions.order_by("position", "id").prefetch_related(_options())


def questions_taken(*, quiz_id: int) -> dict[int, Question]:
    """question id → question with its options, in order: what attempts at the quiz show and check answers
    against. Every start, attempt page and autosave reads them: cached under the quizzes' version."""

    def build() -> dict[int, Question]:
        return {
            q.id: q
            for q in Question.objects.filter(quiz_id=quiz_id).order_by("position", "id").prefetch_related(_options())
        }

    return cached(f"quizzes:questions:{quiz_id}", (QUIZZES_VERSION,), build, QUESTIONS_TIMEOUT)


GRADING_QUESTION_FIELDS = ("id", "type", "prompt", "name", "prompt_format", "points", "general_feedback", "data")
GRADING_OPTION_FIELDS = ("options__id", "options__text", "options__fraction", "options__feedback", "options__match")


def questions_for_grading(*, ids) -> dict[int, QuestionData]:
    """question id → its plain data, for grading: one query (questions LEFT JOIN options) read as values. Read fresh
    by each grading: an admin's edit of an option's fraction changes no timestamp anything could compare."""
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
        case_sensitive=data.get("case_sensitive", False),
        category=data.get("category", ""),
    )


def question_data(question: Question) -> QuestionData:
    """The plain form of a stored question with its options (prefetched), for grading, checking answers, showing
    the key and GIFT export."""
    q = question
    data = stored_question_data(q.type, q.prompt, q.name, q.prompt_format, q.points, q.general_feedback, q.data or {})
    data.choices = [
        Choice(text=o.text, fraction=o.fraction, feedback=o.feedback, match=o.match, id=o.id) for o in q.options.all()
    ]
    return data


# ---------------------------------------------------------------- who may see which quiz


def _quizzes() -> QuerySet[Quiz]:
    qs = Quiz.objects.select_related("brief").defer(*Brief.without_body("brief"))
    return qs.annotate(question_count=Count("questions")).order_by("title", "id")


def taken_by(user) -> Q:
    """The quizzes a student may see and take: published, and open to everyone or granted by the apps above
    (assigned to one of their classes). Nobody signed in: none."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(published=True) & (Q(open_to_all=True) | granted(quiz_audience, sender=Quiz, user=user))


def quizzes_visible_to(*, user) -> QuerySet[Quiz]:
    """Teachers and admins see every quiz (the question bank is shared); students those they may take."""
    qs = _quizzes()
    return qs if teaches(user) else qs.filter(taken_by(user))


def quiz_for_user(*, user, slug: str, with_keys: bool = False) -> Quiz:
    """A quiz the user may see (404 otherwise); with its questions and options when keys are wanted."""
    qs = quizzes_visible_to(user=user)
    if with_keys:
        ordered = Question.objects.order_by("position", "id").prefetch_related(_options())
        qs = qs.prefetch_related(Prefetch("questions", queryset=ordered))
    return get_object_or_404(qs, slug=slug)


def published_quiz(*, slug: str) -> Quiz | None:
    """The published quiz with this slug whoever may take it: for a representation shared by all, which `may_take`
    then guards."""
    return _quizzes().filter(published=True, slug=slug).first()


def may_take(*, user, slug: str) -> bool:
    """Whether a student may see the quiz with this slug (one query): for a representation shared by all (cached)."""
    return Quiz.objects.filter(taken_by(user), slug=slug).exists()


def edited_by(user) -> Q:
    """The quizzes a teacher may change: those they wrote, those shared with them, and those nobody wrote (made by a
    command). Admins: all. Anyone else: none."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if not teaches(user):
        return Q(pk__in=[])
    shared = Quiz.shared_with.through.objects.filter(user_id=user.pk).values("quiz_id")
    return Q(created_by=user) | Q(created_by__isnull=True) | Q(pk__in=shared)


def quiz_to_edit(*, user, slug: str, with_keys: bool = False) -> Quiz:
    """A quiz the user may change: 404 if they may not see it, PermissionDenied if they may see but not change it."""
    quiz = quiz_for_user(user=user, slug=slug, with_keys=with_keys)
    if not may_edit(user=user, quiz=quiz):
        raise PermissionDenied(_("Only its author, the teachers it is shared with, or an admin can change this quiz."))
    return quiz


def may_edit(*, user, quiz: Quiz) -> bool:
    return Quiz.objects.filter(edited_by(user), pk=quiz.pk).exists()


def quizzes_about(*, brief_slug: str, user) -> list[dict]:
    """The quizzes made from a brief that the user may take ({slug, title, question_count}), as its page lists them
    (teachers: the published ones, as students would see them)."""
    quizzes = _quizzes().filter(brief__slug=brief_slug, published=True)
    if not teaches(user):
        quizzes = quizzes.filter(taken_by(user))
    return [{"slug": q.slug, "title": q.title, "question_count": q.question_count} for q in quizzes]


def question_sources(*, question_ids) -> dict[int, dict]:
    """question id → the brief section it was written from ({slug, title, anchor}: the section's id in the brief's
    HTML), for 'study this' links."""
    rows = Question.objects.filter(id__in=list(question_ids), study_item__isnull=False).values_list(
        "id", "study_item__brief__slug", "study_item__brief__title", "study_item__anchor"
    )
    return {qid: {"slug": s, "title": t, "anchor": a and element_id(a)} for qid, s, t, a in rows}


def quiz_titles(*, ids) -> dict[int, str]:
    return dict(Quiz.objects.filter(id__in=list(ids)).values_list("id", "title"))
