"""Admin forms: every question type is edited through plain fields, never by typing JSON.

`Question.data` is read into these fields and written back from them; keys the forms do not
manage (GIFT's category) are kept as they were."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from briefs.models import Brief
from config.forms import MultipleFileField
from quizzes.durations import minutes_of
from quizzes.models import Option, Question, Quiz
from quizzes.problems import question_problems
from quizzes.prompts import render_prompt
from quizzes.types import Choice, NumericAnswer, QuestionData

OPTION_TYPES = ("single", "multiple", "short_answer", "matching", "ordering")
TYPE_KEYS = {
    "true_false": ("correct", "feedback_true", "feedback_false"),
    "numerical": ("answers",),
    "essay": ("model_answer",),
    "short_answer": ("case_sensitive",),
}
MANAGED_KEYS = {key for keys in TYPE_KEYS.values() for key in keys}
NUMERIC_FIELDS = ("value", "tolerance", "min", "max", "fraction", "feedback")


def _problems_error(problems: list[str]) -> ValidationError:
    # grading.py is pure and English-only; the prefix is what a teacher reads first.
    return ValidationError([_("The key is not usable: %(problem)s.") % {"problem": p} for p in problems])


def _plain(question: Question, choices: list[Choice]) -> QuestionData:
    """A question not saved yet (options may not exist) as grading's plain data."""
    data = question.data or {}
    return QuestionData(
        type=question.type,
        prompt=question.prompt or "?",  # a missing prompt is the prompt field's error, not the key's
        choices=choices,
        numeric=[NumericAnswer(**a) for a in data.get("answers", [])],
        correct=data.get("correct"),
        model_answer=data.get("model_answer", ""),
        case_sensitive=bool(data.get("case_sensitive")),
    )


# ---------------------------------------------------------------- numerical answers


class NumericAnswerForm(forms.Form):
    value = forms.FloatField(label=_("Value"), required=False)
    tolerance = forms.FloatField(label=_("± tolerance"), required=False, min_value=0)
    min = forms.FloatField(label=_("Or from"), required=False)
    max = forms.FloatField(label=_("To"), required=False)
    fraction = forms.FloatField(label=_("Fraction"), required=False, min_value=-1, max_value=1)
    feedback = forms.CharField(label=_("Feedback"), required=False)

    def answer(self) -> dict | None:
        """The stored shape (NumericAnswer's fields), or None for a row left empty."""
        data = self.cleaned_data
        if not data or all(data.get(k) in (None, "") for k in ("value", "min", "max")):
            return None
        fraction = data.get("fraction")
        return {
            "value": data.get("value"),
            "tolerance": data.get("tolerance") or 0.0,
            "min": data.get("min"),
            "max": data.get("max"),
            "fraction": 1.0 if fraction is None else fraction,
            "feedback": data.get("feedback") or "",
        }


NumericAnswerFormSet = forms.formset_factory(NumericAnswerForm, extra=2)


# ---------------------------------------------------------------- the question


class QuestionForm(forms.ModelForm):
    """The question with its type-specific keys as ordinary fields. Options (choices, accepted
    answers, pairs, items) are the inline below it and are checked by OptionFormSet."""

    correct = forms.TypedChoiceField(
        label=_("Correct answer"),
        choices=[("", "—"), ("true", _("True")), ("false", _("False"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )
    feedback_true = forms.CharField(
        label=_("Feedback when the student answers “true”"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    feedback_false = forms.CharField(
        label=_("Feedback when the student answers “false”"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    model_answer = forms.CharField(
        label=_("Model answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the teacher beside each answer in the essay review queue."),
    )
    case_sensitive = forms.BooleanField(
        label=_("case sensitive"),
        required=False,
        help_text=_("Whether “Paris” and “paris” are different answers (Moodle's case sensitivity setting)."),
    )

    class Meta:
        model = Question
        fields = [
            "quiz", "position", "type", "name", "prompt", "prompt_format", "points", "general_feedback", "study_item",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.instance.data or {}
        if "correct" in data:
            self.initial.setdefault("correct", "true" if data["correct"] else "false")
        for key in ("feedback_true", "feedback_false", "model_answer"):
            self.initial.setdefault(key, data.get(key, ""))
        self.initial.setdefault("case_sensitive", bool(data.get("case_sensitive")))
        self.numeric = NumericAnswerFormSet(
            self.data if self.is_bound else None, prefix="numeric", initial=data.get("answers", [])
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("type")
        self._check_type_kept(kind)
        answers = self._numeric_answers() if kind == "numerical" else []
        if kind is None or self.errors:
            return cleaned
        self.instance.data = self._data(kind, cleaned, answers)
        self.instance.prompt_html = render_prompt(cleaned.get("prompt_format", "markdown"), cleaned.get("prompt", ""))
        if kind not in OPTION_TYPES:
            self.instance.type, self.instance.prompt = kind, cleaned.get("prompt", "")
            problems = question_problems(_plain(self.instance, []))
            if problems:
                field = "correct" if kind == "true_false" else None
                self.add_error(field, _problems_error(problems))
        return cleaned

    def _update_errors(self, errors):
        # Question.clean() names `data`, which this form shows as several fields: clean() above has
        # already said what is wrong with them, in the teacher's terms; otherwise say it above the form.
        if hasattr(errors, "error_dict"):
            moved = errors.error_dict.pop("data", None)
            if moved and not self.errors:
                self.add_error(None, moved)
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def _check_type_kept(self, kind: str | None) -> None:
        # Stored answers have the old type's shape: they could no longer be graded.
        if self.instance.pk and kind != self.instance.type and self.instance.responses.exists():
            self.add_error("type", _("A question's type cannot change once students have answered it."))

    def _numeric_answers(self) -> list[dict]:
        if not self.numeric.is_valid():
            self.add_error(None, _("Correct the numerical answers below."))
            return []
        return [a for a in (form.answer() for form in self.numeric.forms) if a is not None]

    def _data(self, kind: str, cleaned: dict, answers: list[dict]) -> dict:
        """`data` for the type: other types' keys are dropped, unmanaged ones (category) kept."""
        data = {k: v for k, v in (self.instance.data or {}).items() if k not in MANAGED_KEYS}
        if kind == "true_false":
            data["correct"] = cleaned.get("correct")
            for key in ("feedback_true", "feedback_false"):
                data[key] = cleaned.get(key, "")
        elif kind == "numerical":
            data["answers"] = answers
        elif kind == "essay":
            data["model_answer"] = cleaned.get("model_answer", "")
        elif kind == "short_answer" and cleaned.get("case_sensitive"):
            data["case_sensitive"] = True
        return data


# ---------------------------------------------------------------- options


class OptionForm(forms.ModelForm):
    # Blank: after the others. A default of 0 would put a new item first in an ordering question.
    position = forms.IntegerField(label=_("Position"), required=False, min_value=0)

    class Meta:
        model = Option
        fields = ["position", "text", "match", "fraction", "feedback"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 1, "cols": 34}),
            "match": forms.Textarea(attrs={"rows": 1, "cols": 22}),
            "feedback": forms.Textarea(attrs={"rows": 1, "cols": 26}),
        }


class OptionFormSet(forms.BaseInlineFormSet):
    """Checks the options together with the question above them (the formset's instance, already
    carrying the question form's values), so a key that cannot score full marks is refused."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        self._fill_positions(kept)
        question = self.instance
        if question.type not in OPTION_TYPES:
            return
        kept.sort(key=lambda f: f.instance.position)  # stable: equal positions keep the form order
        choices = [
            Choice(text=o.text, fraction=o.fraction, feedback=o.feedback, match=o.match)
            for o in (f.instance for f in kept)
        ]
        problems = question_problems(_plain(question, choices))
        if problems:
            raise _problems_error(problems)

    @staticmethod
    def _fill_positions(forms_: list) -> None:
        last = max((f.instance.position or 0 for f in forms_ if f.cleaned_data.get("position") is not None), default=0)
        for form in forms_:
            if form.cleaned_data.get("position") is None:
                last += 1
                form.instance.position = last


# ---------------------------------------------------------------- uploads


class GiftUploadForm(forms.Form):
    # The bank grows: search it as the question form does (its `quiz` field configures the lookup).
    quiz = forms.ModelChoiceField(
        label=_("Quiz"),
        queryset=Quiz.objects.order_by("title", "id"),
        widget=AutocompleteSelect(Question._meta.get_field("quiz"), admin.site),
        required=False,
        help_text=_("Add to this quiz, or leave it blank and name a new one below."),
    )
    new_title = forms.CharField(
        label=_("Or a new quiz titled"), required=False, max_length=200, help_text=_("Created as a draft.")
    )
    files = MultipleFileField(
        label=_("Files"), allow_empty_file=True, help_text=_(".gift, .xml or .txt, UTF-8; several at once.")
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("gift", "GIFT"), ("moodle_xml", "Moodle XML"), ("aiken", "Aiken")],
        initial="gift",
        required=False,
        help_text=_("Every file of one upload is in this format."),
    )
    replace = forms.BooleanField(
        label=_("Replace the quiz's questions"),
        required=False,
        help_text=_("Only while nobody has attempted the quiz, and with a single file. Otherwise questions are added."),
    )

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "gift"  # an upload that names none is GIFT, as it always was

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("replace") and len(cleaned.get("files") or []) > 1:
            self.add_error("replace", _("Replace with one file at a time."))
        has_quiz, has_title = cleaned.get("quiz") is not None, bool((cleaned.get("new_title") or "").strip())
        if has_quiz == has_title and "quiz" not in self.errors:
            self.add_error("quiz", _("Choose a quiz or give a new quiz's title (one of the two)."))
        return cleaned


class GenerateForm(forms.Form):
    """The admin's "generate a quiz" page: one brief, searched as the quiz form's brief field is."""

    brief = forms.ModelChoiceField(
        label=_("Brief"),
        queryset=Brief.objects.order_by("title", "id"),
        widget=AutocompleteSelect(Quiz._meta.get_field("brief"), admin.site),
        help_text=_("A draft quiz is made from its study items: questions, terms, dates and characters."),
    )


class MinutesField(forms.IntegerField):
    """A time limit typed and shown in whole minutes (the stock duration field reads "30" as 30 seconds)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 60 * 24 * 7)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return minutes_of(value) if isinstance(value, timedelta) else value

    def clean(self, value):
        minutes = super().clean(value)
        return None if minutes is None else timedelta(minutes=minutes)


class QuizAdminForm(forms.ModelForm):
    time_limit = MinutesField(
        label=_("Time limit (minutes)"), required=False, help_text=_("In minutes. Blank: no time limit.")
    )

    class Meta:
        model = Quiz
        fields = "__all__"  # noqa: DJ007 - the admin's form: it shows every field, as without this form
