"""The dashboard: a teacher's classes, or a student's assignments, recent reading, flashcards due and classes."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from briefs.signals import BRIEFS_VERSION
from classroom import selectors, services
from classroom.signals import CLASSES_VERSION, student_version
from config.cache import cached
from config.permissions import teaches
from quizzes import review
from quizzes import selectors as quiz_selectors
from quizzes.signals import QUIZZES_VERSION
from quizzes.wording import STUDENT_STATUS

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    **STUDENT_STATUS,  # "Submitted", "Waiting for marking", "Marked"
    "overdue": gettext_lazy("Overdue"),
    "studied": gettext_lazy("Studied"),
}
# A dashboard holds at most this long even if nothing it shows changes: what a signal cannot see (a queryset update
# of another app's rows) shows within it.
DASHBOARD_TIMEOUT = 600


@login_required
def home(request):
    user = request.user
    if teaches(user):
        return render(
            request, "classroom/home.html", {"classes": selectors.classes_for_user(user=user), "teaching": True}
        )
    # Cached per student under the versions of all it shows; time changes it too (an assignment opens or falls due,
    # a card falls due), and the entry expires then.
    versions = (BRIEFS_VERSION, QUIZZES_VERSION, CLASSES_VERSION, student_version(user.pk))
    key = f"classroom:dashboard:{get_language()}:{user.pk}"
    cards = cached(key, versions, lambda: _student_cards(user, timezone.now()), lambda entry: entry["seconds"])
    return render(request, "classroom/home.html", {"cards": cards["html"]})


def _student_cards(student, now: datetime) -> dict:
    """The student's dashboard, but the join form (it carries the session's CSRF token), and for how long it holds."""
    due_cards = selectors.flashcards_due(student=student, now=now)
    rows = selectors.assignments_for_student(student=student, now=now)
    waiting = [row.assignment.quiz_id for row in rows if row.status == "needs_review"]
    provisional = quiz_selectors.provisional_by_quiz(student=student, quiz_ids=waiting) if waiting else {}
    context = {
        "assignments": [_assignment_row(row, provisional.get(row.assignment.quiz_id)) for row in rows],
        "flashcards_due": due_cards.count(),
        "recent": selectors.recent_reading(student=student),
        "classes": selectors.with_latest_announcement(selectors.classes_for_user(user=student)),
    }
    changes = [selectors.next_change(student=student, now=now), selectors.next_card_due(student=student, now=now)]
    first = min([t for t in changes if t is not None] + [now + timedelta(seconds=DASHBOARD_TIMEOUT)])
    return {"html": render_to_string("classroom/_student_cards.html", context), "seconds": _seconds(now, first)}


def _seconds(now: datetime, then: datetime) -> int:
    return max(1, int((then - now).total_seconds()) + 1)


def _assignment_row(row, provisional=None) -> dict:
    """What the dashboard shows of one assignment (`provisional`: its score while an answer waits for marking)."""
    a = row.assignment
    material = a.quiz or a.brief
    score = None
    if a.quiz and review.shows_score(a.quiz.review_policy):
        score = (_("Grade"), row.grade) if row.grade is not None else None
        if score is None and row.best_score is not None:
            score = (_("Best"), row.best_score)
    due = template_localtime(a.due_at) if a.due_at else None
    return {
        "status": row.status,
        "label": STATUS_LABELS.get(row.status, row.status),
        "tag": _("Quiz") if a.quiz else _("Brief"),
        "href": reverse("quiz_detail" if a.quiz else "brief_detail", args=[material.slug]),
        "title": material.title,
        "classroom": a.classroom.name,
        "due_iso": due.isoformat() if due else "",
        "due": date_format(due, "D j M, H:i") if due else "",
        "score_label": score[0] if score else "",
        "score": floatformat(score[1], 0) if score else "",
        "provisional": provisional.text() if provisional else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def join_class(request):
    if request.method == "GET":  # a link or a reload of the address: the form, with a code from ?code= filled in
        return render(request, "classroom/join.html", {"code": request.GET.get("code", "")[:32]})
    try:
        enrollment = services.enrollment_join(student=request.user, code=request.POST.get("code", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You joined %(name)s.") % {"name": enrollment.classroom.name})
    return redirect("home")
