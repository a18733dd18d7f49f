"""Moodle XML (quizzes.formats.moodle_xml): reading Moodle's files, errors that name the question, and writing that
round-trips (export → import → export gives the same text) for every type."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.formats import FormatError
from quizzes.formats.moodle_xml import export_moodle_xml, parse_moodle_xml, write_moodle_xml
from quizzes.types import Choice, NumericAnswer, QuestionData

SAMPLE = Path(__file__).parent / "format_samples" / "every-type.xml"


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "".join(questions) + "</quiz>"


def question(kind: str, body: str = "", name: str = "Q", prompt: str = "Why?") -> str:
    head = f"<name><text>{name}</text></name><questiontext format='html'><text>{prompt}</text></questiontext>"
    return f'<question type="{kind}">{head}{body}</question>'


def one(kind: str, body: str = "") -> QuestionData:
    [parsed] = parse_moodle_xml(quiz(question(kind, body))).questions
    return parsed


def error_of(text: str) -> str:
    with pytest.raises(FormatError) as caught:
        parse_moodle_xml(text)
    return str(caught.value)


def named(qtype: str, **fields) -> QuestionData:
    return QuestionData(qtype, fields.pop("prompt", "Why?"), name=fields.pop("name", "Q"), **fields)


# ---------------------------------------------------------------- the sample, as Moodle writes it


@pytest.fixture(scope="module")
def sample():
    return parse_moodle_xml(SAMPLE.read_text())


def test_the_sample_holds_every_type_under_its_category(sample):
    assert [q.type for q in sample.questions] == [
        "single", "multiple", "true_false", "short_answer", "numerical", "matching", "ordering", "essay",
    ]  # fmt: skip
    assert {q.category for q in sample.questions} == {"$course$/top/Khrushchev"}
    assert sample.warnings == ["question 1 ('About this quiz'): a description (text without a question) was skipped"]


def test_the_sample_keeps_formats_points_feedback_and_keys(sample):
    single, multiple, true_false, short, numerical, matching, ordering, essay = sample.questions
    assert (single.name, single.prompt_format, single.points) == ("Successor", "html", 2.0)
    assert single.prompt == "<p>Who replaced Khrushchev in <b>1964</b>?</p>"
    assert single.general_feedback == "Brezhnev led until 1982."
    assert [(c.text, c.fraction, c.feedback) for c in single.choices] == [
        ("Leonid Brezhnev", 1.0, "Correct."), ("Georgy Malenkov", 0.0, ""), ("Mikhail Suslov", -0.5, ""),
    ]  # fmt: skip
    assert multiple.prompt_format == "markdown" and [c.fraction for c in multiple.choices] == [
        0.3333333, 0.3333333, 0.3333334, -1.0,
    ]  # fmt: skip
    assert (true_false.prompt_format, true_false.correct) == ("plain", False)
    assert (true_false.feedback_true, true_false.feedback_false) == ("No: Soviet tanks crushed it.", "Right.")
    assert [(c.text, c.fraction) for c in short.choices] == [("20th", 1.0), ("Twentieth", 1.0), ("XX\\*", 0.5)]
    assert numerical.numeric == [
        NumericAnswer(value=1956, tolerance=0, fraction=1.0, feedback="February 1956."),
        NumericAnswer(value=1956, tolerance=1, fraction=0.5),
    ]
    assert [(c.text, c.match) for c in matching.choices][-1] == ("", "Albania")  # a distractor
    assert [c.text for c in ordering.choices] == ["Stalin dies", "Secret Speech", "Sputnik", "Ouster"]
    assert (essay.points, essay.model_answer) == (4.0, "It ended the terror and blamed Stalin alone.")


def test_the_sample_round_trips(sample):
    export = export_moodle_xml(sample.questions)
    assert export.warnings == []
    again = parse_moodle_xml(export.text)
    assert again.questions == sample.questions and again.warnings == []
    assert write_moodle_xml(again.questions) == export.text


# ---------------------------------------------------------------- reading, type by type


@pytest.mark.parametrize(
    ("single", "qtype"), [("true", "single"), ("1", "single"), ("false", "multiple"), ("", "multiple")]
)
def test_multichoice_is_single_or_multiple_as_single_says(single, qtype):
    body = f"<single>{single}</single><answer fraction='100'><text>a</text></answer><answer><text>b</text></answer>"
    parsed = one("multichoice", body)
    assert parsed.type == qtype and [(c.text, c.fraction) for c in parsed.choices] == [("a", 1.0), ("b", 0.0)]


@pytest.mark.parametrize(("true", "false", "correct"), [("100", "0", True), ("0", "100", False)])
def test_true_false_correct_is_the_answer_with_full_marks(true, false, correct):
    body = f"<answer fraction='{false}'><text>FALSE</text></answer><answer fraction='{true}'><text>true</text></answer>"
    assert one("truefalse", body).correct is correct


def test_short_answers_keep_moodles_pattern_syntax_and_case_setting():
    """`*` (a wildcard) and `\\*` (an asterisk) mean in the platform what they mean in Moodle: kept as written."""
    body = "".join(
        f"<answer fraction='{f}'><text>{t}</text></answer>" for t, f in [("Con\\*", 100), ("Byz*", 50), ("*", 0)]
    )
    result = parse_moodle_xml(quiz(question("shortanswer", "<usecase>1</usecase>" + body)))
    [parsed] = result.questions
    assert [c.text for c in parsed.choices] == ["Con\\*", "Byz*", "*"] and parsed.case_sensitive
    assert result.warnings == []
    assert not one("shortanswer", "<usecase>0</usecase>" + body).case_sensitive
    text = write_moodle_xml(result.questions)
    assert "<usecase>1</usecase>" in text and "<text>Con\\*</text>" in text


def test_numerical_drops_the_catch_all_and_reports_units():
    body = (
        "<answer fraction='100'><text>1.5e3</text><tolerance>0.5</tolerance></answer>"
        "<answer fraction='0'><text>*</text></answer><units><unit><multiplier>1</multiplier>"
        "<unit_name>m</unit_name></unit></units>"
    )
    result = parse_moodle_xml(quiz(question("numerical", body)))
    assert result.questions[0].numeric == [NumericAnswer(value=1500, tolerance=0.5)]
    assert len(result.warnings) == 2


def test_ordering_reads_items_in_the_order_of_their_positions():
    body = "".join(f"<answer fraction='{p}'><text>{t}</text></answer>" for t, p in [("b", 2), ("c", 3), ("a", 1)])
    assert [c.text for c in one("ordering", body).choices] == ["a", "b", "c"]


def test_texts_are_trimmed_and_defaults_apply():
    parsed = one("essay", "<graderinfo><text>\n  Because.\n</text></graderinfo>")
    assert (parsed.model_answer, parsed.points, parsed.general_feedback, parsed.category) == ("Because.", 1.0, "", "")


def test_categories_apply_until_the_next():
    category = '<question type="category"><category><text>{}</text></category></question>'
    text = quiz(question("essay"), category.format("A"), question("essay"), category.format(""), question("essay"))
    assert [q.category for q in parse_moodle_xml(text).questions] == ["", "A", ""]


def test_a_byte_order_mark_and_an_encoding_declaration_are_fine():
    assert len(parse_moodle_xml("\ufeff" + quiz(question("essay"))).questions) == 1


# ---------------------------------------------------------------- errors name the question


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<quiz>", "not well-formed XML"),
        ("just text", "not well-formed XML"),
        ("<questions/>", "the root element is <questions>, not Moodle XML's <quiz>"),
        (quiz("<category/>"), "<category> inside <quiz>"),
        (quiz(question("essay"), question("calculated", name="Speed")), "question 2 ('Speed'): Moodle question type"),
        (quiz(question("multichoice", "<answer fraction='lots'><text>a</text></answer>")), "fraction 'lots'"),
        (quiz(question("multichoice", "<answer fraction='NaN'><text>a</text></answer>")), "fraction 'NaN'"),
        (quiz(question("truefalse", "<answer fraction='100'><text>true</text></answer>")), "one answer 'true'"),
        (quiz(question("numerical", "<answer><text>twelve</text></answer>")), "the answer 'twelve' is not a number"),
        (quiz(question("numerical", "<answer><text>1</text><tolerance>-1</tolerance></answer>")), "is negative"),
        (quiz(question("numerical", "<answer><text>1e999</text></answer>")), "is not a number"),
        (quiz(question("essay", "<defaultgrade>x</defaultgrade>")), "the default grade 'x'"),
        (quiz("<question type='essay'><questiontext format='rtf'><text>a</text></questiontext></question>"), "'rtf'"),
    ],
)
def test_errors_name_the_question(text, fragment):
    assert fragment in error_of(text)


def test_an_error_is_named_by_number_when_the_question_has_no_name():
    text = quiz(question("essay"), question("matching", name="", prompt="x") + question("truefalse", name=""))
    assert error_of(text).startswith("question 3: a true/false question needs")


def test_too_many_questions_are_refused_before_the_rest_is_read():
    text = quiz(*[question("essay")] * 4)
    with pytest.raises(FormatError, match="more than 3 questions, the limit for one quiz"):
        parse_moodle_xml(text, max_questions=3)


# ---------------------------------------------------------------- writing


def test_the_writer_escapes_markup():
    q = named("short_answer", prompt="a < b & c", choices=[Choice("5\\*3", 1.0, "<b>yes</b>")])
    text = write_moodle_xml([q])
    assert "<text>5\\*3</text>" in text and "a &lt; b &amp; c" in text and "&lt;b&gt;yes" in text
    assert parse_moodle_xml(text).questions == [q]


def test_the_writer_names_a_question_without_a_name_after_its_prompt():
    text = write_moodle_xml([named("essay", name="", prompt="Explain   the\nthaw in a few words, please, in English")])
    assert parse_moodle_xml(text).questions[0].name == "Explain the thaw in a few words, please,"


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        (named("numerical", numeric=[NumericAnswer(min=1, max=3)]), "midpoint"),
        (named("ordering", choices=[Choice("a", feedback="first"), Choice("b")]), "an ordering item"),
        (named("matching", choices=[Choice("a", 0.5, match="1"), Choice("b", match="2")]), "a matching pair"),
        (named("essay", prompt="bell\x07"), "control characters"),
        (named("essay", prompt_format="rst"), "unknown prompt format"),
    ],
)
def test_the_writer_reports_what_moodle_xml_cannot_hold(q, fragment):
    export = export_moodle_xml([q])
    assert len(export.warnings) == 1 and fragment in export.warnings[0]
    assert write_moodle_xml(parse_moodle_xml(export.text).questions) == export.text


def test_a_range_is_written_as_its_midpoint_and_half_width():
    [q] = parse_moodle_xml(
        write_moodle_xml([named("numerical", numeric=[NumericAnswer(min=1950, max=1960)])])
    ).questions
    assert q.numeric == [NumericAnswer(value=1955, tolerance=5)]


@pytest.mark.parametrize(
    "q",
    [
        named("unknown"),
        named("true_false", correct=None),
        named("numerical", numeric=[NumericAnswer()]),
        named("numerical", numeric=[NumericAnswer(value=float("inf"))]),
        named("single", choices=[Choice("a", float("nan"))]),
        named("numerical", numeric=[NumericAnswer(value=1, fraction=float("inf"))]),
    ],
)
def test_questions_moodle_xml_cannot_hold_are_skipped_with_a_comment(q):
    export = export_moodle_xml([q, named("essay")])
    assert "<!-- Skipped: " in export.text and len(export.warnings) == 1
    assert parse_moodle_xml(export.text).questions == [named("essay")]


def test_nothing_is_an_empty_quiz():
    assert parse_moodle_xml(write_moodle_xml([])).questions == []


# ---------------------------------------------------------------- properties

ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("*\\<>&]]>\r\n\t "), max_size=8
)
# Text as the reader keeps it: trimmed, only what XML 1.0 holds, no carriage returns.
XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("*\\<>&]\n\t"), max_size=8
).map(str.strip)
fractions = st.one_of(st.sampled_from([0.0, 1.0, -1.0, 0.5, 1 / 3, 0.3333333]), st.floats(-1, 1))
numbers = st.floats(allow_nan=False, allow_infinity=False)


def typed(qtype: str, text, name, **fields):
    return st.builds(
        QuestionData,
        type=st.just(qtype),
        prompt=text,
        name=name,
        prompt_format=st.sampled_from(["markdown", "html", "plain"]),
        points=st.floats(0.01, 1e6),
        general_feedback=text,
        category=st.sampled_from(["", "$course$/top/History"]) | text,
        **fields,
    )


def quizzes(text, name, ranges: bool, item_extras: bool):
    """Lists of questions of every type; `ranges` and `item_extras` add what Moodle XML cannot hold exactly."""
    choice = st.builds(Choice, text=text, fraction=fractions, feedback=text)
    extra = fractions if item_extras else st.just(0.0)
    item = st.builds(Choice, text=text, fraction=extra, feedback=text if item_extras else st.just(""))
    pair = st.builds(Choice, text=text, match=text, fraction=extra, feedback=text if item_extras else st.just(""))
    value = st.builds(NumericAnswer, value=numbers, tolerance=st.floats(0, 1e12), fraction=fractions, feedback=text)
    span = st.tuples(numbers, numbers).map(sorted).map(lambda b: NumericAnswer(min=b[0], max=b[1]))
    answers = st.one_of(value, span) if ranges else value
    question = st.one_of(
        typed("single", text, name, choices=st.lists(choice, max_size=4)),
        typed("multiple", text, name, choices=st.lists(choice, max_size=4)),
        typed("true_false", text, name, correct=st.booleans(), feedback_true=text, feedback_false=text),
        typed("short_answer", text, name, choices=st.lists(choice, max_size=3), case_sensitive=st.booleans()),
        typed("numerical", text, name, numeric=st.lists(answers, min_size=1, max_size=3)),
        typed("matching", text, name, choices=st.lists(pair, max_size=4)),
        typed("ordering", text, name, choices=st.lists(item, max_size=4)),
        typed("essay", text, name, model_answer=text),
    )
    return st.lists(question, max_size=5)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(quizzes(XML_TEXT, XML_TEXT.filter(bool), ranges=False, item_extras=False))
def test_property_import_gives_back_what_was_exported(generated):
    export = export_moodle_xml(generated)
    assert export.warnings == []
    assert parse_moodle_xml(export.text).questions == generated


@FAST
@given(quizzes(ANY_TEXT, ANY_TEXT, ranges=True, item_extras=True))
def test_property_export_import_export_gives_the_same_text(generated):
    text = write_moodle_xml(generated)
    assert write_moodle_xml(parse_moodle_xml(text).questions) == text


@FAST
@given(st.text(max_size=200))
def test_property_any_text_is_read_or_refused_with_a_format_error(text):
    try:
        parse_moodle_xml(text)
    except FormatError as error:
        assert str(error)
