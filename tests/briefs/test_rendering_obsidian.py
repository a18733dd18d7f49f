"""render_markdown with wikilinks, embeds, #tags and callouts: the caller says where things point."""

import re
from html.parser import HTMLParser

import pytest

from briefs.rendering import render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def links(target: str, heading: str) -> str | None:
    return None if target == "Missing" else f"/briefs/{target.lower().replace(' ', '-')}/"


def test_wikilinks_point_where_the_caller_says_or_show_as_missing():
    html = render_markdown("[[Cold War#Thaw|the thaw]], [[Cold War]] and [[Missing|gone]]", link_url=links)
    assert '<a class="wikilink" href="/briefs/cold-war/" rel="noopener noreferrer nofollow">the thaw</a>' in html
    assert ">Cold War</a>" in html
    assert '<span class="wikilink wikilink-missing">gone</span>' in html


def test_without_a_link_function_every_wikilink_is_missing():
    assert render_markdown("[[A]]") == '<p><span class="wikilink wikilink-missing">A</span></p>\n'


def test_the_heading_reaches_the_link_function():
    seen = []
    render_markdown("[[Note#Some Heading]]", link_url=lambda t, h: seen.append((t, h)))
    assert seen == [("Note", "Some Heading")]


def test_images_from_embeds_and_markdown():
    html = render_markdown(
        "![[map.png|A map]] ![[gone.png]] ![Wall](img/wall.jpg) ![r](https://example.org/x.png)",
        image_url=lambda path: None if path == "gone.png" else f"/media/{path}",
    )
    assert '<img src="/media/map.png" alt="A map">' in html
    assert '<span class="image-missing">gone.png</span>' in html
    assert '<img src="/media/img/wall.jpg" alt="Wall">' in html
    assert '<img src="https://example.org/x.png" alt="r">' in html


def test_without_an_image_function_an_embed_shows_its_name_and_markdown_images_keep_their_path():
    html = render_markdown("![[map.png]] ![Wall](img/wall.jpg)")
    assert '<span class="image-missing">map.png</span>' in html and '<img src="img/wall.jpg" alt="Wall">' in html


def test_an_embedded_note_renders_as_a_link():
    assert 'href="/briefs/cold-war/"' in render_markdown("![[Cold War]]", link_url=links)


def test_tags_link_or_stay_text():
    html = render_markdown("#Berlin and `#code` and #123", tag_url=lambda tag: f"/tags/{tag}/")
    assert '<a class="tag" href="/tags/Berlin/" rel="noopener noreferrer nofollow">#Berlin</a>' in html
    assert "<code>#code</code>" in html and "#123" in html and html.count('class="tag"') == 1
    assert '<span class="tag">#Berlin</span>' in render_markdown("#Berlin")


@pytest.mark.parametrize(
    ("markdown", "kind", "title"),
    [
        ("> [!note] Optional title\n> Body.", "note", "Optional title"),
        ("> [!WARNING]\n> Body.", "warning", "Warning"),
        ("> [!tip]- Folded\n> Body.", "tip", "Folded"),
        ("> [!question]+ Open?\n> Body.", "question", "Open?"),
    ],
)
def test_callouts_are_accessible_asides(markdown, kind, title):
    html = render_markdown(markdown)
    assert html.startswith(f'<aside class="callout callout-{kind}" role="note" aria-label="{title}">\n')
    assert f'<p class="callout-title">{title}</p>' in html and "<p>Body.</p>" in html and "<blockquote>" not in html


def test_a_plain_blockquote_stays_a_blockquote():
    assert render_markdown("> [not a callout]\n> text").startswith("<blockquote>")


@pytest.mark.parametrize(
    "markdown",
    [
        '> [!note] <script>alert(1)</script>" onmouseover="x\n> body',
        '> [!x" onclick="alert(1)] t\n> body',
        '[[a" onclick="alert(1)|b]]',
        "#tag<script>alert(1)</script>",
    ],
)
def test_obsidian_syntax_cannot_inject(markdown):
    html = render_markdown(markdown, link_url=lambda t, h: "javascript:alert(1)", tag_url=lambda t: "javascript:x")
    # The text may say "onclick" (escaped); no element may be a script or carry a handler or a javascript: URL.
    found = _Elements()
    found.feed(html)
    assert "script" not in found.tags, html
    assert not [(name, value) for name, value in found.attributes if name.startswith("on")], html
    assert not [value for _, value in found.attributes if "javascript:" in (value or "").lower()], html


def test_only_the_classes_the_renderer_emits_survive():
    html = render_markdown('<span class="evil tag">x</span> <p class="callout-title other">y</p>')
    assert re.findall(r'class="([^"]*)"', html) == ["tag", "callout-title"]
