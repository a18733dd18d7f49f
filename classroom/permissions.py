from rest_framework.permissions import BasePermission


class IsTeacher(BasePermission):
    """Teachers and admins: the people who run classes."""

    message = "Only teachers can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user.is_teacher))
