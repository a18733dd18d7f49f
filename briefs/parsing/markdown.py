"""The one markdown-it configuration: the parser reads its tokens, the renderer draws them.

CommonMark with raw HTML (sanitised later by rendering.py), tables, strikethrough, front matter,
definition lists, and the Obsidian syntax of `obsidian.py`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from briefs.parsing.obsidian import image_html, obsidian_plugin

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def is_local(src: str) -> bool:
    """A path inside the garden, not a URL (http, data, ...) nor a fragment."""
    return bool(src) and not src.startswith("#") and not _SCHEME.match(src)


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if "image_url" in env and is_local(src):
        return image_html(unquote(src), token.content or src.rsplit("/", 1)[-1], env)
    return self.image(tokens, idx, options, env)


def _markdown() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(deflist_plugin)
        .use(obsidian_plugin)
    )
    md.add_render_rule("image", _render_image)
    return md


md = _markdown()

# --------------------------------------------------------------------------- plain text

_STRAY_MARKERS = re.compile(r"\*\*|__")


def plain_text(children: list[Token] | None) -> str:
    """The words of inline tokens: no markup, no HTML; wikilinks give their alias or target, links their text,
    images their alt text, #tags their text. Line breaks stay as `\\n`."""
    parts: list[str] = []
    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline", "wikilink"):
            parts.append(child.content)
        elif kind == "image":
            parts.append(plain_text(child.children))
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "tag":
            parts.append("#" + child.content)
    # Unmatched `**` or `__` are broken markup, never meant as words.
    return _STRAY_MARKERS.sub("", "".join(parts))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def plain_inline(raw: str) -> str:
    """Inline Markdown as one line of plain text."""
    tokens = md.parseInline(raw)
    return squash(plain_text(tokens[0].children if tokens else None))
