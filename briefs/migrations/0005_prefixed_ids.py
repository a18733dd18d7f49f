"""Every id in a brief's HTML now carries the user-content prefix (briefs.rendering.ID_PREFIX): render the stored
notes again, so that links to their sections find them."""

from django.db import migrations


def render(apps, schema_editor):
    from briefs.rendering import render_markdown

    Brief = apps.get_model("briefs", "Brief")
    batch = []
    for brief in Brief.objects.only("id", "source").iterator(chunk_size=200):
        brief.html = render_markdown(brief.source)
        batch.append(brief)
        if len(batch) >= 200:
            Brief.objects.bulk_update(batch, ["html"])
            batch = []
    Brief.objects.bulk_update(batch, ["html"])


class Migration(migrations.Migration):
    dependencies = [("briefs", "0004_garden_import")]
    operations = [migrations.RunPython(render, migrations.RunPython.noop)]
