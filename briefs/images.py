"""Images of a garden (`![[x.png]]`, `![](img/x.png)`): which file a reference means, and the checks and
re-encoding an image passes before it is stored. Pure: Pillow and the stdlib, no Django."""

from __future__ import annotations

import hashlib
import io
import posixpath
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # one image file
MAX_IMAGE_PIXELS = 25_000_000  # width × height: more is a decompression bomb for a study note
# Pillow's format → (format to write, suffix). The type comes from the content, never from the file name.
FORMATS = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpg"), "GIF": ("GIF", "gif"), "WEBP": ("WEBP", "webp")}


class ImageRefused(ValueError):
    """Not an image we store; the message says why, for the import report."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    suffix: str

    @property
    def name(self) -> str:
        """A content-hash name: the same image is stored once, and nothing of the upload's path is kept."""
        return f"{hashlib.sha256(self.data).hexdigest()}.{self.suffix}"


def is_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def clean_image(data: bytes) -> CleanImage:
    """The image re-encoded without its metadata (EXIF, GPS, comments), or ImageRefused."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"larger than {MAX_IMAGE_BYTES // 2**20} MB, the limit for one image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ImageRefused(f"{image.width}×{image.height} pixels, more than {MAX_IMAGE_PIXELS:,} in all")
            image.load()
            return _reencode(image)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageRefused("not a PNG, JPEG, GIF or WebP image" if isinstance(exc, UnidentifiedImageError)
                           else "a decompression bomb") from exc  # fmt: skip
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated or corrupt data
        raise ImageRefused(f"a damaged image ({exc})") from exc


def _reencode(image: Image.Image) -> CleanImage:
    fmt, suffix = FORMATS[image.format]
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, fmt, quality=88)
    elif fmt == "GIF":
        # Animated GIFs keep their frames; only the pixels and the timing are written back.
        image.save(out, fmt, save_all=getattr(image, "is_animated", False))
    else:
        image = image if image.mode in ("RGB", "RGBA", "L", "LA", "P") else image.convert("RGBA")
        image.save(out, fmt)
    return CleanImage(out.getvalue(), suffix)


# --------------------------------------------------------------------------- which file a reference means


class ImageIndex:
    """The image files of an import by their path in the garden, to resolve a note's references as Obsidian does:
    relative to the note, then from the garden's root, then by file name anywhere (nearest the note first)."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = {p: p for p in paths}
        self.folded = {p.casefold(): p for p in sorted(self.paths, reverse=True)}
        self.by_name: dict[str, list[str]] = {}
        for path in sorted(self.paths, key=lambda p: (p.count("/"), p)):
            self.by_name.setdefault(posixpath.basename(path).casefold(), []).append(path)

    def resolve(self, ref: str, *, note_path: str) -> str | None:
        ref = unquote(ref.split("|", 1)[0].split("#", 1)[0]).strip().lstrip("/")
        if not ref or "://" in ref:
            return None
        folder = posixpath.dirname(note_path)
        for candidate in (posixpath.join(folder, ref), ref):
            candidate = posixpath.normpath(candidate)
            if found := self.paths.get(candidate) or self.folded.get(candidate.casefold()):
                return found
        named = self.by_name.get(posixpath.basename(ref).casefold(), [])
        return next((p for p in named if posixpath.dirname(p) == folder), named[0] if named else None)
