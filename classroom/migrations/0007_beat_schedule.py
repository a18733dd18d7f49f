"""The periodic tasks, stored by django-celery-beat so that admins can edit them."""

from django.conf import settings
from django.db import migrations

EVERY_MINUTE = [
    ("Submit attempts past their deadline", "quizzes.expire_attempts"),
    ("Re-queue submitted attempts nobody graded", "quizzes.requeue_ungraded"),
    ("Worker heartbeat", "classroom.worker_heartbeat"),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    for name, task in EVERY_MINUTE:
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": minute})
    monday_7am, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="1", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.get_or_create(
        name="Weekly progress reports", defaults={"task": "classroom.send_progress_reports", "crontab": monday_7am}
    )


def remove_schedule(apps, schema_editor):
    names = [name for name, _ in EVERY_MINUTE] + ["Weekly progress reports"]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0006_teacher_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
