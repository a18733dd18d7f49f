"""Reads for briefs. Querysets come back with their relations loaded, so no caller can trigger N+1 queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from briefs.database import on_postgresql
from briefs.folding import MARK_START, MARK_STOP, fold, one_line, query_words, snippet
from briefs.models import SEARCH_CONFIG, Brief, GardenImport, ItemKind, StudyItem, Tag, Topic
from briefs.rendering import element_id
from briefs.signals import BRIEFS_VERSION, brief_audience
from config.cache import cached
from config.permissions import granted, teaches


def can_see_drafts(user) -> bool:
    """Drafts (notes without dg-publish) are for teachers and admins only."""
    return teaches(user)


def read_by(user) -> Q:
    """The briefs a student may read: published, and for every reader or granted by the apps above (assigned to
    one of their classes)."""
    if user is None or not user.is_authenticated:
        return Q(published=True, assigned_only=False)
    return Q(published=True) & (Q(assigned_only=False) | granted(brief_audience, sender=Brief, user=user))


def brief_visible(*, user) -> QuerySet[Brief]:
    qs = Brief.objects.select_related("topic")
    return qs if can_see_drafts(user) else qs.filter(read_by(user))


def restricted_readable(*, user) -> list[int]:
    """Ids of the briefs kept to their classes that a student may read (none for teachers, who read all): what
    makes one student's list of briefs differ from another's. A query only while some brief is kept to classes."""
    if can_see_drafts(user) or not cached(RESTRICTED_KEY, (BRIEFS_VERSION,), _any_restricted, RESTRICTED_TIMEOUT):
        return []
    return list(Brief.objects.filter(read_by(user), assigned_only=True).order_by("id").values_list("id", flat=True))


RESTRICTED_KEY, RESTRICTED_TIMEOUT = "briefs:any-assigned-only", 24 * 3600


def _any_restricted() -> bool:
    return Brief.objects.filter(published=True, assigned_only=True).exists()


def brief_list(*, user, search: str = "", topic: str = "", kind: str = "", tag: str = "") -> QuerySet[Brief]:
    """Visible briefs, with their tags (one query for a whole page), filtered."""
    qs = brief_visible(user=user).defer(*Brief.without_body()).prefetch_related(_TAGS)
    if kind:
        qs = qs.filter(kind=kind)
    if tag.strip():
        qs = qs.filter(Exists(Brief.tags.through.objects.filter(brief=OuterRef("pk"), tag__name=tag.strip().lower())))
    if topic:
        qs = qs.filter(_under_topic(topic.strip("/")))
    if search.strip():
        qs = brief_search(qs=qs, query=search.strip())
    return qs


_TAGS = Prefetch("tags", queryset=Tag.objects.order_by("name"))


def _under_topic(path: str) -> Q:
    """Briefs in a topic or below it; `path` is a topic slug or a slug path (`russian-history/russian-history-iii`)."""
    return (
        Q(topic__path=path)
        | Q(topic__path__startswith=f"{path}/")
        | Q(topic__path__endswith=f"/{path}")
        | Q(topic__path__contains=f"/{path}/")
    )


def brief_search(*, qs: QuerySet[Brief], query: str) -> QuerySet[Brief]:
    """Briefs holding the words of `query`, whatever their case and accents, each with its `headline` (see
    `brief_snippet`). PostgreSQL: full-text (websearch syntax, ranked) through the unaccent configuration, and
    ts_headline. SQLite: every folded word in the folded text, and the plain text for `snippet` to cut."""
    if on_postgresql(qs.db):
        search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        headline = SearchHeadline("plain_text", search, config=SEARCH_CONFIG, **HEADLINE)
        return (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search), headline=headline)
            .order_by("-rank", "title", "id")
        )
    for word in query_words(query):
        qs = qs.filter(folded_text__contains=word)
    return qs.annotate(headline=F("plain_text"))


HEADLINE = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "max_words": 25, "min_words": 12,
            "max_fragments": 2, "fragment_delimiter": " … "}  # fmt: skip


def brief_snippet(brief: Brief, query: str) -> str:
    """HTML of a brief found by `brief_search`: the passage that matches, escaped, the matches in `<mark>`."""
    return snippet(brief.headline, query_words(query))


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


def may_see(*, user, brief_published: bool, assigned_only: bool = False, slug: str = "") -> bool:
    """`brief_visible`'s rule, for a brief already read (from the cache): a brief kept to its classes costs a query."""
    if can_see_drafts(user):
        return True
    if not brief_published:
        return False
    return not assigned_only or Brief.objects.filter(read_by(user), slug=slug).exists()


SHARED_DEFERRED = ("source", "frontmatter", "search_vector", "plain_text", "folded_text")


def brief_any(*, slug: str, items: bool = False) -> Brief | None:
    """A brief whoever may see it, with its topic (and its study items, in order), without its search columns: for
    a representation shared by everyone (cached), which `may_see` then guards."""
    qs = Brief.objects.select_related("topic").defer(*SHARED_DEFERRED).prefetch_related(_TAGS)
    if items:
        qs = qs.prefetch_related(Prefetch("items", queryset=StudyItem.objects.order_by("position")))
    return qs.filter(slug=slug).first()


def topic_trail_steps(*, topics: Iterable[Topic | None]) -> dict[int, list[dict]]:
    """`topic_trails` as `{"slug", "name", "path"}` dicts, for the API and the brief page."""
    return {
        pk: [{"slug": t.slug, "name": t.name, "path": t.path} for t in trail]
        for pk, trail in topic_trails(topics=topics).items()
    }


def study_items_for_cards(*, brief_ids, kinds) -> list[int]:
    """Ids of the study items of these briefs that make flashcards (events only when dated)."""
    items = StudyItem.objects.filter(brief_id__in=brief_ids, kind__in=kinds).exclude(kind="event", year__isnull=True)
    return list(items.values_list("id", flat=True))


def garden_import_of(*, user, pk: int) -> GardenImport | None:
    """An import the user queued (any, for an admin), or None."""
    jobs = GardenImport.objects.all() if user.is_superuser else GardenImport.objects.filter(created_by=user)
    return jobs.filter(pk=pk).first()


# The study aids shown under a note, in this order: (section id, heading, item kind).
STUDY_AIDS = [
    ("aid-timeline", _("Timeline"), ItemKind.EVENT),
    ("aid-characters", _("Cast of characters"), ItemKind.CHARACTER),
    ("aid-glossary", _("Glossary"), ItemKind.TERM),
    ("aid-quotes", _("Key quotes"), ItemKind.QUOTE),
    ("aid-faq", _("Frequently asked questions"), ItemKind.FAQ),
    ("aid-questions", _("Check yourself"), ItemKind.QUESTION),
    ("aid-essays", _("Essay prompts"), ItemKind.ESSAY),
]


AID_KINDS = {kind for _id, _heading, kind in STUDY_AIDS}
_AID_IDS = {kind: anchor for anchor, _heading, kind in STUDY_AIDS}


def study_aids(brief: Brief) -> list[dict]:
    """The brief's study items by aid, for its page (the items prefetched, in position order). The first item
    of each note section carries the section's id (`dom_id`): links to the section (search results, the
    contents) land on the aid that now shows it."""
    items = list(brief.items.all())
    aids, seen = [], set()
    for anchor, heading, kind in STUDY_AIDS:
        if chosen := [i for i in items if i.kind == kind]:
            for item in chosen:
                item.dom_id = element_id(item.anchor) if item.anchor and item.anchor not in seen else ""
                seen.add(item.anchor)
            aids.append({"id": anchor, "heading": heading, "kind": kind, "items": chosen})
    return aids


def study_item_search(*, user, query: str = "", kind: str = "") -> QuerySet[StudyItem]:
    """Study items of the briefs the user may see whose label, text or answer holds every word of `query` (up to ten,
    whatever their case and accents), with their brief; in brief and document order. One query on either database:
    items are short, and the briefs' ranked full-text search stays the way to find a brief."""
    qs = StudyItem.objects.filter(brief__in=brief_visible(user=user).values("pk")).select_related("brief")
    qs = qs.defer(*Brief.without_body("brief"))
    if kind:
        qs = qs.filter(kind=kind)
    for word in query_words(query):
        qs = qs.filter(folded__contains=word)
    return qs.order_by("brief__title", "brief_id", "position")


def found_items(*, user, query: str, limit: int) -> list[StudyItem]:
    """The first `limit` study items matching `query`, each with `snippet_label` and `snippet` (HTML, escaped and
    marked by briefs.folding), `fragment`, the id on its brief's page that shows it (its section, or its aid), and
    `in_answer`."""
    words = query_words(query)
    items = list(study_item_search(user=user, query=query)[:limit])
    for item in items:
        item.snippet_label = snippet(one_line(item.label), words, width=300)
        item.snippet = snippet(one_line(item.text), words)
        item.fragment = element_id(item.anchor) if item.anchor else _AID_IDS.get(item.kind, "")
        item.in_answer = any(w in fold(item.answer) for w in words)  # said, not quoted: the page hides answers
    return items
