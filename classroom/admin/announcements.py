"""Announcements in the admin: a teacher posts to, and sees, only the classes they teach."""

from django.contrib import admin

from classroom import services
from classroom.admin.classes import TeacherScopedAdmin
from classroom.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(TeacherScopedAdmin):
    teacher_path = "classroom__teachers"
    list_display = ["title", "classroom", "author", "created_at"]
    list_filter = ["classroom"]
    search_fields = ["title", "body", "classroom__name"]
    list_select_related = ["classroom", "author"]
    fields = ["classroom", "title", "body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        # The form's class choices are the teacher's own (ScopedChoices); the service checks again.
        data = {"title": obj.title, "body": obj.body}
        if change:
            saved = services.announcement_update(editor=request.user, announcement=obj, **data)
        else:
            saved = services.announcement_post(author=request.user, classroom=obj.classroom, **data)
        obj.pk, obj.html, obj.author = saved.pk, saved.html, saved.author
