"""Helpers for the garden tests (issue 27): images, and the parser's garden fields.

Until the parser rewrite lands, `briefs.parsing` fills `tags` from the frontmatter only and leaves `links`,
`images` and `problems` empty. `garden_parse` fills them as the contract says, so the services can be tested
against it now; after the merge `REAL_PARSER` is true and the tests use the parser itself.
Tests marked `needs_real_renderer` check HTML only the real renderer produces (wikilinks, embeds, callouts):
they are skipped until the merge."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from PIL import Image

from briefs import parsing
from briefs.parsing import WikiLink
from briefs.rendering import render_markdown

REAL_PARSER = bool(parsing.parse_note("# T\n\n[[Other]] #tag\n").links)
REAL_RENDERER = "href" in render_markdown("[[Other]]", link_url=lambda target, heading: "/x/")
needs_real_renderer = pytest.mark.skipif(
    not REAL_RENDERER, reason="needs the garden renderer of issue 27 (parser branch): check after the merge"
)

_LINK = re.compile(r"(?<!!)\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]")
_EMBED = re.compile(r"!\[\[([^\]|#]+)(?:\|[^\]]*)?\]\]|!\[[^\]]*\]\(([^)\s]+)\)")
_TAG = re.compile(r"(?<![\w#/])#([A-Za-z][\w/-]*)")


def garden_parse(data, *, source_name=""):
    """`parse_note` with the garden fields the contract promises (the real parser's, once it is merged)."""
    note = parsing.parse_note(data, source_name=source_name)
    if REAL_PARSER:
        return note
    body = note.body
    return dataclasses.replace(
        note,
        tags=list(dict.fromkeys([*note.tags, *(t.lower() for t in _TAG.findall(body))])),
        links=[WikiLink(t.strip(), h.strip(), a.strip()) for t, h, a in _LINK.findall(body)],
        images=[a or b for a, b in _EMBED.findall(body)],
    )


@pytest.fixture
def garden_parser(monkeypatch):
    monkeypatch.setattr("briefs.services.imports.parse_note", garden_parse)


def image_bytes(fmt: str = "PNG", size=(4, 3), **info) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, **info)
    return out.getvalue()
