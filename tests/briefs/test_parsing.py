"""briefs/parsing/: pure, no database."""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.parsing import (
    ParseError,
    anchor_slug,
    find_year,
    parse_date,
    parse_note,
    repair_mojibake,
    split_label,
    title_from_slug,
)
from tests.briefs.conftest import FAQ, SEED, STUDY_GUIDE, TIMELINE, sample_bytes


def kinds(note) -> Counter:
    return Counter(item.kind for item in note.items)


def of_kind(note, kind):
    return [item for item in note.items if item.kind == kind]


# --------------------------------------------------------------------------- the samples


def test_seed_brief_is_a_briefing_with_themes_facts_quotes_and_conclusion():
    note = parse_note(sample_bytes(SEED), source_name=SEED)
    assert note.kind == "briefing"
    assert kinds(note) == {"theme": 4, "fact": 9, "quote": 3, "conclusion": 1}
    assert note.title == "Leadership of Nikita Khrushchev"
    assert note.published is True
    assert note.permalink.endswith("/russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief/")
    assert note.frontmatter["dg-publish"] is True


def test_seed_labels_years_and_quotes():
    note = parse_note(sample_bytes(SEED))
    themes = of_kind(note, "theme")
    assert [t.label for t in themes] == [
        "De-Stalinization",
        '"Reform Communism"',
        "Peaceful Coexistence",
        "Internal and External Challenges",
    ]
    assert any("peaceful coexistence" in t.text for t in themes)
    facts = of_kind(note, "fact")
    assert facts[0].label == "Rise to Power" and facts[0].year == 1953
    assert {1953, 1956, 1962, 1964} <= {f.year for f in facts}
    quotes = of_kind(note, "quote")
    assert quotes[0].label == "On Stalin's excesses"
    assert quotes[0].text == "intolerance, his brutality, his abuse of power"
    assert quotes[1].text == "war is not fatalistically inevitable"
    (conclusion,) = of_kind(note, "conclusion")
    assert conclusion.text.startswith("Nikita Khrushchev's leadership was a pivotal period")
    assert [i.position for i in note.items] == list(range(1, 18))


def test_seed_mojibake_is_repaired_and_frontmatter_not_in_body():
    note = parse_note(sample_bytes(SEED))
    assert "Encyclopædia Britannica" in note.body
    assert "√" not in note.body
    assert "dg-publish" not in note.body


def test_study_guide_pairs_questions_with_answers():
    note = parse_note(sample_bytes(STUDY_GUIDE))
    assert note.kind == "study_guide"
    assert kinds(note) == {"question": 10, "essay": 5, "term": 8}
    questions = of_kind(note, "question")
    assert all(q.answer for q in questions)
    assert questions[0].text.startswith("How did Khrushchev consolidate power")
    assert questions[0].answer.startswith("Khrushchev used his post as First Secretary")
    assert "Gomułka" in questions[3].answer
    assert questions[9].answer.startswith("De-Stalinization permanently ended mass terror")
    assert of_kind(note, "essay")[0].text.startswith("Assess the extent")
    terms = of_kind(note, "term")
    assert terms[2].label == "Thaw" and terms[2].text.startswith("The relaxation of censorship")
    assert all(not i.answer for i in note.items if i.kind != "question")


def test_timeline_events_in_order_with_dates_and_characters():
    note = parse_note(sample_bytes(TIMELINE))
    assert note.kind == "timeline"
    assert kinds(note) == {"event": 16, "character": 7}
    events = of_kind(note, "event")
    assert [e.year for e in events] == [
        1953, 1953, 1954, 1955, 1956, 1956, 1957, 1957, 1958, 1959, 1960, 1961, 1961, 1962, 1963, 1964,
    ]  # fmt: skip
    assert (events[0].label, events[0].date, events[0].date_precision) == ("March 5, 1953", dt.date(1953, 3, 5), "day")
    assert (events[1].date, events[1].date_precision) == (dt.date(1953, 9, 1), "month")
    assert (events[2].date, events[2].date_precision) == (dt.date(1954, 1, 1), "year")
    assert (events[5].date, events[5].date_precision) == (dt.date(1956, 10, 1), "range")
    assert events[11].text == "Yuri Gagarin becomes the first human in space."
    characters = of_kind(note, "character")
    assert characters[4].label == "Władysław Gomułka"
    assert {e.anchor for e in events} == {"detailed-timeline"}
    assert {c.anchor for c in characters} == {"cast-of-characters"}


def test_faq_entries_are_answered():
    note = parse_note(sample_bytes(FAQ))
    assert note.kind == "faq"
    faqs = of_kind(note, "faq")
    assert len(faqs) == 3
    assert faqs[0].text == 'Why was the Secret Speech "secret"?'
    assert faqs[0].answer.startswith("It was delivered to a closed session")
    assert all(f.answer for f in faqs)
    assert faqs[2].anchor == "3-why-did-khrushchev-fall-in-1964"


# --------------------------------------------------------------------------- shapes real gardens use

VARIANTS = """---
title: Variants
---
Intro paragraph.

### KEY THEMES

* __Power__ – who holds it
* **Reform**: change from within

#### Important Ideas & Facts
- **Thaw** — In 1956, censorship relaxed.
  A continuation line in 1957.
- Without a label, the year 1961 counts.

Key Quotes
----------

> not a list, a block quote

- On peace: “peaceful coexistence”

**Conclusion**

First paragraph.

Second paragraph.

## Short-Answer Quiz
1) First question?
2) Second question?

## Answer Key
2) Second answer.
1) First answer.

## Essay Format Questions
- Discuss one thing.

## Glossary
- Term one - the first definition
- **Term two** – the second one

# Timeline of Main Events
- 1953: Stalin dies.
- **August 20–21, 1968:** Prague.

## FAQ
### Is a heading a question?
Yes, when it sits under an FAQ heading.

**Q: Does a Q: line work?**
A: It does.
"""


def test_section_and_label_variants():
    note = parse_note(VARIANTS)
    assert kinds(note) == {
        "theme": 2, "fact": 2, "quote": 1, "conclusion": 1, "question": 2, "essay": 1, "term": 2, "event": 2, "faq": 2,
    }  # fmt: skip
    themes = of_kind(note, "theme")
    assert [(t.label, t.text) for t in themes] == [("Power", "who holds it"), ("Reform", "change from within")]
    facts = of_kind(note, "fact")
    assert facts[0].label == "Thaw" and facts[0].year == 1956 and "continuation line" in facts[0].text
    assert facts[1].year == 1961
    quote = of_kind(note, "quote")[0]
    assert (quote.label, quote.text) == ("On peace", "peaceful coexistence")
    assert of_kind(note, "conclusion")[0].text == "First paragraph.\n\nSecond paragraph."
    assert [q.answer for q in of_kind(note, "question")] == ["First answer.", "Second answer."]
    assert [(t.label, t.text) for t in of_kind(note, "term")] == [
        ("Term one", "the first definition"),
        ("Term two", "the second one"),
    ]
    events = of_kind(note, "event")
    assert (events[0].label, events[0].year, events[0].date_precision) == ("1953", 1953, "year")
    assert (events[1].year, events[1].date, events[1].date_precision) == (1968, dt.date(1968, 8, 20), "range")
    faqs = of_kind(note, "faq")
    assert [(f.text, f.answer) for f in faqs] == [
        ("Is a heading a question?", "Yes, when it sits under an FAQ heading."),
        ("Does a Q: line work?", "It does."),
    ]


def test_unnumbered_answers_pair_by_order():
    note = parse_note("# Q\n\n## Quiz\n\n- One?\n- Two?\n\n## Answer Key\n\n- Yes.\n- No.\n")
    assert [(q.text, q.answer) for q in of_kind(note, "question")] == [("One?", "Yes."), ("Two?", "No.")]


def test_a_question_without_an_answer_keeps_an_empty_answer():
    note = parse_note("## Quiz\n\n1. One?\n2. Two?\n\n## Answer Key\n\n1. Yes.\n")
    assert [q.answer for q in of_kind(note, "question")] == ["Yes.", ""]


def test_code_blocks_and_unknown_sections_give_no_items():
    note = parse_note("# Notes\n\n```\n## Key Themes\n- **Not:** a theme\n```\n\n## Other\n\n- a list item\n")
    assert note.items == []
    assert note.kind == "note"


def test_a_new_heading_of_the_same_level_ends_a_section():
    note = parse_note("## Key Themes\n\n- **A:** a\n\n## Reading list\n\n- a book\n")
    assert kinds(note) == {"theme": 1}


def test_a_deeper_heading_keeps_the_section_and_sets_the_anchor():
    note = parse_note(
        "## Timeline\n\n### The 1950s\n\n- **1953:** Stalin dies.\n\n### The 1960s\n\n- **1961:** Gagarin.\n"
    )
    events = of_kind(note, "event")
    assert [(e.year, e.anchor) for e in events] == [(1953, "the-1950s"), (1961, "the-1960s")]


def test_paragraphs_count_as_items_when_a_list_section_has_no_list():
    note = parse_note("## Key Themes\n\n**Power:** who holds it.\n\nChange from within.\n")
    assert [t.text for t in of_kind(note, "theme")] == ["who holds it.", "Change from within."]


def test_declared_kind_wins_over_inferred_kind():
    assert parse_note("---\nkind: faq\n---\n## Key Themes\n\n- a\n").kind == "faq"
    assert parse_note("---\nkind: bogus\n---\n## Key Themes\n\n- a\n").kind == "briefing"


@pytest.mark.parametrize(
    ("frontmatter", "published"),
    [
        ("dg-publish: true", True),
        ("dg-publish: false", False),
        ('dg-publish: "yes"', True),
        ("published: true", True),
        ("draft: true", False),
        ("title: none", False),
    ],
)
def test_published_comes_from_dg_publish(frontmatter, published):
    assert parse_note(f"---\n{frontmatter}\n---\n# T\n").published is published


def test_title_from_frontmatter_then_heading_then_file_name():
    assert parse_note("---\ntitle: From YAML\n---\n# Heading\n").title == "From YAML"
    assert parse_note("Text first.\n\n## The **Heading**\n").title == "The Heading"
    assert parse_note("Only text.", source_name="folder/my_first-note.md").title == "My first note"


def test_json_frontmatter_with_a_trailing_comma_is_read_as_yaml():
    assert parse_note('---\n{"permalink": "/a/b/", "dg-publish": true,}\n---\n# T\n').permalink == "/a/b/"


def test_yaml_dates_in_frontmatter_become_strings():
    note = parse_note("---\ndate: 2024-05-01\ntags: [a, b]\nnested: {x: 1}\n---\n# T\n")
    assert note.frontmatter == {"date": "2024-05-01", "tags": ["a", "b"], "nested": {"x": 1}}


def test_bom_and_crlf_and_utf16_are_read():
    text = "---\r\npermalink: /a/b/\r\n---\r\n# Title\r\n\r\n## Key Themes\r\n\r\n- **A:** b\r\n"
    for data in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        note = parse_note(data)
        assert (note.permalink, note.title, kinds(note)) == ("/a/b/", "Title", {"theme": 1})


def test_windows_1252_bytes_are_decoded():
    assert parse_note("# Café “quoted”".encode("cp1252")).title == "Café “quoted”"


# --------------------------------------------------------------------------- mojibake


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Encyclop√¶dia", "Encyclopædia"),
        ("Gomu≈Çka", "Gomułka"),
        ("caf√©", "café"),
        ("It‚Äôs done", "It’s done"),
        ("‚ÄúQuoted‚Äù", "“Quoted”"),
        ("1953‚Äì1964", "1953–1964"),
        ("cafÃ©", "café"),  # the Latin-1 case ftfy handles
    ],
)
def test_mojibake_is_repaired(broken, fixed):
    assert repair_mojibake(broken) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "√2 is irrational",
        "¬ p means not p",
        "x = √π",
        "a ¬ b",
        "≈ 3.14",
        "Encyclopædia",
        "naïve “quotes”",
        "&amp; &lt;",
    ],
)
def test_real_text_is_left_alone(text):
    assert repair_mojibake(text) == text


def test_repaired_text_reaches_items():
    note = parse_note("## Cast of Characters\n\n- **W≈Çadys≈Çaw Gomu≈Çka:** Polish leader.\n")
    assert of_kind(note, "character")[0].label == "Władysław Gomułka"


# --------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t\n", "empty"),
        ("\ufeff".encode(), "empty"),
        (b"---\ndg-publish: true\n---\n\n", "no content"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"# ok\x00then", "binary"),
        (b"---\ntitle: [unclosed\n---\n# T\n", "invalid frontmatter"),
        (b"---\ntitle: a\n  bad: indent\n---\n# T\n", "invalid frontmatter"),
        (b"---\n- a list\n- not a mapping\n---\n# T\n", "not a mapping"),
        (b"---\njust a string\n---\n# T\n", "not a mapping"),
        (b"---\n!!python/object:os.system {}\n---\n# T\n", "invalid frontmatter"),
        (b'---\n{"permalink": "/a/"\n---\n# T\n', "invalid frontmatter"),
        (b"---\ntitle: no end\n# T\n", "not closed"),
        (b"---\n" + b"[" * 5000 + b"\n---\n# T\n", "invalid frontmatter"),
        (b"\xff\xfe\x00\xd8", "UTF-16"),
    ],
)
def test_malformed_input_raises_parse_error(data, message):
    with pytest.raises(ParseError, match=message):
        parse_note(data)


def test_yaml_alias_bomb_is_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    data = ("---\n" + "\n".join(lines) + "\n---\n# T\n").encode()
    with pytest.raises(ParseError, match="too large"):
        parse_note(data)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_only_ever_raises_parse_error(text):
    try:
        note = parse_note(text)
    except ParseError:
        return
    assert note.kind in ("briefing", "study_guide", "timeline", "faq", "note")


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_parse_error(data):
    try:
        note = parse_note(data)
    except ParseError:
        return
    assert note.title


SHAPES = st.sampled_from(
    ["---\n", "---", "# ", "## Key Themes\n", "**Quiz**\n", "## Answer Key\n", "- ", "* ", "1. ", "**", "__", ": ",
     " – ", "\n", "\n\n", "> ", "```\n", "## FAQ\n", "?", "1953", "March 5, 1953", "√¶", "{", "[", "\ufeff", "\t",
     "## Timeline\n", "## Glossary\n", "|a|b|\n"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(SHAPES, st.text(max_size=8)), max_size=40))
def test_markdown_shaped_noise_only_ever_raises_parse_error(parts):
    try:
        note = parse_note("".join(parts))
    except ParseError:
        return
    for item in note.items:
        assert item.date is None or item.year == item.date.year
        assert item.answer == "" or item.kind in ("question", "faq")


# --------------------------------------------------------------------------- dates, labels, anchors


@pytest.mark.parametrize(
    ("label", "year", "date", "precision"),
    [
        ("March 5, 1953", 1953, dt.date(1953, 3, 5), "day"),
        ("March 5 1953", 1953, dt.date(1953, 3, 5), "day"),
        ("5 March 1953", 1953, dt.date(1953, 3, 5), "day"),
        ("Sept. 3rd, 1939", 1939, dt.date(1939, 9, 3), "day"),
        ("1953-03-05", 1953, dt.date(1953, 3, 5), "day"),
        ("september 1953", 1953, dt.date(1953, 9, 1), "month"),
        ("Feb 1955", 1955, dt.date(1955, 2, 1), "month"),
        ("1954", 1954, dt.date(1954, 1, 1), "year"),
        ("**1954**:", 1954, dt.date(1954, 1, 1), "year"),
        ("c. 1200", 1200, dt.date(1200, 1, 1), "year"),
        ("Early 1957", 1957, dt.date(1957, 1, 1), "year"),
        ("October–November 1956", 1956, dt.date(1956, 10, 1), "range"),
        ("August 20–21, 1968", 1968, dt.date(1968, 8, 20), "range"),
        ("August 20 - September 2, 1968", 1968, dt.date(1968, 8, 20), "range"),
        ("20–21 August 1968", 1968, dt.date(1968, 8, 20), "range"),
        ("March 1953 – April 1954", 1953, dt.date(1953, 3, 1), "range"),
        ("1953–1964", 1953, dt.date(1953, 1, 1), "range"),
        ("1953-64", 1953, dt.date(1953, 1, 1), "range"),
        ("1950s", 1950, dt.date(1950, 1, 1), "range"),
        ("44 BC", -44, None, "year"),
    ],
)
def test_parse_date(label, year, date, precision):
    info = parse_date(label)
    assert (info.year, info.date, info.precision) == (year, date, precision)


@pytest.mark.parametrize("label", ["February 30, 1953", "Stalin's death", "", "13/45/1953", "Month 5, 1953"])
def test_parse_date_refuses_non_dates(label):
    assert parse_date(label) is None


def test_event_with_unparseable_date_still_gets_its_year():
    note = parse_note("## Timeline\n\n- **After Stalin's death (1953):** a thaw.\n- **Undated:** no year.\n")
    events = of_kind(note, "event")
    assert (events[0].year, events[0].date_precision) == (1953, "year")
    assert (events[1].year, events[1].date, events[1].date_precision) == (None, None, "")


@pytest.mark.parametrize(
    ("text", "year"),
    [("in 1956, he spoke", 1956), ("(1953–1964)", 1953), ("the 20th Congress", None), ("1,956 troops", None)],
)
def test_find_year(text, year):
    assert find_year(text) == year


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("**Label:** text", "Label", "text"),
        ("**Label**: text", "Label", "text"),
        ("**Label** – text", "Label", "text"),
        ("**Label** — text", "Label", "text"),
        ("__Label:__ text", "Label", "text"),
        ("**Only bold**", "", "Only bold"),
        ("No label here", "", "No label here"),
    ],
)
def test_split_label(text, label, rest):
    assert split_label(text) == (label, rest)


def test_plain_label_only_when_asked():
    assert split_label("On war: words") == ("", "On war: words")
    assert split_label("On war: words", plain=True) == ("On war", "words")
    assert split_label("Term - definition", dash=True) == ("Term", "definition")


@pytest.mark.parametrize(
    ("raw", "anchor"),
    [
        ("Key Themes:", "key-themes"),
        ("**Important Ideas and Facts:**", "important-ideas-and-facts"),
        ('1. Why was the Secret Speech "secret"?', "1-why-was-the-secret-speech-secret"),
        ("Władysław [Gomułka](https://x.org)", "władysław-gomułka"),
        ("***", "section"),
    ],
)
def test_anchor_slug(raw, anchor):
    assert anchor_slug(raw) == anchor


def test_repeated_headings_get_unique_anchors():
    note = parse_note("## Timeline\n\n- **1953:** a\n\n## Notes\n\n## Timeline\n\n- **1954:** b\n")
    assert [e.anchor for e in of_kind(note, "event")] == ["timeline", "timeline-1"]


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("russian-history-iii", "Russian History III"),
        ("world-war-ii", "World War II"),
        ("chapter-xiv", "Chapter XIV"),
        ("lectures-quizzes-and-references", "Lectures Quizzes and References"),
        ("mix-and-match", "Mix and Match"),
        ("civil-war", "Civil War"),
    ],
)
def test_title_from_slug(slug, name):
    assert title_from_slug(slug) == name
