"""The classroom app's admin: classes and their people (admin.classes), their gradebooks (admin.gradebook), students'
results (admin.results), and the teachers' home (admin.home)."""

from classroom.admin import classes, home, results  # noqa: F401 - registering is what they do
