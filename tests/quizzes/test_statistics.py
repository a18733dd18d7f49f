"""Quiz statistics (quizzes.statistics) against a small example worked by hand, and its edge cases.

The example: three right/wrong questions of 1 point, four attempts scoring (1,1,1), (1,1,0), (1,0,0), (0,0,0).
Totals 3, 2, 1, 0 of 3: mean 1.5 (50 %), median 50 %, sample variance 5/3, SD 1.2910 (43.03 %), skewness 0.
Questions: facilities 75, 50, 25 %; sample variances 1/4, 1/3, 1/4 (SD 50, 57.74, 50 %); alpha (KR-20)
= 3/2 · (1 − (5/6)/(5/3)) = 0.75; SEM = 43.03 · √0.25 = 21.52 %. Discrimination, r(x, T − x): question 1: x = 1,1,1,0
and rest = 2,1,0,0, Σdx·dr = 0.75, Σdx² = 0.75, Σdr² = 2.75, r = 0.75/√2.0625 = 0.5222; question 2: 1/√2 = 0.7071;
question 3: 0.5222."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.statistics import Accumulator

POINTS = {1: 1.0, 2: 1.0, 3: 1.0}
ROWS = [(1, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0)]


def feed(rows, points=POINTS, picks=None):
    acc = Accumulator(points)
    for row in rows:
        acc.add(sum(row), sum(points.values()), dict(zip(points, row, strict=True)), picks)
    return acc


def test_the_quiz_figures_match_the_hand_computed_example():
    result = feed(ROWS).result()
    assert result["attempts"] == 4 and result["awaiting_marking"] == 0
    assert result["mean"] == pytest.approx(50)
    assert result["median"] == pytest.approx(50)
    assert result["sd"] == pytest.approx(43.033, abs=1e-3)
    assert result["skewness"] == pytest.approx(0, abs=1e-9)
    assert result["alpha"] == pytest.approx(0.75)
    assert result["sem"] == pytest.approx(21.517, abs=1e-3)
    assert [b["count"] for b in result["histogram"]] == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]


def test_the_question_figures_match_the_hand_computed_example():
    questions = feed(ROWS).result()["questions"]
    assert [questions[q]["facility"] for q in (1, 2, 3)] == pytest.approx([75, 50, 25])
    assert [questions[q]["sd"] for q in (1, 2, 3)] == pytest.approx([50, 57.735, 50], abs=1e-3)
    assert [questions[q]["discrimination"] for q in (1, 2, 3)] == pytest.approx([52.223, 70.711, 52.223], abs=1e-3)


def test_options_picked_are_counted():
    acc = Accumulator({1: 1.0})
    for key in ["a", "a", "b"]:
        acc.add(1.0 if key == "a" else 0.0, 1.0, {1: 1.0 if key == "a" else 0.0}, {1: [key]})
    assert acc.result()["questions"][1]["picks"] == {"a": 2, "b": 1}


def test_one_attempt_gives_what_one_attempt_can():
    result = feed([(1, 0, 1)]).result()
    assert (result["attempts"], result["mean"], result["median"]) == (1, pytest.approx(200 / 3), pytest.approx(66.67))
    assert result["sd"] is None and result["skewness"] is None and result["alpha"] is None and result["sem"] is None
    assert result["questions"][1]["discrimination"] is None and result["questions"][2]["facility"] == 0


def test_everyone_scoring_the_same_has_no_spread_and_no_correlation():
    result = feed([(1, 1, 0)] * 5).result()
    assert result["sd"] == 0 and result["skewness"] is None and result["alpha"] is None
    assert result["questions"][1]["facility"] == 100 and result["questions"][3]["facility"] == 0
    assert all(q["discrimination"] is None for q in result["questions"].values())


def test_attempts_waiting_for_an_essay_are_counted_apart():
    acc = feed(ROWS)
    acc.wait()
    result = acc.result()
    assert result["attempts"] == 4 and result["awaiting_marking"] == 1 and result["mean"] == pytest.approx(50)


def test_no_attempts():
    result = Accumulator(POINTS).result()
    assert result["attempts"] == 0 and result["mean"] is None and result["median"] is None and result["questions"] == {}


scores = st.lists(st.tuples(*[st.sampled_from([0.0, 0.5, 1.0])] * 3), min_size=1, max_size=40)


@given(scores)
def test_figures_stay_in_their_ranges(rows):
    result = feed(rows).result()
    assert 0 <= result["mean"] <= 100 and 0 <= result["median"] <= 100
    assert sum(b["count"] for b in result["histogram"]) == len(rows)
    for q in result["questions"].values():
        assert 0 <= q["facility"] <= 100
        assert q["discrimination"] is None or -100 - 1e-6 <= q["discrimination"] <= 100 + 1e-6
    if result["alpha"] is not None:
        assert result["alpha"] <= 1 + 1e-9


@given(scores)
def test_the_median_is_the_middle_of_the_sorted_totals(rows):
    totals = sorted(round(100 * sum(r) / 3, 2) for r in rows)
    n = len(totals)
    expected = totals[n // 2] if n % 2 else (totals[n // 2 - 1] + totals[n // 2]) / 2
    assert feed(rows).result()["median"] == pytest.approx(expected)
