"""The Redis cache backend without a cost Django's has on every call, a counter in one round trip, and
versioned entries."""

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

    # INCR, and EXPIRE on the first hit, as one command: cheaper for the client than a pipeline of the two.
    COUNT_HIT = """local n = redis.call('INCR', KEYS[1])
    if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    return n"""

    def count_hit(self, key: str, timeout: int) -> int:
        """`count_hit` in one round trip (a script, sent by its hash once Redis knows it)."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(self.COUNT_HIT)
        return script(keys=[key], args=[timeout])


def count_hit(cache, key: str, timeout: int) -> int:
    """Add one to the counter `key`, which expires `timeout` seconds after its first hit; the new count."""
    if hasattr(cache, "count_hit"):  # `cache` may be Django's proxy of the default cache: no isinstance
        return cache.count_hit(key, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the counter's first hit
        return 1 if cache.add(key, 1, timeout) else cache.incr(key)


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


def bump(version_key: str) -> None:
    """Now, for this transaction's own reads, and again after commit: an entry built by another request
    between the two (from the old rows) went under the version that the second bump replaces."""
    cache.set(version_key, uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(version_key, uuid4().hex, timeout=None))


def versioned(key: str, version_key: str, build: Callable[[], T], timeout: int) -> T:
    """`build()`, cached under `key` for the current version of `version_key`: one round trip (the entry
    and the version together) when the entry is current."""
    found = cache.get_many([version_key, key])
    current = found.get(version_key) or version(version_key)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = build()
    cache.set(key, (current, value), timeout)
    return value
