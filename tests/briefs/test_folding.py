"""briefs.folding: case and accent folding, and the snippets that show a match (pure, no database)."""

import html
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefs.folding import (
    LETTERS,
    MARK_START,
    MARK_STOP,
    fold,
    fold_map,
    headline_html,
    matches,
    one_line,
    plain_text,
    query_words,
    snippet,
)

# Text with the letters that matter here: Latin with accents, the letters NFKD leaves whole, combining marks,
# compatibility forms, markup characters and spaces.
ALPHABET = st.sampled_from(
    list("aAzZ łŁøØđĐßæÆœŒıİĸŉþÞ éÉüÜçÇñÑ ǅℌﬀ²\u0301\u0308 <>&\"' .,;\n") + ["\U0001d400", "Ω", "ж"]
)
# Plain text as the snippets get it: no control characters but newlines (briefs.folding.plain_text, one_line).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
TEXT = st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40).map(lambda t: CONTROL.sub("", t))
LATIN = [chr(c) for c in range(0xC0, 0x180) if unicodedata.category(chr(c)).startswith("L")]


@pytest.mark.parametrize("text", ["Gomułka", "GOMUŁKA", "gomułka", "Gomulka", "GOMULKA"])
def test_every_spelling_of_gomulka_folds_alike(text):
    assert fold(text) == "gomulka"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Władysław", "wladyslaw"), ("Straße", "strasse"), ("Øresund", "oresund"), ("Đorđe", "dorde"),
     ("Encyclopædia", "encyclopaedia"), ("Œuvre", "oeuvre"), ("Işık", "isik"), ("Þór", "thor"),
     ("Ångström", "angstrom"), ("ℌilbert", "hilbert"), ("ǅ", "dz"), ("e\u0301te\u0301", "ete"), ("ŉ", "'n")],
)  # fmt: skip
def test_letters_that_nfkd_leaves_whole_fold_through_the_table(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("letter", LATIN)
def test_every_latin_letter_folds_to_lower_case_ascii(letter):
    folded = fold(letter)
    assert folded.isascii() and folded == folded.lower() and folded, (letter, folded)


@given(TEXT)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(TEXT, TEXT)
def test_fold_goes_character_by_character(a, b):
    assert fold(a + b) == fold(a) + fold(b)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_folds_to_its_lower_case(text):
    assert fold(text) == text.lower()


@given(TEXT)
def test_folded_text_has_no_accents_no_capitals_and_no_table_letters(text):
    folded = fold(text)
    assert not any(unicodedata.combining(c) for c in folded)
    assert folded == folded.casefold() and not set(folded) & set(LETTERS)


@given(TEXT)
def test_fold_map_says_where_each_folded_character_comes_from(text):
    folded, starts, ends = fold_map(text)
    assert folded == fold(text) and len(starts) == len(ends) == len(folded)
    assert starts == sorted(starts) and all(s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    for i, char in enumerate(folded):
        assert char in fold(text[starts[i] : ends[i]])


@given(TEXT, TEXT, TEXT)
def test_a_word_inside_a_text_is_matched_whatever_its_case_and_accents(before, word, after):
    words = query_words(word)
    text = before + " " + word.upper() + " " + after
    spans = matches(text, words)
    if words:
        assert spans and all(any(w in fold(text[s:e]) for w in words) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # in order, not overlapping


def _unmarked(markup: str) -> str:
    return markup.replace("<mark>", "").replace("</mark>", "")


def _assert_safe(markup: str) -> None:
    """Only `<mark>` tags, balanced and not nested; every other `<`, `>` and `&` escaped."""
    assert re.fullmatch(r"([^<>]|<mark>[^<>]*</mark>)*", markup), markup
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", _unmarked(markup)), markup


@given(TEXT, TEXT)
def test_a_snippet_is_html_safe_and_quotes_the_text(text, query):
    markup = snippet(text, query_words(query), width=30)
    _assert_safe(markup)
    quoted = html.unescape(_unmarked(markup)).strip("…")
    assert quoted.strip() in text


@given(TEXT, TEXT, TEXT)
def test_a_snippet_marks_the_first_match(before, word, after):
    words = query_words(word)
    text = f"{before} {word} {after}"
    markup = snippet(text, words, width=40)
    if words and matches(text, words):
        marked = re.findall("<mark>(.*?)</mark>", markup)
        assert marked and any(w in fold(html.unescape(marked[0])) for w in words), markup


def test_a_snippet_is_cut_around_the_match_at_spaces():
    text = " ".join(f"word{i}" for i in range(60)) + " Gomułka " + " ".join(f"tail{i}" for i in range(60))
    markup = snippet(text, ["gomulka"], width=80)
    assert markup.startswith("…word") and markup.endswith("…") and "<mark>Gomułka</mark>" in markup
    assert len(html.unescape(_unmarked(markup))) < 100
    assert snippet("Short <b>text</b>", ["zzz"]) == "Short &lt;b&gt;text&lt;/b&gt;"


def test_a_mark_takes_in_the_accents_that_follow_a_letter():
    assert snippet("Cafe\u0301 noir", ["cafe"]) == "<mark>Cafe\u0301</mark> noir"
    assert snippet("Straße", ["strass"]) == "<mark>Straß</mark>e"


@given(st.lists(st.sampled_from([MARK_START, MARK_STOP, "<", ">", "&", "a", "ł", " "]), max_size=30).map("".join))
def test_a_headline_from_postgresql_is_escaped_and_its_marks_balanced(headline):
    _assert_safe(headline_html(headline))


def test_a_headline_from_postgresql_is_marked_as_it_is():
    headline = f"ends with {MARK_START}Gomułka{MARK_STOP} in <power> & {MARK_START}Poland{MARK_STOP}"
    expected = "ends with <mark>Gomułka</mark> in &lt;power&gt; &amp; <mark>Poland</mark>"
    assert snippet(headline, ["zzz"]) == headline_html(headline) == expected


def test_plain_text_is_the_text_of_the_html_with_no_marks():
    markup = (
        f"<h2>Cast &amp; crew</h2><p>Władysław <strong>Gomułka</strong>{MARK_START}</p><ul><li>a</li><li>b</li></ul>"
    )
    assert plain_text(markup) == "Cast & crew\nWładysław Gomułka\na\nb"


@given(st.text(max_size=40))
def test_one_line_leaves_no_control_character(text):
    assert not CONTROL.search(one_line(text)) and "\n" not in one_line(text)


def test_query_words_are_folded_and_at_most_ten():
    assert query_words("  GOMUŁKA  Straße ") == ["gomulka", "strasse"]
    assert len(query_words(" ".join("w" * n for n in range(1, 20)))) == 10
    assert query_words("\u0301") == []
