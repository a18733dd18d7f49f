"""config.cache: values built once per version of the data they come from, on the cache every process shares."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django_redis.cache import RedisCache

from config import cache as helper
from config.cache import bump, cached

pytestmark = pytest.mark.django_db  # bump() also replaces versions when a transaction commits


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.integration)])
def shared(request, monkeypatch):
    """The cache behind the helper: this process's memory (make run), or Redis (the full stack)."""
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            if settings.CI:
                pytest.fail("CI=true but REDIS_URL is not set: the Redis cache tests must run in CI")
            pytest.skip("REDIS_URL is not set")
        backend = RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    else:
        backend = LocMemCache(f"test-{uuid.uuid4().hex}", {})
    monkeypatch.setattr(helper, "cache", backend)
    yield backend
    backend.delete_many(["entry", "nothing", "version-a", "version-b"])  # clear() would empty all of Redis's db


def counter():
    built = []

    def build():
        built.append(1)
        return len(built)

    return build


def test_an_entry_is_built_once_per_version_of_each_of_its_keys(shared):
    build = counter()

    def get():
        return cached("entry", ("version-a", "version-b"), build, 60)

    assert [get(), get()] == [1, 1]
    bump("version-b")
    assert [get(), get()] == [2, 2]
    bump("version-a")
    assert get() == 3
    assert cached("entry", ("version-a",), build, 60) == 4  # the same key under other versions: built again


def test_a_bump_from_another_process_is_seen_on_the_next_read(shared):
    """Versions live in the shared cache only: what another process (another client of it) changes applies here."""
    build = counter()
    assert cached("entry", ("version-a",), build, 60) == 1
    shared.set("version-a", "another process's change")
    assert cached("entry", ("version-a",), build, 60) == 2


def test_none_is_a_value_like_any_other(shared):
    assert cached("nothing", ("version-a",), lambda: None, 60) is None  # "no such brief" is cached...
    assert cached("nothing", ("version-a",), lambda: "rebuilt", 60) is None  # ...not built again


def test_the_timeout_may_depend_on_the_value(shared):
    cached("entry", ("version-a",), lambda: 0, lambda value: value)  # a timeout of 0: not kept
    assert cached("entry", ("version-a",), lambda: 5, 60) == 5


def test_a_lost_version_makes_a_new_one(shared):
    """A flushed or evicted version is started again: an entry built under the old one is never served."""
    build = counter()
    cached("entry", ("version-a",), build, 60)
    shared.delete("version-a")
    assert cached("entry", ("version-a",), build, 60) == 2


def test_a_bump_inside_a_transaction_replaces_the_version_again_at_commit(shared, django_capture_on_commit_callbacks):
    """Another request may build an entry from the old rows between the bump and the commit: it must not last."""
    build = counter()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        bump("version-a")
        assert cached("entry", ("version-a",), build, 60) == 1  # built before the commit...
    assert cached("entry", ("version-a",), build, 60) == 2  # ...replaced once the rows are there for all
