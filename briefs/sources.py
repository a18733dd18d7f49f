"""Where an import's notes come from (files, folders, .zip archives, uploads), and the limits that keep an import
bounded. Sources are listed first, with their sizes, so that the limits are checked before any note is read or
stored; each note is read when it is imported. No ORM here."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from briefs.images import MAX_IMAGE_BYTES, is_image

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_NOTES = 2000  # notes in one import
MAX_NOTE_BYTES = 1024 * 1024  # one note; a long study note is some 50 KB
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # every note of one import, expanded
MAX_ZIP_BYTES = 20 * 1024 * 1024  # one archive, compressed
MAX_ZIP_MEMBERS = 5000  # entries of any kind in one archive


class ImportTooLarge(ValueError):
    """An import over one of the limits above; the message names it. Nothing was read or stored."""


class NoteUnreadable(ValueError):
    """One note that cannot be read; the message says why (the other notes go on)."""


@dataclass
class NoteSource:
    """One note to import: its display name, its path in the garden, its size, how to read it, or why it cannot be."""

    name: str
    garden_path: str = ""
    size: int = 0
    error: str = ""
    reader: Callable[[], bytes] | None = None

    def read(self) -> bytes:
        if self.error:
            raise NoteUnreadable(self.error)
        data = self.reader()
        if len(data) > MAX_NOTE_BYTES:  # a declared size can lie (a zip member's)
            raise NoteUnreadable(too_large())
        return data


def too_large() -> str:
    return _("larger than %(kb)d KB, the limit for one note") % {"kb": MAX_NOTE_BYTES // 1024}


def is_note(name: str) -> bool:
    return name.lower().endswith(NOTE_SUFFIXES)


def check_limits(sources: Iterable[NoteSource]) -> None:
    """Refuse an import over the limits of notes or bytes, naming the limit, before anything is read."""
    notes = [s for s in sources if not s.error]
    if len(notes) > MAX_NOTES:
        raise ImportTooLarge(
            _("This import holds %(n)s notes; the limit is %(max)s notes per import. Import the garden in parts.")
            % {"n": len(notes), "max": MAX_NOTES}
        )
    total = sum(s.size for s in notes)
    if total > MAX_IMPORT_BYTES:
        raise ImportTooLarge(
            _("This import holds %(mb).1f MB of notes; the limit is %(max)d MB per import. Import the garden in parts.")
            % {"mb": total / 2**20, "max": MAX_IMPORT_BYTES // 2**20}
        )


# --------------------------------------------------------------------------- files and folders


def from_paths(paths: Iterable[str | Path]) -> list[NoteSource]:
    return [source for path in paths for source in _path_sources(Path(path))]


def _path_sources(path: Path) -> Iterator[NoteSource]:
    if path.is_dir():
        yield from _folder_sources(path)
    elif not path.is_file():
        yield NoteSource(str(path), error=_("no such file or directory"))
    elif path.suffix.lower() == ".zip":
        yield from _zip_file_sources(path)
    elif is_note(path.name):
        yield _file_source(path, path.name)
    else:
        yield NoteSource(str(path), error=_("not a note (.md, .markdown, .txt) or a .zip archive"))


def _folder_sources(root: Path) -> Iterator[NoteSource]:
    """Notes under a folder (see `_walk`). A linked note is read only if it lies inside the folder: a link must
    not reach any file on the server."""
    inside = root.resolve()
    for path, relative in _walk(root, is_note):
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            yield NoteSource(str(path), error=_("a link to a file outside the folder"))
        else:
            yield _file_source(path, relative)


def _walk(root: Path, wanted: Callable[[str], bool]) -> Iterator[tuple[Path, str]]:
    """(path, path relative to root) of the wanted files under a folder, in order; hidden folders (.obsidian, .git)
    and files are skipped, and so are linked folders."""
    for folder, folders, files in os.walk(root):  # does not follow linked folders
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and wanted(name):
                path = Path(folder) / name
                yield path, path.relative_to(root).as_posix()


def _file_source(path: Path, garden_path: str) -> NoteSource:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return NoteSource(str(path), error=_("cannot be read: %(error)s") % {"error": exc.strerror or exc})
    if size > MAX_NOTE_BYTES:
        return NoteSource(str(path), error=too_large())
    return NoteSource(str(path), garden_path, size, reader=lambda: _read_file(path))


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_NOTE_BYTES + 1)
    except OSError as exc:
        raise NoteUnreadable(_("cannot be read: %(error)s") % {"error": exc.strerror or exc}) from exc


def _zip_file_sources(path: Path) -> Iterator[NoteSource]:
    if path.stat().st_size > MAX_ZIP_BYTES:
        yield NoteSource(str(path), error=_zip_too_large())
        return
    yield from zip_sources(str(path), path.read_bytes())


# --------------------------------------------------------------------------- uploads and archives


def from_uploads(uploads: Iterable[tuple[str, bytes]]) -> list[NoteSource]:
    """Sources from uploaded files, as (name, bytes)."""
    return [source for name, data in uploads for source in _upload_sources(name, data)]


def upload_name(name: str) -> str:
    """The file name of an upload, without any folder a browser or client sent along."""
    return PurePosixPath(str(name).replace("\\", "/")).name


def _upload_sources(name: str, data: bytes) -> Iterator[NoteSource]:
    if name.lower().endswith(".zip") and len(data) > MAX_ZIP_BYTES:
        yield NoteSource(name, error=_zip_too_large())
    elif name.lower().endswith(".zip"):
        yield from zip_sources(name, data)
    elif not is_note(name):
        yield NoteSource(name, error=_("not a note (.md, .markdown, .txt) or a .zip archive"))
    elif len(data) > MAX_NOTE_BYTES:
        yield NoteSource(name, error=too_large())
    else:
        yield NoteSource(name, name, len(data), reader=lambda: data)


def _zip_too_large() -> str:
    return _("archive larger than %(mb)d MB") % {"mb": MAX_ZIP_BYTES // 2**20}


def _unsafe_member(name: str) -> bool:
    """Zip slip: absolute paths, drive letters and `..` never name a note."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\x00" in name


def zip_sources(name: str, data: bytes) -> list[NoteSource]:
    """The notes of an archive, each read from it when imported; hidden files and macOS resource forks skipped."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return [NoteSource(name, error=_("not a valid .zip archive"))]
    if len(members) > MAX_ZIP_MEMBERS:
        count = ngettext("archive holds more than %(n)d file", "archive holds more than %(n)d files", MAX_ZIP_MEMBERS)
        return [NoteSource(name, error=count % {"n": MAX_ZIP_MEMBERS})]
    notes = [info for info in members if is_note(info.filename)]
    return [_member_source(archive, info, name) for info in notes if not _hidden(info.filename)]


def _hidden(filename: str) -> bool:
    """Hidden files and macOS resource forks (a `..` is not hidden: it is refused as unsafe)."""
    return any(p.startswith((".", "__MACOSX")) and p != ".." for p in filename.split("/"))


def _member_source(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> NoteSource:
    member = f"{name}:{info.filename}"
    if _unsafe_member(info.filename):
        return NoteSource(member, error=_("unsafe path in archive"))
    if info.file_size > MAX_NOTE_BYTES:
        return NoteSource(member, error=too_large())
    return NoteSource(member, info.filename, info.file_size, reader=lambda: _read_member(archive, info))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as handle:
            return handle.read(MAX_NOTE_BYTES + 1)  # never trust the declared size: one byte past the limit at most
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, OSError, EOFError, ValueError) as exc:
        raise NoteUnreadable(_("cannot be extracted: %(error)s") % {"error": exc}) from exc


# --------------------------------------------------------------------------- images


@dataclass
class ImageSource:
    """An image file of the garden that notes may show; read (at most one byte past the limit) when first used."""

    garden_path: str
    reader: Callable[[], bytes]


def images_from_paths(paths: Iterable[str | Path]) -> dict[str, ImageSource]:
    """The images of the folders and archives of an import, by their path in the garden."""
    found: dict[str, ImageSource] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = path.resolve()
            for file, relative in _walk(path, is_image):
                if not file.is_symlink() or file.resolve().is_relative_to(inside):
                    found[relative] = ImageSource(relative, partial(_read_image, file))
        elif path.is_file() and path.suffix.lower() == ".zip" and path.stat().st_size <= MAX_ZIP_BYTES:
            found.update(zip_images(path.read_bytes()))
    return found


def images_from_uploads(uploads: Iterable[tuple[str, bytes]]) -> dict[str, ImageSource]:
    found: dict[str, ImageSource] = {}
    for name, data in uploads:
        if name.lower().endswith(".zip") and len(data) <= MAX_ZIP_BYTES:
            found.update(zip_images(data))
    return found


def zip_images(data: bytes) -> dict[str, ImageSource]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()[: MAX_ZIP_MEMBERS + 1]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return {}  # the archive's notes report it
    return {
        info.filename: ImageSource(info.filename, partial(_read_zip_image, archive, info))
        for info in members
        if not info.is_dir() and is_image(info.filename) and not _hidden(info.filename)
        and not _unsafe_member(info.filename)
    }  # fmt: skip


def _read_image(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_IMAGE_BYTES + 1)


def _read_zip_image(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as handle:
            return handle.read(MAX_IMAGE_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, ValueError) as exc:
        raise OSError(str(exc)) from exc
