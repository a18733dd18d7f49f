"""The Redis cache backend without a cost Django's has on every call, a counter in one round trip, and
versioned entries."""

import threading
import time
from collections.abc import Callable
from hashlib import sha256
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.core.cache.backends import redis
from django.db import transaction

T = TypeVar("T")


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and building one (its table of
    some 170 response callbacks) cost more CPU than the round trip to Redis itself. A `redis.Redis` is
    only a pool and those callbacks, safe to share between threads: keep one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._scripts = {}

    # INCRBY, and EXPIRE on the first hits, as one command: cheaper for the client than a pipeline of the two.
    COUNT_HIT = """local n = redis.call('INCRBY', KEYS[1], ARGV[2])
    if n == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    return n"""

    def count_hit(self, key: str, timeout: int, hits: int = 1) -> int:
        """`count_hit` in one round trip (a script, sent by its hash once Redis knows it)."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(self.COUNT_HIT)
        return script(keys=[key], args=[timeout, hits])


def count_hit(cache, key: str, timeout: int, hits: int = 1) -> int:
    """Add `hits` to the counter `key`, which expires `timeout` seconds after its first hits; the new count."""
    if hasattr(cache, "count_hit"):  # `cache` may be Django's proxy of the default cache: no isinstance
        return cache.count_hit(key, timeout, hits)
    try:
        return cache.incr(key, hits)
    except ValueError:  # the counter's first hits
        return hits if cache.add(key, hits, timeout) else cache.incr(key, hits)


class RequestNumbers:
    """Numbers for the requests of one process, claimed from shared counters (`count_hit`) a block at a time.

    Blocks of different processes never overlap, so no two requests anywhere get the same number, and no
    more requests than the rate are let through in a window. The numbers a process claimed but did not use
    are lost: a user may be refused a few requests before the rate (at most a block less one per process),
    so a block is at most a hundredth of the rate, and a rate under 200 gets blocks of one (exact)."""

    MAX_BLOCK = 10
    PURGE_AT = 1000  # blocks kept before those of past windows are dropped

    def __init__(self):
        self._lock = threading.Lock()
        self._blocks: dict[str, list] = {}  # counter key → [next number, last number, until]
        self._purge_at = self.PURGE_AT

    @classmethod
    def block_for(cls, rate: int) -> int:
        return max(1, min(cls.MAX_BLOCK, rate // 100))

    def take(self, cache, key: str, *, block: int, until: float) -> int:
        """The next number of counter `key`, which is needed until the time `until` (then it may expire)."""
        with self._lock:
            numbers = self._blocks.get(key)
            if numbers is not None and numbers[0] <= numbers[1]:
                numbers[0] += 1
                return numbers[0] - 1
        last = count_hit(cache, key, int(until - time.time()) + 1, block)
        with self._lock:
            if len(self._blocks) >= self._purge_at:
                now = time.time()
                self._blocks = {k: v for k, v in self._blocks.items() if v[2] > now}
                # Next time at twice what is left: with thousands of users in the current windows, purging at a
                # fixed size went through all their blocks on every claim (a quarter of a quiz's CPU at 5,000).
                self._purge_at = max(self.PURGE_AT, 2 * len(self._blocks))
            self._blocks[key] = [last - block + 2, last, until]
        return last - block + 1


request_numbers = RequestNumbers()  # this process's


# ---------------------------------------------------------------- versioned entries
# Data that changes rarely (briefs and topics, quizzes and their questions) is cached under a version: one
# cache key holding a random string that every change replaces (`bump`, from a save or delete signal, or a
# service writing in bulk). An entry built under another version is never served again, so nothing has to
# find and delete the entries a change made stale.


def key_for(prefix: str, text: str) -> str:
    """A cache key for any text (a slug, an address): hashed, so its length and characters never matter."""
    return f"{prefix}:{sha256(text.encode()).hexdigest()}"


def version(version_key: str) -> str:
    return cache.get_or_set(version_key, lambda: uuid4().hex, timeout=None)


def bump(*version_keys: str) -> None:
    """Now, for this transaction's own reads, and again after commit: an entry built by another request
    between the two (from the old rows) went under the version that the second bump replaces. Outside a
    transaction (after a commit, as the grader bumps) the first is all there is to do."""

    def replace():
        cache.set_many({key: uuid4().hex for key in version_keys}, timeout=None)
        in_process.forget(version_keys)  # this process sees its own change at once

    replace()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(replace)


def versioned(
    key: str, version_keys: str | tuple[str, ...], build: Callable[[], T], timeout: int | Callable[[T], int]
) -> T:
    """`build()`, cached under `key` for the current versions of `version_keys` (one, or several when the
    entry is made of several kinds of data): one round trip (the entry and the versions together) when the
    entry is current. `timeout` may depend on what was built: a function of it."""
    keys = _keys(version_keys)
    found = cache.get_many([*keys, key])
    versions, value = _current(found, key, keys)
    if value is _MISSING:
        value = build()
        cache.set(key, (versions, value), timeout(value) if callable(timeout) else timeout)
    return value


class _InProcess:
    """Entries of `versioned_in_process`, kept in this process's memory with the versions they were built under,
    and the versions themselves, read from the cache at most once a VERSION_SECONDS."""

    MAX_ENTRIES = 256  # then all are dropped: the ones in use come back at their next read
    VERSION_SECONDS = 1.0

    def __init__(self):
        self.entries: dict[str, tuple[tuple, object]] = {}
        self.versions: dict[str, tuple[float, str]] = {}  # version key → (read at, version)

    def get(self, key: str, versions: tuple):
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == versions else _MISSING

    def put(self, key: str, versions: tuple, value) -> None:
        if len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
        self.entries[key] = (versions, value)

    def current_versions(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        now = time.monotonic()
        known = [self.versions.get(k) for k in keys]
        if all(v is not None and now - v[0] < self.VERSION_SECONDS for v in known):
            return tuple(v[1] for v in known)
        found = cache.get_many(list(keys))
        versions = tuple(found.get(k) or version(k) for k in keys)
        self.versions.update({k: (now, v) for k, v in zip(keys, versions, strict=True)})
        return versions

    def forget(self, version_keys) -> None:
        for key in version_keys:
            self.versions.pop(key, None)


in_process = _InProcess()


def versioned_in_process(
    key: str, version_keys: str | tuple[str, ...], build: Callable[[], T], timeout: int | Callable[[T], int]
) -> T:
    """`versioned`, with the entry also kept in this process's memory, and its versions read from the cache at most
    once a second: a current entry costs no round trip at all, where the cached JSON of a brief (or the unpickling
    of a quiz with its questions) cost more than the rest of the request. A change made in this process is seen at
    once (`bump` forgets the versions it replaces); one made in another process, within a second. The value is
    shared by the process's requests: callers must not change it."""
    keys = _keys(version_keys)
    versions = in_process.current_versions(keys)
    value = in_process.get(key, versions)
    if value is _MISSING:
        value = versioned(key, version_keys, build, timeout)
        in_process.put(key, versions, value)  # if a change came between the two reads, the next read builds again
    return value


def current(*entries: tuple[str, str | tuple[str, ...]]) -> list:
    """For (key, version keys) pairs, each entry's value if it is current, else None: several entries in one
    round trip, for a caller that then builds what is missing with `versioned`."""
    wanted = [(key, _keys(version_keys)) for key, version_keys in entries]
    found = cache.get_many(list(dict.fromkeys(k for key, keys in wanted for k in (*keys, key))))
    values = [_current(found, key, keys)[1] for key, keys in wanted]
    return [None if value is _MISSING else value for value in values]


def _keys(version_keys: str | tuple[str, ...]) -> tuple[str, ...]:
    return (version_keys,) if isinstance(version_keys, str) else version_keys


_MISSING = object()  # no current entry (None may be a value: "no such brief")


def _current(found: dict, key: str, version_keys: tuple[str, ...]) -> tuple[tuple, object]:
    """The current versions, and the entry's value if it was built under them (else _MISSING)."""
    versions = tuple(found.get(k) or version(k) for k in version_keys)
    entry = found.get(key)
    return versions, entry[1] if entry is not None and entry[0] == versions else _MISSING
