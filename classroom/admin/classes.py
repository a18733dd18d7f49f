"""Classes in the admin, the teachers' workplace: a teacher sees only the classes they teach and their students."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from classroom import selectors, services
from classroom.admin import gradebook
from classroom.models import ALREADY_ASSIGNED, Assignment, Classroom, Enrollment, ProgressReport, ReadingProgress, User
from config.admin import ScopedChoices
from config.permissions import TEACHERS


class TeacherScopedAdmin(ScopedChoices, admin.ModelAdmin):
    """Filters every list, change view, autocomplete, action and form choice to what the teacher may see.

    Subclasses name the path from their model to the class's teachers in `teacher_path`."""

    teacher_path = ""

    def get_queryset(self, request) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.teacher_path: request.user}).distinct()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # The stock admin redirects to its index with "doesn't exist"; another teacher's object is a plain 404.
        raise Http404


class EnrollmentInline(ScopedChoices, admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["student"]
    readonly_fields = ["joined_at"]


class AssignmentFormSet(BaseInlineFormSet):
    """Two new rows with the same work would pass each form's own checks (neither is saved yet)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not (data.get("brief") or data.get("quiz")):
                continue
            key = (data.get("brief"), data.get("quiz"))
            if key in seen:
                raise ValidationError(ALREADY_ASSIGNED)
            seen.add(key)


class AssignmentInline(ScopedChoices, admin.TabularInline):
    model = Assignment
    formset = AssignmentFormSet
    extra = 0
    fields = ["brief", "quiz", "available_from", "due_at"]
    autocomplete_fields = ["brief", "quiz"]


@admin.register(Classroom)
class ClassroomAdmin(TeacherScopedAdmin):
    teacher_path = "teachers"
    list_display = ["name", "join_code", "active", "student_count", "links", "created_at"]
    view_on_site = False  # "Class page" links it directly (the stock button goes through a redirect)
    list_filter = ["active"]
    search_fields = ["name", "join_code"]
    readonly_fields = ["join_code", "created_at"]
    filter_horizontal = ["teachers"]
    inlines = [EnrollmentInline, AssignmentInline]
    actions = ["regenerate_join_code", "export_gradebook"]

    def get_queryset(self, request):
        return selectors.with_student_count(super().get_queryset(request)).order_by("name", "id")

    def get_urls(self):
        return [*gradebook.urls(self), *super().get_urls()]

    @admin.display(description=_("Gradebook and class page"))
    def links(self, obj) -> str:
        book = reverse("admin:classroom_gradebook", args=[obj.pk])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', book, _("Gradebook"),
                           obj.get_absolute_url(), _("Class page"))  # fmt: skip

    def get_changeform_initial_data(self, request):
        return {"teachers": [request.user.pk], **super().get_changeform_initial_data(request)}

    @admin.display(description=_("students"), ordering="student_count")
    def student_count(self, obj) -> int:
        return obj.student_count

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teachers":
            kwargs["queryset"] = User.objects.filter(is_staff=True, groups__name=TEACHERS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        if formset.model is Assignment:  # through the services: a due date moves open attempts' deadlines
            for assignment in formset.save(commit=False):
                assignment.assigned_by = assignment.assigned_by or request.user
                services.assignment_save(assignment=assignment)
            for obj in formset.deleted_objects:
                services.assignment_delete(assignment=obj)
            return
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Export the gradebook as CSV"))
    def export_gradebook(self, request, queryset):
        """One CSV: each selected class's gradebook under a line naming the class."""
        parts = []
        for classroom in queryset:
            parts.append(f"# {classroom.name}\n" + selectors.gradebook_csv(selectors.gradebook(classroom=classroom)))
        response = HttpResponse("\n".join(parts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="gradebook.csv"'
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A teacher who creates a class teaches it, even if they forget to tick themselves.
        if not change and request.user.is_teacher:
            form.instance.teachers.add(request.user)

    @admin.action(description=_("Regenerate the join code"))
    def regenerate_join_code(self, request, queryset):
        for classroom in queryset:
            services.classroom_regenerate_code(classroom=classroom)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(n)d join code regenerated.", "%(n)d join codes regenerated.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(Enrollment)
class EnrollmentAdmin(TeacherScopedAdmin):
    teacher_path = "classroom__teachers"
    list_display = ["student", "classroom", "joined_at"]
    list_filter = ["classroom"]
    search_fields = ["student__username", "student__first_name", "student__last_name", "classroom__name"]
    autocomplete_fields = ["student", "classroom"]
    list_select_related = ["student", "classroom"]


@admin.register(Assignment)
class AssignmentAdmin(TeacherScopedAdmin):
    teacher_path = "classroom__teachers"
    list_display = ["__str__", "classroom", "available_from", "due_at", "assigned_by"]
    list_filter = ["classroom", "due_at"]
    search_fields = ["classroom__name", "brief__title", "quiz__title"]
    autocomplete_fields = ["classroom", "brief", "quiz"]
    list_select_related = ["classroom", "brief", "quiz", "assigned_by"]
    readonly_fields = ["assigned_by"]

    def save_model(self, request, obj, form, change):
        obj.assigned_by = obj.assigned_by or request.user
        services.assignment_save(assignment=obj)  # a due date moves open attempts' deadlines

    def delete_model(self, request, obj):
        services.assignment_delete(assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.assignment_delete(assignment=assignment)


@admin.register(ReadingProgress)
class ReadingProgressAdmin(TeacherScopedAdmin):
    teacher_path = "student__enrollments__classroom__teachers"
    list_display = ["student", "brief", "first_opened_at", "last_opened_at", "studied_at"]
    list_filter = ["studied_at"]
    search_fields = ["student__username", "brief__title"]
    list_select_related = ["student", "brief"]


@admin.register(User)
class UserAdmin(ScopedChoices, BaseUserAdmin):
    """Teachers see their own students (for autocomplete and review); admins see everyone."""

    list_display = ["username", "email", "first_name", "last_name", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(enrollments__classroom__teachers=request.user).distinct()


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedChoices, admin.ModelAdmin):
    list_display = ["recipient", "kind", "classroom", "period_start", "sent_at"]
    list_filter = ["kind", "period_start"]
    list_select_related = ["recipient", "classroom"]
    readonly_fields = ["data", "created_at", "sent_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(classroom__teachers=request.user)
