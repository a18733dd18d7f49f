from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = ["add_assignment", "change_assignment", "delete_assignment", "view_assignment", "view_readingprogress"]


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "classroom", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("classroom", "0008_assignment_reading_progress"), ("classroom", "0007_beat_schedule")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
