"""The brief page shows each thing once (issue 24, point 6): the study aids, the rest of the note once, answers
behind "Show the answer", one h1. On the seed note, each sample shape and each layout under tests/briefs/notes/."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from briefs.page import note_rest
from briefs.rendering import render_markdown
from briefs.services import garden_import

NOTES = Path(__file__).parent / "notes"
NOTE_FILES = sorted(NOTES.iterdir()) + sorted(DEMO_GARDEN.iterdir())
AIDED = {"event", "character", "term", "quote", "faq", "question", "essay"}  # the kinds the page shows as aids


class _Page(HTMLParser):
    """The text of the note article, the text inside <details>, and every id and h1."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.article, self.hidden, self.ids, self.h1 = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids += [attrs["id"]] if attrs.get("id") else []
        self.h1 += tag == "h1"
        if tag in ("article", "details", "summary"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if "article" in self.stack:
            self.article.append(data)
        if "details" in self.stack and "summary" not in self.stack:
            self.hidden.append(data)


def read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.article_text = " ".join(" ".join(page.article).split())
    page.hidden_text = " ".join(" ".join(page.hidden).split())
    return page


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def me(client, teacher):
    client.force_login(teacher)  # a teacher: some layouts are drafts (no dg-publish)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", NOTE_FILES, ids=lambda p: p.name)
def test_every_shape_shows_each_study_item_once_and_answers_hidden(me, path, tmp_path):
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    assert garden_import(paths=[target]).failed == 0
    brief = Brief.objects.get()
    response = me.get(f"/briefs/{brief.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    page = read(html)
    assert page.h1 == 1 and re.search(r"<h1>\s*" + re.escape(brief.title), html.replace("&#x27;", "'"))
    assert len(page.ids) == len(set(page.ids)), "an id twice"
    for item in brief.items.all():
        if item.kind in AIDED and item.kind not in ("quote",):  # a quote may be cited again in the prose
            assert flat(item.text) not in page.article_text, (item.kind, item.text)
        if item.kind in AIDED and item.anchor:
            assert f"user-content-{item.anchor}" in page.ids  # links to the section land on its aid
        if item.answer:
            assert flat(item.answer) in page.hidden_text  # behind "Show the answer"
            assert html.count("Show the answer") >= 1


@pytest.mark.django_db
def test_the_seed_note_keeps_its_prose_once_and_shows_its_quotes_as_an_aid(me, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_bytes((DEMO_GARDEN / "000_b07bc5ee88bbd8ea.txt").read_bytes())
    garden_import(paths=[seed])
    html = me.get(f"/briefs/{Brief.objects.get().slug}/").content.decode()
    page = read(html)
    assert page.article_text.count("This briefing document examines") == 1
    assert page.article_text.count("Khrushchev's leadership marked a decisive break") == 1  # themes: prose here
    assert "On competition with the West" not in page.article_text  # the quotes: in the aid only
    assert html.count("On competition with the West") == 1 and 'id="aid-quotes"' in html


def test_the_study_guide_answer_key_leaves_the_note():
    source = (
        "# Guide\n\nRead this first.\n\n## Quiz\n\n1. Who?\n2. When?\n\n## Answer Key\n\n1. Him.\n2. Then.\n\n"
        "## Further reading\n\nA book.\n"
    )
    rest = note_rest(render_markdown(source), title="Guide", anchors=["quiz"], kinds=["question"])
    assert "Read this first." in rest and "A book." in rest
    assert "Who?" not in rest and "Him." not in rest and "<h1" not in rest


def test_a_heading_whose_sections_all_went_goes_and_other_h1s_become_h2():
    source = "# Title\n\n# Part two\n\nProse.\n\n## Study\n\n### Glossary\n\n- **A:** b\n\n## End\n\nBye.\n"
    rest = note_rest(render_markdown(source), title="Title", anchors=[], kinds=["term"])
    assert '<h2 id="user-content-part-two">Part two</h2>' in rest and "Bye." in rest
    assert "Study" not in rest and "A:" not in rest
    code = note_rest(
        render_markdown("## Glossary\n\n- **A:** b\n\n```\ncode\n```\n"), title="", anchors=[], kinds=["term"]
    )
    assert "A:" not in code and "<pre><code>code" in code  # code is never a study item: it stays


def test_a_note_without_study_items_is_shown_whole_but_its_title():
    html = render_markdown("# Title\n\nIntro.\n\n## More\n\nText.\n")
    rest = note_rest(html, title="Title", anchors=[], kinds=[])
    assert rest == html.split("</h1>", 1)[1].strip("\n")
