"""Markdown to safe HTML. Pure: no Django.

Notes come from outside (uploads, zip archives), so whatever markdown-it produces,
raw HTML included, goes through nh3: no scripts, no event handlers, no `javascript:`
URLs, and every id is prefixed (`element_id`). Headings and bold section labels get the ids the parser gives
study items (`parsing.AnchorSet`), so an item can link to the section it came from.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefs.parsing import BOLD_LINE, AnchorSet

_ID_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{tag: {"id"} for tag in _ID_TAGS},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Every id in user content gets this prefix, as GitHub does: a note or a prompt must not name an element of the page
# around it (an id "quiz-texts" in a prompt broke the attempt page's Submit button: DOM clobbering).
ID_PREFIX = "user-content-"


def element_id(anchor: str) -> str:
    """The id in rendered HTML of a heading or label whose anchor is `anchor` (StudyItem.anchor)."""
    return ID_PREFIX + anchor


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _markdown()


def _add_anchors(tokens: list[Token]) -> None:
    """Ids on top-level headings and bold-only paragraphs, in document order (as the parser counts)."""
    anchors = AnchorSet()
    for index, token in enumerate(tokens[:-1]):
        if token.level != 0 or token.type not in ("heading_open", "paragraph_open"):
            continue
        inline = tokens[index + 1]
        content = inline.content if inline.type == "inline" else ""
        if token.type == "heading_open" or ("\n" not in content and BOLD_LINE.match(content)):
            token.attrSet("id", anchors.add(content))


def _prefix_fragment_links(tokens: list[Token]) -> None:
    """A link to a section of the note (`[see](#the-thaw)`) points at the section's prefixed id."""
    for token in tokens:
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str) and href.startswith("#") and not href.startswith("#" + ID_PREFIX):
                child.attrSet("href", "#" + ID_PREFIX + href[1:])


def render_markdown(source: str, *, link_url=None, image_url=None, tag_url=None) -> str:
    """Sanitized HTML for a note body (the frontmatter is never part of `source`). Minimal garden support until
    the renderer rewrite (issue 27): `image_url` maps Markdown images; `link_url` and `tag_url` are accepted."""
    tokens = _MD.parse(source)
    _add_anchors(tokens)
    _prefix_fragment_links(tokens)
    if image_url is not None:
        _map_images(tokens, image_url)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return sanitize_html(html)


def _map_images(tokens: list[Token], image_url) -> None:
    for child in (c for t in tokens for c in t.children or () if c.type == "image"):
        url = image_url(child.attrGet("src") or "")
        if url is None:
            child.type, child.tag, child.content = "text", "", "[missing image: " + child.content + "]"
        else:
            child.attrSet("src", url)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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
