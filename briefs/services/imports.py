"""Writes for briefs: importing a digital garden (files, folders, .zip archives, uploads), at once or queued."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from briefs import sources
from briefs.database import relaxed_commits
from briefs.models import Brief, GardenImport, GardenUpload, Topic
from briefs.parsing import PARSER_VERSION, ParsedNote, ParseError, parse_note
from briefs.services.garden import GardenRun
from briefs.services.notes import brief_save_note

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_NOTE = 1000  # study items one note may hold

# /api/v1/briefs/import/ is the upload endpoint, so no brief may have the slug "import".
RESERVED_SLUGS = {"import"}

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"

# Part of every checksum with PARSER_VERSION: a change of what an import stores (2: tags, links, images) makes
# the next import store every note again.
STORE_VERSION = "2"


@dataclass
class FileResult:
    name: str
    status: str
    reason: str = ""
    slug: str = ""
    # What the file still imported without: the parser's problems, missing links and images (never silent).
    warnings: list[str] = field(default_factory=list)


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

    @property
    def warned(self) -> list[FileResult]:
        return [f for f in self.files if f.warnings]

    def summary(self) -> str:
        counts = ", ".join(f"{status} {self.count(status)}" for status in (CREATED, UPDATED, UNCHANGED, FAILED))
        return f"{counts} (dry run)" if self.dry_run else counts


# --------------------------------------------------------------------------- public services


def garden_import(*, paths: Sequence[str | Path], dry_run: bool = False) -> ImportReport:
    """Import files, folders (recursively) and .zip archives from the filesystem, in this process. An import over
    the limits (briefs.sources) raises ImportTooLarge before anything is read."""
    found = sources.from_paths(paths)
    sources.check_limits(found)
    return import_notes(found, dry_run=dry_run, images=sources.images_from_paths(paths))


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
    uploads = list(job.uploads.values_list("name", "data"))
    found = sources.from_uploads(uploads)
    try:
        sources.check_limits(found)
    except sources.ImportTooLarge as exc:
        return _finish(job, GardenImport.Status.FAILED, error=str(exc))

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            GardenImport.objects.filter(pk=job.pk).update(done=done)

    report = import_notes(found, dry_run=job.dry_run, progress=progress, images=sources.images_from_uploads(uploads))
    return _finish(job, GardenImport.Status.DONE, report=[asdict(f) for f in report.files])


def _finish(job: GardenImport, status: str, *, error: str = "", report: list | None = None) -> GardenImport:
    with transaction.atomic():
        job.status, job.error, job.report, job.finished_at = status, error, report or [], timezone.now()
        job.done = job.total if status == GardenImport.Status.DONE else job.done
        job.save()
        job.uploads.all().delete()
    return job


def import_notes(found: Iterable[sources.NoteSource], *, dry_run: bool, progress=None, images=None) -> ImportReport:
    """Import each note in its own transaction; `progress(n)` is called after the n-th. `images`: the image files
    of the garden by path (sources.images_from_paths). Once every note is stored, links are resolved across them."""
    report = ImportReport(dry_run=dry_run)
    run = _ImportRun(dry_run=dry_run, garden=GardenRun(images, store=not dry_run))
    with relaxed_commits():
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
        run.garden.finish()  # adds the links still missing to the warnings of the files stored
    return report


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
    return hashlib.sha256(f"{PARSER_VERSION}:{STORE_VERSION}".encode() + b"\0" + data).hexdigest()


class _ImportRun:
    """State shared by the files of one import: topics already resolved, permalinks already seen."""

    def __init__(self, *, dry_run: bool, garden: GardenRun) -> None:
        self.dry_run = dry_run
        self.garden = garden
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
        warnings = list(note.problems)
        if self.dry_run:
            for ref in note.images:
                self.garden.image_url(ref, garden_path=source.garden_path, warnings=warnings)
            return FileResult(source.name, status, slug=slug, warnings=warnings)
        html, image_urls, missing, image_warnings = self.garden.prepare(note, garden_path=source.garden_path, slug=slug)
        warnings += image_warnings
        try:
            with transaction.atomic():
                brief = brief_save_note(
                    note=note, permalink=permalink, checksum=checksum, source_name=source.name[-500:],
                    brief=existing, topics=self.topics, garden_path=source.garden_path, html=html,
                    image_urls=image_urls, missing=missing,
                )  # fmt: skip
        except ValidationError as exc:
            self.topics.clear()  # topics created in the rolled-back transaction are gone
            return FileResult(source.name, FAILED, _validation_reason(exc))
        except DatabaseError as exc:
            self.topics.clear()
            return FileResult(source.name, FAILED, _("database error: %(error)s") % {"error": exc})
        self.garden.stored_note(brief, note, source.garden_path, warnings)  # the list gets its missing links
        return FileResult(source.name, status, slug=slug, warnings=warnings)


def _validation_reason(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)
