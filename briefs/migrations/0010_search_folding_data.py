"""Fill the search columns of the briefs already imported (migration 0009) and, on PostgreSQL, rebuild their search
vectors with the unaccent configuration: a site finds "Gomulka" in "Gomułka" as soon as it has migrated."""

from django.db import migrations
from django.db.models import Prefetch

from briefs.database import search_vector
from briefs.folding import brief_texts, fold, item_text
from briefs.selectors import AID_KINDS
from briefs.services.notes import items_text, tags_text

BATCH = 100


def fill(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    StudyItem = apps.get_model("briefs", "StudyItem")
    items = Prefetch("items", queryset=StudyItem.objects.order_by("position"))
    briefs = Brief.objects.only("id", "title", "html", "source").prefetch_related(items, "tags").order_by("id")
    for start in range(0, briefs.count(), BATCH):
        batch = list(briefs[start : start + BATCH])
        changed_items = []
        for brief in batch:
            tags = tags_text(sorted(t.name for t in brief.tags.all()))
            found = list(brief.items.all())
            brief.plain_text, brief.folded_text = brief_texts(
                title=brief.title, source=brief.source, html=brief.html, tags=tags, items=found, aid_kinds=AID_KINDS
            )
            for item in found:
                item.folded = fold(item_text(item))
            changed_items += found
            vector = search_vector(title=brief.title, tags=tags, items=items_text(found), source=brief.source)
            if vector is not None:
                Brief.objects.filter(pk=brief.pk).update(search_vector=vector)
        Brief.objects.bulk_update(batch, ["plain_text", "folded_text"])
        StudyItem.objects.bulk_update(changed_items, ["folded"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("briefs", "0009_search_folding")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
