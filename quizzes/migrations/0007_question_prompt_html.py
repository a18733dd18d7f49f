from django.db import migrations, models


def render(apps, schema_editor):
    """Existing questions get their prompt rendered now, once."""
    from quizzes.prompts import render_prompt

    Question = apps.get_model("quizzes", "Question")
    batch = []
    for question in Question.objects.only("id", "prompt", "prompt_format").iterator(chunk_size=500):
        question.prompt_html = render_prompt(question.prompt_format, question.prompt)
        batch.append(question)
        if len(batch) >= 500:
            Question.objects.bulk_update(batch, ["prompt_html"])
            batch = []
    Question.objects.bulk_update(batch, ["prompt_html"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0006_layout_shown_ids")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="prompt_html",
            field=models.TextField(blank=True, editable=False, verbose_name="prompt as HTML"),
        ),
        migrations.RunPython(render, migrations.RunPython.noop),
    ]
