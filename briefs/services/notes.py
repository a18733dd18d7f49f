"""Storing one parsed note as a brief: its topic, study items, tags, link names and missing links. Each write is a
constant number of bulk queries, whatever the note holds (the import's speed depends on it)."""

from __future__ import annotations

from briefs.database import search_vector
from briefs.folding import brief_texts, fold, item_text
from briefs.links import note_names
from briefs.models import Brief, LinkName, MissingLink, StudyItem, Tag, Topic
from briefs.parsing import ParsedNote, title_from_slug
from briefs.rendering import render_markdown
from briefs.selectors import AID_KINDS

MAX_TAG = 100  # Tag.name


def topic_for_permalink(*, permalink: str, cache: dict[str, Topic] | None = None) -> Topic | None:
    """The topic of a permalink's folder, creating the folders' topics as needed (root first)."""
    cache = {} if cache is None else cache
    folders = permalink.strip("/").split("/")[:-1]
    parent = None
    for depth, slug in enumerate(folders, start=1):
        path = "/".join(folders[:depth])
        topic = cache.get(path)
        if topic is None:
            defaults = {"slug": slug, "name": title_from_slug(slug)[:200], "parent": parent}
            topic, _created = Topic.objects.get_or_create(path=path, defaults=defaults)
            cache[path] = topic
        parent = topic
    return parent


def brief_save_note(
    *,
    note: ParsedNote,
    permalink: str,
    checksum: str,
    source_name: str,
    brief: Brief | None = None,
    topics: dict[str, Topic] | None = None,
    garden_path: str = "",
    html: str | None = None,
    image_urls: dict[str, str] | None = None,
    missing: dict[str, str] | None = None,
) -> Brief:
    """Create or replace one brief, its study items, tags and link names from a parsed note. Call inside a
    transaction. `html` is the body rendered with the garden's links and images (services.garden), `missing` the
    links it could not resolve (name → target as written)."""
    brief = brief or Brief(permalink=permalink)
    brief.kind = note.kind
    brief.title = note.title
    brief.slug = permalink.rstrip("/").rsplit("/", 1)[-1]
    brief.topic = topic_for_permalink(permalink=permalink, cache=topics)
    brief.published = note.published
    brief.frontmatter = note.frontmatter
    brief.source = note.body
    brief.html = render_markdown(note.body, tokens=note.tokens) if html is None else html
    brief.image_urls = image_urls or {}
    brief.checksum = checksum
    brief.source_name = source_name
    is_new = brief.pk is None
    tags = sorted({t[:MAX_TAG] for t in note.tags if t})
    vector = search_vector(title=brief.title, tags=tags_text(tags), items=items_text(note.items), source=brief.source)
    brief.search_vector = vector
    brief.plain_text, brief.folded_text = brief_texts(
        title=brief.title,
        source=brief.source,
        html=brief.html,
        tags=tags_text(tags),
        items=note.items,
        aid_kinds=AID_KINDS,
    )
    # The import looked up the permalink and slug, the topic was just fetched or created, and the check
    # constraints hold by construction (the database still enforces all of them): validating them again
    # would cost six queries per note.
    brief.full_clean(exclude=["search_vector", "permalink", "topic"], validate_unique=False, validate_constraints=False)
    brief.save()
    if not is_new:
        brief.items.all().delete()
    StudyItem.objects.bulk_create(_study_items(brief, note))
    _set_tags(brief, tags, is_new=is_new)
    names = note_names(garden_path=garden_path or source_name, title=note.title, frontmatter=note.frontmatter)
    _replace(brief, LinkName, [LinkName(brief=brief, name=n, source=s) for n, s in names.items()], is_new=is_new)
    rows = [MissingLink(brief=brief, name=n, target=t[:300]) for n, t in (missing or {}).items()]
    _replace(brief, MissingLink, rows, is_new=is_new)
    return brief


def _set_tags(brief: Brief, names: list[str], *, is_new: bool) -> None:
    """Three queries at most, whatever the number of tags: create the missing ones, read them, link them."""
    if not is_new:
        brief.tags.through.objects.filter(brief=brief).delete()
    if not names:
        return
    Tag.objects.bulk_create([Tag(name=n) for n in names], ignore_conflicts=True)
    ids = Tag.objects.filter(name__in=names).values_list("id", flat=True)
    brief.tags.through.objects.bulk_create([brief.tags.through(brief=brief, tag_id=i) for i in ids])


def _replace(brief: Brief, model, rows: list, *, is_new: bool) -> None:
    if not is_new:
        model.objects.filter(brief=brief).delete()
    if rows:
        model.objects.bulk_create(rows)


def _study_items(brief: Brief, note: ParsedNote) -> list[StudyItem]:
    return [
        StudyItem(
            brief=brief,
            kind=item.kind,
            position=item.position,
            label=item.label[:300],
            text=item.text,
            year=item.year,
            date=item.date,
            date_precision=item.date_precision,
            answer=item.answer,
            anchor=item.anchor[:200],
            folded=fold(item_text(item)),
        )
        for item in note.items
    ]


def tags_text(tags: list[str]) -> str:
    """The tags as searched: a nested tag (`history/russia`) is found by each of its parts too."""
    return " ".join(tags + [part for t in tags if "/" in t for part in t.split("/")])


def items_text(items) -> str:
    """The study items as the search vector holds them (weight B)."""
    return "\n".join(f"{i.label} {i.text} {i.answer}" for i in items)
