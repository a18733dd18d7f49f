"""Teachers author quizzes (questions, options), see attempts and grades, and score essays
(changing a response). Deleting attempts and grades stays with admins: grade history is kept."""

from django.db import migrations

from config.permissions import grant_teacher_permissions

CODENAMES = [
    *(
        f"{action}_{model}"
        for model in ("quiz", "question", "option")
        for action in ("view", "add", "change", "delete")
    ),
    "view_attempt",
    "view_response",
    "change_response",
    "view_quizgrade",
]


def grant(apps, schema_editor):
    grant_teacher_permissions(apps, "quizzes", CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="quizzes", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Teachers"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial"), ("classroom", "0002_teachers_group")]

    operations = [migrations.RunPython(grant, revoke)]
