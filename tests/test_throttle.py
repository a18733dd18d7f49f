"""config.cache.RequestNumbers: request numbers for the throttles, claimed by each process a block at a time."""

import threading
import time
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from hypothesis import given
from hypothesis import strategies as st

from config.cache import RequestNumbers

LATER = 10**10  # an `until` that never comes


def _cache():
    return LocMemCache(f"test-{uuid.uuid4().hex}", {})


@pytest.mark.parametrize(
    ("rate", "block"), [(1, 1), (5, 1), (60, 1), (199, 1), (200, 2), (450, 4), (2000, 10), (10**6, 10)]
)
def test_blocks_are_a_hundredth_of_the_rate_at_most(rate, block):
    assert RequestNumbers.block_for(rate) == block


def test_one_process_numbers_its_requests_one_by_one_with_one_claim_per_block():
    cache = _cache()
    numbers = RequestNumbers()
    assert [numbers.take(cache, "k", block=4, until=LATER) for _ in range(10)] == list(range(1, 11))
    assert cache.get("k") == 12  # three blocks claimed: 1–4, 5–8, 9–12
    assert numbers.take(cache, "other", block=4, until=LATER) == 1  # each counter its own numbers


def test_blocks_of_two_processes_never_overlap():
    cache = _cache()
    a, b = RequestNumbers(), RequestNumbers()
    assert [a.take(cache, "k", block=3, until=LATER) for _ in range(2)] == [1, 2]
    assert [b.take(cache, "k", block=3, until=LATER) for _ in range(4)] == [4, 5, 6, 7]
    assert a.take(cache, "k", block=3, until=LATER) == 3  # the rest of a's block
    assert a.take(cache, "k", block=3, until=LATER) == 10  # b holds 7–9


@given(
    block=st.integers(1, 10),
    takers=st.lists(st.integers(0, 2), min_size=1, max_size=200),  # which of three processes asks, in turn
)
def test_no_number_is_given_twice_and_few_are_lost(block, takers):
    cache = _cache()
    processes = [RequestNumbers() for _ in range(3)]
    given_out = [processes[i].take(cache, "k", block=block, until=LATER) for i in takers]
    assert len(set(given_out)) == len(given_out)
    assert min(given_out) >= 1
    claimed = cache.get("k")
    assert max(given_out) <= claimed
    # Only the unused ends of the blocks the processes still hold are lost: fewer than a block each.
    assert claimed - len(given_out) <= len(set(takers)) * (block - 1)
    # Hence the throttle: with a rate of r, no more than r requests get a number of at most r.
    rate = len(given_out) // 2
    assert sum(n <= rate for n in given_out) <= rate


def test_threads_of_one_process_share_its_blocks_without_a_duplicate():
    cache = _cache()
    numbers = RequestNumbers()
    got, lock = [], threading.Lock()

    def work():
        mine = [numbers.take(cache, "k", block=5, until=LATER) for _ in range(100)]
        with lock:
            got.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(got)) == 800
    assert cache.get("k") - 800 < 8 * 5  # two threads may claim at once: the block one replaces is lost


def test_blocks_of_past_windows_are_dropped(monkeypatch):
    monkeypatch.setattr(RequestNumbers, "PURGE_AT", 3)
    cache = _cache()
    numbers = RequestNumbers()
    past = time.time() - 1
    for key in ("old-1", "old-2"):
        numbers.take(cache, key, block=5, until=past)
    numbers.take(cache, "current", block=5, until=LATER)
    numbers.take(cache, "new", block=5, until=LATER)  # the fourth block: the two past ones go
    assert set(numbers._blocks) == {"current", "new"}


def test_many_current_blocks_are_not_gone_through_on_every_claim(monkeypatch):
    """Thousands of users in the current window: a purge that finds every block current comes again only once
    their number has doubled, not at the next claim."""
    monkeypatch.setattr(RequestNumbers, "PURGE_AT", 4)
    cache, numbers, purges = _cache(), RequestNumbers(), []
    for n in range(40):  # purged at 4, 8, 16 and 32 blocks, all current
        numbers.take(cache, f"user-{n}", block=1, until=LATER)
    numbers._blocks = _Watched(purges, numbers._blocks)
    for n in range(40, 60):
        numbers.take(cache, f"user-{n}", block=1, until=LATER)
    assert len(numbers._blocks) == 60 and purges == []  # the next purge is at 64


class _Watched(dict):
    """A dict of blocks that records each purge (a purge goes through its items)."""

    def __init__(self, purges, blocks):
        super().__init__(blocks)
        self.purges = purges

    def items(self):
        self.purges.append(len(self))
        return super().items()
