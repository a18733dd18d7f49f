from django.db.models import Count, QuerySet

from classroom.models import Classroom, User


def classes_for_user(*, user: User) -> QuerySet[Classroom]:
    """The classes a user may see: all for admins, taught ones for teachers, joined ones for students."""
    qs = Classroom.objects.annotate(student_count=Count("enrollments", distinct=True))
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(teachers=user)
    return qs.filter(enrollments__student=user)
