"""Roles, as every app asks about them: a teacher is a staff user in the group `Teachers` (`user.is_teacher`, on
the classroom app's User); superusers are admins; anyone else signed in is a student. Read from the user's own
attributes (settings.AUTH_USER_MODEL), so no app has to import the one that owns users. No model imports: the
migrations use `grant_teacher_permissions`."""

from django.db.models import Q
from rest_framework.permissions import BasePermission

TEACHERS = "Teachers"


def teaches(user) -> bool:
    """Teachers and admins: the people who run classes and may see every quiz's keys. None: nobody."""
    return bool(
        user is not None and user.is_authenticated and (user.is_superuser or getattr(user, "is_teacher", False))
    )


class IsTeacher(BasePermission):
    """API views for teachers and admins."""

    message = "Only teachers can do this."

    def has_permission(self, request, view) -> bool:
        return teaches(request.user)


def grant_teacher_permissions(apps, app_label: str, codenames: list[str]) -> None:
    """Give the Teachers group these permissions of one app (for data migrations).

    Permissions are normally created after `migrate` finishes; create this app's now
    so that a fresh database gets the group's permissions in the same run."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # a migration-state stub has none; create_permissions needs it set
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEACHERS)
    perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.add(*perms)


def granted(signal, *, sender, user) -> Q:
    """What the apps above grant `user` through `signal` (each receiver returns a Q on `sender`'s model, or None):
    a lower app asks its audience this way, since it never imports the app that knows about classes."""
    found = Q(pk__in=[])
    for _receiver, extra in signal.send(sender=sender, user=user):
        if extra is not None:
            found |= extra
    return found
