"""markdown-it plugins for Obsidian syntax: wikilinks, embeds, body #tags and callouts.

Each plugin makes tokens (parsed by the parser, drawn by the renderer); the renderer asks the
caller, through `env`, where a link, an image or a tag points (see rendering.render_markdown).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif")


# --------------------------------------------------------------------------- [[wikilinks]] and ![[embeds]]


def _link_end(state: StateInline, start: int) -> int:
    """Where the `]]` closing a link opened at `start` is, or -1. The next `]]` and the last `[` before it are
    remembered on the state, so a line of many `[[` costs linear time, not quadratic."""
    cached = getattr(state, "wikilink_close", None)
    if cached is None or (cached[0] != -1 and cached[0] < start):
        end = state.src.find("]]", start)
        cached = (end, state.src.rfind("[", 0, end) if end != -1 else -1)
        state.wikilink_close = cached
    end, last_open = cached
    if end == -1 or last_open != start - 1:
        return -1  # a `[` between here and the `]]`: this is not the innermost link
    inner = state.src[start:end]
    return -1 if "]" in inner or "\n" in inner else end


def split_link(inner: str) -> tuple[str, str, str]:
    """`Note#Heading|alias` → ("Note", "Heading", "alias"); a `.md` suffix is not part of the name. In a table
    the bar is written `\\|` (Obsidian's rule: a bare one would split the cell)."""
    target, _, alias = inner.replace("\\|", "|").partition("|")
    target, _, heading = target.partition("#")
    target = target.strip()
    if target.lower().endswith(".md"):
        target = target[:-3]
    return target, heading.strip(), alias.strip()


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    embed = state.src.startswith("![[", pos)
    opening = pos + 3 if embed else pos + 2
    if not (embed or state.src.startswith("[[", pos)):
        return False
    end = _link_end(state, opening)
    if end == -1:
        return False
    target, heading, alias = split_link(state.src[opening:end])
    if not (target or heading):
        return False
    if not silent:
        token = state.push("embed" if embed else "wikilink", "", 0)
        token.meta = {"target": target, "heading": heading, "alias": alias}
        token.content = alias or target or heading
    state.pos = end + 2
    return True


# --------------------------------------------------------------------------- #tags

_TAG = re.compile(r"#([\w/-]+)")
_HAS_LETTER = re.compile(r"[^\W\d]")


def _tag_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "#" or state.linkLevel > 0:
        return False
    if pos > 0 and not state.src[pos - 1].isspace():
        return False  # "C#", "page/#part": only a word of its own is a tag
    m = _TAG.match(state.src, pos)
    if not m or not _HAS_LETTER.search(m.group(1)):
        return False  # "#123" is a number, not a tag
    if not silent:
        token = state.push("tag", "", 0)
        token.content = m.group(1)
    state.pos = m.end()
    return True


# --------------------------------------------------------------------------- > [!type] callouts

_CALLOUT = re.compile(r"^\[!([\w-]+)\][-+]?[ \t]*(.*)$")


def _callout_rule(state: StateCore) -> None:
    """A blockquote whose first line is `[!type] Title` becomes a callout (runs before inline parsing)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        inline = tokens[index + 2]
        if token.type != "blockquote_open" or tokens[index + 1].type != "paragraph_open":
            continue
        first, _, rest = inline.content.partition("\n")
        m = _CALLOUT.match(first.strip())
        if not m:
            continue
        kind = m.group(1).lower()
        token.type, token.tag = "callout_open", "aside"
        token.meta = {"type": kind, "title": m.group(2).strip() or kind.capitalize()}
        _close_of(tokens, index).type = "callout_close"
        inline.content = rest
        if not rest.strip():
            tokens[index + 1].hidden = inline.hidden = tokens[index + 3].hidden = True
            inline.content = ""


def _close_of(tokens, index: int):
    level = tokens[index].level
    return next(t for t in tokens[index + 1 :] if t.type == "blockquote_close" and t.level == level)


# --------------------------------------------------------------------------- rendering


def _render_wikilink(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    text = escapeHtml(tokens[idx].content)
    link_url = env.get("link_url")
    url = link_url(meta["target"], meta["heading"]) if link_url else None
    if url is None:
        return f'<span class="wikilink wikilink-missing">{text}</span>'
    return f'<a class="wikilink" href="{escapeHtml(url)}">{text}</a>'


def _render_embed(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    if not meta["target"].lower().endswith(IMAGE_SUFFIXES):
        return _render_wikilink(self, tokens, idx, options, env)  # a note is linked, not transcluded
    alt = meta["alias"] or meta["target"].rsplit("/", 1)[-1]
    return image_html(meta["target"], alt, env)


def image_html(path: str, alt: str, env: dict) -> str:
    """`<img>` at the URL the caller gives for a local image, or a visible stand-in when it has none."""
    image_url = env.get("image_url")
    url = image_url(path) if image_url else None
    if url is None:
        return f'<span class="image-missing">{escapeHtml(alt)}</span>'
    return f'<img src="{escapeHtml(url)}" alt="{escapeHtml(alt)}">'


def _render_tag(self, tokens, idx, options, env) -> str:
    tag = tokens[idx].content
    tag_url = env.get("tag_url")
    url = tag_url(tag) if tag_url else None
    if url is None:
        return f'<span class="tag">#{escapeHtml(tag)}</span>'
    return f'<a class="tag" href="{escapeHtml(url)}">#{escapeHtml(tag)}</a>'


def _render_callout_open(self, tokens, idx, options, env) -> str:
    kind, title = (escapeHtml(tokens[idx].meta[k]) for k in ("type", "title"))
    return (
        f'<aside class="callout callout-{kind}" role="note" aria-label="{title}">\n'
        f'<p class="callout-title">{title}</p>\n'
    )


def _render_callout_close(self, tokens, idx, options, env) -> str:
    return "</aside>\n"


def obsidian_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("link", "tag", _tag_rule)
    md.core.ruler.after("block", "callout", _callout_rule)
    for name, rule in (
        ("wikilink", _render_wikilink),
        ("embed", _render_embed),
        ("tag", _render_tag),
        ("callout_open", _render_callout_open),
        ("callout_close", _render_callout_close),
    ):
        md.add_render_rule(name, rule)
