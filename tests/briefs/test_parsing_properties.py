"""Properties of the parser over generated notes: only ParseError, plain item texts, anchors that exist in the
rendered HTML, and line ends or a BOM that change nothing."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefs.parsing import ParseError, parse_note
from briefs.rendering import render_markdown

WORDS = st.sampled_from(["Power", "reform", "1953", "March 5, 1953", "Gagarin", "the Thaw", "Why", "x?", "Détente"])
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"**{w}**"),
    WORDS.map(lambda w: f"__{w}__"),
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"[[{w}]]"),
    st.tuples(WORDS, WORDS, WORDS).map(lambda t: f"[[{t[0]}#{t[1]}|{t[2]}]]"),
    WORDS.map(lambda w: f"![[{w}.png]]"),
    WORDS.map(lambda w: f'<b class="x">{w}</b>'),
    WORDS.map(lambda w: f"[{w}](https://example.org/{len(w)})"),
    WORDS.map(lambda w: f"`{w}`"),
    st.sampled_from(["#tag", "#a/b", "#1961", ":", " – "]),
)
LINE = st.lists(INLINE, min_size=1, max_size=5).map(" ".join)


def _cell(text: str) -> str:
    """In a table a wikilink's bar is escaped, as Obsidian wants it (a bare one splits the cell)."""
    return re.sub(r"\[\[[^\]]*\]\]", lambda m: m.group().replace("|", "\\|"), text)


SECTION = st.sampled_from(
    ["Key Themes", "Important Ideas and Facts", "Key Quotes", "Conclusion", "Quiz", "Answer Key", "Essay Questions",
     "Glossary", "Timeline", "Cast of Characters", "FAQ", "Cold War: FAQ", "Space Race Timeline", "Random stuff"]
)  # fmt: skip
BLOCK = st.one_of(
    st.tuples(st.integers(1, 4), st.one_of(SECTION, LINE)).map(lambda t: "#" * t[0] + " " + t[1]),
    SECTION.map(lambda s: f"**{s}:**"),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"- {line}" for line in ls)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"{i}. {x}" for i, x in enumerate(ls, 1))),
    st.tuples(LINE, LINE).map(lambda t: f"- {t[0]}\n  - {t[1]}"),
    st.tuples(LINE, LINE).map(lambda t: f"| a | b |\n|---|---|\n| {_cell(t[0])} | {_cell(t[1])} |"),
    st.tuples(LINE, LINE).map(lambda t: f"{t[0]}\n:   {t[1]}"),
    st.tuples(WORDS, LINE).map(lambda t: f"> [!note] {t[0]}\n> {t[1]}"),
    st.tuples(LINE, LINE).map(lambda t: f"Q: {t[0]}?\nA: {t[1]}"),
    LINE,
)
NOTE = st.lists(BLOCK, min_size=1, max_size=12).map("\n\n".join)
MARKUP = re.compile(r"<[a-zA-Z/!]|\*\*|__|\[\[|\]\]|`")


@settings(max_examples=200, deadline=None)
@given(NOTE)
def test_item_fields_are_plain_text(text):
    for item in parse_note(text).items:
        for value in (item.text, item.label, item.answer):
            assert not MARKUP.search(value), (value, text)


@settings(max_examples=150, deadline=None)
@given(NOTE)
def test_item_anchors_are_ids_in_the_rendered_html(text):
    note = parse_note(text)
    ids = set(re.findall(r'id="user-content-([^"]+)"', render_markdown(note.body)))
    assert {item.anchor for item in note.items if item.anchor} <= ids


@settings(max_examples=150, deadline=None)
@given(NOTE, st.sampled_from(["", "---\ntitle: T\ntags: [a]\n---\n", '{"title": "T"}\n', "+++\ntitle = 'T'\n+++\n"]))
def test_crlf_and_a_bom_parse_as_lf(text, frontmatter):
    lf = parse_note(frontmatter + text)
    crlf = parse_note(b"\xef\xbb\xbf" + (frontmatter + text).replace("\n", "\r\n").encode())
    assert (crlf.title, crlf.kind, crlf.items, crlf.tags, crlf.links, crlf.images, crlf.problems, crlf.body) == (
        lf.title, lf.kind, lf.items, lf.tags, lf.links, lf.images, lf.problems, lf.body,
    )  # fmt: skip


NOISE = st.sampled_from(
    ["[[", "]]", "![[", "|", "#", "#tag", "> [!note]", "> [!", "]-", "+++\n", "{\"", "{", "}", ":   ", "---\n",
     "\n", "\n\n", "- ", "1. ", "**", "| a | b |\n|---|---|\n", "Q: ", "A: ", "?", "### ", "<b>", "`", "\r\n"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(NOISE, st.text(max_size=6)), max_size=40))
def test_obsidian_shaped_noise_only_ever_raises_parse_error(parts):
    try:
        note = parse_note("".join(parts))
    except ParseError:
        return
    render_markdown(note.body, link_url=lambda t, h: "/x/", image_url=lambda p: None, tag_url=lambda t: "/t/")
    assert all(isinstance(link.target, str) for link in note.links)
    assert len(note.tags) == len(set(note.tags)) and all(t == t.lower() for t in note.tags)


FRONTMATTERS = st.sampled_from(
    ["", "---\ntitle: T\ntags: [a]\n---\n", '---\n{"title": "T"}\n---\n', '{"title": "T"}\n', "+++\ntitle = 'T'\n+++\n",
     "---\ntitle: T\n---\n---\nnot: frontmatter\n---\n"]
)  # fmt: skip


@example("", "---\n---\n<b>")  # raw HTML last in a file with no final line end
@example('{"title": "T"}\n', "\n---\n---\n")  # a blank line, then what looks like frontmatter
@settings(max_examples=300, deadline=None)
@given(FRONTMATTERS, st.one_of(NOTE, st.lists(st.one_of(NOISE, st.text(max_size=6)), max_size=40).map("".join)))
def test_the_parsers_tokens_render_as_the_body_does(frontmatter, text):
    """The import renders the tokens the parser read (one markdown-it pass per note): the same HTML as the body."""
    try:
        note = parse_note(frontmatter + text)
    except ParseError:
        return
    urls = {"link_url": lambda t, h: f"/{t}/{h}", "image_url": lambda p: f"/i/{p}", "tag_url": lambda t: f"/t/{t}"}
    assert render_markdown(note.body, tokens=note.tokens, **urls) == render_markdown(note.body, **urls)
