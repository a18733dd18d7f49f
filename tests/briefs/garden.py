"""Helpers for the garden tests (issue 27): images made by Pillow."""

from __future__ import annotations

import io

from PIL import Image


def image_bytes(fmt: str = "PNG", size=(4, 3), **info) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, **info)
    return out.getvalue()
