"""Quizzes in the admin, the teachers' workplace: quizzes and questions are a bank every teacher may see; a teacher
edits the quizzes they wrote or that are shared with them (admins: all; nobody's quizzes, made by commands: all).
Keys are edited through plain fields (quizzes/forms.py), never as JSON, and checked whole with grading's
quizzes.problems before the stock admin saves them; a change under finished attempts queues a regrade.
Publishing, GIFT import and generation go through the services. Students' attempts and grades are scoped by
class: the classroom app's admin shows them, and adds "assign to a class" to the quizzes' list."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Max
from django.forms import Textarea
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from briefs.admin import BriefAdmin
from briefs.models import Brief
from config.admin import ScopedChoices
from config.permissions import TEACHERS
from quizzes import selectors, services
from quizzes.admin_generation import GenerationPages
from quizzes.admin_imports import ImportPages
from quizzes.durations import duration_label
from quizzes.forms import GenerateForm, OptionForm, OptionFormSet, QuestionForm, QuizAdminForm
from quizzes.labels import points_label
from quizzes.models import QUESTION_TYPE_CHOICES, Option, Question, Quiz
from quizzes.serializers import student_question
from quizzes.services.statistics import quiz_statistics

# ---------------------------------------------------------------- quizzes


class QuestionInline(admin.TabularInline):
    """Order, wording and points at a glance; keys are edited on each question's own page, where
    they are checked whole (new questions start there too, so none is saved without a key)."""

    model = Question
    fields = ["position", "type", "name", "prompt", "points", "keys"]
    readonly_fields = ["type", "keys"]
    extra = 0
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 44})}}

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("options and keys"))
    def keys(self, question) -> str:
        url = reverse("admin:quizzes_question_change", args=[question.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit options & keys"))


@admin.register(Quiz)
class QuizAdmin(ImportPages, ScopedChoices, admin.ModelAdmin):
    form = QuizAdminForm  # the time limit in minutes
    list_display = [
        "title", "slug", "published", "question_count", "brief", "time_limit_shown", "grading_method", "updated_at",
        "statistics_link",
    ]  # fmt: skip
    list_filter = ["published", "grading_method", "review_policy", "shuffle_questions"]
    search_fields = ["title", "slug", "description", "brief__title"]
    list_select_related = ["brief"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["brief"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [QuestionInline]
    actions = ["publish", "unpublish", "regrade"]
    change_list_template = "admin/quizzes/quiz/change_list.html"
    change_form_template = "admin/quizzes/quiz/change_form.html"

    filter_horizontal = ["shared_with"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    # Every teacher sees the bank; a teacher changes only what they wrote or what is shared with them.
    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or selectors.may_edit(user=request.user, quiz=obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or selectors.may_edit(user=request.user, quiz=obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "shared_with":  # other teachers, whom a teacher's own user list does not show
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, groups__name=TEACHERS).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("statistics"))
    def statistics_link(self, quiz) -> str:
        url = reverse("admin:quizzes_quiz_statistics", args=[quiz.pk])
        return format_html('<a href="{}">{}</a>', url, _("Statistics"))

    @admin.display(description=gettext_lazy("time limit"), ordering="time_limit")
    def time_limit_shown(self, quiz) -> str:
        return duration_label(quiz.time_limit) or "–"

    @admin.display(description=gettext_lazy("questions"), ordering="question_count")
    def question_count(self, quiz) -> int:
        return quiz.question_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(f.has_changed() for f in formsets):
            services.quiz_keys_changed(quiz=form.instance)  # points may have changed under graded attempts

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["question_types"] = QUESTION_TYPE_CHOICES
        return super().render_change_form(request, context, add, change, form_url, obj)

    # ------------------------------------------------------------ extra pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import-gift/", view(self.import_gift_view), name="quizzes_quiz_import_gift"),
            path("<path:object_id>/export/<str:kind>/", view(self.export_view), name="quizzes_quiz_export"),
            path("generate/", view(self.generate_view), name="quizzes_quiz_generate"),
            path("<path:object_id>/preview/", view(self.preview_view), name="quizzes_quiz_preview"),
            path("<path:object_id>/statistics/", view(self.statistics_view), name="quizzes_quiz_statistics"),
            *super().get_urls(),
        ]

    def _page(self, request, template: str, title: str, **extra) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}
        return TemplateResponse(request, template, context)

    def preview_view(self, request, object_id):
        """The quiz as a student sees it on a new attempt (drawn and shuffled anew on each load)."""
        quiz = self.get_object(request, unquote(object_id))
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, quiz):
            raise PermissionDenied
        questions = [
            {**student_question(q, entry), "points_label": points_label(q.points)}
            for q, entry in services.quiz_preview(quiz=quiz)
        ]
        title = _("Preview: %(quiz)s") % {"quiz": quiz}
        total = quiz.questions.count()
        return self._page(
            request, "admin/quizzes/quiz/preview.html", title, original=quiz, questions=questions, total=total
        )

    def statistics_view(self, request, object_id):
        """The statistics report (quizzes.statistics), for those who may change the quiz."""
        quiz = self.get_object(request, unquote(object_id))
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, quiz):
            raise PermissionDenied
        stored, current = quiz_statistics(quiz_id=quiz.pk)
        data = dict(stored.data) if stored is not None else {"attempts": 0, "histogram": [], "questions": []}
        most = max([b["count"] for b in data["histogram"]] or [1]) or 1
        data["histogram"] = [{**b, "bar": range(round(20 * b["count"] / most))} for b in data["histogram"]]
        title = _("Statistics: %(quiz)s") % {"quiz": quiz}
        return self._page(request, "admin/quizzes/quiz/statistics.html", title, original=quiz, s=data, current=current)

    def generate_view(self, request):
        """One click from the home: pick a brief, and the briefs' action "generate a quiz" runs on it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            generate_quiz(self, request, Brief.objects.filter(pk=form.cleaned_data["brief"].pk))
            return HttpResponseRedirect(reverse("admin:quizzes_quiz_changelist"))
        return self._page(request, "admin/quizzes/quiz/generate.html", _("Generate a quiz from a brief"), form=form)

    # ------------------------------------------------------------ actions

    @admin.action(description=gettext_lazy("Publish (open to students)"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=gettext_lazy("Unpublish (close to students)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        done = 0
        for quiz in queryset.filter(selectors.edited_by(request.user)):
            try:
                services.quiz_set_published(quiz=quiz, published=published)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{quiz}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            text = ngettext("%(n)d quiz published.", "%(n)d quizzes published.", done)
            if not published:
                text = ngettext("%(n)d quiz unpublished.", "%(n)d quizzes unpublished.", done)
            self.message_user(request, text % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Regrade finished attempts"), permissions=["change"])
    def regrade(self, request, queryset):
        quizzes = list(queryset.filter(selectors.edited_by(request.user)))
        queued = sum(services.quiz_keys_changed(quiz=quiz) for quiz in quizzes)
        text = ngettext("Regrading of %(n)d quiz queued.", "Regrading of %(n)d quizzes queued.", queued)
        if queued < len(quizzes):
            text += " " + _("The others have no finished attempts.")
        self.message_user(request, text % {"n": queued}, messages.SUCCESS)


# ---------------------------------------------------------------- questions


class OptionInline(admin.TabularInline):
    """One row per choice, accepted answer, matching pair or ordering item (see the help above it)."""

    model = Option
    form = OptionForm
    formset = OptionFormSet
    extra = 3
    verbose_name = gettext_lazy("option")
    verbose_name_plural = gettext_lazy("options, accepted answers, pairs or items")

    def _answered(self, question) -> bool:
        return question is not None and question.responses.exists()

    # Once students have answered, options keep their rows: answers and attempt layouts name them.
    def get_extra(self, request, obj=None, **kwargs):
        return 0 if self._answered(obj) else self.extra

    def get_max_num(self, request, obj=None, **kwargs):
        return obj.options.count() if self._answered(obj) else None

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._answered(obj) and super().has_delete_permission(request, obj)


TYPE_FIELDSET = {"classes": ["type-section"], "description": ""}


@admin.register(Question)
class QuestionAdmin(ScopedChoices, admin.ModelAdmin):
    form = QuestionForm
    list_display = ["__str__", "quiz", "type", "position", "worth"]
    list_filter = ["type", "prompt_format"]
    list_select_related = ["quiz"]
    search_fields = ["name", "prompt", "quiz__title", "quiz__slug"]
    autocomplete_fields = ["quiz", "study_item"]
    inlines = [OptionInline]
    change_form_template = "admin/quizzes/question/change_form.html"

    class Media:
        css = {"all": ["admin/quizzes/quizzes.css"]}
        js = ["admin/quizzes/question_form.js"]

    fieldsets = [
        (None, {"fields": ["quiz", "position", "type", "name", "prompt", "prompt_format", "points"]}),
        (
            gettext_lazy("True/false"),
            {"classes": ["type-section", "type-true_false"], "fields": ["correct", "feedback_true", "feedback_false"]},
        ),
        (gettext_lazy("Essay"), {"classes": ["type-section", "type-essay"], "fields": ["model_answer"]}),
        (
            gettext_lazy("Short answer"),
            {"classes": ["type-section", "type-short_answer"], "fields": ["case_sensitive"]},
        ),
        (gettext_lazy("More"), {"fields": ["general_feedback", "study_item"]}),
    ]

    @admin.display(description=gettext_lazy("Points"), ordering="points")
    def worth(self, question) -> str:
        return points_label(question.points)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or selectors.may_edit(user=request.user, quiz=obj.quiz))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or selectors.may_edit(user=request.user, quiz=obj.quiz))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":  # a new question goes into a quiz the teacher may change
            kwargs["queryset"] = Quiz.objects.filter(selectors.edited_by(request.user)).order_by("title", "id")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Moving a question to another quiz would carry its students' answers along.
        return ["quiz"] if obj is not None else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not str(initial.get("quiz", "")).isdigit():
            initial.pop("quiz", None)  # a mangled link would break the quiz widget
        else:
            last = Question.objects.filter(quiz_id=initial["quiz"]).aggregate(m=Max("position"))["m"]
            initial.setdefault("position", (last or 0) + 1)
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = form.has_changed() or any(f.has_changed() for f in formsets)
        if change and changed:
            services.quiz_keys_changed(quiz=form.instance.quiz)

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[obj.quiz_id]))

    response_post_save_add = response_post_save_change


# ---------------------------------------------------------------- generating quizzes from briefs


@admin.action(description=gettext_lazy("Generate a quiz from this brief"))
def generate_quiz(modeladmin, request, queryset):
    """(Re)generate each selected brief's draft quiz and report per brief, with a link to review it."""
    if not request.user.has_perm("quizzes.add_quiz"):  # the briefs' admin says nothing of quizzes
        modeladmin.message_user(request, _("You are not allowed to create quizzes."), level=messages.ERROR)
        return
    for brief in queryset.order_by("title", "pk"):
        try:
            quiz = services.quiz_generate_from_brief(brief=brief, author=request.user)
        except ValidationError as exc:
            # A published quiz is left as it is: the page that offers a new draft is one click away.
            offer = reverse("admin:briefs_brief_generate_quiz", args=[brief.pk]) if exc.code == "locked" else ""
            text = f"{brief.title}: {' '.join(exc.messages)}"
            message = (
                format_html('{} <a href="{}">{}</a>', text, offer, _("Generate as a new draft quiz")) if offer else text
            )
            modeladmin.message_user(request, message, level=messages.ERROR)
            continue
        count = quiz.questions.count()
        text = ngettext("%(count)s question", "%(count)s questions", count) % {"count": count}
        link = reverse("admin:briefs_brief_generated_quiz", args=[quiz.pk])
        state = _("published") if quiz.published else _("draft")
        message = format_html('<a href="{}">{}</a>: {} ({})', link, quiz.title, text, state)
        modeladmin.message_user(request, message, level=messages.SUCCESS)


# The briefs' admin, with the action quizzes offer on briefs (the briefs app knows nothing of quizzes).
admin.site.unregister(Brief)


@admin.register(Brief)
class BriefWithQuizzesAdmin(GenerationPages, BriefAdmin):
    actions = [*BriefAdmin.actions, generate_quiz]
