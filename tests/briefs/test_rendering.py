"""briefs/rendering.py: pure, no database."""

import re

import pytest

from briefs.parsing import parse_note
from briefs.rendering import render_markdown
from tests.briefs.conftest import FAQ, SEED, STUDY_GUIDE, TIMELINE, sample_bytes


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ("[x](javascript:alert(1))", 'href="javascript'),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<div onclick="steal()">x</div>', "onclick"),
        ("<svg><script>alert(1)</script></svg>", "<script"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<form action="https://evil.example"><input name="p"></form>', "<form"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "javascript"),
    ],
)
def test_xss_is_stripped(markdown, forbidden):
    html = render_markdown(f"# Title\n\n{markdown}\n")
    assert forbidden.lower() not in html.lower()
    assert '<h1 id="user-content-title">Title</h1>' in html


def test_safe_markdown_survives():
    html = render_markdown("**bold** _it_ [link](https://example.org) `code`\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<code>code</code>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert '<td style="text-align:right">2</td>' in html


@pytest.mark.parametrize("name", [SEED, STUDY_GUIDE, TIMELINE, FAQ])
def test_every_item_anchor_is_an_id_in_the_html(name):
    note = parse_note(sample_bytes(name))
    html = render_markdown(note.body)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert {f"user-content-{item.anchor}" for item in note.items} <= set(ids)


def test_seed_html_is_repaired_and_has_no_frontmatter():
    note = parse_note(sample_bytes(SEED))
    html = render_markdown(note.body)
    assert "<em>Encyclopædia Britannica</em>" in html
    assert "√" not in html and "dg-publish" not in html and "permalink" not in html
    assert '<p id="user-content-key-themes"><strong>Key Themes:</strong></p>' in html


def test_anchor_rules_match_the_parser_on_tricky_blocks():
    source = (
        "## Key Themes\n\n> **Quoted bold**\n\n- **Listed bold**\n\n**Key Themes**\n\nSetext\n---\n\n**Two**\nlines\n"
    )
    note = parse_note(source)
    html = render_markdown(note.body)
    assert re.findall(r'id="user-content-([^"]+)"', html) == ["key-themes", "key-themes-1", "setext"]
