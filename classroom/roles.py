"""Roles: a teacher is a staff member of the group `Teachers`; superusers are admins.

Kept free of model imports so that migrations can use it."""

TEACHERS = "Teachers"


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


def teaches(user) -> bool:
    """Teachers and admins: the people who run classes and may see every quiz's keys. None: nobody."""
    return bool(user is not None and user.is_authenticated and (user.is_superuser or user.is_teacher))
