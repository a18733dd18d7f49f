"""The classroom app's admin: classes and their people (admin.classes), and students' results (admin.results)."""

from classroom.admin import classes, overrides, results  # noqa: F401 - registering is what they do
