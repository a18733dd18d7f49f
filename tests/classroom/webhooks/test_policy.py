"""classroom.webhooks.policy: the retry schedule, what counts as success, and which addresses are refused."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.webhooks import policy


@given(attempts=st.integers(1, 200), seed=st.integers())
def test_a_retry_waits_between_half_and_all_of_an_exponential_step_capped_at_two_hours(attempts, seed):
    delay = policy.retry_delay(attempts, rng=random.Random(seed))
    step = min(policy.FIRST_DELAY * 2 ** (attempts - 1), policy.MAX_DELAY)
    assert step / 2 <= delay <= step


def test_the_schedule_grows_then_is_capped_and_24_hours_hold_about_twenty_tries():
    upper = [policy.retry_delay(n, rng=_fixed(0.999)) for n in range(1, 40)]
    assert upper[:4] == pytest.approx([5, 10, 20, 40], rel=0.01)
    assert max(upper) <= policy.MAX_DELAY
    elapsed, tries = 0.0, 0
    while elapsed < policy.RETRY_FOR.total_seconds():
        tries += 1
        elapsed += policy.retry_delay(tries, rng=_fixed(0.5))
    assert 15 <= tries <= 30


def test_jitter_spreads_deliveries_that_failed_together():
    rng = random.Random(1)
    assert len({round(policy.retry_delay(3, rng=rng), 3) for _ in range(100)}) > 90


@pytest.mark.parametrize(("status", "ok"), [(200, True), (204, True), (299, True), (301, False), (404, False),
                                            (500, False), (None, False), (199, False)])  # fmt: skip
def test_only_a_2xx_answer_is_a_success(status, ok):
    assert policy.succeeded(status) is ok


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1",  # noqa: S104
     "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "100.64.0.1", "224.0.0.1", "255.255.255.255"],
)  # fmt: skip
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    assert policy.refused_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert not policy.refused_address(address)


def _fixed(value: float) -> random.Random:
    rng = random.Random()
    rng.random = lambda: value
    return rng
