"""Layouts name each option by a pair [shown id, option id] (quizzes.layout). Attempts started before showed the
stored ids themselves, and their answers name those: they keep them, as pairs of the same id twice."""

from django.db import migrations


def pairs(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    changed = []
    for attempt in Attempt.objects.only("id", "layout").iterator(chunk_size=500):
        entries = (attempt.layout or {}).get("questions", [])
        if any(e.get("options") and not isinstance(e["options"][0], list) for e in entries):
            for entry in entries:
                entry["options"] = [[i, i] for i in entry.get("options", [])]
            changed.append(attempt)
        if len(changed) >= 500:
            Attempt.objects.bulk_update(changed, ["layout"])
            changed = []
    Attempt.objects.bulk_update(changed, ["layout"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0005_grading_queue_by_submit_time")]
    operations = [migrations.RunPython(pairs, migrations.RunPython.noop)]
