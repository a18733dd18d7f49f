"""The classroom app's admin: classes and their people (admin.classes), students' results (admin.results) and
announcements (admin.announcements)."""

from classroom.admin import announcements, classes, results  # noqa: F401 - registering is what they do
from classroom.webhooks import admin as webhooks  # noqa: F401
