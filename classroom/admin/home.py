"""The admin's index is the teachers' home: their classes, the essays waiting, recent submissions and one-click
links to the tools (admin/classroom/index.html, filled by the teacher_home tag)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Classroom")
admin.site.site_title = _("Classroom")
admin.site.index_title = _("Classroom administration")
admin.site.index_template = "admin/classroom/index.html"
