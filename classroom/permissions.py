from rest_framework.permissions import BasePermission

from classroom.roles import teaches


class IsTeacher(BasePermission):
    """Teachers and admins: the people who run classes."""

    message = "Only teachers can do this."

    def has_permission(self, request, view) -> bool:
        return teaches(request.user)
