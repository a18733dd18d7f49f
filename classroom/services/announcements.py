"""Writes of announcements: a class's teacher (or an admin) posts or edits one; its Markdown is sanitized like a
brief's."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from briefs.rendering import render_markdown
from classroom.models import Announcement, Classroom, User


def _check_teaches(*, user: User, classroom: Classroom) -> None:
    if not (user.is_superuser or classroom.teachers.filter(pk=user.pk).exists()):
        raise PermissionDenied(_("Only a teacher of this class can post its announcements."))


@transaction.atomic
def announcement_post(*, author: User, classroom: Classroom, title: str, body: str) -> Announcement:
    _check_teaches(user=author, classroom=classroom)
    announcement = Announcement(classroom=classroom, author=author, title=title, body=body)
    announcement.html = render_markdown(body)
    announcement.full_clean()
    announcement.save()
    return announcement


@transaction.atomic
def announcement_update(*, editor: User, announcement: Announcement, title: str, body: str) -> Announcement:
    """Edit the title and text (the editor must teach its class); the posting time stays."""
    _check_teaches(user=editor, classroom=announcement.classroom)
    announcement.title, announcement.body = title, body
    announcement.html = render_markdown(body)
    announcement.full_clean()
    announcement.save()
    return announcement
