"""Writes for briefs: importing a digital garden (files, folders, .zip archives, uploads), at once or queued."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from briefs import sources
from briefs.models import SEARCH_CONFIG, Brief, GardenImport, GardenUpload, StudyItem, Topic
from briefs.parsing import PARSER_VERSION, ParsedNote, ParseError, parse_note, title_from_slug
from briefs.rendering import render_markdown

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_NOTE = 1000  # study items one note may hold

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


# --------------------------------------------------------------------------- public services


def garden_import(*, paths: Sequence[str | Path], dry_run: bool = False) -> ImportReport:
    """Import files, folders (recursively) and .zip archives from the filesystem, in this process. An import over
    the limits (briefs.sources) raises ImportTooLarge before anything is read."""
    found = sources.from_paths(paths)
    sources.check_limits(found)
    return import_notes(found, dry_run=dry_run)


def garden_import_queue(*, files: Iterable, user, dry_run: bool = False) -> GardenImport:
    """Keep uploaded notes and archives (Django UploadedFiles) and queue their import (briefs.tasks): a garden takes
    longer than a request may. Over the limits, ImportTooLarge, and nothing is kept."""
    uploads = [(sources.upload_name(f.name), f.read()) for f in files]
    found = sources.from_uploads(uploads)
    sources.check_limits(found)
    with transaction.atomic():
        job = GardenImport.objects.create(created_by=user, dry_run=dry_run, total=sum(not s.error for s in found))
        GardenUpload.objects.bulk_create(GardenUpload(garden_import=job, name=n[:255], data=d) for n, d in uploads)
        transaction.on_commit(partial(_queue_import, job.pk))
    return job


def _queue_import(job_id: int) -> None:
    from briefs.tasks import import_garden_task  # tasks import services

    import_garden_task.delay(job_id)


PROGRESS_EVERY = 10  # notes between two writes of an import's progress


def garden_import_run(*, job_id: int) -> GardenImport | None:
    """Import a queued upload, writing its progress as it goes, then its report; its files are then dropped.
    A job already finished is left alone (a redelivered task)."""
    job = GardenImport.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return job
    GardenImport.objects.filter(pk=job.pk).update(status=GardenImport.Status.RUNNING)
    found = sources.from_uploads(job.uploads.values_list("name", "data"))
    try:
        sources.check_limits(found)
    except sources.ImportTooLarge as exc:
        return _finish(job, GardenImport.Status.FAILED, error=str(exc))

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            GardenImport.objects.filter(pk=job.pk).update(done=done)

    report = import_notes(found, dry_run=job.dry_run, progress=progress)
    return _finish(job, GardenImport.Status.DONE, report=[asdict(f) for f in report.files])


def _finish(job: GardenImport, status: str, *, error: str = "", report: list | None = None) -> GardenImport:
    with transaction.atomic():
        job.status, job.error, job.report, job.finished_at = status, error, report or [], timezone.now()
        job.done = job.total if status == GardenImport.Status.DONE else job.done
        job.save()
        job.uploads.all().delete()
    return job


def import_notes(found: Iterable[sources.NoteSource], *, dry_run: bool, progress=None) -> ImportReport:
    """Import each note in its own transaction; `progress(n)` is called after the n-th."""
    report = ImportReport(dry_run=dry_run)
    run = _ImportRun(dry_run=dry_run)
    with _relaxed_commits():
        for number, source in enumerate(found, start=1):
            try:
                result = run.import_source(source)
            except Exception as exc:  # one broken file must not stop the garden: report it and go on
                logger.debug("import of %s failed", source.name, exc_info=True)
                run.topics.clear()
                result = FileResult(source.name, FAILED, _("unexpected error: %(error)s") % {"error": exc})
            report.files.append(result)
            if progress is not None:
                progress(number)
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

    def import_source(self, source: sources.NoteSource) -> FileResult:
        try:
            data = source.read()
            note = parse_note(data, source_name=source.garden_path)
        except (sources.NoteUnreadable, ParseError) as exc:
            return FileResult(source.name, FAILED, str(exc))
        if len(note.items) > MAX_ITEMS_PER_NOTE:
            reason = _("holds %(n)s study items; the limit is %(max)s per note") % {
                "n": len(note.items), "max": MAX_ITEMS_PER_NOTE,
            }  # fmt: skip
            return FileResult(source.name, FAILED, reason)
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
        return self._store(source, note, permalink, note_checksum(data))

    def _store(self, source: sources.NoteSource, note: ParsedNote, permalink: str, checksum: str) -> FileResult:
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
