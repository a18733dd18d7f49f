"""The GIN index for full-text search: PostgreSQL only.

SQLite has no GIN indexes (search falls back to icontains there), so the index is part
of the migration state everywhere but is created only when the database is PostgreSQL."""

import django.contrib.postgres.indexes
from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("briefs", "0001_initial")]

    operations = [
        AddIndexOnPostgres(
            model_name="brief",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="brief_search_gin"),
        ),
    ]
