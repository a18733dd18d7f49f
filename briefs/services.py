"""Writes for briefs: importing a digital garden (files, folders, .zip archives, uploads)."""

from __future__ import annotations

import hashlib
import logging
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Q, Value
from django.utils.text import slugify
from django.utils.translation import gettext as _

from briefs.models import SEARCH_CONFIG, Brief, StudyItem, Topic
from briefs.parsing import PARSER_VERSION, ParsedNote, ParseError, parse_note, title_from_slug
from briefs.rendering import render_markdown

logger = logging.getLogger(__name__)

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_NOTE_BYTES = 2 * 1024 * 1024
# Zip bombs: an archive may hold this many members and expand to this much, no more.
MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024

# /api/v1/briefs/import/ is the upload endpoint, so no brief may have the slug "import".
RESERVED_SLUGS = {"import"}

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


@dataclass
class FileResult:
    name: str
    status: str
    reason: str = ""
    slug: str = ""


@dataclass
class ImportReport:
    dry_run: bool = False
    files: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.status == FAILED]

    def summary(self) -> str:
        counts = ", ".join(f"{status} {self.count(status)}" for status in (CREATED, UPDATED, UNCHANGED, FAILED))
        return f"{counts} (dry run)" if self.dry_run else counts


@dataclass
class NoteSource:
    """One note to import: its display name, its bytes (or why it cannot be read) and its path in the garden."""

    name: str
    data: bytes = b""
    garden_path: str = ""
    error: str = ""


# --------------------------------------------------------------------------- public services


def garden_import(*, paths: Sequence[str | Path], dry_run: bool = False) -> ImportReport:
    """Import files, folders (recursively) and .zip archives from the filesystem."""
    return _import_sources((source for path in paths for source in _path_sources(Path(path))), dry_run=dry_run)


def garden_import_uploads(*, files: Iterable, dry_run: bool = False) -> ImportReport:
    """Import uploaded `.md`/`.markdown`/`.txt` notes and `.zip` archives (Django UploadedFile objects)."""
    return _import_sources((source for upload in files for source in _upload_sources(upload)), dry_run=dry_run)


# --------------------------------------------------------------------------- sources


def _is_note(name: str) -> bool:
    return name.lower().endswith(NOTE_SUFFIXES)


def _too_large() -> str:
    return _("larger than %(mb)d MB") % {"mb": MAX_NOTE_BYTES // (1024 * 1024)}


def _path_sources(path: Path) -> Iterator[NoteSource]:
    if path.is_dir():
        yield from _folder_sources(path)
    elif not path.is_file():
        yield NoteSource(str(path), error=_("no such file or directory"))
    elif path.suffix.lower() == ".zip":
        yield from _zip_file_sources(path)
    elif _is_note(path.name):
        yield _read_note_file(path, path.name)
    else:
        yield NoteSource(str(path), error=_("not a note (.md, .markdown, .txt) or a .zip archive"))


def _folder_sources(root: Path) -> Iterator[NoteSource]:
    """Notes under a folder; hidden folders (.obsidian, .git) and attachments are skipped."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not _is_note(path.name) or not path.is_file():
            continue
        yield _read_note_file(path, relative.as_posix())


def _read_note_file(path: Path, garden_path: str) -> NoteSource:
    try:
        if path.stat().st_size > MAX_NOTE_BYTES:
            return NoteSource(str(path), error=_too_large())
        return NoteSource(str(path), path.read_bytes(), garden_path)
    except OSError as exc:
        return NoteSource(str(path), error=_("cannot be read: %(error)s") % {"error": exc.strerror or exc})


def _zip_file_sources(path: Path) -> Iterator[NoteSource]:
    if path.stat().st_size > MAX_ZIP_BYTES:
        yield NoteSource(str(path), error=_("archive larger than %(mb)d MB") % {"mb": MAX_ZIP_BYTES // 2**20})
        return
    with path.open("rb") as handle:
        yield from _zip_sources(str(path), handle)


def _upload_sources(upload) -> Iterator[NoteSource]:
    name = PurePosixPath(str(upload.name).replace("\\", "/")).name
    if name.lower().endswith(".zip"):
        if upload.size > MAX_ZIP_BYTES:
            yield NoteSource(name, error=_("archive larger than %(mb)d MB") % {"mb": MAX_ZIP_BYTES // 2**20})
        else:
            yield from _zip_sources(name, upload)
    elif not _is_note(name):
        yield NoteSource(name, error=_("not a note (.md, .markdown, .txt) or a .zip archive"))
    elif upload.size > MAX_NOTE_BYTES:
        yield NoteSource(name, error=_too_large())
    else:
        yield NoteSource(name, upload.read(), name)


def _unsafe_member(name: str) -> bool:
    """Zip slip: absolute paths, drive letters and `..` never name a note."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\x00" in name


def _zip_sources(name: str, handle: IO[bytes]) -> Iterator[NoteSource]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        yield NoteSource(name, error=_("not a valid .zip archive"))
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            yield NoteSource(name, error=_("archive holds more than %(n)d files") % {"n": MAX_ZIP_MEMBERS})
            return
        expanded = 0
        for info in members:
            member = f"{name}:{info.filename}"
            if not _is_note(info.filename):
                continue
            if _unsafe_member(info.filename):
                yield NoteSource(member, error=_("unsafe path in archive"))
                continue
            if any(p.startswith((".", "__MACOSX")) for p in info.filename.split("/")):
                continue  # hidden files and macOS resource forks
            expanded += min(info.file_size, MAX_NOTE_BYTES + 1)
            if expanded > MAX_ZIP_EXPANDED_BYTES:
                yield NoteSource(
                    name, error=_("archive expands beyond %(mb)d MB") % {"mb": MAX_ZIP_EXPANDED_BYTES // 2**20}
                )
                return
            yield _read_member(archive, info, member)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str) -> NoteSource:
    if info.file_size > MAX_NOTE_BYTES:
        return NoteSource(member, error=_too_large())
    try:
        with archive.open(info) as handle:
            # Never trust the declared size: read one byte past the limit at most.
            data = handle.read(MAX_NOTE_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, OSError, EOFError, ValueError) as exc:
        return NoteSource(member, error=_("cannot be extracted: %(error)s") % {"error": exc})
    if len(data) > MAX_NOTE_BYTES:
        return NoteSource(member, error=_too_large())
    return NoteSource(member, data, info.filename)


# --------------------------------------------------------------------------- import


def _import_sources(sources: Iterable[NoteSource], *, dry_run: bool) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    run = _ImportRun(dry_run=dry_run)
    with _relaxed_commits():
        for source in sources:
            try:
                result = run.import_source(source)
            except Exception as exc:  # one broken file must not stop the garden: report it and go on
                logger.debug("import of %s failed", source.name, exc_info=True)
                run.topics.clear()
                result = FileResult(source.name, FAILED, _("unexpected error: %(error)s") % {"error": exc})
            report.files.append(result)
    return report


@contextmanager
def _relaxed_commits() -> Iterator[None]:
    """One transaction per note means one WAL flush per note on PostgreSQL, the import's bottleneck.

    Asynchronous commit keeps every transaction atomic and consistent; a crash can only lose the
    last few commits, and the import is idempotent, so running it again restores them."""
    connection = connections[Brief.objects.db]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def permalink_from_path(garden_path: str) -> str:
    """A note without a permalink is published at its path: `History/The Thaw.md` → `/history/the-thaw/`."""
    path = PurePosixPath(garden_path.replace("\\", "/"))
    return "/" + "/".join([*path.parent.parts, path.stem]) + "/"


def normalize_permalink(raw: str) -> str | None:
    """`/a/b/` with every segment a slug, or None when nothing usable is left."""
    path = urlsplit(raw).path if "://" in raw else raw
    segments = [slugify(part) for part in path.split("/") if part.strip() and part != "."]
    if not segments or not all(segments) or ".." in path.split("/") or any(len(s) > 200 for s in segments):
        return None
    permalink = "/" + "/".join(segments) + "/"
    return permalink if len(permalink) <= 500 else None


def note_checksum(data: bytes) -> str:
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


class _ImportRun:
    """State shared by the files of one import: topics already resolved, permalinks already seen."""

    def __init__(self, *, dry_run: bool) -> None:
        self.dry_run = dry_run
        self.topics: dict[str, Topic] = {}
        self.seen: dict[str, str] = {}

    def import_source(self, source: NoteSource) -> FileResult:
        if source.error:
            return FileResult(source.name, FAILED, source.error)
        try:
            note = parse_note(source.data, source_name=source.garden_path)
        except ParseError as exc:
            return FileResult(source.name, FAILED, str(exc))
        permalink = normalize_permalink(note.permalink or permalink_from_path(source.garden_path))
        if permalink is None:
            return FileResult(source.name, FAILED, _("invalid permalink %(p)r") % {"p": note.permalink})
        if permalink.rstrip("/").rsplit("/", 1)[-1] in RESERVED_SLUGS:
            reason = _("the last segment of the permalink %(p)s is reserved") % {"p": permalink}
            return FileResult(source.name, FAILED, reason)
        if permalink in self.seen:
            reason = _("same permalink %(p)s as %(other)s") % {"p": permalink, "other": self.seen[permalink]}
            return FileResult(source.name, FAILED, reason)
        self.seen[permalink] = source.name
        return self._store(source, note, permalink)

    def _store(self, source: NoteSource, note: ParsedNote, permalink: str) -> FileResult:
        checksum = note_checksum(source.data)
        slug = permalink.rstrip("/").rsplit("/", 1)[-1]
        # One query finds both the brief to update and a brief elsewhere that already has the slug.
        found = list(Brief.objects.filter(Q(permalink=permalink) | Q(slug=slug)))
        existing = next((b for b in found if b.permalink == permalink), None)
        if other := next((b for b in found if b.permalink != permalink), None):
            reason = _("slug %(slug)s is already used by %(other)s") % {"slug": slug, "other": other.permalink}
            return FileResult(source.name, FAILED, reason)
        if existing is not None and existing.checksum == checksum:
            return FileResult(source.name, UNCHANGED, slug=slug)
        status = UPDATED if existing is not None else CREATED
        if self.dry_run:
            return FileResult(source.name, status, slug=slug)
        try:
            with transaction.atomic():
                brief_save_note(
                    note=note, permalink=permalink, checksum=checksum, source_name=source.name[-500:],
                    brief=existing, topics=self.topics,
                )  # fmt: skip
        except ValidationError as exc:
            self.topics.clear()  # topics created in the rolled-back transaction are gone
            return FileResult(source.name, FAILED, _validation_reason(exc))
        except DatabaseError as exc:
            self.topics.clear()
            return FileResult(source.name, FAILED, _("database error: %(error)s") % {"error": exc})
        return FileResult(source.name, status, slug=slug)


def _validation_reason(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)


# --------------------------------------------------------------------------- storing one note


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
) -> Brief:
    """Create or replace one brief and its study items from a parsed note. Call inside a transaction."""
    brief = brief or Brief(permalink=permalink)
    brief.kind = note.kind
    brief.title = note.title
    brief.slug = permalink.rstrip("/").rsplit("/", 1)[-1]
    brief.topic = topic_for_permalink(permalink=permalink, cache=topics)
    brief.published = note.published
    brief.frontmatter = note.frontmatter
    brief.source = note.body
    brief.html = render_markdown(note.body)
    brief.checksum = checksum
    brief.source_name = source_name
    is_new = brief.pk is None
    brief.search_vector = _search_vector(brief, note)
    # The import looked up the permalink and slug, the topic was just fetched or created, and the check
    # constraints hold by construction (the database still enforces all of them): validating them again
    # would cost six queries per note.
    brief.full_clean(exclude=["search_vector", "permalink", "topic"], validate_unique=False, validate_constraints=False)
    brief.save()
    if not is_new:
        brief.items.all().delete()
    StudyItem.objects.bulk_create(_study_items(brief, note))
    return brief


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
        )
        for item in note.items
    ]


def _search_vector(brief: Brief, note: ParsedNote) -> SearchVector | None:
    """Weighted full-text vector (title A, study items B, body C), computed by PostgreSQL in the same INSERT
    or UPDATE; None elsewhere (SQLite searches with LIKE)."""
    if connections[Brief.objects.db].vendor != "postgresql":
        return None
    items_text = "\n".join(f"{i.label} {i.text} {i.answer}" for i in note.items)
    return (
        SearchVector(Value(brief.title), weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(items_text), weight="B", config=SEARCH_CONFIG)
        + SearchVector(Value(brief.source), weight="C", config=SEARCH_CONFIG)
    )
