"""The Teachers group. Each app's own data migration grants its model permissions."""

from django.db import migrations

from config.permissions import grant_teacher_permissions


def create_group(apps, schema_editor):
    grant_teacher_permissions(apps, "classroom", ["view_user"])


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Teachers").delete()


class Migration(migrations.Migration):
    dependencies = [("classroom", "0001_initial")]

    operations = [migrations.RunPython(create_group, remove_group)]
