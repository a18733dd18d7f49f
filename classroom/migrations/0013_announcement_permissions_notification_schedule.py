"""Teachers post announcements; beat sends the students' notification emails every minute."""

from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = ["add_announcement", "change_announcement", "delete_announcement", "view_announcement"]
TASK_NAME = "Notification emails"


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "classroom", CODENAMES)


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME, defaults={"task": "classroom.send_notifications", "interval": minute}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0012_announcements_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
