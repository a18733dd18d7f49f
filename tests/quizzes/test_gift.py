"""GIFT import/export (quizzes/gift.py): the sample, every construct, errors with lines, round trips."""

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.gift import BLANK, GiftError, export_gift, parse_gift, write_gift
from quizzes.types import Choice, NumericAnswer, QuestionData

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "quizzes" / "demo" / "khrushchev-quiz.gift"
SAMPLES = Path(__file__).parent / "gift_samples"


def one(text: str) -> QuestionData:
    """The single question in `text`."""
    result = parse_gift(text)
    assert len(result.questions) == 1, result
    return result.questions[0]


def error_of(text: str) -> GiftError:
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    return caught.value


def round_trip(questions: list[QuestionData]) -> list[QuestionData]:
    return parse_gift(write_gift(questions)).questions


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample() -> list[QuestionData]:
    result = parse_gift(SAMPLE.read_text(encoding="utf-8"))
    assert result.warnings == []
    return result.questions


def test_sample_is_the_shared_sample():
    shared = Path("/work/shared/samples/gift/russian-history-iii-khrushchev-quiz.gift")
    if shared.exists():
        assert SAMPLE.read_bytes() == shared.read_bytes()


def test_sample_types_names_and_category(sample):
    assert [q.type for q in sample] == [
        "numerical",
        "short_answer",
        "single",
        "true_false",
        "multiple",
        "matching",
        "numerical",
        "numerical",
        "essay",
    ]
    assert sample[0].name == "Secret Speech year"
    assert {q.category for q in sample} == {"$course$/Russian History III/Khrushchev"}
    assert all(q.points == 1 for q in sample)


def test_sample_numerical(sample):
    assert sample[0].prompt == "In which year did Khrushchev deliver the Secret Speech?"
    assert sample[0].numeric == [NumericAnswer(value=1956, tolerance=0)]
    assert sample[6].numeric == [NumericAnswer(value=1958, tolerance=0)]
    assert sample[7].numeric == [NumericAnswer(value=None, min=1953, max=1964)]


def test_sample_missing_word_short_answer(sample):
    question = sample[1]
    assert question.prompt == f"The Secret Speech was delivered to the {BLANK} Party Congress."
    assert [(c.text, c.fraction) for c in question.choices] == [("20th", 1), ("Twentieth", 1)]


def test_sample_single_choice_with_feedback(sample):
    question = sample[2]
    assert [(c.text, c.fraction) for c in question.choices] == [
        ("Leonid Brezhnev", 1),
        ("Georgy Malenkov", 0),
        ("Alexei Kosygin", 0),
        ("Mikhail Suslov", 0),
    ]
    assert question.choices[0].feedback == "Correct: Brezhnev organized the palace coup."
    assert question.choices[3].feedback == ""


def test_sample_true_false(sample):
    question = sample[3]
    assert question.correct is False
    # The only feedback is the wrong-answer one: shown to a student who answered true.
    assert question.feedback_true == "Soviet troops crushed it in November 1956."
    assert question.feedback_false == ""


def test_sample_multiple_response(sample):
    question = sample[4]
    assert [c.fraction for c in question.choices] == [0.3333333, 0.3333333, 0.3333334, -1.0]
    assert sum(c.fraction for c in question.choices[:3]) == pytest.approx(1)


def test_sample_matching(sample):
    assert [(c.text, c.match) for c in sample[5].choices] == [
        ("Mao Zedong", "Chairman of the Chinese Communist Party"),
        ("Władysław Gomułka", "Polish leader from October 1956"),
        ("John F. Kennedy", "U.S. President during the Cuban Missile Crisis"),
    ]


def test_sample_essay(sample):
    assert sample[8].prompt == "Explain **one** lasting effect of de-Stalinization."
    assert sample[8].prompt_format == "markdown"


def test_sample_round_trip(sample):
    assert round_trip(sample) == sample
    assert export_gift(sample).warnings == []


# --------------------------------------------------------------------------- sample files


def test_every_type_file():
    result = parse_gift((SAMPLES / "every-type.gift").read_text(encoding="utf-8"))
    by_name = {q.name: q for q in result.questions}
    assert [q.type for q in result.questions] == [
        "single",
        "multiple",
        "true_false",
        "short_answer",
        "numerical",
        "numerical",
        "matching",
        "single",
        "essay",
        "single",
        "true_false",
    ]
    assert result.warnings == ["line 40: text without an answer block (a description) was skipped"]
    assert "Note" not in by_name
    assert {q.category for q in result.questions} == {"Demo/Every type"}
    assert by_name["Missing word"].prompt == f"The {BLANK} Curtain separated China from its neighbours."
    assert by_name["Escapes"].prompt == "Which symbol means {equals}?"
    assert by_name["Lines"].prompt == "A question\nover three\nlines?"
    assert round_trip(result.questions) == result.questions


def test_moodle_export_style_file():
    result = parse_gift((SAMPLES / "moodle-export.gift").read_text(encoding="utf-8"))
    sputnik, capital, blocs, wall = result.questions
    assert sputnik.prompt == "<p>In which year was Sputnik launched?</p>"
    assert sputnik.prompt_format == "html"
    assert sputnik.category == "$course$/Top/Cold War"
    assert sputnik.numeric == [
        NumericAnswer(value=1957, fraction=1, feedback="Right: October 1957."),
        NumericAnswer(value=1958, fraction=0.5, feedback="Close."),
    ]
    assert result.warnings == ["line 11: feedback for any other number (~) is not kept"]
    assert [(c.text, c.fraction, c.feedback) for c in capital.choices] == [
        ("Moscow", 1, ""),
        ("Moskva", 0.5, "Transliterated."),
    ]
    assert capital.general_feedback == "<p>Moscow has been the capital since 1918.</p>"
    assert blocs.type == "multiple"
    assert [c.fraction for c in blocs.choices] == [0.5, 0.5, -1]
    assert (wall.correct, wall.feedback_true, wall.feedback_false) == (True, "Right.", "It did go up in August 1961.")


# --------------------------------------------------------------------------- structure


def test_comments_are_ignored_anywhere():
    question = one(
        "// heading\n  // indented\n::N::Q? {\n  // inside the block\n  =a\n// between answers\n  ~b\n}\n// trailing"
    )
    assert question.prompt == "Q?"
    assert [c.text for c in question.choices] == ["a", "b"]


def test_comment_line_does_not_split_a_question():
    question = one("Q line one\n// note\nline two {TRUE}")
    assert question.prompt == "Q line one\nline two"


def test_double_slash_inside_text_is_not_a_comment():
    assert one("See http://example.org {=http://x.org ~b}").choices[0].text == "http://x.org"


def test_category_applies_to_following_questions_until_changed():
    result = parse_gift(
        "Q0 {T}\n\n$CATEGORY: A/B\n\nQ1 {T}\n\nQ2 {T}\n\n$CATEGORY: C\n\nQ3 {T}\n\n$CATEGORY:\n\nQ4 {F}"
    )
    assert [q.category for q in result.questions] == ["", "A/B", "A/B", "C", ""]


def test_category_line_directly_before_a_question():
    question = one("$CATEGORY: Top/Sub\n::N::Q {T}")
    assert (question.category, question.name, question.prompt) == ("Top/Sub", "N", "Q")


@pytest.mark.parametrize(
    ("text", "name", "prompt"),
    [
        ("::Name::Prompt {T}", "Name", "Prompt"),
        ("::Name::\nPrompt on the next line {T}", "Name", "Prompt on the next line"),
        (":: spaced name :: Prompt {T}", "spaced name", "Prompt"),
        ("::a\\:\\:b::Prompt {T}", "a::b", "Prompt"),
        ("Prompt without a name {T}", "", "Prompt without a name"),
        ("Prompt with ::colons:: inside {T}", "", "Prompt with ::colons:: inside"),
    ],
)
def test_names(text, name, prompt):
    question = one(text)
    assert (question.name, question.prompt) == (name, prompt)


@pytest.mark.parametrize(
    ("text", "prompt_format", "prompt"),
    [
        ("[markdown]**Q** {T}", "markdown", "**Q**"),
        ("[html]<b>Q</b> {T}", "html", "<b>Q</b>"),
        ("[plain]Q {T}", "plain", "Q"),
        ("[moodle]Q {T}", "markdown", "Q"),
        ("::N::[html]Q {T}", "html", "Q"),
        ("[unknown]Q {T}", "markdown", "[unknown]Q"),
        ("[1] is a footnote {T}", "markdown", "[1] is a footnote"),
        ("Q {T}", "markdown", "Q"),
    ],
)
def test_format_prefixes(text, prompt_format, prompt):
    question = one(text)
    assert (question.prompt_format, question.prompt) == (prompt_format, prompt)


def test_format_prefixes_on_answers_and_feedback_are_dropped():
    question = one("Q {=[html]<b>a</b> #[html]<i>yes</i> ~[plain]b ####[markdown]*general*}")
    assert [(c.text, c.feedback) for c in question.choices] == [("<b>a</b>", "<i>yes</i>"), ("b", "")]
    assert question.general_feedback == "*general*"


@pytest.mark.parametrize(
    "text",
    [
        "Q1 {T}\n\nQ2 {F}\n\nQ3 {}",
        "Q1 {T}\n\n\n\n\nQ2 {F}\n\n\nQ3 {}\n\n",
        "Q1 {T}\n   \n\t\nQ2 {F}\n \nQ3 {}",
        "Q1 {T}\r\n\r\nQ2 {F}\r\n\r\nQ3 {}\r\n",
        "\ufeffQ1 {T}\n\nQ2 {F}\n\nQ3 {}",
    ],
)
def test_blank_lines_separate_questions(text):
    assert [(q.prompt, q.type) for q in parse_gift(text).questions] == [
        ("Q1", "true_false"),
        ("Q2", "true_false"),
        ("Q3", "essay"),
    ]


def test_multi_line_question_with_answers_on_their_own_lines():
    question = one("::N::\nFirst line,\nsecond line?\n{\n  =right\n  ~wrong\n}\n")
    assert question.prompt == "First line,\nsecond line?"
    assert question.type == "single"


def test_descriptions_are_skipped_with_a_warning():
    result = parse_gift("// c\n\n::Intro::Read this first.\n\nQ {T}\n\nAnother note\nover two lines")
    assert [q.prompt for q in result.questions] == ["Q"]
    assert result.warnings == [
        "line 3: text without an answer block (a description) was skipped",
        "line 7: text without an answer block (a description) was skipped",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "// only a comment\n// and another", "$CATEGORY: X"])
def test_nothing_to_import(text):
    assert parse_gift(text).questions == []


def test_missing_word_keeps_a_blank_in_the_prompt():
    assert one("Moscow is the {=capital ~port} of Russia.").prompt == f"Moscow is the {BLANK} of Russia."
    assert one("{=Moscow ~Kyiv} is the capital.").prompt == f"{BLANK} is the capital."
    assert one("The year was {#1961} when the wall rose.").prompt == f"The year was {BLANK} when the wall rose."
    assert one("Block at the end {=a ~b}   ").prompt == "Block at the end"
    assert one("Block at the end {=a ~b}\n// comment after").prompt == "Block at the end"


def test_missing_word_across_lines():
    question = one("The {\n  =Iron\n  ~Velvet\n} Curtain\nfell in 1989.")
    assert question.prompt == f"The {BLANK} Curtain\nfell in 1989."


# --------------------------------------------------------------------------- question types


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{=A ~B ~C}", [("A", 1), ("B", 0), ("C", 0)]),
        ("{~B =A ~C}", [("B", 0), ("A", 1), ("C", 0)]),
        ("{=A ~%50%B ~C}", [("A", 1), ("B", 0.5), ("C", 0)]),
        ("{=A ~%-25%B}", [("A", 1), ("B", -0.25)]),
        ("{=A =B ~C}", [("A", 1), ("B", 1), ("C", 0)]),
        ("{\n=A\n~B\n}", [("A", 1), ("B", 0)]),
        ("{=%50%A ~B}", [("%50%A", 1), ("B", 0)]),  # Moodle: `=` takes no weight
    ],
)
def test_single_choice(block, expected):
    question = one("Q " + block)
    assert question.type == "single"
    assert [(c.text, c.fraction) for c in question.choices] == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{~%50%A ~%50%B ~C}", [0.5, 0.5, 0]),
        ("{~%33.33333%A ~%33.33333%B ~%33.33334%C ~%-100%D}", [0.3333333, 0.3333333, 0.3333334, -1]),
        ("{~%100%A ~B}", [1, 0]),
        ("{~A ~B}", [0, 0]),
        ("{~%12.5%A ~%-12.5%B}", [0.125, -0.125]),
        ("{~%.5%A ~%0%B}", [0.005, 0]),
    ],
)
def test_multiple_response(block, expected):
    question = one("Q " + block)
    assert question.type == "multiple"
    assert [c.fraction for c in question.choices] == expected


def test_answer_feedback_on_choices():
    question = one("Q {=A#right ~B #wrong: see p. 3 ~C#}")
    assert [(c.text, c.feedback) for c in question.choices] == [("A", "right"), ("B", "wrong: see p. 3"), ("C", "")]


@pytest.mark.parametrize(
    ("block", "correct", "feedback_true", "feedback_false"),
    [
        ("{T}", True, "", ""),
        ("{TRUE}", True, "", ""),
        ("{F}", False, "", ""),
        ("{FALSE}", False, "", ""),
        ("{true}", True, "", ""),
        ("{ False }", False, "", ""),
        # Moodle: {answer#shown when answered wrongly#shown when answered rightly}
        ("{TRUE#if answered false#if answered true}", True, "if answered true", "if answered false"),
        ("{FALSE#if answered true#if answered false}", False, "if answered true", "if answered false"),
        ("{T#wrong only}", True, "", "wrong only"),
        ("{F#wrong only}", False, "wrong only", ""),
        ("{T##right only}", True, "right only", ""),
        ("{F##right only}", False, "", "right only"),
        ("{T#a#b#c}", True, "b#c", "a"),  # like Moodle, a third # stays in the last feedback
    ],
)
def test_true_false(block, correct, feedback_true, feedback_false):
    question = one("Q " + block)
    assert question.type == "true_false"
    assert (question.correct, question.feedback_true, question.feedback_false) == (
        correct,
        feedback_true,
        feedback_false,
    )
    assert question.choices == []


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{=20th =Twentieth}", [("20th", 1, ""), ("Twentieth", 1, "")]),
        ("{=only}", [("only", 1, "")]),
        ("{=%100%Moscow =%50%Moskva #half}", [("Moscow", 1, ""), ("Moskva", 0.5, "half")]),
        ("{=two words =with #feedback}", [("two words", 1, ""), ("with", 1, "feedback")]),
        ("{\n  =a\n  =%0%b\n}", [("a", 1, ""), ("b", 0, "")]),
        ("{=TRUE}", [("TRUE", 1, "")]),
    ],
)
def test_short_answer(block, expected):
    question = one("Q " + block)
    assert question.type == "short_answer"
    assert [(c.text, c.fraction, c.feedback) for c in question.choices] == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{#1956}", [NumericAnswer(value=1956)]),
        ("{#1958:0}", [NumericAnswer(value=1958, tolerance=0)]),
        ("{#1822:5}", [NumericAnswer(value=1822, tolerance=5)]),
        ("{#3.14:0.005}", [NumericAnswer(value=3.14, tolerance=0.005)]),
        ("{#-273.15}", [NumericAnswer(value=-273.15)]),
        ("{#1e3:1.5e1}", [NumericAnswer(value=1000, tolerance=15)]),
        ("{#1953..1964}", [NumericAnswer(min=1953, max=1964)]),
        ("{#-10..-5}", [NumericAnswer(min=-10, max=-5)]),
        ("{# 1.5 .. 2.5 }", [NumericAnswer(min=1.5, max=2.5)]),
        ("{#1956#Right.}", [NumericAnswer(value=1956, feedback="Right.")]),
        ("{#%50%1957}", [NumericAnswer(value=1957, fraction=0.5)]),
        (
            "{# =1958:0 =%50%1957:1 }",
            [NumericAnswer(value=1958), NumericAnswer(value=1957, tolerance=1, fraction=0.5)],
        ),
        (
            "{#\n  =1962 #Yes.\n  =%50%1961..1963 #Close.\n  =%-50%1917 #No.\n}",
            [
                NumericAnswer(value=1962, feedback="Yes."),
                NumericAnswer(min=1961, max=1963, fraction=0.5, feedback="Close."),
                NumericAnswer(value=1917, fraction=-0.5, feedback="No."),
            ],
        ),
    ],
)
def test_numerical(block, expected):
    question = one("Q " + block)
    assert question.type == "numerical"
    assert question.numeric == expected


@pytest.mark.parametrize("block", ["{#=1957 ~#Nope.}", "{#=1957 =*#Anything else.}"])
def test_numerical_catch_all_is_dropped_with_a_warning(block):
    result = parse_gift("Q\n" + block)
    assert result.questions[0].numeric == [NumericAnswer(value=1957)]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("line 2: ")


def test_matching_pairs_distractors_and_feedback():
    question = one("Q {\n  =Mao -> China #yes\n  =Tito->Yugoslavia\n  =  Castro  ->  Cuba  \n  = -> Albania\n}")
    assert question.type == "matching"
    assert [(c.text, c.match, c.feedback) for c in question.choices] == [
        ("Mao", "China", "yes"),
        ("Tito", "Yugoslavia", ""),
        ("Castro", "Cuba", ""),
        ("", "Albania", ""),
    ]


def test_matching_right_side_may_contain_an_arrow():
    question = one("Q {=a -> b -> c =d -> e}")
    assert [(c.text, c.match) for c in question.choices] == [("a", "b -> c"), ("d", "e")]


@pytest.mark.parametrize(
    ("text", "prompt", "general_feedback"),
    [
        ("Write about it. {}", "Write about it.", ""),
        ("Write about it. {  }", "Write about it.", ""),
        ("Write about it. {\n}", "Write about it.", ""),
        ("Write about it. {####Mention dates.}", "Write about it.", "Mention dates."),
        ("[markdown]Explain **one** effect. {}", "Explain **one** effect.", ""),
    ],
)
def test_essay(text, prompt, general_feedback):
    question = one(text)
    assert (question.type, question.prompt, question.general_feedback) == ("essay", prompt, general_feedback)


@pytest.mark.parametrize(
    ("block", "qtype"),
    [
        ("{=a ~b ####General.}", "single"),
        ("{~%50%a ~%50%b\n####General.\n}", "multiple"),
        ("{TRUE#w#r####General.}", "true_false"),
        ("{=a =b####General.}", "short_answer"),
        ("{#1956####General.}", "numerical"),
        ("{=a -> 1 =b -> 2 ####General.}", "matching"),
        ("{####General.}", "essay"),
        ("{=a #fb####General.}", "short_answer"),
    ],
)
def test_general_feedback_on_every_type(block, qtype):
    question = one("Q " + block)
    assert (question.type, question.general_feedback) == (qtype, "General.")


def test_general_feedback_is_after_the_last_four_hashes():
    question = one("Q {=a #one####two####three}")
    assert question.general_feedback == "three"
    assert question.choices[0].feedback == "one####two"


def test_points_are_always_one():
    assert {q.points for q in parse_gift("A {T}\n\nB {#1}\n\nC {}").questions} == {1}


# --------------------------------------------------------------------------- escapes


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("\\~", "~"),
        ("\\=", "="),
        ("\\#", "#"),
        ("\\{", "{"),
        ("\\}", "}"),
        ("\\:", ":"),
        ("\\n", "\n"),
        ("\\\\", "\\"),
        ("\\>", ">"),
        ("\\x", "\\x"),  # not an escape: the backslash stays, as in Moodle
        ("a\\\\n", "a\\n"),  # an escaped backslash, then a plain n
    ],
)
def test_escapes_everywhere(escaped, plain):
    text = f"::N{escaped}M::P{escaped}Q {{=A{escaped}B #F{escaped}G ~C ####H{escaped}I}}"
    question = one(text)
    assert question.name == f"N{plain}M"
    assert question.prompt == f"P{plain}Q"
    assert (question.choices[0].text, question.choices[0].feedback) == (f"A{plain}B", f"F{plain}G")
    assert question.general_feedback == f"H{plain}I"


def test_escaped_markers_do_not_change_the_type():
    assert one("Q {=a\\~b}").type == "short_answer"
    assert one("Q {=a-\\>b =c}").type == "short_answer"
    assert one("Q \\{not a block\\} {T}").prompt == "Q {not a block}"
    assert one("Q {#1956 #see \\~ here}").numeric == [NumericAnswer(value=1956, feedback="see ~ here")]


def test_matching_left_side_with_an_escaped_arrow():
    question = one("Q {=a-\\>b -> c =d -> e}")
    assert [(c.text, c.match) for c in question.choices] == [("a->b", "c"), ("d", "e")]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Q1 {T}\n\nQ2 {=a\n~b", 3, "no closing brace"),
        ("Q {=a\n\n~b}", 1, "no closing brace"),
        ("Q1 {T}\n\n\nQ2 =a ~b}", 4, "closing brace } without an opening"),
        ("Q } {T}", 1, "closing brace } without an opening"),
        ("Q1 {T}\nQ2 {F}", 2, "second answer block"),
        ("Q {=a\n{~b}", 2, "{ inside an answer block"),
        ("::Name without end {T}", 1, "no closing ::"),
        ("Q {foo}", 1, "unknown answer marker"),
        ("Q {\nfoo =a ~b}", 2, "unknown answer marker"),
        ("Q {maybe#fb}", 1, "unknown answer marker"),
        ("Q {x =a -> 1 =b -> 2}", 1, "unknown answer marker"),
        ("Q {~only}", 1, "at least two answers"),
        ("Q {=a -> 1}", 1, "at least two pairs"),
        ("Q {=a -> 1 = -> 2 = -> 3}", 1, "at least two pairs"),
        ("Q {\n=a -> 1\n=b 2\n}", 3, "=left -> right"),
        ("Q {=a -> 1 =b ->}", 1, "empty"),
        ("Q {#}", 1, "needs a number"),
        ("Q {#\n}", 1, "needs a number"),
        ("Q {#abc}", 1, "'abc' is not a number"),
        ("Q {#1956:x}", 1, "'x' is not a number"),
        ("Q {#1,5}", 1, "is not a number"),
        ("Q {#nan}", 1, "is not a number"),
        ("Q {#1_000}", 1, "is not a number"),
        ("Q {#1e999}", 1, "too large"),
        ("Q {#1964..1953}", 1, "minimum above its maximum"),
        ("Q {#1953..}", 1, "is not a number"),
        ("Q {#1956:-1}", 1, "negative"),
        ("Q {#\n=1956\n=%50%abc\n}", 3, "'abc' is not a number"),
        ("Q {~%150%a ~b}", 1, "outside -100..100"),
        ("Q {=a\n~%-101%b}", 2, "outside -100..100"),
        ("Q {=a ~}", 1, "empty"),
        ("Q {=a ~#only feedback}", 1, "empty"),
        ("Q {=}", 1, "empty"),
        ("Q {=a =%50%}", 1, "empty"),
        ("Q {#=*}", 1, "needs a number"),
    ],
)
def test_errors_name_the_line(text, line, fragment):
    error = error_of(text)
    assert error.line == line
    assert str(error).startswith(f"line {line}: ")
    assert fragment in error.message


def test_an_error_imports_nothing():
    good = "::A::Q {T}\n\n::B::Q {#1}\n\n"
    error = error_of(good + "::C::Q {~only}")
    assert error.line == 5


def test_error_lines_count_comments_and_categories():
    text = "// one\n// two\n$CATEGORY: X\n\n// five\n::N::\nQ {\n=a\n// nine\n=b\n~%x%c\n~\n}"
    assert error_of(text).line == 12


def test_gift_error_is_a_value_error():
    assert isinstance(error_of("Q {"), ValueError)


# --------------------------------------------------------------------------- writing


def question(qtype: str, **fields) -> QuestionData:
    return QuestionData(type=qtype, prompt=fields.pop("prompt", "Q?"), **fields)


def test_write_layout():
    text = write_gift(
        [
            question("true_false", name="T", correct=True, feedback_true="right", feedback_false="wrong"),
            question("single", choices=[Choice("A", 1, "yes"), Choice("B", 0), Choice("C", 0.5)]),
            question("numerical", numeric=[NumericAnswer(value=1956), NumericAnswer(min=1, max=2.5, fraction=0.5)]),
            question("essay", prompt="Why?", general_feedback="Think."),
        ]
    )
    assert text == (
        "::T::Q? {TRUE#wrong#right}\n\nQ? {=A #yes ~B ~%50%C}\n\nQ? {# =1956 =%50%1..2.5}\n\nWhy? {####Think.}\n"
    )


def test_write_long_blocks_one_answer_per_line():
    text = write_gift([question("multiple", choices=[Choice(("a long answer " * 3).strip(), 0.5), Choice("b", -1)])])
    assert text == "Q? {\n  ~%50%a long answer a long answer a long answer\n  ~%-100%b\n}\n"


def test_write_escapes_special_characters():
    q = question(
        "short_answer",
        name="a::b",
        prompt="x = {y} #1 ~2\nnext",
        choices=[Choice("c\\d -> e", 1, "f#g")],
    )
    text = write_gift([q])
    assert text == "::a\\:\\:b::x \\= \\{y\\} \\#1 \\~2\\nnext {=c\\\\d -\\> e #f\\#g}\n"
    assert round_trip([q]) == [q]


@pytest.mark.parametrize(
    ("prompt", "prompt_format", "start"),
    [
        ("[html] looks like a format", "markdown", "[markdown][html] looks like a format"),
        ("// looks like a comment", "markdown", "[markdown]// looks like a comment"),
        ("<b>bold</b>", "html", "[html]<b>bold</b>"),
        ("plain", "plain", "[plain]plain"),
        ("ordinary", "markdown", "ordinary"),
    ],
)
def test_write_format_prefix_only_when_needed(prompt, prompt_format, start):
    q = question("essay", prompt=prompt, prompt_format=prompt_format)
    assert write_gift([q]).startswith(start + " {}")
    assert round_trip([q]) == [q]


def test_write_answer_that_starts_like_a_weight_or_format():
    q = question("multiple", choices=[Choice("%50%", 0), Choice("[html]x", 1, "[plain]y")])
    text = write_gift([q])
    assert "~%0%%50%" in text
    assert "[markdown][html]x" in text
    assert "[markdown][plain]y" in text
    assert round_trip([q]) == [q]


def test_write_missing_word_puts_the_block_at_the_blank():
    q = question("short_answer", prompt=f"The {BLANK} Congress.", choices=[Choice("20th", 1)])
    assert write_gift([q]) == "The {=20th} Congress.\n"
    trailing = question("short_answer", prompt=f"Fill in: {BLANK}", choices=[Choice("x", 1)])
    assert write_gift([trailing]) == f"Fill in\\: {BLANK} {{=x}}\n"
    assert round_trip([q, trailing]) == [q, trailing]


def test_write_categories_only_when_they_change():
    qs = [question("essay", category=c) for c in ["A", "A", "B", "", "B"]]
    text = write_gift(qs)
    assert text.count("$CATEGORY:") == 4
    assert round_trip(qs) == qs


def test_write_single_where_every_choice_is_right_stays_single():
    q = question("single", choices=[Choice("a", 1), Choice("b", 1)])
    assert write_gift([q]) == "Q? {=a ~%100%b}\n"
    assert round_trip([q]) == [q]


def test_write_true_false_follows_moodle_feedback_order():
    q = question("true_false", correct=False, feedback_true="answered true", feedback_false="answered false")
    assert write_gift([q]) == "Q? {FALSE#answered true#answered false}\n"
    only_right = question("true_false", correct=True, feedback_true="answered true")
    assert write_gift([only_right]) == "Q? {TRUE##answered true}\n"
    assert round_trip([q, only_right]) == [q, only_right]


def test_write_numbers_and_fractions_exactly():
    q = question(
        "numerical",
        numeric=[
            NumericAnswer(value=0.1, tolerance=1e-9, fraction=1 / 3),
            NumericAnswer(value=-2.5e20, fraction=-0.1),
            NumericAnswer(min=-1e-7, max=3),
        ],
    )
    assert round_trip([q]) == [q]


def test_ordering_is_written_as_a_comment_and_reported():
    ordering = question("ordering", name="Order", choices=[Choice("first"), Choice("second")])
    essay = question("essay", prompt="Why?")
    export = export_gift([ordering, essay])
    assert export.text.startswith("// Skipped: ordering questions have no GIFT syntax.\n// Q?\n// 1. first\n")
    assert export.warnings == [
        "question 1 ('Order'): ordering questions have no GIFT syntax; written as a comment and skipped"
    ]
    assert parse_gift(export.text).questions == [essay]
    assert write_gift([ordering, essay]) == export.text


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        (question("essay", points=2), "points (2)"),
        (question("essay", model_answer="Because."), "model answer"),
        (question("single", choices=[Choice("a", 0.5), Choice("b", 0)]), "reads back as a multiple"),
        (question("essay", prompt_format="rst"), "unknown prompt format"),
    ],
)
def test_export_reports_what_gift_cannot_hold(q, fragment):
    export = export_gift([q])
    assert len(export.warnings) == 1
    assert fragment in export.warnings[0]
    parse_gift(export.text)  # still valid GIFT


@pytest.mark.parametrize(
    "q",
    [
        question("single", choices=[Choice("a", 1)]),
        question("multiple", choices=[Choice("a", 1), Choice("  ", 0)]),
        question("short_answer", choices=[]),
        question("matching", choices=[Choice("a", match="1"), Choice("", match="2")]),
        question("matching", choices=[Choice("a", match="1"), Choice("b", match="")]),
        question("numerical", numeric=[]),
        question("numerical", numeric=[NumericAnswer()]),
        question("numerical", numeric=[NumericAnswer(value=float("inf"))]),
        question("numerical", numeric=[NumericAnswer(min=2, max=1)]),
        question("numerical", numeric=[NumericAnswer(value=1, tolerance=-1)]),
        question("true_false", correct=None),
        question("multiple", choices=[Choice("a", 2), Choice("b", 0)]),
        question("unknown"),
    ],
)
def test_unwritable_questions_become_comments(q):
    export = export_gift([q])
    assert export.text.startswith("// Skipped: ")
    assert len(export.warnings) == 1
    assert parse_gift(export.text).questions == []


def test_write_nothing():
    assert write_gift([]) == ""


# --------------------------------------------------------------------------- properties

# Characters and character runs GIFT gives meaning to, so that generated text hits every escape and trap.
SPECIAL_CHARS = "~=#{}:\\->%[]_/ \nTFn.*$"
TOKENS = ["[html]", "[moodle]", "->", "//", "####", "::", BLANK, "\\n", "%50%", "$CATEGORY:"]
SPECIAL = list(SPECIAL_CHARS) + TOKENS
TEXT_CHARS = st.sampled_from(SPECIAL_CHARS) | st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")


def texts(min_size: int = 0):
    """Text as GIFT keeps it: trimmed (GIFT trims every text), no carriage returns."""
    plain = st.text(alphabet=TEXT_CHARS, max_size=8)
    # st.text is much faster to generate than lists of tokens; a token is spliced in instead.
    spliced = st.tuples(st.text(alphabet=TEXT_CHARS, max_size=3), st.sampled_from(TOKENS), plain).map("".join)
    return st.one_of(plain, spliced).map(str.strip).filter(lambda text: len(text) >= min_size)


fractions = st.one_of(st.sampled_from([0.0, 1.0, -1.0, 0.5, 1 / 3, 0.3333333]), st.floats(-1, 1))
numbers = st.floats(allow_nan=False, allow_infinity=False)


def choices(fraction=fractions, min_size=1, max_size=4):
    choice = st.builds(Choice, text=texts(1), fraction=fraction, feedback=texts())
    return st.lists(choice, min_size=min_size, max_size=max_size)


@st.composite
def single_choices(draw):
    right = draw(st.builds(Choice, text=texts(1), fraction=st.just(1.0), feedback=texts()))
    others = draw(choices(min_size=1, max_size=3))
    return draw(st.permutations([right, *others]))


@st.composite
def numeric_answers(draw):
    fraction, feedback = draw(fractions), draw(texts())
    if draw(st.booleans()):
        low, high = sorted(draw(st.tuples(numbers, numbers)))
        return NumericAnswer(min=low, max=high, fraction=fraction, feedback=feedback)
    tolerance = draw(st.floats(0, 1e12))
    return NumericAnswer(value=draw(numbers), tolerance=tolerance, fraction=fraction, feedback=feedback)


@st.composite
def matching_pairs(draw):
    pair = st.builds(Choice, text=texts(1), match=texts(1), feedback=texts())
    distractor = st.builds(Choice, text=st.just(""), match=texts(1))
    return draw(st.permutations(draw(st.lists(pair, min_size=2, max_size=4)) + draw(st.lists(distractor, max_size=2))))


def typed(qtype: str, **fields):
    return st.builds(
        QuestionData,
        type=st.just(qtype),
        prompt=texts(),
        name=texts(),
        prompt_format=st.sampled_from(["markdown", "html", "plain"]),
        general_feedback=texts(),
        category=st.sampled_from(["", "$course$/History", "a:b/c"]) | texts(),
        **fields,
    )


questions = st.one_of(
    typed("single", choices=single_choices()),
    typed("multiple", choices=choices(min_size=2)),
    typed("short_answer", choices=choices()),
    typed("numerical", numeric=st.lists(numeric_answers(), min_size=1, max_size=3)),
    typed("matching", choices=matching_pairs()),
    typed("true_false", correct=st.booleans(), feedback_true=texts(), feedback_false=texts()),
    typed("essay"),
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(questions, max_size=4))
def test_property_round_trip(generated):
    export = export_gift(generated)
    assert export.warnings == []
    assert parse_gift(export.text).questions == generated


@FAST
@given(st.lists(st.one_of(st.sampled_from(SPECIAL + ["\n\n", "{", "}", "#1", "..", "\r", "T"]), st.text(max_size=5))))
def test_property_parse_never_crashes(parts):
    try:
        result = parse_gift("".join(parts))
    except GiftError as error:
        assert str(error).startswith(f"line {error.line}: ")
        assert error.line >= 1
    else:
        assert all(
            q.type in {"single", "multiple", "true_false", "short_answer", "numerical", "matching", "essay"}
            for q in result.questions
        )


@FAST
@given(st.text())
def test_property_parse_arbitrary_text(text):
    with contextlib.suppress(GiftError):
        parse_gift(text)


# GIFT-shaped text: answer lists of each kind with random text and some noise, so most parse.
feedback = st.one_of(st.just(""), texts().map(lambda text: " #" + text))
number = st.sampled_from(["1956", "-2.5", "1e3", "0", ".5", "x", "7:1", "1..2", "3..1", "*"])
choice_answer = st.tuples(
    st.sampled_from(["=", "~", "~%50%", "~%-100%", "~%33.3%", "=%25%", "", "~%x%"]), texts(), feedback
)
pair_answer = st.tuples(st.sampled_from(["=", "= ", "=%1%"]), texts(), st.sampled_from([" -> ", "->", " "]), texts(1))
numeric_answer = st.tuples(st.sampled_from(["=", "=%50%", "~", ""]), number, feedback)
answer_block = st.one_of(
    st.lists(choice_answer.map("".join), max_size=4),
    st.lists(pair_answer.map("".join), max_size=4),
    st.lists(numeric_answer.map("".join), min_size=1, max_size=3).map(lambda answers: ["#", *answers]),
    st.tuples(st.sampled_from(["T", "FALSE", "true", "maybe"]), feedback, feedback).map(lambda parts: ["".join(parts)]),
)
gift_question = st.tuples(
    st.sampled_from(["", "::n::", "::n::[html]", "[plain]", "// c\n", "$CATEGORY: x\n"]),
    texts(),
    st.sampled_from(["{", "{\n"]),
    answer_block.map(" ".join),
    st.sampled_from(["}", "} after", "}\n// c", "####general}", "\n}"]),
).map("".join)


@FAST
@given(st.lists(gift_question, max_size=4).map("\n\n".join))
def test_property_parsed_text_round_trips(text):
    try:
        parsed = parse_gift(text).questions
    except GiftError:
        return
    export = export_gift(parsed)
    assert export.warnings == []
    assert parse_gift(export.text).questions == parsed
