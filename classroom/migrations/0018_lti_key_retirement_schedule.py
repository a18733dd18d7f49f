"""Beat unpublishes replaced LTI keys every hour, once LTI_KEY_RETIRE_AFTER has passed."""

from django.db import migrations

TASK_NAME = "Unpublish replaced LTI keys"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(name=TASK_NAME, defaults={"task": "classroom.retire_lti_keys", "interval": hour})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0017_lti_classes_grade_links_scores"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
