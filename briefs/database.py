"""What briefs asks of PostgreSQL that SQLite has not, in one place, so the services never check the database:
the stored full-text vector, and relaxed commit durability for the import (tested on PostgreSQL in
tests/briefs/test_services.py). The search itself is briefs.selectors.brief_search, which asks `on_postgresql`."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Value

from briefs.models import SEARCH_CONFIG, Brief


def on_postgresql(alias: str | None = None) -> bool:
    """Whether briefs' database (or the one named `alias`, a queryset's) is PostgreSQL."""
    return connections[alias or Brief.objects.db].vendor == "postgresql"


def search_vector(*, title: str, tags: str, items: str, source: str) -> SearchVector | None:
    """Weighted full-text vector (title and tags A, study items B, body C), computed by PostgreSQL in the same
    INSERT or UPDATE; None elsewhere (SQLite searches the folded text). Migration 0010 rebuilds the stored ones."""
    if not on_postgresql():
        return None
    return (
        SearchVector(Value(title), weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(tags), weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(items), weight="B", config=SEARCH_CONFIG)
        + SearchVector(Value(source), weight="C", config=SEARCH_CONFIG)
    )


@contextmanager
def relaxed_commits() -> Iterator[None]:
    """One transaction per note means one WAL flush per note on PostgreSQL, the import's bottleneck.

    Asynchronous commit keeps every transaction atomic and consistent; a crash can only lose the
    last few commits, and the import is idempotent, so running it again restores them."""
    connection = connections[Brief.objects.db]
    if not on_postgresql() or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
