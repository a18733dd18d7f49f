"""Teachers may view, import (add) and correct (change) briefs; deleting stays with admins."""

from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = ["view_brief", "add_brief", "change_brief", "view_topic", "view_studyitem"]


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "briefs", CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="briefs", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Teachers"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("briefs", "0002_search_index"), ("classroom", "0002_teachers_group")]

    operations = [migrations.RunPython(grant, revoke)]
