"""Small inputs must not cost minutes: every parser and renderer of user content takes time linear in its input.

Each check times a worst case at two sizes in the same run, the larger four times the smaller: linear work takes
about four times as long, quadratic work sixteen times (the probe found 20,000 identical headings taking 23 s to
parse, and a heading followed by 60,000 `[` taking 41 s). The bound leaves room for a loaded machine."""

import contextlib
import gc
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs import parsing, rendering
from quizzes import gift
from quizzes.formats import FormatError
from quizzes.formats.aiken import parse_aiken
from quizzes.formats.moodle_xml import parse_moodle_xml

GROWTH = 4
LINEAR_BOUND = 10  # linear ≈ 4, quadratic ≈ 16


def seconds(function, text: str) -> float:
    """The fastest of three runs, the least disturbed by the rest of the machine, with the garbage collector off (its
    passes cost what the whole process holds, not what this input asks)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            function(text)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def growth(function, make, n: int) -> float:
    return seconds(function, make(GROWTH * n)) / max(seconds(function, make(n)), 1e-4)


def parse(text: str) -> None:
    with contextlib.suppress(parsing.ParseError):  # refusing is fine; it must be quick too
        parsing.parse_note(text.encode(), source_name="note.md")


def parse_gift(text: str) -> None:
    with contextlib.suppress(gift.GiftError):
        gift.parse_gift(text)


ADVERSARIAL = {
    "repeated headings": lambda n: "# Same\n\n" * n,
    "repeated bold labels": lambda n: "**Same**\n\n" * n,
    "brackets after a heading": lambda n: "# Heading\n\n" + "[" * (10 * n),
    "brackets in a heading": lambda n: "# " + "[" * (10 * n) + "\n",
    "links never closed": lambda n: "[a](" * (3 * n),
    "emphasis markers": lambda n: "*a **b _c " * n,
    "unclosed emphasis in a heading": lambda n: "# " + "**" * (3 * n) + "\n",
    "nested lists": lambda n: "".join("  " * (i % 40) + "- item\n" for i in range(n)),
    "nested quotes": lambda n: ">" * n + " deep\n",
    "glossary entries": lambda n: "## Glossary\n\n" + "- **Term**: meaning\n" * n,
}


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
@pytest.mark.parametrize("function", [parse, rendering.render_markdown], ids=["parse", "render"])
def test_notes_parse_and_render_in_linear_time(function, make):
    assert growth(function, make, 1500) < LINEAR_BOUND


def test_plain_inline_and_anchors_are_linear():
    assert growth(parsing.plain_inline, lambda n: "[" * n, 20_000) < LINEAR_BOUND

    def anchors(text: str) -> None:
        found = parsing.AnchorSet()
        for line in text.splitlines():
            found.add(line)

    assert growth(anchors, lambda n: "Same\n" * n, 5000) < LINEAR_BOUND


def test_repeated_anchors_still_number_in_order():
    found = parsing.AnchorSet()
    assert [found.add(t) for t in ["A", "A", "A-1", "A", "B"]] == ["a", "a-1", "a-1-1", "a-2", "b"]


GIFT_ADVERSARIAL = {
    "many questions": lambda n: "Q {=a ~b}\n\n" * n,
    "many wrong answers": lambda n: "Q {" + "~a " * (3 * n) + "=b}",
    "escapes": lambda n: "Q {=" + "\\=" * (3 * n) + "}",
    "open braces": lambda n: "::Q:: " + "{" * (10 * n),
    "a Markdown prompt of brackets": lambda n: "[markdown]# H\n\n" + "\\[" * (10 * n) + " {T}",
}


@pytest.mark.parametrize("make", GIFT_ADVERSARIAL.values(), ids=GIFT_ADVERSARIAL.keys())
def test_gift_parses_in_linear_time(make):
    assert growth(parse_gift, make, 1000) < LINEAR_BOUND


def parse_other(parser):
    def parse(text: str) -> None:
        with contextlib.suppress(FormatError):
            parser(text)

    return parse


ESSAY = "<question type='essay'><name><text>Q</text></name><questiontext><text>Why?</text></questiontext></question>"
OTHER_ADVERSARIAL = {
    "xml: many questions": (parse_moodle_xml, lambda n: "<quiz>" + ESSAY * (n // 4) + "</quiz>"),
    "xml: many answers": (
        parse_moodle_xml,
        lambda n: (
            "<quiz><question type='multichoice'>"
            + "<answer fraction='0'><text>a</text></answer>" * n
            + "</question></quiz>"
        ),
    ),
    "xml: many ordering items": (
        parse_moodle_xml,
        lambda n: (
            "<quiz><question type='ordering'>"
            + "<answer fraction='1'><text>a</text></answer>" * n
            + "</question></quiz>"
        ),
    ),
    "aiken: many questions": (parse_aiken, lambda n: "Q?\nA. a\nB. b\nANSWER: A\n\n" * (n // 4)),
    # Aiken is fast: inputs twenty times larger take long enough to time on a busy machine.
    "aiken: a long line": (parse_aiken, lambda n: "Q " * (50 * n) + "?\nA. a\nB. b\nANSWER: A"),
    "aiken: a long prompt": (parse_aiken, lambda n: "Q?\n" * (20 * n) + "A. a\nB. b\nANSWER: A"),
}


@pytest.mark.parametrize(("parser", "make"), OTHER_ADVERSARIAL.values(), ids=OTHER_ADVERSARIAL.keys())
def test_moodle_xml_and_aiken_parse_in_linear_time(parser, make):
    assert growth(parse_other(parser), make, 2000) < LINEAR_BOUND


MARKUP = ["[", "]", "(", ")", "*", "**", "_", "#", "# ", "`", "<", ">", "- ", "1. ", "\n", "\n\n", " ", "a", ":", "|"]


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(MARKUP), min_size=1, max_size=6).map("".join))
def test_any_repeated_markup_renders_in_linear_time(unit):
    def make(n: int) -> str:
        return unit * (n // len(unit) + 1)

    assert growth(rendering.render_markdown, make, 6000) < LINEAR_BOUND
    assert growth(parse, make, 6000) < LINEAR_BOUND


@pytest.mark.django_db
def test_a_prompt_is_rendered_when_saved_never_on_a_students_request(client, monkeypatch):
    """A GIFT prompt of such text imported in 0.02 s, and the first student to start the quiz paid 24 s, in every
    process: the prompt is now rendered once, at import, and stored."""
    from quizzes.models import Question
    from quizzes.services import quiz_import_gift
    from tests.factories import UserFactory
    from tests.quizzes.factories import QuizFactory

    quiz = QuizFactory(open_to_all=True)  # a student of no class may take it
    quiz_import_gift(quiz=quiz, text="::Q:: [markdown]**Who** replaced *Khrushchev*? {=Brezhnev ~Malenkov}")
    assert Question.objects.get(quiz=quiz).prompt_html == "<p><strong>Who</strong> replaced <em>Khrushchev</em>?</p>\n"

    def refuse(*args, **kwargs):
        raise AssertionError("rendered on a student's request")

    monkeypatch.setattr(rendering, "render_markdown", refuse)
    monkeypatch.setattr(rendering, "sanitize_html", refuse)
    monkeypatch.setattr("quizzes.prompts.render_markdown", refuse)
    monkeypatch.setattr("quizzes.prompts.sanitize_html", refuse)
    client.force_login(UserFactory())
    started = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/")
    assert started.status_code == 201 and "<strong>Who</strong>" in started.json()["questions"][0]["prompt_html"]
    page = client.get(f"/attempts/{started.json()['id']}/")
    assert page.status_code == 200 and b"<strong>Who</strong>" in page.content
