"""quizzes.grading: many cases per type, the GIFT sample's answers, and property tests."""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizzes.grading import (
    AnswerError,
    Grade,
    grade,
    key_answer,
    longest_increasing_run,
    matching_rights,
    option_ids,
    validate_answer,
)
from quizzes.problems import question_problems
from quizzes.short_answer import normalize_text
from quizzes.types import QUESTION_TYPES, Choice, NumericAnswer, QuestionData


def q(type_, choices=(), **kw):
    return QuestionData(type=type_, prompt="Q?", choices=list(choices), **kw)


def c(text, fraction=0.0, id=None, **kw):
    return Choice(text=text, fraction=fraction, id=id, **kw)


SUCCESSOR = q(
    "single",
    [
        c("Leonid Brezhnev", 1, 11, feedback="Correct"),
        c("Georgy Malenkov", 0, 12, feedback="Sidelined"),
        c("Alexei Kosygin", 0, 13),
        c("Mikhail Suslov", -0.5, 14),
    ],
)
ANTI_PARTY = q(
    "multiple",
    [
        c("Georgy Malenkov", 0.3333333, 1, feedback="yes"),
        c("Vyacheslav Molotov", 0.3333333, 2),
        c("Lazar Kaganovich", 0.3333334, 3),
        c("Leonid Brezhnev", -1, 4, feedback="no"),
    ],
)
HUNGARY = q("true_false", correct=False, feedback_true="Crushed in November", feedback_false="Right")
CONGRESS = q("short_answer", [c("20th", 1, 31), c("Twentieth", 1, 32), c("19th", -0.5, 33, feedback="earlier")])
PREMIER = q("numerical", numeric=[NumericAnswer(value=1958, tolerance=0)])
SPAN = q("numerical", numeric=[NumericAnswer(min=1953, max=1964)])
LEADERS = q(
    "matching",
    [
        c("Mao Zedong", 1, 51, match="Chairman of the Chinese Communist Party"),
        c("Władysław Gomułka", 1, 52, match="Polish leader from October 1956"),
        c("John F. Kennedy", 1, 53, match="U.S. President during the Cuban Missile Crisis"),
        c("", 0, 54, match="Premier of the GDR"),
    ],
)
RIGHTS = {
    9001: "Polish leader from October 1956",
    4242: "Premier of the GDR",
    777: "Chairman of the Chinese Communist Party",
    31337: "U.S. President during the Cuban Missile Crisis",
}
EVENTS = q("ordering", [c("Stalin dies", 0, 61), c("Secret Speech", 0, 62), c("Sputnik", 0, 63), c("Ouster", 0, 64)])
ESSAY = q("essay", model_answer="It ended mass terror.")


def frac(question, answer, **kw):
    return grade(question, answer, **kw).fraction


# ---------------------------------------------------------------- single


@pytest.mark.parametrize(
    ("choice", "want", "feedback"),
    [(11, 1, "Correct"), (12, 0, "Sidelined"), (13, 0, ""), (14, 0, "")],
)
def test_single(choice, want, feedback):
    assert grade(SUCCESSOR, {"choice": choice}) == Grade(want, feedback)


def test_single_partial_fraction():
    question = q("single", [c("a", 1, 1), c("b", 0.5, 2)])
    assert frac(question, {"choice": 2}) == 0.5


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"choice": 42}, "choice 42 is not an option of this question"),
        ({"choice": "11"}, "not an option id"),
        ({"choice": True}, "not an option id"),
        ({"choice": 11.0}, "not an option id"),
        ({}, 'missing key "choice"'),
        ({"choice": 11, "extra": 1}, 'unexpected key "extra"'),
        ([11], "must be an object"),
        (None, "must be an object"),
        ({"choices": [11]}, "missing"),
    ],
)
def test_single_malformed(answer, message):
    with pytest.raises(AnswerError, match=message):
        grade(SUCCESSOR, answer)


# ---------------------------------------------------------------- multiple


@pytest.mark.parametrize(
    ("choices", "want"),
    [
        ([1, 2, 3], 1),
        ([3, 2, 1], 1),
        ([1, 2], 0.666667),
        ([1], 0.333333),
        ([], 0),
        ([4], 0),
        ([1, 4], 0),
        ([1, 2, 3, 4], 0),
        ([1, 2, 4], 0),
    ],
)
def test_multiple_partial_credit_and_negative_marking(choices, want):
    assert frac(ANTI_PARTY, {"choices": choices}) == want


def test_multiple_feedback_joins_chosen_options():
    assert grade(ANTI_PARTY, {"choices": [1, 4]}).feedback == "yes\nno"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"choices": [1, 1]}, "more than once"),
        ({"choices": [1, 99]}, "choice 99 is not an option"),
        ({"choices": 1}, "must be a list"),
        ({"choices": [None]}, "not an option id"),
        ({"choice": 1}, "missing"),
    ],
)
def test_multiple_malformed(answer, message):
    with pytest.raises(AnswerError, match=message):
        grade(ANTI_PARTY, answer)


# ---------------------------------------------------------------- true/false


def test_true_false():
    assert grade(HUNGARY, {"value": False}) == Grade(1, "Right")
    assert grade(HUNGARY, {"value": True}) == Grade(0, "Crushed in November")
    assert frac(q("true_false", correct=True), {"value": True}) == 1


@pytest.mark.parametrize("value", [0, 1, "false", None, "True"])
def test_true_false_needs_a_boolean(value):
    with pytest.raises(AnswerError, match="true or false"):
        grade(HUNGARY, {"value": value})


# ---------------------------------------------------------------- short answer


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("20th", 1),
        ("twentieth", 1),
        ("  TWENTIETH  ", 1),
        ("Twentieth.", 1),
        ("20 th", 1),
        ("“20th”!", 1),
        ("\tTwen-tieth\n", 1),
        ("19th", 0),
        ("21st", 0),
        ("", 0),
        ("...", 0),
        ("twentieths", 0),
    ],
)
def test_short_answer(text, want):
    assert frac(CONGRESS, {"text": text}) == want


def test_short_answer_wrong_listed_answer_gives_feedback_and_zero():
    assert grade(CONGRESS, {"text": "19TH"}) == Grade(0, "earlier")


def test_short_answer_first_match_decides_as_in_moodle():
    question = q("short_answer", [c("Paris", 0.5), c("paris!", 1), c("PARIS", 0.25)])
    assert frac(question, {"text": "paris"}) == 0.5


def test_short_answer_partial_fraction():
    question = q("short_answer", [c("Nikita Khrushchev", 1), c("Khrushchev", 0.5)])
    assert frac(question, {"text": "khrushchev"}) == 0.5


def test_short_answer_unicode_case_and_accents():
    question = q("short_answer", [c("Gomułka", 1), c("Straße", 1), c("Café", 1)])
    assert frac(question, {"text": "GOMUŁKA"}) == 1
    assert frac(question, {"text": "Gomulka"}) == 0  # accents are part of the spelling
    assert frac(question, {"text": "STRASSE"}) == 1  # casefold
    assert frac(question, {"text": "cafe\u0301"}) == 1  # decomposed é equals composed é
    assert frac(question, {"text": "cafe"}) == 0


def test_normalize_text():
    assert normalize_text(" U.S.A. ") == "usa"
    assert normalize_text("well-known") == normalize_text("Well known")
    assert normalize_text("ＡＢＣ") == "abc"  # full-width forms (NFKC)


@pytest.mark.parametrize(
    ("answer", "message"),
    [({"text": 20}, "must be a string"), ({"text": None}, "must be a string"), ({"value": "x"}, "missing")],
)
def test_short_answer_malformed(answer, message):
    with pytest.raises(AnswerError, match=message):
        grade(CONGRESS, answer)


def test_overlong_text_is_rejected():
    with pytest.raises(AnswerError, match="longer than"):
        grade(CONGRESS, {"text": "x" * 60_000})


# ---------------------------------------------------------------- numerical


@pytest.mark.parametrize(("value", "want"), [(1958, 1), (1958.0, 1), (1959, 0), (1957.9999, 0), (0, 0)])
def test_numerical_exact(value, want):
    assert frac(PREMIER, {"value": value}) == want


@pytest.mark.parametrize(("value", "want"), [(1953, 1), (1960, 1), (1964, 1), (1952.99, 0), (1964.5, 0), (-5, 0)])
def test_numerical_range(value, want):
    assert frac(SPAN, {"value": value}) == want


def test_numerical_tolerance_and_several_answers():
    question = q(
        "numerical",
        numeric=[
            NumericAnswer(value=3.1416, tolerance=0.0001, fraction=1, feedback="pi"),
            NumericAnswer(value=3.14, tolerance=0.01, fraction=0.5, feedback="close"),
            NumericAnswer(value=3, tolerance=0.5, fraction=0.25),
        ],
    )
    assert grade(question, {"value": 3.1416}) == Grade(1, "pi")
    assert grade(question, {"value": 3.14159}) == Grade(1, "pi")
    assert grade(question, {"value": 3.135}) == Grade(0.5, "close")
    assert frac(question, {"value": 2.6}) == 0.25
    assert frac(question, {"value": 4}) == 0


def test_numerical_float_boundaries_are_inclusive():
    question = q("numerical", numeric=[NumericAnswer(value=0.3, tolerance=0.1)])
    assert frac(question, {"value": 0.1 + 0.1}) == 1  # 0.2000000000000000111 is at the bound
    assert frac(question, {"value": 0.4}) == 1


@pytest.mark.parametrize("value", ["1958", None, True, math.nan, math.inf, -math.inf, [1958]])
def test_numerical_needs_a_finite_number(value):
    with pytest.raises(AnswerError, match="must be a number"):
        grade(PREMIER, {"value": value})


# ---------------------------------------------------------------- matching


def test_matching_all_right():
    pairs = [{"left": 51, "right": 777}, {"left": 52, "right": 9001}, {"left": 53, "right": 31337}]
    assert frac(LEADERS, {"pairs": pairs}, rights=RIGHTS) == 1


@pytest.mark.parametrize(
    ("pairs", "want"),
    [
        ([(51, 777), (52, 9001)], 0.666667),
        ([(51, 777)], 0.333333),
        ([], 0),
        ([(51, 9001), (52, 777), (53, 31337)], 0.333333),
        ([(51, 4242), (52, 4242), (53, 4242)], 0),
        ([(51, 9001), (52, 31337), (53, 777)], 0),
    ],
)
def test_matching_share_of_left_items(pairs, want):
    answer = {"pairs": [{"left": a, "right": b} for a, b in pairs]}
    assert frac(LEADERS, answer, rights=RIGHTS) == want


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([{"left": 51, "right": 777}, {"left": 51, "right": 9001}], "paired more than once"),
        ([{"left": 54, "right": 777}], "left item 54 is not an option"),
        ([{"left": 51, "right": 1}], "right item 1 is not an option"),
        ([{"left": 51}], 'missing key "right"'),
        ([{"left": 51, "right": 777, "x": 0}], 'unexpected key "x"'),
        ([[51, 777]], "must be an object"),
        ({"51": 777}, "must be a list"),
    ],
)
def test_matching_malformed(pairs, message):
    with pytest.raises(AnswerError, match=message):
        grade(LEADERS, {"pairs": pairs}, rights=RIGHTS)


def test_matching_default_rights_and_key():
    rights = matching_rights(LEADERS)
    assert sorted(rights.values()) == sorted(RIGHTS.values())
    assert frac(LEADERS, key_answer(LEADERS)) == 1
    assert frac(LEADERS, key_answer(LEADERS, rights=RIGHTS), rights=RIGHTS) == 1


def test_matching_shared_right_text_is_right_for_both():
    question = q(
        "matching", [c("cat", 1, 1, match="animal"), c("dog", 1, 2, match="animal"), c("oak", 1, 3, match="tree")]
    )
    rights = {10: "animal", 20: "tree"}
    pairs = [{"left": 1, "right": 10}, {"left": 2, "right": 10}, {"left": 3, "right": 10}]
    assert frac(question, {"pairs": pairs}, rights=rights) == 0.666667


# ---------------------------------------------------------------- ordering


@pytest.mark.parametrize(
    ("order", "want"),
    [
        ([61, 62, 63, 64], 1),
        ([64, 63, 62, 61], 0),
        ([62, 61, 63, 64], 0.666667),  # one swap: LIS 3 -> 2/3
        ([64, 61, 62, 63], 0.666667),  # last item moved first
        ([62, 61, 64, 63], 0.333333),  # LIS 2
        ([63, 64, 61, 62], 0.333333),
    ],
)
def test_ordering_partial_credit(order, want):
    assert frac(EVENTS, {"order": order}) == want


def test_ordering_single_item_is_trivially_right():
    assert frac(q("ordering", [c("only", 0, 5)]), {"order": [5]}) == 1


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ([61, 62, 63], "every item exactly once"),
        ([61, 62, 63, 64, 64], "more than once"),
        ([61, 62, 63, 99], "item 99 is not an option"),
        ("61,62", "must be a list"),
    ],
)
def test_ordering_malformed(order, message):
    with pytest.raises(AnswerError, match=message):
        grade(EVENTS, {"order": order})


def test_longest_increasing_run():
    assert longest_increasing_run([]) == 0
    assert longest_increasing_run([3, 1, 2, 5, 4]) == 3
    assert longest_increasing_run([5, 4, 3]) == 1


# ---------------------------------------------------------------- essay, ids, problems


def test_essay_waits_for_review():
    assert grade(ESSAY, {"text": "It ended mass terror as a tool of rule."}) == Grade(None, "", needs_review=True)
    with pytest.raises(AnswerError):
        grade(ESSAY, {"text": ["no"]})


def test_unknown_type_is_a_programming_error_not_an_answer_error():
    with pytest.raises(ValueError, match="unknown question type"):
        grade(q("cloze"), {})


def test_unsaved_choices_are_addressed_by_position():
    question = q("single", [c("a"), c("b", 1)])
    assert option_ids(question) == [1, 2]
    assert key_answer(question) == {"choice": 2}
    assert frac(question, {"choice": 2}) == 1


def test_validate_answer_does_not_grade():
    assert validate_answer(SUCCESSOR, {"choice": 14}) is None
    with pytest.raises(AnswerError):
        validate_answer(SUCCESSOR, {"choice": 15})


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (q("single", [c("a", 0.5), c("b")]), "full marks"),
        (q("single", []), "no options"),
        (q("multiple", [c("a", 0.5), c("b", 0.25)]), "full marks"),
        (q("short_answer", [c("...", 1)]), "empty"),
        (q("true_false"), "needs its answer"),
        (q("numerical"), "at least one"),
        (q("numerical", numeric=[NumericAnswer(min=3, max=1)]), "min is above max"),
        (q("numerical", numeric=[NumericAnswer(value=math.nan)]), "finite"),
        (q("matching", [c("", match="x")]), "at least one pair"),
        (q("ordering", [c("a")]), "two items"),
        (q("single", [c("a", 2)]), "outside -1..1"),
        (QuestionData(type="essay", prompt=" "), "no prompt"),
    ],
)
def test_question_problems(question, problem):
    assert any(problem in p for p in question_problems(question))


@pytest.mark.parametrize("question", [SUCCESSOR, ANTI_PARTY, HUNGARY, CONGRESS, PREMIER, SPAN, LEADERS, EVENTS, ESSAY])
def test_sample_questions_are_well_formed_and_keys_score_one(question):
    assert question_problems(question) == []
    result = grade(question, key_answer(question))
    assert result.fraction == (None if question.type == "essay" else 1)


# ---------------------------------------------------------------- property tests

ids = st.lists(st.integers(1, 10**9), min_size=1, max_size=8, unique=True)
texts = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
finite = st.floats(-1e6, 1e6, allow_nan=False)


def _partition(draw, n):
    """n positive fractions summing to 1 (what a well-formed multiple response question has)."""
    weights = draw(st.lists(st.integers(1, 100), min_size=n, max_size=n))
    return [w / sum(weights) for w in weights]


@st.composite
def questions(draw, kind=None):
    kind = kind or draw(st.sampled_from(QUESTION_TYPES))
    stored = draw(st.booleans())
    n = draw(st.integers(1, 7))
    option_ids_ = draw(st.lists(st.integers(1, 10**9), min_size=n, max_size=n, unique=True)) if stored else [None] * n
    wrong = st.floats(-1, 0.99, allow_nan=False)
    if kind == "single":
        fracs = [draw(wrong) for _ in range(n)]
        fracs[draw(st.integers(0, n - 1))] = 1.0
        choices = [
            Choice(text=f"o{i}", fraction=f, id=i_) for i, (f, i_) in enumerate(zip(fracs, option_ids_, strict=True))
        ]
    elif kind == "multiple":
        k = draw(st.integers(1, n))
        fracs = _partition(draw, k) + [draw(st.floats(-1, 0, allow_nan=False)) for _ in range(n - k)]
        fracs = draw(st.permutations(fracs))
        choices = [
            Choice(text=f"o{i}", fraction=f, id=i_) for i, (f, i_) in enumerate(zip(fracs, option_ids_, strict=True))
        ]
    elif kind == "short_answer":
        words = draw(st.lists(texts, min_size=n, max_size=n, unique_by=normalize_text))
        assume(all(normalize_text(w) for w in words))
        fracs = [draw(wrong) for _ in range(n)]
        fracs[0] = 1.0
        choices = [Choice(text=w, fraction=f, id=i_) for w, f, i_ in zip(words, fracs, option_ids_, strict=True)]
    elif kind == "matching":
        rights_ = draw(st.lists(texts, min_size=n, max_size=n))
        choices = [
            Choice(text=f"left{i}", match=r, id=i_) for i, (r, i_) in enumerate(zip(rights_, option_ids_, strict=True))
        ]
        if draw(st.booleans()):
            choices.append(Choice(text="", match="distractor", id=None if not stored else max(option_ids_) + 1))
    elif kind == "ordering":
        n = max(n, 2)
        choices = [Choice(text=f"item{i}", id=None if not stored else i * 7 + 3) for i in range(n)]
    else:
        choices = []
    numeric = []
    if kind == "numerical":
        v = draw(finite)
        if draw(st.booleans()):
            numeric = [NumericAnswer(value=v, tolerance=draw(st.floats(0, 100)))]
        else:
            numeric = [NumericAnswer(min=v, max=v + draw(st.floats(0, 100)))]
        numeric.append(NumericAnswer(value=draw(finite), fraction=draw(st.floats(0, 1))))
    return QuestionData(
        type=kind,
        prompt="Prompt",
        choices=choices,
        numeric=numeric,
        correct=draw(st.booleans()) if kind == "true_false" else None,
        model_answer="model" if kind == "essay" else "",
    )


@st.composite
def valid_answers(draw, question):
    opts = option_ids(question)
    kind = question.type
    if kind == "single":
        return {"choice": draw(st.sampled_from(opts))}
    if kind == "multiple":
        return {"choices": draw(st.lists(st.sampled_from(opts), unique=True))}
    if kind == "true_false":
        return {"value": draw(st.booleans())}
    if kind in ("short_answer", "essay"):
        return {"text": draw(st.text(max_size=40))}
    if kind == "numerical":
        return {
            "value": draw(st.one_of(st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False)))
        }
    if kind == "matching":
        lefts = [i for i, c in zip(opts, question.choices, strict=True) if c.text]
        chosen = draw(st.lists(st.sampled_from(lefts), unique=True))
        rights = list(matching_rights(question))
        return {"pairs": [{"left": left, "right": draw(st.sampled_from(rights))} for left in chosen]}
    return {"order": draw(st.permutations(opts))}


# The first draw of st.characters builds its tables and can trip the "too slow" check.
props = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


@props
@given(questions())
def test_generated_questions_are_well_formed(question):
    assert question_problems(question) == []


@props
@given(questions())
def test_key_scores_one(question):
    result = grade(question, key_answer(question))
    if question.type == "essay":
        assert result.fraction is None and result.needs_review
    else:
        assert result.fraction == 1


@props
@given(st.data())
def test_every_valid_answer_scores_within_bounds(data):
    question = data.draw(questions())
    answer = data.draw(valid_answers(question))
    validate_answer(question, answer)
    result = grade(question, answer)
    if question.type == "essay":
        assert result.fraction is None
    else:
        assert 0 <= result.fraction <= 1


@props
@given(questions(), junk)
def test_junk_is_rejected_or_scored_within_bounds(question, answer):
    """Arbitrary JSON never crashes the grader: it is an AnswerError or a valid score."""
    try:
        result = grade(question, answer)
    except AnswerError as error:
        assert str(error)
    else:
        assert result.fraction is None or 0 <= result.fraction <= 1


@props
@given(st.data())
def test_malformed_answers_raise(data):
    question = data.draw(questions())
    answer = data.draw(valid_answers(question))
    key = next(iter(answer))
    mutation = data.draw(st.sampled_from(["drop", "extra", "retype", "wrap"]))
    if mutation == "drop":
        bad = {}
    elif mutation == "extra":
        bad = {**answer, "sneaky": 1}
    elif mutation == "wrap":
        bad = [answer]
    else:
        bad = {key: {"nested": answer[key]}}
    with pytest.raises(AnswerError):
        grade(question, bad)


@props
@given(questions(kind="ordering"), st.data())
def test_ordering_reversed_scores_zero(question, data):
    assert grade(question, {"order": list(reversed(option_ids(question)))}).fraction == 0


@props
@given(questions(kind="numerical"), st.sampled_from([math.nan, math.inf, -math.inf, "1", None]))
def test_numerical_rejects_non_finite(question, value):
    with pytest.raises(AnswerError, match="must be a number"):
        grade(question, {"value": value})
