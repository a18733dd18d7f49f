"""The layouts teachers write, one sample note each (tests/briefs/notes/), and the new ParsedNote fields."""

import datetime as dt
from pathlib import Path

import pytest

from briefs.parsing import ParseError, WikiLink, parse_note

NOTES = Path(__file__).parent / "notes"


def note(name: str):
    return parse_note((NOTES / name).read_bytes(), source_name=name)


def texts(parsed, kind):
    return [(i.label, i.text) for i in parsed.items if i.kind == kind]


# --------------------------------------------------------------------------- FAQ


def test_question_headings_under_an_faq_title_are_faq_items():
    parsed = note("cold-war-faq.md")
    assert (parsed.kind, parsed.title, parsed.published) == ("faq", "Cold War: FAQ", True)
    faqs = [(i.text, i.answer) for i in parsed.items]
    assert [q for q, _ in faqs] == ["Why did the Cold War begin?", "What was containment?", "When did it end?"]
    assert faqs[0][1] == (
        "The wartime alliance broke down over the future of Europe, above all Germany and Poland.\n\n"
        "Each side read the other's moves as expansion."
    )
    assert faqs[2][1] == "With the dissolution of the Soviet Union in December 1991."
    assert [i.anchor for i in parsed.items] == ["why-did-the-cold-war-begin", "what-was-containment", "when-did-it-end"]
    assert parsed.problems == []


def test_q_and_a_pairs_need_no_faq_heading():
    parsed = note("faq-q-a-pairs.md")
    assert parsed.kind == "faq"
    assert [(i.text, i.answer) for i in parsed.items] == [
        ("Why was Berlin divided?", "The Allies split the city into four sectors in 1945."),
        ("When was the Wall built?", "In August 1961, almost overnight."),
        ("What happened in 1989?", "The border opened on 9 November."),
    ]


def test_bold_questions_in_a_list_or_on_their_own_line():
    parsed = note("faq-bold-list.md")
    assert parsed.kind == "faq"
    assert [(i.text, i.answer) for i in parsed.items] == [
        ("Why did Khrushchev send missiles to Cuba?", "To protect Cuba and to offset American missiles in Turkey."),
        ("How long did the crisis last?", "Thirteen days, in October 1962."),
        ("Why did it matter?",
         "It was the closest the world came to nuclear war, and it led to the hotline between Moscow and Washington."),
    ]  # fmt: skip


def test_a_question_without_an_answer_is_reported():
    parsed = parse_note("## FAQ\n\n### Why?\n\n### How?\n\nLike this.\n")
    assert [(i.text, i.answer) for i in parsed.items] == [("Why?", ""), ("How?", "Like this.")]
    assert parsed.problems == ["question “Why?” has no answer"]


# --------------------------------------------------------------------------- glossary


def test_glossary_as_bullets_under_a_lowercase_bold_label():
    parsed = note("glossary-bullets.md")
    assert parsed.kind == "study_guide"
    assert texts(parsed, "term") == [
        ("Politburo", "the party's highest policy-making body."),
        ("Nomenklatura", "the list of posts filled by party appointment."),
        ("Gosplan", "the state planning committee. It set five-year plans. It fixed prices."),
    ]
    assert parsed.problems == ["section “Reading” is not a kind of study section; kept as text"]


def test_glossary_as_a_definition_list():
    parsed = note("glossary-deflist.md")
    assert texts(parsed, "term") == [
        ("Détente", "The easing of tension between the superpowers in the 1970s."),
        ("Iron Curtain", "Churchill's image, in 1946, of the line dividing Europe."),
        ("Brinkmanship", "Pushing a dangerous situation to the edge of war to win an advantage."),
    ]
    assert {i.anchor for i in parsed.items} == {"glossary"}


def test_glossary_as_a_two_column_table():
    parsed = note("glossary-table.md")
    assert texts(parsed, "term") == [
        ("ICBM", "An intercontinental ballistic missile."),
        ("MAD", "Mutually assured destruction: neither side could win a nuclear war."),
        ("SALT", "The Strategic Arms Limitation Talks, from 1969."),
    ]


# --------------------------------------------------------------------------- timeline


def test_timeline_as_a_table_of_dates_and_events():
    parsed = note("timeline-table.md")
    assert parsed.kind == "timeline"
    assert [(i.label, i.year, i.date, i.date_precision) for i in parsed.items] == [
        ("October 4, 1957", 1957, dt.date(1957, 10, 4), "day"),
        ("12 April 1961", 1961, dt.date(1961, 4, 12), "day"),
        ("July 1969", 1969, dt.date(1969, 7, 1), "month"),
        ("1970s", 1970, dt.date(1970, 1, 1), "range"),
    ]
    assert parsed.items[1].text == "Yuri Gagarin orbits the Earth."


def test_timeline_as_a_heading_per_date_under_a_timeline_title():
    parsed = note("timeline-headings.md")
    assert parsed.kind == "timeline"
    assert [(i.label, i.text, i.date, i.anchor) for i in parsed.items] == [
        ("4 October 1957", "The Soviet Union launches Sputnik 1.", dt.date(1957, 10, 4), "4-october-1957"),
        ("12 April 1961", "Yuri Gagarin becomes the first human in space.", dt.date(1961, 4, 12), "12-april-1961"),
        ("July 20, 1969", "Apollo 11 lands on the Moon.", dt.date(1969, 7, 20), "july-20-1969"),
    ]


def test_a_heading_that_is_no_date_does_not_become_an_event():
    parsed = parse_note("# Space Race Timeline\n\n## Background\n\nThe rivalry began after 1945.\n")
    assert parsed.items == [] and parsed.kind == "note"


# --------------------------------------------------------------------------- lists, sections, plain notes


def test_sub_points_belong_to_their_item():
    parsed = note("nested-lists.md")
    assert texts(parsed, "theme") == [
        ("De-Stalinization", "a break with terror. prisoners released the Secret Speech of 1956"),
        ("Decentralisation", "regional economic councils. created in 1957 abolished after 1964"),
        ("Virgin Lands", "new farms from 1954."),
    ]
    assert [i.anchor for i in parsed.items] == ["key-themes", "key-themes", "agriculture"]


def test_sub_headings_with_paragraphs_become_labelled_items():
    parsed = parse_note("## Key Themes\n\n### Power\n\nWho holds it.\n\n### Reform\n\nChange from within.\n")
    assert texts(parsed, "theme") == [("Power", "Who holds it."), ("Reform", "Change from within.")]


def test_an_unrecognised_layout_is_a_plain_note_and_says_why():
    parsed = note("random-stuff.md")
    assert (parsed.kind, parsed.items) == ("note", [])
    assert parsed.problems == [
        "section “Random stuff” is not a kind of study section; kept as text",
        "no study sections found (key themes, glossary, timeline, FAQ…); imported as a plain note",
    ]


def test_an_empty_study_section_is_reported():
    assert parse_note("## Glossary\n\nSee the textbook.\n\n## Key Themes\n").problems == [
        "section “Key Themes” has no items it could read"
    ]


# --------------------------------------------------------------------------- frontmatter


def test_bare_json_frontmatter_on_the_first_line():
    parsed = note("bare-json-frontmatter.md")
    assert (parsed.title, parsed.permalink, parsed.published) == ("Cold War", "/cold-war/", True)
    assert parsed.tags == ["history", "europe"]
    assert parsed.body.startswith("# The Cold War") and "permalink" not in parsed.body
    assert texts(parsed, "theme") == [("Bipolarity", "two superpowers and their blocs.")]


def test_the_brief_s_single_line_json_example():
    parsed = parse_note('{"title": "Cold War", "permalink": "/cold-war/", "dg-publish": true}\n\nText.\n')
    assert (parsed.title, parsed.permalink, parsed.published, parsed.body) == (
        "Cold War",
        "/cold-war/",
        True,
        "Text.\n",
    )


def test_toml_frontmatter():
    parsed = note("toml-frontmatter.md")
    assert (parsed.title, parsed.permalink, parsed.published, parsed.tags) == (
        "Détente",
        "/detente/",
        True,
        ["history"],
    )
    assert [(i.text, i.year) for i in parsed.items] == [
        ("The SALT I treaty was signed in 1972.", 1972),
        ("The Helsinki Accords followed in 1975.", 1975),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"title": "x",\n\n# T\n', "invalid frontmatter"),
        ('{"title": "x"\n}\n', "no content"),
        ('["a"]\n', None),
        ("+++\ntitle = \n+++\n# T\n", "invalid frontmatter"),
        ("+++\ntitle = 'x'\n# T\n", "not closed"),
        ('+++\ntags = [["deep"' + "]" * 1 + "\n+++\n# T\n", "invalid frontmatter"),
    ],
)
def test_bad_json_and_toml_frontmatter(text, message):
    if message is None:
        assert parse_note(text).frontmatter == {}  # a JSON list is body text, not frontmatter
        return
    with pytest.raises(ParseError, match=message):
        parse_note(text)


def test_json_between_fences_and_a_heading_title():
    parsed = parse_note('---\n{"dg-publish": true}\n---\n\n## Mixed **levels**\n\n# Later\n')
    assert (parsed.title, parsed.published) == ("Mixed levels", True)


def test_bom_crlf_and_lf_parse_the_same():
    for path in sorted(NOTES.glob("*.md")):
        lf = parse_note(path.read_bytes())
        crlf = parse_note(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
        assert (crlf.title, crlf.items, crlf.tags, crlf.links, crlf.images, crlf.problems) == (
            lf.title, lf.items, lf.tags, lf.links, lf.images, lf.problems,
        ), path.name  # fmt: skip


# --------------------------------------------------------------------------- Obsidian syntax


def test_tags_links_and_images():
    parsed = note("obsidian.md")
    assert parsed.tags == ["cold-war", "europe", "berlin", "history/germany"]
    assert parsed.links == [
        WikiLink("Cold War"),
        WikiLink("Cold War", "Containment", "containment"),
        WikiLink("Berlin Wall", "1961"),
        WikiLink("John F. Kennedy", "", "JFK"),
    ]
    assert parsed.images == ["berlin-map.png", "img/wall.jpg"]


def test_item_texts_are_plain():
    parsed = note("obsidian.md")
    assert texts(parsed, "quote") == [
        ("Kennedy", "Ich bin ein Berliner, as JFK said."),
        ("Reagan", "Tear down this wall!"),
    ]


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("[[Note#H|alias]] here", "alias here"),
        ("[[Note]] here", "Note here"),
        ("[[Note#Heading]]", "Note"),
        ("[a link](https://x.org) *em* `code`", "a link em code"),
        ("#tag and #a/b stay", "#tag and #a/b stay"),
        ('<span class="x">inline</span> html', "inline html"),
        ("![[pic.png]] embed", "embed"),
        ("~~gone~~ **bold** __strong__", "gone bold strong"),
    ],
)
def test_inline_markup_becomes_plain_text(markdown, text):
    (item,) = parse_note(f"## Key Themes\n\n- {markdown}\n").items
    assert item.text == text


@pytest.mark.parametrize(
    ("markdown", "tags"),
    [
        ("#one #Two #one", ["one", "two"]),
        ("#123 #2024 #y2024", ["y2024"]),
        ("`#code` [#link](https://x.org) C#", []),
        ("# Heading\n\ntext #body", ["body"]),
        ("#nested/tag-name_1", ["nested/tag-name_1"]),
    ],
)
def test_body_tags(markdown, tags):
    assert parse_note(markdown).tags == tags


@pytest.mark.parametrize(
    ("frontmatter", "tags"),
    [("tags: [A, '#b']", ["a", "b"]), ("tags: a, b c", ["a", "b", "c"]), ("tags: 7", []), ("tag: x", ["x"])],
)
def test_frontmatter_tags(frontmatter, tags):
    assert parse_note(f"---\n{frontmatter}\n---\ntext\n").tags == tags


def test_a_wikilink_in_a_table_cell_writes_its_bar_escaped():
    parsed = parse_note(
        "## Glossary\n\n| Term | Definition |\n|---|---|\n| Thaw | see [[Cold War#Thaw\\|the thaw]] |\n"
    )
    assert texts(parsed, "term") == [("Thaw", "see the thaw")]
    assert parsed.links == [WikiLink("Cold War", "Thaw", "the thaw")]
