"""What is cached of briefs (the API's lists and details, the brief page's shared part) is kept under this version
(config.cache): any save or delete of a brief, its study items or a topic replaces it (connected in briefs.apps)."""

from django.dispatch import Signal

from config.cache import bump

BRIEFS_VERSION = "briefs:version"


def briefs_changed(**kwargs) -> None:
    bump(BRIEFS_VERSION)


# Asked for the briefs kept to their classes (`assigned_only`) that a student may read: receivers (the classroom
# app: the briefs assigned to the student's classes) get `user` and return a Q on Brief, or None.
brief_audience = Signal()
