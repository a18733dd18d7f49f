"""The review rule (quizzes.review), pure: what a student may see of their finished work."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes import review

NOW = datetime(2030, 3, 1, tzinfo=UTC)
POLICIES = [review.AFTER_SUBMISSION, review.AFTER_DUE, review.SCORE_ONLY, review.NEVER]


@pytest.mark.parametrize(
    ("policy", "is_closed", "want"),
    [
        (review.AFTER_SUBMISSION, False, (True, True, True)),
        (review.AFTER_DUE, False, (True, False, False)),
        (review.AFTER_DUE, True, (True, True, True)),
        (review.SCORE_ONLY, True, (True, False, False)),
        (review.NEVER, True, (False, False, False)),
    ],
)
def test_visibility_by_policy(policy, is_closed, want):
    shown = review.visibility(policy, submitted=True, is_closed=is_closed)
    assert (shown.score, shown.feedback, shown.correct) == want


@pytest.mark.parametrize(
    ("open_attempt", "due", "left", "want"),
    [
        (True, NOW - timedelta(days=1), 0, False),  # an open attempt keeps it open, whatever the rest
        (False, NOW - timedelta(seconds=1), 3, True),  # the due date passed
        (False, NOW + timedelta(seconds=1), 0, False),  # a due date ahead wins over no attempts left
        (False, None, 0, True),
        (False, None, 1, False),
        (False, None, None, False),  # unlimited attempts and no due date: never closed
    ],
)
def test_closed(open_attempt, due, left, want):
    assert review.closed(open_attempt=open_attempt, due=due, now=NOW, attempts_left=left) is want


@given(st.sampled_from(POLICIES), st.booleans(), st.booleans())
def test_each_level_implies_the_one_before(policy, submitted, is_closed):
    shown = review.visibility(policy, submitted=submitted, is_closed=is_closed)
    assert not shown.correct or shown.feedback
    assert not shown.feedback or shown.score
    assert shown.score == (submitted and review.shows_score(policy))


@given(st.sampled_from(POLICIES), st.booleans())
def test_a_key_is_studied_only_when_shown_and_closed(policy, is_closed):
    studyable = review.key_studyable(policy, is_closed=is_closed)
    assert studyable == (is_closed and policy in (review.AFTER_SUBMISSION, review.AFTER_DUE))
