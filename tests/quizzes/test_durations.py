"""Time limits in minutes and students' extra time (quizzes.durations): plain functions, many cases and properties."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.durations import Allowance, allowed_time, duration_label, minutes_of, most_generous


@pytest.mark.parametrize(
    ("limit", "label"),
    [
        (None, ""),
        (timedelta(seconds=30), "30 seconds"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(minutes=60), "1 hour"),
        (timedelta(minutes=90), "1 h 30 min"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(minutes=29, seconds=1), "30 minutes"),  # never shown shorter than it is
    ],
)
def test_a_time_limit_reads_as_people_say_it(limit, label):
    assert duration_label(limit) == label


@pytest.mark.parametrize(
    ("allowance", "limit"),
    [
        (None, timedelta(minutes=30)),
        (Allowance(extra_minutes=15), timedelta(minutes=45)),
        (Allowance(multiplier=1.5), timedelta(minutes=45)),
        (Allowance(multiplier=2), timedelta(hours=1)),
        (Allowance(extra_minutes=0), timedelta(minutes=30)),
    ],
)
def test_extra_time_lengthens_the_limit(allowance, limit):
    assert allowed_time(timedelta(minutes=30), allowance) == limit


def test_no_limit_stays_none_whatever_the_allowance():
    assert allowed_time(None, Allowance(extra_minutes=30)) is None


def test_the_most_generous_allowance_wins():
    assert most_generous([None, Allowance(extra_minutes=10), Allowance(multiplier=1.5)]) == Allowance(multiplier=1.5)
    assert most_generous([None, None]) is None


@given(st.integers(min_value=1, max_value=10_000))
def test_whole_minutes_round_trip(minutes):
    assert minutes_of(timedelta(minutes=minutes)) == minutes
    label = duration_label(timedelta(minutes=minutes))
    hours, rest = divmod(minutes, 60)
    assert (str(rest) in label if rest else True) and (str(hours) in label if hours else True)


@given(
    st.integers(min_value=1, max_value=600),
    st.one_of(st.none(), st.integers(min_value=0, max_value=600)),
    st.one_of(st.none(), st.floats(min_value=1, max_value=10)),
)
def test_an_allowance_never_shortens_the_limit(minutes, extra, multiplier):
    limit = timedelta(minutes=minutes)
    assert allowed_time(limit, Allowance(extra_minutes=extra, multiplier=multiplier)) >= limit
