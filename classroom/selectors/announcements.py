"""Reads of announcements and of the class page a student sees."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from classroom.models import Announcement, Classroom, User


def class_for_member(*, user: User, pk: int) -> Classroom:
    """A class the user belongs to (student), teaches (teacher) or any class (admin); anyone else's is a 404."""
    if user.is_superuser:
        qs = Classroom.objects.all()
    elif user.is_teacher:
        qs = Classroom.objects.filter(teachers=user)
    else:
        qs = Classroom.objects.filter(enrollments__student=user)
    return get_object_or_404(qs.prefetch_related("teachers"), pk=pk)


def announcements_of(*, classroom: Classroom) -> QuerySet[Announcement]:
    """A class's announcements, newest first, with their authors."""
    return Announcement.objects.filter(classroom=classroom).select_related("author").order_by("-created_at", "-id")


def with_latest_announcement(classes: QuerySet[Classroom]) -> QuerySet[Classroom]:
    """Each class with its newest announcement's id, title and time (None if it has none), in the same query."""
    newest = Announcement.objects.filter(classroom=OuterRef("pk")).order_by("-created_at", "-id")
    return classes.annotate(
        news_pk=Subquery(newest.values("pk")[:1]),
        news_title=Subquery(newest.values("title")[:1]),
        news_at=Subquery(newest.values("created_at")[:1]),
    )
