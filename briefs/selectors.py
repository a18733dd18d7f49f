"""Reads for briefs. Querysets come back with their relations loaded, so no caller can trigger N+1 queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connections
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from briefs.models import SEARCH_CONFIG, Brief, GardenImport, StudyItem, Topic
from classroom.roles import teaches
from config.cache import bump
from config.cache import version as cached_version


def can_see_drafts(user) -> bool:
    """Drafts (notes without dg-publish) are for teachers and admins only."""
    return teaches(user)


def brief_visible(*, user) -> QuerySet[Brief]:
    qs = Brief.objects.select_related("topic")
    return qs if can_see_drafts(user) else qs.filter(published=True)


def brief_list(*, user, search: str = "", topic: str = "", kind: str = "") -> QuerySet[Brief]:
    qs = brief_visible(user=user).defer(*Brief.without_body())
    if kind:
        qs = qs.filter(kind=kind)
    if topic:
        qs = qs.filter(_under_topic(topic.strip("/")))
    if search.strip():
        qs = brief_search(qs=qs, query=search.strip())
    return qs


def _under_topic(path: str) -> Q:
    """Briefs in a topic or below it; `path` is a topic slug or a slug path (`russian-history/russian-history-iii`)."""
    return (
        Q(topic__path=path)
        | Q(topic__path__startswith=f"{path}/")
        | Q(topic__path__endswith=f"/{path}")
        | Q(topic__path__contains=f"/{path}/")
    )


def brief_search(*, qs: QuerySet[Brief], query: str) -> QuerySet[Brief]:
    """Full-text search, ranked, on PostgreSQL; every word as a substring of title, body or items elsewhere."""
    if connections[qs.db].vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title", "id")
        )
    for word in query.split()[:10]:
        in_items = StudyItem.objects.filter(
            Q(text__icontains=word) | Q(label__icontains=word) | Q(answer__icontains=word), brief=OuterRef("pk")
        )
        qs = qs.filter(Q(title__icontains=word) | Q(source__icontains=word) | Exists(in_items))
    return qs


def brief_for_user(*, user, slug: str) -> Brief | None:
    """The brief with this slug if the user may see it, without its large columns (to act on it, not show it)."""
    return brief_visible(user=user).defer(*Brief.without_body()).filter(slug=slug).first()


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.select_related("parent")


def topic_trails(*, topics: Iterable[Topic | None]) -> dict[int, list[Topic]]:
    """Each topic's path from the root (itself last), for any number of topics in one query."""
    topics = [t for t in topics if t is not None]
    paths = {p for t in topics for p in t.ancestor_paths}
    by_path = {t.path: t for t in Topic.objects.filter(path__in=paths)} if paths else {}
    return {t.pk: [by_path[p] for p in t.ancestor_paths if p in by_path] for t in topics}


# Topic trails are cached: topics change only when an import creates one or an admin renames one. Every
# cached trail's key holds the topics' version, which any save or delete of a topic replaces
# (`topics_changed`, connected in briefs.apps), so a stale trail is never read again. Whole briefs and
# lists of briefs are cached the same way (briefs.apis) under the briefs' version, which any save or delete
# of a brief or a topic replaces (`briefs_changed`): a brief's study items change only with it.
TOPICS_VERSION_KEY = "briefs:topics:version"
BRIEFS_VERSION_KEY = "briefs:version"
TRAIL_TIMEOUT = 24 * 3600


def topics_changed(**kwargs) -> None:
    bump(TOPICS_VERSION_KEY, BRIEFS_VERSION_KEY)


def briefs_changed(**kwargs) -> None:
    bump(BRIEFS_VERSION_KEY)


def may_see(*, user, brief_published: bool) -> bool:
    """`brief_visible`'s rule, for a brief already read (from the cache)."""
    return brief_published or can_see_drafts(user)


def brief_any(*, slug: str, items: bool = False) -> Brief | None:
    """A brief whoever may see it, with its topic (and its study items, in order), without its search
    columns: for a cached representation that `may_see` then guards."""
    qs = Brief.objects.select_related("topic").defer("source", "frontmatter", "search_vector")
    if items:
        qs = qs.prefetch_related(Prefetch("items", queryset=StudyItem.objects.order_by("position")))
    return qs.filter(slug=slug).first()


def topic_trail_steps(*, topics: Iterable[Topic | None], version: str | None = None) -> dict[int, list[dict]]:
    """Like `topic_trails`, as `{"slug", "name", "path"}` dicts, from the cache: no query when every
    trail is cached, one query for the missing ones otherwise."""
    topics = {t.pk: t for t in topics if t is not None}
    if not topics:
        return {}
    version = version or cached_version(TOPICS_VERSION_KEY)
    keys = {pk: f"briefs:trail:{version}:{t.path}" for pk, t in topics.items()}
    cached = cache.get_many(keys.values())
    trails = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [t for pk, t in topics.items() if pk not in trails]
    if missing:
        fresh = {
            pk: [{"slug": s.slug, "name": s.name, "path": s.path} for s in trail]
            for pk, trail in topic_trails(topics=missing).items()
        }
        cache.set_many({keys[pk]: trail for pk, trail in fresh.items()}, timeout=TRAIL_TIMEOUT)
        trails.update(fresh)
    return trails


def study_items_for_cards(*, brief_ids, kinds) -> list[int]:
    """Ids of the study items of these briefs that make flashcards (events only when dated)."""
    items = StudyItem.objects.filter(brief_id__in=brief_ids, kind__in=kinds).exclude(kind="event", year__isnull=True)
    return list(items.values_list("id", flat=True))


def garden_import_of(*, user, pk: int) -> GardenImport | None:
    """An import the user queued (any, for an admin), or None."""
    jobs = GardenImport.objects.all() if user.is_superuser else GardenImport.objects.filter(created_by=user)
    return jobs.filter(pk=pk).first()
