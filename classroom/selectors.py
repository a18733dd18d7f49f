from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404

from classroom.models import Classroom, User


def with_student_count(qs: QuerySet[Classroom]) -> QuerySet[Classroom]:
    return qs.annotate(student_count=Count("enrollments", distinct=True))


def classes_for_user(*, user: User) -> QuerySet[Classroom]:
    """The classes a user may see: all for admins, taught ones for teachers, joined ones for students."""
    qs = with_student_count(Classroom.objects.prefetch_related("teachers")).order_by("name", "id")
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(teachers=user)
    return qs.filter(enrollments__student=user)


def class_taught(*, user: User, pk: int) -> Classroom:
    """A class the user teaches (any class for an admin); anyone else's is a 404."""
    qs = Classroom.objects.all() if user.is_superuser else Classroom.objects.filter(teachers=user)
    return get_object_or_404(qs, pk=pk)


def class_students(*, classroom: Classroom) -> QuerySet[User]:
    return (
        User.objects.filter(enrollments__classroom=classroom)
        .annotate(joined_at=F("enrollments__joined_at"))
        .order_by("last_name", "first_name", "username")
    )
