"""Search whatever the case and accents (issue 24): the columns SQLite searches and search results quote, and on
PostgreSQL the unaccent extension with a text-search configuration that unaccents words before stemming them
(briefs.models.SEARCH_CONFIG). The PostgreSQL operations do nothing on SQLite."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

CONFIG = "english_unaccent"  # briefs.models.SEARCH_CONFIG when this was written
CREATE = [
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
    # Words with a letter beyond ASCII (word, hword, hword_part) lose their accents before English stemming.
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
]
DROP = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("briefs", "0008_merge_scoping_overrides_statistics")]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="folded_text",
            field=models.TextField(blank=True, editable=False, verbose_name="folded text"),
        ),
        migrations.AddField(
            model_name="brief",
            name="plain_text",
            field=models.TextField(blank=True, editable=False, verbose_name="plain text"),
        ),
        migrations.AddField(
            model_name="studyitem",
            name="folded",
            field=models.TextField(blank=True, editable=False, verbose_name="folded text"),
        ),
        UnaccentExtension(),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
