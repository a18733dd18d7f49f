"""What makes a garden more than its notes: `[[wikilinks]]` between them and the images they show.

Links are resolved across the whole garden whatever the order of the notes: a note is rendered with the briefs
known when it is stored, its unresolved links are kept (MissingLink), and once every note of an import is stored,
the briefs whose missing links a brief of the import answers are rendered again (`GardenRun.finish`)."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from briefs.images import ImageIndex, ImageRefused, clean_image
from briefs.links import link_name, note_names
from briefs.models import Brief, LinkName, MissingLink
from briefs.parsing import ParsedNote, anchor_slug, tokenize
from briefs.parsing.notes import note_links
from briefs.rendering import element_id, render_markdown
from briefs.signals import BRIEFS_VERSION
from briefs.sources import ImageSource
from config.cache import bump

IMAGE_FOLDER = "garden"  # in the default storage; names are content hashes
MAX_IMPORT_IMAGE_BYTES = 100 * 1024 * 1024  # every image file read by one import


def brief_url(slug: str, heading: str = "") -> str:
    url = reverse("brief_detail", args=[slug])
    return f"{url}#{element_id(anchor_slug(heading))}" if heading else url


def tag_url(tag: str) -> str:
    return f"{reverse('briefs')}?tag={quote(tag)}"


def resolve_names(names) -> dict[str, str]:
    """name → slug of the brief it names, for any number of names in one query (the strongest match wins)."""
    if not names:
        return {}
    rows = LinkName.objects.filter(name__in=set(names)).order_by("name", "-source", "-brief_id")
    return dict(rows.values_list("name", "brief__slug"))  # the last row of a name, the best, is kept


def render(source: str, *, slug: str, links: dict[str, str], image_urls: dict[str, str], tokens=None) -> str:
    """A body's HTML: links to the briefs in `links` (an unknown one is a visible missing link, never a broken
    href), images from `image_urls`, tags to the filtered list."""

    def link_url(target: str, heading: str = "") -> str | None:
        found = links.get(link_name(target)) if target else slug  # [[#Heading]] is a link inside the note
        return brief_url(found, heading) if found else None

    return render_markdown(
        source, tokens=tokens, link_url=link_url, image_url=lambda path: image_urls.get(path) or None, tag_url=tag_url
    )


class GardenRun:
    """The links and images of one import."""

    def __init__(self, images: dict[str, ImageSource] | None = None, *, store: bool = True) -> None:
        self.sources = images or {}
        self.index = ImageIndex(self.sources)
        self.store = store
        self.stored_images: dict[str, str | ImageRefused] = {}  # garden path → URL, or why it was refused
        self.image_bytes = 0
        self.stored: dict[int, list[str]] = {}  # brief id → the warnings of its file, to add the missing links to
        self.names: set[str] = set()

    # ----------------------------------------------------------------------- one note

    def prepare(self, note: ParsedNote, *, garden_path: str, slug: str) -> tuple[str, dict, dict, list[str]]:
        """(html, image URLs, missing links name → target, warnings) of a note about to be stored."""
        warnings: list[str] = []
        image_urls = {ref: self.image_url(ref, garden_path=garden_path, warnings=warnings) for ref in note.images}
        wanted = {link_name(link.target): link.target for link in note.links if link.target}
        links = resolve_names(wanted)
        own = {n for n in wanted if n not in links and n in self.own_names(note, garden_path)}
        links.update(dict.fromkeys(own, slug))
        missing = {n: t for n, t in wanted.items() if n not in links}
        html = render(note.body, slug=slug, links=links, image_urls=image_urls, tokens=note.tokens)
        return html, image_urls, missing, warnings

    @staticmethod
    def own_names(note: ParsedNote, garden_path: str) -> set[str]:
        return set(note_names(garden_path=garden_path, title=note.title, frontmatter=note.frontmatter))

    def stored_note(self, brief: Brief, note: ParsedNote, garden_path: str, warnings: list[str]) -> None:
        self.stored[brief.pk] = warnings
        self.names |= self.own_names(note, garden_path)

    def image_url(self, ref: str, *, garden_path: str, warnings: list[str]) -> str:
        """The stored URL of an image reference, or "" with a warning saying why there is none."""
        path = self.index.resolve(ref, note_path=garden_path)
        if path is None:
            warnings.append(_("image %(ref)s: not found in the import") % {"ref": ref})
            return ""
        if path not in self.stored_images:
            self.stored_images[path] = self._store_image(self.sources[path])
        result = self.stored_images[path]
        if isinstance(result, ImageRefused):
            warnings.append(_("image %(ref)s: %(why)s") % {"ref": ref, "why": result})
            return ""
        return result

    def _store_image(self, source: ImageSource) -> str | ImageRefused:
        if self.image_bytes >= MAX_IMPORT_IMAGE_BYTES:
            return ImageRefused(_("the import's images passed %(mb)d MB") % {"mb": MAX_IMPORT_IMAGE_BYTES // 2**20})
        try:
            data = source.reader()
        except OSError as exc:
            return ImageRefused(_("cannot be read: %(error)s") % {"error": exc})
        self.image_bytes += len(data)
        try:
            image = clean_image(data)
        except ImageRefused as exc:
            return exc
        name = f"{IMAGE_FOLDER}/{image.name}"
        if self.store and not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(image.data))
        return default_storage.url(name)

    # ----------------------------------------------------------------------- once every note is stored

    def finish(self) -> dict[int, list[str]]:
        """Render again the briefs whose missing links this import answered; then the warnings of each stored
        brief, its links still missing included. A constant number of queries, plus one update per brief."""
        if not self.stored:
            return {}
        pending = set(MissingLink.objects.filter(name__in=self.names).values_list("brief_id", flat=True))
        if pending:
            self._rerender(pending)
        for brief_id, target in MissingLink.objects.filter(brief_id__in=self.stored).values_list("brief_id", "target"):
            self.stored[brief_id].append(_("link [[%(target)s]]: no note has this name") % {"target": target})
        return self.stored

    def _rerender(self, brief_ids: set[int]) -> None:
        briefs = list(Brief.objects.filter(pk__in=brief_ids).only("id", "slug", "source", "image_urls"))
        names = set(MissingLink.objects.filter(brief_id__in=brief_ids).values_list("name", flat=True))
        links = resolve_names(names.union(*(_link_targets(b) for b in briefs)))
        with transaction.atomic():
            for brief in briefs:
                html = render(brief.source, slug=brief.slug, links=links, image_urls=brief.image_urls)
                Brief.objects.filter(pk=brief.pk).update(html=html)
            MissingLink.objects.filter(brief_id__in=brief_ids, name__in=links).delete()
            bump(BRIEFS_VERSION)  # updates send no signal


def _link_targets(brief: Brief) -> set[str]:
    """The names a brief's body links to, read from the parser's tokens (no rendering)."""
    return {link_name(link.target) for link in note_links(tokenize(brief.source))}
