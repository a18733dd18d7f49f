"""The classroom app's admin: classes and their people (admin.classes), their gradebooks (admin.gradebook), students'
results (admin.results), announcements (admin.announcements), and the teachers' home (admin.home)."""

from classroom.admin import announcements, classes, home, overrides, results  # noqa: F401 - registering is what they do
from classroom.lti import admin as lti  # noqa: F401
from classroom.webhooks import admin as webhooks  # noqa: F401
