"""Forms of the classroom's admin pages: assigning quizzes to a class, and the essay review queue."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from classroom.models import Classroom
from classroom.selectors import classes_for_user
from classroom.services import essay_score
from quizzes.models import AttemptStatus, Quiz, Response


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker, in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class AssignForm(forms.Form):
    """The intermediate page of "assign to a class…": the classes offered are the teacher's."""

    classroom = forms.ModelChoiceField(label=_("Class"), queryset=Classroom.objects.none())
    available_from = forms.DateTimeField(
        label=_("Available from"), required=False, help_text=_("Blank: now."), widget=LocalDateTimeInput()
    )
    due_at = forms.DateTimeField(
        label=_("Due"), required=False, help_text=_("Blank: no due date."), widget=LocalDateTimeInput()
    )

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("available_from"), cleaned.get("due_at")
        if start and due and due <= start:
            self.add_error("due_at", _("The due date must come after the date the work becomes available."))
        return cleaned


# ---------------------------------------------------------------- the essay review queue


class ReviewForm(forms.Form):
    score = forms.FloatField(label=_("Score"), required=False, min_value=0)
    feedback = forms.CharField(label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, response: Response, **kwargs):
        super().__init__(*args, **kwargs)
        self.response = response
        self.fields["score"].validators.append(MaxValueValidator(response.question.points))
        self.fields["score"].widget.attrs.update(max=f"{response.question.points:g}", step="any")

    @property
    def answer_text(self) -> str:
        answer = self.response.answer
        return answer.get("text", "") if isinstance(answer, dict) else ""

    @property
    def prompt_html(self) -> str:
        return self.response.question.prompt_html  # sanitized when the question was saved

    @property
    def model_answer(self) -> str:
        return (self.response.question.data or {}).get("model_answer", "")


def score_essays(forms: list[ReviewForm], *, reviewer) -> int:
    """Score every valid row given a score; returns how many. A row the service refuses keeps its error."""
    saved = 0
    for form in forms:
        score = form.cleaned_data.get("score")
        if score is None or not form.has_changed():
            continue
        try:
            essay_score(response=form.response, reviewer=reviewer, score=score, feedback=form.cleaned_data["feedback"])
            saved += 1
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
    return saved


class ReviewQueue:
    """Essay answers awaiting a teacher, oldest submission first (or, with ?show=reviewed, those
    already scored, to change a score), each with its own small form. Rows left blank are skipped."""

    PAGE_SIZE = 50

    def __init__(self, request, responses):
        self.reviewer = request.user
        self.show_reviewed = request.GET.get("show") == "reviewed"
        self.quiz_id, self.classroom_id = request.GET.get("quiz") or "", request.GET.get("classroom") or ""
        essays = responses.filter(question__type="essay")
        if self.show_reviewed:
            essays = essays.filter(reviewed_at__isnull=False)
        else:
            essays = essays.filter(score__isnull=True, attempt__status=AttemptStatus.NEEDS_REVIEW)
        self.quizzes = Quiz.objects.filter(pk__in=essays.values("attempt__quiz")).order_by("title")
        self.classrooms = classes_for_user(user=request.user)
        self.total = self._filtered(essays).count()
        rows = self._filtered(essays).select_related("question", "attempt__student", "attempt__quiz", "reviewed_by")
        data = request.POST if request.method == "POST" else None
        self.forms = [
            ReviewForm(data, prefix=f"r{r.pk}", initial={"score": r.score, "feedback": r.feedback}, response=r)
            for r in rows.order_by("attempt__submitted_at", "id")[: self.PAGE_SIZE]
        ]

    def _filtered(self, essays):
        if self.quiz_id.isdigit():
            essays = essays.filter(attempt__quiz_id=self.quiz_id)
        if self.classroom_id.isdigit():
            essays = essays.filter(attempt__student__enrollments__classroom_id=self.classroom_id)
        return essays

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms)

    def save(self) -> int:
        return score_essays(self.forms, reviewer=self.reviewer)

    @property
    def failed(self) -> bool:
        return any(form.errors for form in self.forms)
