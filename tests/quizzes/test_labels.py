"""quizzes.labels: points and percentages as a reader reads them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.labels import percent_label, points_label


@pytest.mark.parametrize(
    ("points", "label"), [(1, "1 point"), (1.0, "1 point"), (2, "2 points"), (0.5, "0.5 points"), (2.5, "2.5 points")]
)
def test_points_label(points, label):
    assert points_label(points) == label


@pytest.mark.parametrize(("percent", "label"), [(90.47619, "90.5 %"), (100, "100.0 %"), (0, "0.0 %"), (None, "—")])
def test_percent_label_has_one_decimal(percent, label):
    assert percent_label(percent) == label


@given(st.floats(0, 100))
def test_every_percent_has_exactly_one_decimal(percent):
    number = percent_label(percent).removesuffix(" %")
    assert len(number.split(".")[1]) == 1 and abs(float(number) - percent) <= 0.05 + 1e-9
