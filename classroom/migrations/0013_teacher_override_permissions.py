from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = [
    "add_assignmentoverride", "change_assignmentoverride", "delete_assignmentoverride", "view_assignmentoverride",
]  # fmt: skip


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "classroom", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("classroom", "0012_assignment_override")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
