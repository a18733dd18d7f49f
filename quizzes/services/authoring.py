"""Writes of a quiz's author: its settings, its questions from plain data (quizzes.types), publishing."""

import math
from dataclasses import asdict
from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from briefs.models import Brief
from quizzes.models import Option, Question, Quiz, Response
from quizzes.problems import question_problems
from quizzes.prompts import render_prompt
from quizzes.selectors import question_data, quiz_questions
from quizzes.services.grading import queue_regrade
from quizzes.signals import quizzes_changed
from quizzes.types import MAX_QUESTIONS_PER_QUIZ, QUESTION_TYPES, Choice, NumericAnswer, QuestionData

QUIZ_SETTINGS = (
    "title", "description", "published", "attempts_allowed", "grading_method", "shuffle_questions",
    "shuffle_choices", "questions_per_attempt", "pass_mark", "review_policy", "open_to_all",
)  # fmt: skip


# ---------------------------------------------------------------- questions from plain data


def question_row(*, quiz: Quiz, data: QuestionData, position: int, study_item_id: int | None) -> Question:
    """A Question (not saved) from plain data, its prompt rendered once, here."""
    extra = {"correct": data.correct} if data.type == "true_false" else {}
    if data.type == "numerical":
        extra["answers"] = [asdict(a) for a in data.numeric]
    for key in ("feedback_true", "feedback_false", "model_answer", "case_sensitive", "category"):
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


def question_errors(questions: list[QuestionData]) -> list[str]:
    """What makes each question ungradable, in the author's words; empty: every one is fine."""
    errors = []
    for number, data in enumerate(questions, start=1):
        label = data.name or data.prompt[:40]
        if data.type not in QUESTION_TYPES:
            problems = [_("unknown question type “%(type)s”") % {"type": data.type}]
        else:
            problems = question_problems(data)
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
    """Append questions (and their options) after the quiz's last one; all or nothing. `study_item_ids`, parallel
    to `questions`, links each question to the study item it came from."""
    existing = quiz.questions.count()
    if existing + len(questions) > MAX_QUESTIONS_PER_QUIZ:
        raise ValidationError(
            _("A quiz may hold %(max)s questions; this one would hold %(n)s. Split it into several quizzes.")
            % {"max": MAX_QUESTIONS_PER_QUIZ, "n": existing + len(questions)}
        )
    if errors := question_errors(questions):
        raise ValidationError(errors)
    start = (quiz.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    links = study_item_ids or [None] * len(questions)
    rows = [
        question_row(quiz=quiz, data=data, position=start + i, study_item_id=link)
        for i, (data, link) in enumerate(zip(questions, links, strict=True))
    ]
    Question.objects.bulk_create(rows)
    Option.objects.bulk_create(
        Option(question=row, position=i, text=c.text, fraction=c.fraction, feedback=c.feedback, match=c.match)
        for row, data in zip(rows, questions, strict=True)
        for i, c in enumerate(data.choices, start=1)
    )
    quizzes_changed()  # bulk_create sends no signal
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


def question_update(*, question: Question, data: QuestionData) -> Question:
    """Change a question's prompt, points, feedback and keys, keeping its options' ids (answers given name them):
    its type and the number of its options stay."""
    if data.type != question.type:
        raise ValidationError(_("A question's type cannot change once students have answered it."))
    options = list(question.options.all())
    if len(data.choices) != len(options):
        raise ValidationError(_("Options can be edited but not added or removed once students have answered."))
    if problems := question_errors([data]):
        raise ValidationError(problems)
    fresh = question_row(
        quiz=question.quiz, data=data, position=question.position, study_item_id=question.study_item_id
    )
    for name in ("name", "prompt", "prompt_format", "prompt_html", "points", "general_feedback", "data"):
        setattr(question, name, getattr(fresh, name))
    question.save()
    for option, choice in zip(options, data.choices, strict=True):
        option.text, option.fraction, option.feedback, option.match = (
            choice.text, choice.fraction, choice.feedback, choice.match,
        )  # fmt: skip
    Option.objects.bulk_update(options, ["text", "fraction", "feedback", "match"])
    return question


# ---------------------------------------------------------------- quizzes


def _apply_settings(quiz: Quiz, fields: dict) -> None:
    for name in QUIZ_SETTINGS:
        if name in fields:
            setattr(quiz, name, fields[name])
    if "time_limit" in fields:
        minutes = fields["time_limit"]
        quiz.time_limit = None if minutes is None else timedelta(minutes=minutes)
    if "brief" in fields:
        quiz.brief = _brief(fields["brief"])


def _brief(slug: str | None) -> Brief | None:
    if not slug:
        return None
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
    """Change settings and, when given, questions. Once students have attempted the quiz its questions are updated
    in place by id (their history keeps pointing at them) and every attempt is regraded after commit."""
    _apply_settings(quiz, fields)
    if "slug" in fields:
        quiz.slug = fields["slug"]
    quiz.full_clean()
    quiz.save()
    if "questions" in fields:
        if quiz.attempts.exists():
            _update_questions_in_place(quiz, fields["questions"])
            transaction.on_commit(partial(queue_regrade, quiz.pk))
        else:
            quiz_replace_questions(quiz=quiz, questions=[question_from_payload(q) for q in fields["questions"]])
    return quiz


def _update_questions_in_place(quiz: Quiz, payloads: list[dict]) -> None:
    questions = {q.id: q for q in quiz_questions(quiz=quiz)}
    for payload in payloads:
        question = questions.get(payload.get("id"))
        if question is None:
            raise ValidationError(
                _("Students have attempted this quiz: questions can only be changed by id, not added or removed.")
            )
        question_update(question=question, data=question_from_payload(payload))


def quiz_set_published(*, quiz: Quiz, published: bool) -> Quiz:
    """Open a quiz to students, or close it. It opens only with questions that can all be graded, so a student never
    starts a quiz whose key is incomplete."""
    if published:
        questions = [question_data(q) for q in quiz_questions(quiz=quiz)]
        if not questions:
            raise ValidationError(_("“%(quiz)s” has no questions yet.") % {"quiz": quiz})
        if errors := question_errors(questions):
            raise ValidationError(errors)
    quiz.published = published
    quiz.save(update_fields=["published", "updated_at"])
    return quiz


# ---------------------------------------------------------------- the teacher API's question shape


def question_from_payload(payload: dict) -> QuestionData:
    """The teacher API's question (see serializers.teacher_question) as plain data."""
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
        case_sensitive=bool(payload.get("case_sensitive")) and kind == "short_answer",
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
