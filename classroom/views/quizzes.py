"""Student site pages for quizzes: the rules and start button, the attempt with autosave, the result. Here, not in
the quizzes app, because what a student may do depends on their classes (their due date).

Thin views: selectors read, services write; the helpers below only shape data for the templates."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from classroom import selectors as classes
from classroom import services as classroom_services
from config.permissions import teaches
from quizzes import review, selectors, services
from quizzes.durations import allowed_time, duration_label
from quizzes.labels import points_label
from quizzes.models import AttemptStatus
from quizzes.serializers import correct_answer, student_question
from quizzes.timing import due_label, is_timed
from quizzes.wording import STUDENT_STATUS

# ValidationError codes of responses_save that mean "this copy of the page can no longer save".
CONFLICT_CODES = {"stale", "closed", "late"}


@login_required
def quiz_detail(request, slug: str):
    """The rules first (time limit, attempts left, grading method, due date), then Start or Resume."""
    quiz = selectors.quiz_for_user(user=request.user, slug=slug)
    attempts = selectors.quiz_attempts_of(student=request.user, quiz=quiz)
    due_at, allowance = classes.due_and_allowance(student=request.user, quiz=quiz)
    shows_score = review.shows_score(quiz.review_policy)
    waiting = [a.pk for a in attempts if a.status == AttemptStatus.NEEDS_REVIEW] if shows_score else []
    provisional = selectors.provisional_scores(attempt_ids=waiting) if waiting else {}
    for a in attempts:
        a.student_status = STUDENT_STATUS.get(a.status, a.status)
        a.provisional = provisional[a.pk].text() if a.pk in provisional else ""
    context = {
        "quiz": quiz,
        "attempts": attempts,
        "open_attempt": next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None),
        "attempts_left": selectors.attempts_left(student=request.user, quiz=quiz),
        "due_at": due_at,
        "closed": due_at is not None and due_at <= timezone.now(),
        "time_limit": duration_label(allowed_time(quiz.time_limit, allowance)),  # theirs: "1 h 30 min"
        "shows_score": shows_score,
    }
    return render(request, "quizzes/quiz.html", context)


@login_required
@require_POST
def quiz_start(request, slug: str):
    quiz = selectors.quiz_for_user(user=request.user, slug=slug)
    try:
        attempt, _created = classroom_services.quiz_start(student=request.user, quiz=quiz)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("quiz_detail", slug=slug)
    return redirect("attempt_detail", pk=attempt.pk)


@login_required
def attempt_detail(request, pk: int):
    """The attempt while it is open (for its student), otherwise its result."""
    attempt = classes.attempt_for_user(user=request.user, pk=pk)
    own = attempt.student_id == request.user.pk
    if own and attempt.status == AttemptStatus.IN_PROGRESS and services.is_expired(attempt, timezone.now()):
        # The server is the authority on time: a page opened after the deadline finds the attempt submitted.
        services.attempt_submit(attempt=attempt)
        attempt = classes.attempt_for_user(user=request.user, pk=pk)
    if own and attempt.status == AttemptStatus.IN_PROGRESS:
        return _attempt_page(request, attempt)
    return _result_page(request, attempt)


def _attempt_page(request, attempt):
    answers = {r.question_id: r.answer for r in attempt.responses.all()}
    questions = [
        _question_form(number, student_question(question, entry), answers.get(question.id))
        for number, (question, entry) in enumerate(selectors.attempt_questions(attempt=attempt), start=1)
    ]
    now = timezone.now()
    timed = is_timed(time_limit=attempt.quiz.time_limit)
    due = None if timed or attempt.deadline is None else due_label(attempt.deadline, now)
    context = {"attempt": attempt, "quiz": attempt.quiz, "questions": questions, "now": now, "timed": timed, "due": due}
    return render(request, "quizzes/attempt.html", context)


def _question_form(number: int, shown: dict, answer) -> dict:
    """A question as the attempt form shows it, with the saved answer filled in (a reload resumes)."""
    answer = answer or {}
    view = {"number": number, "q": shown, "answered": bool(answer), "points": points_label(shown["points"])}
    kind = shown["type"]
    if kind in ("single", "multiple"):
        chosen = {answer.get("choice")} | set(answer.get("choices", []))
        view["choices"] = [{**c, "checked": c["id"] in chosen} for c in shown["choices"]]
    elif kind == "true_false":
        view["value"] = answer.get("value")
    elif kind in ("short_answer", "essay"):
        view["text"] = answer.get("text", "")
    elif kind == "numerical":
        view["number_value"] = answer.get("value", "")
    elif kind == "matching":
        pairs = {p["left"]: p["right"] for p in answer.get("pairs", [])}
        view["rows"] = [
            {"left": left, "options": [{**r, "selected": pairs.get(left["id"]) == r["id"]} for r in shown["right"]]}
            for left in shown["left"]
        ]
    elif kind == "ordering":
        by_id = {i["id"]: i for i in shown["items"]}
        order = [i for i in answer.get("order", []) if i in by_id]
        view["items"] = [by_id[i] for i in order] if len(order) == len(by_id) else shown["items"]
    return view


@login_required
@require_POST
def attempt_save(request, pk: int):
    """Autosave: JSON {"version": n, "responses": [{"question": id, "answer": …}]} → {"version": n + 1}."""
    attempt = classes.attempt_for_user(user=request.user, pk=pk)  # another's: a 404, or the service's 403
    try:
        body = json.loads(request.body)
        version, responses = body["version"], body["responses"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("The save request was malformed."), "code": "malformed"}, status=400)
    if type(version) is not int:
        return JsonResponse({"error": _("The save request was malformed."), "code": "malformed"}, status=400)
    try:
        saved = services.responses_save(attempt=attempt, student=request.user, responses=responses, version=version)
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc), "code": "forbidden"}, status=403)
    except ValidationError as exc:
        code = getattr(exc, "code", None)
        status = 409 if code in CONFLICT_CODES else 400
        return JsonResponse({"error": " ".join(exc.messages), "code": code or "invalid"}, status=status)
    return JsonResponse({"version": saved.version})


@login_required
@require_POST
def attempt_submit(request, pk: int):
    attempt = classes.attempt_for_user(user=request.user, pk=pk)
    if attempt.student_id != request.user.pk:
        raise Http404
    services.attempt_submit(attempt=attempt)
    return redirect("attempt_detail", pk=pk)


# ---------------------------------------------------------------- the result


def _result_page(request, attempt):
    if teaches(request.user) and attempt.student_id != request.user.pk:
        visibility = review.Visibility(True, True, True)
    else:
        due = classes.due_for(student=attempt.student, quiz=attempt.quiz)
        visibility = selectors.review_visibility(attempt, due=due, now=timezone.now())
    show_score = visibility.score
    responses = {r.question_id: r for r in attempt.responses.all()}
    pairs = selectors.attempt_questions(attempt=attempt)
    sources = selectors.question_sources(question_ids=[q.id for q, _entry in pairs]) if show_score else {}
    rows = [
        _result_row(number, question, entry, responses.get(question.id), visibility, sources)
        for number, (question, entry) in enumerate(pairs, start=1)
    ]
    context = {"attempt": attempt, "quiz": attempt.quiz, "rows": rows, "show_score": show_score,
               "show_feedback": visibility.feedback, "show_correct": visibility.correct}  # fmt: skip
    return render(request, "quizzes/result.html", context)


def _result_row(number, question, entry, response, visibility, sources) -> dict:
    """One question of the result, with only what the review policy lets the student see."""
    show_score, show_feedback, show_correct = visibility.score, visibility.feedback, visibility.correct
    shown = student_question(question, entry)
    score = response.score if response else None
    missed = show_score and (response is None or (score is not None and score < question.points))
    return {
        "number": number,
        "q": shown,
        "answer": answer_lines(shown, response.answer if response else None),
        "points": points_label(question.points),
        "score": f"{score:g}" if show_score and score is not None else None,
        "pending": show_score and response is not None and score is None,
        "feedback": response.feedback if response and show_feedback else "",
        "correct": _correct_lines(question, entry, shown) if show_correct else None,
        "missed": missed,
        "source": sources.get(question.id) if missed else None,
    }


def _correct_lines(question, entry, shown) -> list[str]:
    if question.type == "numerical":
        return _numeric_key_lines(question)
    return answer_lines(shown, correct_answer(question, entry))


def _numeric_key_lines(question) -> list[str]:
    """Numerical keys in words: a range or a value with its tolerance, not one number picked from the range."""
    lines = []
    for accepted in question.data.get("answers", []):
        if accepted.get("fraction", 1) < 1:
            continue
        if accepted.get("min") is not None and accepted.get("max") is not None:
            lines.append(_("from %(min)s to %(max)s") % {"min": f"{accepted['min']:g}", "max": f"{accepted['max']:g}"})
        elif accepted.get("tolerance"):
            lines.append(f"{accepted['value']:g} ± {accepted['tolerance']:g}")
        elif accepted.get("value") is not None:
            lines.append(f"{accepted['value']:g}")
    return lines


def answer_lines(shown: dict, answer) -> list[str]:
    """An answer in words, one line per part, using the texts this attempt showed."""
    if not answer:
        return []
    kind = shown["type"]
    texts = {o["id"]: o["text"] for o in shown.get("choices", []) + shown.get("items", []) + shown.get("left", [])}
    if kind == "single":
        return [texts.get(answer.get("choice"), "")]
    if kind == "multiple":
        return [texts[i] for i in answer.get("choices", []) if i in texts]
    if kind == "true_false":
        return [_("True") if answer.get("value") else _("False")]
    if kind in ("short_answer", "essay"):
        return [answer.get("text", "")] if answer.get("text", "").strip() else []
    if kind == "numerical":
        return [f"{answer['value']:g}"] if isinstance(answer.get("value"), int | float) else []
    if kind == "matching":
        rights = {r["id"]: r["text"] for r in shown.get("right", [])}
        return [f"{texts.get(p['left'], '')} → {rights.get(p['right'], '')}" for p in answer.get("pairs", [])]
    if kind == "ordering":
        return [texts[i] for i in answer.get("order", []) if i in texts]
    return []
