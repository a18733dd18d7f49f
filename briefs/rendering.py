"""Markdown to safe HTML. Pure: no Django.

Notes come from outside (uploads, zip archives), so whatever markdown-it produces,
raw HTML included, goes through nh3: no scripts, no event handlers, no `javascript:`
URLs, and every id is prefixed (`element_id`). The tokens come from the parser's own markdown-it configuration
(`parsing.tokenize`), so headings and bold section labels carry the ids the parser gives study items, and an item
can link to the section it came from. Wikilinks, images and #tags point where the caller says.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import nh3
from markdown_it.token import Token

from briefs.parsing import md, tokenize

_ID_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {"aside"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{tag: {"id"} for tag in _ID_TAGS},
    "aside": {"role", "aria-label"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Classes the Obsidian syntax renders with (parsing/obsidian.py); any other class is dropped.
CALLOUT_TYPES = ("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
                 "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
                 "danger", "error", "bug", "example", "quote", "cite")  # fmt: skip
ALLOWED_CLASSES = {
    "aside": {"callout", *(f"callout-{kind}" for kind in CALLOUT_TYPES)},
    "p": {"callout-title"},
    "a": {"wikilink", "tag"},
    "span": {"wikilink", "wikilink-missing", "tag", "image-missing"},
}
# Every id in user content gets this prefix, as GitHub does: a note or a prompt must not name an element of the page
# around it (an id "quiz-texts" in a prompt broke the attempt page's Submit button: DOM clobbering).
ID_PREFIX = "user-content-"


def element_id(anchor: str) -> str:
    """The id in rendered HTML of a heading or label whose anchor is `anchor` (StudyItem.anchor)."""
    return ID_PREFIX + anchor


def _prefix_fragment_links(tokens: list[Token]) -> None:
    """A link to a section of the note (`[see](#the-thaw)`) points at the section's prefixed id."""
    for token in tokens:
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str) and href.startswith("#") and not href.startswith("#" + ID_PREFIX):
                child.attrSet("href", "#" + ID_PREFIX + href[1:])


def render_markdown(
    source: str,
    *,
    tokens: list[Token] | None = None,
    link_url: Callable[[str, str], str | None] | None = None,
    image_url: Callable[[str], str | None] | None = None,
    tag_url: Callable[[str], str | None] | None = None,
) -> str:
    """Sanitized HTML for a note body (the frontmatter is never part of `source`).

    `link_url(target, heading)` is where `[[target#heading]]` points, `image_url(path)` where a local image is,
    `tag_url(tag)` where `#tag` points; None (or no function) renders a link as missing, an image as its alt
    text, a tag as plain text. Without `image_url`, `![alt](path)` keeps its path as written. `tokens`: the
    source's tokens if the parser has them already (ParsedNote.tokens); the callables are only used here."""
    env = {"link_url": link_url, "tag_url": tag_url}
    if image_url is not None:
        env["image_url"] = image_url
    tokens = tokenize(source) if tokens is None else tokens
    _prefix_fragment_links(tokens)
    html = md.renderer.render(tokens, md.options, env)
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        id_prefix=ID_PREFIX,
    )


# ---------------------------------------------------------------- table of contents


class _Outline(HTMLParser):
    """Collects (level, id, text) of headings and of bold section labels that carry an id."""

    LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "p": 3}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag in self.LEVELS and anchor:
            self._open = {"tag": tag, "level": self.LEVELS[tag], "id": anchor, "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open["tag"]:
            text = " ".join(self._open["text"].split()).rstrip(":")
            if text:
                self.entries.append({**self._open, "text": text})
            self._open = None


def note_outline(html: str) -> list[dict]:
    """The note's sections for a table of contents. The h1 is dropped: the page shows the title."""
    parser = _Outline()
    parser.feed(html or "")
    return [e for e in parser.entries if e["level"] > 1]
