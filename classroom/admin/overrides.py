"""Accommodations in the admin: a teacher gives one of their students their own due date or more time on an
assignment of their class. The form offers, and accepts, only the teacher's own assignments and students."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from classroom import services
from classroom.admin.classes import TeacherScopedAdmin
from classroom.models import AssignmentOverride


class OverrideForm(forms.ModelForm):
    user = None  # set by the admin: who saves

    class Meta:
        model = AssignmentOverride
        fields = ["assignment", "student", "due_at", "extra_minutes", "time_multiplier"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = AssignmentOverride(pk=self.instance.pk, **{name: cleaned.get(name) for name in self.Meta.fields})
        try:
            services.override_check(candidate, self.user)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        return cleaned


@admin.register(AssignmentOverride)
class AssignmentOverrideAdmin(TeacherScopedAdmin):
    teacher_path = "assignment__classroom__teachers"
    form = OverrideForm
    list_display = ["student", "assignment", "due_at", "extra_minutes", "time_multiplier"]
    list_filter = ["assignment__classroom"]
    search_fields = ["student__username", "student__first_name", "student__last_name", "assignment__quiz__title"]
    autocomplete_fields = ["assignment", "student"]
    list_select_related = ["student", "assignment__classroom", "assignment__quiz", "assignment__brief"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        services.override_save(override=obj, by=request.user)  # the student's open attempt follows

    def delete_model(self, request, obj):
        services.override_delete(override=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            services.override_delete(override=override, by=request.user)
