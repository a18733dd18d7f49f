from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = [
    "view_user",
    "add_classroom",
    "change_classroom",
    "view_classroom",
    "add_enrollment",
    "change_enrollment",
    "delete_enrollment",
    "view_enrollment",
    "view_progressreport",
]


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "classroom", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("classroom", "0005_progress_report")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
