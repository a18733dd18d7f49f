"""config.cache: the Redis backend that keeps its clients, and the one-round-trip counter of the throttles."""

import os
import threading
import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from config.cache import RedisCache, count_hit


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL")
    if not url:
        if settings.CI:
            pytest.fail("CI=true but REDIS_URL is not set: the Redis cache tests must run in CI")
        pytest.skip("REDIS_URL is not set")
    cache = RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many([f"hits-{n}" for n in range(5)])


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.integration)])
def any_cache(request):
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    return LocMemCache(f"test-{uuid.uuid4().hex}", {})


def test_count_hit_counts_from_one(any_cache):
    assert [count_hit(any_cache, "hits-0", 60) for _ in range(4)] == [1, 2, 3, 4]
    assert count_hit(any_cache, "hits-1", 60) == 1  # each key its own counter
    assert any_cache.get("hits-0") == 4  # an ordinary cache value


def test_count_hit_adds_several_hits_at_once(any_cache):
    assert count_hit(any_cache, "hits-0", 60, 5) == 5
    assert count_hit(any_cache, "hits-0", 60, 5) == 10
    assert count_hit(any_cache, "hits-0", 60) == 11


def test_the_counter_expires(any_cache):
    count_hit(any_cache, "hits-0", 60)
    any_cache.touch("hits-0", 0)  # as if its time were up
    assert any_cache.get("hits-0") is None
    assert count_hit(any_cache, "hits-0", 60) == 1


@pytest.mark.integration
def test_a_counter_keeps_the_expiry_of_its_first_hit(redis_cache):
    count_hit(redis_cache, "hits-0", 600)
    redis_cache.touch("hits-0", 5)
    count_hit(redis_cache, "hits-0", 600)
    assert 0 < redis_cache._cache.get_client(write=True).ttl(redis_cache.make_key("hits-0")) <= 5


def test_counting_from_many_threads_loses_no_hit(any_cache):
    def hit():
        for _ in range(50):
            count_hit(any_cache, "hits-2", 60)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert any_cache.get("hits-2") == 400


@pytest.mark.integration
def test_the_redis_backend_keeps_one_client_per_pool(redis_cache):
    client = redis_cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    redis_cache.set("hits-3", {"a": 1})
    assert redis_cache.get("hits-3") == {"a": 1}
    assert redis_cache.get_many(["hits-3", "hits-4"]) == {"hits-3": {"a": 1}}


@pytest.mark.integration
def test_the_default_cache_counts_in_one_round_trip(redis_cache, monkeypatch):
    from django.core.cache import cache  # what the throttles use: a proxy of the configured backend

    assert isinstance(cache._connections["default"], RedisCache)
    monkeypatch.setattr(RedisCache, "incr", None)  # Django's INCR is two round trips (EXISTS, INCRBY)
    key = f"hits-{uuid.uuid4().hex}"
    assert [count_hit(cache, key, 60) for _ in range(3)] == [1, 2, 3]
    cache.delete(key)


# ---------------------------------------------------------------- versioned entries


@pytest.mark.django_db  # bump() waits for the commit of its transaction
def test_a_versioned_entry_is_built_once_per_version_of_each_of_its_keys():
    from config.cache import bump, versioned

    built = []

    def build():
        built.append(1)
        return len(built)

    def get():
        return versioned("entry", ("version-a", "version-b"), build, 60)

    assert [get(), get()] == [1, 1]
    bump("version-b")
    assert [get(), get()] == [2, 2]
    bump("version-a")
    assert get() == 3
    assert versioned("entry", "version-a", build, 60) == 4  # one key only: another entry's versions


@pytest.mark.django_db  # bump() waits for the commit of its transaction
def test_an_entry_kept_in_the_process_is_the_same_object_until_its_version_changes_here_or_a_second_later(monkeypatch):
    from django.core.cache import cache

    from config.cache import bump, in_process, versioned_in_process

    def get():
        return versioned_in_process("entry", "version-a", lambda: {"built": len(built)}, 60)

    built = []
    first = get()
    built.append(1)
    assert get() is first  # no unpickling: the process's own copy
    monkeypatch.setattr(in_process, "entries", {})  # another process: the shared entry, no build
    assert get() == first and get() is not first
    bump("version-a")  # this process's own change: seen at once
    assert get() == {"built": 1}
    built.append(2)
    cache.set("version-a", "another process's change")
    assert get() == {"built": 1}  # within the second: the versions this process read
    monkeypatch.setattr(in_process, "VERSION_SECONDS", 0)  # a second later: read again
    assert get() == {"built": 2}
    cache.clear()
    assert get() == {"built": 2} and len(in_process.entries) == 1


@pytest.mark.django_db  # bump() waits for the commit of its transaction
def test_current_fetches_several_entries_and_says_none_for_the_missing_or_stale():
    from config.cache import bump, current, versioned

    versioned("one", "version-a", lambda: "first", 60)
    versioned("two", ("version-a", "version-b"), lambda: "second", 60)
    assert current(("one", "version-a"), ("two", ("version-a", "version-b")), ("three", "version-a")) == [
        "first",
        "second",
        None,
    ]
    bump("version-b")
    assert current(("one", "version-a"), ("two", ("version-a", "version-b"))) == ["first", None]
    versioned("nothing", "version-a", lambda: None, 60)  # a value of None ("no such brief") is cached...
    assert versioned("nothing", "version-a", lambda: "rebuilt", 60) is None
    assert current(("nothing", "version-a")) == [None]  # ...and reads as missing here


@pytest.mark.django_db(transaction=True)  # no test transaction around it: autocommit, as in a worker
def test_a_bump_outside_a_transaction_replaces_the_version_once(monkeypatch):
    from django.core.cache import cache
    from django.db import transaction

    from config.cache import bump, version

    before = version("version-a")
    writes = []
    real = cache.set_many
    monkeypatch.setattr(cache, "set_many", lambda data, **kw: writes.append(data) or real(data, **kw))
    bump("version-a")
    assert len(writes) == 1 and version("version-a") != before
    with transaction.atomic():
        bump("version-a")
    assert len(writes) == 3  # inside a transaction: now, and again after its commit
