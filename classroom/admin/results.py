"""Students' results in the admin: attempts, answers and quiz grades of a teacher's own students, the essay review
queue, and "assign to a class" on the quizzes' list. Here, not in the quizzes app: who sees whose work follows
the classes."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from classroom import services
from classroom.admin.classes import TeacherScopedAdmin
from classroom.forms import AssignForm, ReviewQueue
from classroom.selectors import classes_for_user
from quizzes.admin import QuizAdmin
from quizzes.labels import percent_label, points_label
from quizzes.models import Attempt, Quiz, QuizGrade, Response

STUDENT_OF_TEACHER = "enrollments__classroom__teachers"


class ClassroomFilter(admin.SimpleListFilter):
    """Attempts, responses and grades of one class's students (only the teacher's classes)."""

    title = gettext_lazy("class")
    parameter_name = "classroom"
    student_path = "student"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in classes_for_user(user=request.user)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{f"{self.student_path}__enrollments__classroom": self.value()}).distinct()


class ResponseClassroomFilter(ClassroomFilter):
    student_path = "attempt__student"


class ReadOnlyMixin:
    """Attempts and scores change only through the services (submit, grade, review, regrade)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ResponseInline(ReadOnlyMixin, admin.TabularInline):
    model = Response
    fields = ["question", "answer", "score", "points", "feedback", "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyMixin, TeacherScopedAdmin):
    teacher_path = f"student__{STUDENT_OF_TEACHER}"
    list_display = ["quiz", "student", "number", "status", "result", "started_at", "submitted_at"]
    list_filter = ["status", ClassroomFilter, "submitted_at"]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "student__first_name", "student__last_name", "quiz__title"]
    date_hierarchy = "started_at"
    exclude = ["layout"]
    inlines = [ResponseInline]

    @admin.display(description=gettext_lazy("Score"), ordering="score")
    def result(self, attempt) -> str:
        if attempt.score is None:
            return "—"
        return f"{attempt.score:g} / {points_label(attempt.max_score)} ({percent_label(attempt.percent)})"


@admin.register(Response)
class ResponseAdmin(ReadOnlyMixin, TeacherScopedAdmin):
    """Browse answers here; essays are scored in the review queue (a button on this list)."""

    teacher_path = f"attempt__student__{STUDENT_OF_TEACHER}"
    list_display = ["question", "student", "quiz", "result", "reviewed_by", "saved_at"]
    list_filter = ["question__type", "attempt__status", ResponseClassroomFilter]
    list_select_related = ["question", "attempt__student", "attempt__quiz", "reviewed_by"]
    search_fields = ["attempt__student__username", "attempt__quiz__title", "question__name", "question__prompt"]
    change_list_template = "admin/quizzes/response/change_list.html"

    @admin.display(description=gettext_lazy("Score"), ordering="score")
    def result(self, response) -> str:
        return f"{'—' if response.score is None else f'{response.score:g}'} / {points_label(response.points)}"

    @admin.display(description=gettext_lazy("Student"), ordering="attempt__student__username")
    def student(self, response):
        return response.attempt.student

    @admin.display(description=gettext_lazy("Quiz"), ordering="attempt__quiz__title")
    def quiz(self, response):
        return response.attempt.quiz

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("review/", review, name="quizzes_response_review"), *super().get_urls()]

    def review_view(self, request):
        """The essay review queue: each answer beside the model answer, scored inline."""
        if not request.user.has_perm("quizzes.change_response"):
            raise PermissionDenied
        queue = ReviewQueue(request, self.get_queryset(request))
        if request.method == "POST" and queue.is_valid():
            saved = queue.save()
            text = ngettext("%(n)d answer scored.", "%(n)d answers scored.", saved) % {"n": saved}
            self.message_user(request, text, messages.SUCCESS)
            if not queue.failed:  # otherwise show the refused rows with what the teacher typed
                return HttpResponseRedirect(request.get_full_path())
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": _("Essay review queue"),
                   "queue": queue}  # fmt: skip
        return TemplateResponse(request, "admin/quizzes/response/review.html", context)


@admin.register(QuizGrade)
class QuizGradeAdmin(ReadOnlyMixin, TeacherScopedAdmin):
    teacher_path = f"student__{STUDENT_OF_TEACHER}"
    list_display = ["quiz", "student", "grade_shown", "attempts", "pending_review", "updated_at"]
    list_filter = ["pending_review", ClassroomFilter]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "student__first_name", "student__last_name", "quiz__title"]

    @admin.display(description=gettext_lazy("Grade"), ordering="grade")
    def grade_shown(self, grade) -> str:
        return percent_label(grade.grade)


# ---------------------------------------------------------------- "assign to a class" on the quizzes' list


@admin.action(description=gettext_lazy("Assign to a class…"), permissions=["assign"])
def assign_to_class(modeladmin, request, queryset):
    """First call: the page to pick the class and dates; its form posts back here with `apply`."""
    form = AssignForm(request.POST if "apply" in request.POST else None, classrooms=classes_for_user(user=request.user))
    if form.is_valid():
        _assign(modeladmin, request, queryset, form.cleaned_data)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Assign to a class"),
        "form": form,
        "quizzes": queryset,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/quizzes/quiz/assign.html", context)


def _assign(modeladmin, request, queryset, data: dict) -> None:
    done = 0
    for quiz in queryset:
        try:
            services.assignment_create(classroom=data["classroom"], assigned_by=request.user, quiz=quiz,
                                       available_from=data["available_from"], due_at=data["due_at"])  # fmt: skip
        except (PermissionDenied, ValidationError) as error:
            said = error.messages if isinstance(error, ValidationError) else [str(error)]
            modeladmin.message_user(request, f"{quiz}: {' '.join(said)}", messages.ERROR)
            continue
        done += 1
        if not quiz.published:
            modeladmin.message_user(
                request, _("“%(quiz)s” is not published: students see it once it is.") % {"quiz": quiz}
            )
    if done:
        text = ngettext("%(n)d quiz assigned to %(class)s.", "%(n)d quizzes assigned to %(class)s.", done)
        modeladmin.message_user(request, text % {"n": done, "class": data["classroom"]}, messages.SUCCESS)


# The quizzes' admin, with what classes add to it (the quizzes app knows nothing of classes).
admin.site.unregister(Quiz)


@admin.register(Quiz)
class QuizWithClassesAdmin(QuizAdmin):
    actions = [*QuizAdmin.actions, assign_to_class]

    def has_assign_permission(self, request) -> bool:
        return request.user.has_perm("classroom.add_assignment")
