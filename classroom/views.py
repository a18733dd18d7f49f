"""Student site pages of the classroom app: dashboard, sign-up, class overview, progress.

Thin views: reads through selectors, writes through services; presentation only here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.throttling import AnonRateThrottle

from classroom import selectors, services
from classroom.roles import teaches
from config.cache import versioned
from config.frames import render_framed
from quizzes import review

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "submitted": gettext_lazy("Submitted, grading"),
    "graded": gettext_lazy("Graded"),
    "needs_review": gettext_lazy("Waiting for the teacher"),
    "overdue": gettext_lazy("Overdue"),
    "studied": gettext_lazy("Studied"),
}


@login_required
def home(request):
    """The dashboard: a teacher's classes; or a student's assignments, recent reading, flashcards due today and
    classes, all cached per student (classroom.selectors says what a new version or the time changes)."""
    user = request.user
    name = user.get_short_name() or user.username
    if teaches(user):
        context = {"classes": selectors.classes_for_user(user=user), "teaching": True, "name": name}
        return render(request, "classroom/home.html", context)
    key = f"classroom:dashboard:{get_language()}:{user.pk}"
    versions = selectors.dashboard_versions(student_id=user.pk)
    cards = versioned(key, versions, lambda: _student_cards(user), lambda entry: entry["seconds"])
    return render_framed(request, "classroom/home.html", {"cards": cards["html"], "name": name})


def _student_cards(student) -> dict:
    """The student's dashboard (all but the join form, which carries the session's CSRF token), and for
    how many seconds it holds."""
    now = timezone.now()
    rows = selectors.assignments_for_student(student=student, now=now)
    context = {
        "assignments": [_assignment_row(row) for row in rows],
        "flashcards_due": selectors.flashcards_due_count(student=student),
        "recent": selectors.recent_reading(student=student),
        "classes": selectors.classes_for_user(user=student),
    }
    html = render_to_string("classroom/_student_cards.html", context)
    return {"html": html, "seconds": selectors.dashboard_seconds(student=student, now=now)}


def _assignment_row(row) -> dict:
    """What the dashboard shows of one assignment, worked out here rather than in the template's loop
    (links, dates and scores were most of the page's rendering time)."""
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
    }


@login_required
@require_POST
def join_class(request):
    try:
        enrollment = services.enrollment_join(student=request.user, code=request.POST.get("code", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You joined %(name)s.") % {"name": enrollment.classroom.name})
    return redirect("home")


class SignupForm(forms.Form):
    """Field checks only; the account and the enrollment are made by services.student_signup."""

    username = forms.CharField(
        label=gettext_lazy("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Class join code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("Eight letters and digits, from your teacher."),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def signup(request):
    form = SignupForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and not SignupThrottle().allow_request(request, None):
        return render(request, "registration/signup.html", {"form": form, "throttled": True}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.student_signup(
                username=data["username"], email=data["email"], password=data["password1"], code=data["code"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            login(request, user, backend="classroom.auth.CachedModelBackend")
            messages.success(request, _("Welcome! Your account is ready and you have joined your class."))
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


class SignupThrottle(AnonRateThrottle):
    """Sign-ups per address (DRF's throttle, on the shared cache): the "signup" rate."""

    scope = "signup"


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: field errors where the field exists, the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = {"password": "password1"}.get(field, field)
        form.add_error(target if target in form.fields else None, errors)


@login_required
def class_overview(request, pk: int):
    """A teacher's view of one class: each assignment with completion and average."""
    if not teaches(request.user):
        raise PermissionDenied
    classroom = selectors.class_taught(user=request.user, pk=pk)
    rows = selectors.class_overview(classroom=classroom)
    return render(request, "classroom/class_overview.html", {"classroom": classroom, "rows": rows})


@login_required
def progress(request):
    progress = selectors.student_progress(student=request.user)
    context = {
        "progress": progress,
        "chart": score_chart(progress.history, _quiz_titles(progress.history)),
        "mastery": _mastery(request.user),
        "reports": selectors.reports_for(user=request.user),
    }
    return render(request, "classroom/progress.html", context)


def _quiz_titles(history) -> dict[int, str]:
    from quizzes.selectors import quiz_titles  # the quizzes app owns quizzes

    return quiz_titles(ids={quiz_id for _at, _percent, quiz_id in history})


def _mastery(user) -> list[dict]:
    from quizzes.selectors import topic_mastery

    return topic_mastery(student=user)


# ---------------------------------------------------------------- the scores chart (inline SVG, no JS)

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 240, 40, 16, 12, 28


def score_chart(history, titles: dict[int, str], limit: int = 30) -> dict | None:
    """Coordinates for an SVG line chart of the last `limit` graded attempts (x: order, y: percent)."""
    history = history[-limit:]
    if not history:
        return None
    width, height = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = width / max(1, len(history) - 1)
    points = []
    for i, (at, percent, quiz_id) in enumerate(history):
        x = PAD_L + (i * step if len(history) > 1 else width / 2)
        y = PAD_T + height * (1 - max(0.0, min(100.0, percent)) / 100)
        points.append({"x": round(x, 1), "y": round(y, 1), "percent": percent, "at": timezone.localtime(at),
                       "title": titles.get(quiz_id, "")})  # fmt: skip
    grid = [{"y": round(PAD_T + height * (1 - v / 100), 1), "label": v} for v in (0, 25, 50, 75, 100)]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": PAD_L,
        "right": CHART_W - PAD_R,
        "bottom": CHART_H - 6,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": grid,
    }
